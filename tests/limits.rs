//! Limits that fail cleanly: the deepest expression the parser accepts goes through the
//! checker, fmt, the compiler and the engine on a thread with the default 2 MB stack (in
//! debug builds too), and deeper or longer input gets a diagnostic instead of a crash; the
//! deepest record the readers accept is read, mapped and dropped on such a thread too.

use datamapper::diagnostics::Diagnostic;
use datamapper::engine::{Outcome, RunContext};
use datamapper::source::SourceFile;
use datamapper::syntax::parser::MAX_NESTING;

/// The stack a spawned thread gets by default.
const DEFAULT_THREAD_STACK: usize = 2 * 1024 * 1024;

const HEADER: &str = "source { first: string?, n: int?, tags: [string]? }\ntarget plek\n";

/// Runs `work` on a thread with the default stack, as `--jobs` workers do.
fn on_default_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(DEFAULT_THREAD_STACK)
        .spawn(work)
        .unwrap()
        .join()
        .unwrap()
}

/// What every stage makes of a mapping with `rule` as its userName rule: the error
/// codes, or the outcome of mapping one record, and that `fmt` kept the tree.
fn through_every_stage(rule: String) -> Result<Outcome, Vec<String>> {
    on_default_stack(move || {
        let text = format!("{HEADER}externalId = \"1\"\nuserName = {rule}\n");
        let file = SourceFile::new("deep.dmap", "deep.dmap", text.as_str());
        let (parsed, syntax) = datamapper::syntax::parse(&file);
        if datamapper::diagnostics::has_errors(&syntax) {
            return Err(codes(&syntax));
        }
        let formatted = datamapper::syntax::pretty::format(&parsed, &text);
        let reparsed = datamapper::syntax::parse(&SourceFile::new("f", "f", formatted));
        assert_eq!(
            datamapper::syntax::dump::dump(&parsed),
            datamapper::syntax::dump::dump(&reparsed.0)
        );
        let checked = datamapper::check::check_file(&file);
        let Some(mapping) = checked.mapping else {
            return Err(codes(&checked.diagnostics));
        };
        let program = datamapper::compile::compile(&mapping, &file);
        let record = serde_json::json!({"first": "ann", "n": 3, "tags": ["x"]});
        let mut context =
            RunContext::new(jiff::civil::date(2026, 1, 1), jiff::Timestamp::UNIX_EPOCH);
        Ok(program.map_record(&record, &mut context))
    })
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(|d| d.code.to_string()).collect()
}

fn mapped_user_name(outcome: &Outcome) -> &str {
    match outcome {
        Outcome::Mapped(user) => user["userName"].as_str().unwrap(),
        other => panic!("not mapped: {other:?}"),
    }
}

/// `open` × depth, then the core, then `close` × depth.
fn nested(open: &str, core: &str, close: &str, depth: usize) -> String {
    format!("{}{core}{}", open.repeat(depth), close.repeat(depth))
}

#[test]
fn deepest_accepted_parentheses_run_on_a_default_stack() {
    // The rule's value is one level itself.
    let rule = nested("(", "first ?? \"x\"", ")", MAX_NESTING - 2);
    let outcome = through_every_stage(rule).unwrap();
    assert_eq!(mapped_user_name(&outcome), "ann");
}

#[test]
fn deepest_accepted_calls_run_on_a_default_stack() {
    let rule = nested("lower(", "first ?? \"x\"", ")", MAX_NESTING - 2);
    let outcome = through_every_stage(rule).unwrap();
    assert_eq!(mapped_user_name(&outcome), "ann");
}

#[test]
fn deepest_accepted_conditionals_run_on_a_default_stack() {
    let depth = MAX_NESTING / 2 - 1;
    let rule = format!(
        "{}\"deep\"{}",
        "if n == 3 then ".repeat(depth),
        " else \"no\"".repeat(depth)
    );
    let outcome = through_every_stage(rule).unwrap();
    assert_eq!(mapped_user_name(&outcome), "deep");
}

#[test]
fn deepest_accepted_lists_run_on_a_default_stack() {
    let rule = format!(
        "string(count({}))",
        nested("[", "\"a\"", "]", MAX_NESTING - 3)
    );
    let outcome = through_every_stage(rule).unwrap();
    assert_eq!(mapped_user_name(&outcome), "1");
}

#[test]
fn nested_interpolation_runs_on_a_default_stack() {
    let interpolated = |levels: usize| {
        let mut rule = "first ?? \"x\"".to_string();
        for _ in 0..levels {
            rule = format!("\"{{{rule}}}\"");
        }
        rule
    };
    let outcome = through_every_stage(interpolated(MAX_NESTING / 4)).unwrap();
    assert_eq!(mapped_user_name(&outcome), "ann");
    let too_deep = through_every_stage(interpolated(MAX_NESTING)).unwrap_err();
    assert_eq!(too_deep, ["nesting-too-deep"]);
}

