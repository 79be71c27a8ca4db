//! Runs every example project under `rules/` with the built binary and compares its output,
//! rejects and summary with the project's `expected/` files, byte for byte.
//!
//! Each `rules/<project>/` holds a `run.args` file: the arguments of `datamapper run`,
//! separated by white space (a line starting with `#` is a comment), run from the project
//! folder. `{rejects}` and `{summary}` stand for the files the run writes its rejects and
//! summary to. The expected files are
//! `expected/output.ndjson` (standard output), `expected/rejects.ndjson` and
//! `expected/summary.json`. Each project runs with `--jobs 1` and with `--jobs 2`: both
//! must give these bytes. After a deliberate change, `DATAMAPPER_BLESS=1 cargo test --test
//! golden` rewrites them; review the difference before committing it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The exit status of `datamapper run` when some records were rejected.
const EXIT_REJECTED: i32 = 3;

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

/// Every folder under `rules/` with a `run.args`, in name order.
fn projects() -> Vec<PathBuf> {
    let mut projects: Vec<PathBuf> = fs::read_dir(rules_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("run.args").is_file())
        .collect();
    projects.sort();
    projects
}

fn run_args(project: &Path, rejects: &Path, summary: &Path) -> Vec<String> {
    let text = fs::read_to_string(project.join("run.args")).unwrap();
    text.lines()
        .map(str::trim)
        .filter(|line| !line.starts_with('#'))
        .flat_map(str::split_whitespace)
        .map(|argument| match argument {
            "{rejects}" => rejects.to_str().unwrap().to_string(),
            "{summary}" => summary.to_str().unwrap().to_string(),
            other => other.to_string(),
        })
        .collect()
}

/// What one run of a project produced.
struct RunResult {
    status: Option<i32>,
    stderr: String,
    /// (expected file name, actual contents)
    outputs: Vec<(&'static str, String)>,
}

fn run_project(project: &Path, jobs: u32) -> RunResult {
    let name = project.file_name().unwrap().to_str().unwrap();
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("golden-{name}-{jobs}"));
    fs::create_dir_all(&scratch).unwrap();
    let rejects = scratch.join("rejects.ndjson");
    let summary = scratch.join("summary.json");
    for stale in [&rejects, &summary] {
        let _ = fs::remove_file(stale);
    }
    let output = Command::new(env!("CARGO_BIN_EXE_datamapper"))
        .arg("run")
        .args(run_args(project, &rejects, &summary))
        .args(["--jobs", &jobs.to_string()])
        .current_dir(project)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let read = |path: &Path| fs::read_to_string(path).unwrap_or_else(|_| "(not written)\n".into());
    RunResult {
        status: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        outputs: vec![
            ("output.ndjson", String::from_utf8(output.stdout).unwrap()),
            ("rejects.ndjson", read(&rejects)),
            ("summary.json", read(&summary)),
        ],
    }
}

/// A readable line diff: each differing line with its number, expected above actual.
fn line_diff(expected: &str, actual: &str) -> String {
    let expected: Vec<&str> = expected.lines().collect();
    let actual: Vec<&str> = actual.lines().collect();
    let mut diff = String::new();
    for index in 0..expected.len().max(actual.len()) {
        let (want, got) = (expected.get(index), actual.get(index));
        if want != got {
            let show =
                |line: Option<&&str>| line.map_or("(no line)".to_string(), |l| l.to_string());
            diff += &format!(
                "  line {}:\n    - {}\n    + {}\n",
                index + 1,
                show(want),
                show(got)
            );
        }
    }
    if diff.is_empty() {
        diff = "  (the same lines; the difference is in line endings)\n".into();
    }
    diff
}

/// The problems with one project's run, empty when it matches `expected/`.
fn compare(project: &Path, result: &RunResult) -> Vec<String> {
    let bless = std::env::var_os("DATAMAPPER_BLESS").is_some();
    let expected_dir = project.join("expected");
    let mut problems = Vec::new();
    for (file, actual) in &result.outputs {
        let path = expected_dir.join(file);
        if bless {
            fs::create_dir_all(&expected_dir).unwrap();
            fs::write(&path, actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&path).unwrap_or_default();
        if &expected != actual {
            problems.push(format!(
                "expected/{file} differs (- expected, + actual):\n{}",
                line_diff(&expected, actual)
            ));
        }
    }
    let has_rejects = result.outputs.iter().any(|(file, actual)| {
        *file == "rejects.ndjson" && !actual.trim().is_empty() && actual != "(not written)\n"
    });
    let wanted_status = if has_rejects { EXIT_REJECTED } else { 0 };
    if result.status != Some(wanted_status) {
        problems.push(format!(
            "exit status {:?}, expected {wanted_status}",
            result.status
        ));
    }
    problems
}

#[test]
fn every_project_matches_its_expected_output() {
    let projects = projects();
    assert!(!projects.is_empty(), "no rules/*/run.args found");
    let mut failures = String::new();
    for (project, jobs) in projects
        .iter()
        .flat_map(|project| [(project, 1), (project, 2)])
    {
        let result = run_project(project, jobs);
        let problems = compare(project, &result);
        if !problems.is_empty() {
            failures += &format!(
                "\n== {} with --jobs {jobs} ==\n{}\nstderr:\n{}\n",
                project.display(),
                problems.join("\n"),
                result.stderr
            );
        }
    }
    assert!(failures.is_empty(), "golden outputs differ:{failures}");
}
