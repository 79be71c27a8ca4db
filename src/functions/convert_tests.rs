use crate::functions::test_support::{call, date, datetime, list, s};
use crate::value::Value;

#[test]
fn string_writes_plain_values() {
    let string = |value: Value| call("string", vec![value]).unwrap();
    assert_eq!(string(Value::Int(-42)), s("-42"));
    assert_eq!(string(Value::Float(1.5)), s("1.5"));
    assert_eq!(string(Value::Float(2.0)), s("2"));
    assert_eq!(string(Value::Float(1e21)), s("1000000000000000000000"));
    assert_eq!(string(Value::Float(1e-7)), s("0.0000001"));
    assert_eq!(string(Value::Bool(false)), s("false"));
    assert_eq!(string(s("Zoë")), s("Zoë"));
    assert_eq!(string(date("2026-01-31")), s("2026-01-31"));
    assert_eq!(
        string(datetime("2026-01-31T08:30:00Z")),
        s("2026-01-31T08:30:00Z")
    );
    assert_eq!(string(list(vec![Value::Int(1), s("a")])), s(r#"[1,"a"]"#));
    assert_eq!(string(Value::Null), Value::Null);
}

#[test]
fn int_reads_whole_numbers_and_rejects_the_rest() {
    let int = |value: Value| call("int", vec![value]);
    assert_eq!(int(s("12")), Ok(Value::Int(12)));
    assert_eq!(int(s(" -7 ")), Ok(Value::Int(-7)));
    assert_eq!(int(s("+3")), Ok(Value::Int(3)));
    assert_eq!(int(Value::Float(7.9)), Ok(Value::Int(7)));
    assert_eq!(int(Value::Float(-7.9)), Ok(Value::Int(-7)));
    assert_eq!(
        int(s("12a")),
        Err("int: \"12a\" is not a whole number".into())
    );
    assert!(int(s("abc")).is_err());
    assert!(int(s("1.5")).is_err());
    assert!(int(s("")).is_err());
    assert!(int(Value::Float(1e30)).is_err());
    assert!(int(Value::Bool(true)).is_err());
    assert_eq!(int(Value::Null), Ok(Value::Null));
}

#[test]
fn float_reads_decimal_points_only() {
    let float = |value: Value| call("float", vec![value]);
    assert_eq!(float(s("0.8")), Ok(Value::Float(0.8)));
    assert_eq!(float(s(" -2 ")), Ok(Value::Float(-2.0)));
    assert_eq!(float(Value::Int(3)), Ok(Value::Float(3.0)));
    assert_eq!(
        float(s("1,5")),
        Err("float: \"1,5\" is not a number".into())
    );
    assert!(float(s("NaN")).is_err());
    assert!(float(s("inf")).is_err());
}

#[test]
fn bool_reads_the_usual_spellings() {
    let bool = |value: Value| call("bool", vec![value]);
    for yes in ["true", "TRUE", " yes", "Y", "1"] {
        assert_eq!(bool(s(yes)), Ok(Value::Bool(true)), "{yes}");
    }
    for no in ["false", "No", "n", "0 "] {
        assert_eq!(bool(s(no)), Ok(Value::Bool(false)), "{no}");
    }
    assert_eq!(bool(Value::Int(1)), Ok(Value::Bool(true)));
    assert_eq!(bool(Value::Bool(false)), Ok(Value::Bool(false)));
    assert_eq!(
        bool(s("ja")),
        Err("bool: \"ja\" is not true or false".into())
    );
    assert_eq!(
        bool(Value::Int(2)),
        Err("bool: 2 is not true or false".into())
    );
}

#[test]
fn date_reads_iso_or_a_format() {
    let read = |args: Vec<Value>| call("date", args);
    assert_eq!(read(vec![s("2028-02-29")]), Ok(date("2028-02-29")));
    assert_eq!(read(vec![s(" 2026-01-31 ")]), Ok(date("2026-01-31")));
    assert_eq!(
        read(vec![s("31-01-2026"), s("%d-%m-%Y")]),
        Ok(date("2026-01-31"))
    );
    assert_eq!(
        read(vec![s("20260131"), s("%Y%m%d")]),
        Ok(date("2026-01-31"))
    );
    assert_eq!(
        read(vec![s("2026-01-31"), Value::Null]),
        Ok(date("2026-01-31"))
    );
    assert_eq!(
        read(vec![s("2026-02-29")]),
        Err("date: \"2026-02-29\" is not a valid date in the format \"%Y-%m-%d\"".into())
    );
    assert!(read(vec![s("31-01-2026")]).is_err());
    assert!(read(vec![s("2026-01-31T10:00:00")]).is_err());
    assert!(read(vec![s("")]).is_err());
    assert_eq!(read(vec![Value::Null, s("%d")]), Ok(Value::Null));
    assert_eq!(read(vec![date("2026-01-31")]), Ok(date("2026-01-31")));
    assert_eq!(
        read(vec![datetime("2026-01-31T23:30:00-02:00")]),
        Ok(date("2026-02-01"))
    );
}

#[test]
fn datetime_reads_offsets_and_time_zones() {
    let read = |args: Vec<Value>| call("datetime", args);
    let utc = |text: &str| Ok(datetime(text));
    assert_eq!(
        read(vec![s("2026-01-31T09:30:00+01:00")]),
        utc("2026-01-31T08:30:00Z")
    );
    assert_eq!(
        read(vec![s("2026-01-31T09:30:00Z")]),
        utc("2026-01-31T09:30:00Z")
    );
    assert_eq!(
        read(vec![s("2026-01-31 09:30")]),
        utc("2026-01-31T09:30:00Z")
    );
    let amsterdam = s("Europe/Amsterdam");
    // Winter time is UTC+1, summer time UTC+2.
    assert_eq!(
        read(vec![s("2026-01-31T09:30"), Value::Null, amsterdam.clone()]),
        utc("2026-01-31T08:30:00Z")
    );
    assert_eq!(
        read(vec![s("2026-07-31 09:30"), Value::Null, amsterdam.clone()]),
        utc("2026-07-31T07:30:00Z")
    );
    // An offset in the text wins over the zone.
    assert_eq!(
        read(vec![
            s("2026-07-31T09:30:00Z"),
            Value::Null,
            amsterdam.clone()
        ]),
        utc("2026-07-31T09:30:00Z")
    );
    assert_eq!(
        read(vec![
            s("31/07/2026 09:30"),
            s("%d/%m/%Y %H:%M"),
            amsterdam.clone()
        ]),
        utc("2026-07-31T07:30:00Z")
    );
    assert_eq!(
        read(vec![
            s("31/07/2026 09:30 +0000"),
            s("%d/%m/%Y %H:%M %z"),
            amsterdam.clone()
        ]),
        utc("2026-07-31T09:30:00Z")
    );
    assert_eq!(
        read(vec![date("2026-07-31"), Value::Null, amsterdam]),
        utc("2026-07-30T22:00:00Z")
    );
}

#[test]
fn datetime_rejects_bad_text_and_unknown_zones() {
    let read = |args: Vec<Value>| call("datetime", args);
    assert_eq!(
        read(vec![s("yesterday")]),
        Err("datetime: \"yesterday\" is not an ISO 8601 datetime".into())
    );
    assert!(read(vec![s("31-07-2026"), s("%d-%m-%Y %H:%M")]).is_err());
    assert_eq!(
        read(vec![
            s("2026-01-31 09:30"),
            Value::Null,
            s("Europe/Amsterdm")
        ]),
        Err("datetime: \"Europe/Amsterdm\" is not a known time zone".into())
    );
}
