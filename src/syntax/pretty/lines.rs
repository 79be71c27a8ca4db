//! Output lines tied to source positions, and the placement of comments between them.
//!
//! The printer lays out code as [`Line`]s, each anchored at the source offset of the node
//! it starts with. Comments are then placed by position alone: an own-line comment goes
//! before the first line anchored after it, a trailing comment goes at the end of the last
//! line anchored before it. Because the layout never depends on comments, formatting the
//! output again places every comment in the same spot.

use crate::syntax::ast::Comment;

/// One output line of code.
#[derive(Debug)]
pub(super) struct Line {
    /// The code, indentation included.
    pub text: String,
    /// The indentation of comments placed before this line.
    pub comment_indent: usize,
    /// Source offset of the node this line starts with.
    pub anchor: u32,
    /// Source offset where that node ends (for finding blank lines after it).
    pub anchor_end: u32,
    /// The top-level item this line belongs to.
    pub item: usize,
    /// Whether a blank line the author wrote before this line is kept.
    pub blank_ok: bool,
    /// Whether a blank line must come before this line (and its leading comments).
    pub group_break: bool,
    /// Own-line comments printed before this line.
    pub before: Vec<usize>,
    /// Comments printed at the end of this line.
    pub after: Vec<usize>,
}

impl Line {
    pub fn new(indent: usize, anchor: u32, item: usize) -> Line {
        Line {
            text: " ".repeat(indent),
            comment_indent: indent,
            anchor,
            anchor_end: anchor,
            item,
            blank_ok: false,
            group_break: false,
            before: Vec::new(),
            after: Vec::new(),
        }
    }
}

/// Where each item ends in the source, to tell which item a comment sits inside.
#[derive(Clone, Copy, Debug)]
pub(super) struct ItemExtent {
    pub start: u32,
    pub end: u32,
}

/// Attaches every comment to a line (or to the end of the file); returns the comments
/// that come after all code.
pub(super) fn place_comments(
    lines: &mut [Line],
    items: &[ItemExtent],
    comments: &[Comment],
    source: &str,
) -> Vec<usize> {
    let mut at_end = Vec::new();
    let mut order: Vec<usize> = (0..comments.len()).collect();
    order.sort_by_key(|&index| comments[index].span.start);
    let mut latest_before: Option<usize> = None;
    for index in order {
        let start = comments[index].span.start;
        let last_before = lines.iter().rposition(|line| line.anchor <= start);
        let first_after = lines.iter().position(|line| line.anchor > start);
        let enclosing = items
            .iter()
            .position(|item| item.start <= start && start < item.end);
        let own_line = is_own_line(source, start as usize);
        let next_is_usable = match (first_after, enclosing) {
            (Some(next), Some(item)) => lines[next].item == item,
            (Some(_), None) => true,
            (None, _) => false,
        };
        match (own_line && next_is_usable, first_after, last_before) {
            (true, Some(next), _) | (_, Some(next), None) => {
                lines[next].before.push(index);
                latest_before = latest_before.max(Some(next));
            }
            // A comment after an earlier comment that already went below this line
            // follows it there, so comments never change order.
            (_, _, Some(previous)) => match latest_before {
                Some(later) if later > previous => lines[later].before.push(index),
                _ => lines[previous].after.push(index),
            },
            (_, None, None) => at_end.push(index),
        }
    }
    // Own-line comments after all code stay at the end of the file.
    if let Some(last) = lines.last_mut() {
        let after = std::mem::take(&mut last.after);
        let last_item_end = items.last().map_or(0, |item| item.end);
        for index in after {
            let start = comments[index].span.start;
            if start >= last_item_end && is_own_line(source, start as usize) {
                at_end.push(index);
            } else {
                last.after.push(index);
            }
        }
    }
    at_end.sort_by_key(|&index| comments[index].span.start);
    // A line ends with at most one comment: the earlier ones move to their own lines
    // just before it, which keeps their order.
    for line in lines.iter_mut() {
        if line.after.len() > 1 {
            let keep = line.after.split_off(line.after.len() - 1);
            let moved = std::mem::replace(&mut line.after, keep);
            line.before.extend(moved);
        }
    }
    at_end
}

/// Whether only white space precedes `offset` on its line.
fn is_own_line(source: &str, offset: usize) -> bool {
    let before = source.get(..offset).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before[line_start..].trim().is_empty()
}

