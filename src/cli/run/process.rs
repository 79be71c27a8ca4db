//! The record loop of a run: every record read ends up mapped, skipped or rejected,
//! and is counted as such.

mod batch;

use super::front::Input;
use super::progress::Progress;
use super::{plain, Failure};
use crate::engine::{LineOutcome, Outcome};
use crate::input::{parse_line, NdjsonLine, NdjsonReader, RecordReader};
pub(super) use batch::Batch;
use batch::{Done, Item, Pending};
use serde_json::Value;

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
pub(super) trait Mapper: Sync {
    /// A record mapped ahead of its turn.
    type Draft: Send;

    fn map_record(&mut self, record: &Value) -> Outcome;

    /// Maps a record given as JSON text that holds an object, appending the user's
    /// JSON to `out`.
    fn map_line(&mut self, text: &[u8], out: &mut Vec<u8>) -> LineOutcome {
        let record = match serde_json::from_slice(text) {
            Ok(record) => record,
            Err(error) => return LineOutcome::NotJson(error),
        };
        match self.map_record(&record) {
            Outcome::Mapped(user) => match serde_json::to_writer(out, &user) {
                Ok(()) => LineOutcome::Mapped,
                Err(error) => LineOutcome::Rejected(error.to_string()),
            },
            Outcome::Skipped => LineOutcome::Skipped,
            Outcome::Rejected(reason) => LineOutcome::Rejected(reason),
        }
    }

    /// How many threads map records ahead of their turn; 1 maps each at its turn.
    fn jobs(&self) -> usize {
        1
    }

    /// Maps a record ahead of its turn, from any thread; `worker` numbers the thread,
    /// 0 for the one that finishes records.
    fn draft_record(&self, _worker: usize, _record: &Value) -> Option<Self::Draft> {
        None
    }

    /// Maps a line ahead of its turn, from any thread, appending a user's JSON to `out`.
    fn draft_line(&self, _worker: usize, _text: &[u8], _out: &mut Vec<u8>) -> Option<Self::Draft> {
        None
    }

    /// Completes a draft at the record's turn: what `map_record` gives now.
    fn finish_record(&mut self, _draft: Self::Draft, record: &Value) -> Outcome {
        self.map_record(record)
    }

    /// Completes a draft at the line's turn: what `map_line` gives now. `drafted` is
    /// the buffer the draft wrote to.
    fn finish_line(
        &mut self,
        _draft: Self::Draft,
        _drafted: &[u8],
        text: &[u8],
        out: &mut Vec<u8>,
    ) -> LineOutcome {
        self.map_line(text, out)
    }
}

impl<F: FnMut(&Value) -> Outcome + Sync> Mapper for F {
    type Draft = ();

    fn map_record(&mut self, record: &Value) -> Outcome {
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
/// several threads while the main thread sends the batch before and reads the batch after. A read error
/// stops the run after the records read before it.
fn map_input(
    mut input: Input,
    map: &mut impl Mapper,
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
        let mut batch = Batch::default();
        loop {
            let read = source.fill(&mut batch, jobs);
            batch.finish(Vec::new(), map);
            send(&batch, &input.name, sink, progress, counts)?;
            if !read.map_err(cannot_read)? {
                return Ok(());
            }
        }
    }
    let (mut to_map, mut mapped, mut spare) =
        (Batch::default(), Batch::default(), Batch::default());
    let mut read = source.fill(&mut to_map, jobs);
    loop {
        let more = matches!(read, Ok(true));
        let (drafts, (sent, next_read)) = to_map.draft(map, jobs, || {
            let sent = send(&mapped, &input.name, sink, progress, counts);
            let next_read = match (&sent, more) {
                (Ok(()), true) => source.fill(&mut spare, jobs),
                _ => Ok(false),
            };
            (sent, next_read)
        });
        sent?;
        to_map.finish(drafts, map);
        std::mem::swap(&mut mapped, &mut to_map);
        if !more {
            send(&mapped, &input.name, sink, progress, counts)?;
            return read.map(drop).map_err(cannot_read);
        }
        std::mem::swap(&mut to_map, &mut spare);
        read = next_read;
    }
}

/// Where an input's records come from.
enum Source<'a> {
    /// NDJSON lines, unparsed, for a mapper that reads only part of each record.
    Lines(NdjsonReader<Box<dyn std::io::Read>>),
    Records(&'a mut RecordReader<'static>),
}

impl Source<'_> {
    /// Reads records until the batch is full for `jobs` threads (`true`) or the input
    /// ends.
    fn fill(&mut self, batch: &mut Batch, jobs: usize) -> std::io::Result<bool> {
        batch.clear();
        match self {
            Source::Lines(lines) => fill_from_lines(batch, lines, jobs),
            Source::Records(records) => fill_from_records(batch, records, jobs),
        }
    }
}

/// Reads NDJSON lines, unparsed, until the batch is full (`true`) or the input ends.
fn fill_from_lines(
    batch: &mut Batch,
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
fn fill_from_records(
    batch: &mut Batch,
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
fn send(
    batch: &Batch,
    file: &str,
    sink: &mut impl Sink,
    progress: &mut Progress,
    counts: &mut Counts,
) -> Result<(), Failure> {
    for (item, done) in batch.items.iter().zip(&batch.done) {
        counts.read += 1;
        match done {
            Done::MappedLine(user) => {
                counts.mapped += 1;
                sink.mapped_json(batch.users.get(user.clone()).unwrap_or_default())?;
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
fn send_reject(
    batch: &Batch,
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
