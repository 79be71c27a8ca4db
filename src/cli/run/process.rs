//! The record loop of a run: every record read ends up mapped, skipped or rejected,
//! and is counted as such.

mod batch;
mod crew;

use super::front::Input;
use super::progress::Progress;
use super::{plain, Failure};
use crate::engine::{FinishedLine, LineOutcome, Outcome};
use crate::input::{parse_line, NdjsonLine, NdjsonReader, RecordReader};
pub(super) use batch::Batch;
use batch::{Done, Item, Pending};
use crew::Crew;
use serde_json::Value;
use std::sync::{
    Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard, TryLockError,
};

/// How many records were read, and what became of them.
/// `read == mapped + skipped + rejected` always.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub read: u64,
    pub mapped: u64,
    pub skipped: u64,
    pub rejected: u64,
}

/// One rejected record, for the rejects output.
pub(super) struct Reject<'a> {
    /// The input it came from.
    pub file: &'a str,
    pub line: u64,
    pub reason: &'a str,
    pub record: RejectedRecord<'a>,
}

/// The record as read: JSON, or its raw text when it was not a JSON object.
pub(super) enum RejectedRecord<'a> {
    Json(&'a Value),
    Raw(&'a str),
}

/// Where the results of a run go.
pub(super) trait Sink {
    fn mapped(&mut self, user: &Value) -> Result<(), Failure>;
    fn rejected(&mut self, reject: Reject<'_>) -> Result<(), Failure>;

    /// A user given as compact JSON text.
    fn mapped_json(&mut self, user: &[u8]) -> Result<(), Failure> {
        let user = serde_json::from_slice(user)
            .map_err(|error| Failure::usage(format!("cannot write a user: {error}")))?;
        self.mapped(&user)
    }
}

/// Maps records, parsed or (for NDJSON) as the text of their line, one after another
/// or ahead of their turn on several threads.
pub(super) trait Mapper: Send + Sync {
    /// A record mapped ahead of its turn.
    type Draft: Send;
    /// What finishing records changes while other threads draft, settled between
    /// batches.
    type Lately: Default + Send;

    fn map_record(&mut self, record: &Value) -> Outcome;

    /// Maps a record given as JSON text that holds an object, appending the user's
    /// JSON to `out`.
    fn map_line(&mut self, text: &[u8], out: &mut Vec<u8>) -> LineOutcome {
        line_through_record(text, out, |record| self.map_record(record))
    }

    /// How many threads map records ahead of their turn; 1 maps each at its turn.
    fn jobs(&self) -> usize {
        1
    }

    /// Maps a record ahead of its turn, from any thread; `worker` numbers the thread,
    /// 0 for the one that finishes records, and `order` is the record's place in the
    /// input.
    fn draft_record(&self, _worker: usize, _order: u64, _record: &Value) -> Option<Self::Draft> {
        None
    }

    /// Maps a line ahead of its turn, from any thread, appending a user's JSON to `out`.
    fn draft_line(
        &self,
        _worker: usize,
        _order: u64,
        _text: &[u8],
        _out: &mut Vec<u8>,
    ) -> Option<Self::Draft> {
        None
    }

    /// Maps a record at its turn while other threads draft, completing its draft if it
    /// has one: what `map_record` gives now.
    fn finish_record(
        &self,
        lately: &mut Self::Lately,
        draft: Option<Self::Draft>,
        record: &Value,
    ) -> Outcome;

    /// Maps a line at its turn while other threads draft: what `map_line` gives now.
    /// A user is appended to `out` unless it stays where its draft wrote it.
    fn finish_line(
        &self,
        lately: &mut Self::Lately,
        _draft: Option<Self::Draft>,
        text: &[u8],
        out: &mut Vec<u8>,
    ) -> FinishedLine {
        FinishedLine {
            outcome: line_through_record(text, out, |record| {
                self.finish_record(lately, None, record)
            }),
            drafted_user: None,
        }
    }

    /// Joins what finishing records changed to the run, once no thread drafts; the
    /// records before record `unfinished` have had their turn.
    fn settle(&mut self, _lately: &mut Self::Lately, _unfinished: u64) {}

    /// How many records finished since the last `settle` were mapped again because
    /// their draft no longer stood.
    fn mapped_again(&self, _lately: &Self::Lately) -> u64 {
        0
    }
}

/// Maps a line by parsing it whole and mapping the record with `map`.
fn line_through_record(
    text: &[u8],
    out: &mut Vec<u8>,
    map: impl FnOnce(&Value) -> Outcome,
) -> LineOutcome {
    let record = match serde_json::from_slice(text) {
        Ok(record) => record,
        Err(error) => return LineOutcome::NotJson(error),
    };
    match map(&record) {
        Outcome::Mapped(user) => match serde_json::to_writer(out, &user) {
            Ok(()) => LineOutcome::Mapped,
            Err(error) => LineOutcome::Rejected(error.to_string()),
        },
        Outcome::Skipped => LineOutcome::Skipped,
        Outcome::Rejected(reason) => LineOutcome::Rejected(reason),
    }
}

impl<F: Fn(&Value) -> Outcome + Send + Sync> Mapper for F {
    type Draft = ();
    type Lately = ();

    fn map_record(&mut self, record: &Value) -> Outcome {
        self(record)
    }

    fn finish_record(&self, _: &mut (), _: Option<()>, record: &Value) -> Outcome {
        self(record)
    }
}

/// Reads every input in order and maps each record with `map`.
pub(super) fn run_inputs(
    inputs: Vec<Input>,
    mut map: impl Mapper,
    sink: &mut impl Sink,
) -> Result<Counts, Failure> {
    let mut progress = Progress::new(&inputs);
    let mut counts = Counts::default();
    let mut result = Ok(());
    for input in inputs {
        result = map_input(input, &mut map, sink, &mut progress, &mut counts);
        if result.is_err() {
            break;
        }
    }
    progress.clear();
    result.map(|()| counts)
}

/// Maps one input batch by batch. With more than one job, one batch is drafted on
/// several threads while this thread finishes the batch before, in input order, and
/// reads the batch after. A read error stops the run after the records read before
/// it.
fn map_input<M: Mapper>(
    mut input: Input,
    map: &mut M,
    sink: &mut impl Sink,
    progress: &mut Progress,
    counts: &mut Counts,
) -> Result<(), Failure> {
    let mut source = match input.lines.take() {
        Some(lines) => Source::Lines(lines),
        None => Source::Records(&mut input.records),
    };
    let jobs = map.jobs();
    let cannot_read = |error: std::io::Error| {
        Failure::usage(format!("cannot read {}: {}", input.label, plain(&error)))
    };
    if jobs <= 1 {
        // One record at a time: each user goes out before the next record is read.
        let mut batch = Batch::<M::Draft>::default();
        loop {
            let read = source.fill(&mut batch, jobs);
            batch.finish_in_turn(map);
            send(&batch, &input.name, sink, progress, counts)?;
            if !read.map_err(cannot_read)? {
                return Ok(());
            }
        }
    }
    map_in_parallel(&mut source, map, sink, &input.name, progress, counts)?.map_err(cannot_read)
}

/// Maps an input on `map.jobs()` threads. Three batches go round. Each round, this
/// thread sends the batch it finished last round, settles the names that batch holds
/// unless a drafting thread did meanwhile, finishes the batch drafted since last round,
/// in input order, reads the one after next, and drafts chunks of the next alongside
/// the other threads. Those never wait for this thread: they draft the older of the two
/// batches read last while it has chunks left, then the newer. The result is the read
/// error that ended the input early, if any.
fn map_in_parallel<M: Mapper>(
    source: &mut Source<'_>,
    map: &mut M,
    sink: &mut impl Sink,
    file: &str,
    progress: &mut Progress,
    counts: &mut Counts,
) -> Result<std::io::Result<()>, Failure> {
    let jobs = map.jobs();
    let batches: [RwLock<Batch<M::Draft>>; 3] = Default::default();
    let mapper = RwLock::new(map);
    let unsettled = Mutex::new(Unsettled::<M::Lately>::default());
    let crew = Crew::default();
    std::thread::scope(|scope| {
        let shared = Shared {
            jobs,
            crew: &crew,
            batches: &batches,
            mapper: &mapper,
            unsettled: &unsettled,
        };
        start_drafting_threads(scope, shared);
        let _stop = crew::StopOnDrop(&crew);
        let mut send_batch =
            |index: usize| send(&read(&batches[index]), file, sink, progress, counts);
        let (mut drafting, mut finishing, mut reading) = (0, 1, 2);
        let mut pays = DraftingPays::default();
        let mut records_read = 0;
        let mut finished_last = None;
        let mut read_result = read_next(shared, source, drafting, &mut pays, &mut records_read);
        loop {
            let more = matches!(read_result, Ok(true));
            let sent = finished_last.map_or(Ok(()), &mut send_batch);
            // Settles unless a drafting thread has, or waits until it has.
            settle_if_due(&mapper, &unsettled);
            let finished = finish(shared, finishing);
            if finished.drafted {
                pays.note(finished.records, finished.mapped_again);
            }
            let next_read = match (&sent, more) {
                (Ok(()), true) => read_next(shared, source, reading, &mut pays, &mut records_read),
                _ => Ok(false),
            };
            read(&batches[drafting]).draft_chunks(&**read(&mapper), 0);
            sent?;
            if crew.lost_a_thread() {
                // The scope passes the drafting thread's panic on.
                return Ok(Ok(()));
            }
            lock(&unsettled).due = Some(read(&batches[drafting]).first);
            crew.settle_due();
            if !more {
                send_batch(finishing)?;
                finish_last(shared, drafting);
                send_batch(drafting)?;
                return Ok(read_result.map(drop));
            }
            finished_last = Some(finishing);
            (drafting, finishing, reading) = (reading, drafting, finishing);
            read_result = next_read;
        }
    })
}

/// Reads the next batch into the one at `index`, readies it for drafting if that
/// pays, and tells the drafting threads.
fn read_next<M: Mapper>(
    shared: Shared<'_, M>,
    source: &mut Source<'_>,
    index: usize,
    pays: &mut DraftingPays,
    records_read: &mut u64,
) -> std::io::Result<bool> {
    let mut batch = write(&shared.batches[index]);
    let read = source.fill_next(&mut batch, shared.jobs, records_read);
    let drafted = pays.draft_next();
    batch.prepare_drafting(drafted);
    drop(batch);
    // A batch mapped at its turn has nothing for the drafting threads to do.
    if drafted {
        shared.crew.publish(index);
    }
    read
}

/// What finishing a batch found.
struct Finished {
    records: usize,
    /// Whether it was drafted.
    drafted: bool,
    /// How many of its records were mapped again.
    mapped_again: u64,
}

/// Finishes the batch at `index` in input order, completing its drafts. Waits for the
/// drafting threads still at a chunk of it.
fn finish<M: Mapper>(shared: Shared<'_, M>, index: usize) -> Finished {
    // Taken out while the batch is finished, so that a drafting thread that comes to
    // see whether settling is due does not wait for it.
    let mut lately = std::mem::take(&mut lock(shared.unsettled).lately);
    let mut batch = write(&shared.batches[index]);
    let mapper = read(shared.mapper);
    // Settled before the batch was finished: what `lately` counts is this batch's.
    batch.finish_drafted(&**mapper, &mut lately);
    let finished = Finished {
        records: batch.items.len(),
        drafted: batch.was_drafted(),
        mapped_again: mapper.mapped_again(&lately),
    };
    // Let go first: settling takes `unsettled`, then the mapper.
    drop(mapper);
    lock(shared.unsettled).lately = lately;
    finished
}

/// Finishes the input's last batch, at `index`, once what is due is settled, and
/// settles it too: the run's names are complete for the next input.
fn finish_last<M: Mapper>(shared: Shared<'_, M>, index: usize) {
    settle_if_due(shared.mapper, shared.unsettled);
    finish(shared, index);
    lock(shared.unsettled).due = Some(u64::MAX);
    settle_if_due(shared.mapper, shared.unsettled);
}

/// What finishing records changed of the run since it was last settled.
#[derive(Default)]
struct Unsettled<L> {
    lately: L,
    /// Set when it is to be settled: the first record whose turn has not come.
    due: Option<u64>,
}

/// Settles what finishing records changed, if that is due and not done yet.
fn settle_if_due<M: Mapper>(mapper: &RwLock<&mut M>, unsettled: &Mutex<Unsettled<M::Lately>>) {
    let mut unsettled = lock(unsettled);
    if let Some(unfinished) = unsettled.due.take() {
        write(mapper).settle(&mut unsettled.lately, unfinished);
    }
}

/// What the threads of a parallel run share.
struct Shared<'env, M: Mapper> {
    jobs: usize,
    crew: &'env Crew,
    batches: &'env [RwLock<Batch<M::Draft>>; 3],
    mapper: &'env RwLock<&'env mut M>,
    unsettled: &'env Mutex<Unsettled<M::Lately>>,
}

impl<M: Mapper> Clone for Shared<'_, M> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M: Mapper> Copy for Shared<'_, M> {}

/// Whether drafting pays. Where many records share names, and some are rejected or
/// differ from what their drafts foresaw, the drafts of the records after them fail
/// too, and mapping them again on this thread costs more than mapping them at their
/// turn. After a drafted batch of which more than a quarter was mapped again, the
/// batches after the next (which is drafted already) are mapped at their turn, 1, 2,
/// 4 … up to 64 of them, before drafting is tried again.
#[derive(Default)]
struct DraftingPays {
    /// Batches still to be mapped at their turn.
    skip: u32,
    /// How many batches the next failure skips.
    penalty: u32,
}

impl DraftingPays {
    fn draft_next(&mut self) -> bool {
        if self.skip > 0 {
            self.skip -= 1;
            return false;
        }
        true
    }

    /// Notes how a drafted batch of `records` went.
    fn note(&mut self, records: usize, mapped_again: u64) {
        if mapped_again.saturating_mul(4) > records as u64 {
            self.penalty = (self.penalty * 2).clamp(1, 64);
            self.skip = self.penalty;
        } else {
            self.penalty = 0;
        }
    }
}

/// Starts the `jobs - 1` threads that draft with the main thread. A thread that cannot
/// start leaves its share to the others.
fn start_drafting_threads<'scope, 'env, M: Mapper>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    shared: Shared<'env, M>,
) {
    for worker in 1..shared.jobs {
        // A thread that cannot start is no loss: the others draft its share.
        let _ = std::thread::Builder::new()
            .name("datamapper-draft".into())
            .stack_size(crew::STACK_BYTES)
            .spawn_scoped(scope, move || {
                shared.crew.work(|| {
                    if shared.crew.take_settling() {
                        settle_if_due(shared.mapper, shared.unsettled);
                        return true;
                    }
                    draft_a_chunk(shared, worker)
                })
            });
    }
}

