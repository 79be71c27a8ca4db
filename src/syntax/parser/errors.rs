//! Turning a pest error into a diagnostic in plain words: rules are named as words and the
//! likely mistakes get their own message.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::grammar::Rule;
use crate::diagnostics::{self, Diagnostic};
use crate::source::Span;

/// Words that are never plain names.
const RESERVED: [&str; 12] = [
    "and", "or", "not", "if", "then", "else", "match", "for", "in", "true", "false", "null",
];

/// Item words after which the grammar's other reading (a rule whose target has that name)
/// is not what the author meant, so its expectations are left out of the message.
const KEYWORD_ITEMS: [&str; 5] = ["source", "target", "table", "skip", "reject"];

const WORD_ITEM: &str = "the start of a new item";
const WORD_OPERATOR: &str = "an operator";
const WORD_EXPRESSION: &str = "an expression";
const WORD_NAME: &str = "a name";

/// Converts a pest error for `text` (which starts at byte `offset` of the file and ends
/// the file when `ends_file`).
pub(super) fn from_pest(
    error: &Error<Rule>,
    text: &str,
    offset: usize,
    ends_file: bool,
) -> Diagnostic {
    let position = match error.location {
        InputLocation::Pos(position) => position,
        InputLocation::Span((start, _)) => start,
    };
    let expected: &[Rule] = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
        ErrorVariant::CustomError { .. } => &[],
    };
    let place = Place::new(text, position, offset, ends_file);
    let words = expected_words(expected, &place);
    special_message(&place, &words).unwrap_or_else(|| {
        let expected = join_words(&words);
        let message = if words.is_empty() {
            format!("unexpected {}", place.found_words())
        } else {
            format!("expected {expected}, found {}", place.found_words())
        };
        let label = if words.is_empty() {
            "not expected here".to_string()
        } else {
            format!("expected {expected} here")
        };
        diagnostics::syntax_error(place.span(), message).with_label(label)
    })
}

/// Where the parse stopped, read from the text around it.
struct Place<'t> {
    text: &'t str,
    offset: usize,
    position: usize,
    /// The token at the position; empty at the end of the text.
    found: &'t str,
    /// Where the last token before the position ends (white space and comments skipped).
    previous_end: usize,
    /// The next token is on a later line (or there is none): what is missing belongs at the
    /// end of the previous line.
    at_line_end: bool,
    /// Whether the text ends the file.
    ends_file: bool,
}

impl<'t> Place<'t> {
    fn new(text: &'t str, position: usize, offset: usize, ends_file: bool) -> Place<'t> {
        let found = token_at(text, position);
        let previous_end = content_end_before(text, position);
        let at_line_end = found.is_empty()
            || text
                .get(previous_end..position)
                .is_some_and(|gap| gap.contains('\n'));
        Place {
            text,
            offset,
            position,
            found,
            previous_end,
            at_line_end,
            ends_file,
        }
    }

    fn span(&self) -> Span {
        if self.at_line_end {
            Span::new(
                self.offset + self.previous_end,
                self.offset + self.previous_end,
            )
        } else {
            self.span_of(self.position, self.position + self.found.len())
        }
    }

    fn span_of(&self, start: usize, end: usize) -> Span {
        Span::new(self.offset + start, self.offset + end)
    }

    fn found_words(&self) -> String {
        if self.at_line_end {
            if self.ends_file && self.text[self.previous_end..].trim().is_empty() {
                "the end of the file".to_string()
            } else {
                "the end of the line".to_string()
            }
        } else {
            format!("`{}`", self.found)
        }
    }

    /// The text of the line up to the previous token.
    fn line_before(&self) -> (usize, &'t str) {
        let line_start = self.text[..self.previous_end]
            .rfind('\n')
            .map_or(0, |n| n + 1);
        (line_start, &self.text[line_start..self.previous_end])
    }

    /// The first word of the item being parsed, when its line starts with one.
    fn item_word(&self) -> Option<&'t str> {
        let item_start = super::scan::split_items(&self.text[..self.position])
            .last()
            .map_or(0, |chunk| chunk.start);
        let line = self.text[item_start..]
            .lines()
            .map(str::trim_start)
            .find(|line| !line.is_empty() && !line.starts_with('#'))?;
        let end = line
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(line.len());
        Some(&line[..end])
    }
}

