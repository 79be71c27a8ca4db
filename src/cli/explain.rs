//! `datamapper explain`: how one record became what it became — each filter's verdict,
//! each let's value, each rule's value and the choices on the way there.

use crate::check::check_file;
use crate::check::ir::{CheckedFilter, CheckedMapping};
use crate::compile::{compile_with, Folding};
use crate::diagnostics::has_errors;
use crate::engine::trace::{Candidate, Explanation, Holder, RunSettings, Step};
use crate::engine::Outcome;
use crate::project::{load_existing_file, read_record_file, LineRecord, RecordSource};
use crate::source::{SourceFile, Span};
use clap::{Args, ValueEnum};
use serde_json::{json, Value as Json};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The mapping file (`.dmap`).
    #[arg(value_name = "MAPPING")]
    mapping: PathBuf,
    /// A file with the record (`-`: standard input): one record, or with --line, an input
    /// file of many.
    #[arg(value_name = "RECORD")]
    record: PathBuf,
    /// Explain the record that starts on this line; the records before it are mapped
    /// first, so `unique` sees the names they take.
    #[arg(long, value_name = "N")]
    line: Option<u64>,
    /// Users Plek already holds (NDJSON of SCIM users), whose userNames `unique` avoids.
    #[arg(long, value_name = "FILE")]
    existing: Option<PathBuf>,
    /// The date today() gives, as YYYY-MM-DD [default: the real date].
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// A JSON pointer to the records inside one JSON document (`/value`).
    #[arg(long, value_name = "POINTER")]
    records_at: Option<String>,
    /// How to print the explanation.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A compact table for people.
    Human,
    /// One JSON document, for tools.
    Json,
}

/// The mapping's items as written, for showing beside their values.
struct Sources {
    filters: Vec<String>,
    lets: Vec<String>,
    rules: Vec<String>,
}

pub fn run(args: ExplainArgs) -> i32 {
    match explain(&args) {
        Ok(text) => match std::io::stdout().lock().write_all(text.as_bytes()) {
            Ok(()) => super::EXIT_OK,
            Err(_) => super::EXIT_USAGE,
        },
        Err((status, message)) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            status
        }
    }
}

type Failure = (i32, String);

fn usage(message: String) -> Failure {
    (super::EXIT_USAGE, message)
}

fn explain(args: &ExplainArgs) -> Result<String, Failure> {
    let (file, mapping) = load_mapping(&args.mapping)?;
    // Explain shows the calls and lets as written; the outcome is the same as a run's.
    let program = compile_with(&mapping, &file, Folding::AsWritten);
    let settings = settings(args)?;
    let how = RecordSource {
        records_at: args.records_at.clone(),
        source: mapping.source.clone(),
        ..RecordSource::default()
    };
    let records = read_record_file(&args.record, &how).map_err(usage)?;
    let (position, chosen) = choose(&records, args.line, &args.record)?;
    let record = chosen.record.as_ref().map_err(|reason| {
        usage(format!(
            "the record on line {} cannot be read: {reason}",
            chosen.line
        ))
    })?;
    let earlier: Vec<(u64, Option<&Json>)> = records[..position]
        .iter()
        .map(|item| (item.line, item.record.as_ref().ok()))
        .collect();
    let explanation = program.explain_in_run(&earlier, record, &settings);
    let sources = sources(&file, &mapping);
    let where_from = format!("record line {} of {}", chosen.line, args.record.display());
    Ok(match args.format {
        Format::Human => render_human(&where_from, &explanation, &sources),
        Format::Json => render_json(chosen.line, &args.record, &explanation, &sources),
    })
}

fn load_mapping(path: &std::path::Path) -> Result<(SourceFile, CheckedMapping), Failure> {
    let file = SourceFile::read(path).map_err(|error| {
        usage(format!(
            "cannot read {}: {}",
            super::run::quoted(path),
            super::run::plain(&error)
        ))
    })?;
    let result = check_file(&file);
    match result.mapping {
        Some(mapping) if !has_errors(&result.diagnostics) => Ok((file, mapping)),
        _ => {
            let style = super::check::human_style();
            eprint!(
                "{}",
                super::check::render_for_terminal(&file, &result.diagnostics, style)
            );
            Err((super::EXIT_FAILED, String::new()))
        }
    }
}

