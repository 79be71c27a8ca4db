//! The record loop of a run: every record read ends up mapped, skipped or rejected,
//! and is counted as such.

use super::front::Input;
use super::progress::Progress;
use super::{plain, Failure};
use crate::engine::{LineOutcome, Outcome};
use crate::input::{parse_line, BadRecord, NdjsonLine};
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

/// Maps records, parsed or (for NDJSON) as the text of their line.
pub(super) trait Mapper {
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
}

impl<F: FnMut(&Value) -> Outcome> Mapper for F {
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
    let result = map_all(inputs, &mut map, sink, &mut progress, &mut counts);
    progress.clear();
    result.map(|()| counts)
}

fn map_all(
    inputs: Vec<Input>,
    map: &mut impl Mapper,
    sink: &mut impl Sink,
    progress: &mut Progress,
    counts: &mut Counts,
) -> Result<(), Failure> {
    for mut input in inputs {
        if let Some(lines) = input.lines.take() {
            map_lines(&input, lines, map, sink, progress, counts)?;
            continue;
        }
        for item in input.records {
            let item = item.map_err(|error| {
                Failure::usage(format!("cannot read {}: {}", input.label, plain(&error)))
            })?;
            counts.read += 1;
            match &item.record {
                Ok(record) => map_parsed(&input.name, item.line, record, map, sink, counts)?,
                Err(bad) => reject_bad(&input.name, item.line, bad, sink, counts)?,
            }
            progress.update(counts);
        }
    }
    Ok(())
}

/// Maps one parsed record and counts and sends what became of it.
fn map_parsed(
    file: &str,
    line: u64,
    record: &Value,
    map: &mut impl Mapper,
    sink: &mut impl Sink,
    counts: &mut Counts,
) -> Result<(), Failure> {
    match map.map_record(record) {
        Outcome::Mapped(user) => {
            counts.mapped += 1;
            sink.mapped(&user)
        }
        Outcome::Skipped => {
            counts.skipped += 1;
            Ok(())
        }
        Outcome::Rejected(reason) => {
            counts.rejected += 1;
            sink.rejected(Reject {
                file,
                line,
                reason: &reason,
                record: RejectedRecord::Json(record),
            })
        }
    }
}

/// Counts and sends a record that could not be read.
fn reject_bad(
    file: &str,
    line: u64,
    bad: &BadRecord,
    sink: &mut impl Sink,
    counts: &mut Counts,
) -> Result<(), Failure> {
    counts.rejected += 1;
    sink.rejected(Reject {
        file,
        line,
        reason: &bad.reason,
        record: RejectedRecord::Raw(&bad.raw),
    })
}

/// The loop of `map_all` for NDJSON lines that the mapper reads unparsed: the same
/// counts, users and rejects as parsing each line first.
fn map_lines(
    input: &Input,
    mut lines: crate::input::NdjsonReader<Box<dyn std::io::Read>>,
    map: &mut impl Mapper,
    sink: &mut impl Sink,
    progress: &mut Progress,
    counts: &mut Counts,
) -> Result<(), Failure> {
    let mut user = Vec::new();
    while let Some(item) = lines.next_line() {
        let NdjsonLine { line, text } = item.map_err(|error| {
            Failure::usage(format!("cannot read {}: {}", input.label, plain(&error)))
        })?;
        counts.read += 1;
        match text {
            Ok(text) => map_text(&input.name, line, text, &mut user, map, sink, counts)?,
            Err(bad) => reject_bad(&input.name, line, &bad, sink, counts)?,
        }
        progress.update(counts);
    }
    Ok(())
}

/// Maps the text of one line; what is not a JSON object goes the way of a parsed line,
/// so that its reason is the reader's.
fn map_text(
    file: &str,
    line: u64,
    text: &[u8],
    user: &mut Vec<u8>,
    map: &mut impl Mapper,
    sink: &mut impl Sink,
    counts: &mut Counts,
) -> Result<(), Failure> {
    let is_object = text.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{');
    if !is_object {
        return match parse_line(text) {
            Ok(record) => map_parsed(file, line, &record, map, sink, counts),
            Err(bad) => reject_bad(file, line, &bad, sink, counts),
        };
    }
    user.clear();
    match map.map_line(text, user) {
        LineOutcome::Mapped => {
            counts.mapped += 1;
            sink.mapped_json(user)
        }
        LineOutcome::Skipped => {
            counts.skipped += 1;
            Ok(())
        }
        LineOutcome::Rejected(reason) => {
            counts.rejected += 1;
            // The rejects output holds the record as read; rejects are few.
            let parsed = parse_line(text);
            let record = match &parsed {
                Ok(record) => RejectedRecord::Json(record),
                Err(bad) => RejectedRecord::Raw(&bad.raw),
            };
            sink.rejected(Reject {
                file,
                line,
                reason: &reason,
                record,
            })
        }
        LineOutcome::NotJson(_) => match parse_line(text) {
            Ok(record) => map_parsed(file, line, &record, map, sink, counts),
            Err(bad) => reject_bad(file, line, &bad, sink, counts),
        },
    }
}

#[cfg(test)]
mod tests;
