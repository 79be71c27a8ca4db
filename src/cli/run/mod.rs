//! `datamapper run`: maps input records to Plek users, with rejects and a summary.
//!
//! The run goes: load the mapping (check, compile) → read `--existing` → open every
//! input and output → map each record in input order → complete the output files →
//! print the summary. Anything that stops the run before its end leaves no output file
//! behind (they are written under temporary names and renamed when complete).

pub(in crate::cli) mod front;
mod process;
mod progress;
mod sinks;

use super::{EXIT_FAILED, EXIT_OK, EXIT_REJECTED, EXIT_USAGE};
use crate::input::{InputFormat, ReadOptions};
use crate::output::OutputFormat;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Inputs:
  NDJSON (.ndjson, .jsonl; also stdin by default): one JSON object per line; blank lines
  are skipped.
  JSON (.json): a top-level array is read one element at a time, so any size works; any
  other document is one record.
  --records-at POINTER takes the records from inside one JSON document, such as /value in
  a Microsoft Graph page; an array there is streamed too, and the rest of the document
  after it is not read.
  CSV (.csv): the header row names the fields and every cell is a string; an empty cell is
  \"\" (use blank() in the mapping). When the source schema declares a column int, float or
  bool, its cells are converted; an empty cell of a nullable non-string column is null, and
  a cell that does not convert stays a string, so the record is rejected with the field's
  type. A row with the wrong number of cells is rejected. Cells are separated by commas,
  or by semicolons or tabs when the header row holds more of those (as spreadsheets write).
  Any other file name is read as NDJSON; when such a file does not start with a JSON
  object, a warning names it and suggests --input-format.
  --max-depth LEVELS (1 to 128, default 128) limits how deep arrays and objects nest in a
  JSON record: the record object is level 1, so {\"a\": {\"b\": [1]}} is 3 deep. A deeper
  record is rejected before it is parsed, the same way in every JSON format. Records nest
  no deeper than 128 levels, so that no record can exhaust the stack. --existing is read
  with the default limits.

Records that are not valid JSON objects, do not fit the source schema, or fail a rule are
rejected with their line number and reason (to --rejects, or listed on stderr), and the run
goes on. A summary line on stderr counts the records read, mapped, skipped and rejected.

--now alone also sets today() to the date written in it (2026-03-01 for
2026-03-01T00:30:00+01:00). Without either, the clock is read once: today() is the local date.

Exit status: 0 every record was mapped or skipped; 3 some records were rejected (the output
for the others is complete); 1 the mapping has errors (printed as `check` prints them);
2 usage or I/O error.";

#[derive(Debug, Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct RunArgs {
    /// The mapping file (`.dmap`).
    #[arg(value_name = "MAPPING")]
    mapping: PathBuf,
    /// Input files, read in order; none or `-` reads stdin.
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
    /// Write the users to FILE instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = OutputFormatArg::Ndjson)]
    output_format: OutputFormatArg,
    /// Write rejected records to FILE as NDJSON: {"line", "reason", "record"}.
    #[arg(long, value_name = "FILE")]
    rejects: Option<PathBuf>,
    /// NDJSON of the users Plek already holds; `unique` avoids their userNames.
    #[arg(long, value_name = "FILE")]
    existing: Option<PathBuf>,
    /// The date today() gives, as YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// The time now() gives, as RFC 3339 (2026-11-28T09:00:00Z).
    #[arg(long, value_name = "TIME")]
    now: Option<String>,
    /// Write the counts to FILE as JSON: {"read", "mapped", "skipped", "rejected"}.
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,
    /// The largest record read: a longer NDJSON line or JSON record is rejected, a
    /// longer CSV row stops the run [default: 64 MiB].
    #[arg(long, value_name = "BYTES", default_value_t = crate::input::DEFAULT_RECORD_LIMIT, hide_default_value = true)]
    max_record_bytes: usize,
    /// Map on N threads, 1 to 256 [default: 1]. The output is the same for every N.
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_JOBS))]
    jobs: Option<u16>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(in crate::cli) enum InputFormatArg {
    Ndjson,
    Json,
    Csv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormatArg {
    Ndjson,
    Json,
}

/// Why a run stopped early: the exit status, and the message to print (if not
/// printed already).
#[derive(Debug)]
pub(crate) struct Failure {
    status: i32,
    message: Option<String>,
}

impl Failure {
    /// A usage or I/O error with its one-line message.
    pub(in crate::cli) fn usage(message: impl Into<String>) -> Failure {
        Failure {
            status: EXIT_USAGE,
            message: Some(message.into()),
        }
    }

    /// A stop that has nothing more to say (the reason is printed already, or stdout
    /// was closed by the reader).
    pub(in crate::cli) fn quiet(status: i32) -> Failure {
        Failure {
            status,
            message: None,
        }
    }
}

/// An I/O error in plain words, without the `(os error 2)` that people do not need.
pub(in crate::cli) fn plain(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.rfind(" (os error ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// A path quoted for messages: `"x.ndjson"`.
pub(in crate::cli) fn quoted(path: &std::path::Path) -> String {
    format!("{:?}", path.display().to_string())
}

pub fn run(args: RunArgs) -> i32 {
    exit_status(run_checked(&args))
}

/// The exit status of a command, printing the failure's message if it has one.
pub(in crate::cli) fn exit_status(result: Result<i32, Failure>) -> i32 {
    match result {
        Ok(status) => status,
        Err(failure) => {
            if let Some(message) = failure.message {
                use std::io::Write;
                let _ = writeln!(std::io::stderr(), "error: {message}");
            }
            failure.status
        }
    }
}

/// How to read the inputs: shared by `run`, `diff` and `schema infer`.
#[derive(Debug, Args)]
pub(in crate::cli) struct InputArgs {
    /// The input format [default: from the file extension; NDJSON for stdin and other
    /// names].
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Option<InputFormatArg>,
    /// Read the records at this JSON pointer inside one JSON document (`/value`).
    #[arg(long, value_name = "POINTER")]
    records_at: Option<String>,
    /// How deep arrays and objects may nest in a JSON record, from 1 to 128: the record
    /// object is level 1, so {"a": {"b": [1]}} is 3 deep. A deeper record is rejected
    /// [default: 128].
    #[arg(long, value_name = "LEVELS", default_value_t = crate::input::MAX_DEPTH,
          value_parser = crate::input::parse_max_depth, hide_default_value = true)]
    max_depth: usize,
}

impl InputArgs {
    /// `--records-at` must be a JSON pointer, and only JSON input has one.
    pub(in crate::cli) fn check(&self) -> Result<(), Failure> {
        if let Some(pointer) = &self.records_at {
            if !pointer.is_empty() && !pointer.starts_with('/') {
                return Err(Failure::usage(format!(
                    "--records-at {pointer:?} is not a JSON pointer: write it as /{pointer}"
                )));
            }
            if matches!(self.input_format, Some(format) if format != InputFormatArg::Json) {
                return Err(Failure::usage("--records-at needs JSON input"));
            }
        }
        Ok(())
    }

    /// How to read one input: the format asked for, else JSON with `--records-at`, else
    /// the one its name implies, else NDJSON.
    pub(in crate::cli) fn options(&self, path: Option<&std::path::Path>) -> ReadOptions {
        let format = InputFormatArg::choose(self.input_format, self.records_at.is_some(), path);
        let mut options = ReadOptions::new(format);
        options.records_at = self.records_at.clone();
        options.max_depth = self.max_depth;
        options
    }
}

impl InputFormatArg {
    /// The reader format for an input: the one asked for, else JSON with
    /// `--records-at`, else the one the file name implies, else NDJSON (with a warning
    /// when a file does not look like NDJSON).
    fn choose(
        asked: Option<InputFormatArg>,
        records_at: bool,
        path: Option<&std::path::Path>,
    ) -> InputFormat {
        match asked {
            Some(InputFormatArg::Ndjson) => InputFormat::Ndjson,
            Some(InputFormatArg::Json) => InputFormat::Json,
            Some(InputFormatArg::Csv) => InputFormat::Csv,
            None if records_at => InputFormat::Json,
            None => match path {
                Some(path) => {
                    InputFormat::from_extension(path).unwrap_or_else(|| front::unnamed_format(path))
                }
                None => InputFormat::Ndjson,
            },
        }
    }
}

fn run_checked(args: &RunArgs) -> Result<i32, Failure> {
    let clock = front::clock(args.today.as_deref(), args.now.as_deref())?;
    args.input.check()?;
    let mapping = front::load_mapping(&args.mapping)?;
    let mut context = crate::engine::RunContext::new(clock.today, clock.now);
    if let Some(path) = &args.existing {
        front::load_existing(path, &mut context)?;
    }
    let inputs =
        front::open_inputs_unparsed(&args.inputs, |path| input_options(args, path, &mapping))?;
    let mut sinks = sinks::Sinks::open(args, inputs.len() > 1)?;
    let jobs = jobs(args.jobs);
    let mapper = ProgramMapper {
        program: &mapping.program,
        drafting: (1..jobs).map(|_| mapping.compile_again()).collect(),
        context: &mut context,
    };
    let counts = process::run_inputs(inputs, mapper, &mut sinks)?;
    sinks.finish(&counts)?;
    if counts.read == 0 {
        // A sync fed an empty export would take it as "everyone left": say so loudly.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "warning: the input has no records; check the export before a sync uses this output"
        );
    }
    Ok(if counts.rejected > 0 {
        EXIT_REJECTED
    } else {
        EXIT_OK
    })
}

