//! Tests of the record loop with a small mapping function in place of a program.

use super::*;
use crate::input::{read_records, InputFormat, ReadOptions};
use serde_json::json;

#[derive(Default)]
struct Collected {
    users: Vec<Value>,
    rejects: Vec<(String, u64, String, Value)>,
}

impl Sink for Collected {
    fn mapped(&mut self, user: &Value) -> Result<(), Failure> {
        self.users.push(user.clone());
        Ok(())
    }

    fn rejected(&mut self, reject: Reject<'_>) -> Result<(), Failure> {
        let record = match reject.record {
            RejectedRecord::Json(record) => record.clone(),
            RejectedRecord::Raw(raw) => Value::from(raw),
        };
        self.rejects.push((
            reject.file.into(),
            reject.line,
            reject.reason.into(),
            record,
        ));
        Ok(())
    }
}

fn input(name: &str, format: InputFormat, text: &'static [u8]) -> Input {
    Input {
        name: name.into(),
        label: format!("{name:?}"),
        records: read_records(Box::new(text), &ReadOptions::new(format)),
        lines: None,
        size: Some(text.len() as u64),
        bytes_read: Default::default(),
    }
}

/// Maps `{"n": N}`: even numbers to users, 3 is skipped, the rest rejected.
fn fake_mapping(record: &Value) -> Outcome {
    match record["n"].as_i64() {
        Some(n) if n % 2 == 0 => Outcome::Mapped(json!({"userName": format!("u{n}")})),
        Some(3) => Outcome::Skipped,
        _ => Outcome::Rejected("odd".into()),
    }
}

#[test]
fn every_record_is_counted_once_in_input_order() {
    let inputs = vec![
        input(
            "a.ndjson",
            InputFormat::Ndjson,
            b"{\"n\":2}\n{\"n\":3}\nnope\n\n{\"n\":5}\n",
        ),
        input("b.json", InputFormat::Json, b"[{\"n\":4}, 7, {\"n\":6}]"),
        input("c.csv", InputFormat::Csv, b"n\n1\n"),
    ];
    let mut sink = Collected::default();
    let counts = run_inputs(inputs, fake_mapping, &mut sink).unwrap();
    assert_eq!(
        counts,
        Counts {
            read: 8,
            mapped: 3,
            skipped: 1,
            rejected: 4
        }
    );
    assert_eq!(
        counts.read,
        counts.mapped + counts.skipped + counts.rejected
    );
    assert_eq!(
        sink.users,
        vec![
            json!({"userName": "u2"}),
            json!({"userName": "u4"}),
            json!({"userName": "u6"})
        ]
    );
    let where_and_why: Vec<(String, u64, String)> = sink
        .rejects
        .iter()
        .map(|(file, line, reason, _)| (file.clone(), *line, reason.clone()))
        .collect();
    assert_eq!(
        where_and_why,
        vec![
            (
                "a.ndjson".into(),
                3,
                "invalid JSON: expected ident at column 2".into()
            ),
            ("a.ndjson".into(), 5, "odd".into()),
            (
                "b.json".into(),
                1,
                "a record must be a JSON object, got a number".into()
            ),
            ("c.csv".into(), 2, "odd".into()),
        ]
    );
    assert_eq!(sink.rejects[0].3, json!("nope"));
    assert_eq!(sink.rejects[3].3, json!({"n": "1"}));
}

#[test]
fn a_read_error_stops_the_run_with_a_usage_error() {
    struct Failing;
    impl std::io::Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk on fire"))
        }
    }
    let broken = Input {
        name: "x.ndjson".into(),
        label: "\"x.ndjson\"".into(),
        records: read_records(Box::new(Failing), &ReadOptions::new(InputFormat::Ndjson)),
        lines: None,
        size: None,
        bytes_read: Default::default(),
    };
    let failure = run_inputs(vec![broken], fake_mapping, &mut Collected::default()).unwrap_err();
    assert_eq!(failure.status, crate::cli::EXIT_USAGE);
    assert_eq!(
        failure.message.as_deref(),
        Some("cannot read \"x.ndjson\": disk on fire")
    );
}

