use crate::functions::test_support::{call, list, regex, s, texts};
use crate::value::Value;

#[test]
fn replace_with_text_is_literal_and_replaces_all() {
    let replace = |text: &str, pattern: &str, with: &str| {
        call("replace", vec![s(text), s(pattern), s(with)]).unwrap()
    };
    assert_eq!(replace("a.b.c", ".", ""), s("abc"));
    assert_eq!(replace("(0)6 (0)6", "(0)", ""), s("6 6"));
    assert_eq!(replace("$1 each", "$1", "€1"), s("€1 each"));
    assert_eq!(replace("abc", "", "-"), s("abc"));
    assert_eq!(replace("Zoë", "ë", "e"), s("Zoe"));
}

#[test]
fn replace_with_a_regex_refers_to_groups() {
    let replace = |text: &str, pattern: &str, with: &str| {
        call("replace", vec![s(text), regex(pattern), s(with)]).unwrap()
    };
    assert_eq!(replace("+31 (0)6-12", r"[\s\-()]+", ""), s("+310612"));
    assert_eq!(
        replace("Berg, Jan", r"(\w+), (\w+)", "$2 $1"),
        s("Jan Berg")
    );
    assert_eq!(replace("a1b22", r"(\d+)", "${1}x"), s("a1xb22x"));
    assert_eq!(
        call("replace", vec![Value::Null, regex("a"), s("b")]),
        Ok(Value::Null)
    );
}

#[test]
fn split_by_text_or_regex() {
    let split = |text: &str, sep: Value| call("split", vec![s(text), sep]).unwrap();
    assert_eq!(split("a;b;;c", s(";")), texts(&["a", "b", "", "c"]));
    assert_eq!(split("a, b ,c", regex(r"\s*,\s*")), texts(&["a", "b", "c"]));
    assert_eq!(split("", s(",")), texts(&[]));
    assert_eq!(split("abc", s(",")), texts(&["abc"]));
    assert_eq!(split("Zoë", s("")), texts(&["Z", "o", "ë"]));
}

#[test]
fn join_leaves_out_null_and_empty_elements() {
    let join = |items: Value, sep: &str| call("join", vec![items, s(sep)]).unwrap();
    assert_eq!(join(texts(&["van der", "Berg"]), " "), s("van der Berg"));
    assert_eq!(
        join(list(vec![Value::Null, s("Berg"), s("")]), " "),
        s("Berg")
    );
    assert_eq!(join(list(vec![Value::Null]), "-"), s(""));
    assert_eq!(
        join(list(vec![s("EMP"), Value::Int(42), Value::Bool(true)]), "-"),
        s("EMP-42-true")
    );
    assert_eq!(call("join", vec![Value::Null, s(" ")]), Ok(Value::Null));
}

#[test]
fn contains_and_ends_are_case_sensitive() {
    let test = |name: &str, text: &str, part: &str| call(name, vec![s(text), s(part)]).unwrap();
    assert_eq!(test("contains", "Zoë", "oë"), Value::Bool(true));
    assert_eq!(test("contains", "Zoë", "OË"), Value::Bool(false));
    assert_eq!(test("contains", "abc", ""), Value::Bool(true));
    assert_eq!(test("starts_with", "EXT-1", "EXT"), Value::Bool(true));
    assert_eq!(test("starts_with", "ext-1", "EXT"), Value::Bool(false));
    assert_eq!(
        test("ends_with", "a@acme.nl", "@acme.nl"),
        Value::Bool(true)
    );
    assert_eq!(test("ends_with", "", "x"), Value::Bool(false));
}

#[test]
fn matches_searches_anywhere() {
    let matches =
        |text: &str, pattern: &str| call("matches", vec![s(text), regex(pattern)]).unwrap();
    assert_eq!(matches("NL-12", r"\d"), Value::Bool(true));
    assert_eq!(matches("NL-12", r"^\d"), Value::Bool(false));
    assert!(call("matches", vec![s("x"), s("x")]).is_err());
}

#[test]
fn extract_gives_the_first_group_or_the_match_or_null() {
    let extract =
        |text: &str, pattern: &str| call("extract", vec![s(text), regex(pattern)]).unwrap();
    assert_eq!(extract("Sales (NL) (BE)", r"\((\w+)\)"), s("NL"));
    assert_eq!(extract("room 4.12", r"\d+\.\d+"), s("4.12"));
    assert_eq!(extract("abc", r"(x)?b"), s("b"));
    assert_eq!(extract("abc", r"\d"), Value::Null);
    assert_eq!(extract("Zoë", r"(.)$"), s("ë"));
}
