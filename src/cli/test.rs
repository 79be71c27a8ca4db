//! `datamapper test`: run the cases of mapping projects and show how failing ones differ.

use crate::check::check_file;
use crate::compile::compile;
use crate::diagnostics::has_errors;
use crate::engine::Program;
use crate::project::{self, Case, Project};
use crate::report::{self, SarifResult};
use crate::schema::ObjectType;
use crate::source::SourceFile;
use clap::{Args, ValueEnum};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct TestArgs {
    /// How to print results.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Rewrite the expectations of failing cases from the actual outcome.
    #[arg(long)]
    update: bool,
    /// Mapping files or folders to search for projects (default: this folder).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One line per case, with the differences of failing ones.
    Human,
    /// One JSON document with every case's result, for tools.
    Json,
    /// The human report plus GitHub Actions `::error` annotations for failing cases.
    Github,
    /// A SARIF 2.1.0 log with one result per failing case, for code-scanning tools.
    Sarif,
}

/// The result of one case, as reported.
struct Reported {
    file: PathBuf,
    description: Option<String>,
    /// `None`: passed (or updated). Otherwise the messages, one per line.
    failure: Option<Vec<String>>,
    updated: bool,
    /// The line of `"expect"` in the case file, for annotations.
    line: usize,
}

pub fn run(args: TestArgs) -> i32 {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let projects = match project::discover(&paths) {
        Ok(projects) if projects.is_empty() => {
            eprintln!("error: no mapping projects (a .dmap file with a cases/ folder) found");
            return super::EXIT_USAGE;
        }
        Ok(projects) => projects,
        Err(message) => {
            eprintln!("error: {message}");
            return super::EXIT_USAGE;
        }
    };
    let mut out = String::new();
    let mut json_projects = Vec::new();
    let mut sarif = Vec::new();
    let (mut passed, mut failed, mut updated) = (0usize, 0usize, 0usize);
    for project in &projects {
        let Some((program, source)) = load_program(project) else {
            failed += 1;
            out.push_str(&format!("{}: does not check\n", project.mapping.display()));
            json_projects.push(json!({
                "mapping": project.mapping.display().to_string(),
                "checks": false,
                "cases": [],
            }));
            continue;
        };
        let results: Vec<Reported> = project
            .cases
            .iter()
            .map(|file| run_case(file, &program, source.clone(), args.update))
            .collect();
        for result in &results {
            match (&result.failure, result.updated) {
                (None, false) => passed += 1,
                (None, true) => updated += 1,
                (Some(_), _) => failed += 1,
            }
        }
        write_human_project(&mut out, project, &results);
        sarif.extend(results.iter().filter_map(sarif_result));
        if args.format == Format::Github {
            write_annotations(&mut out, &results);
        }
        json_projects.push(json_project(project, &results));
    }
    let summary = summary_line(projects.len(), passed, failed, updated);
    let text = match args.format {
        Format::Json => {
            let document = json!({
                "projects": json_projects,
                "passed": passed,
                "failed": failed,
                "updated": updated,
            });
            serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
        }
        Format::Sarif => {
            serde_json::to_string_pretty(&report::sarif_log(&sarif)).unwrap_or_default() + "\n"
        }
        Format::Human | Format::Github => format!("{out}\n{summary}\n"),
    };
    if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
        return super::EXIT_USAGE;
    }
    if failed > 0 {
        super::EXIT_FAILED
    } else {
        super::EXIT_OK
    }
}

/// Checks and compiles a project's mapping; prints its diagnostics as `check` does when
/// it has errors.
fn load_program(project: &Project) -> Option<(Program, Option<Arc<ObjectType>>)> {
    let file = match SourceFile::read(&project.mapping) {
        Ok(file) => file,
        Err(error) => {
            eprintln!(
                "error: cannot read {}: {}",
                super::run::quoted(&project.mapping),
                super::run::plain(&error)
            );
            return None;
        }
    };
    let result = check_file(&file);
    match result.mapping {
        Some(mapping) if !has_errors(&result.diagnostics) => {
            Some((compile(&mapping, &file), mapping.source.clone()))
        }
        _ => {
            let style = super::check::human_style();
            eprint!(
                "{}",
                super::check::render_for_terminal(&file, &result.diagnostics, style)
            );
            None
        }
    }
}