/// Drafts a chunk of the older of the two batches published last, or else of the
/// newer: false when neither has a chunk left. A batch being finished or read is
/// passed by, not waited for.
fn draft_a_chunk<M: Mapper>(shared: Shared<'_, M>, worker: usize) -> bool {
    for index in shared.crew.to_draft().into_iter().flatten() {
        let batch = match shared.batches[index].try_read() {
            Ok(batch) => batch,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => continue,
        };
        if batch.draft_chunk(&**read(shared.mapper), worker) {
            return true;
        }
    }
    false
}

fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

fn lock<T>(lock: &Mutex<T>) -> MutexGuard<'_, T> {
    lock.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Where an input's records come from.
enum Source<'a> {
    /// NDJSON lines, unparsed, for a mapper that reads only part of each record.
    Lines(NdjsonReader<Box<dyn std::io::Read>>),
    Records(&'a mut RecordReader<'static>),
}

impl Source<'_> {
    /// `fill`, numbering the batch's records on from the `records_read` before it.
    fn fill_next<D: Send>(
        &mut self,
        batch: &mut Batch<D>,
        jobs: usize,
        records_read: &mut u64,
    ) -> std::io::Result<bool> {
        let read = self.fill(batch, jobs);
        batch.first = *records_read;
        *records_read += batch.items.len() as u64;
        read
    }

    /// Reads records until the batch is full for `jobs` threads (`true`) or the input
    /// ends.
    fn fill<D: Send>(&mut self, batch: &mut Batch<D>, jobs: usize) -> std::io::Result<bool> {
        batch.clear();
        match self {
            Source::Lines(lines) => fill_from_lines(batch, lines, jobs),
            Source::Records(records) => fill_from_records(batch, records, jobs),
        }
    }
}

