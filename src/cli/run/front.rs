//! The front of a run: the clock, the mapping (checked and compiled), the existing
//! users, and the inputs, all settled before the first record is read.

use super::{plain, quoted, Failure, MAPPING_FAILED};
use crate::check::check_file;
use crate::engine::{Program, RunContext};
use crate::input::{read_records, InputFormat, NdjsonReader, ReadOptions, RecordReader};
use crate::schema::ObjectType;
use crate::source::SourceFile;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// `today()` and `now()` for the whole run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(in crate::cli) struct Clock {
    pub today: jiff::civil::Date,
    pub now: jiff::Timestamp,
}

/// The clock from `--today` and `--now`; the real clock, read once, for what is not
/// given. `--now` alone also sets today to the date written in it.
pub(in crate::cli) fn clock(today: Option<&str>, now: Option<&str>) -> Result<Clock, Failure> {
    let parsed_today = today
        .map(|text| {
            text.parse::<jiff::civil::Date>().map_err(|_| {
                Failure::usage(format!(
                    "--today {text:?} is not a date: write it as YYYY-MM-DD"
                ))
            })
        })
        .transpose()?;
    let parsed_now = now
        .map(|text| {
            let timestamp = text.parse::<jiff::Timestamp>().map_err(|_| {
                Failure::usage(format!(
                    "--now {text:?} is not a time: write it in RFC 3339, such as 2026-11-28T09:00:00Z"
                ))
            })?;
            // RFC 3339 starts with the date as written, in the offset the user chose.
            let written_date = text
                .get(..10)
                .and_then(|date| date.parse::<jiff::civil::Date>().ok());
            Ok((timestamp, written_date))
        })
        .transpose()?;
    let real = jiff::Zoned::now();
    let now = parsed_now.map_or(real.timestamp(), |(timestamp, _)| timestamp);
    let today = parsed_today
        .or(parsed_now.and_then(|(_, date)| date))
        .or_else(|| {
            parsed_now.map(|(timestamp, _)| timestamp.to_zoned(jiff::tz::TimeZone::UTC).date())
        })
        .unwrap_or(real.date());
    Ok(Clock { today, now })
}

/// A mapping ready to run, with its declared source type for readers that convert.
pub(in crate::cli) struct LoadedMapping {
    pub program: Program,
    pub source: Option<Arc<ObjectType>>,
    checked: crate::check::CheckedMapping,
    file: SourceFile,
}

impl LoadedMapping {
    /// Another program compiled from the same mapping, sharing nothing with the first
    /// that running it would change: one for each drafting thread.
    pub fn compile_again(&self) -> Program {
        crate::compile::compile(&self.checked, &self.file)
    }
}

/// Reads, checks and compiles the mapping. Diagnostics are printed as `check` prints
/// them; a mapping with errors stops the run with exit status 1.
pub(in crate::cli) fn load_mapping(path: &Path) -> Result<LoadedMapping, Failure> {
    let file = SourceFile::read(path).map_err(|error| {
        Failure::usage(format!("cannot read {}: {}", quoted(path), plain(&error)))
    })?;
    let result = check_file(&file);
    if !result.diagnostics.is_empty() {
        let style = crate::cli::check::human_style();
        let report = crate::cli::check::render_for_terminal(&file, &result.diagnostics, style);
        use std::io::Write;
        let _ = std::io::stderr().write_all(report.as_bytes());
    }
    let Some(mapping) = result.mapping else {
        return Err(Failure::quiet(MAPPING_FAILED));
    };
    Ok(LoadedMapping {
        program: crate::compile::compile(&mapping, &file),
        source: mapping.source.clone(),
        checked: mapping,
        file,
    })
}

/// Reads the userNames of the users Plek already holds (NDJSON) into `context`.
pub(in crate::cli) fn load_existing(path: &Path, context: &mut RunContext) -> Result<(), Failure> {
    let cannot = |detail: String| {
        Failure::usage(format!(
            "cannot read existing users from {}: {detail}",
            quoted(path)
        ))
    };
    let file = std::fs::File::open(path).map_err(|error| cannot(plain(&error)))?;
    let input: Box<dyn Read> = Box::new(file);
    for item in read_records(input, &ReadOptions::new(InputFormat::Ndjson)) {
        let item = item.map_err(|error| cannot(plain(&error)))?;
        let line = item.line;
        let record = item
            .record
            .map_err(|bad| cannot(format!("line {line}: {}", bad.reason)))?;
        let Some(user_name) = record.get("userName").and_then(|name| name.as_str()) else {
            return Err(cannot(format!(
                "line {line}: the user has no \"userName\" string"
            )));
        };
        context.add_existing_user_name(user_name);
    }
    Ok(())
}

