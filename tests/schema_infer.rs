//! `datamapper schema infer` on the sample data of every example project: the inferred
//! schema loads, a mapping that reads every field checks clean against it, and running that
//! mapping over the same sample rejects nothing for not fitting the schema.

use std::path::{Path, PathBuf};
use std::process::Command;

fn datamapper(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_datamapper"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("datamapper-infer-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Infers a schema for `input`, then checks and runs a mapping that reads every field.
fn round_trip(name: &str, input: &str, extra: &[&str]) {
    let dir = scratch(name);
    let schema_path = dir.join("inferred.schema.json");
    let mut args = vec![
        "schema",
        "infer",
        input,
        "-o",
        schema_path.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let inferred = datamapper(&args);
    assert_eq!(
        inferred.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&inferred.stderr)
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
    let fields: Vec<String> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(|key| format!("`{key}`"))
        .collect();
    let mapping = format!(
        "source \"inferred.schema.json\"\ntarget plek\n\n\
         reject \"never: a list is not null\" when [{}] == null\n\n\
         externalId = \"fixed\"\nuserName = \"fixed@example.com\"\n",
        fields.join(", ")
    );
    let mapping_path = dir.join("everything.dmap");
    std::fs::write(&mapping_path, mapping).unwrap();
    let checked = datamapper(&["check", "--deny-warnings", mapping_path.to_str().unwrap()]);
    assert_eq!(
        checked.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );

    let rejects = dir.join("rejects.ndjson");
    let mut run = vec![
        "run",
        mapping_path.to_str().unwrap(),
        input,
        "--rejects",
        rejects.to_str().unwrap(),
        "-o",
        "/dev/null",
    ];
    run.extend_from_slice(extra);
    let output = datamapper(&run);
    assert!(
        matches!(output.status.code(), Some(0 | 3)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for line in std::fs::read_to_string(&rejects).unwrap().lines() {
        let reject: serde_json::Value = serde_json::from_str(line).unwrap();
        let reason = reject["reason"].as_str().unwrap();
        assert!(
            !reason.starts_with("field "),
            "{name}: a record does not fit the schema inferred from it: {reason}"
        );
    }
}

#[test]
fn afas_export() {
    round_trip("acme", "rules/acme/input.ndjson", &[]);
}

#[test]
fn graph_page() {
    round_trip(
        "graph",
        "rules/contoso-graph/graph-users.json",
        &["--records-at", "/value"],
    );
}

#[test]
fn dutch_csv() {
    round_trip("csv", "rules/bakkerij-csv/personeel.csv", &[]);
}

#[test]
fn unreadable_records_are_left_out_and_said() {
    let dir = scratch("bad");
    let input = dir.join("sample.ndjson");
    std::fs::write(&input, "{\"a\": 1}\nnot json\n{\"a\": 2}\n").unwrap();
    let output = datamapper(&["schema", "infer", input.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("1 record could not be read and is left out"),
        "{stderr}"
    );
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(schema["properties"]["a"]["type"], "integer");
    assert_eq!(schema["required"], serde_json::json!(["a"]));
}

#[test]
fn no_readable_record_is_an_error_not_an_empty_schema() {
    let dir = scratch("none");
    let input = dir.join("empty.ndjson");
    std::fs::write(&input, "\n").unwrap();
    let output = datamapper(&["schema", "infer", input.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no schema to infer"), "{stderr}");
}

#[test]
fn a_missing_input_is_a_usage_error() {
    let output = datamapper(&["schema", "infer", "no/such/file.ndjson"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules").exists());
}
