//! Runs a compiled program over records: evaluation, `unique`, SCIM user assembly and
//! record outcomes. Nothing here knows about syntax or checking.

use std::collections::HashSet;

/// A mapping ready to run: names resolved to slots, regexes compiled, tables loaded.
/// Built by `compile::compile` from a checked mapping.
#[derive(Debug)]
pub struct Program {}

/// What a run carries from record to record.
pub struct RunContext {
    /// `today()` for the whole run.
    pub today: jiff::civil::Date,
    /// `now()` for the whole run.
    pub now: jiff::Timestamp,
    /// userNames held by existing users and by records mapped earlier in this run,
    /// lower-cased.
    pub taken: HashSet<String>,
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

impl RunContext {
    pub fn new(today: jiff::civil::Date, now: jiff::Timestamp) -> RunContext {
        RunContext {
            today,
            now,
            taken: HashSet::new(),
        }
    }

    /// Records the userName of a user Plek already holds, so `unique` avoids it.
    pub fn add_existing_user_name(&mut self, user_name: &str) {
        self.taken.insert(user_name.to_lowercase());
    }
}

impl Program {
    /// Maps one input record.
    pub fn map_record(&self, _record: &serde_json::Value, _context: &mut RunContext) -> Outcome {
        todo!("engine")
    }
}
