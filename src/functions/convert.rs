//! Conversion functions: between text, numbers, bools, dates and datetimes.

use super::args::{arg, optional, text, utc_date, wrong_kind};
use super::signature::{Base, ParamType as P, Returns};
use super::{Context, Example, Function, NullArgs, Param, Purity};
use crate::value::Value;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

type Outcome = Result<Value, String>;

/// The ISO date format that `date` reads by default.
pub const ISO_DATE: &str = "%Y-%m-%d";

pub const STRING: Function = Function {
    name: "string",
    group: "conversion",
    params: &[Param::required("x", P::Any)],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The value as text: booleans as `true`/`false`; numbers in plain decimal, never with \
          an exponent, and a float with no fraction without `.0` (`2.0` gives `\"2\"`); \
          dates as `YYYY-MM-DD`; datetimes in RFC 3339 in UTC; lists and objects as JSON.",
    null_doc: "`null` gives `null` (use `?? \"\"` for empty text).",
    examples: &[
        Example {
            call: "string(1042)",
            result: r#""1042""#,
        },
        Example {
            call: "string(1.5)",
            result: r#""1.5""#,
        },
        Example {
            call: "string(true)",
            result: r#""true""#,
        },
    ],
    run: string,
};

fn string(args: &[Value], _: &mut Context<'_>) -> Outcome {
    Ok(Value::string(plain_text("string", arg(args, 0))?))
}

/// A value written as text, the way `string` writes it. `null` is `""`.
pub fn plain_text(_function: &str, value: &Value) -> Result<String, String> {
    Ok(match value {
        Value::Null => String::new(),
        Value::String(s) => s.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        // Rust writes floats in plain decimal, without an exponent, and a whole float
        // without a fraction.
        Value::Float(f) => f.to_string(),
        Value::Date(d) => d.to_string(),
        Value::DateTime(t) => t.to_string(),
        Value::Regex(regex) => regex.as_str().to_string(),
        Value::List(_) | Value::Object(_) => value.to_json().to_string(),
    })
}

pub const INT: Function = Function {
    name: "int",
    group: "conversion",
    params: &[Param::required("x", P::TextOrNumber)],
    returns: Returns::Fixed(Base::Int),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The whole number written in the text (white space around it is allowed), or a \
          number without its fraction (towards zero; use `round` to round). Text that is not \
          a whole number rejects the record.",
    null_doc: "`null` gives `null`.",
    examples: &[
        Example {
            call: r#"int(" 12")"#,
            result: "12",
        },
        Example {
            call: "int(-7.9)",
            result: "-7",
        },
    ],
    run: int,
};

fn int(args: &[Value], _: &mut Context<'_>) -> Outcome {
    match arg(args, 0) {
        Value::Int(i) => Ok(Value::Int(*i)),
        Value::Float(f) => float_to_int("int", f.trunc()),
        Value::String(s) => s
            .trim()
            .parse::<i64>()
            .map(Value::Int)
            .map_err(|_| format!("int: {s:?} is not a whole number")),
        other => Err(wrong_kind("int", "text or a number", other)),
    }
}

/// A whole float as an int, or a reason when it does not fit.
pub fn float_to_int(function: &str, whole: f64) -> Outcome {
    // 2^63 is exactly representable; everything below it fits in an i64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if whole.is_finite() && (-LIMIT..LIMIT).contains(&whole) {
        Ok(Value::Int(whole as i64))
    } else {
        Err(format!(
            "{function}: {whole} is too large for a whole number"
        ))
    }
}

pub const FLOAT: Function = Function {
    name: "float",
    group: "conversion",
    params: &[Param::required("x", P::TextOrNumber)],
    returns: Returns::Fixed(Base::Float),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The number written in the text with a decimal point (`\"1.5\"`; white space around \
          it is allowed), or a number as a float. Text that is not a number (such as \
          `\"1,5\"`) rejects the record.",
    null_doc: "`null` gives `null`.",
    examples: &[
        Example {
            call: r#"float("0.8")"#,
            result: "0.8",
        },
        Example {
            call: "float(3)",
            result: "3.0",
        },
    ],
    run: float,
};

