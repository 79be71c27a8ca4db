//! Records with extreme values get a reject with a reason (or a well-formed user), in
//! debug and release builds alike: integer overflow, huge padding widths, numbers that are
//! not finite, long text.

use datamapper::engine::{Outcome, RunContext};
use datamapper::source::SourceFile;
use serde_json::json;

/// Maps `record` with a mapping whose userName is `rule`.
fn map(rule: &str, record: serde_json::Value) -> Outcome {
    let text = format!(
        "source {{ n: int?, x: float?, s: string? }}\ntarget plek\nexternalId = \"1\"\nuserName = {rule}\n"
    );
    let file = SourceFile::new("hostile.dmap", "hostile.dmap", text.as_str());
    let checked = datamapper::check::check_file(&file);
    let mapping = checked
        .mapping
        .unwrap_or_else(|| panic!("{rule}: {:#?}", checked.diagnostics));
    let program = datamapper::compile::compile(&mapping, &file);
    let mut context = RunContext::new(jiff::civil::date(2026, 1, 1), jiff::Timestamp::UNIX_EPOCH);
    program.map_record(&record, &mut context)
}

fn reason(outcome: Outcome) -> String {
    match outcome {
        Outcome::Rejected(reason) => reason,
        other => panic!("not rejected: {other:?}"),
    }
}

#[test]
fn integer_overflow_is_a_reject() {
    let max = json!({"n": i64::MAX});
    let min = json!({"n": i64::MIN});
    for (rule, record) in [
        ("string(n + 1) ?? \"x\"", &max),
        ("string(n * 2) ?? \"x\"", &max),
        ("string(n - 1) ?? \"x\"", &min),
        ("string(-n) ?? \"x\"", &min),
        ("string(abs(n)) ?? \"x\"", &min),
    ] {
        let reason = reason(map(rule, record.clone()));
        assert!(!reason.is_empty(), "{rule}");
    }
}

#[test]
fn a_padding_width_from_a_record_cannot_exhaust_memory() {
    let rule = "pad_left(\"7\", n ?? 0, \"0\") ?? \"x\"";
    let reason = reason(map(rule, json!({"n": 100_000_000_000_000i64})));
    assert!(
        reason.contains("longer than a padded text may be"),
        "{reason}"
    );
}

#[test]
fn numbers_that_are_not_finite_never_become_invalid_json() {
    let outcome = map("string(x * x) ?? \"x\"", json!({"x": 1e308}));
    if let Outcome::Mapped(user) = outcome {
        assert!(serde_json::to_string(&user).is_ok());
    }
}

#[test]
fn integers_past_i64_from_json_are_rejected_with_the_field() {
    for record in [
        json!({"n": u64::MAX}),
        json!({"n": 1.5}),
        json!({"n": "12"}),
    ] {
        let reason = reason(map("string(n) ?? \"x\"", record.clone()));
        assert!(reason.contains('n'), "{record}: {reason}");
    }
}

#[test]
fn long_text_maps_whole() {
    let long = "é".repeat(1_000_000);
    let outcome = map("s ?? \"x\"", json!({"s": long}));
    match outcome {
        Outcome::Mapped(user) => assert_eq!(user["userName"].as_str().unwrap().len(), 2_000_000),
        other => panic!("{other:?}"),
    }
}
