//! Reads a field from the JSON record and converts it to a value of its declared type;
//! a value that does not fit the declaration rejects the record.

use super::operators::{parse_date, quote};
use super::program::{FieldRead, StepKind};
use crate::schema::{ObjectType, Shape, Type};
use crate::value::Value;
use serde_json::Value as Json;
use std::sync::Arc;

/// Reads `read` from `record`. `Err` is a complete reject reason.
pub(crate) fn read_field(record: &Json, read: &FieldRead) -> Result<Value, String> {
    read_from(record, read, 0)
}

/// Reads `read` from `current`, the value reached after its first `first_step` steps.
pub(super) fn read_from(
    current: &Json,
    read: &FieldRead,
    first_step: usize,
) -> Result<Value, String> {
    let mut current = current;
    for step in read.steps.iter().skip(first_step) {
        let next = match (&step.kind, current) {
            (_, Json::Null) => return missing(read, Absence::Null),
            (StepKind::Key(key), Json::Object(fields)) => fields.get(key.as_ref()),
            (StepKind::Index(position), Json::Array(items)) => usize::try_from(*position)
                .ok()
                .and_then(|position| items.get(position)),
            (kind, other) if step.declared => {
                let wanted = match kind {
                    StepKind::Key(_) => "an object",
                    StepKind::Index(_) => "a list",
                };
                return Err(if step.parent_display.is_empty() {
                    format!(
                        "the record is not a JSON object, got {}",
                        describe_json(other)
                    )
                } else {
                    format!(
                        "field \"{}\": expected {wanted}, got {}",
                        step.parent_display,
                        describe_json(other)
                    )
                });
            }
            _ => None,
        };
        match next {
            Some(value) => current = value,
            None => return missing(read, Absence::Missing),
        }
    }
    if current.is_null() {
        return missing(read, Absence::Null);
    }
    convert(current, &read.expected, &read.display)
}

/// How a field came to have no value.
pub(super) enum Absence {
    Null,
    Missing,
}

/// The value of a field that is `null` or absent: `null` where the schema allows it.
pub(super) fn missing(read: &FieldRead, absence: Absence) -> Result<Value, String> {
    if read.nullable || allows_null(&read.expected) {
        return Ok(Value::Null);
    }
    let expected = expectation(&read.expected);
    Err(match absence {
        Absence::Null => format!("field \"{}\": expected {expected}, got null", read.display),
        Absence::Missing => format!(
            "field \"{}\" is missing (expected {expected})",
            read.display
        ),
    })
}

fn allows_null(ty: &Type) -> bool {
    ty.nullable || matches!(ty.shape, Shape::Any | Shape::Null | Shape::Error)
}

/// Converts a JSON value to a value of type `ty`; `path` names it in the reason.
pub(super) fn convert(json: &Json, ty: &Type, path: &str) -> Result<Value, String> {
    let converted = match (&ty.shape, json) {
        (_, Json::Null) if allows_null(ty) => Some(Value::Null),
        (Shape::Any | Shape::Null | Shape::Error | Shape::Regex, _) => Some(Value::from_json(json)),
        (Shape::String, Json::String(text)) => Some(Value::string(text.as_str())),
        (Shape::Enum(values), Json::String(text)) => values
            .iter()
            .any(|value| value == text)
            .then(|| Value::string(text.as_str())),
        (Shape::Int, Json::Number(number)) => whole_number(number).map(Value::Int),
        (Shape::Float, Json::Number(number)) => number.as_f64().map(Value::Float),
        (Shape::Bool, Json::Bool(b)) => Some(Value::Bool(*b)),
        (Shape::Date, Json::String(text)) => parse_date(text).map(Value::Date),
        (Shape::DateTime, Json::String(text)) => text.parse().ok().map(Value::DateTime),
        (Shape::List(element), Json::Array(items)) => return convert_list(items, element, path),
        (Shape::Object(object), Json::Object(fields)) => {
            return convert_object(fields, object, path)
        }
        _ => None,
    };
    converted.ok_or_else(|| {
        format!(
            "field \"{path}\": expected {}, got {}",
            expectation(ty),
            describe_json(json)
        )
    })
}

/// `convert` for a JSON string, without making a JSON value of it for the usual types.
pub(super) fn convert_text(text: &str, ty: &Type, path: &str) -> Result<Value, String> {
    let converted = match &ty.shape {
        Shape::Any | Shape::Null | Shape::Error | Shape::Regex | Shape::String => {
            Some(Value::string(text))
        }
        Shape::Enum(values) => values
            .iter()
            .any(|value| value == text)
            .then(|| Value::string(text)),
        Shape::Date => parse_date(text).map(Value::Date),
        Shape::DateTime => text.parse().ok().map(Value::DateTime),
        _ => return convert(&Json::String(text.to_string()), ty, path),
    };
    converted.ok_or_else(|| {
        format!(
            "field \"{path}\": expected {}, got {}",
            expectation(ty),
            quote(text)
        )
    })
}

fn whole_number(number: &serde_json::Number) -> Option<i64> {
    number.as_i64().or_else(|| {
        let float = number.as_f64()?;
        // 12.0 is a whole number; 2^63 and beyond are not representable.
        (float.fract() == 0.0 && float.abs() < 9.2e18).then_some(float as i64)
    })
}

fn convert_list(items: &[Json], element: &Type, path: &str) -> Result<Value, String> {
    let values = items
        .iter()
        .enumerate()
        .map(|(i, item)| convert(item, element, &format!("{path}[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Value::list(values))
}

fn convert_object(
    fields: &serde_json::Map<String, Json>,
    object: &ObjectType,
    path: &str,
) -> Result<Value, String> {
    let mut values = Vec::with_capacity(object.fields.len());
    for field in &object.fields {
        let field_path = format!("{path}.{}", field.name);
        let value = match fields.get(&field.name) {
            Some(json) => convert(json, &field.ty, &field_path)?,
            None if allows_null(&field.ty) => Value::Null,
            None => {
                return Err(format!(
                    "field \"{field_path}\" is missing (expected {})",
                    expectation(&field.ty)
                ))
            }
        };
        values.push((Arc::from(field.name.as_str()), value));
    }
    Ok(Value::Object(values.into()))
}

/// What a declared type expects, in words.
fn expectation(ty: &Type) -> String {
    match &ty.shape {
        Shape::String => "a string".into(),
        Shape::Int => "a whole number".into(),
        Shape::Float => "a number".into(),
        Shape::Bool => "true or false".into(),
        Shape::Date => "a date (YYYY-MM-DD)".into(),
        Shape::DateTime => "a datetime (RFC 3339, like 2026-01-31T09:00:00Z)".into(),
        Shape::Enum(values) => {
            let quoted: Vec<String> = values.iter().map(|value| format!("{value:?}")).collect();
            format!("one of {}", quoted.join(", "))
        }
        Shape::List(_) => "a list".into(),
        Shape::Object(_) => "an object".into(),
        Shape::Any | Shape::Null | Shape::Regex | Shape::Error => "a value".into(),
    }
}

/// A JSON value for a message: `"31-12-2020"`, `12`, `a list`.
pub(super) fn describe_json(json: &Json) -> String {
    match json {
        Json::String(text) => quote(text),
        Json::Array(_) => "a list".into(),
        Json::Object(_) => "an object".into(),
        other => other.to_string(),
    }
}
