//! `datamapper test`: the cases of every project under `rules/` pass, a failing case shows
//! its differences, and `--update` rewrites expectations. Runs the built binary.

use std::path::{Path, PathBuf};
use std::process::Command;

fn datamapper(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_datamapper"))
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

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh copy of `rules/acme` in a temporary folder, so cases can be edited.
fn acme_copy(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("datamapper-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    copy_folder(&repository().join("rules/acme"), &root.join("acme"));
    root
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_folder(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Changes the expected familyName of the Zoë case, so it fails.
fn break_zoe_case(root: &Path) -> PathBuf {
    let case = root.join("acme/cases/zoe-van-der-berg-email-case.json");
    let text = std::fs::read_to_string(&case).unwrap();
    let broken = text.replacen(
        "\"familyName\": \"van der Berg\"",
        "\"familyName\": \"Van Der Berg\"",
        1,
    );
    assert_ne!(text, broken);
    std::fs::write(&case, broken).unwrap();
    case
}

#[test]
fn every_rules_project_passes_its_cases() {
    let (status, stdout, stderr) = datamapper(&repository(), &["test", "rules/"]);
    assert_eq!(stderr, "");
    assert_eq!(status, 0, "{stdout}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn a_failing_case_shows_each_difference() {
    let root = acme_copy("failing");
    break_zoe_case(&root);
    let (status, stdout, _) = datamapper(&root, &["test", "acme"]);
    assert_eq!(status, 1);
    insta::assert_snapshot!(stdout);
    let (_, github, _) = datamapper(&root, &["test", "--format", "github", "acme"]);
    let annotations: Vec<&str> = github
        .lines()
        .filter(|line| line.starts_with("::"))
        .collect();
    insta::assert_snapshot!(annotations.join("\n"));
    let (_, json, _) = datamapper(&root, &["test", "--format", "json", "acme"]);
    let document: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(document["failed"], 1);
    let (status, sarif, _) = datamapper(&root, &["test", "--format", "sarif", "acme"]);
    assert_eq!(status, 1);
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "case-failed");
    let uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.ends_with("zoe-van-der-berg-email-case.json"), "{uri}");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn update_rewrites_failing_expectations() {
    let root = acme_copy("update");
    let case = break_zoe_case(&root);
    let (status, stdout, _) = datamapper(&root, &["test", "--update", "acme"]);
    assert_eq!(status, 0, "{stdout}");
    assert!(
        stdout.contains("updated zoe-van-der-berg-email-case.json"),
        "{stdout}"
    );
    let rewritten = std::fs::read_to_string(&case).unwrap();
    let original = std::fs::read_to_string(
        repository().join("rules/acme/cases/zoe-van-der-berg-email-case.json"),
    )
    .unwrap();
    let (rewritten, original): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&rewritten).unwrap(),
        serde_json::from_str(&original).unwrap(),
    );
    assert_eq!(rewritten, original);
    let (status, _, _) = datamapper(&root, &["test", "acme"]);
    assert_eq!(status, 0);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_mapping_that_does_not_check_fails_with_its_diagnostics() {
    let root = acme_copy("broken");
    let mapping = root.join("acme/acme.dmap");
    let text = std::fs::read_to_string(&mapping).unwrap();
    std::fs::write(
        &mapping,
        text.replace("title             = job.title", "title = job.titel"),
    )
    .unwrap();
    let (status, stdout, stderr) = datamapper(&root, &["test", "acme"]);
    assert_eq!(status, 1);
    assert!(
        stdout.contains("acme/acme.dmap: does not check"),
        "{stdout}"
    );
    assert!(stderr.contains("titel"), "{stderr}");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn no_projects_is_a_usage_error() {
    let (status, _, stderr) = datamapper(&repository(), &["test", "docs"]);
    assert_eq!(status, 2);
    assert!(stderr.contains("no mapping projects"), "{stderr}");
}

#[test]
fn files_saved_with_a_byte_order_mark_are_read() {
    let root = acme_copy("bom");
    for file in [
        "acme/acme.dmap",
        "acme/acme.schema.json",
        "acme/cases/anna-jansen-employee.json",
    ] {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    }
    let (status, stdout, stderr) = datamapper(&root, &["check", "acme/acme.dmap"]);
    assert_eq!((status, stdout.as_str()), (0, ""), "{stderr}");
    let (status, stdout, _) = datamapper(&root, &["test", "acme"]);
    assert_eq!(status, 0, "{stdout}");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_case_without_expect_says_so_once() {
    let root = acme_copy("no-expect");
    std::fs::write(
        root.join("acme/cases/new.json"),
        r#"{"today": "2026-11-28", "input": "../input.ndjson"}"#,
    )
    .unwrap();
    let (status, stdout, _) = datamapper(&root, &["test", "acme"]);
    assert_eq!(status, 1);
    assert!(
        stdout.contains("\n            the case has no \"expect\" yet (write it with --update)\n"),
        "{stdout}"
    );
    std::fs::remove_dir_all(&root).unwrap();
}
