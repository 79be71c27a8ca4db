//! The JSON reader: a top-level array is streamed element by element, any other
//! document is one record, and `--records-at` finds the records inside a document.
//!
//! Elements are found by a byte scanner rather than a streaming parser, so one bad
//! element is rejected on its own and the elements after it are still read.

use super::scan::{read_string, scan_value, ByteStream, ScannedValue, ValueEnd};
use super::{parse_record, raw_text, too_large, BadRecord, InputItem, MAX_DEPTH};
use std::io::{self, Read};

/// Reads records from one JSON document.
pub struct JsonReader<R> {
    stream: ByteStream<R>,
    records_at: Option<String>,
    limit: usize,
    max_depth: usize,
    state: State,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Nothing read yet.
    Start,
    /// Inside the records array, before an element.
    InArray,
    /// The records array is closed; what follows it is checked.
    AfterArray,
    Done,
}

impl<R: Read> Iterator for JsonReader<R> {
    type Item = io::Result<InputItem>;

    fn next(&mut self) -> Option<Self::Item> {
        let result = match self.state {
            State::Start => self.start(),
            State::InArray => self.element(),
            State::AfterArray => self.after_array(),
            State::Done => return None,
        };
        if result.is_err() {
            self.state = State::Done;
        }
        result.transpose()
    }
}

impl<R: Read> JsonReader<R> {
    /// `records_at` is a JSON pointer (`/value`) to the records inside the document.
    pub fn new(input: R, records_at: Option<String>, limit: usize) -> JsonReader<R> {
        JsonReader {
            stream: ByteStream::new(input),
            records_at,
            limit,
            max_depth: MAX_DEPTH,
            state: State::Start,
        }
    }

    /// Rejects records that nest deeper than `max_depth` levels (the record object is
    /// level 1; at most [`MAX_DEPTH`], which is the default).
    pub fn with_max_depth(mut self, max_depth: usize) -> JsonReader<R> {
        self.max_depth = max_depth.min(MAX_DEPTH);
        self
    }

    fn start(&mut self) -> io::Result<Option<InputItem>> {
        self.stream.skip_whitespace()?;
        let closer = match &self.records_at {
            Some(pointer) => find_pointer(&mut self.stream, pointer)?,
            None => None,
        };
        self.stream.skip_whitespace()?;
        match self.stream.peek()? {
            None => {
                self.state = State::Done;
                Ok(None)
            }
            Some(b'[') => {
                self.stream.next_byte()?;
                self.stream.skip_whitespace()?;
                if self.stream.peek()? == Some(b']') {
                    self.stream.next_byte()?;
                    return self.after_array();
                }
                self.element()
            }
            Some(_) => {
                self.state = State::Done;
                let line = self.stream.line;
                let value = match closer {
                    Some(closer) => scan_value(&mut self.stream, closer, self.limit)?.0,
                    None => read_rest(&mut self.stream, self.limit)?,
                };
                let mut item = self.item(line, value);
                if self.records_at.is_none() {
                    page_is_not_a_record(&mut item);
                }
                Ok(Some(item))
            }
        }
    }

    fn element(&mut self) -> io::Result<Option<InputItem>> {
        self.state = State::InArray;
        self.stream.skip_whitespace()?;
        let line = self.stream.line;
        if self.stream.peek()?.is_none() {
            self.state = State::Done;
            return Ok(Some(bad(
                line,
                "invalid JSON: the input ends before the array is closed",
                String::new(),
            )));
        }
        let (value, end) = scan_value(&mut self.stream, b']', self.limit)?;
        let item = if value.bytes.is_empty() {
            bad(line, "invalid JSON: a value is missing", String::new())
        } else {
            self.item(line, value)
        };
        match end {
            ValueEnd::Comma => {
                self.stream.next_byte()?;
            }
            ValueEnd::Close => {
                self.stream.next_byte()?;
                self.state = State::AfterArray;
            }
            // The element itself is cut short and says so when it fails to parse.
            ValueEnd::Eof => self.state = State::Done,
        }
        Ok(Some(item))
    }

    /// Text after the records array is an error, unless the array sits inside a
    /// document (`--records-at`), whose rest is not read.
    fn after_array(&mut self) -> io::Result<Option<InputItem>> {
        self.state = State::Done;
        if self.records_at.is_some() {
            return Ok(None);
        }
        self.stream.skip_whitespace()?;
        let line = self.stream.line;
        if self.stream.peek()?.is_none() {
            return Ok(None);
        }
        let rest = read_rest(&mut self.stream, self.limit)?;
        Ok(Some(bad(
            line,
            "invalid JSON: unexpected text after the end of the array",
            raw_text(&rest.bytes, rest.dropped),
        )))
    }

