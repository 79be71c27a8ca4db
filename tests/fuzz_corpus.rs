//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) and every crash reproducer
//! (`tests/crashes/<target>-*`) through the same code the fuzz targets run, so the test
//! suite covers them without a fuzzer.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod targets;

use std::path::{Path, PathBuf};

/// The body of a fuzz target.
type Target = fn(&[u8]);

/// The fuzz targets by name, as in `fuzz/fuzz_targets/`.
const TARGETS: &[(&str, Target)] = &[
    ("mapping", targets::mapping),
    ("source_schema", targets::source_schema),
    ("target_schema", targets::target_schema),
    ("engine", targets::engine),
    ("input", targets::input),
];

fn files_in(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

fn replay(target: &str, files: &[PathBuf]) {
    let (_, run) = TARGETS.iter().find(|(name, _)| *name == target).unwrap();
    for file in files {
        let data = std::fs::read(file).unwrap();
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{} panics on {}", target, file.display());
    }
}

fn replay_corpus(target: &str) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let files = files_in(&folder);
    assert!(!files.is_empty(), "no corpus in {}", folder.display());
    replay(target, &files);
}

#[test]
fn mapping_corpus() {
    replay_corpus("mapping");
}

#[test]
fn source_schema_corpus() {
    replay_corpus("source_schema");
}

#[test]
fn target_schema_corpus() {
    replay_corpus("target_schema");
}

#[test]
fn engine_corpus() {
    replay_corpus("engine");
}

#[test]
fn input_corpus() {
    replay_corpus("input");
}

/// A reproducer is named after its target: `tests/crashes/<target>-<what>`.
#[test]
fn crash_reproducers() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/crashes");
    for file in files_in(&folder) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let target = TARGETS
            .iter()
            .map(|(target, _)| *target)
            .filter(|target| name.starts_with(&format!("{target}-")))
            .max_by_key(|target| target.len())
            .unwrap_or_else(|| panic!("{name}: name it <target>-<what>"));
        replay(target, std::slice::from_ref(&file));
    }
}
