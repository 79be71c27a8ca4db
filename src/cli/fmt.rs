//! `datamapper fmt`: rewrites mapping files in the canonical layout, or with `--check`
//! reports the files that are not in it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::diagnostics::{has_errors, Diagnostic};
use crate::source::SourceFile;
use crate::syntax::{parse, pretty};

/// How many diff lines `--check` shows per file (more when the first hunk is longer).
const DIFF_LINES: usize = 40;

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Write nothing; for each file that is not formatted print a unified diff (which
    /// `git apply` and `patch -p1` accept) and exit with 1 if any.
    #[arg(long)]
    check: bool,
    /// Mapping files to format (a folder stands for every `.dmap` file under it); `-` (or
    /// none) reads standard input and writes the result to standard output.
    files: Vec<PathBuf>,
}

/// What happened to one file, from best to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Unchanged,
    Changed,
    /// Not formatted and `--check` was given, or the file does not parse.
    Failed,
    IoError,
}

pub fn run(args: FmtArgs) -> i32 {
    let stdin = Path::new("-");
    let expanded = match super::check::mapping_files(&args.files) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return super::EXIT_USAGE;
        }
    };
    let files: Vec<&Path> = if args.files.is_empty() {
        vec![stdin]
    } else {
        expanded.iter().map(PathBuf::as_path).collect()
    };
    let worst = files
        .iter()
        .map(|&path| {
            if path == stdin {
                format_stdin(args.check)
            } else {
                format_file(path, args.check)
            }
        })
        .max()
        .unwrap_or(Outcome::Unchanged);
    match worst {
        Outcome::Unchanged | Outcome::Changed => super::EXIT_OK,
        Outcome::Failed => super::EXIT_FAILED,
        Outcome::IoError => super::EXIT_USAGE,
    }
}

/// Parses and formats; prints the syntax errors and gives `None` when it does not parse.
fn formatted(file: &SourceFile) -> Option<String> {
    let (parsed, diagnostics) = parse(file);
    if has_errors(&diagnostics) {
        print_diagnostics(file, &diagnostics);
        return None;
    }
    Some(pretty::format(&parsed, &file.text))
}

fn print_diagnostics(file: &SourceFile, diagnostics: &[Diagnostic]) {
    let style = super::check::human_style();
    eprint!(
        "{}",
        super::check::render_for_terminal(file, diagnostics, style)
    );
}

fn format_stdin(check: bool) -> Outcome {
    let mut text = String::new();
    if let Err(error) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("error: cannot read standard input: {error}");
        return Outcome::IoError;
    }
    let file = SourceFile::new("<stdin>", "-", text);
    let Some(output) = formatted(&file) else {
        return Outcome::Failed;
    };
    if check {
        return report_check(&file, &output);
    }
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
    {
        eprintln!("error: cannot write standard output: {error}");
        return Outcome::IoError;
    }
    Outcome::Unchanged
}

fn format_file(path: &Path, check: bool) -> Outcome {
    let file = match SourceFile::read(path) {
        Ok(file) => file,
        Err(error) => {
            eprintln!(
                "error: cannot read {}: {}",
                super::run::quoted(path),
                super::run::plain(&error)
            );
            return Outcome::IoError;
        }
    };
    let Some(output) = formatted(&file) else {
        return Outcome::Failed;
    };
    if check {
        return report_check(&file, &output);
    }
    if output == file.text {
        return Outcome::Unchanged;
    }
    match write_in_place(path, &output) {
        Ok(()) => Outcome::Changed,
        Err(error) => {
            eprintln!(
                "error: cannot write {}: {}",
                super::run::quoted(path),
                super::run::plain(&error)
            );
            Outcome::IoError
        }
    }
}

