//! Runs a compiled program over records: evaluation, `unique`, SCIM user assembly and
//! record outcomes. Nothing here knows about syntax or checking.

mod ahead;
mod assemble;
mod eval;
mod expression;
mod fields;
mod observe;
pub(crate) mod operators;
pub mod program;
mod sparse;
pub mod trace;
mod walk;
mod write;

use crate::functions::{Claims, HeldNames, LookupNotes, TakenNames};
use crate::schema::target::ScimType;
use crate::value::Value;
pub use ahead::{FinishedLine, Lately, LineDraft, RecordDraft};
use eval::{Evaluator, Failure, Record};
pub use expression::Expression;
use program::{Filter, Let, OutputPlan, Rule, Table};
pub use sparse::FieldNode;

/// A mapping ready to run: names resolved to slots, regexes compiled, tables loaded.
/// Built by `compile::compile` from a checked mapping.
#[derive(Debug)]
pub struct Program {
    pub(crate) tables: Vec<Table>,
    pub(crate) lets: Vec<Let>,
    pub(crate) filters: Vec<Filter>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) output: OutputPlan,
    /// The field paths that the program reads, for parsing only those.
    pub(crate) fields: FieldNode,
}

/// What a run carries from record to record.
pub struct RunContext {
    /// `today()` for the whole run.
    pub today: jiff::civil::Date,
    /// `now()` for the whole run.
    pub now: jiff::Timestamp,
    /// userNames held by existing users and, when the program calls `unique`, by
    /// records mapped earlier in this run; with drafting threads, those finished since
    /// the last `settle` are in its `Lately` instead.
    pub taken: TakenNames,
    /// The names that records drafted ahead of their turn found free.
    claims: Claims,
    /// How many records drafted ahead of their turn were mapped again because a name
    /// their `unique` found free was taken meanwhile, or one it found claimed was not.
    pub mapped_again: u64,
}

/// What became of one input line given to `Program::map_line`.
#[derive(Debug)]
pub enum LineOutcome {
    /// The user was appended to the output buffer, as compact JSON without a newline.
    Mapped,
    Skipped,
    Rejected(String),
    /// The line is not one JSON value; the error is what `serde_json` says of it.
    NotJson(serde_json::Error),
}

/// What became of one input record.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The Plek user, as a SCIM User resource with a stable key order.
    Mapped(serde_json::Value),
    /// Out of scope (`skip when`).
    Skipped,
    /// Bad data: a `reject` rule, a field that does not fit the source schema, a run-time
    /// error. The reason names the rule and its line where there is one.
    Rejected(String),
}

/// The userName a mapped user will hold once its record's turn comes.
type Hold = Option<HeldName>;

/// The userName a mapped record will hold. Kept inline when it is short, as userNames
/// are: a record drafted on one thread and finished on another then frees nothing that
/// the other allocated, and a record mapped at its turn allocates nothing for it.
#[derive(Debug)]
struct HeldName(smallvec::SmallVec<[u8; 64]>);

impl HeldName {
    fn new(name: &str) -> HeldName {
        HeldName(smallvec::SmallVec::from_slice(name.as_bytes()))
    }
}

impl std::ops::Deref for HeldName {
    type Target = str;

