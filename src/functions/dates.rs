//! Date functions: the run's date and time, formatting, and calendar arithmetic.

use super::args::{arg, date, int, text, wrong_kind};
use super::signature::{Base, ParamType as P, Returns};
use super::{Context, Example, Function, NullArgs, Param, Purity};
use crate::value::Value;
use jiff::tz::TimeZone;
use jiff::Span;

type Outcome = Result<Value, String>;

const D: Param = Param::required("d", P::DateLike);

pub const TODAY: Function = Function {
    name: "today",
    group: "dates",
    params: &[],
    returns: Returns::Fixed(Base::Date),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Clock,
    doc: "The date of the run: the same for every record of a run, and settable from the \
          command line so that runs and tests are reproducible.",
    null_doc: "Never `null`.",
    // The reference runs its examples on 2026-11-28 at 09:30 UTC.
    examples: &[
        Example {
            call: "today()",
            result: r#"date("2026-11-28")"#,
        },
        Example {
            call: r#"days_between(date("2026-11-01"), today())"#,
            result: "27",
        },
    ],
    run: today,
};

fn today(_: &[Value], context: &mut Context<'_>) -> Outcome {
    Ok(Value::Date(context.today))
}

pub const NOW: Function = Function {
    name: "now",
    group: "dates",
    params: &[],
    returns: Returns::Fixed(Base::DateTime),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Clock,
    doc: "The moment of the run: the same for every record of a run, and settable from the \
          command line so that runs and tests are reproducible.",
    null_doc: "Never `null`.",
    examples: &[Example {
        call: "now()",
        result: r#"datetime("2026-11-28T09:30:00Z")"#,
    }],
    run: now,
};

fn now(_: &[Value], context: &mut Context<'_>) -> Outcome {
    Ok(Value::DateTime(context.now))
}

pub const FORMAT_DATE: Function = Function {
    name: "format_date",
    group: "dates",
    params: &[D, Param::required("format", P::Text)],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The date written with a strftime format: `%Y` year, `%m` month, `%d` day, `%B` \
          month name, `%H:%M:%S` time, `%%` a percent sign. A datetime is written in UTC.",
    null_doc: "`null` for either argument gives `null`.",
    examples: &[
        Example {
            call: r#"format_date(date("2026-01-31"), "%d-%m-%Y")"#,
            result: r#""31-01-2026""#,
        },
        Example {
            call: r#"format_date(datetime("2026-01-31T08:30:00Z"), "%Y%m%d %H:%M")"#,
            result: r#""20260131 08:30""#,
        },
    ],
    run: format_date,
};

fn format_date(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let format = text("format_date", args, 1)?;
    let written = match arg(args, 0) {
        Value::Date(d) => jiff::fmt::strtime::format(format, *d),
        Value::DateTime(t) => jiff::fmt::strtime::format(format, &t.to_zoned(TimeZone::UTC)),
        other => return Err(wrong_kind("format_date", "a date", other)),
    };
    written
        .map(Value::string)
        .map_err(|_| format!("format_date: cannot write a date with the format {format:?}"))
}

pub const ADD_DAYS: Function = Function {
    name: "add_days",
    group: "dates",
    params: &[D, Param::required("n", P::Int)],
    returns: Returns::SameAs(0),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The date `n` days later (earlier for a negative `n`). A datetime moves by `n` times \
          24 hours.",
    null_doc: "`null` for either argument gives `null`.",
    examples: &[
        Example {
            call: r#"add_days(date("2028-02-28"), 1)"#,
            result: r#"date("2028-02-29")"#,
        },
        Example {
            call: r#"add_days(date("2026-01-01"), -1)"#,
            result: r#"date("2025-12-31")"#,
        },
    ],
    run: add_days,
};

fn add_days(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let days = int("add_days", args, 1)?;
    let span = Span::new()
        .try_days(days)
        .map_err(|_| out_of_range("add_days"))?;
    shift("add_days", arg(args, 0), span)
}