/// Writes a temporary file beside the original and renames it over the original, so a
/// failed write never leaves a half-written mapping file.
fn write_in_place(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.fmt-{}.tmp", std::process::id()));
    let result = std::fs::write(&temporary, text)
        .and_then(|()| {
            let permissions = std::fs::metadata(path)?.permissions();
            std::fs::set_permissions(&temporary, permissions)
        })
        .and_then(|()| std::fs::rename(&temporary, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

fn report_check(file: &SourceFile, output: &str) -> Outcome {
    if output == file.text {
        return Outcome::Unchanged;
    }
    print!(
        "{}",
        unified_diff(&file.name, &file.text, output, DIFF_LINES)
    );
    Outcome::Failed
}

/// Above this many line pairs the diff shows the changed region as a whole instead of
/// matching lines inside it.
const MAX_DIFF_WORK: usize = 4_000_000;

/// Unchanged lines shown around each change, as `diff -u` does.
const CONTEXT: usize = 3;

/// One line of a diff. Lines keep their `\n`, so a missing final newline is a change.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Edit<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

/// A unified diff from `old` to `new` for the file `name` (`--- a/NAME`, `+++ b/NAME`,
/// hunks with three lines of context), which `git apply` and `patch -p1` accept. Whole
/// hunks are shown while they fit in `limit` lines (the first one always); a note says
/// how many were left out.
fn unified_diff(name: &str, old: &str, new: &str, limit: usize) -> String {
    let old: Vec<&str> = old.split_inclusive('\n').collect();
    let new: Vec<&str> = new.split_inclusive('\n').collect();
    let edits = all_edits(&old, &new);
    let hunks = hunks(&edits);
    let mut text = format!("--- a/{name}\n+++ b/{name}\n");
    let mut shown_lines = 0;
    for (position, hunk) in hunks.iter().enumerate() {
        let lines = hunk.lines().count();
        if position > 0 && shown_lines + lines > limit {
            let left = hunks.len() - position;
            let noun = if left == 1 { "hunk" } else { "hunks" };
            text.push_str(&format!(
                "... ({left} more {noun}; `datamapper fmt` makes every change)\n"
            ));
            break;
        }
        shown_lines += lines;
        text.push_str(hunk);
    }
    text
}

/// The edits for whole texts: the common start and end are kept without searching.
fn all_edits<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<Edit<'a>> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut edits: Vec<Edit<'a>> = old[..prefix].iter().map(|&line| Edit::Same(line)).collect();
    edits.extend(line_edits(
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    ));
    edits.extend(
        old[old.len() - suffix..]
            .iter()
            .map(|&line| Edit::Same(line)),
    );
    edits
}

/// The hunks of a diff, each as text starting with its `@@ -a,b +c,d @@` line: changes
/// closer than twice the context share a hunk.
fn hunks(edits: &[Edit<'_>]) -> Vec<String> {
    let changed: Vec<usize> = (0..edits.len())
        .filter(|&index| !matches!(edits[index], Edit::Same(_)))
        .collect();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for &index in &changed {
        let start = index.saturating_sub(CONTEXT);
        let end = (index + CONTEXT + 1).min(edits.len());
        match ranges.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => ranges.push((start, end)),
        }
    }
    // Line numbers before each edit: old and new lines passed so far.
    let mut before = Vec::with_capacity(edits.len() + 1);
    let (mut old_line, mut new_line) = (0, 0);
    for edit in edits {
        before.push((old_line, new_line));
        match edit {
            Edit::Same(_) => (old_line, new_line) = (old_line + 1, new_line + 1),
            Edit::Removed(_) => old_line += 1,
            Edit::Added(_) => new_line += 1,
        }
    }
    before.push((old_line, new_line));
    ranges
        .into_iter()
        .map(|(start, end)| {
            let (old_start, new_start) = before[start];
            let (old_end, new_end) = before[end];
            let mut text = format!(
                "@@ -{} +{} @@\n",
                hunk_range(old_start, old_end - old_start),
                hunk_range(new_start, new_end - new_start)
            );
            for edit in &edits[start..end] {
                let (mark, line) = match edit {
                    Edit::Same(line) => (' ', line),
                    Edit::Removed(line) => ('-', line),
                    Edit::Added(line) => ('+', line),
                };
                text.push(mark);
                text.push_str(line);
                if !line.ends_with('\n') {
                    text.push_str("\n\\ No newline at end of file\n");
                }
            }
            text
        })
        .collect()
}

/// `3,2` for two lines from line 4 after 3 lines; as `diff -u` writes it, an empty range
/// names the line before it and a count of one is left out.
fn hunk_range(lines_before: usize, count: usize) -> String {
    match count {
        0 => format!("{lines_before},0"),
        1 => format!("{}", lines_before + 1),
        _ => format!("{},{count}", lines_before + 1),
    }
}

/// The edits that turn `old` into `new`, keeping a longest common subsequence of lines.
fn line_edits<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<Edit<'a>> {
    if old.len().saturating_mul(new.len()) > MAX_DIFF_WORK {
        let removed = old.iter().map(|&line| Edit::Removed(line));
        return removed
            .chain(new.iter().map(|&line| Edit::Added(line)))
            .collect();
    }
    // common[i][j]: the longest common subsequence of old[i..] and new[j..].
    let width = new.len() + 1;
    let mut common = vec![0u32; (old.len() + 1) * width];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i * width + j] = if old[i] == new[j] {
                common[(i + 1) * width + j + 1] + 1
            } else {
                common[(i + 1) * width + j].max(common[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut edits = Vec::with_capacity(old.len() + new.len());
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            edits.push(Edit::Same(old[i]));
            i += 1;
            j += 1;
        } else if i < old.len()
            && (j == new.len() || common[(i + 1) * width + j] >= common[i * width + j + 1])
        {
            edits.push(Edit::Removed(old[i]));
            i += 1;
        } else {
            edits.push(Edit::Added(new[j]));
            j += 1;
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::unified_diff;

    #[test]
    fn a_hunk_has_line_counts_and_context() {
        let diff = unified_diff("m.dmap", "a\nb  =  1\nc\n", "a\nb = 1\nc\n", 20);
        assert_eq!(
            diff,
            "--- a/m.dmap\n+++ b/m.dmap\n@@ -1,3 +1,3 @@\n a\n-b  =  1\n+b = 1\n c\n"
        );
    }

    #[test]
    fn changes_far_apart_get_their_own_hunks() {
        let old = "a  =  1\nb\nc\nd\ne\nf\ng\nh\ni  =  9\n";
        let new = "a = 1\nb\nc\nd\ne\nf\ng\nh\ni = 9\n";
        let diff = unified_diff("m", old, new, 20);
        let hunks: Vec<&str> = diff.lines().filter(|l| l.starts_with("@@")).collect();
        assert_eq!(hunks, ["@@ -1,4 +1,4 @@", "@@ -6,4 +6,4 @@"]);
        let near = unified_diff(
            "m",
            "a  =  1\nb\nc\nd\ne\nf  =  6\n",
            "a = 1\nb\nc\nd\ne\nf = 6\n",
            20,
        );
        let hunks: Vec<&str> = near.lines().filter(|l| l.starts_with("@@")).collect();
        assert_eq!(hunks, ["@@ -1,6 +1,6 @@"]);
    }

    #[test]
    fn added_lines_and_a_missing_final_newline() {
        let diff = unified_diff("m", "x\n", "x\n\ny\n", 20);
        assert_eq!(diff, "--- a/m\n+++ b/m\n@@ -1 +1,3 @@\n x\n+\n+y\n");
        let diff = unified_diff("m", "x", "x\n", 20);
        assert_eq!(
            diff,
            "--- a/m\n+++ b/m\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n"
        );
        let diff = unified_diff("m", "", "x\n", 20);
        assert_eq!(diff, "--- a/m\n+++ b/m\n@@ -0,0 +1 @@\n+x\n");
    }

    #[test]
    fn whole_hunks_are_shown_up_to_the_limit() {
        let old = "x  =  1\n".repeat(30);
        let diff = unified_diff("m", &old, "", 5);
        assert_eq!(
            diff.lines().count(),
            2 + 1 + 30,
            "the first hunk is shown whole"
        );
        let spaced: String = (0..10)
            .map(|n| format!("x{n}  =  1\n{}", "a\n".repeat(8)))
            .collect();
        let tidy = spaced.replace("  =  ", " = ");
        let diff = unified_diff("m", &spaced, &tidy, 20);
        assert!(
            diff.ends_with("... (8 more hunks; `datamapper fmt` makes every change)\n"),
            "{diff}"
        );
    }
}
