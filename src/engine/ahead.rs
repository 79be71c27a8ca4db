//! Mapping records ahead of their turn, many at once on other threads, with the same
//! outcomes and bytes as mapping them one after another.
//!
//! Only `unique` makes one record depend on the records before it: it reads the names
//! they hold. A draft is made against the names held when it starts and notes every
//! name that `unique` found free. At the record's turn, in input order, the draft
//! stands if none of those names has been taken since; a name found taken stays taken,
//! so it cannot have changed. Otherwise the record is mapped again, there and then.
//! Where `unique` found numbering may start is true either way, so it is kept.
//! Either way the result is the one a run of one record after another gives.

use super::{Hold, LineOutcome, Outcome, Program, RunContext};
use crate::functions::LookupNotes;

/// An NDJSON line mapped ahead of its turn; [`Program::finish_line`] completes it.
#[derive(Debug)]
pub struct LineDraft {
    outcome: LineOutcome,
    /// Where the user's JSON is in the buffer given to `draft_line`.
    user: std::ops::Range<usize>,
    hold: Hold,
    notes: LookupNotes,
}

/// A parsed record mapped ahead of its turn; [`Program::finish_record`] completes it.
#[derive(Debug)]
pub struct RecordDraft {
    outcome: Outcome,
    hold: Hold,
    notes: LookupNotes,
}

impl Program {
    /// Maps a line against the names held now, and holds nothing: many threads may draft
    /// at once while no record is finished. A mapped user's JSON is appended to `out`.
    pub fn draft_line(&self, line: &[u8], context: &RunContext, out: &mut Vec<u8>) -> LineDraft {
        let mut notes = LookupNotes::default();
        let start = out.len();
        let (outcome, hold) = self.map_line_ahead(line, context, &mut notes, out);
        LineDraft {
            outcome,
            user: start..out.len(),
            hold,
            notes,
        }
    }

    /// Completes a line's draft at its turn, in input order: the outcome and bytes that
    /// `map_line` gives now, appending the user to `out`. `drafted` is the buffer the
    /// draft wrote to.
    pub fn finish_line(
        &self,
        draft: LineDraft,
        drafted: &[u8],
        line: &[u8],
        context: &mut RunContext,
        out: &mut Vec<u8>,
    ) -> LineOutcome {
        draft.notes.keep_numbering(&mut context.taken);
        if !draft.notes.still_free(&context.taken) {
            context.mapped_again += 1;
            return self.map_line(line, context, out);
        }
        out.extend_from_slice(drafted.get(draft.user).unwrap_or_default());
        context.hold(draft.hold);
        draft.outcome
    }

    /// Maps a parsed record against the names held now, and holds nothing.
    pub fn draft_record(&self, record: &serde_json::Value, context: &RunContext) -> RecordDraft {
        let mut notes = LookupNotes::default();
        let (outcome, hold) = self.map_record_ahead(record, context, &mut notes);
        RecordDraft {
            outcome,
            hold,
            notes,
        }
    }

    /// Completes a record's draft at its turn: the outcome `map_record` gives now.
    pub fn finish_record(
        &self,
        draft: RecordDraft,
        record: &serde_json::Value,
        context: &mut RunContext,
    ) -> Outcome {
        draft.notes.keep_numbering(&mut context.taken);
        if !draft.notes.still_free(&context.taken) {
            context.mapped_again += 1;
            return self.map_record(record, context);
        }
        context.hold(draft.hold);
        draft.outcome
    }
}