fn settings(args: &ExplainArgs) -> Result<RunSettings, Failure> {
    let today = match &args.today {
        Some(text) => text.parse().map_err(|_| {
            usage(format!(
                "--today {text:?} is not a date: write it as YYYY-MM-DD"
            ))
        })?,
        None => jiff::Zoned::now().date(),
    };
    let now = match &args.today {
        Some(_) => today
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map(|zoned| zoned.timestamp())
            .unwrap_or_else(|_| jiff::Timestamp::now()),
        None => jiff::Timestamp::now(),
    };
    let existing = match &args.existing {
        Some(path) => load_existing_file(path).map_err(usage)?,
        None => Vec::new(),
    };
    Ok(RunSettings {
        today,
        now,
        existing,
    })
}

/// The record to explain and its position: the one starting on `line`, or the only one.
fn choose<'r>(
    records: &'r [LineRecord],
    line: Option<u64>,
    path: &std::path::Path,
) -> Result<(usize, &'r LineRecord), Failure> {
    let name = path.display();
    match line {
        Some(line) => records
            .iter()
            .position(|item| item.line == line)
            .map(|position| (position, &records[position]))
            .ok_or_else(|| {
                let starts: Vec<String> = records
                    .iter()
                    .filter(|item| item.line + 3 > line && item.line < line + 3)
                    .map(|item| item.line.to_string())
                    .collect();
                let near = if starts.is_empty() {
                    String::new()
                } else {
                    format!(" (records nearby start on lines {})", starts.join(", "))
                };
                usage(format!("no record of {name} starts on line {line}{near}"))
            }),
        None => match records {
            [only] => Ok((0, only)),
            [] => Err(usage(format!("{name} holds no record"))),
            _ => Err(usage(format!(
                "{name} holds {} records: choose one with --line N (the line it starts on)",
                records.len()
            ))),
        },
    }
}

fn sources(file: &SourceFile, mapping: &CheckedMapping) -> Sources {
    let text = |span: Span| one_line(file.slice(span));
    Sources {
        filters: mapping
            .filters
            .iter()
            .map(|filter| match filter {
                CheckedFilter::Skip { span, .. } | CheckedFilter::Reject { span, .. } => {
                    text(*span)
                }
            })
            .collect(),
        lets: mapping.lets.iter().map(|item| text(item.span)).collect(),
        rules: mapping.rules.iter().map(|rule| text(rule.span)).collect(),
    }
}

/// Source text on one line: comments dropped, runs of white space as one space.
fn one_line(text: &str) -> String {
    let without_comments: Vec<&str> = text
        .lines()
        .map(|line| match line.find(" #") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect();
    without_comments
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("( ", "(")
        .replace(" )", ")")
}

/// The width of the item column.
const ITEM_WIDTH: usize = 52;

fn render_human(where_from: &str, explanation: &Explanation, sources: &Sources) -> String {
    let mut out = format!("{where_from} → {}\n", outcome_words(&explanation.outcome));
    let section = |out: &mut String| out.push('\n');
    if !explanation.filters.is_empty() {
        section(&mut out);
    }
    for (trace, source) in explanation.filters.iter().zip(&sources.filters) {
        let verdict = match (trace.fired, &trace.error) {
            (_, Some(error)) => format!("error: {error}"),
            (None, _) => "(not reached)".into(),
            (Some(false), _) => "no".into(),
            (Some(true), _) if trace.reject => "yes → rejected".into(),
            (Some(true), _) => "yes → skipped".into(),
        };
        let inputs: Vec<String> = trace
            .inputs
            .iter()
            .map(|(name, value)| format!("{name} = {}", compact(value)))
            .collect();
        let detail = if inputs.is_empty() || trace.fired.is_none() {
            verdict
        } else {
            format!("{verdict:<5} ({})", inputs.join(", "))
        };
        row(&mut out, source, &detail);
        steps(&mut out, &trace.steps);
    }
    if !explanation.lets.is_empty() {
        section(&mut out);
    }
    for (trace, source) in explanation.lets.iter().zip(&sources.lets) {
        let value = match (&trace.value, &trace.error) {
            (_, Some(error)) => format!("error: {error}"),
            (Some(value), None) => compact(value),
            (None, None) => "(not needed)".into(),
        };
        row(&mut out, source, &value);
        steps(&mut out, &trace.steps);
    }
    section(&mut out);
    for (trace, source) in explanation.rules.iter().zip(&sources.rules) {
        let value = match (&trace.value, &trace.error) {
            (_, Some(error)) => format!("error: {error}"),
            (Some(value), None) => compact(value),
            (None, None) => "(not reached)".into(),
        };
        row(&mut out, source, &value);
        steps(&mut out, &trace.steps);
    }
    out
}

fn outcome_words(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Mapped(_) => "mapped".into(),
        Outcome::Skipped => "skipped".into(),
        Outcome::Rejected(reason) => format!("rejected: {reason}"),
    }
}

