//! A buffered byte stream that counts lines, and the JSON value scanner built on it:
//! finds where one value ends without parsing it, so arrays can be streamed.

use std::io::{self, Read};

/// Bytes from a reader, one at a time, with the current 1-based line.
pub(crate) struct ByteStream<R> {
    inner: R,
    buffer: Box<[u8]>,
    start: usize,
    end: usize,
    pub line: u64,
}

impl<R: Read> ByteStream<R> {
    pub fn new(inner: R) -> ByteStream<R> {
        ByteStream {
            inner,
            buffer: vec![0; 64 * 1024].into_boxed_slice(),
            start: 0,
            end: 0,
            line: 1,
        }
    }

    /// The next byte without consuming it; `None` at the end of the input.
    pub fn peek(&mut self) -> io::Result<Option<u8>> {
        if self.start == self.end {
            self.start = 0;
            self.end = loop {
                match self.inner.read(&mut self.buffer) {
                    Ok(count) => break count,
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(error),
                }
            };
        }
        Ok((self.start < self.end).then(|| self.buffer[self.start]))
    }

    /// Consumes and returns the next byte.
    pub fn next_byte(&mut self) -> io::Result<Option<u8>> {
        let byte = self.peek()?;
        if let Some(byte) = byte {
            self.start += 1;
            if byte == b'\n' {
                self.line += 1;
            }
        }
        Ok(byte)
    }

    /// Skips JSON white space (and a UTF-8 byte order mark, which some exports start with).
    pub fn skip_whitespace(&mut self) -> io::Result<()> {
        while let Some(byte) = self.peek()? {
            if matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | 0xEF | 0xBB | 0xBF) {
                self.next_byte()?;
            } else {
                break;
            }
        }
        Ok(())
    }
}

/// Where a scanned value ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueEnd {
    /// At a `,` outside any bracket (not consumed).
    Comma,
    /// At the closing bracket of the enclosing array or object (not consumed).
    Close,
    /// At the end of the input.
    Eof,
}

/// The bytes of one scanned value: up to `limit` held, the rest only counted.
#[derive(Default)]
pub(crate) struct ScannedValue {
    pub bytes: Vec<u8>,
    pub dropped: u64,
}

/// Scans one value inside an array (`closer` is `]`) or object (`}`), up to the `,` or
/// closing bracket that ends it. Strings are followed with their escapes, so brackets
/// and commas inside them do not count. Brackets are only counted, not matched: a
/// mismatched value still ends somewhere, and then fails to parse as a record.
pub(crate) fn scan_value<R: Read>(
    stream: &mut ByteStream<R>,
    closer: u8,
    limit: usize,
) -> io::Result<(ScannedValue, ValueEnd)> {
    let mut value = ScannedValue::default();
    let mut nesting = Nesting::default();
    loop {
        let Some(byte) = stream.peek()? else {
            return Ok((value, ValueEnd::Eof));
        };
        if nesting.at_top() {
            if byte == b',' {
                return Ok((value, ValueEnd::Comma));
            }
            if byte == closer {
                return Ok((value, ValueEnd::Close));
            }
        }
        stream.next_byte()?;
        if value.bytes.len() < limit {
            value.bytes.push(byte);
        } else {
            value.dropped += 1;
        }
        nesting.step(byte);
    }
}

/// Follows JSON text byte by byte: whether it is inside a string (with its escapes),
/// and how deep arrays and objects nest outside strings. Brackets are counted, not
/// matched.
#[derive(Default)]
pub(crate) struct Nesting {
    pub depth: usize,
    in_string: bool,
    escaped: bool,
}

impl Nesting {
    pub(crate) fn step(&mut self, byte: u8) {
        if self.in_string {
            match byte {
                _ if self.escaped => self.escaped = false,
                b'\\' => self.escaped = true,
                b'"' => self.in_string = false,
                _ => {}
            }
            return;
        }
        match byte {
            b'"' => self.in_string = true,
            b'[' | b'{' => self.depth += 1,
            b']' | b'}' => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    /// Outside every string, array and object.
    pub(crate) fn at_top(&self) -> bool {
        !self.in_string && self.depth == 0
    }
}

/// Reads a JSON string whose opening quote is next, and returns its decoded text.
/// `None` when it is not a valid string.
pub(crate) fn read_string<R: Read>(stream: &mut ByteStream<R>) -> io::Result<Option<String>> {
    let mut bytes = Vec::new();
    if stream.next_byte()? != Some(b'"') {
        return Ok(None);
    }
    bytes.push(b'"');
    let mut escaped = false;
    loop {
        let Some(byte) = stream.next_byte()? else {
            return Ok(None);
        };
        bytes.push(byte);
        match byte {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' => break,
            _ => {}
        }
    }
    Ok(serde_json::from_slice(&bytes).ok())
}
