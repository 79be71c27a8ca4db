//! A cheap lexical pass that runs before pest: it splits a file into item chunks (for error
//! recovery) and finds unclosed strings and brackets and too-deep nesting, which it reports
//! better than a grammar can, and which keeps pest's recursion within bounds.

use std::ops::Range;

use crate::diagnostics::{self, Diagnostic};
use crate::source::Span;

/// Deepest nesting of brackets, strings and `if`s in one item that the parser accepts; it
/// keeps the recursive parts of parsing, checking and evaluation far from a stack overflow.
pub const MAX_NESTING: usize = 200;

/// The words that start an item when they begin a line.
const ITEM_WORDS: [&str; 7] = ["source", "target", "table", "let", "skip", "reject", "once"];

/// Words after which a `/` starts a regex rather than a division.
const OPERATOR_WORDS: [&str; 12] = [
    "and", "or", "not", "if", "then", "else", "match", "for", "in", "when", "eq", "return",
];

/// Splits a file into chunks that each start where an item starts at the beginning of a
/// line. Comments and blank lines before the first item belong to the first chunk.
pub(super) fn split_items(text: &str) -> Vec<Range<usize>> {
    let mut starts = vec![0];
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if line_start > 0 && starts_item(line) {
            starts.push(line_start);
        }
        line_start += line.len();
    }
    let mut chunks: Vec<Range<usize>> = starts.windows(2).map(|w| w[0]..w[1]).collect();
    if let Some(&last) = starts.last() {
        chunks.push(last..text.len());
    }
    chunks
}

/// Whether a line, read from its first character, looks like the start of an item:
/// an item word followed by a space or alone on its line, or a target path followed by `=`.
fn starts_item(line: &str) -> bool {
    let word_len = line
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(line.len());
    let word = &line[..word_len];
    let after = &line[word_len..];
    if ITEM_WORDS.contains(&word) && (after.trim().is_empty() || after.starts_with([' ', '\t'])) {
        return true;
    }
    looks_like_target(line)
}

/// `name.other[attr eq "x"].sub =` at the start of a line.
fn looks_like_target(line: &str) -> bool {
    let mut rest = line;
    loop {
        let Some(after_name) = skip_name(rest) else {
            return false;
        };
        rest = after_name;
        if let Some(inside) = rest.strip_prefix('[') {
            match inside.find([']', '\n']) {
                Some(end) if inside[end..].starts_with(']') => rest = &inside[end + 1..],
                _ => return false,
            }
        }
        match rest.strip_prefix('.') {
            Some(next) => rest = next,
            None => break,
        }
    }
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.starts_with('=') && !rest.starts_with("==") && !rest.starts_with("=>")
}

/// Skips one identifier or backticked name; `None` when there is none.
fn skip_name(text: &str) -> Option<&str> {
    if let Some(inside) = text.strip_prefix('`') {
        let end = inside.find(['`', '\n'])?;
        return inside[end..].strip_prefix('`');
    }
    let first = text.chars().next()?;
    if !(first.is_alphabetic() || first == '_') {
        return None;
    }
    let len = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    Some(&text[len..])
}

/// What is open at a point of the scan.
#[derive(Clone, Copy, PartialEq)]
enum Open {
    Bracket(u8),
    String,
    /// `{` inside a string.
    Interpolation,
}

/// Scans one chunk (at byte `base` of the file) and returns the first problem found.
pub(super) fn check_chunk(text: &str, base: usize) -> Option<Diagnostic> {
    Scanner {
        bytes: text.as_bytes(),
        text,
        base,
        position: 0,
        stack: Vec::new(),
        ifs: 0,
        operand_before: false,
    }
    .run()
}

struct Scanner<'a> {
    bytes: &'a [u8],
    text: &'a str,
    base: usize,
    position: usize,
    /// What is open, with the byte offset (in the chunk) of the opener.
    stack: Vec<(Open, usize)>,
    /// `if`s seen in this chunk: each one nests, and an `else if` chain never closes.
    ifs: usize,
    /// Whether the last token ends an operand, so that a `/` is a division.
    operand_before: bool,
}

