//! The generated reference documents in `docs/` are up to date with the code, and
//! `datamapper docs` prints, checks and writes them.

use datamapper::reference::Document;
use std::path::{Path, PathBuf};
use std::process::Command;

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs")
}

#[test]
fn checked_in_documents_match_the_code() {
    for document in Document::ALL {
        let path = docs_dir().join(document.file_name());
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            current == document.generate(),
            "docs/{} is out of date: run `cargo run -- docs {} --write`",
            document.file_name(),
            document.name()
        );
    }
}

fn datamapper(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_datamapper"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn docs_prints_the_document() {
    let output = datamapper(&["docs", "functions"]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        Document::Functions.generate()
    );
}

#[test]
fn docs_check_passes_on_the_checked_in_documents() {
    for document in Document::ALL {
        let output = datamapper(&["docs", document.name(), "--check"]);
        assert_eq!(output.status.code(), Some(0), "{}", document.name());
    }
}

#[test]
fn docs_check_fails_on_a_stale_document_and_write_fixes_it() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("stale-docs");
    std::fs::create_dir_all(&dir).unwrap();
    let folder = dir.to_str().unwrap();
    std::fs::write(dir.join("functions.md"), "# old\n").unwrap();
    let stale = datamapper(&["docs", "functions", "--check", "--dir", folder]);
    assert_eq!(stale.status.code(), Some(1));
    let message = String::from_utf8(stale.stderr).unwrap();
    assert!(
        message.contains("run `datamapper docs functions --write`"),
        "{message}"
    );
    let write = datamapper(&["docs", "functions", "--write", "--dir", folder]);
    assert_eq!(write.status.code(), Some(0));
    let fresh = datamapper(&["docs", "functions", "--check", "--dir", folder]);
    assert_eq!(fresh.status.code(), Some(0));
}
