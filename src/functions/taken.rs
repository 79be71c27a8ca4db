//! The userNames held during a run, for `unique`: an exact set that stays small for a
//! million names.

use hashbrown::HashTable;
use std::borrow::Cow;
use std::hash::BuildHasher;

/// The names packed one after another in blocks of this size, so growing the set never
/// copies the names already held nor leaves half a doubled buffer unused.
const BLOCK_BYTES: usize = 1 << 20;

/// A set of names compared without regard to case (SCIM `userName` is not
/// case-sensitive), stored lower-case.
///
/// Each name costs its bytes plus 18 to 27: a name is written once, after its length,
/// into a large block, and the hash table holds only where it is. A `HashSet<String>`
/// costs about 115 bytes a name, which a run of a million records notices.
///
/// ```
/// use datamapper::functions::TakenNames;
/// let mut taken = TakenNames::default();
/// taken.insert("Jan.Berg@acme.example");
/// assert!(taken.contains("jan.berg@ACME.example"));
/// assert!(!taken.contains("jan.berg2@acme.example"));
/// ```
#[derive(Default)]
pub struct TakenNames {
    blocks: Vec<Vec<u8>>,
    /// Where each name is: its block in the high 32 bits, its offset in the low 32.
    places: HashTable<u64>,
    hasher: hashbrown::DefaultHashBuilder,
    /// For a candidate that `unique` had to number, as written: a number such that all
    /// its numbered forms from 2 up to below it are held. Names are never let go, so
    /// this stays true, and the next record that numbers the same candidate starts
    /// there instead of looking up every number again.
    numbered_from: hashbrown::HashMap<Box<str>, u64>,
}

impl TakenNames {
    /// Whether the name is held, in any case.
    pub fn contains(&self, name: &str) -> bool {
        self.contains_lowercase(&lowercase(name))
    }

    /// Holds the name from now on.
    pub fn insert(&mut self, name: &str) {
        self.insert_lowercase(&lowercase(name));
    }

    /// How many names are held.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The names held, lower-case, in the order they were first held.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.blocks
            .iter()
            .flat_map(|block| BlockNames { block, at: 0 })
    }

    /// `contains` for a name that is lower-case already.
    pub(crate) fn contains_lowercase(&self, name: &str) -> bool {
        let hash = self.hasher.hash_one(name.as_bytes());
        self.places
            .find(hash, |&place| self.name_at(place) == name.as_bytes())
            .is_some()
    }

    /// Hashes the name once and looks for it once: every record that maps holds a name.
    fn insert_lowercase(&mut self, name: &str) {
        let hash = self.hasher.hash_one(name.as_bytes());
        let TakenNames {
            blocks,
            places,
            hasher,
            ..
        } = self;
        let entry = places.entry(
            hash,
            |&place| stored_name(blocks, place) == name.as_bytes(),
            |&place| hasher.hash_one(stored_name(blocks, place)),
        );
        if let hashbrown::hash_table::Entry::Vacant(vacant) = entry {
            let place = store(blocks, name.as_bytes());
            vacant.insert(place);
        }
    }

    /// Where `unique` may start numbering `candidate`: every numbered form below it is
    /// held. 2 when nothing is known.
    pub(super) fn numbering_start(&self, candidate: &str) -> u64 {
        self.numbered_from.get(candidate).copied().unwrap_or(2)
    }

    /// Remembers that every numbered form of `candidate` from 2 up to below `number`
    /// is held.
    pub(super) fn note_numbered(&mut self, candidate: &str, number: u64) {
        // Looked up before inserting, so that a candidate already known is not copied.
        match self.numbered_from.get_mut(candidate) {
            Some(known) => *known = (*known).max(number),
            None => {
                self.numbered_from.insert(candidate.into(), number);
            }
        }
    }

    /// Takes over every name and numbering hint of `lately`, which is left empty with
    /// its memory kept for the next batch.
    pub(crate) fn settle(&mut self, lately: &mut TakenNames) {
        for block in &lately.blocks {
            for name in (BlockNames { block, at: 0 }) {
                self.insert_lowercase(name);
            }
        }
        for (candidate, number) in lately.numbered_from.drain() {
            self.note_numbered(&candidate, number);
        }
        lately.places.clear();
        lately.blocks.truncate(1);
        if let Some(block) = lately.blocks.first_mut() {
            block.clear();
        }
    }

    fn name_at(&self, place: u64) -> &[u8] {
        stored_name(&self.blocks, place)
    }
}

const LENGTH_BYTES: usize = 8;

