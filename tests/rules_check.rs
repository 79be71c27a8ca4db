//! Every mapping file of the example projects under `rules/` checks clean: no errors and
//! no warnings from `datamapper check`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every `rules/<project>/*.dmap`, in path order.
fn mapping_files() -> Vec<PathBuf> {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files = Vec::new();
    for project in fs::read_dir(rules).unwrap() {
        let project = project.unwrap().path();
        if !project.is_dir() {
            continue;
        }
        for entry in fs::read_dir(&project).unwrap() {
            let path = entry.unwrap().path();
            if path
                .extension()
                .is_some_and(|extension| extension == "dmap")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_example_mapping_checks_without_errors_or_warnings() {
    let files = mapping_files();
    assert!(!files.is_empty(), "no rules/*/*.dmap found");
    let mut failures = String::new();
    for file in &files {
        let output = Command::new(env!("CARGO_BIN_EXE_datamapper"))
            .args(["check", "--deny-warnings"])
            .arg(file)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() || stderr.contains("warning") || stdout.contains("warning") {
            failures += &format!(
                "\n== {} (exit {:?}) ==\n{stdout}{stderr}",
                file.display(),
                output.status.code()
            );
        }
    }
    assert!(
        failures.is_empty(),
        "example mappings do not check clean:{failures}"
    );
}
