//! Turning a pest error into a diagnostic in plain words: rules are named as words and the
//! likely mistakes get their own message.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::grammar::Rule;
use crate::diagnostics::{self, Diagnostic};
use crate::source::Span;

/// Converts a pest error for `text` (which starts at byte `offset` of the file).
pub(super) fn from_pest(error: &Error<Rule>, text: &str, offset: usize) -> Diagnostic {
    let position = match error.location {
        InputLocation::Pos(position) => position,
        InputLocation::Span((start, _)) => start,
    };
    let expected: Vec<Rule> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let found = token_at(text, position);
    let span = Span::new(offset + position, offset + position + found.len());
    let words = expected_words(&expected);
    let found_words = describe_found(found);
    let message = if words.is_empty() {
        format!("unexpected {found_words}")
    } else {
        format!("expected {}, found {found_words}", join_words(&words))
    };
    diagnostics::syntax_error(span, message).with_label("not expected here")
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

fn describe_found(token: &str) -> String {
    if token.is_empty() {
        "the end of the line".to_string()
    } else {
        format!("`{token}`")
    }
}

/// The words for what the grammar expected, without repeats, in a stable order.
fn expected_words(rules: &[Rule]) -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Vec::new();
    for &rule in rules {
        if let Some(word) = rule_word(rule) {
            if !words.contains(&word) {
                words.push(word);
            }
        }
    }
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
        value_filter => "a filter such as `[type eq \"work\"]`",
        _ => return None,
    })
}
