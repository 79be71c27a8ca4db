//! Constant folding beyond operators: calls of pure functions, `let`s, `match`es, members
//! and indexes whose inputs are all constant are computed once, when the mapping is
//! compiled, instead of once per record.
//!
//! A fold must never change what a record gives, so:
//! - only functions marked `Purity::Pure` in the function table fold: `today()` and
//!   `now()` depend on the run's clock, which a compiled program does not know (one program
//!   serves runs, tests and diffs with different clocks), and `unique` on earlier records;
//! - a call is computed by the engine's own evaluator, so `null` arguments and
//!   conversions behave exactly as at run time;
//! - a call that fails stays a call: every record that reaches it is rejected with the
//!   same reason as before, and a failing call in a branch no record takes costs nothing;
//! - a value is kept as a constant only when it is small (`FOLDED_SIZE_LIMIT`), so a
//!   mapping cannot make the compiler build huge values out of a chain of `let`s that no
//!   record would ever evaluate.

use crate::engine::operators;
use crate::engine::program::{Call, Expr, MatchExpr};
use crate::engine::{Expression, RunContext};
use crate::functions::{Function, Purity};
use crate::value::Value;

/// How much of a mapping the compiler computes ahead of the records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Folding {
    /// Everything constant, for running: operators, interpolations, `if`s and `??`s with
    /// constant deciding sides, calls of pure functions, constant `let`s, `match`es on
    /// constants, members and indexes of constants.
    Full,
    /// Only operators, interpolations, lists, objects and constant `if` / `??` / `and` /
    /// `or` deciding sides: calls, `let`s and `match`es stay as written, so that `explain`
    /// shows the steps and the `let`s a user wrote.
    AsWritten,
}

/// The largest constant (roughly in bytes of text) that folding keeps; larger values
/// are computed per record, as written.
pub(super) const FOLDED_SIZE_LIMIT: usize = 64 * 1024;

/// A call of `function` with `args`: its value when the function is pure, every argument
/// is constant, and the call succeeds with a small value; otherwise the call.
pub(super) fn call(function: &'static Function, args: Box<[Expr]>) -> Expr {
    let call = Call::of(function, args);
    if function.purity != Purity::Pure {
        return Expr::Call(Box::new(call));
    }
    match constant_call(&call) {
        Some(value) => Expr::Constant(value),
        None => Expr::Call(Box::new(call)),
    }
}

/// Runs a call whose arguments are all constants through the engine's evaluator.
fn constant_call(call: &Call) -> Option<Value> {
    // The evaluator takes its expression whole; the call stays as it is should the
    // run fail.
    let args = super::expr::constants(&call.args)?
        .into_iter()
        .map(Expr::Constant)
        .collect();
    let copy = Expr::Call(Box::new(Call { args, ..*call }));
    // A pure function reads nothing from the context; any clock will do.
    let mut context = RunContext::new(jiff::civil::date(1970, 1, 1), jiff::Timestamp::UNIX_EPOCH);
    let value = Expression::new(copy)
        .evaluate(&serde_json::Value::Null, &mut context)
        .ok()?;
    small(&value).then_some(value)
}

/// `subject.field` on a constant subject, when it succeeds.
pub(super) fn member(subject: Expr, field: std::sync::Arc<str>) -> Expr {
    if let Expr::Constant(value) = &subject {
        if let Ok(found) = operators::member(value, &field) {
            return Expr::Constant(found);
        }
    }
    Expr::Member(Box::new((subject, field)))
}

/// `subject[index]` on constants, when it succeeds.
pub(super) fn index(subject: Expr, position: Expr) -> Expr {
    if let (Expr::Constant(value), Expr::Constant(at)) = (&subject, &position) {
        if let Ok(found) = operators::index(value, at) {
            return Expr::Constant(found);
        }
    }
    Expr::Index(Box::new((subject, position)))
}

/// A `match` on a constant subject is the value of the arm it takes (`null` when none
/// does): the engine would evaluate only that arm, and the subject cannot fail.
pub(super) fn choose(choice: MatchExpr) -> Expr {
    let Expr::Constant(subject) = &choice.subject else {
        return Expr::Match(Box::new(choice));
    };
    let taken = choice
        .arms
        .iter()
        .position(|arm| arm.patterns.iter().any(|pattern| pattern.matches(subject)));
    match taken {
        Some(position) => {
            let mut arms = choice.arms.into_vec();
            arms.swap_remove(position).value
        }
        None => Expr::Constant(Value::Null),
    }
}

/// Whether a folded value is small enough to keep as a constant.
pub(super) fn small(value: &Value) -> bool {
    let mut budget = FOLDED_SIZE_LIMIT;
    fits(value, &mut budget)
}

fn fits(value: &Value, budget: &mut usize) -> bool {
    let size = match value {
        Value::String(text) => text.len(),
        Value::List(items) => items.len(),
        Value::Object(fields) => fields.iter().map(|(key, _)| key.len() + 1).sum(),
        _ => 1,
    };
    let Some(left) = budget.checked_sub(size.max(1)) else {
        return false;
    };
    *budget = left;
    match value {
        Value::List(items) => items.iter().all(|item| fits(item, budget)),
        Value::Object(fields) => fields.iter().all(|(_, item)| fits(item, budget)),
        _ => true,
    }
}
