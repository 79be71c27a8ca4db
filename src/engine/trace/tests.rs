//! Explanations agree with `map_record` on every example record, and say who holds the
//! names `unique` passed over.

use super::*;
use crate::check::check_file;
use crate::compile::{compile_with, Folding};
use crate::source::SourceFile;
use std::path::{Path, PathBuf};

fn rules(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("rules")
        .join(path)
}

/// The program as `explain` compiles it: calls and lets as written.
fn program(path: &str) -> Program {
    compiled(path, Folding::AsWritten)
}

fn compiled(path: &str, folding: Folding) -> Program {
    let file = SourceFile::read(&rules(path)).unwrap();
    let checked = check_file(&file);
    compile_with(&checked.mapping.unwrap(), &file, folding)
}

fn settings(existing: &str) -> RunSettings {
    let existing = std::fs::read_to_string(rules(existing)).unwrap();
    RunSettings {
        today: "2026-11-28".parse().unwrap(),
        now: "2026-11-28T00:00:00Z".parse().unwrap(),
        existing: existing
            .lines()
            .filter_map(|line| serde_json::from_str::<Json>(line).ok())
            .filter_map(|user| user["userName"].as_str().map(str::to_string))
            .collect(),
    }
}

fn ndjson(path: &str) -> Vec<Json> {
    std::fs::read_to_string(rules(path))
        .unwrap()
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

/// Every record explained in one run gives what `map_record` gives in another, with the
/// program compiled for running (folded) and as `explain` compiles it.
fn assert_agrees(path: &str, records: &[Json], settings: &RunSettings) {
    let program = &program(path);
    let folded = &compiled(path, Folding::Full);
    let mut mapping = settings.context();
    let mut explaining = settings.context();
    let existing = settings
        .existing
        .iter()
        .map(|name| name.to_lowercase())
        .collect();
    for record in records {
        let mapped = folded.map_record(record, &mut mapping);
        let explained = program.explain_record(record, &mut explaining, &existing);
        assert_eq!(explained.outcome, mapped, "{record}");
    }
    assert_eq!(explaining.taken, mapping.taken);
}

#[test]
fn agrees_with_map_record_on_acme() {
    let records = ndjson("acme/input.ndjson");
    assert_agrees(
        "acme/acme.dmap",
        &records,
        &settings("acme/existing.ndjson"),
    );
}

#[test]
fn agrees_with_map_record_on_contoso() {
    let page: Json = serde_json::from_str(
        &std::fs::read_to_string(rules("contoso-graph/graph-users.json")).unwrap(),
    )
    .unwrap();
    let records = page["value"].as_array().unwrap().clone();
    let settings = RunSettings {
        existing: Vec::new(),
        ..settings("acme/existing.ndjson")
    };
    assert_agrees("contoso-graph/contoso.dmap", &records, &settings);
}

#[test]
fn agrees_with_map_record_on_the_bakery_csv() {
    let mut reader = ::csv::Reader::from_path(rules("bakkerij-csv/personeel.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let records: Vec<Json> = reader
        .records()
        .map(|row| {
            let row = row.unwrap();
            Json::Object(
                headers
                    .iter()
                    .zip(row.iter())
                    .map(|(key, cell)| (key.to_string(), Json::String(cell.to_string())))
                    .collect(),
            )
        })
        .collect();
    assert_agrees(
        "bakkerij-csv/bakkerij.dmap",
        &records,
        &settings("bakkerij-csv/existing.ndjson"),
    );
}

#[test]
fn names_who_holds_each_candidate() {
    let program = program("acme/acme.dmap");
    let text = std::fs::read_to_string(rules("acme/input.ndjson")).unwrap();
    let lines: Vec<(u64, Option<Json>)> = text
        .lines()
        .enumerate()
        .map(|(index, line)| (index as u64 + 1, serde_json::from_str(line).ok()))
        .collect();
    // Line 5 is the second Jan de Vries without a mailbox; line 2 is the first.
    let earlier: Vec<(u64, Option<&Json>)> = lines[..4]
        .iter()
        .map(|(line, record)| (*line, record.as_ref()))
        .collect();
    let record = lines[4].1.as_ref().unwrap();
    let explanation = program.explain_in_run(&earlier, record, &settings("acme/existing.ndjson"));
    let user_name = explanation
        .rules
        .iter()
        .find(|rule| rule.target == "userName")
        .unwrap();
    assert_eq!(
        user_name.steps,
        [
            Step::Coalesce {
                left: "email".into(),
                fallback: true
            },
            Step::Unique {
                candidates: vec![
                    Candidate {
                        name: "j.devries@acme.example".into(),
                        taken: true,
                        holder: Some(Holder::Existing),
                    },
                    Candidate {
                        name: "jan.devries@acme.example".into(),
                        taken: true,
                        holder: Some(Holder::Record(2)),
                    },
                ],
                numbered: Vec::new(),
                chosen: Some("jan.devries2@acme.example".into()),
            },
        ]
    );
    assert_eq!(
        user_name.value,
        Some(Json::from("jan.devries2@acme.example"))
    );
}

/// A let's steps stay with the let, even when another let needs it first; choices made
/// for each element of a `for ... in` are not listed.
#[test]
fn steps_go_to_the_let_that_made_them() {
    let source = SourceFile::new(
        "steps.dmap",
        "steps.dmap",
        r#"source {
  id: int
  first: string?
  last: string
  depts: [string]
}
target plek

table departments {
  "ENG" => "Engineering"
}

let given = first ?? "Anon"
let full  = "{given} {last}"

externalId  = string(id)
userName    = "{lower(full)}@example.test"
name.familyName = last
title = join([departments[d] ?? d for d in depts], ", ")
"#,
    );
    let checked = check_file(&source);
    let program = compile_with(&checked.mapping.unwrap(), &source, Folding::AsWritten);
    let record = serde_json::json!({"id": 1, "last": "Berg", "depts": ["ENG", "OPS"]});
    let explanation = program.explain_record(
        &record,
        &mut settings("acme/existing.ndjson").context(),
        &HashSet::new(),
    );
    let steps = |name: &str| {
        let found = explanation.lets.iter().find(|item| item.name == name);
        found.unwrap().steps.clone()
    };
    assert_eq!(
        steps("given"),
        [Step::Coalesce {
            left: "first".into(),
            fallback: true
        }]
    );
    assert_eq!(steps("full"), []);
    assert!(explanation.rules.iter().all(|rule| rule.steps.is_empty()));
    let title = explanation.rules.iter().find(|rule| rule.target == "title");
    assert_eq!(title.unwrap().value, Some(Json::from("Engineering, OPS")));
}
