//! `datamapper diff` on a changed copy of the Acme mapping: the report a pull request
//! would carry.

use std::process::Command;

fn diff(extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_datamapper"))
        .args([
            "diff",
            "rules/acme/acme.dmap",
            "tests/diff/acme-changed.dmap",
            "rules/acme/input.ndjson",
            "--existing",
            "rules/acme/existing.ndjson",
            "--today",
            "2026-11-28",
        ])
        .args(extra)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn human_report_lists_attributes_and_outcome_moves() {
    let output = diff(&[]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    insta::assert_snapshot!(String::from_utf8_lossy(&output.stdout));
}

#[test]
fn json_report_for_tools() {
    let output = diff(&["--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["records"], 25);
    insta::assert_json_snapshot!(report);
}

#[test]
fn the_same_mapping_changes_nothing() {
    let output = Command::new(env!("CARGO_BIN_EXE_datamapper"))
        .args([
            "diff",
            "rules/acme/acme.dmap",
            "rules/acme/acme.dmap",
            "rules/acme/input.ndjson",
        ])
        .args(["--today", "2026-11-28"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "Compared 25 records: 0 users change.\n"
    );
}

#[test]
fn a_mapping_that_does_not_check_stops_with_its_diagnostics() {
    let output = Command::new(env!("CARGO_BIN_EXE_datamapper"))
        .args([
            "diff",
            "rules/acme/acme.dmap",
            "tests/check/unknown_name.dmap",
            "rules/acme/input.ndjson",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown-name"));
}
