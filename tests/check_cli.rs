//! `datamapper check` as a user runs it: exit statuses and every output format.

use std::process::{Command, Output};

fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_datamapper"))
        .arg("check")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn clean_file_exits_zero_and_prints_nothing() {
    let output = check(&["tests/check/clean.dmap"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stderr), "");
}

#[test]
fn errors_exit_one_warnings_do_not_unless_denied() {
    assert_eq!(
        check(&["tests/check/unknown_name.dmap"]).status.code(),
        Some(1)
    );
    assert_eq!(check(&["tests/check/unused.dmap"]).status.code(), Some(0));
    let denied = check(&["--deny-warnings", "tests/check/unused.dmap"]);
    assert_eq!(denied.status.code(), Some(1));
    // One failing file among clean ones fails the run, and every file is reported.
    let several = check(&[
        "tests/check/clean.dmap",
        "tests/check/unknown_name.dmap",
        "tests/check/unused.dmap",
    ]);
    assert_eq!(several.status.code(), Some(1));
    let stderr = text(&several.stderr);
    assert!(
        stderr.contains("unknown_name.dmap") && stderr.contains("unused.dmap"),
        "{stderr}"
    );
}

#[test]
fn missing_file_is_a_usage_error_said_plainly() {
    let output = check(&["tests/check/no-such-file.dmap"]);
    assert_eq!(output.status.code(), Some(2));
    insta::assert_snapshot!(text(&output.stderr));
}

#[test]
fn no_file_is_a_usage_error() {
    assert_eq!(check(&[]).status.code(), Some(2));
}

#[test]
fn json_format_is_one_array_on_stdout() {
    let output = check(&[
        "--format",
        "json",
        "tests/check/several_errors.dmap",
        "tests/check/clean.dmap",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let records: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    insta::assert_json_snapshot!(records);
}

#[test]
fn github_format_annotates_lines() {
    let output = check(&["--format", "github", "tests/check/several_errors.dmap"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(text(&output.stdout));
}

#[test]
fn sarif_format_is_a_sarif_log() {
    let output = check(&[
        "--format",
        "sarif",
        "tests/check/several_errors.dmap",
        "tests/check/unused.dmap",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let mut log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["version"],
        env!("CARGO_PKG_VERSION")
    );
    log["runs"][0]["tool"]["driver"]["version"] = "[version]".into();
    insta::assert_json_snapshot!(log);
}

#[test]
fn a_folder_stands_for_the_mappings_under_it() {
    let output = check(&["--deny-warnings", "rules"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let several = check(&["--format", "json", "tests/check"]);
    assert_eq!(several.status.code(), Some(1));
    let stdout = text(&several.stdout);
    assert!(
        stdout.contains("unknown_name.dmap") && stdout.contains("unused.dmap"),
        "{stdout}"
    );
    let empty = check(&["schemas"]);
    assert_eq!(empty.status.code(), Some(2));
    assert_eq!(
        text(&empty.stderr),
        "error: \"schemas\" holds no mapping files (.dmap)\n"
    );
}
