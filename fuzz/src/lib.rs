//! The bodies of the fuzz targets, shared by the fuzzer (`fuzz_targets/`) and by the
//! test suite (`tests/fuzz_corpus.rs` includes this file), so the committed corpus and
//! every crash reproducer replay as ordinary tests.
//!
//! Each function takes arbitrary bytes and must return normally: a panic, an abort or a
//! stack overflow is a bug. Where an input is accepted, the functions also check the
//! invariants that must hold for it (fmt round-trips, outcomes are well formed).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use datamapper::engine::{LineOutcome, Outcome, Program, RunContext};
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
/// in `rules/`, in one run, so `unique` sees the names handed out before. Each line also
/// goes through the byte path (`Program::map_line`), which must give the same outcome and
/// the same bytes as `map_record` on the parsed line.
pub fn engine(data: &[u8]) {
    let lines: Vec<&[u8]> = data.split(|&byte| byte == b'\n').collect();
    for program in programs() {
        let mut whole = run_context();
        let mut by_line = run_context();
        for line in lines.iter().chain(lines.iter()) {
            let mut out = Vec::new();
            let fast = program.map_line(line, &mut by_line, &mut out);
            let Ok(record) = serde_json::from_slice::<serde_json::Value>(line) else {
                assert!(
                    matches!(fast, LineOutcome::NotJson(_)),
                    "not JSON, yet {fast:?}"
                );
                continue;
            };
            let slow = program.map_record(&record, &mut whole);
            match (&slow, &fast) {
                (Outcome::Mapped(user), LineOutcome::Mapped) => {
                    assert!(user.is_object(), "a mapped user is not an object: {user}");
                    let expected = serde_json::to_vec(user).unwrap_or_default();
                    assert_eq!(
                        String::from_utf8_lossy(&expected),
                        String::from_utf8_lossy(&out),
                        "map_line wrote other bytes"
                    );
                }
                (Outcome::Skipped, LineOutcome::Skipped) => {}
                (Outcome::Rejected(a), LineOutcome::Rejected(b)) => assert_eq!(a, b),
                _ => panic!("map_record gives {slow:?}, map_line {fast:?}"),
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

/// Record readers over arbitrary bytes. The first byte picks the reader: NDJSON, JSON,
/// JSON with `--records-at /value`, or CSV converted to the bakkerij source schema. The
/// record limit is small so that the limit paths are reached.
pub fn input(data: &[u8]) {
    use datamapper::input::{read_records, InputFormat, ReadOptions};
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let mut options = ReadOptions::new(match selector % 4 {
        0 => InputFormat::Ndjson,
        1 | 2 => InputFormat::Json,
        _ => InputFormat::Csv,
    });
    options.record_limit = 4096;
    if selector % 4 == 2 {
        options.records_at = Some("/value".to_string());
    }
    if selector % 4 == 3 {
        options.source = Some(csv_source());
    }
    let mut last_line = 0;
    for item in read_records(Box::new(bytes), &options) {
        let Ok(item) = item else {
            break;
        };
        assert!(
            item.line >= last_line,
            "line {} after {last_line}",
            item.line
        );
        last_line = item.line;
        match &item.record {
            Ok(record) => assert!(record.is_object()),
            Err(bad) => assert!(!bad.reason.is_empty()),
        }
    }
}

/// The source schema of the CSV example project, for converting cells.
fn csv_source() -> std::sync::Arc<datamapper::schema::ObjectType> {
    static SOURCE: OnceLock<std::sync::Arc<datamapper::schema::ObjectType>> = OnceLock::new();
    SOURCE
        .get_or_init(|| {
            let path = rules_dir().join("bakkerij-csv/bakkerij.schema.json");
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            let schema = datamapper::schema::source::load_json_schema(&text)
                .unwrap_or_else(|e| panic!("{path:?}: {e}"));
            std::sync::Arc::new(schema)
        })
        .clone()
}
