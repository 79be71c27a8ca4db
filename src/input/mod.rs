//! Record readers for `run`: NDJSON, JSON (streamed arrays, `--records-at`) and CSV.
//!
//! A reader turns a byte stream into [`InputItem`]s, each with the line it started on.
//! Bad data never stops a reader: a line that is not JSON, a record that is not an
//! object, a CSV row with the wrong number of cells, each becomes a [`BadRecord`] with a
//! reason and the raw text, and reading goes on. Only I/O errors (and a `--records-at`
//! pointer that does not lead anywhere) end a read with `Err`.

mod csv;
mod depth;
mod json;
mod ndjson;
mod scan;

use crate::schema::ObjectType;
use std::io::{self, Read};
use std::sync::Arc;

pub use self::csv::CsvReader;
pub use self::depth::{parse_max_depth, MAX_DEPTH};
pub use self::json::JsonReader;
pub use self::ndjson::{parse_line, NdjsonLine, NdjsonReader};

/// How long the raw text of a bad record may be in a reject before it is cut.
pub const RAW_TEXT_LIMIT: usize = 10_000;

/// The largest record (one NDJSON line, one JSON array element, one document) read into
/// memory; a bigger one is rejected without being held whole.
pub const DEFAULT_RECORD_LIMIT: usize = 64 * 1024 * 1024;

/// The format of an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// One JSON object per line.
    Ndjson,
    /// One JSON document: an array of records (streamed) or one object.
    Json,
    /// A header row of field names, then one record per row.
    Csv,
}

impl InputFormat {
    /// The format a file name implies: `.ndjson`/`.jsonl`, `.json`, `.csv`.
    pub fn from_extension(path: &std::path::Path) -> Option<InputFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "ndjson" | "jsonl" => Some(InputFormat::Ndjson),
            "json" => Some(InputFormat::Json),
            "csv" => Some(InputFormat::Csv),
            _ => None,
        }
    }
}

/// One record read from an input, or the reason it could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct InputItem {
    /// The 1-based line the record starts on.
    pub line: u64,
    pub record: Result<serde_json::Value, BadRecord>,
}

/// A record that could not be read as a JSON object.
#[derive(Clone, Debug, PartialEq)]
pub struct BadRecord {
    /// Why, in words: `invalid JSON: EOF while parsing a string at column 12`.
    pub reason: String,
    /// The text as read (invalid UTF-8 replaced), cut to [`RAW_TEXT_LIMIT`] characters.
    pub raw: String,
}

/// What a reader needs beyond the bytes.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    pub format: InputFormat,
    /// `--records-at`: a JSON pointer to the records inside one JSON document.
    pub records_at: Option<String>,
    /// The declared source record type, so CSV cells can be converted to it.
    pub source: Option<Arc<ObjectType>>,
    /// See [`DEFAULT_RECORD_LIMIT`].
    pub record_limit: usize,
    /// How deep arrays and objects may nest in a record, the record object being level
    /// 1; a deeper record is rejected. At most (and by default) [`MAX_DEPTH`].
    pub max_depth: usize,
}

impl ReadOptions {
    pub fn new(format: InputFormat) -> ReadOptions {
        ReadOptions {
            format,
            records_at: None,
            source: None,
            record_limit: DEFAULT_RECORD_LIMIT,
            max_depth: MAX_DEPTH,
        }
    }
}

/// A reader of records of any format.
pub type RecordReader<'a> = Box<dyn Iterator<Item = io::Result<InputItem>> + 'a>;

/// Opens a record reader over `input`.
pub fn read_records<'a>(input: Box<dyn Read + 'a>, options: &ReadOptions) -> RecordReader<'a> {
    match options.format {
        InputFormat::Ndjson => Box::new(
            NdjsonReader::new(input, options.record_limit).with_max_depth(options.max_depth),
        ),
        InputFormat::Json => Box::new(
            JsonReader::new(input, options.records_at.clone(), options.record_limit)
                .with_max_depth(options.max_depth),
        ),
        InputFormat::Csv => Box::new(
            CsvReader::new(input, options.source.clone()).with_record_limit(options.record_limit),
        ),
    }
}

/// Parses one record from its bytes: it must nest no deeper than `max_depth` (at most
/// [`MAX_DEPTH`]), be UTF-8, valid JSON, and an object. `position` turns a serde_json
/// error position (line, column within `bytes`) into words such as `at column 12`.
pub(crate) fn parse_record(
    bytes: &[u8],
    max_depth: usize,
    position: impl Fn(usize, usize) -> String,
) -> Result<serde_json::Value, BadRecord> {
    if let Some(bad) = depth::too_deep(bytes, max_depth) {
        return Err(bad);
    }
    parse_record_within_depth(bytes, position)
}

/// `parse_record` for bytes whose depth was checked already, against at most
/// [`MAX_DEPTH`]: the parse does not limit its own recursion.
pub(crate) fn parse_record_within_depth(
    bytes: &[u8],
    position: impl Fn(usize, usize) -> String,
) -> Result<serde_json::Value, BadRecord> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let reason = format!(
                "invalid UTF-8 at byte {} of the record",
                error.valid_up_to() + 1
            );
            return Err(bad_record(reason, bytes));
        }
    };
    match parse_within_depth(text) {
        Ok(value @ serde_json::Value::Object(_)) => Ok(value),
        Ok(other) => Err(bad_record(
            format!("a record must be a JSON object, got {}", describe(&other)),
            bytes,
        )),
        Err(error) => {
            let message = json_error_message(&error);
            let reason = format!(
                "invalid JSON: {message} {}",
                position(error.line(), error.column())
            );
            Err(bad_record(reason, bytes))
        }
    }
}

/// Parses JSON text whose depth was checked against [`MAX_DEPTH`]: serde_json's own
/// fixed limit stops one level short of it.
fn parse_within_depth(text: &str) -> serde_json::Result<serde_json::Value> {
    use serde::Deserialize;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserializer.disable_recursion_limit();
    let value = serde_json::Value::deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// serde_json's message without its own ` at line L column C`, which counts within the
/// record rather than the file.
pub(crate) fn json_error_message(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_string()
}

/// A bad record with its raw text cut to size.
pub(crate) fn bad_record(reason: String, bytes: &[u8]) -> BadRecord {
    BadRecord {
        reason,
        raw: raw_text(bytes, 0),
    }
}

/// The raw text of a record for a reject: lossy UTF-8, cut to [`RAW_TEXT_LIMIT`]
/// characters with a marker saying how much was left out. `dropped` counts bytes that
/// were never held in memory.
pub(crate) fn raw_text(bytes: &[u8], dropped: u64) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut cut_at = None;
    for (count, (offset, _)) in text.char_indices().enumerate() {
        if count == RAW_TEXT_LIMIT {
            cut_at = Some(offset);
            break;
        }
    }
    match cut_at {
        None if dropped == 0 => text.into_owned(),
        None => format!("{text}… [cut: {dropped} more bytes]"),
        Some(offset) => {
            let left_out = (text.len() - offset) as u64 + dropped;
            format!("{}… [cut: {left_out} more bytes]", &text[..offset])
        }
    }
}

/// A JSON value's kind in words, for messages.
pub(crate) fn describe(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The reject for a record bigger than the limit.
pub(crate) fn too_large(held: &[u8], dropped: u64, limit: usize) -> BadRecord {
    let size = held.len() as u64 + dropped;
    BadRecord {
        reason: format!("the record is too large ({size} bytes; the limit is {limit} bytes)"),
        raw: raw_text(held, dropped),
    }
}

#[cfg(test)]
mod tests;
