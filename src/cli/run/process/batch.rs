//! A batch of records read from one input and mapped together: drafted on several
//! threads with `--jobs`, always finished one after another in input order.

use super::{LineOutcome, Mapper, Outcome};
use crate::input::{parse_line, BadRecord};
use serde_json::Value;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// At most this many records in a batch drafted on several threads: enough to keep
/// every thread busy, few enough that memory does not depend on the size of the input.
/// Mapping on one thread, a batch is one record, so each user goes out as soon as it
/// is made, even when the input trickles in.
const BATCH_RECORDS: usize = 2048;
/// At most about this many bytes of records in a batch.
const BATCH_BYTES: usize = 4 << 20;
/// Records drafted by one thread at a time, into one buffer: a thread claims the next
/// chunk when it is done with one, so a slow thread holds up at most one chunk.
const DRAFT_CHUNK: usize = 32;
/// The stack of each drafting thread, as deep as the main thread's: nesting limits are
/// set for it.
const DRAFT_STACK_BYTES: usize = 8 << 20;

/// Records as read, then what became of each.
#[derive(Default)]
pub(in crate::cli::run) struct Batch {
    /// The text of the unparsed lines, one after another.
    text: Vec<u8>,
    /// About how many bytes the parsed records hold.
    parsed_bytes: usize,
    pub(super) items: Vec<Item>,
    /// The JSON of users mapped from lines, one after another.
    pub(super) users: Vec<u8>,
    /// The JSON of drafted users, one buffer per `DRAFT_CHUNK` records; kept from batch
    /// to batch so drafting allocates nothing once they have grown.
    drafted: Vec<Vec<u8>>,
    /// What became of each item, once mapped.
    pub(super) done: Vec<Done>,
}

/// One record as read.
pub(super) struct Item {
    /// Its line in the input.
    pub line: u64,
    pub record: Pending,
}

pub(super) enum Pending {
    /// The text of an NDJSON line holding an object, in `Batch::text`.
    Line(Range<usize>),
    Parsed(Value),
    Unreadable(BadRecord),
}

/// What became of one record.
pub(super) enum Done {
    /// A user, as JSON in `Batch::users`.
    MappedLine(Range<usize>),
    Mapped(Value),
    Skipped,
    Rejected(String),
    /// Not a record: the item's own reason, or the line's when it turned out not to be
    /// JSON.
    Unreadable(Option<BadRecord>),
}

impl Batch {
    pub(super) fn clear(&mut self) {
        self.text.clear();
        self.parsed_bytes = 0;
        self.items.clear();
        self.users.clear();
        self.done.clear();
    }

    /// Whether the batch holds as many records as `jobs` threads should map together.
    pub(super) fn is_full(&self, jobs: usize) -> bool {
        let records = if jobs <= 1 { 1 } else { BATCH_RECORDS };
        self.items.len() >= records || self.text.len() + self.parsed_bytes >= BATCH_BYTES
    }

    /// Adds an NDJSON line. What is not a JSON object goes the way of a parsed line, so
    /// that its reason is the reader's.
    pub(super) fn push_line(&mut self, line: u64, text: Result<&[u8], BadRecord>) {
        let record = match text {
            Ok(text) if starts_an_object(text) => {
                let start = self.text.len();
                self.text.extend_from_slice(text);
                Pending::Line(start..self.text.len())
            }
            Ok(text) => match parse_line(text) {
                Ok(record) => {
                    self.parsed_bytes += text.len();
                    Pending::Parsed(record)
                }
                Err(bad) => Pending::Unreadable(bad),
            },
            Err(bad) => Pending::Unreadable(bad),
        };
        self.items.push(Item { line, record });
    }

    pub(super) fn push_record(&mut self, line: u64, record: Result<Value, BadRecord>) {
        let record = match record {
            Ok(record) => {
                self.parsed_bytes += approximate_size(&record);
                Pending::Parsed(record)
            }
            Err(bad) => Pending::Unreadable(bad),
        };
        self.items.push(Item { line, record });
    }

    pub(super) fn line_text(&self, range: &Range<usize>) -> &[u8] {
        self.text.get(range.clone()).unwrap_or_default()
    }

