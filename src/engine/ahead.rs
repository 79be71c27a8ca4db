//! Mapping records ahead of their turn, many at once on other threads, with the same
//! outcomes and bytes as mapping them one after another.
//!
//! Only `unique` makes one record depend on the records before it: it reads the names
//! they hold. A draft is made against the names settled when it starts, and takes the
//! names that drafts of earlier records found free (their claims) as held. It notes
//! every name that `unique` found free or claimed. At the record's turn, in input
//! order, the draft stands if every name it found free is still free and every name it
//! found claimed is held by then; a name found held stays held, so it cannot have
//! changed. Otherwise the record is mapped again, there and then.
//! Where `unique` found numbering may start is true either way, so it is kept.
//! Either way the result is the one a run of one record after another gives.
//!
//! Records are finished while the next batch is drafted, so the names they hold go to
//! a [`Lately`] of their own, which drafting threads never read, and join the settled
//! names between batches ([`RunContext::settle`]).

use super::{hold_name, keep, Hold, LineOutcome, Outcome, Program, RunContext};
use crate::functions::{HeldNames, LookupNotes, TakenNames};

/// An NDJSON line mapped ahead of its turn; [`Program::finish_line`] completes it.
#[derive(Debug)]
pub struct LineDraft {
    outcome: LineOutcome,
    /// Where the user's JSON is in the buffer given to `draft_line`.
    user: std::ops::Range<usize>,
    hold: Hold,
    notes: LookupNotes,
}

/// A line finished at its turn by [`Program::finish_line`].
#[derive(Debug)]
pub struct FinishedLine {
    pub outcome: LineOutcome,
    /// Where a mapped user's JSON is in the buffer its draft wrote to, when the draft
    /// stood; `None` when the line was mapped again.
    pub drafted_user: Option<std::ops::Range<usize>>,
}

/// A parsed record mapped ahead of its turn; [`Program::finish_record`] completes it.
#[derive(Debug)]
pub struct RecordDraft {
    outcome: Outcome,
    hold: Hold,
    notes: LookupNotes,
}

/// What finishing records changed of a run while other threads drafted: the names the
/// finished records hold, and how many were mapped again. Settled into the run by
/// [`RunContext::settle`] once no thread drafts.
#[derive(Default)]
pub struct Lately {
    names: TakenNames,
    mapped_again: u64,
}

impl Lately {
    /// How many records finished since the last settle were mapped again.
    pub fn mapped_again(&self) -> u64 {
        self.mapped_again
    }

    fn names<'run>(&'run self, context: &'run RunContext) -> HeldNames<'run> {
        HeldNames::with_lately(&context.taken, &self.names)
    }

    /// Whether a draft stands at its record's turn; one that does not is counted as
    /// mapped again. What its lookups learnt of numbering is kept either way.
    fn draft_stands(&mut self, context: &RunContext, notes: &LookupNotes) -> bool {
        notes.keep_numbering(&mut self.names);
        let stands = notes.still_right(self.names(context));
        if !stands {
            self.mapped_again += 1;
        }
        stands
    }
}

impl RunContext {
    /// Joins what records finished lately changed to the run, for the next batch, and
    /// forgets the claims of records before record `unfinished` (in input order), whose
    /// turn has come.
    pub fn settle(&mut self, lately: &mut Lately, unfinished: u64) {
        self.taken.settle(&mut lately.names);
        self.claims.forget_before(unfinished);
        self.mapped_again += std::mem::take(&mut lately.mapped_again);
    }
}

impl Program {
    /// Maps a line against the names settled now and the claims of the records before
    /// it, and holds nothing: many threads may draft at once while records are
    /// finished. `order` is the record's place in input order. A mapped user's JSON is
    /// appended to `out`.
    pub fn draft_line(
        &self,
        line: &[u8],
        order: u64,
        context: &RunContext,
        out: &mut Vec<u8>,
    ) -> LineDraft {
        let mut notes = LookupNotes::default();
        let start = out.len();
        let names = HeldNames::drafting(&context.taken, &context.claims, order);
        let (outcome, hold) = self.map_line_ahead(line, context, names, &mut notes, out);
        context.claims.withdraw(order, &notes, hold.as_deref());
        LineDraft {
            outcome,
            user: start..out.len(),
            hold,
            notes,
        }
    }

    /// Completes a line's draft at its turn, in input order: the outcome and bytes that
    /// `map_line` gives now. When the draft stands, its user stays where the draft
    /// wrote it; when the line is mapped again, the user is appended to `out`.
    pub fn finish_line(
        &self,
        draft: LineDraft,
        line: &[u8],
        context: &RunContext,
        lately: &mut Lately,
        out: &mut Vec<u8>,
    ) -> FinishedLine {
        if !lately.draft_stands(context, &draft.notes) {
            return FinishedLine {
                outcome: self.map_line_lately(line, context, lately, out),
                drafted_user: None,
            };
        }
        hold_name(&mut lately.names, draft.hold);
        let drafted_user = matches!(draft.outcome, LineOutcome::Mapped).then_some(draft.user);
        FinishedLine {
            outcome: draft.outcome,
            drafted_user,
        }
    }

    /// `map_line` while other threads draft: the names it holds go to `lately`.
    pub fn map_line_lately(
        &self,
        line: &[u8],
        context: &RunContext,
        lately: &mut Lately,
        out: &mut Vec<u8>,
    ) -> LineOutcome {
        let mut notes = LookupNotes::default();
        let names = lately.names(context);
        let (outcome, hold) = self.map_line_ahead(line, context, names, &mut notes, out);
        keep(&mut lately.names, hold, &notes);
        outcome
    }

    /// Maps a parsed record against the names settled now and the claims of the
    /// records before it, and holds nothing.
    pub fn draft_record(
        &self,
        record: &serde_json::Value,
        order: u64,
        context: &RunContext,
    ) -> RecordDraft {
        let mut notes = LookupNotes::default();
        let names = HeldNames::drafting(&context.taken, &context.claims, order);
        let (outcome, hold) = self.map_record_ahead(record, context, names, &mut notes);
        context.claims.withdraw(order, &notes, hold.as_deref());
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
        context: &RunContext,
        lately: &mut Lately,
    ) -> Outcome {
        if !lately.draft_stands(context, &draft.notes) {
            return self.map_record_lately(record, context, lately);
        }
        hold_name(&mut lately.names, draft.hold);
        draft.outcome
    }

    /// `map_record` while other threads draft: the names it holds go to `lately`.
    pub fn map_record_lately(
        &self,
        record: &serde_json::Value,
        context: &RunContext,
        lately: &mut Lately,
    ) -> Outcome {
        let mut notes = LookupNotes::default();
        let names = lately.names(context);
        let (outcome, hold) = self.map_record_ahead(record, context, names, &mut notes);
        keep(&mut lately.names, hold, &notes);
        outcome
    }
}