#[test]
fn parentheses_past_the_limit_give_a_diagnostic() {
    let rule = nested("(", "first", ")", MAX_NESTING + 1);
    assert_eq!(through_every_stage(rule).unwrap_err(), ["nesting-too-deep"]);
    let rule = nested("(", "first", ")", 100_000);
    assert_eq!(through_every_stage(rule).unwrap_err(), ["nesting-too-deep"]);
}

#[test]
fn unclosed_brackets_by_the_thousand_give_a_diagnostic() {
    let rule = "(".repeat(100_000);
    assert_eq!(through_every_stage(rule).unwrap_err(), ["nesting-too-deep"]);
}

/// An operator chain is a left-leaning tree, so each operator is a level: a chain within
/// the limit runs, a longer one is refused like deep brackets, never by overflowing.
#[test]
fn long_operator_chains_run_within_the_limit_and_fail_cleanly_past_it() {
    let short = vec!["(n ?? 0)"; MAX_NESTING / 2].join(" + ");
    let outcome = through_every_stage(format!("string({short}) ?? \"x\"")).unwrap();
    assert_eq!(
        mapped_user_name(&outcome),
        (3 * MAX_NESTING / 2).to_string()
    );
    for operator in [" + ", " ?? ", " and ", " or ", " * "] {
        let rule = vec!["n"; 10_000].join(operator);
        let codes = through_every_stage(format!("string({rule})")).unwrap_err();
        assert_eq!(codes, ["nesting-too-deep"], "{operator}");
    }
}

/// Comparisons do not chain (`a == b == c` is a syntax error).
#[test]
fn chained_comparisons_are_a_syntax_error() {
    let rule = vec!["n"; 10_000].join(" == ");
    let codes = through_every_stage(format!("string({rule})")).unwrap_err();
    assert_eq!(codes, ["syntax-error"]);
}

#[test]
fn long_pipelines_run_within_the_limit_and_fail_cleanly_past_it() {
    let short = format!("(first ?? \"x\"){}", " | lower".repeat(MAX_NESTING / 2));
    assert_eq!(
        mapped_user_name(&through_every_stage(short).unwrap()),
        "ann"
    );
    let long = format!("first{}", " | lower".repeat(10_000));
    assert_eq!(through_every_stage(long).unwrap_err(), ["nesting-too-deep"]);
}

/// A record whose `deep` field nests `levels - 1` objects, so the record is `levels`
/// deep (the record object is level 1).
fn deep_record(levels: usize) -> String {
    let inner = format!(
        "{}{{}}{}",
        "{\"a\": ".repeat(levels - 2),
        "}".repeat(levels - 2)
    );
    format!("{{\"first\": \"ann\", \"deep\": {inner}}}")
}

/// The deepest record `--max-depth` allows is read (with serde_json's own limit off),
/// mapped whole and by the byte path, written out and dropped — all recursive — on a
/// thread with the default 2 MiB stack in debug builds; `--jobs` workers get 8 MiB.
#[test]
fn the_deepest_records_allowed_run_and_drop_on_a_default_stack() {
    let user_name = on_default_stack(|| {
        let text = "source { first: string?, deep: any? }\ntarget plek\nexternalId = \"1\"\n\
                    userName = if deep != null then first ?? \"x\" else \"none\"\n";
        let file = SourceFile::new("deep.dmap", "deep.dmap", text);
        let mapping = datamapper::check::check_file(&file).mapping.unwrap();
        let program = datamapper::compile::compile(&mapping, &file);
        let line = deep_record(datamapper::input::MAX_DEPTH);
        let record = datamapper::input::parse_line(line.as_bytes()).unwrap();
        let mut context =
            RunContext::new(jiff::civil::date(2026, 1, 1), jiff::Timestamp::UNIX_EPOCH);
        let outcome = program.map_record(&record, &mut context);
        let mut user = Vec::new();
        let by_bytes = program.map_line(line.as_bytes(), &mut context, &mut user);
        // A line the byte path cannot take goes the way of the parsed record.
        if let datamapper::engine::LineOutcome::Mapped = by_bytes {
            assert!(String::from_utf8(user).unwrap().contains("\"ann"));
        }
        assert_eq!(
            serde_json::to_string(&record).unwrap(),
            line.replace(' ', "")
        );
        let copy = record.clone();
        drop(record);
        drop(copy);
        mapped_user_name(&outcome).to_string()
    });
    assert_eq!(user_name, "ann");
}

#[test]
fn records_deeper_than_allowed_are_rejected_before_they_are_parsed() {
    let reason = on_default_stack(|| {
        let line = deep_record(1_000_000);
        datamapper::input::parse_line(line.as_bytes())
            .unwrap_err()
            .reason
    });
    assert_eq!(
        reason,
        "the record nests 1000000 levels deep; the limit is 128 (--max-depth)"
    );
}