fn run_case(
    file: &std::path::Path,
    program: &Program,
    source: Option<Arc<ObjectType>>,
    update: bool,
) -> Reported {
    let line = expect_line(file);
    let mut reported = Reported {
        file: file.to_path_buf(),
        description: None,
        failure: None,
        updated: false,
        line,
    };
    let case = match Case::load(file, source) {
        Ok(case) => case,
        Err(message) => {
            reported.failure = Some(vec![message]);
            return reported;
        }
    };
    reported.description = case.description.clone();
    let result = case.run(program);
    if result.failures.is_empty() {
        return reported;
    }
    if update {
        match std::fs::write(file, case.updated_text(&result.outcomes)) {
            Ok(()) => reported.updated = true,
            Err(error) => reported.failure = Some(vec![format!("cannot write: {error}")]),
        }
        return reported;
    }
    let several = case.has_several_records();
    let lines = result
        .failures
        .iter()
        .flat_map(|failure| {
            failure.lines.iter().map(move |line| {
                if several && failure.record > 0 {
                    format!("record {}: {line}", failure.record)
                } else {
                    line.clone()
                }
            })
        })
        .collect();
    reported.failure = Some(lines);
    reported
}

/// The 1-based line of `"expect"` in a case file (1 when there is none).
fn expect_line(file: &std::path::Path) -> usize {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|text| {
            text.lines()
                .position(|line| line.contains("\"expect\""))
                .map(|index| index + 1)
        })
        .unwrap_or(1)
}

fn write_human_project(out: &mut String, project: &Project, results: &[Reported]) {
    let count = results.len();
    let plural = if count == 1 { "" } else { "s" };
    out.push_str(&format!(
        "{}: {count} case{plural}\n",
        project.mapping.display()
    ));
    for result in results {
        let name = result
            .file
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let status = match (&result.failure, result.updated) {
            (Some(_), _) => "FAIL   ",
            (None, true) => "updated",
            (None, false) => "ok     ",
        };
        match &result.description {
            Some(description) => out.push_str(&format!("  {status} {name} — {description}\n")),
            None => out.push_str(&format!("  {status} {name}\n")),
        }
        for line in result.failure.iter().flatten() {
            out.push_str(&format!("            {line}\n"));
        }
    }
}

/// `::error file=...,line=...::message` for each failing case; newlines in the message
/// are escaped as the workflow-command syntax requires.
fn write_annotations(out: &mut String, results: &[Reported]) {
    for result in results {
        if let Some(lines) = &result.failure {
            let message = lines.join("\n");
            let escaped = message
                .replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A");
            out.push_str(&format!(
                "::error file={},line={},title=datamapper test::{escaped}\n",
                result.file.display(),
                result.line
            ));
        }
    }
}

fn json_project(project: &Project, results: &[Reported]) -> serde_json::Value {
    let cases: Vec<serde_json::Value> = results
        .iter()
        .map(|result| {
            json!({
                "file": result.file.display().to_string(),
                "description": result.description,
                "passed": result.failure.is_none(),
                "updated": result.updated,
                "failures": result.failure.clone().unwrap_or_default(),
            })
        })
        .collect();
    json!({
        "mapping": project.mapping.display().to_string(),
        "checks": true,
        "cases": cases,
    })
}

fn summary_line(projects: usize, passed: usize, failed: usize, updated: usize) -> String {
    let plural = if projects == 1 { "" } else { "s" };
    let mut line = format!("{projects} project{plural}: {passed} passed, {failed} failed");
    if updated > 0 {
        line.push_str(&format!(", {updated} updated"));
    }
    line
}

/// A failing case as a SARIF result, pointing at the case's `"expect"`.
fn sarif_result(result: &Reported) -> Option<SarifResult> {
    let failure = result.failure.as_ref()?;
    Some(SarifResult {
        rule: "case-failed".into(),
        level: "error",
        message: failure.join("\n"),
        uri: result.file.display().to_string(),
        region: (result.line, 1, result.line, 1),
    })
}
