//! `datamapper completions` and `datamapper man`: generated from the clap definitions, so
//! they name every subcommand.

use std::process::{Command, Output};

fn datamapper(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_datamapper"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout_of(args: &[&str]) -> String {
    let output = datamapper(args);
    assert_eq!(output.status.code(), Some(0), "{args:?}");
    String::from_utf8(output.stdout).unwrap()
}

const SUBCOMMANDS: [&str; 3] = ["check", "fmt", "run"];

#[test]
fn every_shell_gets_a_script_naming_the_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(!script.trim().is_empty(), "{shell}");
        for subcommand in SUBCOMMANDS {
            assert!(script.contains(subcommand), "{shell} lacks {subcommand}");
        }
    }
    let bash = stdout_of(&["completions", "bash"]);
    assert!(bash.contains("complete -F _datamapper"), "{bash}");
    // The options of a subcommand are completed too.
    assert!(bash.contains("--deny-warnings"));
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let output = datamapper(&["completions", "cmd.exe"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("bash"));
}

#[test]
fn man_page_is_roff_listing_the_subcommands() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH datamapper 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"));
    for subcommand in SUBCOMMANDS {
        assert!(
            page.contains(&format!("datamapper\\-{subcommand}(1)")),
            "{page}"
        );
    }
}

#[test]
fn man_page_of_a_subcommand_lists_its_options() {
    let page = stdout_of(&["man", "check"]);
    assert!(page.contains(".TH datamapper-check 1"), "{page}");
    assert!(page.contains("deny\\-warnings"), "{page}");
    let unknown = datamapper(&["man", "chek"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn out_dir_gets_one_page_per_command() {
    let dir = std::env::temp_dir().join(format!("datamapper-man-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let output = datamapper(&["man", "--out-dir", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    for page in [
        "datamapper.1",
        "datamapper-check.1",
        "datamapper-fmt.1",
        "datamapper-run.1",
    ] {
        let text = std::fs::read_to_string(dir.join(page)).unwrap();
        assert!(text.contains(".TH "), "{page}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