fn float(args: &[Value], _: &mut Context<'_>) -> Outcome {
    match arg(args, 0) {
        Value::Int(i) => Ok(Value::Float(*i as f64)),
        Value::Float(f) => Ok(Value::Float(*f)),
        Value::String(s) => match s.trim().parse::<f64>() {
            Ok(number) if number.is_finite() => Ok(Value::Float(number)),
            _ => Err(format!("float: {s:?} is not a number")),
        },
        other => Err(wrong_kind("float", "text or a number", other)),
    }
}

pub const BOOL: Function = Function {
    name: "bool",
    group: "conversion",
    params: &[Param::required("x", P::Scalar)],
    returns: Returns::Fixed(Base::Bool),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "`true` for the text `true`, `yes`, `y` or `1`, `false` for `false`, `no`, `n` or \
          `0` (in any case, with white space around it allowed), and for the numbers 1 and 0. \
          Anything else rejects the record.",
    null_doc: "`null` gives `null`.",
    examples: &[
        Example {
            call: r#"bool("Yes")"#,
            result: "true",
        },
        Example {
            call: "bool(0)",
            result: "false",
        },
    ],
    run: bool,
};

fn bool(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let value = arg(args, 0);
    let parsed = match value {
        Value::Bool(b) => Some(*b),
        Value::Int(1) => Some(true),
        Value::Int(0) => Some(false),
        Value::String(s) => match s.trim().to_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Some(true),
            "false" | "no" | "n" | "0" => Some(false),
            _ => None,
        },
        Value::Int(_) | Value::Float(_) => None,
        other => return Err(wrong_kind("bool", "text, a number or true/false", other)),
    };
    match parsed {
        Some(b) => Ok(Value::Bool(b)),
        None => Err(format!(
            "bool: {} is not true or false",
            plain_quoted(value)
        )),
    }
}

/// A value for a message: text quoted, other values as `string` writes them.
fn plain_quoted(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{s:?}"),
        other => plain_text("", other).unwrap_or_default(),
    }
}

pub const DATE: Function = Function {
    name: "date",
    group: "conversion",
    params: &[
        Param::required("s", P::TextOrDateLike),
        Param::optional("format", P::Text),
    ],
    returns: Returns::Fixed(Base::Date),
    null_args: NullArgs::Only(&[0]),
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The date written in the text, read with a strftime `format` (`%d-%m-%Y`, \
          `%d/%m/%Y`, `%Y%m%d`, ...; default `%Y-%m-%d`). Text that does not fit the format, \
          or names a day that does not exist, rejects the record. A date stays itself and a \
          datetime gives its date in UTC.",
    null_doc: "`null` text gives `null`; a `null` format means the default format.",
    examples: &[
        Example {
            call: r#"date("2026-02-28")"#,
            result: r#"date("2026-02-28")"#,
        },
        Example {
            call: r#"date("31-01-2026", "%d-%m-%Y")"#,
            result: r#"date("2026-01-31")"#,
        },
    ],
    run: date,
};

fn date(args: &[Value], _: &mut Context<'_>) -> Outcome {
    match arg(args, 0) {
        Value::Date(d) => Ok(Value::Date(*d)),
        Value::DateTime(t) => Ok(Value::Date(utc_date(*t))),
        Value::String(s) => {
            let format = match optional(args, 1) {
                Some(_) => text("date", args, 1)?,
                None => ISO_DATE,
            };
            parse_date(s.trim(), format).map(Value::Date)
        }
        other => Err(wrong_kind("date", "text or a date", other)),
    }
}

/// Reads a date with a strftime format.
pub fn parse_date(s: &str, format: &str) -> Result<Date, String> {
    jiff::fmt::strtime::parse(format, s)
        .and_then(|parsed| parsed.to_date())
        .map_err(|_| format!("date: {s:?} is not a valid date in the format {format:?}"))
}

