//! `datamapper diff OLD NEW INPUT...`: what a mapping change does to the users, before it
//! ships.

use super::run::front::{clock, load_existing, load_mapping, open_inputs};
use super::run::{exit_status, plain, Failure, InputArgs};
use crate::diff::Comparison;
use crate::engine::{Outcome, RunContext};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The mapping as it is, kept beside the new one so its paths resolve the same way
    /// (`git show HEAD~1:rules/acme/acme.dmap > rules/acme/acme.dmap.old`).
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The mapping as changed.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// Input records, as for `run`; none or `-` reads stdin (NDJSON).
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
    /// NDJSON of the users Plek already holds, for `unique`.
    #[arg(long, value_name = "FILE")]
    existing: Option<PathBuf>,
    /// Fix `today()` (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// Fix `now()` (RFC 3339).
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A summary per attribute with examples, for people and pull requests.
    Human,
    /// The same as one JSON document, for tools.
    Json,
}

pub fn run(args: DiffArgs) -> i32 {
    exit_status(compare(&args))
}

fn compare(args: &DiffArgs) -> Result<i32, Failure> {
    args.input.check()?;
    let clock = clock(args.today.as_deref(), args.now.as_deref())?;
    let old = load_mapping(&args.old)?;
    let new = load_mapping(&args.new)?;
    // Each mapping gets its own run, as it would in production: `unique` sees only the
    // names that mapping handed out.
    let mut old_context = RunContext::new(clock.today, clock.now);
    let mut new_context = RunContext::new(clock.today, clock.now);
    if let Some(path) = &args.existing {
        load_existing(path, &mut old_context)?;
        load_existing(path, &mut new_context)?;
    }
    let inputs = open_inputs(&args.inputs, |path| {
        let mut options = args.input.options(path);
        options.source = new.source.clone();
        options
    })?;
    let mut comparison = Comparison::default();
    for input in inputs {
        for item in input.records {
            let item = item.map_err(|error| {
                Failure::usage(format!("cannot read {}: {}", input.label, plain(&error)))
            })?;
            let (before, after) = match &item.record {
                Ok(record) => (
                    old.program.map_record(record, &mut old_context),
                    new.program.map_record(record, &mut new_context),
                ),
                Err(bad) => (
                    Outcome::Rejected(bad.reason.clone()),
                    Outcome::Rejected(bad.reason.clone()),
                ),
            };
            comparison.add(item.line, &before, &after);
        }
    }
    let text = match args.format {
        Format::Human => comparison.to_human(),
        Format::Json => {
            serde_json::to_string_pretty(&comparison.to_json()).unwrap_or_default() + "\n"
        }
    };
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(text.as_bytes()).is_err() {
        return Err(Failure::quiet(super::EXIT_USAGE));
    }
    Ok(super::EXIT_OK)
}