/// Maps with the compiled program: NDJSON lines through its fast path, which reads
/// only the fields the mapping uses; with more than one job, records are drafted on
/// several threads and finished in input order (see `engine::ahead`), so the output is
/// the same.
struct ProgramMapper<'a> {
    program: &'a crate::engine::Program,
    /// A program of its own for each thread that drafts besides this one: threads that
    /// share one contend for the reference counts of its constants and for its regexes'
    /// match caches.
    drafting: Vec<crate::engine::Program>,
    context: &'a mut crate::engine::RunContext,
}

impl ProgramMapper<'_> {
    fn drafting_program(&self, worker: usize) -> &crate::engine::Program {
        worker
            .checked_sub(1)
            .and_then(|index| self.drafting.get(index))
            .unwrap_or(self.program)
    }
}

/// A record mapped by `ProgramMapper` ahead of its turn.
enum Draft {
    Line(crate::engine::LineDraft),
    Record(crate::engine::RecordDraft),
}

impl process::Mapper for ProgramMapper<'_> {
    type Draft = Draft;
    type Lately = crate::engine::Lately;

    fn map_record(&mut self, record: &serde_json::Value) -> crate::engine::Outcome {
        self.program.map_record(record, self.context)
    }

    fn map_line(&mut self, text: &[u8], out: &mut Vec<u8>) -> crate::engine::LineOutcome {
        self.program.map_line(text, self.context, out)
    }

    fn jobs(&self) -> usize {
        self.drafting.len() + 1
    }

    fn draft_record(&self, worker: usize, order: u64, record: &serde_json::Value) -> Option<Draft> {
        let program = self.drafting_program(worker);
        Some(Draft::Record(program.draft_record(
            record,
            order,
            self.context,
        )))
    }

    fn draft_line(
        &self,
        worker: usize,
        order: u64,
        text: &[u8],
        out: &mut Vec<u8>,
    ) -> Option<Draft> {
        let program = self.drafting_program(worker);
        Some(Draft::Line(program.draft_line(
            text,
            order,
            self.context,
            out,
        )))
    }

    fn finish_record(
        &self,
        lately: &mut crate::engine::Lately,
        draft: Option<Draft>,
        record: &serde_json::Value,
    ) -> crate::engine::Outcome {
        match draft {
            Some(Draft::Record(draft)) => {
                self.program
                    .finish_record(draft, record, self.context, lately)
            }
            _ => self.program.map_record_lately(record, self.context, lately),
        }
    }

    fn finish_line(
        &self,
        lately: &mut crate::engine::Lately,
        draft: Option<Draft>,
        text: &[u8],
        out: &mut Vec<u8>,
    ) -> crate::engine::FinishedLine {
        match draft {
            Some(Draft::Line(draft)) => {
                self.program
                    .finish_line(draft, text, self.context, lately, out)
            }
            _ => crate::engine::FinishedLine {
                outcome: self
                    .program
                    .map_line_lately(text, self.context, lately, out),
                drafted_user: None,
            },
        }
    }

    fn settle(&mut self, lately: &mut crate::engine::Lately, unfinished: u64) {
        self.context.settle(lately, unfinished);
    }

    fn mapped_again(&self, lately: &crate::engine::Lately) -> u64 {
        lately.mapped_again()
    }
}

/// How many threads map records: one unless asked. More threads pay only when the
/// cores are free and few records share names (see docs/performance.md), and one
/// thread sends each user as soon as it is made.
fn jobs(asked: Option<u16>) -> usize {
    asked.map_or(1, usize::from)
}

/// More threads than this only wait: a batch has 32 chunks, and each thread compiles
/// a program of its own before the first record is read.
const MAX_JOBS: i64 = 256;

/// How to read one input: the format asked for, else the one its name implies.
fn input_options(
    args: &RunArgs,
    path: Option<&std::path::Path>,
    mapping: &front::LoadedMapping,
) -> ReadOptions {
    let mut options = args.input.options(path);
    options.source = mapping.source.clone();
    options.record_limit = args.max_record_bytes;
    options
}

impl OutputFormatArg {
    fn format(self) -> OutputFormat {
        match self {
            OutputFormatArg::Ndjson => OutputFormat::Ndjson,
            OutputFormatArg::Json => OutputFormat::Json,
        }
    }
}

/// The exit status when the mapping does not check.
const MAPPING_FAILED: i32 = EXIT_FAILED;
