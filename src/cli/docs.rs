//! `datamapper docs`: prints, writes or checks the reference documents generated from the
//! code (`docs/functions.md`, `docs/diagnostics.md`).

use crate::reference::Document;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct DocsArgs {
    /// The document: `functions` (docs/functions.md) or `diagnostics` (docs/diagnostics.md).
    #[arg(value_enum)]
    document: DocumentName,
    /// Write the document into the docs folder instead of printing it.
    #[arg(long, conflicts_with = "check")]
    write: bool,
    /// Exit with status 1 when the document in the docs folder differs from the code.
    #[arg(long)]
    check: bool,
    /// The docs folder of the project.
    #[arg(long, value_name = "DIR", default_value = "docs")]
    dir: PathBuf,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum DocumentName {
    Functions,
    Diagnostics,
}

impl DocumentName {
    fn document(self) -> Document {
        match self {
            DocumentName::Functions => Document::Functions,
            DocumentName::Diagnostics => Document::Diagnostics,
        }
    }
}

/// Runs `datamapper docs`.
pub fn run(args: DocsArgs) -> i32 {
    let document = args.document.document();
    let text = document.generate();
    let path = args.dir.join(document.file_name());
    if args.write {
        write_file(&path, &text)
    } else if args.check {
        check_file(&path, &text, document)
    } else {
        super::write_stdout(text.as_bytes())
    }
}

fn write_file(path: &Path, text: &str) -> i32 {
    match std::fs::write(path, text) {
        Ok(()) => {
            eprintln!("wrote {}", path.display());
            super::EXIT_OK
        }
        Err(error) => {
            eprintln!("error: could not write {}: {error}", path.display());
            super::EXIT_USAGE
        }
    }
}

fn check_file(path: &Path, text: &str, document: Document) -> i32 {
    match std::fs::read_to_string(path) {
        Ok(current) if current == text => super::EXIT_OK,
        Ok(_) => {
            eprintln!(
                "{} is out of date: run `datamapper docs {} --write`",
                path.display(),
                document.name()
            );
            super::EXIT_FAILED
        }
        Err(error) => {
            eprintln!("error: could not read {}: {error}", path.display());
            super::EXIT_USAGE
        }
    }
}
