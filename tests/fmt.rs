//! The canonical printer: snapshots of formatted test inputs, round trips over every
//! mapping file in the repository, and the `datamapper fmt` command line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use datamapper::source::SourceFile;
use datamapper::syntax::ast::ParsedFile;
use datamapper::syntax::{dump::dump, parse, pretty::format};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.dmap` file below `dir`, sorted.
fn dmap_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(dmap_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "dmap") {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn parse_text(name: &str, text: &str) -> (ParsedFile, usize) {
    let file = SourceFile::new(name, name, text);
    let (parsed, diagnostics) = parse(&file);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (parsed, errors)
}

fn parse_ok(name: &str, text: &str) -> ParsedFile {
    let (parsed, errors) = parse_text(name, text);
    assert_eq!(errors, 0, "{name} does not parse:\n{text}");
    parsed
}

fn format_text(name: &str, text: &str) -> String {
    format(&parse_ok(name, text), text)
}

fn comment_texts(file: &ParsedFile) -> Vec<String> {
    file.comments
        .iter()
        .map(|comment| comment.text.trim_end().to_string())
        .collect()
}

#[test]
fn formatted_inputs_match_their_snapshots() {
    let inputs = dmap_files(&manifest_dir().join("tests/fmt"));
    assert!(inputs.len() >= 10, "test inputs are missing");
    for path in inputs {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let output = format_text(&name, &text);
        insta::with_settings!({
            snapshot_path => "fmt/snapshots",
            prepend_module_to_snapshot => false,
            input_file => &path,
        }, {
            insta::assert_snapshot!(name, output);
        });
    }
}

/// Parse → format → parse keeps the syntax tree and every comment, and formatting the
/// output again changes nothing.
fn assert_round_trip(name: &str, text: &str) {
    let (original, errors) = parse_text(name, text);
    assert_eq!(errors, 0, "{name} does not parse:\n{text}");
    let once = format(&original, text);
    let reparsed = parse_ok(&format!("{name} (formatted)"), &once);
    assert_eq!(
        dump(&original),
        dump(&reparsed),
        "{name}: the tree changed:\n{once}"
    );
    assert_eq!(
        comment_texts(&original),
        comment_texts(&reparsed),
        "{name}: comments changed:\n{once}"
    );
    let twice = format(&reparsed, &once);
    assert_eq!(once, twice, "{name}: formatting is not idempotent");
    assert!(once.is_empty() || once.ends_with('\n') && !once.ends_with("\n\n"));
    assert!(
        once.lines().all(|line| line == line.trim_end()),
        "{name}: trailing spaces"
    );
}

/// Every mapping file in the repository that parses: the inputs here, the parser's test
/// cases and the example rules.
fn valid_mapping_files() -> Vec<(String, String)> {
    let root = manifest_dir();
    let mut files = dmap_files(&root.join("tests/fmt"));
    files.extend(dmap_files(&root.join("tests/parse")));
    files.extend(dmap_files(&root.join("rules")));
    files
        .into_iter()
        .map(|path| {
            (
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .filter(|(name, text)| parse_text(name, text).1 == 0)
        .collect()
}

#[test]
fn every_mapping_file_round_trips() {
    let files = valid_mapping_files();
    assert!(files.len() > dmap_files(&manifest_dir().join("tests/fmt")).len());
    for (name, text) in files {
        assert_round_trip(&name, &text);
    }
}

#[test]
fn the_brief_example_keeps_its_layout() {
    let text =
        std::fs::read_to_string(manifest_dir().join("tests/fmt/brief_example.dmap")).unwrap();
    let output = format_text("brief_example", &text);
    // Only the column of the two header comments differs from the hand-written file.
    let normalize = |s: &str| -> Vec<String> {
        s.lines()
            .map(|line| match line.find(" #") {
                Some(at) if !line.starts_with('#') => {
                    format!("{} {}", line[..at].trim_end(), &line[at + 1..])
                }
                _ => line.to_string(),
            })
            .collect()
    };
    assert_eq!(normalize(&output), normalize(&text));
}

#[test]
fn empty_and_comment_only_files() {
    assert_eq!(format_text("empty", ""), "");
    assert_eq!(format_text("blank", "\n\n  \n"), "");
    assert_eq!(
        format_text("comment", "  # only a comment   \n\n\n# two"),
        "# only a comment\n\n# two\n"
    );
}

// The command line.

fn datamapper(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_datamapper"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// A fresh folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("datamapper-fmt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const MESSY: &str = "externalId=string( id )\ntitle  =  job.title\n";
const TIDY: &str = "externalId = string(id)\ntitle      = job.title\n";

#[test]
fn fmt_rewrites_files_in_place() {
    let dir = scratch("rewrite");
    let messy = dir.join("messy.dmap");
    let tidy = dir.join("tidy.dmap");
    std::fs::write(&messy, MESSY).unwrap();
    std::fs::write(&tidy, TIDY).unwrap();
    let output = datamapper(
        &["fmt", messy.to_str().unwrap(), tidy.to_str().unwrap()],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), TIDY);
    assert_eq!(std::fs::read_to_string(&tidy).unwrap(), TIDY);
    let leftovers = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(leftovers, 2, "no temporary files are left behind");
}

#[test]
fn fmt_check_reports_files_that_would_change() {
    let dir = scratch("check");
    let messy = dir.join("messy.dmap");
    let tidy = dir.join("tidy.dmap");
    std::fs::write(&messy, MESSY).unwrap();
    std::fs::write(&tidy, TIDY).unwrap();

    let output = datamapper(&["fmt", "--check", tidy.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(output.stdout.is_empty());

    let output = datamapper(
        &[
            "fmt",
            "--check",
            messy.to_str().unwrap(),
            tidy.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let header = format!("--- a/{0}\n+++ b/{0}\n", messy.display());
    assert!(stdout.starts_with(&header), "{stdout}");
    assert!(stdout.contains("-externalId=string( id )\n"), "{stdout}");
    assert!(stdout.contains("+externalId = string(id)\n"), "{stdout}");
    assert!(!stdout.contains("tidy.dmap"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(&messy).unwrap(),
        MESSY,
        "--check writes nothing"
    );
}

#[test]
fn fmt_reads_standard_input() {
    let output = datamapper(&["fmt"], MESSY);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(String::from_utf8(output.stdout).unwrap(), TIDY);
    let output = datamapper(&["fmt", "-"], MESSY);
    assert_eq!(String::from_utf8(output.stdout).unwrap(), TIDY);
    let output = datamapper(&["fmt", "--check", "-"], MESSY);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
}

#[test]
fn fmt_leaves_a_file_with_syntax_errors_alone() {
    let dir = scratch("syntax");
    let broken = dir.join("broken.dmap");
    let text = "externalId = string(id\ntitle = = job.title\n";
    std::fs::write(&broken, text).unwrap();
    let output = datamapper(&["fmt", broken.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("broken.dmap:"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), text);
}

#[test]
fn fmt_reports_a_missing_file() {
    let dir = scratch("missing");
    let missing = dir.join("missing.dmap");
    let output = datamapper(&["fmt", missing.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("missing.dmap"), "{stderr}");
}

#[test]
fn fmt_check_takes_a_folder() {
    let rules = manifest_dir().join("rules");
    let output = datamapper(&["fmt", "--check", rules.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let dir = scratch("folder");
    std::fs::create_dir_all(dir.join("nested")).unwrap();
    std::fs::write(dir.join("nested/a.dmap"), "target plek\nuserName=\"x\"\n").unwrap();
    let output = datamapper(&["fmt", "--check", dir.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("a.dmap"));
}

#[test]
fn deeply_nested_expressions_format_in_linear_passes() {
    let depth = 60;
    let mut text = String::from("userName = ");
    for _ in 0..depth {
        text.push_str("first_name_of_the_person ?? unique(");
    }
    text.push_str("last_name");
    text.push_str(&")".repeat(depth));
    text.push('\n');
    let started = std::time::Instant::now();
    assert_round_trip("deep", &text);
    assert!(
        started.elapsed().as_secs() < 10,
        "formatting took {:?}",
        started.elapsed()
    );
}

/// Comments added after every line, and on a line of their own between every two lines,
/// all survive formatting, and the result is stable.
#[test]
fn comments_anywhere_survive() {
    for (name, text) in valid_mapping_files() {
        let formatted = format_text(&name, &text);
        let lines: Vec<&str> = formatted.lines().collect();
        let mut everywhere = String::new();
        for (number, line) in lines.iter().enumerate() {
            everywhere.push_str(&format!(
                "{line} # trailing {number}\n# own line {number}\n"
            ));
        }
        assert_round_trip(&format!("{name} with comments"), &everywhere);
        for number in 0..lines.len() {
            let mut one = lines.clone();
            let own = format!("# only {number}");
            one.insert(number, &own);
            assert_round_trip(&format!("{name} with comment {number}"), &one.join("\n"));
        }
    }
}

/// Breaks the line at every `every`-th space between tokens (outside strings, names in
/// backticks and comments), sometimes with a blank line, or with a comment when
/// `comment` is set.
fn reflow(text: &str, every: usize, comment: bool) -> String {
    #[derive(PartialEq)]
    enum In {
        Code,
        String,
        Backticks,
        Comment,
    }
    let mut state = In::Code;
    let mut out = String::new();
    let mut spaces = 0;
    let mut previous = ' ';
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (&state, c) {
            (In::Comment, '\n') | (In::String, '"') | (In::Backticks, '`') => state = In::Code,
            (In::String, '\\') => {
                out.push(c);
                out.extend(chars.next());
                continue;
            }
            (In::Code, '#') => state = In::Comment,
            (In::Code, '"') => state = In::String,
            (In::Code, '`') => state = In::Backticks,
            (In::Code, ' ') => {
                spaces += 1;
                if spaces % every == 0 && previous != ' ' {
                    let text = match (comment, spaces % 7) {
                        (true, _) => format!(" # c{spaces}\n    "),
                        (false, 0) => "\n\n   ".to_string(),
                        (false, _) => "\n    ".to_string(),
                    };
                    out.push_str(&text);
                    previous = c;
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
        previous = c;
    }
    out
}