/// How many bytes from the start of a file are looked at to tell whether it is NDJSON.
const SNIFF_BYTES: u64 = 4096;

/// The format for a file whose name does not say one: NDJSON. When the file does not
/// start with a JSON object, so its first record would be rejected as not JSON, one
/// warning says so and how to choose the format. Only regular files are looked into: a
/// pipe's bytes can be read once only.
pub(in crate::cli) fn unnamed_format(path: &Path) -> InputFormat {
    if let Some(first) = first_byte(path) {
        if first != b'{' {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "warning: {} is read as NDJSON (its name does not end in .ndjson, .jsonl, \
                 .json or .csv), but it does not start with a JSON object: give \
                 --input-format csv|json|ndjson",
                quoted(path)
            );
        }
    }
    InputFormat::Ndjson
}

/// The first byte of a regular file after white space and a byte order mark, if it is
/// near the start.
fn first_byte(path: &Path) -> Option<u8> {
    let file = std::fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut start = Vec::new();
    file.take(SNIFF_BYTES).read_to_end(&mut start).ok()?;
    let start = start.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&start);
    start
        .iter()
        .copied()
        .find(|byte| !byte.is_ascii_whitespace())
}

/// One input, opened, with how to read it.
pub(in crate::cli) struct Input {
    /// The name for messages and rejects: the path as given, or `<stdin>`.
    pub name: String,
    /// The name in messages: `"x.ndjson"` or `stdin`.
    pub label: String,
    pub records: RecordReader<'static>,
    /// For NDJSON opened with `open_inputs_unparsed`: the lines, unparsed, in place of
    /// `records` (then empty), for a program that reads only part of each record.
    pub lines: Option<NdjsonReader<Box<dyn Read>>>,
    /// The size in bytes, when known, for the progress bar.
    pub size: Option<u64>,
    /// Bytes read so far, for the progress bar.
    pub bytes_read: progress_counter::Shared,
}

pub(super) use super::progress::counter as progress_counter;

/// Opens every input before reading any, so a missing file stops the run before any
/// output is written. No paths (or `-`) means stdin.
pub(in crate::cli) fn open_inputs(
    paths: &[std::path::PathBuf],
    options: impl FnMut(Option<&Path>) -> ReadOptions,
) -> Result<Vec<Input>, Failure> {
    open_inputs_with(paths, options, false)
}

/// `open_inputs`, with NDJSON inputs as unparsed lines (`Input::lines`).
pub(in crate::cli) fn open_inputs_unparsed(
    paths: &[std::path::PathBuf],
    options: impl FnMut(Option<&Path>) -> ReadOptions,
) -> Result<Vec<Input>, Failure> {
    open_inputs_with(paths, options, true)
}

fn open_inputs_with(
    paths: &[std::path::PathBuf],
    mut options: impl FnMut(Option<&Path>) -> ReadOptions,
    unparsed_ndjson: bool,
) -> Result<Vec<Input>, Failure> {
    let stdin_only = [std::path::PathBuf::from("-")];
    let paths = if paths.is_empty() {
        &stdin_only[..]
    } else {
        paths
    };
    let mut inputs = Vec::with_capacity(paths.len());
    for path in paths {
        let counter = progress_counter::Shared::default();
        let (name, label, reader, size, options): (String, String, Box<dyn Read>, _, _) =
            if path.as_os_str() == "-" {
                let stdin = std::io::stdin();
                (
                    "<stdin>".into(),
                    "stdin".into(),
                    Box::new(stdin),
                    None,
                    options(None),
                )
            } else {
                let file = std::fs::File::open(path).map_err(|error| {
                    Failure::usage(format!("cannot read {}: {}", quoted(path), plain(&error)))
                })?;
                let size = file.metadata().ok().map(|metadata| metadata.len());
                (
                    path.display().to_string(),
                    quoted(path),
                    Box::new(file),
                    size,
                    options(Some(path)),
                )
            };
        let counted: Box<dyn Read> = Box::new(progress_counter::CountingReader::new(
            reader,
            counter.clone(),
        ));
        let (records, lines) = if unparsed_ndjson && options.format == InputFormat::Ndjson {
            let lines =
                NdjsonReader::new(counted, options.record_limit).with_max_depth(options.max_depth);
            (
                Box::new(std::iter::empty()) as RecordReader<'static>,
                Some(lines),
            )
        } else {
            (read_records(counted, &options), None)
        };
        inputs.push(Input {
            name,
            label,
            records,
            lines,
            size,
            bytes_read: counter,
        });
    }
    Ok(inputs)
}
