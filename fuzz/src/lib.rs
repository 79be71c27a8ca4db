//! The bodies of the fuzz targets, shared by the fuzzer (`fuzz_targets/`) and by the
//! test suite (`tests/fuzz_corpus.rs` includes this file), so the committed corpus and
//! every crash reproducer replay as ordinary tests.
//!
//! Each function takes arbitrary bytes and must return normally: a panic, an abort or a
//! stack overflow is a bug. Where an input is accepted, the functions also check the
//! invariants that must hold for it (fmt round-trips, outcomes are well formed).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use datamapper::engine::{Outcome, Program, RunContext};
use datamapper::source::SourceFile;

/// A mapping file: parse, check and compile it; when it parses, `fmt` must give text that
/// parses to the same tree and formats to itself.
pub fn mapping(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Relative paths in `source`/`target`/`table ... from` resolve in a folder that does
    // not exist, so they give "cannot read" diagnostics rather than reading the disk.
    let file = SourceFile::new("fuzz.dmap", "/nonexistent-datamapper-fuzz/fuzz.dmap", text);
    let (parsed, diagnostics) = datamapper::syntax::parse(&file);
    if !datamapper::diagnostics::has_errors(&diagnostics) {
        check_format_round_trip(&parsed, text);
    }
    let result = datamapper::check::check_file(&file);
    if let Some(mapping) = result.mapping {
        let _program = datamapper::compile::compile(&mapping, &file);
    }
}

/// `fmt` keeps the tree and is idempotent.
fn check_format_round_trip(parsed: &datamapper::syntax::ast::ParsedFile, text: &str) {
    let formatted = datamapper::syntax::pretty::format(parsed, text);
    let again_file = SourceFile::new("formatted.dmap", "formatted.dmap", formatted.as_str());
    let (again, diagnostics) = datamapper::syntax::parse(&again_file);
    assert!(
        !datamapper::diagnostics::has_errors(&diagnostics),
        "fmt output does not parse:\n{formatted}\n{diagnostics:?}"
    );
    assert_eq!(
        datamapper::syntax::dump::dump(parsed),
        datamapper::syntax::dump::dump(&again),
        "fmt changed the tree; formatted text:\n{formatted}"
    );
    let twice = datamapper::syntax::pretty::format(&again, &formatted);
    assert_eq!(formatted, twice, "fmt is not idempotent");
}

/// A JSON Schema for the source records.
pub fn source_schema(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = datamapper::schema::source::load_json_schema(text);
    }
}

/// A SCIM /Schemas document used as the target.
pub fn target_schema(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = datamapper::schema::target::load_target_schema(text);
    }
}

/// Records (one JSON document per line) through the programs of every example project
/// in `rules/`, in one run, so `unique` sees the names handed out before.
pub fn engine(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let records: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    for program in programs() {
        let mut context = run_context();
        for record in records.iter().chain(records.iter()) {
            if let Outcome::Mapped(user) = program.map_record(record, &mut context) {
                assert!(user.is_object(), "a mapped user is not an object: {user}");
            }
        }
    }
}

/// The fixed dates of a fuzzing run, so results do not depend on the clock.
pub fn run_context() -> RunContext {
    let today = jiff::civil::date(2026, 11, 28);
    RunContext::new(today, jiff::Timestamp::UNIX_EPOCH)
}

/// The compiled programs of `rules/*/*.dmap`, built once.
pub fn programs() -> &'static [Program] {
    static PROGRAMS: OnceLock<Vec<Program>> = OnceLock::new();
    PROGRAMS.get_or_init(|| {
        [
            "acme/acme.dmap",
            "contoso-graph/contoso.dmap",
            "bakkerij-csv/bakkerij.dmap",
        ]
        .iter()
        .map(|path| compile_rules(&rules_dir().join(path)))
        .collect()
    })
}

fn compile_rules(path: &Path) -> Program {
    let file = SourceFile::read(path).unwrap_or_else(|error| panic!("{path:?}: {error}"));
    let result = datamapper::check::check_file(&file);
    let mapping = result
        .mapping
        .unwrap_or_else(|| panic!("{path:?} does not check: {:?}", result.diagnostics));
    datamapper::compile::compile(&mapping, &file)
}

/// `rules/` of the repository, from the root package or from `fuzz/`.
fn rules_dir() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let beside = here.join("rules");
    if beside.is_dir() {
        beside
    } else {
        here.join("../rules")
    }
}
