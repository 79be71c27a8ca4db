//! Validates the expected output of every example project under `rules/` as SCIM 2.0 Users
//! with the Enterprise User extension, using an independent validator (the Python package
//! scim2-models, see `scripts/validate_scim.py`).
//!
//! `scripts/test` sets the validator up and points `DATAMAPPER_SCIM_VALIDATOR` at its
//! Python. Without that variable (a plain `cargo test`) these tests say they were skipped
//! and pass; with it set, a validator that does not work fails them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const VALIDATOR_ENV: &str = "DATAMAPPER_SCIM_VALIDATOR";

fn project_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The validator's Python, or `None` (after saying so) when the tests run without it.
fn validator_python() -> Option<PathBuf> {
    match std::env::var_os(VALIDATOR_ENV) {
        Some(python) => Some(PathBuf::from(python)),
        None => {
            eprintln!(
                "SKIPPED: {VALIDATOR_ENV} is not set; run scripts/test to validate the SCIM output"
            );
            None
        }
    }
}

fn validate(python: &Path, files: &[PathBuf]) -> Output {
    Command::new(python)
        .arg(project_root().join("scripts/validate_scim.py"))
        .args(files)
        .output()
        .unwrap_or_else(|error| {
            panic!(
                "{VALIDATOR_ENV}={} cannot be started: {error}",
                python.display()
            )
        })
}

fn report(output: &Output) -> String {
    format!(
        "exit {:?}\n{}{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Every `rules/<project>/expected/output.ndjson`, in path order.
fn expected_outputs() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(project_root().join("rules"))
        .unwrap()
        .map(|entry| entry.unwrap().path().join("expected/output.ndjson"))
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn expected_outputs_of_the_example_projects_are_valid_scim_users() {
    let Some(python) = validator_python() else {
        return;
    };
    let files = expected_outputs();
    if files.is_empty() {
        eprintln!("no rules/*/expected/output.ndjson yet");
        return;
    }
    let output = validate(&python, &files);
    assert!(
        output.status.success(),
        "invalid SCIM users:\n{}",
        report(&output)
    );
}

/// The validator itself must find what is wrong, or the test above proves nothing.
#[test]
fn validator_accepts_good_users_and_refuses_bad_ones() {
    let Some(python) = validator_python() else {
        return;
    };
    let fixtures = project_root().join("tests/scim");
    let good = validate(&python, &[fixtures.join("valid-users.ndjson")]);
    assert!(
        good.status.success(),
        "validator refused valid users:\n{}",
        report(&good)
    );

    let bad_file = fixtures.join("invalid-users.ndjson");
    let bad_lines = fs::read_to_string(&bad_file).unwrap().lines().count();
    let bad = validate(&python, &[bad_file]);
    let text = report(&bad);
    assert_eq!(
        bad.status.code(),
        Some(1),
        "validator did not fail on invalid users:\n{text}"
    );
    let refused = text.matches("not a valid SCIM User").count();
    assert_eq!(
        refused, bad_lines,
        "validator let some invalid users through:\n{text}"
    );
}
