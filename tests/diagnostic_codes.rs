//! The table of diagnostic codes (`diagnostics::CODES`) is complete and its examples are
//! real: each bad example in `tests/diagnostics/` gives its code, each fixed one checks
//! clean, and every code the source can produce is documented.

use datamapper::check::check_file;
use datamapper::diagnostics::{Diagnostic, CODES};
use datamapper::reference::example_file;
use regex::Regex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn check(code: &str, kind: &str, text: &str) -> Vec<Diagnostic> {
    check_file(&example_file(code, kind, text)).diagnostics
}

#[test]
fn each_bad_example_gives_its_code_with_its_severity() {
    for doc in CODES {
        let found = check(doc.code, "bad", doc.bad);
        let own: Vec<&Diagnostic> = found.iter().filter(|d| d.code == doc.code).collect();
        let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
        assert!(
            !own.is_empty(),
            "tests/diagnostics/{}.bad.dmap does not give `{}`; it gives {codes:?}",
            doc.code,
            doc.code
        );
        for diagnostic in own {
            assert_eq!(
                diagnostic.severity, doc.severity,
                "`{}` is documented with another severity",
                doc.code
            );
        }
    }
}

#[test]
fn each_fixed_example_checks_clean() {
    for doc in CODES {
        let found = check(doc.code, "fixed", doc.fixed);
        let messages: Vec<String> = found
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        assert!(
            found.is_empty(),
            "tests/diagnostics/{}.fixed.dmap is not clean: {messages:#?}",
            doc.code
        );
    }
}

#[test]
fn codes_are_documented_once_and_fully() {
    let mut seen = BTreeSet::new();
    for doc in CODES {
        assert!(
            seen.insert(doc.code),
            "`{}` is in the table twice",
            doc.code
        );
        for (what, text) in [
            ("title", doc.title),
            ("meaning", doc.meaning),
            ("why", doc.why),
            ("group", doc.group),
        ] {
            assert!(!text.trim().is_empty(), "`{}` has no {what}", doc.code);
        }
    }
}

#[test]
fn every_example_file_belongs_to_a_documented_code() {
    let dir = root().join("tests/diagnostics");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".dmap") else {
            continue;
        };
        let code = stem
            .strip_suffix(".bad")
            .or_else(|| stem.strip_suffix(".fixed"))
            .unwrap_or_else(|| {
                panic!("{name}: example files are CODE.bad.dmap or CODE.fixed.dmap")
            });
        assert!(
            CODES.iter().any(|doc| doc.code == code),
            "{name} is the example of `{code}`, which is not in diagnostics::CODES"
        );
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// Codes written in the source where a diagnostic is made: `Diagnostic::error("code", ...)`,
/// `Diagnostic::warning(...)`, `file_problem("code", ...)`, a `code: "..."` field, and the
/// `SYNTAX_ERROR` constant.
fn codes_in_source() -> BTreeSet<String> {
    let made =
        Regex::new(r#"(?:Diagnostic::(?:error|warning)|file_problem)\(\s*"([a-z]+(?:-[a-z]+)*)""#)
            .unwrap();
    let field = Regex::new(r#"\bcode:\s*"([a-z]+(?:-[a-z]+)+)""#).unwrap();
    let constant = Regex::new(r#"SYNTAX_ERROR: &str = "([a-z-]+)""#).unwrap();
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut codes = BTreeSet::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for pattern in [&made, &field, &constant] {
            for found in pattern.captures_iter(&text) {
                codes.insert(found[1].to_string());
            }
        }
    }
    codes
}

/// Codes in the JSON part of every snapshot of the test suite.
fn codes_in_snapshots() -> BTreeSet<String> {
    let pattern = Regex::new(r#""code": "([a-z]+(?:-[a-z]+)*)""#).unwrap();
    let mut codes = BTreeSet::new();
    for dir in ["tests/snapshots", "src/functions/snapshots"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for entry in entries {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
            for found in pattern.captures_iter(&text) {
                codes.insert(found[1].to_string());
            }
        }
    }
    codes
}

#[test]
fn every_code_the_source_can_give_is_documented() {
    let from_source = codes_in_source();
    assert!(
        from_source.len() >= 30,
        "the scan of src/ found only {from_source:?}: has the way diagnostics are made changed?"
    );
    let documented: BTreeSet<String> = CODES.iter().map(|doc| doc.code.to_string()).collect();
    let from_snapshots = codes_in_snapshots();
    let missing: Vec<&String> = from_source
        .iter()
        .chain(from_snapshots.iter())
        .filter(|code| !documented.contains(*code))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without an entry in diagnostics::CODES (src/diagnostics/codes.rs) and example \
         files in tests/diagnostics/: {missing:?}"
    );
    let unused: Vec<&String> = documented
        .iter()
        .filter(|code| !from_source.contains(*code))
        .collect();
    assert!(
        unused.is_empty(),
        "documented codes that nothing in src/ gives: {unused:?}"
    );
}
