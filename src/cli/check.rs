//! `datamapper check`: report every problem in mapping files, for people or for CI.

use crate::check::check_file;
use crate::diagnostics::{has_errors, Diagnostic};
use crate::report::{self, Style};
use crate::source::SourceFile;
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Mapping files (`.dmap`) to check; a folder stands for every `.dmap` file under it.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Source snippets with the problem underlined, for people; long lines cut to fit.
    Human,
    /// One JSON array of diagnostics, for tools.
    Json,
    /// GitHub Actions annotations, shown on the pull request's lines.
    Github,
    /// A SARIF 2.1.0 log, for code-scanning tools.
    Sarif,
}

pub fn run(args: CheckArgs) -> i32 {
    let mut failed = false;
    let mut json = Vec::new();
    let mut checked = Vec::new();
    let style = human_style();
    let files = match mapping_files(&args.files) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return super::EXIT_USAGE;
        }
    };
    for path in &files {
        let file = match SourceFile::read(path) {
            Ok(file) => file,
            Err(error) => {
                eprintln!(
                    "error: cannot read {}: {}",
                    super::run::quoted(path),
                    super::run::plain(&error)
                );
                return super::EXIT_USAGE;
            }
        };
        let result = check_file(&file);
        failed |= has_errors(&result.diagnostics)
            || (args.deny_warnings && !result.diagnostics.is_empty());
        match args.format {
            Format::Human => eprint!("{}", render_for_terminal(&file, &result.diagnostics, style)),
            Format::Json => json.extend(
                result
                    .diagnostics
                    .iter()
                    .map(|diagnostic| report::to_json(&file, diagnostic)),
            ),
            Format::Github => {
                let mut stdout = std::io::stdout().lock();
                for diagnostic in &result.diagnostics {
                    if writeln!(stdout, "{}", report::to_github(&file, diagnostic)).is_err() {
                        return super::EXIT_USAGE;
                    }
                }
            }
            Format::Sarif => checked.push((file, result.diagnostics)),
        }
    }
    let document = match args.format {
        Format::Json => Some(serde_json::Value::Array(json)),
        Format::Sarif => Some(report::to_sarif(&checked)),
        Format::Human | Format::Github => None,
    };
    if let Some(document) = document {
        let text = serde_json::to_string_pretty(&document).unwrap_or_else(|_| "[]".into());
        let mut stdout = std::io::stdout().lock();
        if writeln!(stdout, "{text}").is_err() {
            return super::EXIT_USAGE;
        }
    }
    if failed {
        super::EXIT_FAILED
    } else {
        super::EXIT_OK
    }
}

/// Colour when stderr is a terminal and `NO_COLOR` is not set.
pub fn human_style() -> Style {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let width = if color { 100 } else { Style::PLAIN.width };
    Style { color, width }
}

/// The human report of one file followed by its summary line: what `check` prints and
/// what `run` prints when a mapping does not check.
pub fn render_for_terminal(file: &SourceFile, diagnostics: &[Diagnostic], style: Style) -> String {
    let mut out = report::render_human(file, diagnostics, style);
    if let Some(summary) = report::summary(file, diagnostics) {
        out.push_str(&summary);
        out.push('\n');
    }
    out
}
/// The paths as given, with each folder replaced by the `.dmap` files under it (sorted,
/// so the output is stable); a folder that cannot be listed stays, to be reported. `Err`
/// names a folder without any.
pub(super) fn mapping_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = files.len();
            collect_mappings(path, &mut files);
            if files.len() == before {
                return Err(format!(
                    "{} holds no mapping files (.dmap)",
                    super::run::quoted(path)
                ));
            }
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn collect_mappings(folder: &std::path::Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        files.push(folder.to_path_buf());
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect_mappings(&path, files);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "dmap")
        {
            files.push(path);
        }
    }
}
