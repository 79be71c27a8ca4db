//! Reading typed arguments inside implementations, with a plain reject reason when a
//! value of an unchecked (`any`) field turns out to have the wrong kind.

use crate::value::Value;

/// The `null` a missing optional argument reads as.
static ABSENT: Value = Value::Null;

/// Argument `index`, or `null` when it was left out.
pub fn arg(args: &[Value], index: usize) -> &Value {
    args.get(index).unwrap_or(&ABSENT)
}

/// An optional argument: `None` when it was left out or is `null`.
pub fn optional(args: &[Value], index: usize) -> Option<&Value> {
    args.get(index).filter(|value| !value.is_null())
}

/// The reason for an argument of the wrong kind: `lower: expected text, got int`.
pub fn wrong_kind(function: &str, expected: &str, value: &Value) -> String {
    format!("{function}: expected {expected}, got {}", value.kind_name())
}

pub fn text<'a>(function: &str, args: &'a [Value], index: usize) -> Result<&'a str, String> {
    let value = arg(args, index);
    value
        .as_str()
        .ok_or_else(|| wrong_kind(function, "text", value))
}

/// An int; a float with no fraction (JSON `2.0`) is taken as well.
pub fn int(function: &str, args: &[Value], index: usize) -> Result<i64, String> {
    match arg(args, index) {
        Value::Int(number) => Ok(*number),
        Value::Float(number) if number.fract() == 0.0 && number.abs() < 9.0e18 => {
            Ok(*number as i64)
        }
        other => Err(wrong_kind(function, "a whole number", other)),
    }
}

/// A count or position, which may not be negative.
pub fn count(function: &str, args: &[Value], index: usize) -> Result<usize, String> {
    let number = int(function, args, index)?;
    usize::try_from(number)
        .map_err(|_| format!("{function}: expected a count of 0 or more, got {number}"))
}

pub fn list<'a>(function: &str, args: &'a [Value], index: usize) -> Result<&'a [Value], String> {
    match arg(args, index) {
        Value::List(items) => Ok(items),
        other => Err(wrong_kind(function, "a list", other)),
    }
}

/// A date or a datetime; a datetime counts as its date in UTC.
pub fn date(function: &str, args: &[Value], index: usize) -> Result<jiff::civil::Date, String> {
    match arg(args, index) {
        Value::Date(date) => Ok(*date),
        Value::DateTime(timestamp) => Ok(utc_date(*timestamp)),
        other => Err(wrong_kind(function, "a date", other)),
    }
}

/// The date of a timestamp in UTC.
pub fn utc_date(timestamp: jiff::Timestamp) -> jiff::civil::Date {
    timestamp.to_zoned(jiff::tz::TimeZone::UTC).date()
}

/// Characters of a text, for positions that count characters rather than bytes.
pub fn char_count(text: &str) -> usize {
    text.chars().count()
}

/// The byte offset of character `position`, or the end of the text when it is past it.
pub fn byte_offset(text: &str, position: usize) -> usize {
    text.char_indices()
        .nth(position)
        .map_or(text.len(), |(offset, _)| offset)
}