    /// The record (or reject) for a value that starts on `line`.
    fn item(&self, line: u64, mut value: ScannedValue) -> InputItem {
        // The scanner stops at the comma or bracket, so white space before it is kept.
        while value.dropped == 0 && value.bytes.last().is_some_and(u8::is_ascii_whitespace) {
            value.bytes.pop();
        }
        let record = if value.dropped > 0 {
            Err(too_large(&value.bytes, value.dropped, self.limit))
        } else {
            parse_record(&value.bytes, self.max_depth, |error_line, column| {
                if error_line <= 1 {
                    format!("at column {column} of the record")
                } else {
                    format!("at line {} column {column}", line + error_line as u64 - 1)
                }
            })
        };
        InputItem { line, record }
    }
}

/// A whole document that is an OData collection page (a Microsoft Graph `/users` response:
/// `@odata.context` and a `value` list) holds records rather than being one: it is
/// rejected with the option that reads them, instead of failing the source schema.
fn page_is_not_a_record(item: &mut InputItem) {
    let Ok(serde_json::Value::Object(document)) = &item.record else {
        return;
    };
    let is_collection = document
        .get("@odata.context")
        .and_then(serde_json::Value::as_str)
        .is_some_and(|context| !context.ends_with("$entity"));
    let Some(serde_json::Value::Array(records)) = document.get("value") else {
        return;
    };
    if !is_collection {
        return;
    }
    let reason = format!(
        "this document is a page of {} records (its \"value\" list), not one record: \
         read them with --records-at /value",
        records.len()
    );
    let raw = serde_json::to_string(document).unwrap_or_default();
    item.record = Err(BadRecord {
        reason,
        raw: super::raw_text(raw.as_bytes(), 0),
    });
}

fn bad(line: u64, reason: &str, raw: String) -> InputItem {
    InputItem {
        line,
        record: Err(BadRecord {
            reason: reason.to_string(),
            raw,
        }),
    }
}

/// Everything up to the end of the input, held up to `limit` bytes.
fn read_rest<R: Read>(stream: &mut ByteStream<R>, limit: usize) -> io::Result<ScannedValue> {
    let mut value = ScannedValue::default();
    while let Some(byte) = stream.next_byte()? {
        if value.bytes.len() < limit {
            value.bytes.push(byte);
        } else {
            value.dropped += 1;
        }
    }
    Ok(value)
}

/// Moves `stream` to the value at the JSON `pointer` (RFC 6901), and returns the
/// closing bracket of the array or object that holds it (`None` for the whole document).
fn find_pointer<R: Read>(stream: &mut ByteStream<R>, pointer: &str) -> io::Result<Option<u8>> {
    let not_found = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("the document has no value at {pointer:?}"),
        )
    };
    let Some(tokens) = pointer.strip_prefix('/') else {
        return if pointer.is_empty() {
            Ok(None)
        } else {
            Err(not_found())
        };
    };
    let mut closer = None;
    for token in tokens.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        stream.skip_whitespace()?;
        let found = match stream.next_byte()? {
            Some(b'{') => {
                closer = Some(b'}');
                enter_member(stream, &token)?
            }
            Some(b'[') => {
                closer = Some(b']');
                enter_index(stream, &token)?
            }
            _ => false,
        };
        if !found {
            return Err(not_found());
        }
    }
    Ok(closer)
}

/// Inside an object: moves to the value of member `name`; `false` when there is none.
fn enter_member<R: Read>(stream: &mut ByteStream<R>, name: &str) -> io::Result<bool> {
    loop {
        stream.skip_whitespace()?;
        let Some(key) = read_string(stream)? else {
            return Ok(false);
        };
        stream.skip_whitespace()?;
        if stream.next_byte()? != Some(b':') {
            return Ok(false);
        }
        if key == name {
            return Ok(true);
        }
        if scan_value(stream, b'}', 0)?.1 != ValueEnd::Comma {
            return Ok(false);
        }
        stream.next_byte()?;
    }
}

/// Inside an array: moves to element `index`; `false` when there is none.
fn enter_index<R: Read>(stream: &mut ByteStream<R>, index: &str) -> io::Result<bool> {
    let Ok(index) = index.parse::<usize>() else {
        return Ok(false);
    };
    for _ in 0..index {
        stream.skip_whitespace()?;
        if scan_value(stream, b']', 0)?.1 != ValueEnd::Comma {
            return Ok(false);
        }
        stream.next_byte()?;
    }
    stream.skip_whitespace()?;
    Ok(!matches!(stream.peek()?, None | Some(b']')))
}
