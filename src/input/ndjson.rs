//! The NDJSON reader: one record per line; blank lines are not records.

use super::depth::too_deep;
use super::{parse_record, parse_record_within_depth, too_large, BadRecord, InputItem, MAX_DEPTH};
use std::io::{self, BufRead, BufReader, Read};

/// Reads one JSON object per line. A line longer than the limit is rejected without
/// being held whole; a line that nests deeper than the depth limit, before it is parsed.
pub struct NdjsonReader<R> {
    input: BufReader<R>,
    limit: usize,
    max_depth: usize,
    /// The number of the line read last.
    line: u64,
    line_bytes: Vec<u8>,
    done: bool,
}

impl<R: Read> NdjsonReader<R> {
    pub fn new(input: R, limit: usize) -> NdjsonReader<R> {
        NdjsonReader {
            input: BufReader::with_capacity(64 * 1024, input),
            limit,
            max_depth: MAX_DEPTH,
            line: 0,
            line_bytes: Vec::new(),
            done: false,
        }
    }

    /// Rejects records that nest deeper than `max_depth` levels (the record object is
    /// level 1; at most [`MAX_DEPTH`], which is the default).
    pub fn with_max_depth(mut self, max_depth: usize) -> NdjsonReader<R> {
        self.max_depth = max_depth.min(MAX_DEPTH);
        self
    }

    /// Reads the next physical line into `line_bytes` (without its line break), and
    /// returns how many bytes of it did not fit; `None` at the end of the input.
    fn read_line(&mut self) -> io::Result<Option<u64>> {
        self.line_bytes.clear();
        let mut dropped = 0u64;
        let mut read_any = false;
        loop {
            let buffer = match self.input.fill_buf() {
                Ok(buffer) => buffer,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if buffer.is_empty() {
                break;
            }
            read_any = true;
            let (chunk, found_end) = match memchr::memchr(b'\n', buffer) {
                Some(end) => (&buffer[..end], true),
                None => (buffer, false),
            };
            let room = self.limit.saturating_sub(self.line_bytes.len());
            let kept = chunk.len().min(room);
            self.line_bytes.extend_from_slice(&chunk[..kept]);
            dropped += (chunk.len() - kept) as u64;
            let consumed = chunk.len() + usize::from(found_end);
            self.input.consume(consumed);
            if found_end {
                break;
            }
        }
        if !read_any {
            return Ok(None);
        }
        if dropped == 0 && self.line_bytes.last() == Some(&b'\r') {
            self.line_bytes.pop();
        }
        Ok(Some(dropped))
    }
}

/// One line that holds a record, before it is parsed.
pub struct NdjsonLine<'a> {
    /// Its line number in the input.
    pub line: u64,
    /// Its text without the line break, or why it cannot be a record (too long, or
    /// nested too deep).
    pub text: Result<&'a [u8], BadRecord>,
}

impl<R: Read> NdjsonReader<R> {
    /// The next line that is not blank, unparsed: for a caller that reads only part of
    /// each record. [`parse_line`] turns it into what the iterator gives.
    pub fn next_line(&mut self) -> Option<io::Result<NdjsonLine<'_>>> {
        while !self.done {
            let dropped = match self.read_line() {
                Ok(Some(dropped)) => dropped,
                Ok(None) => break,
                Err(error) => {
                    self.done = true;
                    return Some(Err(error));
                }
            };
            self.line += 1;
            let line = self.line;
            if dropped > 0 {
                let text = Err(too_large(&self.line_bytes, dropped, self.limit));
                return Some(Ok(NdjsonLine { line, text }));
            }
            if line == 1 && self.line_bytes.starts_with(BYTE_ORDER_MARK) {
                self.line_bytes.drain(..BYTE_ORDER_MARK.len());
            }
            if self.line_bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // Checked here, before the line is parsed whichever way, so that every way of
            // mapping it gives the same reject.
            let text = match too_deep(&self.line_bytes, self.max_depth) {
                Some(bad) => Err(bad),
                None => Ok(&self.line_bytes[..]),
            };
            return Some(Ok(NdjsonLine { line, text }));
        }
        self.done = true;
        None
    }
}

/// Parses the text of one NDJSON line into a record. The line's depth is checked
/// against the reader's limit when it is read; here only against [`MAX_DEPTH`].
pub fn parse_line(text: &[u8]) -> Result<serde_json::Value, BadRecord> {
    parse_record(text, MAX_DEPTH, at_column)
}

fn at_column(_line: usize, column: usize) -> String {
    format!("at column {column}")
}

impl<R: Read> Iterator for NdjsonReader<R> {
    type Item = io::Result<InputItem>;

    fn next(&mut self) -> Option<Self::Item> {
        let item = match self.next_line()? {
            Ok(item) => item,
            Err(error) => return Some(Err(error)),
        };
        // `next_line` checked the depth against the reader's limit.
        let record = item
            .text
            .and_then(|text| parse_record_within_depth(text, at_column));
        Some(Ok(InputItem {
            line: item.line,
            record,
        }))
    }
}

/// Some exports start with a UTF-8 byte order mark; it is not part of the first record.
const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";
