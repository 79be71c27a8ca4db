//! Long source lines in human reports: a line longer than [`MAX_COLUMNS`] characters is
//! cut to a window around the diagnostic's spans, with `…` where text is left out, while
//! the line and column numbers stay those of the file.

use crate::source::SourceFile;
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// The most characters of one source line a report shows (besides the `…` marks).
pub(super) const MAX_COLUMNS: usize = 120;

/// Where text is left out.
const CUT: &str = "…";

/// A stretch of the file shown as it is: where it starts in the file and in the shown text.
#[derive(Clone, Copy, Debug)]
struct Piece {
    original: usize,
    shown: usize,
    len: usize,
}

/// The file as a report shows it for one diagnostic: the text with long lines cut, and
/// how its offsets map to the file's.
pub(super) struct Windowed<'f> {
    file: &'f SourceFile,
    text: String,
    /// In order; the gaps between them are the cuts, each shown as [`CUT`].
    pieces: Vec<Piece>,
}

impl<'f> Windowed<'f> {
    /// `focus` holds the diagnostic's spans as byte ranges of the file, the primary first:
    /// a long line is cut around the first of them that it holds.
    pub(super) fn new(file: &'f SourceFile, focus: &[(usize, usize)]) -> Windowed<'f> {
        let source = file.text.as_str();
        let mut windowed = Windowed {
            file,
            text: String::new(),
            pieces: Vec::new(),
        };
        let mut kept_from = 0;
        let mut line_start = 0;
        for line in source.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            let content_end = line_start + content.len();
            if content.len() > MAX_COLUMNS && content.chars().count() > MAX_COLUMNS {
                let (from, to) = window(content, line_start, focus);
                if from > line_start {
                    windowed.keep(kept_from, line_start);
                    windowed.text.push_str(CUT);
                    kept_from = from;
                }
                if to < content_end {
                    windowed.keep(kept_from, to);
                    windowed.text.push_str(CUT);
                    kept_from = content_end;
                }
            }
            line_start += line.len();
        }
        windowed.keep(kept_from, source.len());
        windowed
    }

    fn keep(&mut self, from: usize, to: usize) {
        if to > from {
            self.pieces.push(Piece {
                original: from,
                shown: self.text.len(),
                len: to - from,
            });
            self.text.push_str(&self.file.text[from..to]);
        }
    }

    /// Where a file offset is in the shown text. An offset in a cut goes to the `…`:
    /// before it for the start of a span, after it for the end.
    pub(super) fn shown(&self, offset: usize, is_end: bool) -> usize {
        let after = self
            .pieces
            .partition_point(|piece| piece.original <= offset);
        let next_start = |index: usize| {
            self.pieces
                .get(index)
                .map_or(self.text.len(), |piece: &Piece| piece.shown)
        };
        match after.checked_sub(1).map(|index| self.pieces[index]) {
            Some(piece) if offset <= piece.original + piece.len => {
                piece.shown + (offset - piece.original)
            }
            Some(piece) if !is_end => piece.shown + piece.len,
            None if !is_end => 0,
            _ => next_start(after),
        }
    }

    /// Where an offset of the shown text is in the file; inside a `…`, where the cut starts.
    fn original(&self, shown: usize) -> usize {
        let after = self.pieces.partition_point(|piece| piece.shown <= shown);
        match after.checked_sub(1).map(|index| self.pieces[index]) {
            Some(piece) => piece.original + (shown - piece.shown).min(piece.len),
            None => 0,
        }
    }
}

/// The byte range of a long line (`content`, starting at `line_start` in the file) to
/// show: [`MAX_COLUMNS`] characters around the first focus span on the line, or its
/// start when none is on it.
fn window(content: &str, line_start: usize, focus: &[(usize, usize)]) -> (usize, usize) {
    let line_end = line_start + content.len();
    let on_line = focus
        .iter()
        .find(|(start, end)| *start <= line_end && *end >= line_start)
        .map(|(start, end)| {
            let start = (*start).clamp(line_start, line_end) - line_start;
            let end = (*end).clamp(line_start, line_end) - line_start;
            (chars_before(content, start), chars_before(content, end))
        });
    let count = content.chars().count();
    let first = match on_line {
        Some((start, end)) => {
            let lead = MAX_COLUMNS.saturating_sub(end - start) / 2;
            let first = start.saturating_sub(lead);
            first.min(count.saturating_sub(MAX_COLUMNS))
        }
        None => 0,
    };
    let byte_at = |chars: usize| {
        content
            .char_indices()
            .nth(chars)
            .map_or(content.len(), |(at, _)| at)
    };
    (
        line_start + byte_at(first),
        line_start + byte_at(first + MAX_COLUMNS),
    )
}

/// How many characters come before a byte offset (moved back to a character boundary).
fn chars_before(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    text[..offset].chars().count()
}

impl SourceCode for Windowed<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        // Lines are never cut apart, so the line number holds; the column is the file's.
        let start = self.original(inner.span().offset());
        let (_, column) = self.file.line_column(start as u32);
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column - 1,
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::{Windowed, MAX_COLUMNS};
    use crate::source::SourceFile;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("t.dmap", "t.dmap", text)
    }

    #[test]
    fn short_lines_are_shown_as_they_are() {
        let file = file("a = 1\nb = 2\n");
        let windowed = Windowed::new(&file, &[(4, 5)]);
        assert_eq!(windowed.text, file.text);
        assert_eq!(windowed.shown(4, false), 4);
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let long = format!("x = \"{}\" + titel\n", "a".repeat(1000));
        let text = format!("a = 1\n{long}b = 2\n");
        let file = file(&text);
        let start = text.find("titel").unwrap();
        let windowed = Windowed::new(&file, &[(start, start + 5)]);
        let lines: Vec<&str> = windowed.text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], "a = 1");
        assert!(lines[1].starts_with('…') && lines[1].ends_with("+ titel"));
        assert_eq!(lines[1].chars().count(), MAX_COLUMNS + 1);
        let shown = windowed.shown(start, false);
        assert_eq!(&windowed.text[shown..shown + 5], "titel");
        assert_eq!(windowed.original(shown), start);
    }

    #[test]
    fn offsets_in_a_cut_go_to_the_mark() {
        let text = format!("{}\n", "é".repeat(500));
        let file = file(&text);
        let windowed = Windowed::new(&file, &[(600, 602)]);
        assert!(windowed.text.starts_with('…') && windowed.text.ends_with("…\n"));
        assert_eq!(windowed.shown(0, false), 0);
        assert_eq!(windowed.shown(0, true), "…".len());
        assert_eq!(windowed.shown(999, true), windowed.text.len() - 1);
        assert_eq!(
            windowed.shown(999, false),
            windowed.text.len() - 1 - "…".len()
        );
    }
}
