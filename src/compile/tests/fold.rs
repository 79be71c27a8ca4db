//! Constant folding: what is computed once when compiling, what must stay per record,
//! and that folded and as-written programs give every record the same outcome.

use super::super::expr::Lowering;
use super::super::{compile_with, Folding};
use crate::engine::program::Expr;
use crate::engine::{Outcome, Program, RunContext};
use crate::functions::{Purity, FUNCTIONS};
use crate::source::SourceFile;
use crate::value::Value;
use serde_json::json;

const HEADER: &str = "source {\n  first: string\n  last: string?\n  hired: date\n  \
                      code: string?\n  tags: [string]\n}\ntarget plek\nexternalId = first\n";

/// A mapping of `rules`, with a userName rule when `rules` has none.
fn mapping_text(rules: &str) -> String {
    let user_name = if rules.contains("userName") {
        ""
    } else {
        "userName = first\n"
    };
    format!("{HEADER}{user_name}{rules}")
}

fn compiled(rules: &str, folding: Folding) -> Program {
    let file = SourceFile::new("fold.dmap", "fold.dmap", mapping_text(rules));
    let checked = crate::check::check_file(&file);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    compile_with(&checked.mapping.unwrap(), &file, folding)
}

/// The compiled value of the rule for `target` in the folded program.
fn folded<'p>(program: &'p Program, target: &str) -> &'p Expr {
    let rule = program.rules.iter().find(|rule| rule.target == target);
    &rule.unwrap().value
}

fn constant(rules: &str, target: &str) -> Option<Value> {
    match folded(&compiled(rules, Folding::Full), target) {
        Expr::Constant(value) => Some(value.clone()),
        _ => None,
    }
}

fn text(value: &str) -> Option<Value> {
    Some(Value::string(value))
}

fn context() -> RunContext {
    RunContext::new(
        jiff::civil::date(2026, 11, 28),
        "2026-11-28T09:30:00Z".parse().unwrap(),
    )
}

fn record() -> serde_json::Value {
    json!({"first": "Ann", "last": null, "hired": "2020-02-01", "code": "ab-12", "tags": ["x"]})
}

/// The outcome of `record` under the folded program and under the program as written.
fn outcomes(rules: &str, record: &serde_json::Value) -> (Outcome, Outcome) {
    let run = |folding| compiled(rules, folding).map_record(record, &mut context());
    (run(Folding::Full), run(Folding::AsWritten))
}