/// The messages for likely mistakes; `None` when the plain "expected ..." message is best.
fn special_message(place: &Place<'_>, words: &[&str]) -> Option<Diagnostic> {
    let expects = |word: &str| words.contains(&word);
    let found = place.found;
    if !place.at_line_end {
        if let Some(diagnostic) = look_alike(place) {
            return Some(diagnostic);
        }
    }
    if !place.at_line_end && found == "=" && expects(WORD_OPERATOR) {
        return Some(
            diagnostics::syntax_error(place.span(), "`=` cannot compare two values")
                .with_label("this `=` is not a comparison")
                .with_help("use `==` to compare, as in `status == \"active\"`"),
        );
    }
    if !place.at_line_end && RESERVED.contains(&found) {
        if expects(WORD_NAME) && !expects(WORD_EXPRESSION) {
            return Some(
                diagnostics::syntax_error(
                    place.span(),
                    format!("`{found}` is a reserved word and cannot be used as a name"),
                )
                .with_label("reserved word")
                .with_help(format!(
                    "write it in backticks to use it as a name: `` `{found}` ``"
                )),
            );
        }
        if expects(WORD_EXPRESSION) {
            return Some(
                diagnostics::syntax_error(
                    place.span(),
                    format!("expected an expression, found the reserved word `{found}`"),
                )
                .with_label("expected an expression here")
                .with_help(format!(
                    "to use `{found}` as a name, write it in backticks: `` `{found}` ``"
                )),
            );
        }
    }
    if expects("`=`") && words.iter().all(|w| ["`=`", "`.`", "`[`"].contains(w)) {
        return Some(missing_assign(place));
    }
    if !place.at_line_end && (expects(WORD_ITEM) || expects("the end of the file")) {
        let mut help = "the item before ends here; remove this, or join it to what comes before \
                        with an operator such as `+` or `and`"
            .to_string();
        if expects("a closing `)`") || expects("a closing `]`") || expects("a closing `}`") {
            help = format!("expected {}", join_words(words));
        }
        return Some(
            diagnostics::syntax_error(place.span(), format!("unexpected {}", place.found_words()))
                .with_label("not expected here")
                .with_help(help),
        );
    }
    None
}

/// Characters that look like part of the language but are not, as text copied from a word
/// processor or a web page brings them: curly or single quotes, and spaces that are not
/// spaces.
fn look_alike(place: &Place<'_>) -> Option<Diagnostic> {
    let character = place.found.chars().next()?;
    let code = format!("U+{:04X}", u32::from(character));
    if matches!(character, '“' | '”' | '„' | '‘' | '’' | '\'') {
        return Some(
            diagnostics::syntax_error(
                place.span(),
                format!("`{character}` is not a quote the language reads"),
            )
            .with_label("not a straight double quote")
            .with_help("write text between straight double quotes: \"like this\""),
        );
    }
    let name = match character {
        '\u{a0}' | '\u{202f}' | '\u{2007}' => "a non-breaking space",
        '\u{200b}' | '\u{2060}' | '\u{feff}' => "an invisible zero-width character",
        '\u{ad}' => "an invisible soft hyphen",
        other if other.is_whitespace() => "a space that is not an ordinary space",
        _ => return None,
    };
    Some(
        diagnostics::syntax_error(
            place.span(),
            format!("found {name} ({code}): it looks like white space but is not"),
        )
        .with_label(format!("{name} here"))
        .with_help(
            "replace it with an ordinary space, or delete it (such characters come \
                 with text copied from a word processor or a web page)",
        ),
    )
}

/// A rule (or `let`) whose `=` is missing.
fn missing_assign(place: &Place<'_>) -> Diagnostic {
    let (line_start, line) = place.line_before();
    let written = line.trim_start();
    let indented = written.len() < line.len();
    if let Some(name) = written.strip_prefix("let ") {
        return diagnostics::syntax_error(
            place.span(),
            format!("expected `=` after `let {}`", name.trim()),
        )
        .with_label("expected `=` here")
        .with_help("a `let` is written `let name = expression`");
    }
    let target = written.strip_prefix("once ").unwrap_or(written).trim();
    // A "target" after an `=` or on an indented line is a word left over after an expression.
    if indented || target.contains('=') {
        let word_start = line_start + line.rfind([' ', '\t', '(', ',']).map_or(0, |n| n + 1);
        return diagnostics::syntax_error(
            place.span_of(word_start, place.previous_end),
            format!(
                "unexpected `{}`",
                &place.text[word_start..place.previous_end]
            ),
        )
        .with_label("this does not continue the expression before it")
        .with_help(
            "join values with an operator such as `+`, `??` or `and`; a new rule starts on \
             its own line",
        );
    }
    diagnostics::syntax_error(
        place.span(),
        format!("expected `=` after the target `{target}`"),
    )
    .with_label("expected `=` here")
    .with_help(format!("a rule is written `{target} = expression`"))
}