/// Whether the source between two offsets holds a line with only white space.
pub(super) fn has_blank_line(source: &str, from: u32, to: u32) -> bool {
    if from >= to {
        return false;
    }
    let between = source.get(from as usize..to as usize).unwrap_or("");
    let segments: Vec<&str> = between.split('\n').collect();
    segments.len() > 2
        && segments[1..segments.len() - 1]
            .iter()
            .any(|segment| segment.trim().is_empty())
}

/// Writes the lines and comments out as the final text.
pub(super) fn render(
    lines: &[Line],
    items: &[ItemExtent],
    comments: &[Comment],
    at_end: &[usize],
    source: &str,
) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut trailing: Vec<Option<&str>> = Vec::new();
    let mut previous_end: u32 = 0;
    let mut current_item = usize::MAX;
    for line in lines {
        if line.item != current_item {
            if let Some(previous) = items.get(current_item) {
                previous_end = previous_end.max(previous.end);
            }
            current_item = line.item;
        }
        let mut forced = line.group_break;
        for &index in &line.before {
            let comment = &comments[index];
            // A comment moved here from later in the line looks for blank lines only
            // before the line's code: blank lines inside an item are not kept.
            let until = comment.span.start.min(line.anchor);
            let blank = forced || (line.blank_ok && has_blank_line(source, previous_end, until));
            push_blank(&mut out, &mut trailing, blank);
            forced = false;
            out.push(format!(
                "{}{}",
                " ".repeat(line.comment_indent),
                comment.text.trim_end()
            ));
            trailing.push(None);
            previous_end = previous_end.max(comment.span.end);
        }
        let blank = forced || (line.blank_ok && has_blank_line(source, previous_end, line.anchor));
        push_blank(&mut out, &mut trailing, blank);
        out.push(line.text.trim_end().to_string());
        trailing.push(line.after.first().map(|&i| comments[i].text.trim_end()));
        previous_end = previous_end.max(line.anchor_end);
        for &index in &line.after {
            previous_end = previous_end.max(comments[index].span.end);
        }
    }
    if let Some(last) = items.last() {
        previous_end = previous_end.max(last.end);
    }
    for &index in at_end {
        let comment = &comments[index];
        let blank = has_blank_line(source, previous_end, comment.span.start);
        push_blank(&mut out, &mut trailing, blank);
        out.push(comment.text.trim_end().to_string());
        trailing.push(None);
        previous_end = previous_end.max(comment.span.end);
    }
    join_with_trailing_comments(&out, &trailing)
}

fn push_blank(out: &mut Vec<String>, trailing: &mut Vec<Option<&str>>, blank: bool) {
    if blank && out.last().is_some_and(|line| !line.is_empty()) {
        out.push(String::new());
        trailing.push(None);
    }
}

/// How far past the shortest line of a run the comment column may be pushed.
const MAX_COMMENT_SPREAD: usize = 24;

/// The end of the run of lines, from `start`, whose trailing comments share a column:
/// consecutive lines with comments and code of similar length.
fn alignment_run_end(lines: &[String], trailing: &[Option<&str>], start: usize) -> usize {
    let mut shortest = usize::MAX;
    let mut longest = 0;
    let mut end = start;
    while end < lines.len() && trailing[end].is_some() {
        let width = lines[end].chars().count();
        shortest = shortest.min(width);
        longest = longest.max(width);
        if longest - shortest > MAX_COMMENT_SPREAD && end > start {
            break;
        }
        end += 1;
    }
    end
}

/// Joins the lines; trailing comments on consecutive lines start in one column.
fn join_with_trailing_comments(lines: &[String], trailing: &[Option<&str>]) -> String {
    let mut text = String::new();
    let mut index = 0;
    while index < lines.len() {
        let run_end = alignment_run_end(lines, trailing, index);
        if run_end == index {
            text.push_str(&lines[index]);
            text.push('\n');
            index += 1;
            continue;
        }
        let column = lines[index..run_end]
            .iter()
            .map(|line| line.chars().count())
            .max()
            .unwrap_or(0)
            + 2;
        for i in index..run_end {
            let code = &lines[i];
            let comment = trailing[i].unwrap_or("");
            if code.is_empty() {
                text.push_str(comment);
            } else {
                let pad = column - code.chars().count();
                text.push_str(&format!("{code}{}{comment}", " ".repeat(pad)));
            }
            text.push('\n');
        }
        index = run_end;
    }
    text
}
