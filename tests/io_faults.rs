//! I/O faults in `datamapper run`: a full disk (`/dev/full`) or a missing folder ends the
//! run with one line and exit status 2, and leaves no output file that claims to be
//! complete; devices given as outputs are written to, never replaced.

#![cfg(unix)]

use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const MAPPING: &str = "tests/run/people.dmap";
/// Maps some records and rejects others (see `tests/run_cli.rs`).
const INPUT: &str = "tests/run/people.ndjson";

fn datamapper() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_datamapper"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    command
}

fn run(args: &[&str]) -> Output {
    datamapper().arg("run").args(args).output().unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("datamapper-io-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

fn path(folder: &Path, name: &str) -> String {
    folder.join(name).to_str().unwrap().to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn assert_is_device(path: &str) {
    let kind = std::fs::metadata(path).unwrap().file_type();
    assert!(kind.is_char_device(), "{path} is no longer a device");
}

#[test]
fn users_to_a_full_disk_exit_two_with_one_line() {
    let output = run(&[MAPPING, INPUT, "-o", "/dev/full"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output).lines().last(),
        Some("error: cannot write \"/dev/full\": No space left on device")
    );
    assert!(!stderr(&output).contains("panicked"));
    assert_is_device("/dev/full");
}

#[test]
fn rejects_to_a_full_disk_leave_no_output_file_behind() {
    let folder = scratch("rejects-full");
    let users = path(&folder, "users.ndjson");
    std::fs::write(&users, "the previous run\n").unwrap();
    let summary = path(&folder, "summary.json");
    let output = run(&[
        MAPPING,
        INPUT,
        "-o",
        &users,
        "--rejects",
        "/dev/full",
        "--summary",
        &summary,
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "error: cannot write \"/dev/full\": No space left on device\n"
    );
    // The earlier complete file stays; no new or temporary file appears.
    assert_eq!(files_in(&folder), ["users.ndjson"]);
    assert_eq!(
        std::fs::read_to_string(&users).unwrap(),
        "the previous run\n"
    );
    assert_is_device("/dev/full");
}

#[test]
fn a_summary_to_a_full_disk_exits_two() {
    let folder = scratch("summary-full");
    let users = path(&folder, "users.ndjson");
    let output = run(&[MAPPING, INPUT, "-o", &users, "--summary", "/dev/full"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).ends_with("error: cannot write \"/dev/full\": No space left on device\n")
    );
    assert_eq!(files_in(&folder), Vec::<String>::new());
}

#[test]
fn stdout_on_a_full_disk_exits_two() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = datamapper()
        .args(["run", MAPPING, INPUT])
        .stdout(Stdio::from(full))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).ends_with("error: cannot write stdout: No space left on device\n"),
        "{}",
        stderr(&output)
    );
}

/// `-o /dev/null` is the common case; /dev/zero also takes every write, and no other
/// program on a shared machine writes over it while this test runs.
#[test]
fn a_device_as_an_output_stays_a_device() {
    let output = run(&[MAPPING, INPUT, "-o", "/dev/zero", "--rejects", "/dev/zero"]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_is_device("/dev/zero");
}

#[test]
fn an_output_in_a_missing_folder_exits_two_before_reading() {
    let output = run(&[MAPPING, INPUT, "-o", "/nonexistent-datamapper/users.ndjson"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.starts_with("error: cannot write \"/nonexistent-datamapper/users.ndjson\": "),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1, "{message}");
}
