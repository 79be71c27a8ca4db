//! `Program::map_line` (reads only the fields a mapping uses, writes JSON straight into a
//! buffer) against `Program::map_record` on the whole parsed record: the same outcome,
//! the same reasons and the same bytes, over every example input in `rules/` and over
//! generated records with broken variants.

#[path = "../benches/hr/generate.rs"]
mod generate;
mod support;

use datamapper::engine::{LineOutcome, Outcome, Program};
use support::{context, program};

/// Maps `lines` both ways, in order, with one run context each, and compares.
fn assert_same(program: &Program, lines: &[String]) {
    let (mut fast, mut whole) = (context(), context());
    for name in ["jan.devries@acme.example", "j.devries@acme.example"] {
        fast.add_existing_user_name(name);
        whole.add_existing_user_name(name);
    }
    let mut mapped = 0;
    for line in lines {
        let mut written = Vec::new();
        let outcome = program.map_line(line.as_bytes(), &mut fast, &mut written);
        let expected = match serde_json::from_str::<serde_json::Value>(line) {
            Ok(record) => program.map_record(&record, &mut whole),
            Err(error) => {
                let LineOutcome::NotJson(got) = outcome else {
                    panic!("{line}\nexpected not JSON ({error}), got {outcome:?}");
                };
                assert_eq!(got.to_string(), error.to_string(), "{line}");
                continue;
            }
        };
        match (outcome, expected) {
            (LineOutcome::Mapped, Outcome::Mapped(user)) => {
                mapped += 1;
                assert_eq!(
                    String::from_utf8(written).unwrap(),
                    serde_json::to_string(&user).unwrap(),
                    "{line}"
                )
            }
            (LineOutcome::Skipped, Outcome::Skipped) => {}
            (LineOutcome::Rejected(got), Outcome::Rejected(reason)) => {
                assert_eq!(got, reason, "{line}")
            }
            (got, expected) => panic!("{line}\nmap_line: {got:?}\nmap_record: {expected:?}"),
        }
    }
    assert!(mapped > 0, "no record was mapped");
    assert_eq!(fast.taken, whole.taken);
}

fn ndjson(path: &str) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn acme_example_input() {
    assert_same(
        &program("rules/acme/acme.dmap"),
        &ndjson("rules/acme/input.ndjson"),
    );
}

#[test]
fn contoso_example_input() {
    let document: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("rules/contoso-graph/graph-users.json").unwrap(),
    )
    .unwrap();
    let lines: Vec<String> = document["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|user| user.to_string())
        .collect();
    assert_same(&program("rules/contoso-graph/contoso.dmap"), &lines);
}

#[test]
fn bakkerij_mapping_over_json_records() {
    let program = program("rules/bakkerij-csv/bakkerij.dmap");
    let mut reader = csv::Reader::from_path("rules/bakkerij-csv/personeel.csv").unwrap();
    let headers = reader.headers().unwrap().clone();
    let lines: Vec<String> = reader
        .records()
        .map(|row| {
            let row = row.unwrap();
            let object: serde_json::Map<String, serde_json::Value> = headers
                .iter()
                .zip(row.iter())
                .map(|(key, value)| (key.to_string(), serde_json::Value::from(value)))
                .collect();
            serde_json::Value::Object(object).to_string()
        })
        .collect();
    assert_same(&program, &lines);
}

#[test]
fn generated_records_and_broken_variants() {
    let mut records = generate::Records::new(42);
    let mut lines: Vec<String> = (0..3000).map(|_| records.record()).collect();
    let base = lines[0].clone();
    let breakages: &[(&str, &str)] = &[
        ("\"job\":{", "\"job\":\"x\",\"j\":{"),
        ("\"job\":{", "\"job\":[1],\"j\":{"),
        ("\"job\":{", "\"job\":null,\"j\":{"),
        ("\"employee_id\":", "\"employee_id\":\"abc\",\"x\":"),
        ("\"employee_id\":", "\"employee_id\":12.5,\"x\":"),
        ("\"employee_id\":", "\"employee_id\":12.0,\"x\":"),
        ("\"personnel_number\":", "\"personnel\":"),
        ("\"hire_date\":\"", "\"hire_date\":\"31-12-"),
        (
            "\"termination_date\":null",
            "\"termination_date\":\"2026-02-30\"",
        ),
        ("\"location\":{", "\"location\":{\"country\":1,"),
        (
            "\"location\":{",
            "\"location\":{\"city\":\"Z\\u00fcrich \\\"Z\\\"\",",
        ),
        ("\"first_name\":", "\"first_name\":\"Dup\",\"first_name\":"),
        (
            "\"contract\":{\"type\":\"",
            "\"contract\":{\"type\":\"freelance",
        ),
        ("\"notes\":\"", "\"notes\":1e400,\"n\":\""),
        ("\"notes\":\"", "\"notes\":\"\\ud800\",\"n\":\""),
        ("\"notes\":\"", "\"notes\":\"bad \\q escape\",\"n\":\""),
        (
            "\"last_name\":",
            "\"last_name\":\"O\\u2019Brien\\n\",\"l\":",
        ),
        ("}", ""),
    ];
    for (from, to) in breakages {
        lines.push(base.replacen(from, to, 1));
    }
    for odd in [
        "[1,2]",
        "\"text\"",
        "null",
        "{}",
        "{\"job\":{}}",
        "{} {}",
        "",
    ] {
        lines.push(odd.to_string());
    }
    assert_same(&program("benches/hr/hr.dmap"), &lines);
}
