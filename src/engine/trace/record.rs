//! The observer behind `explain`: turns the evaluator's choices into [`Step`]s (which
//! branch each `??`, `if` and `match` took, table lookups, how `unique` chose), kept per
//! rule, filter and let.

use super::super::eval::Failure;
use super::super::observe::Observer;
use super::super::program::{Call, Expr, IfExpr, MatchArm, MatchExpr, Table};
use super::super::Program;
use super::describe::{describe, describe_pattern, Names};
use super::{Candidate, Holder, Step};
use crate::functions::TakenNames;
use crate::value::Value;
use std::collections::HashSet;

/// How many numbered names an explanation lists before it stops counting them.
const NUMBERED_SHOWN: usize = 10;

/// Records the steps of one record's evaluation.
pub(super) struct Recorder<'p, 'a> {
    tables: &'p [Table],
    /// `let_names[i]` names let `i`, for describing expressions and listing lets.
    pub(super) let_names: Vec<String>,
    pub(super) let_steps: Vec<Vec<Step>>,
    /// Why a `let` failed, when it did.
    pub(super) let_errors: Vec<Option<String>>,
    /// Where steps go: the rule, filter or let being evaluated.
    steps: Vec<Step>,
    /// The steps of the expressions that lets being computed interrupted, innermost last:
    /// a let's steps are shown with the let, not with whatever first needed it.
    interrupted: Vec<Vec<Step>>,
    /// Inside a comprehension, steps are not recorded (they would repeat per element).
    quiet: usize,
    /// userNames `unique` handed out for this record so far, lower-cased.
    reserved: Vec<String>,
    existing: &'a HashSet<String>,
    /// Read directly, not through the evaluator's lookups: showing who holds a candidate
    /// must not note names as found free.
    taken: &'a TakenNames,
}

impl<'p, 'a> Recorder<'p, 'a> {
    /// A recorder for `program` in a run holding `taken`; `existing` holds the lower-cased
    /// userNames of existing users, to name them as holders.
    pub(super) fn new(
        program: &'p Program,
        taken: &'a TakenNames,
        existing: &'a HashSet<String>,
    ) -> Recorder<'p, 'a> {
        Recorder {
            tables: &program.tables,
            let_names: program
                .lets
                .iter()
                .map(|item| let_name(&item.label))
                .collect(),
            let_steps: vec![Vec::new(); program.lets.len()],
            let_errors: vec![None; program.lets.len()],
            steps: Vec::new(),
            interrupted: Vec::new(),
            quiet: 0,
            reserved: Vec::new(),
            existing,
            taken,
        }
    }

    /// The steps recorded since the last call: those of one top-level expression.
    pub(super) fn take_steps(&mut self) -> Vec<Step> {
        std::mem::take(&mut self.steps)
    }

    fn describe(&self, expr: &Expr) -> String {
        let names = Names {
            lets: &self.let_names,
            tables: self.tables,
        };
        describe(expr, names)
    }

    /// Whether steps are recorded here; describing costs more than evaluating, so it is
    /// skipped for steps that would not be kept.
    fn recording(&self) -> bool {
        self.quiet == 0
    }

    fn record_step(&mut self, step: Step) {
        if self.recording() {
            self.steps.push(step);
        }
    }

    /// What `unique` found: each candidate and whether it is held, and when all are, the
    /// numbered names it tried before a free one.
    fn unique_candidates(&self, args: &[Value]) -> (Vec<Candidate>, Vec<Candidate>) {
        let candidates: Vec<Candidate> = args
            .iter()
            .filter_map(Value::as_str)
            .map(|name| self.candidate(name))
            .collect();
        let mut numbered = Vec::new();
        if let Some(last) = candidates
            .last()
            .filter(|_| candidates.iter().all(|c| c.taken))
        {
            let (name, domain) = crate::functions::numbering_parts(&last.name);
            for number in 2.. {
                let candidate = self.candidate(&format!("{name}{number}{domain}"));
                if !candidate.taken || numbered.len() >= NUMBERED_SHOWN {
                    break;
                }
                numbered.push(candidate);
            }
        }
        (candidates, numbered)
    }

    fn candidate(&self, name: &str) -> Candidate {
        let key = name.to_lowercase();
        let taken = self.taken.contains(&key);
        let holder = if !taken {
            None
        } else if self.reserved.contains(&key) {
            Some(Holder::ThisRecord)
        } else if self.existing.contains(&key) {
            Some(Holder::Existing)
        } else {
            None
        };
        Candidate {
            name: name.to_string(),
            taken,
            holder,
        }
    }
}

impl Observer for Recorder<'_, '_> {
    fn coalesce(&mut self, left: &Expr, fallback: bool) {
        if self.recording() {
            let left = self.describe(left);
            self.record_step(Step::Coalesce { left, fallback });
        }
    }

    fn branch(&mut self, branch: &IfExpr, holds: bool) {
        if !self.recording() {
            return;
        }
        let branch_taken = match (holds, &branch.otherwise) {
            (true, _) => "then",
            (false, Some(_)) => "else",
            (false, None) => "no else: null",
        };
        let condition = self.describe(&branch.condition);
        self.record_step(Step::If {
            condition,
            holds,
            branch: branch_taken.into(),
        });
    }

    fn choice(&mut self, choice: &MatchExpr, subject: &Value, arm: Option<&MatchArm>) {
        if !self.recording() {
            return;
        }
        let step = Step::Match {
            subject: self.describe(&choice.subject),
            value: subject.to_json(),
            arm: arm.map(|arm| {
                let patterns: Vec<String> = arm.patterns.iter().map(describe_pattern).collect();
                patterns.join(" | ")
            }),
        };
        self.record_step(step);
    }

    fn lookup(&mut self, lookup: &Expr, key: &Value, found: bool) {
        if self.recording() {
            let lookup = self.describe(lookup);
            self.record_step(Step::Lookup {
                lookup,
                key: key.to_json(),
                found,
            });
        }
    }

    fn enter_comprehension(&mut self) {
        self.quiet += 1;
    }

    fn leave_comprehension(&mut self) {
        self.quiet = self.quiet.saturating_sub(1);
    }

    fn let_started(&mut self, _index: usize) {
        self.interrupted.push(std::mem::take(&mut self.steps));
    }

    fn let_finished(&mut self, index: usize, result: &Result<Value, Failure>) {
        let outer = self.interrupted.pop().unwrap_or_default();
        let steps = std::mem::replace(&mut self.steps, outer);
        if let Some(slot) = self.let_steps.get_mut(index) {
            *slot = steps;
        }
        if let (Err(failure), Some(slot)) = (result, self.let_errors.get_mut(index)) {
            let (Failure::Error(message) | Failure::Reason(message)) = failure;
            *slot = Some(message.clone());
        }
    }

    fn called(&mut self, call: &Call, args: &[Value], result: &Value) {
        if call.name != "unique" {
            return;
        }
        // `unique` only reads the taken names, so they are as it saw them.
        let (candidates, numbered) = self.unique_candidates(args);
        let chosen = result.as_str().map(str::to_string);
        if let Some(name) = &chosen {
            self.reserved.push(name.to_lowercase());
        }
        self.record_step(Step::Unique {
            candidates,
            numbered,
            chosen,
        });
    }
}

/// `family` from the label `let "family" (line 14)`.
fn let_name(label: &str) -> String {
    label.split('"').nth(1).unwrap_or(label).to_string()
}
