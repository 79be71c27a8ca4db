//! A batch of records read from one input and mapped together: drafted on several
//! threads with `--jobs` (see `crew`), always finished one after another in input
//! order, while the batches after it are drafted.

use super::{FinishedLine, LineOutcome, Mapper, Outcome};
use crate::input::{parse_line, BadRecord};
use serde_json::Value;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// At most this many records in a batch drafted on several threads: enough that
/// handing a batch to the threads costs little beside mapping it, few enough that the
/// three batches in flight stay in the cores' caches (2,048 records ran 8% slower).
/// Mapping on one thread, a batch is one record, so each user goes out as soon as it
/// is made, even when the input trickles in.
const BATCH_RECORDS: usize = 512;
/// At most about this many bytes of records in a batch.
const BATCH_BYTES: usize = 4 << 20;
/// Records drafted by one thread at a time, into one buffer: a thread claims the next
/// chunk when it is done with one, so a slow thread holds up at most one chunk.
const DRAFT_CHUNK: usize = 16;

/// Records as read, then their drafts (of type `D`), then what became of each.
pub(in crate::cli::run) struct Batch<D> {
    /// The place of its first record in the input.
    pub(super) first: u64,
    /// The text of the unparsed lines, one after another.
    text: Vec<u8>,
    /// About how many bytes the parsed records hold.
    parsed_bytes: usize,
    pub(super) items: Vec<Item>,
    /// The JSON of users mapped from lines, one after another.
    pub(super) users: Vec<u8>,
    /// The drafts and the JSON of drafted users, one slot per `DRAFT_CHUNK` records;
    /// kept from batch to batch so drafting allocates nothing once they have grown.
    drafted: Vec<Mutex<Drafted<D>>>,
    /// What became of each item, once mapped.
    pub(super) done: Vec<Done>,
    /// How many chunks are to be drafted: none when the batch is mapped at its turn.
    chunks: usize,
    /// The next chunk to draft.
    next_chunk: AtomicUsize,
}

impl<D> Default for Batch<D> {
    fn default() -> Batch<D> {
        Batch {
            first: 0,
            text: Vec::new(),
            parsed_bytes: 0,
            items: Vec::new(),
            users: Vec::new(),
            drafted: Vec::new(),
            done: Vec::new(),
            chunks: 0,
            next_chunk: AtomicUsize::new(0),
        }
    }
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
    /// A user, as JSON where its draft wrote it: in the buffer of draft chunk `chunk`.
    MappedDraft {
        chunk: usize,
        user: Range<usize>,
    },
    Mapped(Value),
    Skipped,
    Rejected(String),
    /// Not a record: the item's own reason, or the line's when it turned out not to be
    /// JSON.
    Unreadable(Option<BadRecord>),
}

impl<D: Send> Batch<D> {
    pub(super) fn clear(&mut self) {
        self.text.clear();
        self.parsed_bytes = 0;
        self.items.clear();
        self.users.clear();
        self.done.clear();
        self.chunks = 0;
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

    /// The JSON of drafted users where their drafts wrote them, read in input order.
    pub(super) fn drafted_users(&self) -> DraftedUsers<'_, D> {
        DraftedUsers {
            batch: self,
            open: None,
        }
    }

    pub(super) fn line_text(&self, range: &Range<usize>) -> &[u8] {
        self.text.get(range.clone()).unwrap_or_default()
    }

    /// Readies the batch for drafting, with no drafts left from its last use. A batch
    /// that is not to be `drafted` has no chunk to claim, and is mapped at its turn.
    pub(super) fn prepare_drafting(&mut self, drafted: bool) {
        let chunks = if drafted {
            self.items.len().div_ceil(DRAFT_CHUNK)
        } else {
            0
        };
        self.drafted
            .resize_with(self.drafted.len().max(chunks), Default::default);
        for slot in &mut self.drafted {
            slot.get_mut()
                .unwrap_or_else(PoisonError::into_inner)
                .1
                .clear();
        }
        self.chunks = chunks;
        *self.next_chunk.get_mut() = 0;
    }

    /// Whether the batch was readied for drafting.
    pub(super) fn was_drafted(&self) -> bool {
        self.chunks > 0
    }

    /// Maps records ahead of their turn, to be finished by `finish_drafted`, chunk by
    /// chunk until none is left; threads that call this at once share the chunks.
    /// `worker` numbers the thread.
    pub(super) fn draft_chunks<M: Mapper<Draft = D>>(&self, mapper: &M, worker: usize) {
        while self.draft_chunk(mapper, worker) {}
    }

    /// Claims the next chunk of records not yet claimed and drafts it: false when none
    /// is left.
    pub(super) fn draft_chunk<M: Mapper<Draft = D>>(&self, mapper: &M, worker: usize) -> bool {
        // Loaded first, so that a thread finds a drafted batch empty without claiming.
        if self.next_chunk.load(Ordering::Relaxed) >= self.chunks {
            return false;
        }
        let index = self.next_chunk.fetch_add(1, Ordering::Relaxed);
        if index >= self.chunks {
            return false;
        }
        // Below `chunks`, each chunk holds at least one record, and has its slot.
        let start = index * DRAFT_CHUNK;
        let end = self.items.len().min(start + DRAFT_CHUNK);
        let (Some(chunk), Some(slot)) = (self.items.get(start..end), self.drafted.get(index))
        else {
            return false;
        };
        let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
        let (users, drafts) = &mut *slot;
        users.clear();
        drafts.clear();
        for (order, item) in (self.first + start as u64..).zip(chunk) {
            drafts.push(self.draft(mapper, worker, order, item, users));
        }
        true
    }