pub const DATETIME: Function = Function {
    name: "datetime",
    group: "conversion",
    params: &[
        Param::required("s", P::TextOrDateLike),
        Param::optional("format", P::Text),
        Param::optional("tz", P::Text),
    ],
    returns: Returns::Fixed(Base::DateTime),
    null_args: NullArgs::Only(&[0]),
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The moment written in the text. Without a `format` it reads ISO 8601 / RFC 3339 \
          (`2026-01-31T09:30:00+01:00`, `2026-01-31 09:30`); with one, a strftime format \
          (`%d-%m-%Y %H:%M`). A time without an offset is read in the IANA time zone `tz` \
          (`\"Europe/Amsterdam\"`), UTC when it is left out; an offset in the text wins over \
          `tz`. A date gives its midnight in `tz`. Text that does not fit rejects the record.",
    null_doc: "`null` text gives `null`; a `null` format means the default, a `null` zone UTC.",
    examples: &[
        Example {
            call: r#"datetime("2026-01-31 09:30", null, "Europe/Amsterdam")"#,
            result: r#"datetime("2026-01-31T08:30:00Z")"#,
        },
        Example {
            call: r#"datetime("31-07-2026 09:30", "%d-%m-%Y %H:%M", "Europe/Amsterdam")"#,
            result: r#"datetime("2026-07-31T07:30:00Z")"#,
        },
        Example {
            call: r#"string(datetime("2026-01-31T09:30:00+01:00"))"#,
            result: r#""2026-01-31T08:30:00Z""#,
        },
    ],
    run: datetime,
};

fn datetime(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let zone = match optional(args, 2) {
        Some(_) => time_zone("datetime", text("datetime", args, 2)?)?,
        None => TimeZone::UTC,
    };
    let in_zone = |civil: jiff::civil::DateTime| {
        civil
            .to_zoned(zone.clone())
            .map(|zoned| Value::DateTime(zoned.timestamp()))
            .map_err(|error| format!("datetime: {error}"))
    };
    match arg(args, 0) {
        Value::DateTime(t) => Ok(Value::DateTime(*t)),
        Value::Date(d) => in_zone(d.to_datetime(jiff::civil::Time::midnight())),
        Value::String(s) => {
            let s = s.trim();
            let format = match optional(args, 1) {
                Some(_) => Some(text("datetime", args, 1)?),
                None => None,
            };
            let not_valid = || match format {
                Some(format) => {
                    format!("datetime: {s:?} is not a valid datetime in the format {format:?}")
                }
                None => format!("datetime: {s:?} is not an ISO 8601 datetime"),
            };
            match read_datetime(s, format).ok_or_else(not_valid)? {
                Moment::Exact(t) => Ok(Value::DateTime(t)),
                Moment::Local(civil) => in_zone(civil),
            }
        }
        other => Err(wrong_kind("datetime", "text or a date", other)),
    }
}

/// A datetime as read from text: with an offset it is a moment, without one it still
/// needs a time zone.
enum Moment {
    Exact(Timestamp),
    Local(jiff::civil::DateTime),
}

fn read_datetime(s: &str, format: Option<&str>) -> Option<Moment> {
    let Some(format) = format else {
        if let Ok(timestamp) = s.parse::<Timestamp>() {
            return Some(Moment::Exact(timestamp));
        }
        return s.parse::<jiff::civil::DateTime>().ok().map(Moment::Local);
    };
    let parsed = jiff::fmt::strtime::parse(format, s).ok()?;
    if parsed.offset().is_some() || parsed.iana_time_zone().is_some() {
        return parsed.to_timestamp().ok().map(Moment::Exact);
    }
    parsed.to_datetime().ok().map(Moment::Local)
}

/// An IANA time zone by name.
pub fn time_zone(function: &str, name: &str) -> Result<TimeZone, String> {
    TimeZone::get(name).map_err(|_| format!("{function}: {name:?} is not a known time zone"))
}

#[cfg(test)]
#[path = "convert_tests.rs"]
mod tests;
