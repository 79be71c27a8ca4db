//! What the tests of the engine's fast and ahead paths share: a compiled program and a
//! run context on the benchmark's day.

use datamapper::engine::{Program, RunContext};
use datamapper::source::SourceFile;
use std::path::Path;

/// The program compiled from the mapping file at `path`, which must check cleanly.
pub fn program(path: &str) -> Program {
    let source = SourceFile::read(Path::new(path)).unwrap();
    let checked = datamapper::check::check_file(&source);
    datamapper::compile::compile(&checked.mapping.unwrap(), &source)
}

/// A run on 2026-11-28 at 08:00 UTC, holding no names yet.
pub fn context() -> RunContext {
    RunContext::new(
        jiff::civil::date(2026, 11, 28),
        "2026-11-28T08:00:00Z".parse().unwrap(),
    )
}
