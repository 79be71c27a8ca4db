//! Strict operators on values: equality and ordering (dates as dates), membership,
//! arithmetic without overflow, member and index access, and the text form of values.

use super::program::Operator;
use crate::value::Value;
use jiff::civil::Date;
use jiff::Timestamp;
use std::cmp::Ordering;
use std::fmt::Write;

/// Applies a strict binary operator (not `??`, `and`, `or`, which are lazy).
/// `null` gives `null`, except for `==` and `!=`, which treat it as a value.
pub(crate) fn apply(op: Operator, left: &Value, right: &Value) -> Result<Value, String> {
    match op {
        Operator::Equal => return Ok(Value::Bool(equals(left, right))),
        Operator::NotEqual => return Ok(Value::Bool(!equals(left, right))),
        _ => {}
    }
    if left.is_null() || right.is_null() {
        return Ok(Value::Null);
    }
    match op {
        Operator::Less => order(left, right).map(|o| Value::Bool(o == Ordering::Less)),
        Operator::LessEqual => order(left, right).map(|o| Value::Bool(o != Ordering::Greater)),
        Operator::Greater => order(left, right).map(|o| Value::Bool(o == Ordering::Greater)),
        Operator::GreaterEqual => order(left, right).map(|o| Value::Bool(o != Ordering::Less)),
        Operator::In => contains(left, right),
        Operator::Add => add(left, right),
        Operator::Subtract | Operator::Multiply | Operator::Divide => arithmetic(op, left, right),
        Operator::Equal
        | Operator::NotEqual
        | Operator::Coalesce
        | Operator::And
        | Operator::Or => Err(format!("`{}` cannot be applied here", op.symbol())),
    }
}

/// `==` in the language: `null` is a value, a date-shaped string equals that date.
pub(crate) fn equals(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Date(_) | Value::DateTime(_), Value::String(_))
        | (Value::String(_), Value::Date(_) | Value::DateTime(_))
        | (Value::Date(_), Value::DateTime(_))
        | (Value::DateTime(_), Value::Date(_)) => {
            order(left, right).is_ok_and(|ordering| ordering == Ordering::Equal)
        }
        _ => left == right,
    }
}

/// Orders two non-null values of comparable kinds.
fn order(left: &Value, right: &Value) -> Result<Ordering, String> {
    let ordering = match (left, right) {
        (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
        (Value::Int(a), Value::Float(b)) => (*a as f64).partial_cmp(b),
        (Value::Float(a), Value::Int(b)) => a.partial_cmp(&(*b as f64)),
        (Value::Float(a), Value::Float(b)) => a.partial_cmp(b),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        (Value::Date(a), Value::Date(b)) => Some(a.cmp(b)),
        (Value::DateTime(a), Value::DateTime(b)) => Some(a.cmp(b)),
        (Value::Date(_) | Value::DateTime(_), _) | (_, Value::Date(_) | Value::DateTime(_)) => {
            return order_moments(left, right)
        }
        _ => None,
    };
    ordering.ok_or_else(|| format!("cannot compare {} with {}", describe(left), describe(right)))
}

/// Orders dates, datetimes and date-shaped strings: a date is its midnight in UTC
/// when compared with a datetime.
fn order_moments(left: &Value, right: &Value) -> Result<Ordering, String> {
    let not_comparable = || format!("cannot compare {} with {}", describe(left), describe(right));
    let timestamp_wanted =
        matches!(left, Value::DateTime(_)) || matches!(right, Value::DateTime(_));
    if timestamp_wanted {
        let a = as_timestamp(left).ok_or_else(not_comparable)?;
        let b = as_timestamp(right).ok_or_else(not_comparable)?;
        Ok(a.cmp(&b))
    } else {
        let a = as_date(left).ok_or_else(not_comparable)?;
        let b = as_date(right).ok_or_else(not_comparable)?;
        Ok(a.cmp(&b))
    }
}

fn as_date(value: &Value) -> Option<Date> {
    match value {
        Value::Date(date) => Some(*date),
        Value::String(text) => parse_date(text),
        _ => None,
    }
}

fn as_timestamp(value: &Value) -> Option<Timestamp> {
    match value {
        Value::DateTime(moment) => Some(*moment),
        Value::Date(date) => midnight_utc(*date),
        Value::String(text) => text
            .parse::<Timestamp>()
            .ok()
            .or_else(|| parse_date(text).and_then(midnight_utc)),
        _ => None,
    }
}

/// Parses exactly `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if shaped {
        text.parse().ok()
    } else {
        None
    }
}

pub(crate) fn midnight_utc(date: Date) -> Option<Timestamp> {
    date.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|zoned| zoned.timestamp())
}

fn contains(item: &Value, list: &Value) -> Result<Value, String> {
    match list {
        Value::List(items) => Ok(Value::Bool(
            items.iter().any(|element| equals(item, element)),
        )),
        other => Err(format!(
            "`in` needs a list on its right, got {}",
            describe(other)
        )),
    }
}

