//! The canonical layout of a mapping file, used by `datamapper fmt`.
//!
//! Items keep their order; blank lines separate groups of different item kinds and stay
//! where the author put one; `=` lines up in blocks of rules and `let`s; expressions stay
//! on one line when they fit in 100 columns and are broken outermost-first otherwise;
//! every comment is kept. See `lines` for how comments find their place.

mod align;
mod flat;

pub use flat::name_as_written;
mod layout;
mod lines;

use crate::syntax::ast::{
    FieldDecl, Item, ParsedFile, SourceKind, TableBody, TableDecl, TargetKind,
};
use layout::Writer;
use lines::ItemExtent;

/// Prints a parsed file in the canonical layout. `source` is the text it was parsed
/// from (used to find the blank lines and comment positions the author wrote).
pub fn format(file: &ParsedFile, source: &str) -> String {
    let mut writer = Writer::new(source);
    let key_widths = align::key_widths(&file.items, source);
    for (index, item) in file.items.iter().enumerate() {
        writer.item = index;
        let first = writer.lines.len();
        write_item(&mut writer, item, key_widths[index]);
        if let Some(line) = writer.lines.get_mut(first) {
            line.blank_ok = true;
            line.group_break = index > 0 && group(&file.items[index - 1]) != group(item);
        }
    }
    let extents: Vec<ItemExtent> = file
        .items
        .iter()
        .map(|item| ItemExtent {
            start: item.span().start,
            end: item.span().end,
        })
        .collect();
    let at_end = lines::place_comments(&mut writer.lines, &extents, &file.comments, source);
    lines::render(&writer.lines, &extents, &file.comments, &at_end, source)
}

/// Items of one group sit together; a blank line separates different groups.
fn group(item: &Item) -> u8 {
    match item {
        Item::Source(_) | Item::Target(_) => 0,
        Item::Table(_) => 1,
        Item::Let(_) => 2,
        Item::Skip(_) | Item::Reject(_) => 3,
        Item::Rule(_) => 4,
    }
}

fn write_item(writer: &mut Writer, item: &Item, key_width: usize) {
    let span = item.span();
    writer.line(0, span.start, span.start);
    match item {
        Item::Source(decl) => match &decl.kind {
            SourceKind::File(path) => writer.push(&format!("source {}", flat::string(&path.value))),
            SourceKind::Inline(fields) => {
                writer.push("source ");
                write_fields(writer, fields, span.end);
            }
        },
        Item::Target(decl) => match &decl.kind {
            TargetKind::BuiltIn(name) => writer.push(&format!("target {}", flat::ident(name))),
            TargetKind::File(path) => writer.push(&format!("target {}", flat::string(&path.value))),
        },
        Item::Table(table) => write_table(writer, table),
        Item::Let(decl) => {
            let name = flat::ident(&decl.name);
            writer.push(&format!("let {} = ", padded(&name, key_width)));
            let base = writer.column();
            writer.expr(&decl.value, base, 0);
        }
        Item::Skip(decl) => {
            writer.push("skip when ");
            let base = writer.column();
            writer.expr(&decl.condition, base, 0);
        }
        Item::Reject(decl) => {
            writer.push(&format!(
                "reject {} when ",
                flat::string(&decl.reason.value)
            ));
            let base = writer.column();
            writer.expr(&decl.condition, base, 0);
        }
        Item::Rule(rule) => {
            let target = align::rule_target(rule);
            writer.push(&format!("{} = ", padded(&target, key_width)));
            let base = writer.column();
            writer.expr(&rule.value, base, 0);
        }
    }
}

fn padded(key: &str, width: usize) -> String {
    let pad = width.saturating_sub(key.chars().count());
    format!("{key}{}", " ".repeat(pad))
}

/// `{`, one `name: type` per line, `}`.
fn write_fields(writer: &mut Writer, fields: &[FieldDecl], end: u32) {
    if fields.is_empty() {
        writer.push("{}");
        return;
    }
    writer.push("{");
    for (index, field) in fields.iter().enumerate() {
        let line = writer.line(2, field.span.start, field.span.end);
        line.blank_ok = index > 0;
        let text = format!(
            "{}: {}",
            flat::ident(&field.name),
            flat::type_expr(&field.ty)
        );
        writer.push(&text);
    }
    writer.line(0, end.saturating_sub(1), end).comment_indent = 2;
    writer.push("}");
}

fn write_table(writer: &mut Writer, table: &TableDecl) {
    let name = flat::ident(&table.name);
    match &table.body {
        TableBody::Csv {
            path,
            key_column,
            value_column,
        } => writer.push(&format!(
            "table {name} from {} key {} value {}",
            flat::string(&path.value),
            flat::column(key_column),
            flat::column(value_column)
        )),
        TableBody::Inline(entries) if entries.is_empty() => {
            writer.push(&format!("table {name} {{}}"));
        }
        TableBody::Inline(entries) => {
            writer.push(&format!("table {name} {{"));
            let keys: Vec<String> = entries
                .iter()
                .map(|entry| flat::literal(&entry.key))
                .collect();
            let width = layout::aligned_width(&keys);
            for (index, (entry, key)) in entries.iter().zip(&keys).enumerate() {
                let line = writer.line(2, entry.span.start, entry.span.end);
                line.blank_ok = index > 0;
                let text = format!("{} => {}", padded(key, width), flat::literal(&entry.value));
                writer.push(&text);
            }
            let end = table.span.end;
            writer.line(0, end.saturating_sub(1), end).comment_indent = 2;
            writer.push("}");
        }
    }
}