fn row(out: &mut String, item: &str, value: &str) {
    let item = shorten(item, ITEM_WIDTH);
    let pad = ITEM_WIDTH + 2 - item.chars().count();
    out.push_str(&format!("{item}{}{value}\n", " ".repeat(pad)));
}

fn shorten(text: &str, width: usize) -> String {
    match text.char_indices().nth(width - 1) {
        Some((cut, _)) if text.chars().count() > width => format!("{}…", &text[..cut]),
        _ => text.to_string(),
    }
}

fn steps(out: &mut String, steps: &[Step]) {
    for step in steps {
        out.push_str("    ");
        out.push_str(&step_words(step));
        out.push('\n');
    }
}

fn step_words(step: &Step) -> String {
    match step {
        Step::Coalesce { left, fallback } => {
            if *fallback {
                format!("{left} is null → fallback")
            } else {
                format!("{left} has a value → used")
            }
        }
        Step::If {
            condition,
            holds,
            branch,
        } => format!("if {condition}: {holds} → {branch}"),
        Step::Match {
            subject,
            value,
            arm,
        } => match arm {
            Some(arm) => format!("match {subject} = {} → arm {arm}", compact(value)),
            None => format!(
                "match {subject} = {} → no arm matches: null",
                compact(value)
            ),
        },
        Step::Lookup { lookup, key, found } => lookup_words(lookup, key, *found),
        Step::Unique {
            candidates,
            numbered,
            chosen,
        } => unique_words(candidates, numbered, chosen.as_deref()),
    }
}

fn lookup_words(lookup: &str, key: &Json, found: bool) -> String {
    match (key, found) {
        (Json::Null, _) => format!("{lookup}: key is null → null"),
        (key, true) => format!("{lookup}: key {} found", compact(key)),
        (key, false) => format!("{lookup}: key {} not in the table → null", compact(key)),
    }
}

fn unique_words(candidates: &[Candidate], numbered: &[Candidate], chosen: Option<&str>) -> String {
    let described: Vec<String> = candidates.iter().map(candidate_words).collect();
    let mut text = format!("unique: {}", described.join(", "));
    if !numbered.is_empty() {
        let tried: Vec<String> = numbered.iter().map(candidate_words).collect();
        text.push_str(&format!("; numbered: {}", tried.join(", ")));
    }
    match chosen {
        Some(name) => text.push_str(&format!(" → {}", compact(&Json::from(name)))),
        None => text.push_str(" → null"),
    }
    text
}

fn candidate_words(candidate: &Candidate) -> String {
    let name = compact(&Json::from(candidate.name.as_str()));
    match (candidate.taken, candidate.holder) {
        (false, _) => format!("{name} free"),
        (true, Some(Holder::Existing)) => format!("{name} taken (existing user)"),
        (true, Some(Holder::Record(line))) => format!("{name} taken (record line {line})"),
        (true, Some(Holder::ThisRecord)) => format!("{name} taken (this record)"),
        (true, None) => format!("{name} taken"),
    }
}

fn compact(value: &Json) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn render_json(
    line: u64,
    path: &std::path::Path,
    explanation: &Explanation,
    sources: &Sources,
) -> String {
    let mut document = serde_json::to_value(explanation).unwrap_or(Json::Null);
    for (key, texts) in [
        ("filters", &sources.filters),
        ("lets", &sources.lets),
        ("rules", &sources.rules),
    ] {
        if let Some(items) = document.get_mut(key).and_then(Json::as_array_mut) {
            for (item, text) in items.iter_mut().zip(texts.iter()) {
                item["source"] = Json::from(text.as_str());
            }
        }
    }
    let (outcome, detail) = match &explanation.outcome {
        Outcome::Mapped(user) => ("mapped", json!({ "user": user })),
        Outcome::Skipped => ("skipped", json!({})),
        Outcome::Rejected(reason) => ("rejected", json!({ "reason": reason })),
    };
    let mut head = json!({
        "record": { "file": path.display().to_string(), "line": line },
        "outcome": outcome,
    });
    if let (Some(head), Some(detail), Some(body)) = (
        head.as_object_mut(),
        detail.as_object(),
        document.as_object(),
    ) {
        head.extend(detail.clone());
        head.extend(body.clone());
    }
    serde_json::to_string_pretty(&head).unwrap_or_default() + "\n"
}
