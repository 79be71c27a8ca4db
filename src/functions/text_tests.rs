use crate::functions::test_support::{call, s, texts};
use crate::value::Value;

fn text_call(name: &str, args: Vec<Value>) -> Value {
    call(name, args).unwrap()
}

#[test]
fn case_changes_cover_every_alphabet() {
    assert_eq!(text_call("lower", vec![s("ĲSBRAND ÆRØ")]), s("ĳsbrand ærø"));
    assert_eq!(text_call("upper", vec![s("straße")]), s("STRASSE"));
    assert_eq!(text_call("lower", vec![s("")]), s(""));
    assert_eq!(text_call("upper", vec![Value::Null]), Value::Null);
}

#[test]
fn trim_removes_all_white_space_at_the_ends() {
    assert_eq!(text_call("trim", vec![s("\t\u{a0} Jan \n")]), s("Jan"));
    assert_eq!(text_call("trim", vec![s("   ")]), s(""));
}

#[test]
fn left_and_right_count_characters() {
    let left = |text: &str, n: i64| text_call("left", vec![s(text), Value::Int(n)]);
    let right = |text: &str, n: i64| text_call("right", vec![s(text), Value::Int(n)]);
    assert_eq!(left("Ĳsbrand", 1), s("Ĳ"));
    assert_eq!(left("Zoë", 3), s("Zoë"));
    assert_eq!(left("Zoë", 30), s("Zoë"));
    assert_eq!(left("Zoë", 0), s(""));
    assert_eq!(left("", 2), s(""));
    assert_eq!(right("Zoë", 1), s("ë"));
    assert_eq!(right("Zoë", 4), s("Zoë"));
    assert_eq!(right("Zoë", 0), s(""));
}

#[test]
fn negative_counts_reject_the_record() {
    let error = call("left", vec![s("Jan"), Value::Int(-1)]).unwrap_err();
    assert_eq!(error, "left: expected a count of 0 or more, got -1");
    assert!(call("substring", vec![s("Jan"), Value::Int(-1)]).is_err());
    assert!(call("substring", vec![s("Jan"), Value::Int(0), Value::Int(-2)]).is_err());
}

#[test]
fn substring_counts_from_zero_and_stops_at_the_end() {
    let sub = |start: i64, len: Option<i64>| {
        let mut args = vec![s("Zoë Øster"), Value::Int(start)];
        args.extend(len.map(Value::Int));
        text_call("substring", args)
    };
    assert_eq!(sub(0, Some(3)), s("Zoë"));
    assert_eq!(sub(2, Some(3)), s("ë Ø"));
    assert_eq!(sub(4, None), s("Øster"));
    assert_eq!(sub(4, Some(100)), s("Øster"));
    assert_eq!(sub(9, None), s(""));
    assert_eq!(sub(50, Some(2)), s(""));
    assert_eq!(sub(1, Some(0)), s(""));
}

#[test]
fn padding_fills_to_a_length_in_characters() {
    let pad =
        |name: &str, text: &str, n: i64, ch: &str| call(name, vec![s(text), Value::Int(n), s(ch)]);
    assert_eq!(pad("pad_left", "7", 3, "0"), Ok(s("007")));
    assert_eq!(pad("pad_left", "Zoë", 4, "·"), Ok(s("·Zoë")));
    assert_eq!(pad("pad_right", "Zoë", 5, "_"), Ok(s("Zoë__")));
    assert_eq!(pad("pad_right", "long", 2, "_"), Ok(s("long")));
    assert_eq!(pad("pad_left", "", 0, "0"), Ok(s("")));
    assert_eq!(
        pad("pad_left", "7", 3, "00"),
        Err("pad_left: the padding must be one character, got \"00\"".into())
    );
    assert!(pad("pad_right", "7", 3, "").is_err());
    // A length read from a record must not be able to exhaust memory.
    assert_eq!(
        pad("pad_left", "7", 10_000, "0").map(|v| v.as_str().map(|t| t.len())),
        Ok(Some(10_000))
    );
    assert_eq!(
        pad("pad_left", "7", 100_000_000_000_000, "0"),
        Err(
            "pad_left: 100000000000000 characters is longer than a padded text may be (10000)"
                .into()
        )
    );
}

#[test]
fn length_counts_characters_or_elements() {
    assert_eq!(text_call("length", vec![s("Zoë")]), Value::Int(3));
    assert_eq!(text_call("length", vec![s("")]), Value::Int(0));
    assert_eq!(text_call("length", vec![s("Ĳ")]), Value::Int(1));
    assert_eq!(
        text_call("length", vec![texts(&["a", "b", "c"])]),
        Value::Int(3)
    );
    assert_eq!(text_call("length", vec![Value::Null]), Value::Null);
    assert!(call("length", vec![Value::Int(3)]).is_err());
}

#[test]
fn strip_spaces_removes_inner_white_space() {
    assert_eq!(
        text_call("strip_spaces", vec![s(" a b\tc\u{a0}d ")]),
        s("abcd")
    );
}

#[test]
fn blank_turns_empty_text_into_null() {
    assert_eq!(text_call("blank", vec![s("")]), Value::Null);
    assert_eq!(text_call("blank", vec![s(" \t\n")]), Value::Null);
    assert_eq!(text_call("blank", vec![Value::Null]), Value::Null);
    assert_eq!(text_call("blank", vec![s(" x ")]), s(" x "));
    assert!(call("blank", vec![Value::Int(0)]).is_err());
}
