//! Bad input of every kind gets a diagnostic, a reject with a reason, or one error line
//! with exit status 2 — never a panic: invalid UTF-8 in each kind of file, files too large
//! to read (`/dev/zero`), records past `--max-record-bytes` or `--max-depth`, CSV rows
//! with the wrong number of cells. `docs/reliability.md` lists these cases.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const MAPPING: &str = "tests/run/people.dmap";

fn datamapper(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_datamapper"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("datamapper-bad-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

fn write(folder: &Path, name: &str, bytes: &[u8]) -> String {
    let path = folder.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

fn stderr(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!text.contains("panicked"), "{text}");
    text
}

/// The message lines (`×` errors) of `check`'s human output.
fn errors(output: &Output) -> Vec<String> {
    stderr(output)
        .lines()
        .filter_map(|line| line.trim().strip_prefix("× "))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_mapping_file_that_is_not_utf8_is_one_error_line() {
    let folder = scratch("mapping-utf8");
    let mapping = write(&folder, "bad.dmap", b"target plek\nuserName = \"\xff\"\n");
    for command in ["check", "fmt"] {
        let output = datamapper(&[command, &mapping]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert!(
            stderr(&output).contains("the file is not UTF-8 text (byte 25 is invalid)"),
            "{command}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn a_mapping_that_never_ends_is_refused() {
    let output = datamapper(&["check", "/dev/zero"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: cannot read \"/dev/zero\": the file is larger than 64 MiB\n"
    );
}

#[test]
fn schema_and_table_files_that_are_not_utf8_or_never_end_are_diagnostics() {
    let folder = scratch("schemas");
    write(
        &folder,
        "s.json",
        b"{\"type\": \"object\", \"title\": \"\xff\"}",
    );
    write(&folder, "t.csv", b"k,v\nNL,\xff\n");
    let cases = [
        (
            "source \"s.json\"\ntarget plek\nuserName = \"a\"\nexternalId = \"a\"\n",
            "cannot read the source schema \"s.json\": the file is not UTF-8 text (byte 30 is invalid)",
        ),
        (
            "source \"/dev/zero\"\ntarget plek\nuserName = \"a\"\nexternalId = \"a\"\n",
            "cannot read the source schema \"/dev/zero\": the file is larger than 64 MiB",
        ),
        (
            "target \"/dev/zero\"\nuserName = \"a\"\nexternalId = \"a\"\n",
            "cannot read the target schema \"/dev/zero\": the file is larger than 64 MiB",
        ),
        (
            "source { a: string }\ntarget plek\ntable t from \"t.csv\" key k value v\n\
             userName = t[a] ?? \"x\"\nexternalId = a\n",
            "cannot load the table from \"t.csv\": line 2 is not valid UTF-8 text",
        ),
        (
            "source { a: string }\ntarget plek\ntable t from \"/dev/zero\" key k value v\n\
             userName = t[a] ?? \"x\"\nexternalId = a\n",
            "cannot load the table from \"/dev/zero\": the file is larger than 64 MiB",
        ),
    ];
    for (index, (mapping, expected)) in cases.iter().enumerate() {
        let path = write(&folder, &format!("m{index}.dmap"), mapping.as_bytes());
        let output = datamapper(&["check", &path]);
        assert_eq!(output.status.code(), Some(1), "{mapping}");
        assert_eq!(errors(&output), [expected.to_string()], "{mapping}");
    }
}

fn run(input: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "run",
        MAPPING,
        input,
        "-o",
        "/dev/zero",
        "--today",
        "2026-01-01",
    ];
    args.extend_from_slice(extra);
    datamapper(&args)
}

#[test]
fn records_past_the_size_limit_are_rejected_and_the_run_goes_on() {
    let folder = scratch("record-size");
    let long = "x".repeat(5000);
    let records = [
        r#"{"id": 1, "first": "Jan", "last": "Vries"}"#.to_string(),
        format!(r#"{{"id": 2, "first": "{long}", "last": "B"}}"#),
        r#"{"id": 3, "first": "Ann", "last": "C"}"#.to_string(),
    ];
    let ndjson = write(&folder, "in.ndjson", records.join("\n").as_bytes());
    let json = write(
        &folder,
        "in.json",
        format!("[{}]", records.join(",\n")).as_bytes(),
    );
    for input in [ndjson, json] {
        let output = run(&input, &["--max-record-bytes", "1000"]);
        assert_eq!(output.status.code(), Some(3));
        assert_eq!(
            stderr(&output),
            format!(
                "{input}:2: rejected: the record is too large (5035 bytes; the limit is 1000 bytes)\n\
                 read 3 records: 2 mapped, 0 skipped, 1 rejected\n"
            )
        );
    }
}

#[test]
fn a_csv_quote_left_open_stops_the_run_at_the_size_limit() {
    let folder = scratch("open-quote");
    let mut data = b"id,first,last,kind,end\n1,Jan,Vries,,\n2,\"Ann".to_vec();
    data.extend(std::iter::repeat_n(b'y', 100_000));
    data.extend_from_slice(b"\n3,Bo,C,,\n");
    let input = write(&folder, "open.csv", &data);
    let output = run(&input, &["--max-record-bytes", "1000"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "error: cannot read \"{input}\": a CSV row is longer than 1000 bytes (is a quote left open?)\n"
        )
    );
}

#[test]
fn csv_rows_with_wrong_cells_or_invalid_utf8_are_rejected_with_a_reason() {
    let folder = scratch("csv-cells");
    let data = b"id,first,last,kind,end\n1,Jan,Vries,,\n2,Ann,C\n3,B\xffo,C,,\n4,Di,E,,,extra\n";
    let input = write(&folder, "cells.csv", data);
    let output = run(&input, &[]);
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        stderr(&output),
        format!(
            "{input}:3: rejected: the row has 3 cells but the header row has 5 columns\n\
             {input}:4: rejected: invalid UTF-8 in column \"first\"\n\
             {input}:5: rejected: the row has 6 cells but the header row has 5 columns\n\
             read 4 records: 1 mapped, 0 skipped, 3 rejected\n"
        )
    );
}

#[test]
fn an_existing_users_file_that_is_not_utf8_is_reported() {
    let folder = scratch("existing");
    let existing = write(&folder, "existing.ndjson", b"{\"userName\": \"\xff\"}\n");
    let output = run("tests/run/people.ndjson", &["--existing", &existing]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).starts_with("error: "),
        "{}",
        stderr(&output)
    );
    assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
}

/// Found by fuzzing: the last byte of a quote left open at the end of the input is a line
/// break inside the cell, and the row was put on the line before its own.
#[test]
fn a_quote_left_open_at_the_end_is_rejected_on_its_own_line() {
    let folder = scratch("eof-quote");
    let input = write(
        &folder,
        "eof.csv",
        b"id,first,last,kind,end\n1,Jan,Vries,,\n2,\"Ann\n",
    );
    let output = run(&input, &[]);
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        stderr(&output),
        format!(
            "{input}:3: rejected: the row has 2 cells but the header row has 5 columns\n\
             read 2 records: 1 mapped, 0 skipped, 1 rejected\n"
        )
    );
}

/// A `$ref` to itself or a cycle of `$ref`s must not recurse without end.
#[test]
fn schema_ref_cycles_end() {
    let folder = scratch("ref-cycles");
    let schemas: [&[u8]; 2] = [
        br##"{"type": "object", "properties": {"a": {"$ref": "#"}}}"##,
        br##"{"type": "object", "properties": {"a": {"$ref": "#/$defs/x"}},
              "$defs": {"x": {"$ref": "#/$defs/y"}, "y": {"$ref": "#/$defs/x"}}}"##,
    ];
    for (index, schema) in schemas.iter().enumerate() {
        write(&folder, &format!("s{index}.json"), schema);
        let mapping = format!(
            "source \"s{index}.json\"\ntarget plek\nuserName = \"a\"\nexternalId = \"a\"\n"
        );
        let path = write(&folder, &format!("m{index}.dmap"), mapping.as_bytes());
        let output = datamapper(&["check", &path]);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{}",
            stderr(&output)
        );
    }
}

/// `tests/run/deep/`: five records 5, 6, 128 and 129 levels deep (the record object is
/// level 1), the last an array, as NDJSON, a JSON array and a page read at `/value`.
const DEEP_INPUTS: [(&str, &[&str]); 3] = [
    ("tests/run/deep/deep.ndjson", &[]),
    ("tests/run/deep/deep.json", &[]),
    ("tests/run/deep/deep-page.json", &["--records-at", "/value"]),
];

/// `run` over each deep input with `extra` options: the summary and rejects on stderr,
/// the users' externalIds, and the counts of `--summary`, which must add up.
fn run_deep(extra: &[&str]) -> String {
    let folder = scratch(&format!("deep{}", extra.join("")));
    let users = folder.join("users.ndjson").to_str().unwrap().to_string();
    let summary = folder.join("summary.json").to_str().unwrap().to_string();
    let mut report = String::new();
    for (input, options) in DEEP_INPUTS {
        let mut args = vec!["run", MAPPING, input, "-o", &users, "--summary", &summary];
        args.extend_from_slice(&["--today", "2026-01-01"]);
        args.extend_from_slice(options);
        args.extend_from_slice(extra);
        let output = datamapper(&args);
        assert_eq!(output.status.code(), Some(3), "{input}");
        let ids: Vec<String> = std::fs::read_to_string(&users)
            .unwrap()
            .lines()
            .map(|user| serde_json::from_str::<serde_json::Value>(user).unwrap())
            .map(|user| user["externalId"].as_str().unwrap().to_string())
            .collect();
        let counts: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
        let outcomes = ["mapped", "skipped", "rejected"].map(|key| counts[key].as_u64().unwrap());
        assert_eq!(
            counts["read"].as_u64().unwrap(),
            outcomes.iter().sum::<u64>()
        );
        report += &format!(
            "$ {}\n{}users: {}\n\n",
            args[2..].join(" "),
            stderr(&output),
            ids.join(" ")
        );
    }
    report.replace(&users, "USERS").replace(&summary, "SUMMARY")
}

/// 128 levels are read (NDJSON by the byte path's fallback to the full parse) and 129
/// are rejected, the same in every format.
#[test]
fn records_past_the_default_depth_are_rejected_in_every_format() {
    insta::assert_snapshot!(run_deep(&[]));
}

#[test]
fn a_lower_max_depth_rejects_records_one_level_deeper() {
    insta::assert_snapshot!(run_deep(&["--max-depth", "5"]));
}

/// `diff` and `schema infer` read with the same options, through the parsed path.
#[test]
fn diff_and_schema_infer_take_max_depth_too() {
    let input = "tests/run/deep/deep.ndjson";
    let diff = datamapper(&[
        "diff",
        MAPPING,
        MAPPING,
        input,
        "--max-depth",
        "5",
        "--today",
        "2026-01-01",
    ]);
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    let report = String::from_utf8_lossy(&diff.stdout);
    assert!(report.starts_with("Compared 5 records: "), "{report}");
    let infer = datamapper(&["schema", "infer", input, "--max-depth", "5"]);
    assert_eq!(infer.status.code(), Some(0), "{}", stderr(&infer));
    insta::assert_snapshot!(stderr(&infer));
}

#[test]
fn a_max_depth_out_of_range_is_a_usage_error() {
    let depths = ["0", "129", "100000000000000000000000", "-3", "deep"];
    for command in [
        &["run", MAPPING][..],
        &["diff", MAPPING, MAPPING],
        &["schema", "infer"],
    ] {
        for depth in depths {
            let option = format!("--max-depth={depth}");
            let mut args = command.to_vec();
            args.push(&option);
            let output = datamapper(&args);
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            let message = stderr(&output);
            assert!(
                message.starts_with(&format!(
                    "error: invalid value '{depth}' for '--max-depth <LEVELS>': "
                )),
                "{message}"
            );
        }
    }
    let messages: Vec<String> = ["0", "129", "100000000000000000000000"]
        .iter()
        .map(|depth| stderr(&datamapper(&["run", MAPPING, "--max-depth", depth])))
        .map(|text| text.lines().next().unwrap().to_string())
        .collect();
    insta::assert_snapshot!(messages.join("\n"));
}