    fn draft<M: Mapper<Draft = D>>(
        &self,
        mapper: &M,
        worker: usize,
        order: u64,
        item: &Item,
        users: &mut Vec<u8>,
    ) -> Option<D> {
        match &item.record {
            Pending::Line(range) => mapper.draft_line(worker, order, self.line_text(range), users),
            Pending::Parsed(record) => mapper.draft_record(worker, order, record),
            Pending::Unreadable(_) => None,
        }
    }

    /// Maps every record now, in input order, with nothing drafted.
    pub(super) fn finish_in_turn<M: Mapper<Draft = D>>(&mut self, mapper: &mut M) {
        self.finish_with(&mut InTurn(mapper));
    }

    /// Maps every record at its turn, in input order, while other threads draft,
    /// completing its draft where there is one.
    pub(super) fn finish_drafted<M: Mapper<Draft = D>>(
        &mut self,
        mapper: &M,
        lately: &mut M::Lately,
    ) {
        self.finish_with(&mut FromDrafts { mapper, lately });
    }

    fn finish_with(&mut self, turn: &mut impl AtTurn<D>) {
        let Batch {
            text,
            items,
            users,
            drafted,
            done,
            ..
        } = self;
        for (index, item) in items.iter().enumerate() {
            let draft = drafted.get_mut(index / DRAFT_CHUNK).and_then(|slot| {
                let (_, drafts) = slot.get_mut().unwrap_or_else(PoisonError::into_inner);
                drafts.get_mut(index % DRAFT_CHUNK).and_then(Option::take)
            });
            done.push(match &item.record {
                Pending::Line(range) => {
                    let text = text.get(range.clone()).unwrap_or_default();
                    let start = users.len();
                    let finished = turn.line(draft, text, users);
                    match finished.drafted_user {
                        Some(user) => Done::MappedDraft {
                            chunk: index / DRAFT_CHUNK,
                            user,
                        },
                        None => line_done(finished.outcome, start..users.len(), text, |record| {
                            turn.record(None, record)
                        }),
                    }
                }
                Pending::Parsed(record) => record_done(turn.record(draft, record)),
                Pending::Unreadable(_) => Done::Unreadable(None),
            });
        }
    }
}

/// How a batch's records are mapped at their turn, from their drafts (of type `D`)
/// where there are some.
trait AtTurn<D> {
    /// Maps a line, appending a user to `out` unless it stays where its draft wrote it.
    fn line(&mut self, draft: Option<D>, text: &[u8], out: &mut Vec<u8>) -> FinishedLine;
    fn record(&mut self, draft: Option<D>, record: &Value) -> Outcome;
}

/// Each record mapped now, on one thread.
struct InTurn<'a, M>(&'a mut M);

impl<M: Mapper> AtTurn<M::Draft> for InTurn<'_, M> {
    fn line(&mut self, _: Option<M::Draft>, text: &[u8], out: &mut Vec<u8>) -> FinishedLine {
        FinishedLine {
            outcome: self.0.map_line(text, out),
            drafted_user: None,
        }
    }

    fn record(&mut self, _: Option<M::Draft>, record: &Value) -> Outcome {
        self.0.map_record(record)
    }
}

/// Each record completed from its draft while other threads draft the next batch.
struct FromDrafts<'a, M: Mapper> {
    mapper: &'a M,
    lately: &'a mut M::Lately,
}

impl<M: Mapper> AtTurn<M::Draft> for FromDrafts<'_, M> {
    fn line(&mut self, draft: Option<M::Draft>, text: &[u8], out: &mut Vec<u8>) -> FinishedLine {
        self.mapper.finish_line(self.lately, draft, text, out)
    }

    fn record(&mut self, draft: Option<M::Draft>, record: &Value) -> Outcome {
        self.mapper.finish_record(self.lately, draft, record)
    }
}

/// The users a chunk's drafts wrote, and the drafts.
type Drafted<D> = (Vec<u8>, Vec<Option<D>>);

/// Reads drafted users chunk by chunk, keeping the chunk read last open: a chunk's
/// users are read one after another, so its lock is taken once.
pub(super) struct DraftedUsers<'a, D> {
    batch: &'a Batch<D>,
    open: Option<(usize, MutexGuard<'a, Drafted<D>>)>,
}

impl<D> DraftedUsers<'_, D> {
    /// The JSON of a user that the draft of a record in chunk `chunk` wrote at `user`.
    pub(super) fn get(&mut self, chunk: usize, user: &Range<usize>) -> &[u8] {
        if self.open.as_ref().is_none_or(|(open, _)| *open != chunk) {
            self.open = self
                .batch
                .drafted
                .get(chunk)
                .map(|slot| (chunk, slot.lock().unwrap_or_else(PoisonError::into_inner)));
        }
        let buffer = self
            .open
            .as_ref()
            .map_or(&[][..], |(_, slot)| slot.0.as_slice());
        buffer.get(user.clone()).unwrap_or_default()
    }
}

/// What became of a line; one that turned out not to be JSON is parsed again to say
/// why, and mapped with `map_record` if it is JSON after all.
fn line_done(
    outcome: LineOutcome,
    user: Range<usize>,
    text: &[u8],
    map_record: impl FnOnce(&Value) -> Outcome,
) -> Done {
    match outcome {
        LineOutcome::Mapped => Done::MappedLine(user),
        LineOutcome::Skipped => Done::Skipped,
        LineOutcome::Rejected(reason) => Done::Rejected(reason),
        LineOutcome::NotJson(_) => match parse_line(text) {
            Ok(record) => record_done(map_record(&record)),
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
