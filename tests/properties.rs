//! Property tests: `fmt` keeps the tree and the comments and is idempotent on mapping
//! texts built from the grammar, and `unique` never hands out a userName twice in a run
//! or one that already exists.

use datamapper::engine::{Outcome, RunContext};
use datamapper::source::SourceFile;
use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;

/// Few cases, so the suite stays fast on two shared cores; the fuzzer goes further.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn name() -> BoxedStrategy<String> {
    prop_oneof![
        Just("first_name".to_string()),
        Just("job.title".to_string()),
        Just("tags[0]".to_string()),
        Just("`E-mail werk`".to_string()),
        Just("`match`".to_string()),
        Just("n".to_string()),
    ]
    .boxed()
}

fn literal() -> BoxedStrategy<String> {
    prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        (0i64..100_000).prop_map(|n| n.to_string()),
        Just("1.25".to_string()),
        "[a-z \\\\\"]{0,12}".prop_map(|text| format!("{:?}", text.replace('\\', ""))),
        Just("/^[A-Z]+$/i".to_string()),
        Just("\"tab\\there \\{x\\}\"".to_string()),
    ]
    .boxed()
}

/// Wraps a compound operand so the generated text means what the tree says.
fn operand(expr: String) -> String {
    if expr.contains(' ') {
        format!("({expr})")
    } else {
        expr
    }
}

fn expression() -> BoxedStrategy<String> {
    let leaf = prop_oneof![name(), literal()];
    leaf.prop_recursive(5, 48, 4, |inner| {
        let binary_operator = prop_oneof![
            Just("+"),
            Just("-"),
            Just("*"),
            Just("/"),
            Just("??"),
            Just("and"),
            Just("or"),
            Just("=="),
            Just("!="),
            Just("<"),
            Just("in"),
        ];
        let function = prop_oneof![
            Just("lower"),
            Just("join"),
            Just("trim"),
            Just("unique"),
            Just("replace"),
        ];
        prop_oneof![
            (inner.clone(), binary_operator, inner.clone()).prop_map(|(l, op, r)| format!(
                "{} {op} {}",
                operand(l),
                operand(r)
            )),
            (function.clone(), prop::collection::vec(inner.clone(), 0..4))
                .prop_map(|(f, args)| format!("{f}({})", args.join(", "))),
            (inner.clone(), function)
                .prop_map(|(subject, f)| format!("{} | {f}", operand(subject))),
            inner.clone().prop_map(|e| format!("not {}", operand(e))),
            inner.clone().prop_map(|e| format!("-{}", operand(e))),
            inner.clone().prop_map(|e| format!("({e})")),
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|items| format!("[{}]", items.join(", "))),
            (inner.clone(), inner.clone())
                .prop_map(|(value, kind)| format!("{{ value: {value}, type: {kind} }}")),
            (
                inner.clone(),
                inner.clone(),
                prop::option::of(inner.clone())
            )
                .prop_map(|(condition, then, otherwise)| match otherwise {
                    Some(otherwise) => format!("(if {condition} then {then} else {otherwise})"),
                    None => format!("(if {condition} then {then})"),
                }),
            (inner.clone(), inner.clone()).prop_map(|(e, list)| format!(
                "[{} for t in {}]",
                operand(e),
                operand(list)
            )),
            (inner.clone(), prop::collection::vec(inner.clone(), 1..4)).prop_map(
                |(subject, arms)| {
                    let arms: Vec<String> = arms
                        .iter()
                        .enumerate()
                        .map(|(i, value)| format!("\"k{i}\" => {value}"))
                        .collect();
                    format!(
                        "match {} {{ {}, _ => null }}",
                        operand(subject),
                        arms.join(", ")
                    )
                }
            ),
            inner.prop_map(|e| format!("\"Hi {{{e}}}!\"")),
        ]
    })
    .boxed()
}

fn target() -> BoxedStrategy<String> {
    prop_oneof![
        Just("userName"),
        Just("once userName"),
        Just("name.givenName"),
        Just("emails[type eq \"work\"].value"),
        Just("`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`.department"),
    ]
    .prop_map(str::to_string)
    .boxed()
}