    fn deref(&self) -> &str {
        // Made from a `str`, so always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// Holds a mapped user's name in `taken` for the rest of the run.
fn hold_name(taken: &mut TakenNames, hold: Hold) {
    if let Some(name) = hold {
        taken.insert(&name);
    }
}

/// Keeps in `taken` what one record mapped at its turn leaves: the name it holds, and
/// what its lookups learnt of numbering.
fn keep(taken: &mut TakenNames, hold: Hold, notes: &LookupNotes) {
    notes.keep_numbering(taken);
    hold_name(taken, hold);
}

impl RunContext {
    pub fn new(today: jiff::civil::Date, now: jiff::Timestamp) -> RunContext {
        RunContext {
            today,
            now,
            taken: TakenNames::default(),
            claims: Claims::default(),
            mapped_again: 0,
        }
    }

    /// Records the userName of a user Plek already holds, so `unique` avoids it.
    pub fn add_existing_user_name(&mut self, user_name: &str) {
        self.taken.insert(user_name);
    }
}

impl Program {
    /// Maps one input record.
    pub fn map_record(&self, record: &serde_json::Value, context: &mut RunContext) -> Outcome {
        let mut notes = LookupNotes::default();
        let names = HeldNames::settled(&context.taken);
        let (outcome, hold) = self.map_record_ahead(record, context, names, &mut notes);
        keep(&mut context.taken, hold, &notes);
        outcome
    }

    /// Maps one record given as JSON text, reading only the fields the program uses and
    /// appending the user's JSON to `out`. The same outcome as `map_record` on the
    /// parsed line, and the same bytes as serialising its user with `serde_json`.
    pub fn map_line(
        &self,
        line: &[u8],
        context: &mut RunContext,
        out: &mut Vec<u8>,
    ) -> LineOutcome {
        let mut notes = LookupNotes::default();
        let names = HeldNames::settled(&context.taken);
        let (outcome, hold) = self.map_line_ahead(line, context, names, &mut notes, out);
        keep(&mut context.taken, hold, &notes);
        outcome
    }

    /// `map_record` up to holding the user's name, which it returns instead; `unique`
    /// looks in `names` and writes what it found in `notes`.
    fn map_record_ahead(
        &self,
        record: &serde_json::Value,
        context: &RunContext,
        names: HeldNames<'_>,
        notes: &mut LookupNotes,
    ) -> (Outcome, Hold) {
        match self.evaluate(Record::Whole(record), context, names, notes) {
            Ok((results, hold)) => (
                Outcome::Mapped(assemble::assemble(&self.output, &results)),
                hold,
            ),
            Err(stop) => (stop.into(), None),
        }
    }

    /// `map_line` up to holding the user's name, which it returns instead.
    fn map_line_ahead(
        &self,
        line: &[u8],
        context: &RunContext,
        names: HeldNames<'_>,
        notes: &mut LookupNotes,
        out: &mut Vec<u8>,
    ) -> (LineOutcome, Hold) {
        let record = match sparse::parse(line, &self.fields) {
            Ok(record) => record,
            // The parse checks what a full parse checks, but the error is the full
            // parser's, word for word.
            Err(_) => return self.map_line_whole(line, context, names, notes, out),
        };
        match self.evaluate(Record::Sparse(&record), context, names, notes) {
            Ok((results, hold)) => {
                write::write_user(&self.output, &results, out);
                (LineOutcome::Mapped, hold)
            }
            Err(stop) => (stop.into(), None),
        }
    }

    fn map_line_whole(
        &self,
        line: &[u8],
        context: &RunContext,
        names: HeldNames<'_>,
        notes: &mut LookupNotes,
        out: &mut Vec<u8>,
    ) -> (LineOutcome, Hold) {
        let record = match serde_json::from_slice(line) {
            Ok(record) => record,
            Err(error) => return (LineOutcome::NotJson(error), None),
        };
        match self.map_record_ahead(&record, context, names, notes) {
            (Outcome::Mapped(user), hold) => {
                // Writing to a `Vec` cannot fail.
                let _ = serde_json::to_writer(out, &user);
                (LineOutcome::Mapped, hold)
            }
            (Outcome::Skipped, _) => (LineOutcome::Skipped, None),
            (Outcome::Rejected(reason), _) => (LineOutcome::Rejected(reason), None),
        }
    }

    /// Runs filters and rules: the rules' values and the name the user will hold, or the
    /// outcome that ends the record early.
    fn evaluate(
        &self,
        record: Record<'_>,
        context: &RunContext,
        names: HeldNames<'_>,
        notes: &mut LookupNotes,
    ) -> Result<(Vec<Value>, Hold), Stop> {
        let mut evaluator = Evaluator::new(self, record, context, names, notes);
        match self.run_filters(&mut evaluator) {
            Ok(Some(stop)) => return Err(stop),
            Ok(None) => {}
            Err(reason) => return Err(Stop::Rejected(reason)),
        }
        let mut results = Vec::with_capacity(self.rules.len());
        for rule in &self.rules {
            match evaluator.eval(&rule.value) {
                Ok(value) => results.push(value),
                Err(failure) => return Err(Stop::Rejected(failure.into_reason(&rule.label))),
            }
        }
        drop(evaluator);
        let hold = self.fit(&results).map_err(Stop::Rejected)?;
        Ok((results, hold))
    }

    /// The end of every record that got through its rules, shared with `explain`: a value
    /// that does not fit its attribute rejects the record; otherwise, when the program
    /// calls `unique`, its userName is held for the rest of the run.
    pub(crate) fn accept(&self, results: &[Value], context: &mut RunContext) -> Result<(), String> {
        let hold = self.fit(results)?;
        hold_name(&mut context.taken, hold);
        Ok(())
    }

    /// The reject reason for a value that does not fit its attribute, or else the name
    /// the user will hold.
    fn fit(&self, results: &[Value]) -> Result<Hold, String> {
        if let Some(reason) = self.unfit_value(results) {
            return Err(reason);
        }
        if !self.output.holds_names {
            return Ok(None);
        }
        Ok(self
            .output
            .user_name_rule
            .and_then(|rule| results.get(rule))
            .and_then(Value::as_str)
            .map(HeldName::new))
    }

    /// The targets of `once` rules, as written (`userName`), for a sync that must not
    /// overwrite them.
    pub fn once_targets(&self) -> Vec<&str> {
        self.rules
            .iter()
            .filter(|rule| rule.once)
            .map(|rule| rule.target.as_str())
            .collect()
    }

    /// The targets of all rules, as written, in file order.
    pub fn targets(&self) -> Vec<&str> {
        self.rules.iter().map(|rule| rule.target.as_str()).collect()
    }

    /// A required attribute left null, or a value of the wrong type from a field the
    /// checker could not type (`any`): either would send Plek an invalid user.
    fn unfit_value(&self, results: &[Value]) -> Option<String> {
        for (rule, value) in self.rules.iter().zip(results) {
            if value.is_null() {
                if rule.required {
                    return Some(format!(
                        "{}: `{}` is required, but the value is null",
                        rule.label, rule.target
                    ));
                }
                continue;
            }
            if let Some(expected) = rule.expects {
                if !fits(expected, value) {
                    return Some(format!(
                        "{}: `{}` takes {}, but the value is {} {}",
                        rule.label,
                        rule.target,
                        scim_type_words(expected),
                        value.kind_name(),
                        value.to_json()
                    ));
                }
            }
        }
        None
    }

    /// Runs `skip` and `reject` filters in file order; the first that holds decides.
    fn run_filters<'p>(
        &'p self,
        evaluator: &mut Evaluator<'p, '_>,
    ) -> Result<Option<Stop>, String> {
        for filter in &self.filters {
            let holds = evaluator
                .eval(&filter.condition)
                .map_err(|failure| failure.into_reason(&filter.label))?
                .is_true();
            if holds {
                return Ok(Some(match &filter.reject_reason {
                    None => Stop::Skipped,
                    Some(reason) => Stop::Rejected(reason.clone()),
                }));
            }
        }
        Ok(None)
    }
}

/// How a record ended without a user.
enum Stop {
    Skipped,
    Rejected(String),
}

impl From<Stop> for Outcome {
    fn from(stop: Stop) -> Outcome {
        match stop {
            Stop::Skipped => Outcome::Skipped,
            Stop::Rejected(reason) => Outcome::Rejected(reason),
        }
    }
}

impl From<Stop> for LineOutcome {
    fn from(stop: Stop) -> LineOutcome {
        match stop {
            Stop::Skipped => LineOutcome::Skipped,
            Stop::Rejected(reason) => LineOutcome::Rejected(reason),
        }
    }
}

impl Failure {
    /// The reject reason, naming `label` (the rule, let or filter) for run-time errors.
    fn into_reason(self, label: &str) -> String {
        match self {
            Failure::Reason(reason) => reason,
            Failure::Error(message) => format!("{label}: {message}"),
        }
    }
}

/// Whether a value can be written to an attribute of this SCIM type.
fn fits(expected: ScimType, value: &Value) -> bool {
    match expected {
        ScimType::String | ScimType::Reference | ScimType::Binary => {
            matches!(value, Value::String(_))
        }
        ScimType::Boolean => matches!(value, Value::Bool(_)),
        ScimType::Integer => matches!(value, Value::Int(_)),
        ScimType::Decimal => matches!(value, Value::Int(_) | Value::Float(_)),
        ScimType::DateTime => matches!(value, Value::Date(_) | Value::DateTime(_)),
        ScimType::Complex => matches!(value, Value::Object(_)),
    }
}

fn scim_type_words(kind: ScimType) -> &'static str {
    match kind {
        ScimType::String | ScimType::Reference | ScimType::Binary => "text",
        ScimType::Boolean => "true or false",
        ScimType::Integer => "a whole number",
        ScimType::Decimal => "a number",
        ScimType::DateTime => "a date and time",
        ScimType::Complex => "an object",
    }
}
