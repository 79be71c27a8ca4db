//! Shared parts of turning pest pairs into AST nodes: spans, names, strings and literals.

use pest::iterators::Pair as PestPair;

use super::grammar::Rule;
use crate::diagnostics::{self, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{Ident, Literal, StringLit, StringPart};

pub(super) type Pair<'i> = PestPair<'i, Rule>;

/// The result of building one node; an error abandons the item it is part of.
pub(super) type Built<T> = Result<T, Diagnostic>;

/// Builds AST nodes from the pairs of one parse.
pub(super) struct Builder<'t> {
    /// The whole file.
    pub(super) text: &'t str,
    /// Where the text given to pest starts in the file.
    pub(super) offset: usize,
    /// Problems that do not stop the item, such as a missing separator.
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// The children of a pair that carry meaning: comments, keywords and punctuation are left out.
pub(super) fn children(pair: Pair<'_>) -> impl Iterator<Item = Pair<'_>> {
    pair.into_inner()
        .filter(|child| !is_punctuation(child.as_rule()))
}

/// Where the text of a pair really ends. pest lets a rule's span run over the white space
/// and comments it skipped while looking for an optional part at its end, so the end is
/// taken from the last child instead, down to a token.
fn content_end(pair: &Pair<'_>) -> usize {
    let mut last = pair.clone();
    loop {
        // Compound-atomic rules skip nothing, and may end with an unnamed token.
        if matches!(
            last.as_rule(),
            Rule::string | Rule::regex | Rule::backtick_name
        ) {
            return last.as_span().end();
        }
        match last
            .clone()
            .into_inner()
            .filter(|p| p.as_rule() != Rule::COMMENT)
            .last()
        {
            Some(child) => last = child,
            None => return last.as_span().end(),
        }
    }
}

fn is_punctuation(rule: Rule) -> bool {
    use Rule::*;
    matches!(
        rule,
        COMMENT
            | EOI
            | kw_source
            | kw_target
            | kw_table
            | kw_from
            | kw_key
            | kw_value
            | kw_let
            | kw_skip
            | kw_reject
            | kw_when
            | kw_eq
            | kw_for
            | kw_in
            | kw_if
            | kw_then
            | kw_else
            | kw_match
            | assign
            | arrow
            | colon
            | dot
            | bar
            | question
            | open_paren
            | close_paren
            | open_bracket
            | close_bracket
            | open_brace
            | close_brace
            | quote
            | close_quote
    )
}

impl Builder<'_> {
    /// The one place where a pest span becomes a file span.
    pub(super) fn span(&self, pair: &Pair<'_>) -> Span {
        let start = pair.as_span().start();
        Span::new(self.offset + start, self.offset + content_end(pair))
    }

    /// Builds the elements of a list whose elements are separated by a comma or a line
    /// break; elements on one line without a comma get a diagnostic (and are kept).
    pub(super) fn separated<'i, T>(
        &mut self,
        pairs: impl Iterator<Item = Pair<'i>>,
        what: &str,
        mut build: impl FnMut(&mut Self, Pair<'i>) -> Built<T>,
    ) -> Built<Vec<T>> {
        let mut elements = Vec::new();
        let mut previous_end: Option<usize> = None;
        for pair in pairs {
            if pair.as_rule() == Rule::comma {
                previous_end = None;
                continue;
            }
            let span = self.span(&pair);
            if let Some(end) = previous_end {
                let between = self.text.get(end..span.start as usize).unwrap_or("");
                if !between.contains('\n') {
                    self.diagnostics.push(
                        diagnostics::syntax_error(
                            Span::new(end, span.start as usize),
                            format!("missing a comma or a line break between two {what}"),
                        )
                        .with_label("expected `,` here")
                        .with_help(format!("put a `,` between {what} on the same line")),
                    );
                }
            }
            previous_end = Some(span.end as usize);
            elements.push(build(self, pair)?);
        }
        Ok(elements)
    }

    /// `name`: an identifier or a backticked name.
    pub(super) fn name(&self, pair: Pair<'_>) -> Ident {
        let span = self.span(&pair);
        let inner = pair.into_inner().next();
        let name = match inner {
            Some(inner) if inner.as_rule() == Rule::backtick_name => inner
                .into_inner()
                .next()
                .map_or("", |text| text.as_str())
                .to_string(),
            Some(inner) => inner.as_str().to_string(),
            None => String::new(),
        };
        Ident { name, span }
    }

    /// A bare `ident` (function names).
    pub(super) fn ident(&self, pair: Pair<'_>) -> Ident {
        Ident {
            span: self.span(&pair),
            name: pair.as_str().to_string(),
        }
    }

    /// A string that may not contain `{...}`: file names, reasons, enum values.
    pub(super) fn plain_string(&mut self, pair: Pair<'_>) -> Built<StringLit> {
        let span = self.span(&pair);
        let mut value = String::new();
        for part in self.string_parts(pair)? {
            match part {
                StringPart::Text(text) => value.push_str(&text),
                StringPart::Expr(expr) => {
                    return Err(diagnostics::syntax_error(
                        expr.span,
                        "a `{...}` part is not allowed in this string",
                    )
                    .with_label("this string must be written out in full")
                    .with_help("write `\\{` for a literal brace"));
                }
            }
        }
        Ok(StringLit { value, span })
    }

    /// The parts of a string literal, escapes decoded and adjacent text joined.
    pub(super) fn string_parts(&mut self, pair: Pair<'_>) -> Built<Vec<StringPart>> {
        let mut parts: Vec<StringPart> = Vec::new();
        for child in children(pair) {
            let text = match child.as_rule() {
                Rule::string_text => child.as_str().to_string(),
                Rule::escape => self.escape(&child)?.to_string(),
                _ => {
                    let expr = match children(child).next() {
                        Some(inner) => self.expr(inner)?,
                        None => continue,
                    };
                    parts.push(StringPart::Expr(expr));
                    continue;
                }
            };
            match parts.last_mut() {
                Some(StringPart::Text(previous)) => previous.push_str(&text),
                _ => parts.push(StringPart::Text(text)),
            }
        }
        Ok(parts)
    }

    fn escape(&self, pair: &Pair<'_>) -> Built<char> {
        let escaped = pair.as_str().chars().nth(1).unwrap_or('\\');
        match escaped {
            '"' => Ok('"'),
            '\\' => Ok('\\'),
            'n' => Ok('\n'),
            't' => Ok('\t'),
            '{' => Ok('{'),
            '}' => Ok('}'),
            other => Err(diagnostics::syntax_error(
                self.span(pair),
                format!("unknown escape `\\{other}` in a string"),
            )
            .with_label("not an escape")
            .with_help(
                "the escapes are `\\\"` `\\\\` `\\n` `\\t` `\\{` `\\}`; write `\\\\` for a backslash \
                 (a regex is written as `/.../`, not as a string)",
            )),
        }
    }

    /// `literal`: `null`, `true`, `false`, a string without `{...}`, or a (negative) number.
    pub(super) fn literal(&mut self, pair: Pair<'_>) -> Built<(Literal, Span)> {
        let span = self.span(&pair);
        let mut negative = false;
        for child in children(pair) {
            let literal = match child.as_rule() {
                Rule::minus => {
                    negative = true;
                    continue;
                }
                Rule::null_lit => Literal::Null,
                Rule::true_lit => Literal::Bool(true),
                Rule::false_lit => Literal::Bool(false),
                Rule::string => Literal::String(self.plain_string(child)?.value),
                _ => self.number(&child, negative)?,
            };
            return Ok((literal, span));
        }
        Ok((Literal::Null, span))
    }

    /// An `int` or `float` token, negated when written with a `-` in front.
    pub(super) fn number(&self, pair: &Pair<'_>, negative: bool) -> Built<Literal> {
        let text = pair.as_str();
        let signed = if negative {
            format!("-{text}")
        } else {
            text.to_string()
        };
        if pair.as_rule() == Rule::float {
            return match signed.parse::<f64>() {
                Ok(value) if value.is_finite() => Ok(Literal::Float(value)),
                _ => Err(number_too_large(self.span(pair), text)),
            };
        }
        signed
            .parse::<i64>()
            .map(Literal::Int)
            .map_err(|_| number_too_large(self.span(pair), text))
    }
}

fn number_too_large(span: Span, text: &str) -> Diagnostic {
    diagnostics::syntax_error(span, format!("the number `{text}` is too large"))
        .with_label("too large")
        .with_help("whole numbers go up to 9223372036854775807; write large codes as a string")
}
