//! Property tests of `datamapper run` over generated input streams: every record read is
//! mapped, skipped or rejected (`read == mapped + skipped + rejected`), each exactly once;
//! users and rejects come out in input order; and `--jobs 1` and `--jobs N` write the
//! same bytes.

use proptest::prelude::*;
use std::collections::BTreeSet;
use std::process::{Command, Stdio};

const MAPPING: &str = "tests/run/people.dmap";

/// One input line and what it holds.
#[derive(Clone, Debug)]
enum Line {
    /// A record with this id; `external` ones are skipped unless they are rejected.
    Record {
        external: bool,
        end: Option<&'static str>,
        bad_name: bool,
    },
    NotJson,
    NotAnObject,
    Blank,
}

fn line() -> impl Strategy<Value = Line> {
    prop_oneof![
        6 => (any::<bool>(), prop::option::of(prop_oneof![Just("2020-01-01"), Just("2030-01-01"), Just("2026-02-31")]), prop::bool::weighted(0.15))
            .prop_map(|(external, end, bad_name)| Line::Record { external, end, bad_name }),
        1 => Just(Line::NotJson),
        1 => Just(Line::NotAnObject),
        1 => Just(Line::Blank),
    ]
}

fn render(lines: &[Line]) -> String {
    render_named(lines, |id| ("A".into(), format!("B{id}")))
}

/// One line per `Line`; a record on line `id + 1` has id `id` and the names `name(id)`.
fn render_named(lines: &[Line], name: impl Fn(usize) -> (String, String)) -> String {
    let mut text = String::new();
    for (id, line) in lines.iter().enumerate() {
        match line {
            Line::Record {
                external,
                end,
                bad_name,
            } => {
                let (first, last) = name(id);
                let first = if *bad_name {
                    "12".to_string()
                } else {
                    format!("{first:?}")
                };
                text.push_str(&format!(
                    r#"{{"id": {id}, "first": {first}, "last": {last:?}"#
                ));
                if *external {
                    text.push_str(r#", "kind": "external""#);
                }
                if let Some(end) = end {
                    text.push_str(&format!(r#", "end": "{end}""#));
                }
                text.push('}');
            }
            Line::NotJson => text.push_str("{\"id\": oops"),
            Line::NotAnObject => text.push_str("[1, 2]"),
            Line::Blank => {}
        }
        text.push('\n');
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_record_is_mapped_skipped_or_rejected_once_in_order(lines in prop::collection::vec(line(), 0..40)) {
        let folder = std::env::temp_dir().join(format!("datamapper-prop-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let input = folder.join("in.ndjson");
        std::fs::write(&input, render(&lines)).unwrap();
        let rejects = folder.join("rejects.ndjson");
        let summary = folder.join("summary.json");
        let output = Command::new(env!("CARGO_BIN_EXE_datamapper"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["run", MAPPING, input.to_str().unwrap(), "--today", "2026-01-01"])
            .arg("--rejects").arg(&rejects)
            .arg("--summary").arg(&summary)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        prop_assert!(matches!(output.status.code(), Some(0 | 3)), "{}", stderr);

        let counts: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
        let count = |name: &str| counts[name].as_u64().unwrap();
        let read = lines.iter().filter(|line| !matches!(line, Line::Blank)).count() as u64;
        prop_assert_eq!(count("read"), read);
        prop_assert_eq!(count("read"), count("mapped") + count("skipped") + count("rejected"));

        let mapped: Vec<u64> = String::from_utf8(output.stdout).unwrap().lines()
            .map(|user| serde_json::from_str::<serde_json::Value>(user).unwrap()["externalId"].as_str().unwrap().parse().unwrap())
            .collect();
        let rejected_lines: Vec<u64> = std::fs::read_to_string(&rejects).unwrap().lines()
            .map(|reject| serde_json::from_str::<serde_json::Value>(reject).unwrap()["line"].as_u64().unwrap())
            .collect();
        prop_assert_eq!(mapped.len() as u64, count("mapped"));
        prop_assert_eq!(rejected_lines.len() as u64, count("rejected"));
        prop_assert!(mapped.windows(2).all(|pair| pair[0] < pair[1]), "users out of order: {:?}", mapped);
        prop_assert!(rejected_lines.windows(2).all(|pair| pair[0] < pair[1]), "rejects out of order: {:?}", rejected_lines);

        // Line n holds id n - 1: no record is both mapped and rejected, and every mapped
        // one is a record line.
        let mapped_lines: BTreeSet<u64> = mapped.iter().map(|id| id + 1).collect();
        let rejected: BTreeSet<u64> = rejected_lines.iter().copied().collect();
        prop_assert!(mapped_lines.is_disjoint(&rejected));
        for line in &mapped_lines {
            let is_record = matches!(lines[(*line - 1) as usize], Line::Record { external: false, .. });
            prop_assert!(is_record, "line {} mapped", line);
        }
        for (index, line) in lines.iter().enumerate() {
            if matches!(line, Line::NotJson | Line::NotAnObject) {
                prop_assert!(rejected.contains(&(index as u64 + 1)), "line {} not rejected", index + 1);
            }
        }
        std::fs::remove_dir_all(&folder).unwrap();
    }
}

/// Names from so few letters that `unique` collides often, in any case.
fn person() -> impl Strategy<Value = (&'static str, &'static str)> {
    (
        prop::sample::select(&["Anna", "anna", "Bo", "BO"][..]),
        prop::sample::select(&["Berg", "berg", "Smit"][..]),
    )
}

/// Lines of people who share names, with the broken lines of `line()` among them.
fn render_people(lines: &[(Line, (&str, &str))]) -> String {
    let kinds: Vec<Line> = lines.iter().map(|(line, _)| line.clone()).collect();
    render_named(&kinds, |id| {
        let (first, last) = lines[id].1;
        (first.to_string(), last.to_string())
    })
}

/// Runs the people mapping over `input` with `--jobs jobs`: stdout, rejects, summary.
fn run_with_jobs(input: &std::path::Path, folder: &std::path::Path, jobs: usize) -> [Vec<u8>; 3] {
    let rejects = folder.join(format!("rejects-{jobs}.ndjson"));
    let summary = folder.join(format!("summary-{jobs}.json"));
    let output = Command::new(env!("CARGO_BIN_EXE_datamapper"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "run",
            MAPPING,
            "--today",
            "2026-01-01",
            "--existing",
            "tests/run/existing.ndjson",
        ])
        .arg(input)
        .arg("--jobs")
        .arg(jobs.to_string())
        .arg("--rejects")
        .arg(&rejects)
        .arg("--summary")
        .arg(&summary)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 3)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    [
        output.stdout,
        std::fs::read(&rejects).unwrap(),
        std::fs::read(&summary).unwrap(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_number_of_jobs_gives_the_same_bytes(
        lines in prop::collection::vec((line(), person()), 0..60),
        jobs in 2..5usize,
    ) {
        let folder = std::env::temp_dir().join(format!("datamapper-jobs-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let input = folder.join("in.ndjson");
        std::fs::write(&input, render_people(&lines)).unwrap();
        let one = run_with_jobs(&input, &folder, 1);
        let many = run_with_jobs(&input, &folder, jobs);
        for (name, (one, many)) in ["users", "rejects", "summary"].iter().zip(one.iter().zip(&many)) {
            prop_assert_eq!(
                String::from_utf8_lossy(one),
                String::from_utf8_lossy(many),
                "{} differ between --jobs 1 and --jobs {}", name, jobs
            );
        }
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
