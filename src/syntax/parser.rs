//! The parser: pest grammar (`grammar/datamapper.pest`) → typed AST.
//!
//! A file is first scanned for unclosed strings and brackets and for nesting that is too
//! deep; then pest parses it. When the file has errors, it is split into items (an item
//! starts at the beginning of a line) and each item is parsed on its own, so every broken
//! item is reported and the others are kept.

mod build;
mod errors;
mod exprs;
mod grammar;
mod items;
mod scan;

use std::ops::Range;

use pest::Parser as _;

use self::build::{children, Builder};
use self::grammar::{DatamapperParser, Rule};
use crate::diagnostics::{self, Diagnostic};
use crate::source::{SourceFile, Span};
use crate::syntax::ast::{Comment, Expr, ParsedFile};

pub use self::scan::MAX_NESTING;

/// Stack for the parsing thread: pest and the tree builder recurse once per nesting level,
/// and the nesting limit keeps them well inside this. Only the touched part is allocated.
const PARSER_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Parses a mapping file. Returns the items that parsed and a diagnostic for each
/// syntax error (parsing recovers at the next item, so several errors are reported).
pub fn parse(file: &SourceFile) -> (ParsedFile, Vec<Diagnostic>) {
    let text = file.text.as_str();
    let (parsed, mut found) = with_large_stack(move || parse_text(text));
    diagnostics::sort(&mut found);
    (parsed, found)
}

/// Parses one expression on its own (documentation examples, tests).
pub fn parse_expression(text: &str) -> Result<Expr, Diagnostic> {
    with_large_stack(move || {
        if let Some(problem) = scan::check_chunk(text, 0) {
            return Err(problem);
        }
        let mut pairs = DatamapperParser::parse(Rule::expression_only, text)
            .map_err(|error| errors::from_pest(&error, text, 0, true))?;
        let whole = pairs
            .next()
            .ok_or_else(|| items::missing_part(Span::new(0, 0)))?;
        let pair = children(whole)
            .next()
            .ok_or_else(|| items::missing_part(Span::new(0, 0)))?;
        let mut builder = Builder {
            text,
            offset: 0,
            diagnostics: Vec::new(),
        };
        let expr = builder.expr(pair)?;
        if let Some(problem) = builder.diagnostics.into_iter().next() {
            return Err(problem);
        }
        if !exprs::fits_depth(&expr, MAX_NESTING) {
            return Err(diagnostics::nesting_too_deep(expr.span));
        }
        Ok(expr)
    })
}

fn parse_text(text: &str) -> (ParsedFile, Vec<Diagnostic>) {
    let chunks = scan::split_items(text);
    let problems: Vec<Option<Diagnostic>> = chunks
        .iter()
        .map(|chunk| scan::check_chunk(&text[chunk.clone()], chunk.start))
        .collect();
    let mut whole_file_error = None;
    if problems.iter().all(Option::is_none) {
        match parse_chunk(text, 0..text.len()) {
            Ok(result) => return result,
            Err(error) => whole_file_error = Some(error),
        }
    }
    let mut parsed = ParsedFile {
        items: Vec::new(),
        comments: Vec::new(),
    };
    let mut found = Vec::new();
    for (chunk, problem) in chunks.into_iter().zip(problems) {
        if let Some(problem) = problem {
            found.push(problem);
            continue;
        }
        match parse_chunk(text, chunk) {
            Ok((part, part_diagnostics)) => {
                parsed.items.extend(part.items);
                parsed.comments.extend(part.comments);
                found.extend(part_diagnostics);
            }
            Err(error) => found.push(error),
        }
    }
    // Splitting can hide an error that spans items; never report a broken file as clean.
    if !diagnostics::has_errors(&found) {
        found.extend(whole_file_error);
    }
    (parsed, found)
}

/// Parses one range of the file as a sequence of items.
fn parse_chunk(
    text: &str,
    range: Range<usize>,
) -> Result<(ParsedFile, Vec<Diagnostic>), Diagnostic> {
    let chunk = &text[range.clone()];
    let mut pairs = DatamapperParser::parse(Rule::file, chunk)
        .map_err(|error| errors::from_pest(&error, chunk, range.start, range.end == text.len()))?;
    let file = pairs
        .next()
        .ok_or_else(|| items::missing_part(Span::new(range.start, range.end)))?;
    let mut builder = Builder {
        text,
        offset: range.start,
        diagnostics: Vec::new(),
    };
    let comments = file
        .clone()
        .into_inner()
        .flatten()
        .filter(|pair| pair.as_rule() == Rule::COMMENT)
        .map(|pair| Comment {
            span: builder.span(&pair),
            text: pair.as_str().to_string(),
        })
        .collect();
    let items = builder.items(file);
    Ok((ParsedFile { items, comments }, builder.diagnostics))
}

/// Runs `task` on a thread with a large stack, or on this thread if none can be started.
fn with_large_stack<T: Send>(task: impl Fn() -> T + Sync) -> T {
    let task = &task;
    let joined = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("datamapper-parser".into())
            .stack_size(PARSER_STACK_BYTES)
            .spawn_scoped(scope, task)
            .map(|handle| handle.join())
    });
    match joined {
        Ok(Ok(result)) => result,
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => task(),
    }
}
