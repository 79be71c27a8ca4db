//! The CSV reader: the header row names the fields, each row is one record.
//!
//! Every cell is a string; an empty cell is `""` (mappings use `blank()` for it). When
//! the mapping declares its source, cells of `int`, `float` and `bool` fields are
//! converted to those types, and an empty cell of a nullable non-string field becomes
//! `null`. A cell that does not convert stays a string, so the engine rejects the
//! record with its usual message about the field's type.

use super::{BadRecord, InputItem};
use crate::schema::{ObjectType, Shape};
use csv::{ByteRecord, ReaderBuilder};
use serde_json::{Map, Value};
use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;

/// The cell separator, read from the header row: a comma, or the semicolon (which
/// spreadsheets write where the comma is the decimal sign) or tab when the header row has
/// more of those than commas.
fn delimiter_of(start: &[u8]) -> u8 {
    let header = start.split(|&byte| byte == b'\n').next().unwrap_or(start);
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &byte in header {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (separator, count) in counts.iter_mut() {
                if byte == *separator {
                    *count += 1;
                }
            }
        }
    }
    let [(_, commas), others @ ..] = counts;
    others
        .into_iter()
        .filter(|&(_, count)| count > commas)
        .max_by_key(|&(_, count)| count)
        .map_or(b',', |(separator, _)| separator)
}

/// Reads records from CSV with a header row.
pub struct CsvReader<R> {
    reader: csv::Reader<LineCounter<BufReader<R>>>,
    source: Option<Arc<ObjectType>>,
    columns: Option<Vec<Column>>,
    row: ByteRecord,
    done: bool,
    /// The line of the last byte of the row before (0 before the header).
    previous_end_line: u64,
    /// The cell separator, for writing a bad row back as it was.
    delimiter: u8,
}

/// A header column and how its cells are converted.
struct Column {
    name: String,
    kind: CellKind,
    /// Whether an empty cell means `null`.
    empty_is_null: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CellKind {
    Text,
    Int,
    Float,
    Bool,
}

impl<R: Read> CsvReader<R> {
    /// `source` is the declared record type, if any, for converting cells.
    pub fn new(input: R, source: Option<Arc<ObjectType>>) -> CsvReader<R> {
        let mut input = BufReader::with_capacity(64 * 1024, input);
        // A read error here comes back on the first real read, so it is not lost.
        let delimiter = input.fill_buf().map_or(b',', delimiter_of);
        CsvReader {
            reader: ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(LineCounter::new(input)),
            source,
            columns: None,
            row: ByteRecord::new(),
            done: false,
            previous_end_line: 0,
            delimiter,
        }
    }

    /// Stops the read with an error when one row grows past `limit` bytes: a quote left
    /// open makes the rest of the file one cell, and it must not fill the memory.
    pub fn with_record_limit(mut self, limit: usize) -> CsvReader<R> {
        self.reader.get_mut().row_limit = u64::try_from(limit).unwrap_or(u64::MAX);
        self
    }

    /// Reads the next row; `false` at the end of the input.
    fn read_row(&mut self) -> io::Result<bool> {
        let read = self
            .reader
            .read_byte_record(&mut self.row)
            .map_err(|error| match error.into_kind() {
                csv::ErrorKind::Io(error) => error,
                other => io::Error::new(io::ErrorKind::InvalidData, format!("{other:?}")),
            });
        let end = self.reader.position().byte();
        self.reader.get_mut().row_start = end;
        read
    }

    fn read_header(&mut self) -> io::Result<bool> {
        if !self.read_row()? {
            return Ok(false);
        }
        self.end_line();
        let mut columns: Vec<Column> = Vec::with_capacity(self.row.len());
        for cell in self.row.iter() {
            let name = String::from_utf8_lossy(cell)
                .trim_start_matches('\u{feff}')
                .to_string();
            if columns.iter().any(|column| column.name == name) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("column {name:?} appears twice in the header row"),
                ));
            }
            columns.push(self.column(name));
        }
        self.columns = Some(columns);
        Ok(true)
    }

    fn column(&self, name: String) -> Column {
        let declared = self.source.as_ref().and_then(|source| source.field(&name));
        let Some(field) = declared else {
            return Column {
                name,
                kind: CellKind::Text,
                empty_is_null: false,
            };
        };
        let kind = match field.ty.shape {
            Shape::Int => CellKind::Int,
            Shape::Float => CellKind::Float,
            Shape::Bool => CellKind::Bool,
            _ => CellKind::Text,
        };
        let text_like = matches!(field.ty.shape, Shape::String | Shape::Any);
        Column {
            name,
            kind,
            empty_is_null: field.ty.nullable && !text_like,
        }
    }

    fn record(&self, columns: &[Column]) -> Result<Value, BadRecord> {
        if self.row.len() != columns.len() {
            return Err(BadRecord {
                reason: format!(
                    "the row has {} cells but the header row has {} columns",
                    self.row.len(),
                    columns.len()
                ),
                raw: self.raw_row(),
            });
        }
        let mut record = Map::with_capacity(columns.len());
        for (column, cell) in columns.iter().zip(self.row.iter()) {
            let Ok(text) = std::str::from_utf8(cell) else {
                return Err(BadRecord {
                    reason: format!("invalid UTF-8 in column {:?}", column.name),
                    raw: self.raw_row(),
                });
            };
            record.insert(column.name.clone(), convert(text, column));
        }
        Ok(Value::Object(record))
    }

    /// The row written back as CSV, for the rejects output.
    fn raw_row(&self) -> String {
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .delimiter(self.delimiter)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let bytes = match writer.write_byte_record(&self.row) {
            Ok(()) => writer.into_inner().unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        let text = super::raw_text(&bytes, 0);
        text.strip_suffix('\n').map(str::to_string).unwrap_or(text)
    }
}