#[test]
fn pure_calls_with_constant_arguments_fold() {
    assert_eq!(
        constant(r#"title = lower(trim("  NL "))"#, "title"),
        text("nl")
    );
    assert_eq!(constant(r#"title = "a" + upper("b")"#, "title"), text("aB"));
    assert_eq!(
        constant(
            r#"title = format_date(date("2026-01-31"), "%d-%m")"#,
            "title"
        ),
        text("31-01")
    );
    assert_eq!(
        constant(
            r#"title = string(add_days(date("2026-01-31"), 1))"#,
            "title"
        ),
        text("2026-02-01")
    );
}

#[test]
fn null_arguments_fold_as_the_engine_treats_them() {
    assert_eq!(constant(r#"title = blank("")"#, "title"), Some(Value::Null));
    // `blank("")` is null, so `??` is left with its fallback: the field read.
    let program = compiled(r#"title = blank("") ?? first"#, Folding::Full);
    assert!(matches!(folded(&program, "title"), Expr::Field(_)));
}

#[test]
fn constant_lets_fold_into_their_readers() {
    let rules = "let domain = lower(\"ACME.example\")\nlet at = \"@\" + domain\n\
                 title = \"x{at}\"\ndisplayName = first + at\n";
    assert_eq!(constant(rules, "title"), text("x@acme.example"));
    let program = compiled(rules, Folding::Full);
    let Expr::Binary(binary) = folded(&program, "displayName") else {
        panic!("expected first + constant");
    };
    assert!(
        matches!(&binary.right, Expr::Constant(value) if value == &Value::string("@acme.example"))
    );
}

#[test]
fn matches_on_constants_fold_to_the_arm_taken() {
    let rules =
        "title = match upper(\"nl\") {\n  \"BE\" => \"be\"\n  /^N/ => first\n  _ => \"other\"\n}\n\
                 displayName = match lower(\"X\") { \"y\" => \"y\" }\n";
    let program = compiled(rules, Folding::Full);
    assert!(matches!(folded(&program, "title"), Expr::Field(_)));
    assert_eq!(constant(rules, "displayName"), Some(Value::Null));
}

#[test]
fn the_clock_unique_and_the_record_do_not_fold() {
    let rules = "title = string(add_days(today(), -30))\ndisplayName = string(now())\n\
                 userName = unique(\"a@b.example\")\nnickName = lower(first)\n\
                 emails[type eq \"work\"].value = join([lower(tag) for tag in tags], \",\")\n";
    let program = compiled(rules, Folding::Full);
    for target in ["title", "displayName", "userName", "nickName"] {
        assert!(
            matches!(folded(&program, target), Expr::Call(_)),
            "{target} folded"
        );
    }
    assert!(matches!(
        folded(&program, "emails[type eq \"work\"].value"),
        Expr::Call(_)
    ));
}

#[test]
fn lets_that_read_the_record_do_not_fold() {
    let rules = "let name = lower(first)\ntitle = name + \"!\"\n";
    let program = compiled(rules, Folding::Full);
    let Expr::Binary(binary) = folded(&program, "title") else {
        panic!("expected a binary");
    };
    assert!(matches!(binary.left, Expr::Let(0)));
}

#[test]
fn failing_constant_calls_stay_calls_and_reject_as_before() {
    for rules in [
        "title = string(int(\"12a\"))\n",
        "title = string(date(\"2026-02-30\"))\n",
        "let bad = int(\"12a\")\ntitle = string(bad + 1)\n",
        "skip when code == null\ntitle = string(int(left(\"12a\", 3)))\n",
    ] {
        let program = compiled(rules, Folding::Full);
        assert!(!matches!(folded(&program, "title"), Expr::Constant(_)));
        let (folded, as_written) = outcomes(rules, &record());
        assert!(
            matches!(folded, Outcome::Rejected(_)),
            "{rules}: {folded:?}"
        );
        assert_eq!(folded, as_written, "{rules}");
    }
}

#[test]
fn a_failing_call_in_a_branch_not_taken_costs_nothing() {
    let rules = "title = if code == null then string(int(\"12a\")) else \"fine\"\n";
    let (folded, as_written) = outcomes(rules, &record());
    assert_eq!(folded, as_written);
    assert!(matches!(folded, Outcome::Mapped(_)));
}

#[test]
fn explain_keeps_calls_and_lets_as_written() {
    let rules = "let domain = lower(\"ACME\")\ntitle = domain + upper(\"x\")\n\
                 displayName = match upper(\"a\") { \"A\" => first }\n";
    let program = compiled(rules, Folding::AsWritten);
    let Expr::Binary(binary) = folded(&program, "title") else {
        panic!("expected a binary");
    };
    assert!(matches!(binary.left, Expr::Let(0)));
    assert!(matches!(binary.right, Expr::Call(_)));
    assert!(matches!(folded(&program, "displayName"), Expr::Match(_)));
    assert!(matches!(program.lets[0].value, Expr::Call(_)));
}

#[test]
fn huge_constants_are_left_to_run_time() {
    let mut rules = String::from("let l0 = pad_left(\"\", 10000, \"x\")\n");
    for n in 1..12 {
        rules.push_str(&format!("let l{n} = l{} + l{}\n", n - 1, n - 1));
    }
    rules.push_str("title = string(length(l11))\n");
    let program = compiled(&rules, Folding::Full);
    assert!(!matches!(folded(&program, "title"), Expr::Constant(_)));
    let (folded, as_written) = outcomes(&rules, &record());
    assert_eq!(folded, as_written);
}

#[test]
fn folded_and_as_written_programs_agree() {
    let rules = "let cutoff = date(\"2020-01-01\")\nlet suffix = \"@\" + lower(\"ACME.example\")\n\
                 skip when first == upper(\"skip\")\n\
                 title = if hired >= cutoff then \"new\" else \"old\"\n\
                 userName = lower(first) + suffix\n\
                 nickName = last ?? title_case(lower(\"NONE\"))\n\
                 displayName = match upper(code ?? \"-\") { /^AB/ => \"ab\", _ => null }\n\
                 active = hired > add_days(date(\"2026-11-28\"), -3650)\n";
    for record in [
        record(),
        json!({"first": "SKIP", "last": "x", "hired": "2010-01-01", "code": null, "tags": []}),
        json!({"first": "Bo", "last": "x", "hired": "2010-01-01", "code": null, "tags": []}),
        json!({"first": "Bo", "last": 3, "hired": "2010-01-01", "code": null, "tags": []}),
    ] {
        let (folded, as_written) = outcomes(rules, &record);
        assert_eq!(folded, as_written, "{record}");
    }
}

/// A function marked pure must not read the run: its examples give the same value under
/// two different clocks and with every name taken.
#[test]
fn functions_marked_pure_ignore_the_run() {
    let mut other = RunContext::new(
        jiff::civil::date(1999, 1, 2),
        "1999-01-02T03:04:05Z".parse().unwrap(),
    );
    for function in FUNCTIONS.iter().filter(|f| f.purity == Purity::Pure) {
        for example in function.examples {
            let parsed = crate::syntax::parser::parse_expression(example.call).unwrap();
            let checked = crate::check::check_expression(&parsed);
            let Some(expression) = checked.expression else {
                continue;
            };
            let lowered = Lowering::new(None, Folding::AsWritten).lower(&expression);
            let as_written = crate::engine::Expression::new(lowered);
            let record = json!({});
            let mut run = context();
            if let Ok(Value::String(text)) = as_written.evaluate(&record, &mut run) {
                other.add_existing_user_name(&text);
            }
            assert_eq!(
                as_written.evaluate(&record, &mut context()),
                as_written.evaluate(&record, &mut other),
                "{}",
                example.call
            );
        }
    }
}

#[test]
fn clock_and_run_functions_are_marked() {
    let purity = |name: &str| crate::functions::lookup(name).map(|f| f.purity);
    assert_eq!(purity("today"), Some(Purity::Clock));
    assert_eq!(purity("now"), Some(Purity::Clock));
    assert_eq!(purity("unique"), Some(Purity::Run));
}
