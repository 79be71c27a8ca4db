//! `datamapper fmt`: rewrites mapping files in the canonical layout, or with `--check`
//! reports the files that are not in it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::diagnostics::{has_errors, Diagnostic};
use crate::source::SourceFile;
use crate::syntax::{parse, pretty};

/// How many diff lines `--check` shows per file.
const DIFF_LINES: usize = 20;

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Write nothing; list the files that are not formatted and exit with 1 if any.
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
    println!("{}", file.name);
    print!("{}", short_diff(&file.text, output, DIFF_LINES));
    Outcome::Failed
}

/// Above this many line pairs the diff shows the changed region as a whole instead of
/// matching lines inside it.
const MAX_DIFF_WORK: usize = 4_000_000;

/// One line of a diff.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Edit<'a> {
    Same,
    Removed(&'a str),
    Added(&'a str),
}

/// A unified-style diff of the changed lines (without context), at most `limit` lines.
fn short_diff(old: &str, new: &str, limit: usize) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let edits = line_edits(
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    );
    let mut lines = Vec::new();
    let (mut old_line, mut new_line) = (prefix + 1, prefix + 1);
    let mut in_hunk = false;
    for edit in edits {
        if edit != Edit::Same && !in_hunk {
            lines.push(format!("@@ -{old_line} +{new_line} @@"));
        }
        in_hunk = edit != Edit::Same;
        match edit {
            Edit::Same => {
                old_line += 1;
                new_line += 1;
            }
            Edit::Removed(line) => {
                lines.push(format!("-{line}"));
                old_line += 1;
            }
            Edit::Added(line) => {
                lines.push(format!("+{line}"));
                new_line += 1;
            }
        }
    }
    if lines.is_empty() {
        lines.push("~ only line endings or the final newline differ".to_string());
    }
    let shown = lines.len().min(limit);
    let mut text: String = lines[..shown]
        .iter()
        .map(|line| format!("{line}\n"))
        .collect();
    if lines.len() > shown {
        text.push_str(&format!("... ({} more diff lines)\n", lines.len() - shown));
    }
    text
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
            edits.push(Edit::Same);
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
    use super::short_diff;

    #[test]
    fn diff_shows_the_changed_region_only() {
        let diff = short_diff("a\nb  =  1\nc\n", "a\nb = 1\nc\n", 20);
        assert_eq!(diff, "@@ -2 +2 @@\n-b  =  1\n+b = 1\n");
    }

    #[test]
    fn diff_leaves_out_unchanged_lines_between_changes() {
        let old = "a  =  1\nb = 2\nc = 3\nd  =  4\n";
        let new = "a = 1\nb = 2\nc = 3\nd = 4\n";
        let diff = short_diff(old, new, 20);
        assert_eq!(
            diff,
            "@@ -1 +1 @@\n-a  =  1\n+a = 1\n@@ -4 +4 @@\n-d  =  4\n+d = 4\n"
        );
        let diff = short_diff("x\n", "x\n\ny\n", 20);
        assert_eq!(diff, "@@ -2 +2 @@\n+\n+y\n");
        assert_eq!(
            short_diff("x", "x\n", 20),
            "~ only line endings or the final newline differ\n"
        );
    }

    #[test]
    fn diff_is_cut_at_the_limit() {
        let old = "x\n".repeat(30);
        let diff = short_diff(&old, "", 5);
        assert!(diff.ends_with("... (26 more diff lines)\n"), "{diff}");
    }
}