fn add(left: &Value, right: &Value) -> Result<Value, String> {
    match (left, right) {
        (Value::String(a), Value::String(b)) => {
            let mut joined = String::with_capacity(a.len() + b.len());
            joined.push_str(a);
            joined.push_str(b);
            Ok(Value::string(joined))
        }
        _ => arithmetic(Operator::Add, left, right),
    }
}

fn arithmetic(op: Operator, left: &Value, right: &Value) -> Result<Value, String> {
    let too_large = || {
        format!(
            "{} {} {} is too large for a whole number",
            describe(left),
            op.symbol(),
            describe(right)
        )
    };
    match (op, left, right) {
        (Operator::Divide, _, _) => divide(left, right),
        (_, Value::Int(a), Value::Int(b)) => {
            let result = match op {
                Operator::Add => a.checked_add(*b),
                Operator::Subtract => a.checked_sub(*b),
                _ => a.checked_mul(*b),
            };
            result.map(Value::Int).ok_or_else(too_large)
        }
        _ => {
            let (a, b) = numbers(op, left, right)?;
            let result = match op {
                Operator::Add => a + b,
                Operator::Subtract => a - b,
                _ => a * b,
            };
            finite(result)
                .ok_or_else(|| format!("the result of `{}` is too large a number", op.symbol()))
        }
    }
}

/// A float result, unless it overflowed: infinity has no JSON form, so it would silently
/// drop the attribute.
fn finite(result: f64) -> Option<Value> {
    result.is_finite().then_some(Value::Float(result))
}

fn divide(left: &Value, right: &Value) -> Result<Value, String> {
    let (a, b) = numbers(Operator::Divide, left, right)?;
    if b == 0.0 {
        return Err(format!(
            "{} / {}: division by zero",
            describe(left),
            describe(right)
        ));
    }
    finite(a / b).ok_or_else(|| "the result of `/` is too large a number".to_string())
}

fn numbers(op: Operator, left: &Value, right: &Value) -> Result<(f64, f64), String> {
    match (number(left), number(right)) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(format!(
            "`{}` needs numbers, got {} and {}",
            op.symbol(),
            describe(left),
            describe(right)
        )),
    }
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// `-x`.
pub(crate) fn negate(value: &Value) -> Result<Value, String> {
    match value {
        Value::Null => Ok(Value::Null),
        Value::Int(i) => i
            .checked_neg()
            .map(Value::Int)
            .ok_or_else(|| format!("-{i} is too large for a whole number")),
        Value::Float(f) => Ok(Value::Float(-f)),
        other => Err(format!("`-` needs a number, got {}", describe(other))),
    }
}

/// `subject.field` on a computed value; through `null` gives `null`.
pub(crate) fn member(subject: &Value, field: &str) -> Result<Value, String> {
    match subject {
        Value::Null => Ok(Value::Null),
        Value::Object(_) => Ok(subject.get(field).cloned().unwrap_or(Value::Null)),
        other => Err(format!("cannot read `.{field}` of {}", describe(other))),
    }
}

/// `subject[index]` on a computed list; negative or past the end gives `null`.
pub(crate) fn index(subject: &Value, position: &Value) -> Result<Value, String> {
    match (subject, position) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::List(items), Value::Int(i)) => Ok(usize::try_from(*i)
            .ok()
            .and_then(|i| items.get(i))
            .cloned()
            .unwrap_or(Value::Null)),
        (Value::List(_), other) => Err(format!(
            "a list index must be a whole number, got {}",
            describe(other)
        )),
        (other, _) => Err(format!("`[...]` needs a list, got {}", describe(other))),
    }
}

/// Appends the text form of a value, as string interpolation writes it: `null` writes
/// nothing, numbers in plain decimal, dates as `YYYY-MM-DD`.
pub(crate) fn text_into(value: &Value, out: &mut String) {
    match value {
        Value::Null => {}
        Value::String(text) => out.push_str(text),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => {
            let _ = write!(out, "{f}");
        }
        Value::Date(date) => {
            let _ = write!(out, "{date}");
        }
        Value::DateTime(moment) => {
            let _ = write!(out, "{moment}");
        }
        Value::Regex(regex) => out.push_str(regex.as_str()),
        Value::List(_) | Value::Object(_) => out.push_str(&value.to_json().to_string()),
    }
}

/// A value for a message: `"abc"`, `12`, `a list`.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::String(text) => quote(text),
        Value::List(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
        Value::Regex(_) => "a regex".into(),
        Value::Date(date) => format!("the date {date}"),
        Value::DateTime(moment) => format!("the datetime {moment}"),
        other => {
            let mut text = String::new();
            text_into(other, &mut text);
            text
        }
    }
}

/// Quotes text for a message, shortened when long.
pub(crate) fn quote(text: &str) -> String {
    const LIMIT: usize = 60;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{:?}...", &text[..cut]),
        None => format!("{text:?}"),
    }
}
