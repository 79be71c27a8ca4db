//! The record loop of a run: every record read ends up mapped, skipped or rejected,
//! and is counted as such.

use super::front::Input;
use super::progress::Progress;
use super::{plain, Failure};
use crate::engine::Outcome;
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
}

/// Reads every input in order and maps each record with `map`.
pub(super) fn run_inputs(
    inputs: Vec<Input>,
    mut map: impl FnMut(&Value) -> Outcome,
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
    map: &mut impl FnMut(&Value) -> Outcome,
    sink: &mut impl Sink,
    progress: &mut Progress,
    counts: &mut Counts,
) -> Result<(), Failure> {
    for input in inputs {
        for item in input.records {
            let item = item.map_err(|error| {
                Failure::usage(format!("cannot read {}: {}", input.label, plain(&error)))
            })?;
            counts.read += 1;
            let record = match &item.record {
                Ok(record) => record,
                Err(bad) => {
                    counts.rejected += 1;
                    sink.rejected(Reject {
                        file: &input.name,
                        line: item.line,
                        reason: &bad.reason,
                        record: RejectedRecord::Raw(&bad.raw),
                    })?;
                    continue;
                }
            };
            match map(record) {
                Outcome::Mapped(user) => {
                    counts.mapped += 1;
                    sink.mapped(&user)?;
                }
                Outcome::Skipped => counts.skipped += 1,
                Outcome::Rejected(reason) => {
                    counts.rejected += 1;
                    sink.rejected(Reject {
                        file: &input.name,
                        line: item.line,
                        reason: &reason,
                        record: RejectedRecord::Json(record),
                    })?;
                }
            }
            progress.update(counts);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