/// Writes the name, its length first, into a block with room for it, and says where.
fn store(blocks: &mut Vec<Vec<u8>>, name: &[u8]) -> u64 {
    let needed = name.len() + LENGTH_BYTES;
    let has_room = blocks
        .last()
        .is_some_and(|block| block.capacity() - block.len() >= needed);
    if !has_room {
        blocks.push(Vec::with_capacity(needed.max(BLOCK_BYTES)));
    }
    let index = blocks.len() - 1;
    let block = &mut blocks[index];
    let offset = block.len();
    block.extend_from_slice(&(name.len() as u64).to_le_bytes());
    block.extend_from_slice(name);
    // A block is at most one name or `BLOCK_BYTES` long, and there are fewer blocks
    // than names, so both halves fit their 32 bits for any input that fits in memory.
    ((index as u64) << 32) | offset as u64
}

/// The names written in one block, in order.
struct BlockNames<'a> {
    block: &'a [u8],
    at: usize,
}

impl<'a> Iterator for BlockNames<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.block.get(self.at..self.at + LENGTH_BYTES)?;
        let length = u64::from_le_bytes(<[u8; LENGTH_BYTES]>::try_from(bytes).ok()?) as usize;
        let start = self.at + LENGTH_BYTES;
        let name = self.block.get(start..start.saturating_add(length))?;
        self.at = start + length;
        // Every name came in as a `str`.
        std::str::from_utf8(name).ok()
    }
}

fn stored_name(blocks: &[Vec<u8>], place: u64) -> &[u8] {
    let block = blocks
        .get((place >> 32) as usize)
        .map_or(&[][..], Vec::as_slice);
    let offset = (place & u64::from(u32::MAX)) as usize;
    let Some(length) = block
        .get(offset..offset + LENGTH_BYTES)
        .and_then(|bytes| <[u8; LENGTH_BYTES]>::try_from(bytes).ok())
    else {
        return &[];
    };
    let start = offset + LENGTH_BYTES;
    let end = start.saturating_add(u64::from_le_bytes(length) as usize);
    block.get(start..end).unwrap_or(&[])
}

/// Lower-cases without copying a name that is lower-case ASCII already, as most are.
pub(super) fn lowercase(name: &str) -> Cow<'_, str> {
    if name
        .bytes()
        .any(|byte| !byte.is_ascii() || byte.is_ascii_uppercase())
    {
        Cow::Owned(name.to_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

impl std::fmt::Debug for TakenNames {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "TakenNames({} names)", self.len())
    }
}

impl PartialEq for TakenNames {
    fn eq(&self, other: &TakenNames) -> bool {
        self.len() == other.len() && self.iter().all(|name| other.contains_lowercase(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_does_not_matter() {
        let mut taken = TakenNames::default();
        taken.insert("Jan.Berg@Acme.example");
        assert!(taken.contains("jan.berg@acme.example"));
        assert!(taken.contains("JAN.BERG@ACME.EXAMPLE"));
        taken.insert("jan.berg@acme.example");
        assert_eq!(taken.len(), 1);
    }

    #[test]
    fn holds_every_name_across_blocks_and_growth() {
        let mut taken = TakenNames::default();
        for number in 0..200_000 {
            taken.insert(&format!("user{number}@example.org"));
        }
        assert!(taken.blocks.len() > 1);
        assert_eq!(taken.len(), 200_000);
        for number in (0..200_000).step_by(997) {
            assert!(taken.contains(&format!("USER{number}@example.org")));
        }
        assert!(!taken.contains("user200000@example.org"));
        assert_eq!(taken.iter().count(), 200_000);
        assert_eq!(taken.iter().nth(7), Some("user7@example.org"));
    }

    #[test]
    fn a_name_longer_than_a_block_gets_its_own() {
        let mut taken = TakenNames::default();
        let long = "x".repeat(BLOCK_BYTES + 10);
        taken.insert("short");
        taken.insert(&long);
        taken.insert("after");
        assert!(taken.contains(&long));
        assert!(taken.contains("short") && taken.contains("after"));
        assert!(!taken.contains(&long[1..]));
    }

    #[test]
    fn non_ascii_names_compare_lower_case() {
        let mut taken = TakenNames::default();
        taken.insert("ÖZGÜR@example.org");
        assert!(taken.contains("özgür@example.org"));
        assert!(taken.contains("ÖZGÜR@EXAMPLE.ORG"));
    }

    #[test]
    fn settling_takes_over_every_name_and_empties_the_lately_held() {
        let mut taken = TakenNames::default();
        taken.insert("jan");
        let mut lately = TakenNames::default();
        for number in 0..3000 {
            lately.insert(&format!("Name{number}"));
        }
        taken.settle(&mut lately);
        assert_eq!(taken.len(), 3001);
        assert!(taken.contains("name2999") && taken.contains("JAN"));
        assert!(lately.is_empty() && lately.iter().next().is_none());
        lately.insert("piet");
        taken.settle(&mut lately);
        assert_eq!(taken.len(), 3002);
    }
}
