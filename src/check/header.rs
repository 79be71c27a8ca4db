//! The parts of a mapping read before any rule: `source`, `target` and tables.

use super::describe::describe;
use super::ir::CheckedTable;
use super::scope::{Scope, TableInfo};
use super::suggest::did_you_mean;
use super::values::literal_value;
use crate::diagnostics::{self as diag, Diagnostic};
use crate::schema::target::TargetSchema;
use crate::schema::{ObjectType, Type};
use crate::source::{without_byte_order_mark, SourceFile, Span};
use crate::syntax::ast::{Item, Literal, ParsedFile, SourceKind, TableBody, TableDecl, TargetKind};
use crate::value::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// The declared source and target of a mapping.
pub struct Header {
    pub source: Option<Arc<ObjectType>>,
    pub target: TargetSchema,
    /// Where required-attribute findings point: the `target` line, or the file start.
    pub target_span: Span,
}

/// Reads `source` and `target`; problems become diagnostics and the mapping is checked
/// against `any` fields and the built-in target instead.
pub fn read_header(
    file: &SourceFile,
    parsed: &ParsedFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Header {
    let mut source = None;
    let mut source_span: Option<Span> = None;
    let mut target = None;
    let mut target_span: Option<Span> = None;
    for item in &parsed.items {
        match item {
            Item::Source(decl) => {
                if let Some(first) = source_span {
                    diagnostics.push(diag::duplicate_header(decl.span, "source", first));
                    continue;
                }
                source_span = Some(decl.span);
                source = read_source(file, &decl.kind, diagnostics);
            }
            Item::Target(decl) => {
                if let Some(first) = target_span {
                    diagnostics.push(diag::duplicate_header(decl.span, "target", first));
                    continue;
                }
                target_span = Some(decl.span);
                target = read_target(file, &decl.kind, diagnostics);
            }
            _ => {}
        }
    }
    Header {
        // A source that failed to load is treated as "fields of unknown type": the
        // load error is the one finding, not a flood of unknown fields.
        source: source.map(Arc::new),
        target: target.unwrap_or_else(crate::schema::target::plek),
        target_span: target_span.unwrap_or(Span::new(0, 0)),
    }
}

fn read_source(
    file: &SourceFile,
    kind: &SourceKind,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ObjectType> {
    match kind {
        SourceKind::Inline(fields) => {
            let (object, mut found) = crate::schema::source::from_inline(fields);
            diagnostics.append(&mut found);
            Some(object)
        }
        SourceKind::File(path) => {
            let full = file.directory().join(&path.value);
            let text = match crate::source::read_text(&full) {
                Ok(text) => text,
                Err(error) => {
                    diagnostics.push(diag::file_problem(
                        "source-unreadable",
                        path.span,
                        format!(
                            "cannot read the source schema {:?}: {}",
                            path.value,
                            plain_io(&error.to_string())
                        ),
                        "the path is relative to the mapping file; check that the file exists",
                    ));
                    return None;
                }
            };
            match crate::schema::source::load_json_schema(without_byte_order_mark(&text)) {
                Ok(object) => Some(object),
                Err(error) => {
                    diagnostics.push(diag::file_problem(
                        "schema-invalid",
                        path.span,
                        format!("the source schema {:?} is not usable: {error}", path.value),
                        "fix the JSON Schema file; docs/language.md lists the parts that are read",
                    ));
                    None
                }
            }
        }
    }
}

fn read_target(
    file: &SourceFile,
    kind: &TargetKind,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<TargetSchema> {
    match kind {
        TargetKind::BuiltIn(ident) if ident.name == "plek" => Some(crate::schema::target::plek()),
        TargetKind::BuiltIn(ident) => {
            let suggestion = did_you_mean(&ident.name, ["plek"]);
            let mut diagnostic = diag::file_problem(
                "unknown-target-schema",
                ident.span,
                format!("there is no built-in target `{}`", ident.name),
                "the built-in target is `plek`; a SCIM /Schemas file is named in quotes: `target \"schemas.json\"`",
            );
            if let Some(name) = suggestion {
                diagnostic.help = Some(format!("did you mean `{name}`?"));
            }
            diagnostics.push(diagnostic);
            None
        }
        TargetKind::File(path) => {
            let full = file.directory().join(&path.value);
            let text = match crate::source::read_text(&full) {
                Ok(text) => text,
                Err(error) => {
                    diagnostics.push(diag::file_problem(
                        "target-unreadable",
                        path.span,
                        format!(
                            "cannot read the target schema {:?}: {}",
                            path.value,
                            plain_io(&error.to_string())
                        ),
                        "the path is relative to the mapping file; check that the file exists",
                    ));
                    return None;
                }
            };
            match crate::schema::target::load_target_schema(without_byte_order_mark(&text)) {
                Ok(target) => Some(target),
                Err(error) => {
                    diagnostics.push(diag::file_problem(
                        "schema-invalid",
                        path.span,
                        format!("the target schema {:?} is not usable: {error}", path.value),
                        "a target file is a SCIM /Schemas document (RFC 7643 section 7)",
                    ));
                    None
                }
            }
        }
    }
}

/// Loads every table (inline or from CSV) into the scope, in file order.
pub fn read_tables(
    file: &SourceFile,
    parsed: &ParsedFile,
    scope: &mut Scope,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<CheckedTable> {
    let mut tables = Vec::new();
    for item in &parsed.items {
        let Item::Table(decl) = item else { continue };
        if let Some(index) = scope.table_index(&decl.name.name) {
            diagnostics.push(diag::duplicate_name(
                decl.name.span,
                &decl.name.name,
                scope.tables[index].span,
                "a table",
            ));
            continue;
        }
        if scope.is_source_field(&decl.name.name) {
            // The field wins in expressions; say so rather than silently hide the table.
            diagnostics.push(diag::duplicate_name(
                decl.name.span,
                &decl.name.name,
                decl.name.span,
                "a source field",
            ));
        }
        let (entries, value_type) = match &decl.body {
            TableBody::Inline(_) => inline_entries(decl, diagnostics),
            TableBody::Csv {
                path,
                key_column,
                value_column,
            } => csv_entries(
                file,
                path,
                &key_column.name,
                &value_column.name,
                diagnostics,
            ),
        };
        scope.tables.push(TableInfo {
            name: decl.name.name.clone(),
            value_type: value_type.clone(),
            span: decl.name.span,
            users: Vec::new(),
        });
        tables.push(CheckedTable {
            name: decl.name.name.clone(),
            entries,
            value_type,
            span: decl.span,
        });
    }
    tables
}

/// The key under which a table stores (and looks up) a value: text as is, numbers and
/// booleans as `string()` writes them.
pub fn table_key(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.to_string()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn inline_entries(
    decl: &TableDecl,
    diagnostics: &mut Vec<Diagnostic>,
) -> (HashMap<String, Value>, Type) {
    let TableBody::Inline(entries) = &decl.body else {
        return (HashMap::new(), Type::ANY);
    };
    let mut map = HashMap::new();
    let mut first_seen: HashMap<String, Span> = HashMap::new();
    let mut value_type: Option<Type> = None;
    for entry in entries {
        let key = literal_value(&entry.key);
        let Some(key) = table_key(&key) else {
            diagnostics.push(diag::invalid_table(
                entry.key_span,
                "a table key must be text or a number".into(),
                "write the key in quotes, for example \"NL\"",
            ));
            continue;
        };
        if let Some(first) = first_seen.get(&key) {
            diagnostics.push(
                diag::invalid_table(
                    entry.key_span,
                    format!("the key {key:?} is in the table twice"),
                    "remove one of the entries",
                )
                .with_related(*first, "first entry"),
            );
            continue;
        }
        let entry_type = literal_type(&entry.value);
        value_type = Some(match value_type {
            None => entry_type,
            Some(known) => {
                let unified = super::values::unify(&known, &entry_type);
                if unified.shape == crate::schema::Shape::Any {
                    diagnostics.push(diag::invalid_table(
                        entry.value_span,
                        format!(
                            "this value is {}, but earlier values are {}",
                            describe(&entry_type),
                            describe(&known)
                        ),
                        "give every value of a table the same type",
                    ));
                }
                unified
            }
        });
        first_seen.insert(key.clone(), entry.key_span);
        map.insert(key, literal_value(&entry.value));
    }
    (map, value_type.unwrap_or(Type::ANY).non_null())
}

fn literal_type(literal: &Literal) -> Type {
    match literal {
        Literal::Null => Type::NULL,
        Literal::Bool(_) => Type::BOOL,
        Literal::Int(_) => Type::INT,
        Literal::Float(_) => Type::FLOAT,
        Literal::String(_) => Type::STRING,
    }
}

fn csv_entries(
    file: &SourceFile,
    path: &crate::syntax::ast::StringLit,
    key_column: &str,
    value_column: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> (HashMap<String, Value>, Type) {
    let full = file.directory().join(&path.value);
    match crate::schema::table::load_csv_table(&full, key_column, value_column) {
        Ok(rows) => (
            rows.into_iter()
                .map(|(key, value)| (key, Value::string(value)))
                .collect(),
            Type::STRING,
        ),
        Err(error) => {
            diagnostics.push(diag::file_problem(
                "table-unreadable",
                path.span,
                format!("cannot load the table from {:?}: {}", path.value, plain_io(&error.to_string())),
                "the path is relative to the mapping file; the CSV needs a header row naming the key and value columns",
            ));
            (HashMap::new(), Type::ERROR)
        }
    }
}

/// An I/O error in plain words, without the `(os error 2)` that people do not need.
fn plain_io(text: &str) -> String {
    match text.rfind(" (os error ") {
        Some(at) => text[..at].to_string(),
        None => text.to_string(),
    }
}
