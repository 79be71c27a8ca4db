//! The evaluator that explains: the same semantics as the engine's evaluator (lazy `??`,
//! `and`, `or` and lets, `null` as false in conditions), recording which branch each
//! `??`, `if` and `match` took and how `unique` chose. Kept apart from the fast
//! evaluator so that mapping pays nothing for explanations.

use super::super::eval::Failure;
use super::super::fields::read_field;
use super::super::operators::{self, equals, text_into};
use super::super::program::{Call, Comprehension, Expr, MatchExpr, Operator, Pattern};
use super::super::{Program, RunContext};
use super::describe::{describe, describe_pattern, Names};
use super::{Candidate, Holder, Step};
use crate::functions::{Context, NameLookups, NullArgs, TakenNames};
use crate::value::Value;
use std::collections::HashSet;

type Evaluated = Result<Value, Failure>;

/// How many numbered names an explanation lists before it stops counting them.
const NUMBERED_SHOWN: usize = 10;

pub(super) struct Tracer<'p, 'a> {
    program: &'p Program,
    record: &'a serde_json::Value,
    pub(super) let_names: Vec<String>,
    pub(super) lets: Vec<Option<Value>>,
    pub(super) let_steps: Vec<Vec<Step>>,
    /// Why a `let` failed, when it did.
    pub(super) let_errors: Vec<Option<String>>,
    locals: Vec<Value>,
    /// Where steps go: the rule, filter or let being evaluated.
    steps: Vec<Step>,
    /// Inside a comprehension, steps are not recorded (they would repeat per element).
    quiet: usize,
    /// userNames `unique` handed out for this record so far, lower-cased.
    reserved: Vec<String>,
    existing: &'a HashSet<String>,
    taken: &'a TakenNames,
    context: Context<'a>,
}

impl<'p, 'a> Tracer<'p, 'a> {
    pub(super) fn new(
        program: &'p Program,
        record: &'a serde_json::Value,
        run: &'a RunContext,
        found_free: &'a mut Vec<String>,
        existing: &'a HashSet<String>,
    ) -> Tracer<'p, 'a> {
        Tracer {
            program,
            record,
            let_names: program
                .lets
                .iter()
                .map(|item| let_name(&item.label))
                .collect(),
            lets: vec![None; program.lets.len()],
            let_steps: vec![Vec::new(); program.lets.len()],
            let_errors: vec![None; program.lets.len()],
            locals: Vec::new(),
            steps: Vec::new(),
            quiet: 0,
            reserved: Vec::new(),
            existing,
            taken: &run.taken,
            context: Context {
                today: run.today,
                now: run.now,
                taken: NameLookups::new(&run.taken, found_free),
            },
        }
    }

    /// Evaluates a top-level expression; returns its value and the steps recorded.
    pub(super) fn eval_traced(&mut self, expr: &'p Expr) -> (Evaluated, Vec<Step>) {
        let outer = std::mem::take(&mut self.steps);
        let result = self.eval(expr);
        (result, std::mem::replace(&mut self.steps, outer))
    }

    pub(super) fn describe(&self, expr: &Expr) -> String {
        let names = Names {
            lets: &self.let_names,
            tables: &self.program.tables,
        };
        describe(expr, names)
    }

    fn record_step(&mut self, step: Step) {
        if self.quiet == 0 {
            self.steps.push(step);
        }
    }

