//! The userNames held during a run, for `unique`: an exact set that stays small for a
//! million names, and the view of it that one record's evaluation gets.

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
    hasher: std::hash::RandomState,
    /// For a candidate that `unique` had to number, as written: a number such that all
    /// its numbered forms from 2 up to below it are held. Names are never let go, so
    /// this stays true, and the next record that numbers the same candidate starts
    /// there instead of looking up every number again.
    numbered_from: std::collections::HashMap<Box<str>, u64>,
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

    fn insert_lowercase(&mut self, name: &str) {
        if self.contains_lowercase(name) {
            return;
        }
        let place = self.store(name.as_bytes());
        let hash = self.hasher.hash_one(name.as_bytes());
        let TakenNames {
            blocks,
            places,
            hasher,
            ..
        } = self;
        places.insert_unique(hash, place, |&place| {
            hasher.hash_one(stored_name(blocks, place))
        });
    }

    /// Where `unique` may start numbering `candidate`: every numbered form below it is
    /// held. 2 when nothing is known.
    pub(crate) fn numbering_start(&self, candidate: &str) -> u64 {
        self.numbered_from.get(candidate).copied().unwrap_or(2)
    }

    /// Remembers that every numbered form of `candidate` from 2 up to below `number`
    /// is held.
    fn note_numbered(&mut self, candidate: &str, number: u64) {
        match self.numbered_from.get_mut(candidate) {
            Some(known) => *known = (*known).max(number),
            None => {
                self.numbered_from.insert(candidate.into(), number);
            }
        }
    }

    /// Writes the name, its length first, into a block with room for it.
    fn store(&mut self, name: &[u8]) -> u64 {
        let needed = name.len() + LENGTH_BYTES;
        let has_room = self
            .blocks
            .last()
            .is_some_and(|block| block.capacity() - block.len() >= needed);
        if !has_room {
            self.blocks
                .push(Vec::with_capacity(needed.max(BLOCK_BYTES)));
        }
        let index = self.blocks.len() - 1;
        let block = &mut self.blocks[index];
        let offset = block.len();
        block.extend_from_slice(&(name.len() as u64).to_le_bytes());
        block.extend_from_slice(name);
        // A block is at most one name or `BLOCK_BYTES` long, and there are fewer blocks
        // than names, so both halves fit their 32 bits for any input that fits in memory.
        ((index as u64) << 32) | offset as u64
    }

    fn name_at(&self, place: u64) -> &[u8] {
        stored_name(&self.blocks, place)
    }
}

const LENGTH_BYTES: usize = 8;

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
fn lowercase(name: &str) -> Cow<'_, str> {
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

/// What one record's evaluation sees of the taken names.
///
/// Every name found free is written down: a record mapped ahead of its turn, in
/// parallel with the records before it, saw only the names held when it started. When
/// its turn comes, it stands only if none of those names has been taken since;
/// otherwise it is mapped again. A name found taken stays taken, so it needs no note.
pub struct NameLookups<'run> {
    taken: &'run TakenNames,
    notes: &'run mut LookupNotes,
}

impl<'run> NameLookups<'run> {
    /// Looks names up in `taken`, writing what it found in `notes`.
    pub fn new(taken: &'run TakenNames, notes: &'run mut LookupNotes) -> NameLookups<'run> {
        NameLookups { taken, notes }
    }

    /// Whether another user holds the name, in any case.
    pub fn is_taken(&mut self, name: &str) -> bool {
        let name = lowercase(name);
        let taken = self.taken.contains_lowercase(&name);
        if !taken {
            self.notes.found_free.push(name.into_owned());
        }
        taken
    }

    /// The smallest number from which numbering `candidate` may start: every numbered
    /// form below it is known to be held.
    pub fn numbering_start(&self, candidate: &str) -> u64 {
        self.taken.numbering_start(candidate)
    }

    /// Notes that every numbered form of `candidate` from 2 up to below `number` was
    /// found held, for the records after this one.
    pub fn found_numbered_from(&mut self, candidate: &str, number: u64) {
        if number > self.taken.numbering_start(candidate) {
            self.notes.numbered.push((candidate.into(), number));
        }
    }
}

/// What one record's lookups of taken names found: the names found free, which must
/// still be free at the record's turn, and where numbering may start from now on.
#[derive(Debug, Default)]
pub struct LookupNotes {
    found_free: Vec<String>,
    numbered: Vec<(Box<str>, u64)>,
}

impl LookupNotes {
    /// Whether a record that found these names free saw the names as they are now.
    pub(crate) fn still_free(&self, taken: &TakenNames) -> bool {
        !self
            .found_free
            .iter()
            .any(|name| taken.contains_lowercase(name))
    }

    /// Keeps what the lookups learnt of numbering in `taken`. True whatever became of
    /// the record: a name found held stays held.
    pub(crate) fn keep_numbering(&self, taken: &mut TakenNames) {
        for (candidate, number) in &self.numbered {
            taken.note_numbered(candidate, *number);
        }
    }

    #[cfg(test)]
    pub(crate) fn found_free(&self) -> &[String] {
        &self.found_free
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
    fn lookups_note_only_free_names() {
        let mut taken = TakenNames::default();
        taken.insert("jan");
        let mut notes = LookupNotes::default();
        let mut lookups = NameLookups::new(&taken, &mut notes);
        assert!(lookups.is_taken("Jan"));
        assert!(!lookups.is_taken("Piet"));
        assert_eq!(notes.found_free(), ["piet"]);
        assert!(notes.still_free(&taken));
        taken.insert("PIET");
        assert!(!notes.still_free(&taken));
    }

    #[test]
    fn numbering_starts_where_the_last_record_found_a_free_number() {
        let mut taken = TakenNames::default();
        let mut notes = LookupNotes::default();
        let mut lookups = NameLookups::new(&taken, &mut notes);
        assert_eq!(lookups.numbering_start("Jan@x"), 2);
        lookups.found_numbered_from("Jan@x", 7);
        // Nothing new: not kept.
        lookups.found_numbered_from("Piet@x", 2);
        notes.keep_numbering(&mut taken);
        assert_eq!(taken.numbering_start("Jan@x"), 7);
        assert_eq!(
            taken.numbering_start("jan@x"),
            2,
            "as written, not lower-cased"
        );
        assert_eq!(taken.numbering_start("Piet@x"), 2);
        // An older note never moves the start back.
        taken.note_numbered("Jan@x", 4);
        assert_eq!(taken.numbering_start("Jan@x"), 7);
    }
}
