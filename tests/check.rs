//! Snapshot tests of the checker: every `tests/check/*.dmap` file is checked and its
//! rendered diagnostics are compared with the snapshot next to this file.

use datamapper::check::check_file;
use datamapper::report::{self, Style};
use datamapper::source::SourceFile;
use std::path::Path;

fn rendered(path: &Path) -> String {
    let relative = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string();
    let text = std::fs::read_to_string(path).unwrap();
    let file = SourceFile::new(relative, path, text);
    let result = check_file(&file);
    let mut out = report::render_human(&file, &result.diagnostics, Style::PLAIN);
    if let Some(summary) = report::summary(&file, &result.diagnostics) {
        out.push_str(&summary);
    }
    let records: Vec<_> = result
        .diagnostics
        .iter()
        .map(|diagnostic| report::to_json(&file, diagnostic))
        .collect();
    out.push_str("\n--- json ---\n");
    out.push_str(&serde_json::to_string_pretty(&records).unwrap());
    out
}

#[test]
fn diagnostics_of_each_case() {
    insta::glob!("check/*.dmap", |path| {
        insta::assert_snapshot!(rendered(path));
    });
}

#[test]
fn clean_case_has_no_diagnostics_and_a_mapping() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check/clean.dmap");
    let file = SourceFile::read(&path).unwrap();
    let result = check_file(&file);
    assert_eq!(result.diagnostics, vec![]);
    let mapping = result
        .mapping
        .expect("a clean file gives a checked mapping");
    assert_eq!(mapping.rules.len(), 14);
    assert_eq!(mapping.lets.len(), 2);
    assert_eq!(mapping.filters.len(), 2);
}

#[test]
fn every_case_but_clean_reports_something() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check");
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "dmap") && !path.ends_with("clean.dmap") {
            let file = SourceFile::read(&path).unwrap();
            let result = check_file(&file);
            assert!(
                !result.diagnostics.is_empty(),
                "{} should report a problem",
                path.display()
            );
        }
    }
}
