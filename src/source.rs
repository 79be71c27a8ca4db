//! Source files, byte spans and line/column lookup for diagnostics.

use std::path::{Path, PathBuf};

/// A byte range `start..end` in one source file.
///
/// Spans are small and `Copy` so every AST node can carry one. A span with
/// `start == end == u32::MAX` marks a synthetic node that has no source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// The span of a node that the tool made up rather than read.
    pub const SYNTHETIC: Span = Span {
        start: u32::MAX,
        end: u32::MAX,
    };

    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span that covers both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn is_synthetic(self) -> bool {
        self == Span::SYNTHETIC
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A value together with the span it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}

/// The UTF-8 byte order mark, which some editors put at the start of a file.
pub const BYTE_ORDER_MARK: char = '\u{feff}';

/// `text` without a leading byte order mark.
pub fn without_byte_order_mark(text: &str) -> &str {
    text.strip_prefix(BYTE_ORDER_MARK).unwrap_or(text)
}

/// One mapping (or schema) file: its name as the user gave it, and its text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The name shown in diagnostics: the path as given on the command line.
    pub name: String,
    /// Where the file lives, for resolving paths relative to it.
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// A leading UTF-8 byte order mark (which Windows editors write) is dropped: it is not
    /// part of the mapping, and spans count from the first real character.
    pub fn new(name: impl Into<String>, path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with(BYTE_ORDER_MARK) {
            text.drain(..BYTE_ORDER_MARK.len_utf8());
        }
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        SourceFile {
            name: name.into(),
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// Reads a file from disk; the name shown in diagnostics is the path as given.
    pub fn read(path: &Path) -> std::io::Result<SourceFile> {
        let text = read_text(path)?;
        Ok(SourceFile::new(path.display().to_string(), path, text))
    }

    /// The folder that relative paths in this file are resolved against.
    pub fn directory(&self) -> &Path {
        self.path.parent().unwrap_or_else(|| Path::new("."))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: u32) -> (usize, usize) {
        let offset = offset.min(self.text.len() as u32);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(index) => index,
            Err(index) => index - 1,
        };
        let line_start = self.line_starts[line] as usize;
        let column = self.text[line_start..offset as usize].chars().count() + 1;
        (line + 1, column)
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

/// The largest mapping, schema or table file read: far past any real one, and small
/// enough that a path such as `/dev/zero` cannot fill the memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a whole UTF-8 text file of at most [`MAX_FILE_BYTES`]; a longer file or one
/// that is not UTF-8 gives an `InvalidData` error that says so.
pub fn read_text(path: &Path) -> std::io::Result<String> {
    String::from_utf8(read_bytes(path)?).map_err(|error| {
        let at = error.utf8_error().valid_up_to();
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("the file is not UTF-8 text (byte {} is invalid)", at + 1),
        )
    })
}

/// Reads a whole file of at most [`MAX_FILE_BYTES`].
pub fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "the file is larger than {} MiB",
                MAX_FILE_BYTES / 1024 / 1024
            ),
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let file = SourceFile::new("a.dmap", "a.dmap", "ab\nZoë x\n");
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(file.line_column(3), (2, 1));
        // "Zoë " is 5 bytes but 4 characters.
        assert_eq!(file.line_column(8), (2, 5));
        assert_eq!(file.line_column(100), (3, 1));
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_text() {
        let file = SourceFile::new("a.dmap", "a.dmap", "\u{feff}target plek\n");
        assert_eq!(file.text, "target plek\n");
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(without_byte_order_mark("\u{feff}{}"), "{}");
    }
}
