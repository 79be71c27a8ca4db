//! Tests over the whole table: documentation, names, and every example run through
//! the real pipeline (parse, check, compile, evaluate).

use super::{lookup, names, Example, Function, FUNCTIONS};
use crate::engine::RunContext;
use crate::reference::{example_now, example_today};
use crate::schema::Type;
use crate::source::SourceFile;
use crate::syntax::parser::parse_expression;
use crate::value::Value;
use crate::{check, compile, report};
use std::collections::HashSet;

#[test]
fn every_function_is_documented_with_an_example() {
    for function in FUNCTIONS {
        assert!(!function.doc.is_empty(), "{} has no doc", function.name);
        assert!(
            !function.null_doc.is_empty(),
            "{} has no null_doc",
            function.name
        );
        assert!(
            !function.examples.is_empty(),
            "{} has no example",
            function.name
        );
        assert!(!function.group.is_empty(), "{} has no group", function.name);
    }
}

#[test]
fn names_are_unique_and_found() {
    let mut seen = HashSet::new();
    for name in names() {
        assert!(seen.insert(name), "{name} is in the table twice");
        assert_eq!(lookup(name).map(|function| function.name), Some(name));
    }
}

#[test]
fn groups_are_together() {
    let mut finished: Vec<&str> = Vec::new();
    for pair in FUNCTIONS.windows(2) {
        if pair[0].group != pair[1].group {
            finished.push(pair[0].group);
            assert!(
                !finished.contains(&pair[1].group),
                "group {} is split",
                pair[1].group
            );
        }
    }
}

#[test]
fn only_trailing_parameters_are_optional_or_variadic() {
    for function in FUNCTIONS {
        let params = function.params;
        for (index, param) in params.iter().enumerate() {
            let last = index + 1 == params.len();
            assert!(
                !param.variadic || last,
                "{}: variadic not last",
                function.name
            );
            if param.optional {
                assert!(
                    params[index..].iter().all(|later| later.optional),
                    "{}: a required parameter after an optional one",
                    function.name
                );
            }
        }
    }
}

/// Runs one side of an example through the whole pipeline: parse, check (no errors and
/// no warnings allowed), compile, evaluate with the reference's fixed clock.
fn run_example(text: &str) -> Result<Value, String> {
    let file = SourceFile::new("example", "example", text);
    let parsed = parse_expression(text).map_err(|error| report::plain_line(&file, &error))?;
    let checked = check::check_expression(&parsed);
    if !checked.diagnostics.is_empty() {
        let lines: Vec<String> = checked
            .diagnostics
            .iter()
            .map(|diagnostic| report::plain_line(&file, diagnostic))
            .collect();
        return Err(lines.concat());
    }
    let expression = checked.expression.ok_or("the checker gave no expression")?;
    let mut context = RunContext::new(example_today(), example_now());
    compile::compile_expression(&expression)
        .evaluate(&serde_json::json!({}), &mut context)
        .map_err(|error| format!("run-time error: {error}"))
}

/// What is wrong with one example, if anything.
fn example_problem(function: &Function, example: &Example) -> Option<String> {
    if !example.call.contains(&format!("{}(", function.name)) {
        return Some("the example does not call the function".into());
    }
    let got = match run_example(example.call) {
        Ok(value) => value,
        Err(error) => return Some(format!("the call fails: {error}")),
    };
    let expected = match run_example(example.result) {
        Ok(value) => value,
        Err(error) => return Some(format!("the result fails: {error}")),
    };
    let same = got == expected && got.kind_name() == expected.kind_name();
    (!same).then(|| {
        format!(
            "gives {} {}, but the example says {} {}",
            got.kind_name(),
            got.to_json(),
            expected.kind_name(),
            expected.to_json()
        )
    })
}

#[test]
fn examples_give_their_results() {
    let mut problems = Vec::new();
    for function in FUNCTIONS {
        for (index, example) in function.examples.iter().enumerate() {
            if let Some(problem) = example_problem(function, example) {
                problems.push(format!(
                    "{} example {} `{}` => `{}`: {problem}",
                    function.name,
                    index + 1,
                    example.call,
                    example.result
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "function examples that do not hold:\n{}",
        problems.join("\n")
    );
}

#[test]
fn example_arguments_of_literal_types_pass_the_signature() {
    // Every function accepts unknown arguments, so a call with them checks.
    for function in FUNCTIONS {
        let args = vec![Type::ANY; function.min_args()];
        assert!(function.check_call(&args).is_ok(), "{}", function.name);
    }
}

#[test]
fn signatures_read_well() {
    let texts: Vec<String> = FUNCTIONS.iter().map(|f| f.signature_text()).collect();
    insta::assert_snapshot!(texts.join("\n"));
}