impl Scanner<'_> {
    fn run(mut self) -> Option<Diagnostic> {
        while self.position < self.bytes.len() {
            let problem = match self.stack.last() {
                Some(&(Open::String, open)) => self.in_string(open),
                _ => self.in_code(),
            };
            if problem.is_some() {
                return problem;
            }
        }
        let &(open, at) = self.stack.last()?;
        Some(self.unclosed(open, at))
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.base + start, self.base + end)
    }

    fn in_string(&mut self, open: usize) -> Option<Diagnostic> {
        let byte = self.bytes[self.position];
        match byte {
            b'\\'
                if self
                    .bytes
                    .get(self.position + 1)
                    .is_some_and(|&b| b != b'\n') =>
            {
                self.position += 2;
                // Keep to character boundaries: an escaped multi-byte character is skipped whole.
                while !self.text.is_char_boundary(self.position) {
                    self.position += 1;
                }
            }
            b'"' => {
                self.stack.pop();
                self.position += 1;
                self.operand_before = true;
            }
            b'{' => return self.open(Open::Interpolation),
            b'\n' => return Some(self.unclosed(Open::String, open)),
            _ => self.position += 1,
        }
        None
    }

    fn in_code(&mut self) -> Option<Diagnostic> {
        let byte = self.bytes[self.position];
        match byte {
            b'#' => self.skip_line(),
            b'"' => return self.open(Open::String),
            b'(' | b'[' | b'{' => return self.open(Open::Bracket(byte)),
            b')' | b']' | b'}' => return self.close(byte),
            b'`' => self.skip_backtick_name(),
            b'/' if !self.operand_before => self.skip_regex(),
            b' ' | b'\t' | b'\r' | b'\n' => self.position += 1,
            b'0'..=b'9' => {
                self.skip_while(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_');
                self.operand_before = true;
            }
            b if b.is_ascii_alphabetic() || b == b'_' || b >= 0x80 => return self.word(),
            _ => {
                self.position += 1;
                self.operand_before = false;
            }
        }
        None
    }

    fn word(&mut self) -> Option<Diagnostic> {
        let start = self.position;
        self.skip_while(|b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80);
        let word = &self.bytes[start..self.position];
        self.operand_before = !OPERATOR_WORDS.iter().any(|w| w.as_bytes() == word);
        if word == b"if" {
            self.ifs += 1;
            if self.depth() > MAX_NESTING {
                return Some(diagnostics::nesting_too_deep(
                    self.span(start, self.position),
                ));
            }
        }
        None
    }

    fn depth(&self) -> usize {
        self.stack.len() + self.ifs
    }

    fn open(&mut self, open: Open) -> Option<Diagnostic> {
        self.stack.push((open, self.position));
        self.position += 1;
        self.operand_before = false;
        if self.depth() > MAX_NESTING {
            let at = self.position - 1;
            return Some(diagnostics::nesting_too_deep(self.span(at, at + 1)));
        }
        None
    }

    fn close(&mut self, byte: u8) -> Option<Diagnostic> {
        let at = self.position;
        self.position += 1;
        self.operand_before = true;
        let expected_opener = match byte {
            b')' => b'(',
            b']' => b'[',
            _ => b'{',
        };
        match self.stack.last().copied() {
            Some((Open::Bracket(open), _)) if open == expected_opener => {
                self.stack.pop();
                None
            }
            Some((Open::Interpolation, _)) if byte == b'}' => {
                self.stack.pop();
                None
            }
            Some((Open::Bracket(open), open_at)) => Some(diagnostics::mismatched_bracket(
                self.span(at, at + 1),
                byte as char,
                self.span(open_at, open_at + 1),
                open as char,
            )),
            Some((Open::Interpolation, open_at)) => Some(diagnostics::mismatched_bracket(
                self.span(at, at + 1),
                byte as char,
                self.span(open_at, open_at + 1),
                '{',
            )),
            _ => Some(diagnostics::unmatched_closing(
                self.span(at, at + 1),
                byte as char,
            )),
        }
    }

    fn unclosed(&self, open: Open, at: usize) -> Diagnostic {
        match open {
            Open::String => {
                let line_end = self.text[at..]
                    .find('\n')
                    .map_or(self.text.len(), |n| at + n);
                diagnostics::unclosed_string(self.span(at, line_end.max(at + 1)))
            }
            Open::Bracket(byte) => {
                diagnostics::unclosed_bracket(self.span(at, at + 1), byte as char)
            }
            Open::Interpolation => diagnostics::unclosed_bracket(self.span(at, at + 1), '{'),
        }
    }

    fn skip_line(&mut self) {
        self.skip_while(|b| b != b'\n');
    }

    fn skip_while(&mut self, keep: impl Fn(u8) -> bool) {
        while self.position < self.bytes.len() && keep(self.bytes[self.position]) {
            self.position += 1;
        }
    }

    fn skip_backtick_name(&mut self) {
        self.position += 1;
        self.skip_while(|b| b != b'`' && b != b'\n');
        if self.bytes.get(self.position) == Some(&b'`') {
            self.position += 1;
        }
        self.operand_before = true;
    }

    /// Skips a regex literal up to its closing `/`; a regex cannot span lines.
    fn skip_regex(&mut self) {
        self.position += 1;
        while let Some(&byte) = self.bytes.get(self.position) {
            match byte {
                b'\\'
                    if self
                        .bytes
                        .get(self.position + 1)
                        .is_some_and(|&b| b != b'\n') =>
                {
                    self.position += 2
                }
                b'/' => {
                    self.position += 1;
                    break;
                }
                b'\n' => break,
                _ => self.position += 1,
            }
        }
        self.operand_before = true;
    }
}
