//! Explanations: for one record, each filter's verdict, each let's value and each rule's
//! value with how it was reached (`??` branches, `if` and `match` choices, table lookups,
//! `unique` candidates and who holds them). The engine's own evaluator computes the
//! values, so they cannot differ from `run`'s; a recorder watching it notes the steps.

mod describe;
mod record;

use super::eval::{Evaluator, Failure, Record};
use super::program::Expr;
use super::{Outcome, Program, RunContext};
use crate::value::Value;
use describe::{inputs, Input};
use record::Recorder;
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::HashSet;

/// How one record was mapped, step by step.
#[derive(Clone, Debug, Serialize)]
pub struct Explanation {
    pub filters: Vec<FilterTrace>,
    pub lets: Vec<LetTrace>,
    pub rules: Vec<RuleTrace>,
    /// Exactly what `map_record` gives for the record in the same run.
    #[serde(skip)]
    pub outcome: Outcome,
}

/// A `skip when` or `reject when`.
#[derive(Clone, Debug, Serialize)]
pub struct FilterTrace {
    /// `skip when (line 12)`, `reject "no name at all" (line 13)`.
    pub label: String,
    pub reject: bool,
    /// `None` when an earlier filter already decided the record.
    pub fired: Option<bool>,
    /// The fields and lets the condition reads, with their values (or why a field could
    /// not be read).
    pub inputs: Vec<(String, Json)>,
    pub steps: Vec<Step>,
    /// The run-time error that rejected the record here.
    pub error: Option<String>,
}

/// A `let`.
#[derive(Clone, Debug, Serialize)]
pub struct LetTrace {
    pub name: String,
    pub label: String,
    /// `None` when no filter or rule needed it, so it was never computed, or when it failed.
    pub value: Option<Json>,
    pub steps: Vec<Step>,
    /// The run-time error that rejected the record here.
    pub error: Option<String>,
}

/// A rule.
#[derive(Clone, Debug, Serialize)]
pub struct RuleTrace {
    pub target: String,
    pub label: String,
    /// `None` when the record was decided before this rule ran.
    pub value: Option<Json>,
    pub steps: Vec<Step>,
    /// The run-time error that rejected the record here.
    pub error: Option<String>,
}

/// One choice made while evaluating.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// `left ?? right`: whether `left` was null, so the fallback was used.
    Coalesce { left: String, fallback: bool },
    /// `if condition then ... else ...`: `branch` is `then`, `else` or `no else: null`.
    If {
        condition: String,
        holds: bool,
        branch: String,
    },
    /// `match subject { ... }`: the subject's value and the arm taken (`None`: none).
    Match {
        subject: String,
        value: Json,
        arm: Option<String>,
    },
    /// `table[key]`: the lookup as written (`departments[dept_code]`), the key's value and
    /// whether the table has an entry for it (when not, the lookup gives null).
    Lookup {
        lookup: String,
        key: Json,
        found: bool,
    },
    /// `unique(...)`: each candidate, the numbered names tried when all were taken, and
    /// the name handed out.
    Unique {
        candidates: Vec<Candidate>,
        numbered: Vec<Candidate>,
        chosen: Option<String>,
    },
}

/// A name `unique` looked at.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    pub name: String,
    pub taken: bool,
    /// Who holds it, when taken and known.
    pub holder: Option<Holder>,
}

/// Who holds a userName.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Holder {
    /// A user Plek already has (`--existing`).
    Existing,
    /// The record starting on this line, mapped earlier in the run.
    Record(u64),
    /// An earlier `unique` of the same record.
    ThisRecord,
}

/// The settings of a run, so it can be replayed.
#[derive(Clone, Debug)]
pub struct RunSettings {
    pub today: jiff::civil::Date,
    pub now: jiff::Timestamp,
    /// userNames of users Plek already holds.
    pub existing: Vec<String>,
}

impl RunSettings {
    fn context(&self) -> RunContext {
        let mut context = RunContext::new(self.today, self.now);
        for name in &self.existing {
            context.add_existing_user_name(name);
        }
        context
    }
}

impl Program {
    /// Explains `record` as the record after `earlier` in a run with `settings`: the
    /// earlier records are mapped first, so `unique` sees the names they took, and a
    /// name that one of them holds is attributed to its line. `earlier` gives each
    /// record's line and the record (`None`: unreadable, so it takes no name).
    pub fn explain_in_run(
        &self,
        earlier: &[(u64, Option<&Json>)],
        record: &Json,
        settings: &RunSettings,
    ) -> Explanation {
        let mut context = self.replay(earlier, settings, &mut []);
        let existing: HashSet<String> = settings
            .existing
            .iter()
            .map(|name| name.to_lowercase())
            .collect();
        let mut explanation = self.explain_record(record, &mut context, &existing);
        let mut watched: Vec<(String, Option<u64>)> = unattributed(&mut explanation)
            .map(|candidate| (candidate.name.to_lowercase(), None))
            .collect();
        if !watched.is_empty() {
            self.replay(earlier, settings, &mut watched);
            for candidate in unattributed(&mut explanation) {
                let key = candidate.name.to_lowercase();
                candidate.holder = watched
                    .iter()
                    .find(|(name, _)| *name == key)
                    .and_then(|(_, line)| line.map(Holder::Record));
            }
        }
        explanation
    }