/// The same file laid out differently (lines broken between tokens, comments added there)
/// formats to a stable result with the same tree and all its comments.
#[test]
fn reflowed_files_format_stably() {
    let mut tried = 0;
    for (name, text) in valid_mapping_files() {
        let original = dump(&parse_ok(&name, &text));
        for every in 1..6 {
            for comment in [false, true] {
                let variant = reflow(&text, every, comment);
                let (parsed, errors) = parse_text(&name, &variant);
                // Some breaks are not allowed (a line break between two table entries'
                // parts may join them); only variants that mean the same file count.
                if errors > 0 || dump(&parsed) != original {
                    continue;
                }
                tried += 1;
                assert_round_trip(&format!("{name} reflowed every {every}"), &variant);
            }
        }
    }
    assert!(tried > 50, "only {tried} variants parsed");
}

/// `fmt --check` on `tests/fmt_check/messy.dmap`, run in a scratch copy of that folder.
fn check_diff_of_messy(dir: &Path) -> String {
    let input = manifest_dir().join("tests/fmt_check/messy.dmap");
    std::fs::copy(input, dir.join("messy.dmap")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_datamapper"))
        .args(["fmt", "--check", "messy.dmap"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn fmt_check_prints_a_unified_diff() {
    let diff = check_diff_of_messy(&scratch("unified"));
    insta::assert_snapshot!(diff);
}

/// The diff is one that the usual tools apply, and applying it formats the file. Each tool
/// that is not installed is left out.
#[test]
fn fmt_check_diffs_apply_with_git_and_patch() {
    let tools: [(&str, &[&str]); 2] = [("git", &["apply", "-"]), ("patch", &["-p1", "--quiet"])];
    for (tool, args) in tools {
        let dir = scratch(&format!("apply-{tool}"));
        let diff = check_diff_of_messy(&dir);
        let child = Command::new(tool)
            .args(args)
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let Ok(mut child) = child else {
            eprintln!("{tool} is not installed: not tried");
            continue;
        };
        {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(diff.as_bytes())
                .unwrap();
        }
        let applied = child.wait_with_output().unwrap();
        assert!(applied.status.success(), "{tool}: {applied:?}\n{diff}");
        let patched = std::fs::read_to_string(dir.join("messy.dmap")).unwrap();
        let messy = std::fs::read_to_string(manifest_dir().join("tests/fmt_check/messy.dmap"));
        assert_eq!(
            patched,
            format_text("messy.dmap", &messy.unwrap()),
            "{tool}"
        );
    }
}