fn item() -> BoxedStrategy<String> {
    prop_oneof![
        (target(), expression()).prop_map(|(t, e)| format!("{t} = {e}")),
        expression().prop_map(|e| format!("let value_{} = {e}", e.len())),
        expression().prop_map(|e| format!("skip when {e}")),
        expression().prop_map(|e| format!("reject \"bad\" when {e}")),
    ]
    .boxed()
}

fn mapping_text() -> impl Strategy<Value = String> {
    let line = (item(), prop::option::of("[a-z ]{0,20}"), prop::bool::ANY).prop_map(
        |(item, comment, blank_after)| {
            let mut line = item;
            if let Some(comment) = comment {
                line.push_str(&format!("   # {comment}"));
            }
            if blank_after {
                line.push('\n');
            }
            line
        },
    );
    prop::collection::vec(line, 1..6).prop_map(|lines| {
        format!(
            "# generated\nsource {{ first_name: string }}\ntarget plek\n{}\n",
            lines.join("\n")
        )
    })
}

fn parsed(text: &str) -> datamapper::syntax::ast::ParsedFile {
    let file = SourceFile::new("p.dmap", "p.dmap", text);
    let (parsed, diagnostics) = datamapper::syntax::parse(&file);
    assert!(
        !datamapper::diagnostics::has_errors(&diagnostics),
        "does not parse:\n{text}\n{diagnostics:#?}"
    );
    parsed
}

fn comment_texts(file: &datamapper::syntax::ast::ParsedFile) -> Vec<String> {
    file.comments
        .iter()
        .map(|comment| comment.text.trim_end().to_string())
        .collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fmt_keeps_the_tree_and_comments_and_is_idempotent(text in mapping_text()) {
        let original = parsed(&text);
        let formatted = datamapper::syntax::pretty::format(&original, &text);
        let again = parsed(&formatted);
        prop_assert_eq!(
            datamapper::syntax::dump::dump(&original),
            datamapper::syntax::dump::dump(&again),
            "formatted:\n{}", formatted
        );
        prop_assert_eq!(comment_texts(&original), comment_texts(&again));
        let twice = datamapper::syntax::pretty::format(&again, &formatted);
        prop_assert_eq!(formatted, twice);
    }
}

/// A mapping whose userName always comes from `unique`, from few enough letters that
/// collisions are common.
const UNIQUE_MAPPING: &str = "source { first: string, last: string }\ntarget plek\n\
    externalId = first + last\n\
    userName = unique(lower(\"{first}.{last}@x.example\"), lower(\"{first | left(1)}{last}@x.example\"))\n";

fn unique_program() -> datamapper::engine::Program {
    let file = SourceFile::new("unique.dmap", "unique.dmap", UNIQUE_MAPPING);
    let result = datamapper::check::check_file(&file);
    let mapping = result
        .mapping
        .unwrap_or_else(|| panic!("{:#?}", result.diagnostics));
    datamapper::compile::compile(&mapping, &file)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn unique_never_hands_out_a_name_twice_or_one_that_exists(
        people in prop::collection::vec(("[aAbB]{1,2}", "[cC]{1,2}"), 1..40),
        existing in prop::collection::vec("[ab]{1,2}\\.[c]{1,2}@x\\.example", 0..6),
    ) {
        let program = unique_program();
        let mut context = RunContext::new(jiff::civil::date(2026, 1, 1), jiff::Timestamp::UNIX_EPOCH);
        for name in &existing {
            context.add_existing_user_name(&name.to_uppercase());
        }
        let mut handed_out = std::collections::HashSet::new();
        for (first, last) in &people {
            let record = serde_json::json!({"first": first, "last": last});
            match program.map_record(&record, &mut context) {
                Outcome::Mapped(user) => {
                    let name = user["userName"].as_str().unwrap().to_lowercase();
                    prop_assert!(!existing.contains(&name), "{} exists already", name);
                    prop_assert!(handed_out.insert(name.clone()), "{} handed out twice", name);
                }
                Outcome::Rejected(reason) => prop_assert!(!reason.is_empty()),
                Outcome::Skipped => prop_assert!(false, "nothing skips"),
            }
        }
    }
}
