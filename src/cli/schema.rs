//! `datamapper schema infer`: a JSON Schema from sample records, to start a mapping with.

use super::run::front::open_inputs;
use super::run::{exit_status, plain, quoted, Failure, InputArgs};
use crate::schema::infer::Inferred;
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct SchemaArgs {
    #[command(subcommand)]
    command: SchemaCommand,
}

#[derive(Debug, Subcommand)]
enum SchemaCommand {
    /// Infer the JSON Schema of one record from sample records (NDJSON, JSON or CSV).
    ///
    /// A field present in every record is `required`; text gets `format: date`,
    /// `date-time` or `email` only when every value fits; text with at most 10 distinct,
    /// repeated, non-empty values becomes an `enum`. A mapping written against the
    /// result checks clean on the same sample.
    Infer(InferArgs),
}

#[derive(Debug, Args)]
struct InferArgs {
    /// Sample files; none or `-` reads stdin (NDJSON).
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
    /// Write the schema to this file instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The schema's title.
    #[arg(long, default_value = "One HR record")]
    title: String,
}

pub fn run(args: SchemaArgs) -> i32 {
    match args.command {
        SchemaCommand::Infer(args) => exit_status(infer(&args)),
    }
}

fn infer(args: &InferArgs) -> Result<i32, Failure> {
    args.input.check()?;
    let inputs = open_inputs(&args.inputs, |path| args.input.options(path))?;
    let mut inferred = Inferred::default();
    let mut unreadable = Vec::new();
    for input in inputs {
        for item in input.records {
            let item = item.map_err(|error| {
                Failure::usage(format!("cannot read {}: {}", input.label, plain(&error)))
            })?;
            match item.record {
                Ok(record) => inferred.add(&record),
                Err(bad) => {
                    unreadable.push(format!("{}:{}: {}", input.name, item.line, bad.reason))
                }
            }
        }
    }
    report_unreadable(&unreadable);
    if inferred.count() == 0 {
        return Err(Failure::usage(
            "the samples hold no record that could be read, so there is no schema to infer"
                .to_string(),
        ));
    }
    let schema = inferred.to_schema(&args.title);
    let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
    match &args.output {
        None => {
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(text.as_bytes()).is_err() {
                return Err(Failure::quiet(super::EXIT_USAGE));
            }
        }
        Some(path) => {
            let mut file = crate::output::AtomicFile::create(path).map_err(|error| {
                Failure::usage(format!("cannot write {}: {}", quoted(path), plain(&error)))
            })?;
            file.write_all(text.as_bytes())
                .and_then(|()| file.commit())
                .map_err(|error| {
                    Failure::usage(format!("cannot write {}: {}", quoted(path), plain(&error)))
                })?;
        }
    }
    Ok(super::EXIT_OK)
}

/// Records that are not JSON objects are left out of the sample, and said so.
fn report_unreadable(unreadable: &[String]) {
    if unreadable.is_empty() {
        return;
    }
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(
        stderr,
        "warning: {} left out of the schema:",
        if unreadable.len() == 1 {
            "1 record could not be read and is".to_string()
        } else {
            format!("{} records could not be read and are", unreadable.len())
        }
    );
    for line in unreadable.iter().take(10) {
        let _ = writeln!(stderr, "  {line}");
    }
    if unreadable.len() > 10 {
        let _ = writeln!(stderr, "  ... and {} more", unreadable.len() - 10);
    }
}
