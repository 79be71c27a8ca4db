//! `datamapper explain` on the example projects and `tests/explain/`: the human layout and
//! the JSON document.
//! Runs the built binary.

use std::path::PathBuf;
use std::process::Command;

fn explain(project: &str, args: &[&str]) -> (i32, String, String) {
    explain_in(&PathBuf::from("rules").join(project), args)
}

/// Runs `explain` in `dir`, relative to the crate.
fn explain_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir);
    let output = Command::new(env!("CARGO_BIN_EXE_datamapper"))
        .arg("explain")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

const ACME: [&str; 6] = [
    "acme.dmap",
    "input.ndjson",
    "--existing",
    "existing.ndjson",
    "--today",
    "2026-11-28",
];

fn acme(extra: &[&str]) -> (i32, String, String) {
    let args: Vec<&str> = ACME.iter().chain(extra).copied().collect();
    explain("acme", &args)
}

#[test]
fn a_generated_user_name_names_who_holds_the_taken_ones() {
    let (status, stdout, stderr) = acme(&["--line", "5"]);
    assert_eq!((status, stderr.as_str()), (0, ""));
    insta::assert_snapshot!(stdout);
}

#[test]
fn a_skipped_record_shows_the_filter_that_fired() {
    let (status, stdout, _) = acme(&["--line", "6"]);
    assert_eq!(status, 0);
    insta::assert_snapshot!(stdout);
}

#[test]
fn a_rejected_record_shows_where_it_stopped() {
    let (status, stdout, _) = acme(&["--line", "18"]);
    assert_eq!(status, 0);
    insta::assert_snapshot!(stdout);
}

#[test]
fn a_let_that_failed_shows_its_error() {
    let (status, stdout, _) = explain(
        "bakkerij-csv",
        &[
            "bakkerij.dmap",
            "personeel.csv",
            "--today",
            "2026-11-28",
            "--line",
            "12",
        ],
    );
    assert_eq!(status, 0);
    let uit_dienst = stdout
        .lines()
        .find(|line| line.starts_with("let uit_dienst"))
        .unwrap();
    assert!(
        uit_dienst
            .ends_with(r#"error: date: "31-02-2026" is not a valid date in the format "%d-%m-%Y""#),
        "{stdout}"
    );
}

#[test]
fn json_for_tools() {
    let (status, stdout, _) = acme(&["--line", "5", "--format", "json"]);
    assert_eq!(status, 0);
    let document: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    insta::assert_json_snapshot!(document);
}

#[test]
fn match_arms_and_json_documents() {
    let (status, stdout, stderr) = explain(
        "contoso-graph",
        &[
            "contoso.dmap",
            "graph-users.json",
            "--records-at",
            "/value",
            "--today",
            "2026-11-28",
            "--line",
            "43",
        ],
    );
    assert_eq!((status, stderr.as_str()), (0, ""));
    insta::assert_snapshot!(stdout);
}

#[test]
fn several_records_need_a_line() {
    let (status, _, stderr) = acme(&[]);
    assert_eq!(status, 2);
    assert!(stderr.contains("choose one with --line N"), "{stderr}");
    let (status, _, stderr) = acme(&["--line", "9999"]);
    assert_eq!(status, 2);
    assert!(
        stderr.contains("no record of input.ndjson starts on line 9999"),
        "{stderr}"
    );
    let (status, _, stderr) = explain(
        "bakkerij-csv",
        &["bakkerij.dmap", "personeel.csv", "--line", "1"],
    );
    assert_eq!(status, 2);
    assert!(
        stderr.contains("starts on line 1 (records nearby start on lines 2, 3)"),
        "{stderr}"
    );
}

#[test]
fn a_table_lookup_shows_the_table_the_key_and_whether_it_was_found() {
    let mut shown = String::new();
    for line in ["1", "2", "3"] {
        let (status, stdout, stderr) = explain_in(
            "tests/explain".as_ref(),
            &["lookup.dmap", "people.ndjson", "--line", line],
        );
        assert_eq!((status, stderr.as_str()), (0, ""));
        shown.push_str(&stdout);
    }
    insta::assert_snapshot!(shown);
}
