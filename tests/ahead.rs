//! Records drafted ahead of their turn, many at once, then finished in input order give
//! the same outcomes and bytes as mapping them one after another, whatever `unique` does.

#[path = "../benches/hr/generate.rs"]
mod generate;
mod support;

use datamapper::engine::{Lately, LineDraft, LineOutcome, Program, RunContext};
use support::program;

/// A run in which Plek already holds Jan de Vries's first candidate.
fn context() -> RunContext {
    let mut context = support::context();
    context.add_existing_user_name("jan.devries@acme.example");
    context
}

/// What each line gives, with its user's bytes.
fn one_by_one(program: &Program, lines: &[String]) -> (Vec<String>, RunContext) {
    let mut context = context();
    let results = lines
        .iter()
        .map(|line| {
            let mut user = Vec::new();
            let outcome = program.map_line(line.as_bytes(), &mut context, &mut user);
            describe(outcome, user)
        })
        .collect();
    (results, context)
}

/// How the lines of a chunk are drafted.
#[derive(Clone, Copy, Debug)]
enum Drafting {
    /// Two threads, each drafting every other line: who claims a name first is luck.
    TwoThreads,
    /// One thread, in input order: every record sees the claims of those before it.
    InOrder,
    /// One thread, last line first: every claim is taken over by an earlier record.
    Backwards,
}

fn ahead(
    program: &Program,
    lines: &[String],
    chunk_size: usize,
    drafting: Drafting,
) -> (Vec<String>, RunContext) {
    let mut context = context();
    let mut lately = Lately::default();
    let mut results = Vec::new();
    for (number, chunk) in lines.chunks(chunk_size).enumerate() {
        let first = (number * chunk_size) as u64;
        let drafts = draft_chunk(program, &context, chunk, first, drafting);
        finish_chunk(program, &context, &mut lately, drafts, chunk, &mut results);
        context.settle(&mut lately, first + chunk.len() as u64);
    }
    (results, context)
}

/// Drafts up to `lead` chunks ahead of the one being finished, as a run with `--jobs`
/// does: a chunk is drafted before the chunks before it are finished and their names
/// settled, against the claims of the drafts before it.
fn pipelined(
    program: &Program,
    lines: &[String],
    chunk_size: usize,
    lead: usize,
    drafting: Drafting,
) -> (Vec<String>, RunContext) {
    let mut context = context();
    let mut lately = Lately::default();
    let mut results = Vec::new();
    let chunks: Vec<&[String]> = lines.chunks(chunk_size).collect();
    let mut drafted = std::collections::VecDeque::new();
    for (number, chunk) in chunks.iter().enumerate() {
        while drafted.len() <= lead && number + drafted.len() < chunks.len() {
            let ahead = number + drafted.len();
            let first = (ahead * chunk_size) as u64;
            drafted.push_back(draft_chunk(
                program,
                &context,
                chunks[ahead],
                first,
                drafting,
            ));
        }
        let drafts = drafted.pop_front().unwrap();
        finish_chunk(program, &context, &mut lately, drafts, chunk, &mut results);
        context.settle(&mut lately, ((number + 1) * chunk_size) as u64);
    }
    (results, context)
}

/// Finishes a chunk's lines in input order from their drafts, adding what each gives.
fn finish_chunk(
    program: &Program,
    context: &RunContext,
    lately: &mut Lately,
    drafts: Vec<(LineDraft, Vec<u8>)>,
    chunk: &[String],
    results: &mut Vec<String>,
) {
    for ((draft, drafted), line) in drafts.into_iter().zip(chunk) {
        let mut user = Vec::new();
        let finished = program.finish_line(draft, line.as_bytes(), context, lately, &mut user);
        if let Some(range) = finished.drafted_user {
            user = drafted[range].to_vec();
        }
        results.push(describe(finished.outcome, user));
    }
}

/// The drafts of a chunk whose first line is record `first`, each with its buffer.
fn draft_chunk(
    program: &Program,
    context: &RunContext,
    chunk: &[String],
    first: u64,
    drafting: Drafting,
) -> Vec<(LineDraft, Vec<u8>)> {
    let draft = |(order, line): (u64, &String)| {
        let mut drafted = Vec::new();
        let draft = program.draft_line(line.as_bytes(), order, context, &mut drafted);
        (draft, drafted)
    };
    let numbered = || {
        chunk
            .iter()
            .enumerate()
            .map(|(index, line)| (first + index as u64, line))
    };
    match drafting {
        Drafting::InOrder => numbered().map(draft).collect(),
        Drafting::Backwards => {
            let mut drafts: Vec<_> = numbered().rev().map(draft).collect();
            drafts.reverse();
            drafts
        }
        Drafting::TwoThreads => {
            let (even, odd): (Vec<_>, Vec<_>) = std::thread::scope(|scope| {
                let odd = scope.spawn(|| numbered().skip(1).step_by(2).map(draft).collect());
                let even = numbered().step_by(2).map(draft).collect();
                (even, odd.join().unwrap())
            });
            let (mut even, mut odd) = (even.into_iter(), odd.into_iter());
            (0..chunk.len())
                .map(|index| {
                    if index % 2 == 0 {
                        even.next()
                    } else {
                        odd.next()
                    }
                    .unwrap()
                })
                .collect()
        }
    }
}

fn describe(outcome: LineOutcome, user: Vec<u8>) -> String {
    match outcome {
        LineOutcome::Mapped => String::from_utf8(user).unwrap(),
        other => format!("{other:?}"),
    }
}