fn convert(text: &str, column: &Column) -> Value {
    if text.is_empty() && column.empty_is_null {
        return Value::Null;
    }
    let trimmed = text.trim();
    let converted = match column.kind {
        CellKind::Text => None,
        CellKind::Int => trimmed.parse::<i64>().ok().map(Value::from),
        CellKind::Float => trimmed
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        CellKind::Bool => match trimmed.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
    };
    converted.unwrap_or_else(|| Value::String(text.to_string()))
}

impl<R: Read> Iterator for CsvReader<R> {
    type Item = io::Result<InputItem>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let result = self.next_item();
        if !matches!(result, Ok(Some(_))) {
            self.done = true;
        }
        result.transpose()
    }
}

impl<R: Read> CsvReader<R> {
    /// The line the row just read starts on. The csv crate's own line numbers do not
    /// count the blank lines it skips, so the line is worked out from where the row
    /// ends: the line of its last byte, less the line breaks inside its cells. A row
    /// always starts below the one before, which settles the one case that count gets
    /// wrong: a quote left open at the end of the input, whose last byte is a line
    /// break inside the cell rather than the row's own.
    fn row_line(&mut self) -> u64 {
        let breaks_inside: u64 = self
            .row
            .iter()
            .map(|cell| cell.iter().filter(|&&byte| byte == b'\n').count() as u64)
            .sum();
        let previous_end_line = self.previous_end_line;
        let end_line = self.end_line();
        end_line
            .saturating_sub(breaks_inside)
            .max(previous_end_line + 1)
    }

    /// The line of the last byte read, remembered for the next row.
    fn end_line(&mut self) -> u64 {
        let end = self.reader.position().byte();
        let end_line = self.reader.get_mut().line_of(end.saturating_sub(1));
        self.previous_end_line = end_line;
        end_line
    }

    fn next_item(&mut self) -> io::Result<Option<InputItem>> {
        if self.columns.is_none() && !self.read_header()? {
            return Ok(None);
        }
        if !self.read_row()? {
            return Ok(None);
        }
        let line = self.row_line();
        let columns = self.columns.as_deref().unwrap_or_default();
        Ok(Some(InputItem {
            line,
            record: self.record(columns),
        }))
    }
}

/// Passes bytes through and remembers where the line breaks are, so that the line of
/// a byte offset can be found. Offsets are asked for in increasing order, so only the
/// line breaks not yet passed are kept.
struct LineCounter<R> {
    inner: R,
    offset: u64,
    /// Where the row being read starts, and how far past it reading may go.
    row_start: u64,
    row_limit: u64,
    breaks: std::collections::VecDeque<u64>,
    breaks_passed: u64,
}

impl<R> LineCounter<R> {
    fn new(inner: R) -> LineCounter<R> {
        LineCounter {
            inner,
            offset: 0,
            row_start: 0,
            row_limit: u64::MAX,
            breaks: Default::default(),
            breaks_passed: 0,
        }
    }

    /// The 1-based line of the byte at `offset`.
    fn line_of(&mut self, offset: u64) -> u64 {
        while self.breaks.front().is_some_and(|&at| at < offset) {
            self.breaks.pop_front();
            self.breaks_passed += 1;
        }
        self.breaks_passed + 1
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        if self.offset.saturating_sub(self.row_start) > self.row_limit {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "a CSV row is longer than {} bytes (is a quote left open?)",
                    self.row_limit
                ),
            ));
        }
        let count = self.inner.read(buffer)?;
        for (index, &byte) in buffer[..count].iter().enumerate() {
            if byte == b'\n' {
                self.breaks.push_back(self.offset + index as u64);
            }
        }
        self.offset += count as u64;
        Ok(count)
    }
}