/// Reads NDJSON lines, unparsed, until the batch is full (`true`) or the input ends.
fn fill_from_lines<D: Send>(
    batch: &mut Batch<D>,
    lines: &mut NdjsonReader<Box<dyn std::io::Read>>,
    jobs: usize,
) -> std::io::Result<bool> {
    while !batch.is_full(jobs) {
        let Some(item) = lines.next_line() else {
            return Ok(false);
        };
        let NdjsonLine { line, text } = item?;
        batch.push_line(line, text);
    }
    Ok(true)
}

/// Reads parsed records until the batch is full (`true`) or the input ends.
fn fill_from_records<D: Send>(
    batch: &mut Batch<D>,
    records: &mut RecordReader<'_>,
    jobs: usize,
) -> std::io::Result<bool> {
    while !batch.is_full(jobs) {
        let Some(item) = records.next() else {
            return Ok(false);
        };
        let item = item?;
        batch.push_record(item.line, item.record);
    }
    Ok(true)
}

/// Counts each record of a mapped batch and sends its user or reject, in input order.
fn send<D: Send>(
    batch: &Batch<D>,
    file: &str,
    sink: &mut impl Sink,
    progress: &mut Progress,
    counts: &mut Counts,
) -> Result<(), Failure> {
    let mut drafted_users = batch.drafted_users();
    for (item, done) in batch.items.iter().zip(&batch.done) {
        counts.read += 1;
        match done {
            Done::MappedLine(user) => {
                counts.mapped += 1;
                sink.mapped_json(batch.users.get(user.clone()).unwrap_or_default())?;
            }
            Done::MappedDraft { chunk, user } => {
                counts.mapped += 1;
                sink.mapped_json(drafted_users.get(*chunk, user))?;
            }
            Done::Mapped(user) => {
                counts.mapped += 1;
                sink.mapped(user)?;
            }
            Done::Skipped => counts.skipped += 1,
            Done::Rejected(reason) => {
                counts.rejected += 1;
                send_reject(batch, item, reason, file, sink)?;
            }
            Done::Unreadable(bad) => {
                counts.rejected += 1;
                if let Some(bad) = bad.as_ref().or(match &item.record {
                    Pending::Unreadable(bad) => Some(bad),
                    _ => None,
                }) {
                    sink.rejected(Reject {
                        file,
                        line: item.line,
                        reason: &bad.reason,
                        record: RejectedRecord::Raw(&bad.raw),
                    })?;
                }
            }
        }
        progress.update(counts);
    }
    Ok(())
}

/// Sends a rejected record as read; a line is parsed again for it, as rejects are few.
fn send_reject<D: Send>(
    batch: &Batch<D>,
    item: &Item,
    reason: &str,
    file: &str,
    sink: &mut impl Sink,
) -> Result<(), Failure> {
    let parsed;
    let record = match &item.record {
        Pending::Line(range) => {
            parsed = parse_line(batch.line_text(range));
            match &parsed {
                Ok(record) => RejectedRecord::Json(record),
                Err(bad) => RejectedRecord::Raw(&bad.raw),
            }
        }
        Pending::Parsed(record) => RejectedRecord::Json(record),
        Pending::Unreadable(bad) => RejectedRecord::Raw(&bad.raw),
    };
    sink.rejected(Reject {
        file,
        line: item.line,
        reason,
        record,
    })
}

#[cfg(test)]
mod tests;
