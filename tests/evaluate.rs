//! `evaluate_expression`: one expression through parse, check, compile and evaluate.

use datamapper::evaluate_expression;
use datamapper::reference::{example_now, example_today};
use datamapper::value::Value;

fn evaluate(text: &str) -> Result<Value, String> {
    evaluate_expression(text, example_today(), example_now())
}

#[test]
fn values_come_from_the_engine_with_the_fixed_clock() {
    assert_eq!(
        evaluate(r#"["a", null, "b"] | join("-") | upper()"#),
        Ok(Value::string("A-B"))
    );
    assert_eq!(
        evaluate("today()"),
        Ok(Value::Date(jiff::civil::date(2026, 11, 28)))
    );
    assert_eq!(
        evaluate(r#"string(now())"#),
        Ok(Value::string("2026-11-28T09:30:00Z"))
    );
}

#[test]
fn names_are_fields_of_an_empty_record() {
    assert_eq!(
        evaluate(r#"first_name ?? "none""#),
        Ok(Value::string("none"))
    );
}

#[test]
fn syntax_errors_name_the_place() {
    let error = evaluate("lower(").unwrap_err();
    assert!(
        error.starts_with("expression:1:6: error[syntax-error]"),
        "{error}"
    );
}

#[test]
fn check_errors_are_listed_one_per_line() {
    let error = evaluate(r#"lowr("A") + uper("b")"#).unwrap_err();
    let lines: Vec<&str> = error.lines().collect();
    assert_eq!(lines.len(), 2, "{error}");
    assert!(
        lines[0].starts_with("expression:1:1: error[unknown-function]"),
        "{error}"
    );
    assert!(lines[1].contains("error[unknown-function]"), "{error}");
}

#[test]
fn run_time_errors_are_reasons() {
    assert_eq!(
        evaluate(r#"int("12a")"#),
        Err(r#"int: "12a" is not a whole number"#.to_string())
    );
}
