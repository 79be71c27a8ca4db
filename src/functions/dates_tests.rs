use crate::functions::test_support::{call, date, datetime, s};
use crate::value::Value;

#[test]
fn today_and_now_come_from_the_run() {
    assert_eq!(call("today", vec![]), Ok(date("2026-11-28")));
    assert_eq!(call("now", vec![]), Ok(datetime("2026-11-28T09:30:00Z")));
}

#[test]
fn format_date_writes_strftime_formats() {
    let format = |value: Value, format: &str| call("format_date", vec![value, s(format)]);
    assert_eq!(format(date("2026-01-05"), "%d-%m-%Y"), Ok(s("05-01-2026")));
    assert_eq!(format(date("2026-01-05"), "%Y%m%d"), Ok(s("20260105")));
    assert_eq!(format(date("2026-01-05"), "%B %-d"), Ok(s("January 5")));
    assert_eq!(format(date("2026-01-05"), "100%%"), Ok(s("100%")));
    assert_eq!(
        format(datetime("2026-01-05T23:30:00-02:00"), "%Y-%m-%d %H:%M"),
        Ok(s("2026-01-06 01:30"))
    );
    assert!(format(date("2026-01-05"), "%H:%M").is_err());
}

#[test]
fn add_days_crosses_months_years_and_leap_days() {
    let add = |value: Value, n: i64| call("add_days", vec![value, Value::Int(n)]);
    assert_eq!(add(date("2028-02-28"), 1), Ok(date("2028-02-29")));
    assert_eq!(add(date("2026-02-28"), 1), Ok(date("2026-03-01")));
    assert_eq!(add(date("2026-12-31"), 1), Ok(date("2027-01-01")));
    assert_eq!(add(date("2026-01-01"), -1), Ok(date("2025-12-31")));
    assert_eq!(add(date("2026-01-01"), 0), Ok(date("2026-01-01")));
    assert_eq!(
        add(datetime("2026-03-28T12:00:00Z"), 2),
        Ok(datetime("2026-03-30T12:00:00Z"))
    );
    assert!(add(date("2026-01-01"), 10_000_000).is_err());
    assert_eq!(add(Value::Null, 1), Ok(Value::Null));
}

#[test]
fn add_months_clamps_to_the_last_day() {
    let add = |value: Value, n: i64| call("add_months", vec![value, Value::Int(n)]);
    assert_eq!(add(date("2026-01-31"), 1), Ok(date("2026-02-28")));
    assert_eq!(add(date("2028-01-31"), 1), Ok(date("2028-02-29")));
    assert_eq!(add(date("2026-03-31"), -1), Ok(date("2026-02-28")));
    assert_eq!(add(date("2026-05-31"), 1), Ok(date("2026-06-30")));
    assert_eq!(add(date("2026-11-15"), 3), Ok(date("2027-02-15")));
    assert_eq!(add(date("2028-02-29"), 12), Ok(date("2029-02-28")));
    assert_eq!(
        add(datetime("2026-01-31T10:00:00Z"), 1),
        Ok(datetime("2026-02-28T10:00:00Z"))
    );
}

#[test]
fn days_between_counts_from_a_to_b() {
    let between = |a: Value, b: Value| call("days_between", vec![a, b]);
    assert_eq!(
        between(date("2026-01-01"), date("2027-01-01")),
        Ok(Value::Int(365))
    );
    assert_eq!(
        between(date("2028-01-01"), date("2029-01-01")),
        Ok(Value::Int(366))
    );
    assert_eq!(
        between(date("2026-03-01"), date("2026-02-01")),
        Ok(Value::Int(-28))
    );
    assert_eq!(
        between(date("2026-03-01"), date("2026-03-01")),
        Ok(Value::Int(0))
    );
    assert_eq!(
        between(datetime("2026-01-01T23:00:00Z"), date("2026-01-02")),
        Ok(Value::Int(1))
    );
}

#[test]
fn parts_of_dates_and_datetimes() {
    let part = |name: &str, value: Value| call(name, vec![value]);
    assert_eq!(part("year", date("2028-02-29")), Ok(Value::Int(2028)));
    assert_eq!(part("month", date("2028-02-29")), Ok(Value::Int(2)));
    assert_eq!(part("day", date("2028-02-29")), Ok(Value::Int(29)));
    // A datetime counts in UTC.
    let late = datetime("2026-12-31T23:30:00-01:00");
    assert_eq!(part("year", late.clone()), Ok(Value::Int(2027)));
    assert_eq!(part("day", late), Ok(Value::Int(1)));
    assert_eq!(part("month", Value::Null), Ok(Value::Null));
}