pub const ADD_MONTHS: Function = Function {
    name: "add_months",
    group: "dates",
    params: &[D, Param::required("n", P::Int)],
    returns: Returns::SameAs(0),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The date `n` calendar months later (earlier for a negative `n`), on the same day of \
          the month, or the month's last day when it is shorter. A datetime keeps its time of \
          day in UTC.",
    null_doc: "`null` for either argument gives `null`.",
    examples: &[
        Example {
            call: r#"add_months(date("2026-01-31"), 1)"#,
            result: r#"date("2026-02-28")"#,
        },
        Example {
            call: r#"add_months(date("2026-03-15"), -12)"#,
            result: r#"date("2025-03-15")"#,
        },
    ],
    run: add_months,
};

fn add_months(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let months = int("add_months", args, 1)?;
    let span = Span::new()
        .try_months(months)
        .map_err(|_| out_of_range("add_months"))?;
    shift("add_months", arg(args, 0), span)
}

/// Moves a date, or a datetime in UTC, by a span. jiff clamps a day past the end of
/// the month to its last day.
fn shift(function: &str, value: &Value, span: Span) -> Outcome {
    match value {
        Value::Date(d) => d
            .checked_add(span)
            .map(Value::Date)
            .map_err(|_| out_of_range(function)),
        Value::DateTime(t) => t
            .to_zoned(TimeZone::UTC)
            .checked_add(span)
            .map(|zoned| Value::DateTime(zoned.timestamp()))
            .map_err(|_| out_of_range(function)),
        other => Err(wrong_kind(function, "a date", other)),
    }
}

fn out_of_range(function: &str) -> String {
    format!("{function}: the result is outside the supported range of dates")
}

pub const DAYS_BETWEEN: Function = Function {
    name: "days_between",
    group: "dates",
    params: &[
        Param::required("a", P::DateLike),
        Param::required("b", P::DateLike),
    ],
    returns: Returns::Fixed(Base::Int),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The number of days from `a` to `b`: positive when `b` is later, negative when it is \
          earlier. Datetimes count by their dates in UTC.",
    null_doc: "`null` for either argument gives `null`.",
    examples: &[
        Example {
            call: r#"days_between(date("2028-02-01"), date("2028-03-01"))"#,
            result: "29",
        },
        Example {
            call: r#"days_between(date("2026-01-10"), date("2026-01-01"))"#,
            result: "-9",
        },
    ],
    run: days_between,
};

fn days_between(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let a = date("days_between", args, 0)?;
    let b = date("days_between", args, 1)?;
    // Between two civil dates the largest unit is days, so this is the whole count.
    let span = a
        .until(b)
        .map_err(|error| format!("days_between: {error}"))?;
    Ok(Value::Int(i64::from(span.get_days())))
}

pub const YEAR: Function = Function {
    name: "year",
    group: "dates",
    params: &[D],
    returns: Returns::Fixed(Base::Int),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The year of the date (of a datetime in UTC).",
    null_doc: "`null` gives `null`.",
    examples: &[Example {
        call: r#"year(date("2026-01-31"))"#,
        result: "2026",
    }],
    run: year,
};

fn year(args: &[Value], _: &mut Context<'_>) -> Outcome {
    Ok(Value::Int(i64::from(date("year", args, 0)?.year())))
}

pub const MONTH: Function = Function {
    name: "month",
    group: "dates",
    params: &[D],
    returns: Returns::Fixed(Base::Int),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The month of the date, 1 to 12 (of a datetime in UTC).",
    null_doc: "`null` gives `null`.",
    examples: &[Example {
        call: r#"month(date("2026-01-31"))"#,
        result: "1",
    }],
    run: month,
};

fn month(args: &[Value], _: &mut Context<'_>) -> Outcome {
    Ok(Value::Int(i64::from(date("month", args, 0)?.month())))
}

pub const DAY: Function = Function {
    name: "day",
    group: "dates",
    params: &[D],
    returns: Returns::Fixed(Base::Int),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The day of the month, 1 to 31 (of a datetime in UTC).",
    null_doc: "`null` gives `null`.",
    examples: &[Example {
        call: r#"day(date("2026-01-31"))"#,
        result: "31",
    }],
    run: day,
};

fn day(args: &[Value], _: &mut Context<'_>) -> Outcome {
    Ok(Value::Int(i64::from(date("day", args, 0)?.day())))
}

#[cfg(test)]
#[path = "dates_tests.rs"]
mod tests;