/// Where the last token before `position` ends: white space, line breaks and comments
/// before the position are skipped.
fn content_end_before(text: &str, position: usize) -> usize {
    let mut end = position.min(text.len());
    loop {
        end = text[..end].trim_end().len();
        let line_start = text[..end].rfind('\n').map_or(0, |n| n + 1);
        match comment_start(&text[line_start..end]) {
            Some(comment) => end = line_start + comment,
            None => return end,
        }
    }
}

/// Where a `#` comment starts in a line, outside strings and backticked names.
fn comment_start(line: &str) -> Option<usize> {
    let mut in_string = false;
    let mut in_backticks = false;
    let mut escaped = false;
    for (index, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' if !in_backticks => in_string = !in_string,
            '`' if !in_string => in_backticks = !in_backticks,
            '#' if !in_string && !in_backticks => return Some(index),
            _ => {}
        }
    }
    None
}

/// The token at a position: a word, a number, or one character; empty at the end.
fn token_at(text: &str, position: usize) -> &str {
    let rest = text.get(position..).unwrap_or("");
    let mut chars = rest.char_indices();
    let Some((_, first)) = chars.next() else {
        return "";
    };
    if first == '\n' || first == '\r' {
        return "";
    }
    if first.is_alphanumeric() || first == '_' {
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        return &rest[..end];
    }
    let two = rest.get(..2).unwrap_or("");
    if ["==", "!=", "<=", ">=", "=>", "??"].contains(&two) {
        return two;
    }
    &rest[..first.len_utf8()]
}

/// The words for what the grammar expected, without repeats, in a stable order.
fn expected_words(rules: &[Rule], place: &Place<'_>) -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Vec::new();
    for &rule in rules {
        if let Some(word) = rule_word(rule) {
            if !words.contains(&word) {
                words.push(word);
            }
        }
    }
    let keyword_item = place
        .item_word()
        .is_some_and(|word| KEYWORD_ITEMS.contains(&word));
    let after_expression = words.contains(&WORD_OPERATOR);
    words.retain(|word| {
        let rule_path_part = ["`=`", "`.`", "`[`"].contains(word);
        let postfix_part = ["`.`", "`[`", "`(`"].contains(word);
        !(keyword_item && rule_path_part || after_expression && postfix_part)
    });
    // Operators and new items only matter when nothing more specific was expected.
    words.sort_by_key(|word| [WORD_OPERATOR, "the end of the file", WORD_ITEM].contains(word));
    words
}

fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [only] => (*only).to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// A rule named in words; `None` for rules that are never worth naming.
fn rule_word(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        EOI => "the end of the file",
        expr | coalesce | disjunction | conjunction | negation | comparison | sum | product
        | unary | postfix | paren | list | object | if_expr | match_expr | null_lit | true_lit
        | false_lit | call | regex | float | int | not_op | minus | expression_only => {
            "an expression"
        }
        pipe_op | coalesce_op | or_op | and_op | compare_op | add_op | mul_op | member | index => {
            "an operator"
        }
        name | ident | backtick_name | named_type => "a name",
        string => "a string",
        literal | pattern => "a value",
        wildcard => "`_`",
        type_expr | enum_type | list_type | object_type => "a type",
        field_decl => "a field",
        table_entry => "a table entry",
        match_arm => "a match arm",
        object_field => "a field",
        source_item | target_item | table_item | let_item | skip_item | reject_item | rule_item
        | kw_source | kw_target | kw_table | kw_let | kw_skip | kw_reject | kw_once
        | target_path => "a new item",
        kw_from => "`from`",
        kw_key => "`key`",
        kw_value => "`value`",
        kw_when => "`when`",
        kw_eq => "`eq`",
        kw_for => "`for`",
        kw_in => "`in`",
        kw_if => "`if`",
        kw_then => "`then`",
        kw_else => "`else`",
        assign => "`=`",
        arrow => "`=>`",
        colon => "`:`",
        comma => "`,`",
        dot => "`.`",
        bar => "`|`",
        question => "`?`",
        open_paren => "`(`",
        close_paren => "a closing `)`",
        open_bracket => "`[`",
        close_bracket => "a closing `]`",
        open_brace => "`{`",
        close_brace => "a closing `}`",
        close_quote => "a closing `\"`",
        quote => "a string",
        value_filter => "a filter such as `[type eq \"work\"]`",
        _ => return None,
    })
}