/// Checks that every way of drafting gives what mapping one by one gives; the most
/// records mapped again in any chunk size, for each way.
fn assert_same_ahead(program: &Program, lines: &[String]) -> [u64; 3] {
    let (expected, sequential) = one_by_one(program, lines);
    let ways = [Drafting::TwoThreads, Drafting::InOrder, Drafting::Backwards];
    let mapped_again = ways.map(|drafting| {
        let mut mapped_again = 0;
        for chunk in [1, 7, 256, lines.len()] {
            let (got, parallel) = ahead(program, lines, chunk, drafting);
            for (index, (got, expected)) in got.iter().zip(&expected).enumerate() {
                assert_eq!(
                    got, expected,
                    "record {index}, chunks of {chunk}, {drafting:?}"
                );
            }
            assert_eq!(got.len(), expected.len());
            assert_eq!(parallel.taken, sequential.taken);
            mapped_again = mapped_again.max(parallel.mapped_again);
        }
        mapped_again
    });
    for chunk in [1, 7, 256] {
        for lead in [1, 2] {
            for drafting in [Drafting::InOrder, Drafting::Backwards] {
                let (got, parallel) = pipelined(program, lines, chunk, lead, drafting);
                assert_eq!(
                    got, expected,
                    "chunks of {chunk}, drafted {lead} ahead, {drafting:?}"
                );
                assert_eq!(parallel.taken, sequential.taken);
            }
        }
    }
    mapped_again
}

#[test]
fn generated_records_with_name_collisions() {
    let mut records = generate::Records::new(7);
    let lines: Vec<String> = (0..4000).map(|_| records.record()).collect();
    let [_, in_order, backwards] = assert_same_ahead(&program("benches/hr/hr.dmap"), &lines);
    assert_eq!(in_order, 0, "claims in input order are all right");
    assert!(backwards > 100, "mapped again {backwards}");
}

#[test]
fn the_same_person_many_times_in_one_chunk() {
    // Jan de Vries has no work e-mail, so `unique` makes his userName.
    let line = std::fs::read_to_string("rules/acme/input.ndjson")
        .unwrap()
        .lines()
        .find(|line| line.contains("\"employee_id\": 1002"))
        .unwrap()
        .to_string();
    let lines = vec![line; 50];
    let [_, in_order, backwards] = assert_same_ahead(&program("rules/acme/acme.dmap"), &lines);
    assert_eq!(in_order, 0);
    // Each record takes over the claim of the one after it, which must map again.
    assert!(backwards >= 48, "mapped again {backwards}");
}

#[test]
fn the_acme_example() {
    let lines: Vec<String> = std::fs::read_to_string("rules/acme/input.ndjson")
        .unwrap()
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(str::to_string)
        .collect();
    assert_same_ahead(&program("rules/acme/acme.dmap"), &lines);
}

/// `datamapper run` over many batches writes the same bytes whatever `--jobs` is.
#[test]
fn run_writes_the_same_bytes_for_every_number_of_jobs() {
    let mut records = generate::Records::new(11);
    let mut lines: Vec<String> = (0..5000).map(|_| records.record()).collect();
    // The same people again on both sides of batch boundaries (batches hold 512
    // records), and broken lines.
    for at in [510, 511, 512, 513, 1024, 2046, 2047, 2048, 2049, 4097] {
        lines[at] = lines[at - 400].clone();
    }
    lines[512] = "{\"employee_id\": oops".into();
    lines[2048] = "{\"employee_id\": oops".into();
    lines[3000] = "[1]".into();
    let folder = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ahead-run");
    std::fs::create_dir_all(&folder).unwrap();
    let input = folder.join("records.ndjson");
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let run = |jobs: u32| {
        let rejects = folder.join(format!("rejects-{jobs}.ndjson"));
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_datamapper"))
            .args(["run", "benches/hr/hr.dmap", "--today", "2026-11-28"])
            .arg(&input)
            .args(["--jobs", &jobs.to_string()])
            .arg("--rejects")
            .arg(&rejects)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(3),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        (
            output.stdout,
            std::fs::read(&rejects).unwrap(),
            output.stderr,
        )
    };
    let one = run(1);
    assert!(one.0.len() > 1_000_000);
    for jobs in [2, 3, 4] {
        let many = run(jobs);
        assert!(one.0 == many.0, "users differ with --jobs {jobs}");
        assert!(one.1 == many.1, "rejects differ with --jobs {jobs}");
        assert_eq!(one.2, many.2, "summary differs with --jobs {jobs}");
    }
}

#[test]
fn jobs_out_of_range_is_a_usage_error() {
    for jobs in ["0", "257", "100000", "many"] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_datamapper"))
            .args([
                "run",
                "rules/acme/acme.dmap",
                "rules/acme/input.ndjson",
                "--jobs",
                jobs,
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "--jobs {jobs}");
        assert!(output.stdout.is_empty(), "--jobs {jobs}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("--jobs"));
    }
}

/// On one thread each record is mapped before the next is read: with a slow export the
/// rejects listed on stderr come as the records do.
#[test]
fn one_thread_maps_each_record_before_reading_the_next() {
    use std::io::{BufRead, BufReader, Write};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_datamapper"))
        .args(["run", "tests/run/people.dmap", "--today", "2026-01-01"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    for line in 1..=3 {
        writeln!(
            stdin,
            r#"{{"id": "x{line}", "first": "Jan", "last": "Berg"}}"#
        )
        .unwrap();
        stdin.flush().unwrap();
        // The input stays open: this returns only once the record was rejected.
        let mut reject = String::new();
        stderr.read_line(&mut reject).unwrap();
        assert!(
            reject.contains(&format!("<stdin>:{line}: rejected")),
            "{reject}"
        );
    }
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(3));
}
