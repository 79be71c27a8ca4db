//! What one record's evaluation sees of the names held in a run, and what it found
//! there: the notes that decide, at the record's turn, whether a draft made ahead of
//! it stands (see `engine::ahead`).

use super::taken::{lowercase, TakenNames};
use hashbrown::HashMap;
use smallvec::SmallVec;
use std::hash::BuildHasher;
use std::sync::{Mutex, PoisonError};

/// What a lookup found of a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    Free,
    Held,
    /// Not held yet, but claimed by an earlier record drafted ahead of its turn, so most
    /// likely held by the time this record's turn comes.
    Claimed,
}

/// The names found free by records drafted ahead of their turn, whose turn has not
/// come: the names those records will most likely hold. A record drafted after them
/// takes the claims of the records before it as held, instead of picking the same
/// name and being mapped again at its turn; the claims are only a guess, checked then.
///
/// A claim is kept by the hash of its name, not the name: two names with one hash
/// would only make a record take a free name as claimed, and be mapped again at its
/// turn. Nothing is allocated per claim, so nothing is freed on another thread.
#[derive(Default)]
pub struct Claims {
    /// The claims in shards by hash, so that threads drafting at once seldom wait for
    /// each other. Each shard maps the hash of a name, lower-case, to the earliest
    /// record (in input order) that claimed it.
    shards: [Mutex<HashMap<u64, u64>>; CLAIM_SHARDS],
    hasher: hashbrown::DefaultHashBuilder,
}

const CLAIM_SHARDS: usize = 16;

impl Claims {
    /// The hash of a name, and the shard that holds its claim.
    fn book(&self, name: &str) -> (u64, std::sync::MutexGuard<'_, HashMap<u64, u64>>) {
        let hash = self.hasher.hash_one(name.as_bytes());
        // The low bits pick the shard; the table inside uses the high bits.
        let shard = &self.shards[hash as usize % CLAIM_SHARDS];
        (hash, shard.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Whether a record before record `order` claimed the name; if not, record `order`
    /// claims it.
    fn claimed_before(&self, name: &str, order: u64) -> bool {
        let (hash, mut book) = self.book(name);
        claimed_earlier(book.entry(hash).or_insert(order), order)
    }

    /// Withdraws the claims record `order` made on names it will not hold: all of
    /// them when it was not mapped, else all but its userName (`holds`, in any case).
    /// The records drafted after it then need not be mapped again at their turn.
    pub(crate) fn withdraw(&self, order: u64, notes: &LookupNotes, holds: Option<&str>) {
        let mut found_free = notes.found(Lookup::Free).peekable();
        if found_free.peek().is_none() {
            return;
        }
        let holds = holds.map(lowercase);
        for name in found_free {
            if holds.as_deref() == Some(name) {
                continue;
            }
            let (hash, mut book) = self.book(name);
            if book.get(&hash) == Some(&order) {
                book.remove(&hash);
            }
        }
    }

    /// Forgets the claims of the records before record `order`, whose turn has come.
    pub(crate) fn forget_before(&mut self, order: u64) {
        for shard in &mut self.shards {
            let book = shard.get_mut().unwrap_or_else(PoisonError::into_inner);
            book.retain(|_, claimer| *claimer >= order);
        }
    }
}

/// Whether the claim of `claimer` came before record `order`; if not, it becomes
/// record `order`'s.
fn claimed_earlier(claimer: &mut u64, order: u64) -> bool {
    if *claimer < order {
        return true;
    }
    *claimer = order;
    false
}

/// The names held as a record sees them: those settled before its batch and, while a
/// batch is finished in input order as the next is drafted, those its earlier records
/// held since. Drafting threads read only the settled names, which do not change while
/// they draft, and the claims of the records before theirs. The lately held join the
/// settled between batches (`TakenNames::settle`).
#[derive(Clone, Copy)]
pub struct HeldNames<'run> {
    settled: &'run TakenNames,
    lately: Option<&'run TakenNames>,
    /// The claims, and the place in input order of the record that looks.
    claims: Option<(&'run Claims, u64)>,
}

impl<'run> HeldNames<'run> {
    /// The names of `settled` only.
    pub fn settled(settled: &'run TakenNames) -> HeldNames<'run> {
        HeldNames {
            settled,
            lately: None,
            claims: None,
        }
    }

    /// The names of both sets.
    pub fn with_lately(settled: &'run TakenNames, lately: &'run TakenNames) -> HeldNames<'run> {
        HeldNames {
            lately: Some(lately),
            ..HeldNames::settled(settled)
        }
    }

    /// The settled names, for drafting record `order` (its place in input order): the
    /// names records before it claimed count as claimed, and those it finds free it
    /// claims.
    pub fn drafting(
        settled: &'run TakenNames,
        claims: &'run Claims,
        order: u64,
    ) -> HeldNames<'run> {
        HeldNames {
            claims: Some((claims, order)),
            ..HeldNames::settled(settled)
        }
    }

    fn contains_lowercase(&self, name: &str) -> bool {
        self.settled.contains_lowercase(name)
            || self
                .lately
                .is_some_and(|lately| lately.contains_lowercase(name))
    }

    fn lookup_lowercase(&self, name: &str) -> Lookup {
        if self.contains_lowercase(name) {
            Lookup::Held
        } else if self
            .claims
            .is_some_and(|(claims, order)| claims.claimed_before(name, order))
        {
            Lookup::Claimed
        } else {
            Lookup::Free
        }
    }

    fn numbering_start(&self, candidate: &str) -> u64 {
        let settled = self.settled.numbering_start(candidate);
        self.lately.map_or(settled, |lately| {
            settled.max(lately.numbering_start(candidate))
        })
    }
}

/// What one record's evaluation sees of the taken names.
///
/// Every name found free or claimed is written down: a record mapped ahead of its
/// turn, in parallel with the records before it, saw only the names held when it
/// started. When its turn comes, it stands only if every name it found free is still
/// free and every name it found claimed is held; otherwise it is mapped again. A name
/// found held stays held, so it needs no note.
pub struct NameLookups<'run> {
    taken: HeldNames<'run>,
    notes: &'run mut LookupNotes,
}