#[test]
fn unparsed_lines_give_the_same_counts_users_and_rejects() {
    let text: &'static [u8] =
        b"{\"n\":2}\n{\"n\":3}\nnope\n\n7\n{\"n\":5}\n\xff\n{\"n\":4} x\n{\"n\":6}\n";
    let parsed = input("a.ndjson", InputFormat::Ndjson, text);
    let mut unparsed = input("a.ndjson", InputFormat::Ndjson, b"");
    unparsed.lines = Some(crate::input::NdjsonReader::new(
        Box::new(text),
        crate::input::DEFAULT_RECORD_LIMIT,
    ));
    let (mut from_parsed, mut from_lines) = (Collected::default(), Collected::default());
    let counts = run_inputs(vec![parsed], fake_mapping, &mut from_parsed).unwrap();
    let line_counts = run_inputs(vec![unparsed], fake_mapping, &mut from_lines).unwrap();
    assert_eq!(counts, line_counts);
    assert_eq!(counts.rejected, 5);
    assert_eq!(from_parsed.users, from_lines.users);
    assert_eq!(from_parsed.rejects, from_lines.rejects);
}

#[test]
fn drafting_pauses_longer_each_time_it_does_not_pay() {
    let mut pays = DraftingPays::default();
    assert!(pays.draft_next());
    pays.note(512, 128);
    assert!(pays.draft_next(), "a quarter mapped again still pays");
    pays.note(512, 129);
    assert!(!pays.draft_next(), "one batch at its turn");
    assert!(pays.draft_next());
    pays.note(512, 500);
    assert_eq!((0..3).filter(|_| pays.draft_next()).count(), 1, "then two");
    pays.note(512, 0);
    pays.note(512, 200);
    assert!(!pays.draft_next(), "a batch that paid resets the pause");
    assert!(pays.draft_next());
    for _ in 0..10 {
        pays.note(512, 512);
        assert!((0..=64).any(|_| pays.draft_next()), "at most 64 skipped");
    }
    pays.note(512, 512);
    assert_eq!(
        (0..65).filter(|_| !pays.draft_next()).count(),
        64,
        "at most 64"
    );
}

/// Maps like `fake_mapping` on two threads, but the drafting thread panics.
struct PanicsWhenDrafting;

impl Mapper for PanicsWhenDrafting {
    type Draft = ();
    type Lately = ();

    fn map_record(&mut self, record: &Value) -> Outcome {
        fake_mapping(record)
    }

    fn jobs(&self) -> usize {
        2
    }

    fn draft_record(&self, worker: usize, _: u64, _: &Value) -> Option<()> {
        assert_eq!(worker, 0, "drafting thread fails");
        // Slow enough that the drafting thread surely claims a chunk, and panics.
        std::thread::sleep(std::time::Duration::from_micros(20));
        Some(())
    }

    fn finish_record(&self, _: &mut (), _: Option<()>, record: &Value) -> Outcome {
        fake_mapping(record)
    }
}

#[test]
fn a_drafting_thread_that_panics_ends_the_run_instead_of_hanging_it() {
    let finished = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watched = std::sync::Arc::clone(&finished);
    // A hang would stall the whole test run: end it with a clear failure instead.
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(60));
        if !watched.load(std::sync::atomic::Ordering::SeqCst) {
            // Past the test's output capture, which exiting would throw away.
            use std::io::Write;
            let _ = std::io::stderr()
                .write_all(b"a run whose drafting thread panicked hung for 60 s\n");
            std::process::exit(101);
        }
    });
    let text: &'static [u8] = "{\"n\":2}\n".repeat(5000).leak().as_bytes();
    let inputs = vec![input("a.ndjson", InputFormat::Ndjson, text)];
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run_inputs(inputs, PanicsWhenDrafting, &mut Collected::default())
    }));
    finished.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(run.is_err(), "the panic is passed on");
}
