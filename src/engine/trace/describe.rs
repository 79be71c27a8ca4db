//! Short source-like text for compiled expressions, so an explanation can say
//! `email is null → fallback` without going back to the mapping file.

use super::super::program::{Expr, FieldRead, Pattern, Table};
use crate::value::Value;

/// Text longer than this is cut with `…`.
const LIMIT: usize = 60;

/// What the names of a mapping's lets and tables are, by slot.
#[derive(Clone, Copy)]
pub(crate) struct Names<'n> {
    /// `lets[i]` names let `i`.
    pub lets: &'n [String],
    pub tables: &'n [Table],
}

/// The expression as it would be written (pipes appear as calls), cut to a readable
/// length.
pub(crate) fn describe(expr: &Expr, names: Names<'_>) -> String {
    let mut text = String::new();
    write_expr(expr, names, &mut text);
    shorten(&text)
}

/// A pattern of a `match` arm: `"NL"`, `/^NL/`, `_`.
pub(crate) fn describe_pattern(pattern: &Pattern) -> String {
    match pattern {
        Pattern::Constant(value) => constant(value),
        Pattern::Regex(regex) => format!("/{}/", regex.as_str()),
        Pattern::Wildcard => "_".into(),
    }
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

fn constant(value: &Value) -> String {
    match value {
        Value::Regex(regex) => format!("/{}/", regex.as_str()),
        Value::Date(date) => format!("\"{date}\""),
        other => other.to_json().to_string(),
    }
}

fn write_expr(expr: &Expr, names: Names<'_>, out: &mut String) {
    // Long enough already: the rest would be cut anyway.
    if out.len() > LIMIT * 4 {
        return;
    }
    match expr {
        Expr::Constant(value) => out.push_str(&constant(value)),
        Expr::Interpolated(parts) => {
            out.push('"');
            for part in parts.iter() {
                match part {
                    Expr::Constant(Value::String(text)) => out.push_str(text),
                    other => {
                        out.push('{');
                        write_expr(other, names, out);
                        out.push('}');
                    }
                }
            }
            out.push('"');
        }
        Expr::Field(read) => out.push_str(&read.display),
        Expr::Let(index) => out.push_str(names.lets.get(*index).map_or("let", String::as_str)),
        Expr::Local(_) => out.push_str("item"),
        Expr::Member(member) => {
            write_expr(&member.0, names, out);
            out.push('.');
            out.push_str(&member.1);
        }
        Expr::Index(index) => {
            write_expr(&index.0, names, out);
            out.push('[');
            write_expr(&index.1, names, out);
            out.push(']');
        }
        Expr::TableLookup(table, key) => {
            let name = names
                .tables
                .get(*table)
                .map_or("table", |t| t.name.as_str());
            out.push_str(name);
            out.push('[');
            write_expr(key, names, out);
            out.push(']');
        }
        Expr::List(items) => write_list("[", items, "]", names, out),
        Expr::Object(_) => out.push_str("{...}"),
        Expr::Comprehension(_) => out.push_str("[... for ...]"),
        Expr::Not(operand) => {
            out.push_str("not ");
            write_expr(operand, names, out);
        }
        Expr::Negate(operand) => {
            out.push('-');
            write_expr(operand, names, out);
        }
        Expr::Binary(binary) => {
            write_operand(&binary.left, names, out);
            out.push_str(&format!(" {} ", binary.op.symbol()));
            write_operand(&binary.right, names, out);
        }
        Expr::InSet(set) => {
            write_operand(&set.subject, names, out);
            out.push_str(" in [...]");
        }
        Expr::Call(call) => {
            out.push_str(call.name);
            write_list("(", &call.args, ")", names, out);
        }
        Expr::If(_) => out.push_str("if ..."),
        Expr::Match(choice) => {
            out.push_str("match ");
            write_expr(&choice.subject, names, out);
            out.push_str(" {...}");
        }
    }
}

/// Binary operands get parentheses when they are binary themselves.
fn write_operand(expr: &Expr, names: Names<'_>, out: &mut String) {
    if matches!(expr, Expr::Binary(_) | Expr::If(_)) {
        out.push('(');
        write_expr(expr, names, out);
        out.push(')');
    } else {
        write_expr(expr, names, out);
    }
}

fn write_list(open: &str, items: &[Expr], close: &str, names: Names<'_>, out: &mut String) {
    out.push_str(open);
    for (position, item) in items.iter().enumerate() {
        if position > 0 {
            out.push_str(", ");
        }
        write_expr(item, names, out);
    }
    out.push_str(close);
}

/// The fields and lets an expression reads, in the order met, each once: the inputs an
/// explanation shows beside a condition. Comprehension bodies are left out.
pub(crate) fn inputs<'p>(expr: &'p Expr, found: &mut Vec<Input<'p>>) {
    match expr {
        Expr::Field(read) => {
            if !found
                .iter()
                .any(|input| matches!(input, Input::Field(seen) if seen.display == read.display))
            {
                found.push(Input::Field(read));
            }
        }
        Expr::Let(index) => {
            if !found
                .iter()
                .any(|input| matches!(input, Input::Let(seen) if seen == index))
            {
                found.push(Input::Let(*index));
            }
        }
        Expr::Constant(_) | Expr::Local(_) | Expr::Comprehension(_) => {}
        Expr::Interpolated(items) | Expr::List(items) => {
            items.iter().for_each(|item| inputs(item, found))
        }
        Expr::Member(member) => inputs(&member.0, found),
        Expr::Index(index) => {
            inputs(&index.0, found);
            inputs(&index.1, found);
        }
        Expr::TableLookup(_, key) => inputs(key, found),
        Expr::Object(object) => object.values.iter().for_each(|value| inputs(value, found)),
        Expr::Not(operand) | Expr::Negate(operand) => inputs(operand, found),
        Expr::Binary(binary) => {
            inputs(&binary.left, found);
            inputs(&binary.right, found);
        }
        Expr::InSet(set) => inputs(&set.subject, found),
        Expr::Call(call) => call.args.iter().for_each(|arg| inputs(arg, found)),
        Expr::If(branch) => {
            inputs(&branch.condition, found);
            inputs(&branch.then, found);
            if let Some(otherwise) = &branch.otherwise {
                inputs(otherwise, found);
            }
        }
        Expr::Match(choice) => {
            inputs(&choice.subject, found);
            choice.arms.iter().for_each(|arm| inputs(&arm.value, found));
        }
    }
}

/// A field read or a let, found by [`inputs`].
pub(crate) enum Input<'p> {
    Field(&'p FieldRead),
    Let(usize),
}
