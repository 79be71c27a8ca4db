//! Calling functions in tests the way the engine does, and running doc examples.

use super::{lookup, Context, NullArgs};
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Literal, UnaryOp};
use crate::value::Value;
use std::collections::HashSet;
use std::sync::Arc;

/// The fixed date of test runs.
pub fn test_today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 28)
}

/// Calls a function by name with a fresh set of taken identifiers.
pub fn call(name: &str, args: Vec<Value>) -> Result<Value, String> {
    let mut taken = HashSet::new();
    call_with(name, args, &mut taken)
}

/// Calls a function by name as the engine does: `null` arguments per `null_args` first.
pub fn call_with(
    name: &str,
    args: Vec<Value>,
    taken: &mut HashSet<String>,
) -> Result<Value, String> {
    let function = lookup(name).unwrap_or_else(|| panic!("no function {name}"));
    let gives_null = match function.null_args {
        NullArgs::Any => args.iter().any(Value::is_null),
        NullArgs::Only(positions) => positions
            .iter()
            .any(|&position| args.get(position).is_some_and(Value::is_null)),
        NullArgs::None => false,
    };
    if gives_null {
        return Ok(Value::Null);
    }
    let mut context = Context {
        today: test_today(),
        now: "2026-11-28T09:30:00Z".parse().unwrap(),
        taken,
    };
    (function.run)(&args, &mut context)
}

pub fn s(text: &str) -> Value {
    Value::string(text)
}

pub fn list(items: Vec<Value>) -> Value {
    Value::list(items)
}

pub fn texts(items: &[&str]) -> Value {
    Value::list(items.iter().map(|item| s(item)).collect())
}

pub fn regex(pattern: &str) -> Value {
    Value::Regex(Arc::new(regex::Regex::new(pattern).unwrap()))
}

pub fn date(text: &str) -> Value {
    Value::Date(text.parse().unwrap())
}

pub fn datetime(text: &str) -> Value {
    Value::DateTime(text.parse().unwrap())
}

/// Evaluates an example: literals, lists, regexes, calls, pipes, `??`, `==` and `!=`.
/// Enough for the examples of the reference; anything else fails the test.
pub fn evaluate(expr: &Expr, taken: &mut HashSet<String>) -> Result<Value, String> {
    match &expr.kind {
        ExprKind::Literal(literal) => Ok(match literal {
            Literal::Null => Value::Null,
            Literal::Bool(b) => Value::Bool(*b),
            Literal::Int(i) => Value::Int(*i),
            Literal::Float(f) => Value::Float(*f),
            Literal::String(text) => s(text),
        }),
        ExprKind::Regex(literal) => {
            let flags = if literal.flags.is_empty() {
                String::new()
            } else {
                format!("(?{})", literal.flags)
            };
            Ok(regex(&format!("{flags}{}", literal.pattern)))
        }
        ExprKind::List(items) => {
            let values: Result<Vec<Value>, String> =
                items.iter().map(|item| evaluate(item, taken)).collect();
            Ok(Value::list(values?))
        }
        ExprKind::Call { function, args } => {
            let values: Result<Vec<Value>, String> =
                args.iter().map(|arg| evaluate(arg, taken)).collect();
            call_with(&function.name, values?, taken)
        }
        ExprKind::Pipe {
            subject,
            function,
            args,
        } => {
            let mut values = vec![evaluate(subject, taken)?];
            for arg in args {
                values.push(evaluate(arg, taken)?);
            }
            call_with(&function.name, values, taken)
        }
        ExprKind::Binary { op, left, right } => {
            let left = evaluate(left, taken)?;
            match op {
                BinaryOp::Coalesce if left.is_null() => evaluate(right, taken),
                BinaryOp::Coalesce => Ok(left),
                BinaryOp::Equal => Ok(Value::Bool(left == evaluate(right, taken)?)),
                BinaryOp::NotEqual => Ok(Value::Bool(left != evaluate(right, taken)?)),
                other => panic!("examples do not use {other:?}"),
            }
        }
        ExprKind::Unary {
            op: UnaryOp::Negate,
            operand,
        } => match evaluate(operand, taken)? {
            Value::Int(i) => Ok(Value::Int(-i)),
            Value::Float(f) => Ok(Value::Float(-f)),
            other => panic!("cannot negate {other:?}"),
        },
        other => panic!("examples do not use {other:?}"),
    }
}