    /// Maps `earlier` in a fresh context; for each watched name, notes the line of the
    /// first record after which it is taken.
    fn replay(
        &self,
        earlier: &[(u64, Option<&Json>)],
        settings: &RunSettings,
        watched: &mut [(String, Option<u64>)],
    ) -> RunContext {
        let mut context = settings.context();
        for (line, record) in earlier {
            if let Some(record) = record {
                self.map_record(record, &mut context);
            }
            for (name, holder) in watched.iter_mut() {
                if holder.is_none() && context.taken.contains(name.as_str()) {
                    *holder = Some(*line);
                }
            }
        }
        context
    }

    /// Explains one record in `context`, which it changes as `map_record` would.
    /// `existing` holds the lower-cased userNames of existing users, to name them as
    /// holders.
    pub fn explain_record(
        &self,
        record: &Json,
        context: &mut RunContext,
        existing: &HashSet<String>,
    ) -> Explanation {
        let mut notes = crate::functions::LookupNotes::default();
        let run: &RunContext = context;
        let recorder = Recorder::new(self, &run.taken, existing);
        let mut tracer = Evaluator::observed(
            self,
            Record::Whole(record),
            run,
            crate::functions::HeldNames::settled(&run.taken),
            &mut notes,
            recorder,
        );
        let mut decided: Option<Outcome> = None;
        let mut filters = Vec::with_capacity(self.filters.len());
        for filter in &self.filters {
            let mut trace = FilterTrace {
                label: filter.label.clone(),
                reject: filter.reject_reason.is_some(),
                fired: None,
                inputs: Vec::new(),
                steps: Vec::new(),
                error: None,
            };
            if decided.is_none() {
                let (result, steps) = eval_traced(&mut tracer, &filter.condition);
                trace.steps = steps;
                match result {
                    Ok(value) if value.is_true() => {
                        trace.fired = Some(true);
                        decided = Some(match &filter.reject_reason {
                            None => Outcome::Skipped,
                            Some(reason) => Outcome::Rejected(reason.clone()),
                        });
                    }
                    Ok(_) => trace.fired = Some(false),
                    Err(failure) => {
                        let reason = failure.into_reason(&filter.label);
                        trace.error = Some(reason.clone());
                        decided = Some(Outcome::Rejected(reason));
                    }
                }
                trace.inputs = input_values(&tracer, record, &filter.condition);
            }
            filters.push(trace);
        }
        let mut results = Vec::with_capacity(self.rules.len());
        let mut rules = Vec::with_capacity(self.rules.len());
        for rule in &self.rules {
            let mut trace = RuleTrace {
                target: rule.target.clone(),
                label: rule.label.clone(),
                value: None,
                steps: Vec::new(),
                error: None,
            };
            if decided.is_none() {
                let (result, steps) = eval_traced(&mut tracer, &rule.value);
                trace.steps = steps;
                match result {
                    Ok(value) => {
                        trace.value = Some(value.to_json());
                        results.push(value);
                    }
                    Err(failure) => {
                        let reason = failure.into_reason(&rule.label);
                        trace.error = Some(reason.clone());
                        decided = Some(Outcome::Rejected(reason));
                    }
                }
            }
            rules.push(trace);
        }
        let lets = self
            .lets
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let value = tracer.computed_let(index).map(Value::to_json);
                let recorder = tracer.observer_mut();
                LetTrace {
                    name: recorder.let_names[index].clone(),
                    label: item.label.clone(),
                    value,
                    steps: std::mem::take(&mut recorder.let_steps[index]),
                    error: recorder.let_errors[index].take(),
                }
            })
            .collect();
        drop(tracer);
        let outcome = decided.unwrap_or_else(|| match self.accept(&results, context) {
            Ok(()) => Outcome::Mapped(super::assemble::assemble(&self.output, &results)),
            Err(reason) => Outcome::Rejected(reason),
        });
        Explanation {
            filters,
            lets,
            rules,
            outcome,
        }
    }
}

/// Evaluates a filter's condition or a rule's value: its value and the steps recorded.
fn eval_traced<'p>(
    tracer: &mut Evaluator<'p, '_, Recorder<'_, '_>>,
    expr: &'p Expr,
) -> (Result<Value, Failure>, Vec<Step>) {
    let result = tracer.eval(expr);
    (result, tracer.observer_mut().take_steps())
}

/// The candidates that are taken by someone not yet named.
fn unattributed(explanation: &mut Explanation) -> impl Iterator<Item = &mut Candidate> {
    let filters = explanation
        .filters
        .iter_mut()
        .flat_map(|f| f.steps.iter_mut());
    let lets = explanation.lets.iter_mut().flat_map(|l| l.steps.iter_mut());
    let rules = explanation
        .rules
        .iter_mut()
        .flat_map(|r| r.steps.iter_mut());
    filters
        .chain(lets)
        .chain(rules)
        .flat_map(|step| match step {
            Step::Unique {
                candidates,
                numbered,
                ..
            } => candidates.iter_mut().chain(numbered.iter_mut()).collect(),
            _ => Vec::new(),
        })
        .filter(|candidate| candidate.taken && candidate.holder.is_none())
}

/// The values of the fields and (computed) lets a condition reads.
fn input_values(
    tracer: &Evaluator<'_, '_, Recorder<'_, '_>>,
    record: &Json,
    condition: &Expr,
) -> Vec<(String, Json)> {
    let mut found = Vec::new();
    inputs(condition, &mut found);
    found
        .into_iter()
        .filter_map(|input| match input {
            Input::Field(read) => Some((
                read.display.to_string(),
                match super::fields::read_field(record, read) {
                    Ok(value) => value.to_json(),
                    Err(reason) => Json::String(reason),
                },
            )),
            Input::Let(index) => tracer.computed_let(index).map(|value| {
                let name = tracer.observer().let_names[index].clone();
                (name, value.to_json())
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests;
