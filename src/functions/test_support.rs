//! Calling functions in tests the way the engine does.

use super::{lookup, Context, NameLookups, NullArgs, TakenNames};
use crate::value::Value;
use std::sync::Arc;

/// Calls a function by name with a fresh set of taken identifiers.
pub fn call(name: &str, args: Vec<Value>) -> Result<Value, String> {
    call_with(name, args, &TakenNames::default())
}

/// Calls a function by name as the engine does: `null` arguments per `null_args` first.
pub fn call_with(name: &str, args: Vec<Value>, taken: &TakenNames) -> Result<Value, String> {
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
    let mut notes = crate::functions::LookupNotes::default();
    let mut context = Context {
        today: crate::reference::example_today(),
        now: crate::reference::example_now(),
        taken: NameLookups::new(taken, &mut notes),
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