impl<'run> NameLookups<'run> {
    /// Looks names up in `taken`, writing what it found in `notes`.
    pub fn new(taken: &'run TakenNames, notes: &'run mut LookupNotes) -> NameLookups<'run> {
        NameLookups::over(HeldNames::settled(taken), notes)
    }

    /// Looks names up in `taken`, which may be in parts.
    pub fn over(taken: HeldNames<'run>, notes: &'run mut LookupNotes) -> NameLookups<'run> {
        NameLookups { taken, notes }
    }

    /// What is known of the name, in any case.
    pub fn lookup(&mut self, name: &str) -> Lookup {
        let name = lowercase(name);
        let found = self.taken.lookup_lowercase(&name);
        // Only a draft is checked at its turn; a record mapped at its turn needs no note.
        if self.taken.claims.is_none() {
            return found;
        }
        if found != Lookup::Held {
            self.notes.note(found, &name);
        }
        found
    }

    /// Whether another user holds the name, or will by this record's turn.
    pub fn is_taken(&mut self, name: &str) -> bool {
        self.lookup(name) != Lookup::Free
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
/// still be free at the record's turn, the names found claimed, which must be held by
/// then, and where numbering may start from now on.
#[derive(Debug, Default)]
pub struct LookupNotes {
    /// The names found free or claimed, lower-case, one after another. The one or two
    /// names a record looks up fit inline: a draft allocates nothing for its notes, so
    /// the thread that finishes it frees nothing that another thread allocated.
    names: SmallVec<[u8; NOTED_BYTES]>,
    /// What was found of each name, and where it ends in `names`.
    found: SmallVec<[(Lookup, usize); 2]>,
    numbered: Vec<(Box<str>, u64)>,
}

/// The bytes of noted names kept inline: two addresses of average length.
const NOTED_BYTES: usize = 64;

impl LookupNotes {
    fn note(&mut self, found: Lookup, name: &str) {
        self.names.extend_from_slice(name.as_bytes());
        self.found.push((found, self.names.len()));
    }

    /// The names noted as `found`, in the order they were looked up.
    fn found(&self, found: Lookup) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.found.iter().map(|&(_, end)| end));
        starts
            .zip(&self.found)
            .filter(move |(_, &(lookup, _))| lookup == found)
            // Whole names were noted, so the bytes between two ends are a `str`.
            .map(|(start, &(_, end))| {
                std::str::from_utf8(self.names.get(start..end).unwrap_or_default())
                    .unwrap_or_default()
            })
    }

    /// Whether the lookups found what they would find among the names held now.
    pub(crate) fn still_right(&self, taken: HeldNames<'_>) -> bool {
        !self
            .found(Lookup::Free)
            .any(|name| taken.contains_lowercase(name))
            && self
                .found(Lookup::Claimed)
                .all(|name| taken.contains_lowercase(name))
    }

    /// Keeps what the lookups learnt of numbering in `taken`. True whatever became of
    /// the record: a name found held stays held.
    pub(crate) fn keep_numbering(&self, taken: &mut TakenNames) {
        for (candidate, number) in &self.numbered {
            taken.note_numbered(candidate, *number);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_note_free_and_claimed_names() {
        let mut taken = TakenNames::default();
        taken.insert("jan");
        let mut notes = LookupNotes::default();
        let claims = Claims::default();
        let mut lookups = NameLookups::over(HeldNames::drafting(&taken, &claims, 0), &mut notes);
        assert!(lookups.is_taken("Jan"));
        assert!(!lookups.is_taken("Piet"));
        assert!(notes.found(Lookup::Free).eq(["piet"]));
        assert_eq!(notes.found(Lookup::Claimed).count(), 0);
        assert!(notes.still_right(HeldNames::settled(&taken)));
        let mut lately = TakenNames::default();
        lately.insert("PIET");
        assert!(!notes.still_right(HeldNames::with_lately(&taken, &lately)));
        taken.settle(&mut lately);
        assert!(!notes.still_right(HeldNames::settled(&taken)));
        assert!(lately.is_empty());
    }

    #[test]
    fn notes_keep_every_name_in_order_beyond_what_fits_inline() {
        let mut notes = LookupNotes::default();
        let long = "a.very.long.given.name.van.der.achternaam@example.com";
        notes.note(Lookup::Free, long);
        notes.note(Lookup::Claimed, "jan@x");
        notes.note(Lookup::Free, "ßen@x");
        notes.note(Lookup::Claimed, long);
        assert!(notes.found(Lookup::Free).eq([long, "ßen@x"]));
        assert!(notes.found(Lookup::Claimed).eq(["jan@x", long]));
        assert_eq!(notes.found(Lookup::Held).count(), 0);
    }

    #[test]
    fn a_record_counts_only_the_claims_of_records_before_it() {
        let taken = TakenNames::default();
        let mut claims = Claims::default();
        let look = |claims: &Claims, order: u64| {
            let mut notes = LookupNotes::default();
            let found = NameLookups::over(HeldNames::drafting(&taken, claims, order), &mut notes)
                .lookup("Piet");
            (found, notes)
        };
        let (found, _) = look(&claims, 7);
        assert_eq!(found, Lookup::Free, "record 7 claims piet");
        let (found, notes) = look(&claims, 9);
        assert_eq!(found, Lookup::Claimed);
        assert!(notes.found(Lookup::Claimed).eq(["piet"]));
        assert_eq!(
            look(&claims, 3).0,
            Lookup::Free,
            "record 3 comes first and claims it"
        );
        assert_eq!(look(&claims, 7).0, Lookup::Claimed);
        // Record 9 stands only once piet is held at its turn.
        assert!(!notes.still_right(HeldNames::settled(&taken)));
        let mut lately = TakenNames::default();
        lately.insert("piet");
        assert!(notes.still_right(HeldNames::with_lately(&taken, &lately)));
        claims.forget_before(4);
        assert_eq!(
            look(&claims, 9).0,
            Lookup::Free,
            "the claim of record 3 is gone"
        );
    }

    #[test]
    fn a_withdrawn_claim_is_free_for_the_records_after() {
        let taken = TakenNames::default();
        let claims = Claims::default();
        let look = |order: u64, name: &str| {
            let mut notes = LookupNotes::default();
            let drafting = HeldNames::drafting(&taken, &claims, order);
            let found = NameLookups::over(drafting, &mut notes).lookup(name);
            (found, notes)
        };
        let (_, rejected) = look(1, "jan");
        let (_, mapped) = look(2, "piet");
        assert_eq!(look(3, "jan").0, Lookup::Claimed);
        claims.withdraw(1, &rejected, None);
        claims.withdraw(2, &mapped, Some("piet"));
        assert_eq!(look(4, "jan").0, Lookup::Free, "record 1 holds nothing");
        assert_eq!(look(5, "piet").0, Lookup::Claimed, "record 2 holds piet");
        // Only the record's own claim goes: jan is now record 4's.
        claims.withdraw(1, &rejected, None);
        assert_eq!(look(6, "jan").0, Lookup::Claimed);
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
        // Hints learnt while a batch is finished are kept when it settles.
        let mut lately = TakenNames::default();
        lately.note_numbered("Jan@x", 9);
        lately.note_numbered("Piet@x", 3);
        let both = HeldNames::with_lately(&taken, &lately);
        assert_eq!(both.numbering_start("Jan@x"), 9);
        taken.settle(&mut lately);
        assert_eq!(taken.numbering_start("Jan@x"), 9);
        assert_eq!(taken.numbering_start("Piet@x"), 3);
        assert_eq!(lately.numbering_start("Piet@x"), 2);
    }
}
