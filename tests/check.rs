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

/// A mapping with lines far longer than a terminal: a 100,000-character table line with a
/// duplicate key at its end, a short line under it, and a long line of non-ASCII text.
fn long_lines_mapping() -> String {
    let entries: Vec<String> = (0..6000).map(|n| format!("\"k{n}\" => \"v{n}\"")).collect();
    let entries = entries.join(", ");
    assert!(entries.len() > 100_000);
    format!(
        "source {{\n  id: int\n  dept: string\n}}\ntarget plek\n\n\
         table departments {{ {entries}, \"k5\" => \"dup\" }}\n\
         externalId = string(idd)\n\
         userName = departments[dept] ?? \"x\"\n\
         displayName = \"{}{{nmae}}\"\n",
        "é".repeat(300)
    )
}

#[test]
fn long_lines_are_shown_as_a_window_around_the_span() {
    let file = SourceFile::new("long.dmap", "long.dmap", long_lines_mapping());
    let diagnostics = check_file(&file).diagnostics;
    let human = report::render_human(&file, &diagnostics, Style::PLAIN);
    for line in human.lines() {
        assert!(
            line.chars().count() <= 140,
            "a long line is shown whole: {line}"
        );
    }
    let positions: Vec<String> = diagnostics
        .iter()
        .map(|diagnostic| {
            let json = report::to_json(&file, diagnostic);
            format!("{}:{}", json["line"], json["column"])
        })
        .collect();
    assert_eq!(positions, ["7:117801", "8:21", "10:317"]);
    for position in &positions {
        assert!(
            human.contains(&format!("[long.dmap:{position}]")),
            "{human}"
        );
    }
    insta::assert_snapshot!(human);
}