    /// Every record mapped ahead of its turn, to be finished by `finish`: drafted on
    /// `jobs - 1` threads started for the batch, which this thread joins once it has run
    /// `meanwhile` (sending the batch before, reading the batch after).
    pub(super) fn draft<M: Mapper, R>(
        &mut self,
        mapper: &M,
        jobs: usize,
        meanwhile: impl FnOnce() -> R,
    ) -> (Vec<Option<M::Draft>>, R) {
        let Batch {
            text,
            items,
            drafted,
            ..
        } = self;
        let chunks: Vec<&[Item]> = items.chunks(DRAFT_CHUNK).collect();
        drafted.resize_with(drafted.len().max(chunks.len()), Vec::new);
        let slots: Vec<Mutex<Drafted<M::Draft>>> = drafted
            .iter_mut()
            .take(chunks.len())
            .map(|buffer| Mutex::new((std::mem::take(buffer), Vec::new())))
            .collect();
        let next = AtomicUsize::new(0);
        let text: &[u8] = text;
        let claim = |worker| claim_chunks(mapper, worker, text, &chunks, &slots, &next);
        let result = std::thread::scope(|scope| {
            for worker in 1..jobs {
                // A thread that cannot start leaves its share to the others.
                let _ = std::thread::Builder::new()
                    .name("datamapper-draft".into())
                    .stack_size(DRAFT_STACK_BYTES)
                    .spawn_scoped(scope, move || claim(worker));
            }
            let result = meanwhile();
            claim(0);
            result
        });
        let mut drafts = Vec::with_capacity(items.len());
        for (slot, buffer) in slots.into_iter().zip(drafted.iter_mut()) {
            let (users, chunk_drafts) = slot.into_inner().unwrap_or_else(PoisonError::into_inner);
            *buffer = users;
            drafts.extend(chunk_drafts);
        }
        (drafts, result)
    }

    /// Maps every record at its turn, in input order, completing its draft where
    /// there is one.
    pub(super) fn finish<M: Mapper>(&mut self, drafts: Vec<Option<M::Draft>>, mapper: &mut M) {
        let mut drafts = drafts.into_iter();
        let Batch {
            text,
            items,
            users,
            drafted,
            done,
            ..
        } = self;
        for (index, item) in items.iter().enumerate() {
            let draft = drafts.next().flatten();
            done.push(match &item.record {
                Pending::Line(range) => {
                    let text = text.get(range.clone()).unwrap_or_default();
                    let start = users.len();
                    let outcome = match draft {
                        Some(draft) => {
                            let buffer = drafted
                                .get(index / DRAFT_CHUNK)
                                .map_or(&[][..], Vec::as_slice);
                            mapper.finish_line(draft, buffer, text, users)
                        }
                        None => mapper.map_line(text, users),
                    };
                    line_done(outcome, start..users.len(), text, mapper)
                }
                Pending::Parsed(record) => record_done(match draft {
                    Some(draft) => mapper.finish_record(draft, record),
                    None => mapper.map_record(record),
                }),
                Pending::Unreadable(_) => Done::Unreadable(None),
            });
        }
    }
}

/// The users a chunk's drafts wrote, and the drafts.
type Drafted<D> = (Vec<u8>, Vec<Option<D>>);

/// Drafts chunks, each claimed by one thread, until none is left.
fn claim_chunks<M: Mapper>(
    mapper: &M,
    worker: usize,
    text: &[u8],
    chunks: &[&[Item]],
    slots: &[Mutex<Drafted<M::Draft>>],
    next: &AtomicUsize,
) {
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let (Some(chunk), Some(slot)) = (chunks.get(index), slots.get(index)) else {
            return;
        };
        let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
        let (users, drafts) = &mut *slot;
        users.clear();
        drafts.clear();
        drafts.extend(chunk.iter().map(|item| match &item.record {
            Pending::Line(range) => {
                mapper.draft_line(worker, text.get(range.clone()).unwrap_or_default(), users)
            }
            Pending::Parsed(record) => mapper.draft_record(worker, record),
            Pending::Unreadable(_) => None,
        }));
    }
}

fn line_done(
    outcome: LineOutcome,
    user: Range<usize>,
    text: &[u8],
    mapper: &mut impl Mapper,
) -> Done {
    match outcome {
        LineOutcome::Mapped => Done::MappedLine(user),
        LineOutcome::Skipped => Done::Skipped,
        LineOutcome::Rejected(reason) => Done::Rejected(reason),
        LineOutcome::NotJson(_) => match parse_line(text) {
            Ok(record) => record_done(mapper.map_record(&record)),
            Err(bad) => Done::Unreadable(Some(bad)),
        },
    }
}

fn record_done(outcome: Outcome) -> Done {
    match outcome {
        Outcome::Mapped(user) => Done::Mapped(user),
        Outcome::Skipped => Done::Skipped,
        Outcome::Rejected(reason) => Done::Rejected(reason),
    }
}

/// About the bytes a parsed record holds: its text, keys and a word per value.
fn approximate_size(value: &Value) -> usize {
    const WORD: usize = 8;
    match value {
        Value::String(text) => WORD + text.len(),
        Value::Array(items) => WORD + items.iter().map(approximate_size).sum::<usize>(),
        Value::Object(fields) => {
            WORD + fields
                .iter()
                .map(|(key, value)| key.len() + approximate_size(value))
                .sum::<usize>()
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => WORD,
    }
}

fn starts_an_object(text: &[u8]) -> bool {
    text.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{')
}
