//! Tests over the whole table: documentation, examples and names.

use super::test_support::evaluate;
use super::{lookup, names, FUNCTIONS};
use crate::schema::Type;
use crate::syntax::parser::parse_expression;
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

#[test]
fn examples_give_their_results() {
    for function in FUNCTIONS {
        for example in function.examples {
            assert!(
                example.call.contains(&format!("{}(", function.name)),
                "{}: the example does not call it",
                function.name
            );
            let mut taken = HashSet::new();
            let call = parse_expression(example.call)
                .unwrap_or_else(|error| panic!("{}: {error:?}", example.call));
            let result = parse_expression(example.result)
                .unwrap_or_else(|error| panic!("{}: {error:?}", example.result));
            let got = evaluate(&call, &mut taken)
                .unwrap_or_else(|error| panic!("{} failed: {error}", example.call));
            let expected = evaluate(&result, &mut HashSet::new()).unwrap();
            assert_eq!(got, expected, "{} gave {got:?}", example.call);
            assert_eq!(
                got.kind_name(),
                expected.kind_name(),
                "{} gave a {}",
                example.call,
                got.kind_name()
            );
        }
    }
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
