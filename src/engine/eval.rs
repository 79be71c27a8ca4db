//! Evaluates compiled expressions for one record: `null` propagation, lazy `??`,
//! conditions where `null` counts as false, lets computed at most once. The one evaluator
//! of both `run` and `explain`: an [`Observer`] sees each choice it makes.

use super::fields::read_field;
use super::observe::{Observer, Unobserved};
use super::operators::{self, equals, text_into};
use super::program::{Call, Comprehension, Expr, MatchExpr, Operator, Table};
use super::sparse::{self, Slot};
use super::{Program, RunContext};
use crate::functions::{Context, HeldNames, LookupNotes, NameLookups, NullArgs};
use crate::value::Value;

/// Why evaluation stopped.
#[derive(Debug)]
pub(crate) enum Failure {
    /// A complete reject reason: a field that does not fit, or an error already named
    /// with the `let` it happened in.
    Reason(String),
    /// A run-time error, to be named with the rule or filter it happened in.
    Error(String),
}

type Evaluated = Result<Value, Failure>;

/// The input record: parsed whole, or only the fields the program reads.
#[derive(Clone, Copy)]
pub(crate) enum Record<'a> {
    Whole(&'a serde_json::Value),
    Sparse(&'a Slot<'a>),
}

/// The state of evaluating one record, watched by `O`.
pub(crate) struct Evaluator<'p, 'a, O = Unobserved> {
    program: &'p Program,
    record: Record<'a>,
    /// Let values computed so far (`None`: not yet needed).
    lets: Vec<Option<Value>>,
    /// Comprehension variables, innermost last.
    locals: Vec<Value>,
    /// Arguments of calls in progress, so calls need no allocation of their own.
    args: Vec<Value>,
    context: Context<'a>,
    observer: O,
}

impl<'p, 'a> Evaluator<'p, 'a> {
    /// An evaluator that nobody watches, for mapping. `unique` looks in `names` and writes
    /// in `notes` what it found: the names free or claimed, and where numbering may start
    /// (see `engine::ahead`).
    pub(crate) fn new(
        program: &'p Program,
        record: Record<'a>,
        run: &'a RunContext,
        names: HeldNames<'a>,
        notes: &'a mut LookupNotes,
    ) -> Evaluator<'p, 'a> {
        Evaluator::observed(program, record, run, names, notes, Unobserved)
    }
}

impl<'p, 'a, O: Observer> Evaluator<'p, 'a, O> {
    /// An evaluator that reports its choices to `observer`.
    pub(crate) fn observed(
        program: &'p Program,
        record: Record<'a>,
        run: &'a RunContext,
        names: HeldNames<'a>,
        notes: &'a mut LookupNotes,
        observer: O,
    ) -> Evaluator<'p, 'a, O> {
        Evaluator {
            program,
            record,
            lets: vec![None; program.lets.len()],
            locals: Vec::new(),
            args: Vec::new(),
            context: Context {
                today: run.today,
                now: run.now,
                taken: NameLookups::over(names, notes),
            },
            observer,
        }
    }

    pub(crate) fn observer(&self) -> &O {
        &self.observer
    }

    pub(crate) fn observer_mut(&mut self) -> &mut O {
        &mut self.observer
    }

    /// The value of let `index`, if it was computed (lets are computed when first needed).
    pub(crate) fn computed_let(&self, index: usize) -> Option<&Value> {
        self.lets.get(index).and_then(Option::as_ref)
    }

    pub(crate) fn eval(&mut self, expr: &'p Expr) -> Evaluated {
        match expr {
            Expr::Constant(value) => Ok(value.clone()),
            Expr::Interpolated(parts) => self.interpolate(parts),
            Expr::Field(read) => match self.record {
                Record::Whole(json) => read_field(json, read),
                Record::Sparse(slot) => sparse::read_field(slot, read),
            }
            .map_err(Failure::Reason),
            Expr::Let(index) => self.let_value(*index),
            Expr::Local(depth) => Ok(self.local(*depth)),
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
                let program = self.program;
                let found = table_lookup(&program.tables[*table], &key);
                self.observer.lookup(expr, &key, found.is_some());
                Ok(found.cloned().unwrap_or(Value::Null))
            }
            Expr::List(items) => {
                let values = items
                    .iter()
                    .map(|item| self.eval(item))
                    .collect::<Result<Vec<_>, _>>()?;
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
                self.observer.enter_comprehension();
                let result = self.comprehension(comprehension);
                self.observer.leave_comprehension();
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
                self.observer.branch(branch, holds);
                if holds {
                    self.eval(&branch.then)
                } else {
                    match &branch.otherwise {
                        Some(otherwise) => self.eval(otherwise),
                        None => Ok(Value::Null),
                    }
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
        self.observer.let_started(index);
        let result = self.eval(&definition.value);
        self.observer.let_finished(index, &result);
        let value = result.map_err(|failure| match failure {
            Failure::Error(message) => Failure::Reason(format!("{}: {message}", definition.label)),
            reason => reason,
        })?;
        self.lets[index] = Some(value.clone());
        Ok(value)
    }

    fn local(&self, depth: usize) -> Value {
        self.locals
            .len()
            .checked_sub(depth + 1)
            .and_then(|position| self.locals.get(position))
            .cloned()
            .unwrap_or(Value::Null)
    }

    fn interpolate(&mut self, parts: &'p [Expr]) -> Evaluated {
        let mut text = String::new();
        for part in parts {
            text_into(&self.eval(part)?, &mut text);
        }
        Ok(Value::string(text))
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
                self.observer.coalesce(left, fallback);
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
        let base = self.args.len();
        for arg in call.args.iter() {
            match self.eval(arg) {
                Ok(value) => self.args.push(value),
                Err(failure) => {
                    self.args.truncate(base);
                    return Err(failure);
                }
            }
        }
        let args = &self.args[base..];
        let gives_null = match call.null_args {
            NullArgs::Any => args.iter().any(Value::is_null),
            NullArgs::Only(positions) => positions
                .iter()
                .any(|&position| args.get(position).is_some_and(Value::is_null)),
            NullArgs::None => false,
        };
        let result = if gives_null {
            Ok(Value::Null)
        } else {
            let result = (call.run)(args, &mut self.context);
            if let Ok(value) = &result {
                self.observer.called(call, args, value);
            }
            result
        };
        self.args.truncate(base);
        result.map_err(|message| Failure::Error(name_function(call.name, message)))
    }

    fn choose(&mut self, choice: &'p MatchExpr) -> Evaluated {
        let subject = self.eval(&choice.subject)?;
        let arm = choice
            .arms
            .iter()
            .find(|arm| arm.patterns.iter().any(|pattern| pattern.matches(&subject)));
        self.observer.choice(choice, &subject, arm);
        match arm {
            Some(arm) => self.eval(&arm.value),
            None => Ok(Value::Null),
        }
    }
}

/// The table's entry for `key` as text; `null` has none.
fn table_lookup<'t>(table: &'t Table, key: &Value) -> Option<&'t Value> {
    match key {
        Value::Null => None,
        Value::String(text) => table.get(text.as_ref()),
        other => {
            let mut text = String::new();
            text_into(other, &mut text);
            table.get(&text)
        }
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