    fn eval(&mut self, expr: &'p Expr) -> Evaluated {
        match expr {
            Expr::Constant(value) => Ok(value.clone()),
            Expr::Interpolated(parts) => {
                let mut text = String::new();
                for part in parts.iter() {
                    text_into(&self.eval(part)?, &mut text);
                }
                Ok(Value::string(text))
            }
            Expr::Field(read) => read_field(self.record, read).map_err(Failure::Reason),
            Expr::Let(index) => self.let_value(*index),
            Expr::Local(depth) => Ok(self
                .locals
                .len()
                .checked_sub(depth + 1)
                .and_then(|position| self.locals.get(position))
                .cloned()
                .unwrap_or(Value::Null)),
            Expr::Member(member) => {
                let subject = self.eval(&member.0)?;
                operators::member(&subject, &member.1).map_err(Failure::Error)
            }
            Expr::Index(index) => {
                let subject = self.eval(&index.0)?;
                let position = self.eval(&index.1)?;
                operators::index(&subject, &position).map_err(Failure::Error)
            }
            Expr::TableLookup(table, key) => {
                let key = self.eval(key)?;
                let found = self.table_lookup(*table, &key);
                // Describing costs more than looking up: not for every comprehension element.
                if self.quiet == 0 {
                    self.record_step(Step::Lookup {
                        lookup: self.describe(expr),
                        key: key.to_json(),
                        found: found.is_some(),
                    });
                }
                Ok(found.unwrap_or(Value::Null))
            }
            Expr::List(items) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items.iter() {
                    values.push(self.eval(item)?);
                }
                Ok(Value::list(values))
            }
            Expr::Object(object) => {
                let mut fields = Vec::with_capacity(object.keys.len());
                for (key, value) in object.keys.iter().zip(object.values.iter()) {
                    fields.push((key.clone(), self.eval(value)?));
                }
                Ok(Value::Object(fields.into()))
            }
            Expr::Comprehension(comprehension) => {
                self.quiet += 1;
                let result = self.comprehension(comprehension);
                self.quiet -= 1;
                result
            }
            Expr::Not(operand) => Ok(Value::Bool(!self.eval(operand)?.is_true())),
            Expr::Negate(operand) => {
                let value = self.eval(operand)?;
                operators::negate(&value).map_err(Failure::Error)
            }
            Expr::Binary(binary) => self.binary(binary.op, &binary.left, &binary.right),
            Expr::InSet(set) => {
                let subject = self.eval(&set.subject)?;
                Ok(match &subject {
                    Value::Null => Value::Null,
                    Value::String(text) => Value::Bool(set.texts.contains(text.as_ref())),
                    other => Value::Bool(set.items.iter().any(|item| equals(other, item))),
                })
            }
            Expr::Call(call) => self.call(call),
            Expr::If(branch) => {
                let holds = self.eval(&branch.condition)?.is_true();
                let condition = self.describe(&branch.condition);
                let branch_taken = match (holds, &branch.otherwise) {
                    (true, _) => "then",
                    (false, Some(_)) => "else",
                    (false, None) => "no else: null",
                };
                self.record_step(Step::If {
                    condition,
                    holds,
                    branch: branch_taken.into(),
                });
                match (holds, &branch.otherwise) {
                    (true, _) => self.eval(&branch.then),
                    (false, Some(otherwise)) => self.eval(otherwise),
                    (false, None) => Ok(Value::Null),
                }
            }
            Expr::Match(choice) => self.choose(choice),
        }
    }

    fn let_value(&mut self, index: usize) -> Evaluated {
        if let Some(value) = &self.lets[index] {
            return Ok(value.clone());
        }
        let definition = &self.program.lets[index];
        let (result, steps) = self.eval_traced(&definition.value);
        self.let_steps[index] = steps;
        let value = result.map_err(|failure| {
            let (message, failure) = match failure {
                Failure::Error(message) => {
                    let reason = format!("{}: {message}", definition.label);
                    (message, Failure::Reason(reason))
                }
                Failure::Reason(reason) => (reason.clone(), Failure::Reason(reason)),
            };
            self.let_errors[index] = Some(message);
            failure
        })?;
        self.lets[index] = Some(value.clone());
        Ok(value)
    }

    fn table_lookup(&self, table: usize, key: &Value) -> Option<Value> {
        let entries = &self.program.tables[table];
        let found = match key {
            Value::Null => None,
            Value::String(text) => entries.get(text.as_ref()),
            other => {
                let mut text = String::new();
                text_into(other, &mut text);
                entries.get(&text)
            }
        };
        found.cloned()
    }

    fn comprehension(&mut self, comprehension: &'p Comprehension) -> Evaluated {
        let items = match self.eval(&comprehension.list)? {
            Value::Null => return Ok(Value::Null),
            Value::List(items) => items,
            other => {
                return Err(Failure::Error(format!(
                    "`for ... in` needs a list, got {}",
                    other.kind_name()
                )))
            }
        };
        let mut results = Vec::with_capacity(items.len());
        for item in items.iter() {
            self.locals.push(item.clone());
            let result = self.comprehension_step(comprehension);
            self.locals.pop();
            if let Some(value) = result? {
                results.push(value);
            }
        }
        Ok(Value::list(results))
    }

    fn comprehension_step(
        &mut self,
        comprehension: &'p Comprehension,
    ) -> Result<Option<Value>, Failure> {
        if let Some(condition) = &comprehension.condition {
            if !self.eval(condition)?.is_true() {
                return Ok(None);
            }
        }
        self.eval(&comprehension.element).map(Some)
    }

    fn binary(&mut self, op: Operator, left: &'p Expr, right: &'p Expr) -> Evaluated {
        match op {
            Operator::Coalesce => {
                let value = self.eval(left)?;
                let fallback = value.is_null();
                self.record_step(Step::Coalesce {
                    left: self.describe(left),
                    fallback,
                });
                if fallback {
                    self.eval(right)
                } else {
                    Ok(value)
                }
            }
            Operator::And => Ok(Value::Bool(
                self.eval(left)?.is_true() && self.eval(right)?.is_true(),
            )),
            Operator::Or => Ok(Value::Bool(
                self.eval(left)?.is_true() || self.eval(right)?.is_true(),
            )),
            _ => {
                let left = self.eval(left)?;
                let right = self.eval(right)?;
                operators::apply(op, &left, &right).map_err(Failure::Error)
            }
        }
    }

    fn call(&mut self, call: &'p Call) -> Evaluated {
        let mut args = Vec::with_capacity(call.args.len());
        for arg in call.args.iter() {
            args.push(self.eval(arg)?);
        }
        let gives_null = match call.null_args {
            NullArgs::Any => args.iter().any(Value::is_null),
            NullArgs::Only(positions) => positions
                .iter()
                .any(|&position| args.get(position).is_some_and(Value::is_null)),
            NullArgs::None => false,
        };
        if gives_null {
            return Ok(Value::Null);
        }
        let before = (call.name == "unique").then(|| self.unique_candidates(&args));
        let result = (call.run)(&args, &mut self.context)
            .map_err(|message| Failure::Error(name_function(call.name, message)))?;
        if let Some((candidates, numbered)) = before {
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
        Ok(result)
    }

    /// What `unique` will find: each candidate and whether it is held, and when all are,
    /// the numbered names it tries before a free one.
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
            let (name, domain) = match last.name.rfind('@') {
                Some(at) => last.name.split_at(at),
                None => (last.name.as_str(), ""),
            };
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

    fn choose(&mut self, choice: &'p MatchExpr) -> Evaluated {
        let subject = self.eval(&choice.subject)?;
        let arm = choice.arms.iter().find(|arm| {
            arm.patterns
                .iter()
                .any(|pattern| matches_pattern(&subject, pattern))
        });
        self.record_step(Step::Match {
            subject: self.describe(&choice.subject),
            value: subject.to_json(),
            arm: arm.map(|arm| {
                let patterns: Vec<String> = arm.patterns.iter().map(describe_pattern).collect();
                patterns.join(" | ")
            }),
        });
        match arm {
            Some(arm) => self.eval(&arm.value),
            None => Ok(Value::Null),
        }
    }
}

fn matches_pattern(subject: &Value, pattern: &Pattern) -> bool {
    match pattern {
        Pattern::Wildcard => true,
        Pattern::Constant(constant) => equals(subject, constant),
        Pattern::Regex(regex) => subject.as_str().is_some_and(|text| regex.is_match(text)),
    }
}

/// `int: "12a" is not a whole number`: the function's name first, once.
fn name_function(name: &str, message: String) -> String {
    let named = message
        .strip_prefix(name)
        .is_some_and(|rest| rest.starts_with(':'));
    if named {
        message
    } else {
        format!("{name}: {message}")
    }
}

/// `family` from the label `let "family" (line 14)`.
fn let_name(label: &str) -> String {
    label.split('"').nth(1).unwrap_or(label).to_string()
}
