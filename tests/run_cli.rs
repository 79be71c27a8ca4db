//! `datamapper run` as a user runs it: inputs of every format, rejects, summaries, exit
//! statuses and bad data. The mapping and inputs are in `tests/run/`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn datamapper() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_datamapper"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    command
}

fn run(args: &[&str]) -> Output {
    run_with_stdin(args, b"")
}

fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = datamapper()
        .arg("run")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh, empty folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("datamapper-run-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

fn path(folder: &Path, name: &str) -> String {
    folder.join(name).display().to_string()
}

const MAPPING: &str = "tests/run/people.dmap";
const TODAY: [&str; 2] = ["--today", "2026-01-01"];

#[test]
fn ndjson_run_maps_skips_and_rejects_with_exit_three() {
    let output = run(&[MAPPING, "tests/run/people.ndjson", TODAY[0], TODAY[1]]);
    assert_eq!(output.status.code(), Some(3));
    insta::assert_snapshot!("ndjson_stdout", text(&output.stdout));
    insta::assert_snapshot!("ndjson_stderr", text(&output.stderr));
}

#[test]
fn rejects_and_summary_files() {
    let folder = scratch("files");
    let rejects = path(&folder, "rejects.ndjson");
    let summary = path(&folder, "summary.json");
    let users = path(&folder, "users.json");
    let output = run(&[
        MAPPING,
        "tests/run/people.ndjson",
        "--today",
        "2026-01-01",
        "--rejects",
        &rejects,
        "--summary",
        &summary,
        "-o",
        &users,
        "--output-format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(text(&output.stdout), "");
    assert_eq!(
        text(&output.stderr),
        "read 6 records: 2 mapped, 1 skipped, 3 rejected\n"
    );
    insta::assert_snapshot!("rejects_file", std::fs::read_to_string(&rejects).unwrap());
    insta::assert_snapshot!("users_json_file", std::fs::read_to_string(&users).unwrap());
    let counts: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    assert_eq!(
        counts,
        serde_json::json!({"read": 6, "mapped": 2, "skipped": 1, "rejected": 3})
    );
    let total = counts["mapped"].as_u64().unwrap()
        + counts["skipped"].as_u64().unwrap()
        + counts["rejected"].as_u64().unwrap();
    assert_eq!(counts["read"].as_u64().unwrap(), total);
    // Only the three complete files: no temporary files left behind.
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 3);
}

#[test]
fn stdin_is_ndjson_and_read_without_inputs_or_with_dash() {
    let input = std::fs::read("tests/run/clean.ndjson").unwrap();
    for args in [vec![MAPPING], vec![MAPPING, "-"]] {
        let output = run_with_stdin(&args, &input);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        assert_eq!(
            text(&output.stdout),
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"externalId\":\"1\",\"userName\":\"jan.vries@example.test\",\"name\":{\"familyName\":\"Vries\",\"givenName\":\"Jan\"}}\n"
        );
        assert_eq!(
            text(&output.stderr),
            "read 1 record: 1 mapped, 0 skipped, 0 rejected\n"
        );
    }
}

#[test]
fn json_csv_and_records_at_inputs() {
    let json = run(&[MAPPING, "tests/run/people.json"]);
    assert_eq!(json.status.code(), Some(3));
    insta::assert_snapshot!(
        "json_array",
        format!("{}---\n{}", text(&json.stdout), text(&json.stderr))
    );

    let csv = run(&[MAPPING, "tests/run/people.csv"]);
    assert_eq!(csv.status.code(), Some(3));
    insta::assert_snapshot!(
        "csv",
        format!("{}---\n{}", text(&csv.stdout), text(&csv.stderr))
    );

    let page = run(&[
        MAPPING,
        "tests/run/graph-page.json",
        "--records-at",
        "/value",
    ]);
    assert_eq!(page.status.code(), Some(0));
    insta::assert_snapshot!(
        "records_at",
        format!("{}---\n{}", text(&page.stdout), text(&page.stderr))
    );

    // The same file read as NDJSON by choice: each line is a reject.
    let forced = run(&[MAPPING, "tests/run/people.json", "--input-format", "ndjson"]);
    assert_eq!(forced.status.code(), Some(3));
    assert!(text(&forced.stderr).ends_with("read 6 records: 0 mapped, 0 skipped, 6 rejected\n"));
}

#[test]
fn several_inputs_name_their_file_in_rejects() {
    let folder = scratch("several");
    let rejects = path(&folder, "rejects.ndjson");
    let output = run(&[
        MAPPING,
        "tests/run/clean.ndjson",
        "tests/run/people.json",
        "--rejects",
        &rejects,
    ]);
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        std::fs::read_to_string(&rejects).unwrap(),
        "{\"file\":\"tests/run/people.json\",\"line\":5,\"reason\":\"a record must be a JSON object, got a number\",\"record\":\"42\"}\n"
    );
    // Order is input order, and unique sees the users of earlier inputs.
    let users: Vec<&str> = std::str::from_utf8(&output.stdout)
        .unwrap()
        .lines()
        .collect();
    assert_eq!(users.len(), 3);
    assert!(users[1].contains("jan.vries2@example.test"), "{}", users[1]);
}

#[test]
fn existing_users_are_avoided_by_unique() {
    let output = run(&[
        MAPPING,
        "tests/run/clean.ndjson",
        "--existing",
        "tests/run/existing.ndjson",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(text(&output.stdout).contains("\"userName\":\"jan.vries2@example.test\""));
}

#[test]
fn a_mapping_with_errors_exits_one_with_the_diagnostics_of_check() {
    let output = run(&["tests/run/broken.dmap", "tests/run/clean.ndjson"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(text(&output.stdout), "");
    let check = datamapper()
        .args(["check", "tests/run/broken.dmap"])
        .output()
        .unwrap();
    assert_eq!(text(&output.stderr), text(&check.stderr));
    assert!(text(&output.stderr).contains("lowr"));
}

#[test]
fn usage_and_io_errors_exit_two_with_one_line() {
    let cases: [(&[&str], &str); 8] = [
        (
            &[MAPPING, "tests/run/missing.ndjson"],
            "error: cannot read \"tests/run/missing.ndjson\": No such file or directory\n",
        ),
        (
            &["tests/run/missing.dmap"],
            "error: cannot read \"tests/run/missing.dmap\": No such file or directory\n",
        ),
        (
            &[MAPPING, "tests/run/clean.ndjson", "-o", "tests/run/no/such/folder/out.ndjson"],
            "error: cannot write \"tests/run/no/such/folder/out.ndjson\": No such file or directory\n",
        ),
        (
            &[MAPPING, "--today", "2026-13-01"],
            "error: --today \"2026-13-01\" is not a date: write it as YYYY-MM-DD\n",
        ),
        (
            &[MAPPING, "--now", "yesterday"],
            "error: --now \"yesterday\" is not a time: write it in RFC 3339, such as 2026-11-28T09:00:00Z\n",
        ),
        (
            &[MAPPING, "--existing", "tests/run/bad-existing.ndjson"],
            "error: cannot read existing users from \"tests/run/bad-existing.ndjson\": line 2: the user has no \"userName\" string\n",
        ),
        (
            &[MAPPING, "tests/run/graph-page.json", "--records-at", "/users"],
            "error: cannot read \"tests/run/graph-page.json\": the document has no value at \"/users\"\n",
        ),
        (
            &[MAPPING, "--records-at", "value"],
            "error: --records-at \"value\" is not a JSON pointer: write it as /value\n",
        ),
    ];
    for (args, message) in cases {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(text(&output.stderr), message, "{args:?}");
        assert_eq!(text(&output.stdout), "");
    }
}

#[test]
fn now_sets_today_to_its_written_date() {
    let input = b"{\"id\": 4, \"first\": \"Old\", \"last\": \"Timer\", \"end\": \"2020-01-01\"}\n";
    let before = run_with_stdin(&[MAPPING, "--now", "2019-12-31T23:30:00-01:00"], input);
    assert_eq!(before.status.code(), Some(0), "{}", text(&before.stderr));
    let after = run_with_stdin(&[MAPPING, "--now", "2020-01-02T00:30:00+01:00"], input);
    assert_eq!(after.status.code(), Some(3));
    let today_wins = run_with_stdin(
        &[
            MAPPING,
            "--now",
            "2020-01-02T00:30:00Z",
            "--today",
            "2019-06-01",
        ],
        input,
    );
    assert_eq!(today_wins.status.code(), Some(0));
}

#[test]
fn bad_data_is_rejected_never_a_crash() {
    let folder = scratch("bad-data");
    let input = path(&folder, "bad.ndjson");
    let mut data = Vec::new();
    data.extend_from_slice(b"{\"id\": 1, \"first\": \"Jan\", \"last\": \"Vries\"}\n");
    // A binary blob, with NUL bytes and invalid UTF-8.
    data.extend((0u8..=255).cycle().take(4096).filter(|&byte| byte != b'\n'));
    data.push(b'\n');
    // A 10 MB string field: a valid record.
    data.extend_from_slice(b"{\"id\": 2, \"first\": \"");
    data.extend(std::iter::repeat_n(b'x', 10 * 1024 * 1024));
    data.extend_from_slice(b"\", \"last\": \"Li\"}\n");
    // 10,000 levels of nesting.
    data.extend_from_slice(b"{\"id\": 3, \"deep\": ");
    data.extend(std::iter::repeat_n(b'[', 10_000));
    data.extend(std::iter::repeat_n(b']', 10_000));
    data.extend_from_slice(b"}\n");
    // A truncated last line.
    data.extend_from_slice(b"{\"id\": 4, \"first\": \"Tr");
    std::fs::write(&input, &data).unwrap();
    let rejects = path(&folder, "rejects.ndjson");
    let output = run(&[
        MAPPING,
        &input,
        "--rejects",
        &rejects,
        "-o",
        &path(&folder, "out.ndjson"),
    ]);
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        text(&output.stderr),
        "read 5 records: 2 mapped, 0 skipped, 3 rejected\n"
    );
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&rejects)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let reasons: Vec<(u64, &str)> = lines
        .iter()
        .map(|line| {
            (
                line["line"].as_u64().unwrap(),
                line["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        reasons,
        vec![
            (2, "invalid UTF-8 at byte 128 of the record"),
            (
                4,
                "the record nests 10001 levels deep; the limit is 128 (--max-depth)"
            ),
            (5, "invalid JSON: EOF while parsing a string at column 22"),
        ]
    );
    let blob = lines[0]["record"].as_str().unwrap();
    assert!(blob.ends_with("… [cut: 0 more bytes]") || blob.chars().count() <= 10_100);
    let deep = lines[1]["record"].as_str().unwrap();
    assert!(deep.contains("… [cut: "), "the raw text is cut");
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    let mut data = Vec::new();
    for id in 0..200_000 {
        writeln!(
            data,
            "{{\"id\": {id}, \"first\": \"A{id}\", \"last\": \"B\"}}"
        )
        .unwrap();
    }
    let mut child = datamapper()
        .args(["run", MAPPING])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 100];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    writer.join().unwrap();
    assert_eq!(status.code(), Some(2));
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn without_a_rejects_file_stderr_lists_the_first_twenty() {
    let input = "nope\n".repeat(25);
    let output = run_with_stdin(&[MAPPING], input.as_bytes());
    assert_eq!(output.status.code(), Some(3));
    let stderr = text(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 22);
    assert_eq!(
        lines[0],
        "<stdin>:1: rejected: invalid JSON: expected ident at column 2"
    );
    assert_eq!(
        lines[20],
        "... and 5 more rejected (write them all with --rejects FILE)"
    );
    assert_eq!(
        lines[21],
        "read 25 records: 0 mapped, 0 skipped, 25 rejected"
    );
}

#[test]
fn an_empty_input_maps_nothing_and_warns() {
    for input in [&b""[..], &b"\n\n  \n"[..]] {
        let output = run_with_stdin(&[MAPPING], input);
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(text(&output.stdout), "");
        assert_eq!(
            text(&output.stderr),
            "read 0 records: 0 mapped, 0 skipped, 0 rejected\n\
             warning: the input has no records; check the export before a sync uses this output\n"
        );
    }
}

#[test]
fn a_file_named_without_a_known_extension_is_ndjson_with_a_warning_when_it_is_not() {
    let output = run(&[MAPPING, "tests/run/people-csv.txt", TODAY[0], TODAY[1]]);
    assert_eq!(output.status.code(), Some(3));
    insta::assert_snapshot!("csv_in_txt_stderr", text(&output.stderr));

    let output = run(&[MAPPING, "tests/run/people-ndjson.txt", TODAY[0], TODAY[1]]);
    assert!(!text(&output.stderr).contains("warning"), "{output:?}");

    let chosen = ["--input-format", "csv"];
    let output = run(&[
        MAPPING,
        "tests/run/people-csv.txt",
        TODAY[0],
        TODAY[1],
        chosen[0],
        chosen[1],
    ]);
    assert!(!text(&output.stderr).contains("warning"), "{output:?}");
    assert_eq!(
        output.stdout,
        run(&[MAPPING, "tests/run/people.csv", TODAY[0], TODAY[1]]).stdout
    );
}

#[test]
fn diff_and_schema_infer_warn_the_same_way_once() {
    let warning = "warning: \"tests/run/people-csv.txt\" is read as NDJSON";
    let commands: [&[&str]; 2] = [
        &["schema", "infer", "tests/run/people-csv.txt"],
        &[
            "diff",
            MAPPING,
            MAPPING,
            "tests/run/people-csv.txt",
            TODAY[0],
            TODAY[1],
        ],
    ];
    for args in commands {
        let output = datamapper().args(args).output().unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(stderr.matches(warning).count(), 1, "{args:?}: {stderr}");
    }
}
