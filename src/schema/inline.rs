//! Inline `source { field: type ... }` blocks, turned into the type model.

use std::collections::HashMap;

use crate::check::suggest::did_you_mean;
use crate::diagnostics::{self, Diagnostic};
use crate::syntax::ast::{FieldDecl, TypeExpr, TypeExprKind};

use super::types::{FieldType, ObjectType, Type};

/// The type names an inline source block may use.
pub const TYPE_NAMES: [&str; 7] = ["string", "int", "float", "bool", "date", "datetime", "any"];

/// The record type an inline source block declares.
///
/// Mistakes do not stop loading: an unknown type name becomes the error type (so the
/// checker says nothing more about that field), and a field declared twice keeps its
/// first declaration. Each mistake gives one diagnostic.
pub fn from_inline(fields: &[FieldDecl]) -> (ObjectType, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let fields = field_types(fields, &mut diagnostics);
    (ObjectType { fields }, diagnostics)
}

fn field_types(fields: &[FieldDecl], diagnostics: &mut Vec<Diagnostic>) -> Vec<FieldType> {
    let mut first_spans = HashMap::new();
    let mut types = Vec::with_capacity(fields.len());
    for field in fields {
        let ty = type_of(&field.ty, diagnostics);
        if let Some(&first) = first_spans.get(field.name.name.as_str()) {
            diagnostics.push(diagnostics::duplicate_field(
                field.name.span,
                &field.name.name,
                first,
            ));
            continue;
        }
        first_spans.insert(field.name.name.as_str(), field.name.span);
        types.push(FieldType {
            name: field.name.name.clone(),
            ty,
        });
    }
    types
}

fn type_of(expr: &TypeExpr, diagnostics: &mut Vec<Diagnostic>) -> Type {
    match &expr.kind {
        TypeExprKind::Named(name) => named_type(&name.name).unwrap_or_else(|| {
            let suggestion = did_you_mean(&name.name, TYPE_NAMES);
            diagnostics.push(diagnostics::unknown_type(
                name.span,
                &name.name,
                suggestion,
                &TYPE_NAMES,
            ));
            Type::ERROR
        }),
        TypeExprKind::List(element) => Type::list(type_of(element, diagnostics)),
        TypeExprKind::Object(fields) => Type::object(field_types(fields, diagnostics)),
        TypeExprKind::Enum(values) => {
            let mut strings: Vec<String> = Vec::with_capacity(values.len());
            for value in values {
                if !strings.contains(&value.value) {
                    strings.push(value.value.clone());
                }
            }
            Type::enumeration(strings)
        }
        TypeExprKind::Nullable(inner) => type_of(inner, diagnostics).or_null(),
    }
}

fn named_type(name: &str) -> Option<Type> {
    Some(match name {
        "string" => Type::STRING,
        "int" => Type::INT,
        "float" => Type::FLOAT,
        "bool" => Type::BOOL,
        "date" => Type::DATE,
        "datetime" => Type::DATETIME,
        "any" => Type::ANY,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;
    use crate::syntax::ast::{Ident, StringLit};

    fn ident(name: &str, at: usize) -> Ident {
        Ident {
            name: name.to_string(),
            span: Span::new(at, at + name.len()),
        }
    }

    fn named(name: &str, at: usize) -> TypeExpr {
        TypeExpr {
            span: Span::new(at, at + name.len()),
            kind: TypeExprKind::Named(ident(name, at)),
        }
    }

    fn wrap(kind: TypeExprKind) -> TypeExpr {
        TypeExpr {
            span: Span::new(0, 0),
            kind,
        }
    }

    fn field(name: &str, at: usize, ty: TypeExpr) -> FieldDecl {
        FieldDecl {
            span: Span::new(at, at + name.len()),
            name: ident(name, at),
            ty,
        }
    }

    fn printed(object: &ObjectType) -> Vec<String> {
        object
            .fields
            .iter()
            .map(|field| format!("{}: {}", field.name, field.ty))
            .collect()
    }

    #[test]
    fn every_type_form_loads() {
        let status = wrap(TypeExprKind::Enum(
            ["active", "leave", "active"]
                .iter()
                .map(|value| StringLit {
                    value: value.to_string(),
                    span: Span::new(0, 0),
                })
                .collect(),
        ));
        let fields = vec![
            field("employee_id", 0, named("int", 20)),
            field(
                "last_name",
                30,
                wrap(TypeExprKind::Nullable(Box::new(named("string", 40)))),
            ),
            field(
                "tags",
                50,
                wrap(TypeExprKind::List(Box::new(named("string", 60)))),
            ),
            field(
                "department",
                70,
                wrap(TypeExprKind::Object(vec![field(
                    "code",
                    80,
                    named("string", 90),
                )])),
            ),
            field("status", 100, status),
            field("hired", 110, named("date", 120)),
            field("custom", 130, named("any", 140)),
        ];
        let (object, diagnostics) = from_inline(&fields);
        assert!(diagnostics.is_empty());
        assert_eq!(
            printed(&object),
            [
                "employee_id: int",
                "last_name: string?",
                "tags: [string]",
                "department: { code: string }",
                "status: \"active\" | \"leave\"",
                "hired: date",
                "custom: any",
            ]
        );
    }

    #[test]
    fn unknown_type_suggests_a_name_and_loads_as_error() {
        let fields = vec![field("first_name", 0, named("strng", 12))];
        let (object, diagnostics) = from_inline(&fields);
        assert_eq!(object.fields[0].ty, Type::ERROR);
        assert_eq!(diagnostics.len(), 1);
        let diagnostic = &diagnostics[0];
        assert_eq!(diagnostic.code, "unknown-type");
        assert_eq!(diagnostic.message, "there is no type `strng`");
        assert_eq!(diagnostic.span, Span::new(12, 17));
        assert_eq!(diagnostic.help.as_deref(), Some("did you mean `string`?"));
    }

    #[test]
    fn unknown_type_without_a_close_name_lists_the_types() {
        let fields = vec![field("salary", 0, named("money", 8))];
        let (_, diagnostics) = from_inline(&fields);
        assert!(diagnostics[0]
            .help
            .as_deref()
            .is_some_and(|help| help.starts_with("the types are string, int, float")));
    }

    #[test]
    fn duplicate_fields_keep_the_first_and_point_at_both() {
        let fields = vec![
            field("email", 0, named("string", 7)),
            field("email", 20, named("int", 27)),
            field(
                "job",
                40,
                wrap(TypeExprKind::Object(vec![
                    field("title", 50, named("string", 57)),
                    field("title", 70, named("string", 77)),
                ])),
            ),
        ];
        let (object, diagnostics) = from_inline(&fields);
        assert_eq!(
            printed(&object),
            ["email: string", "job: { title: string }"]
        );
        let codes: Vec<_> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["duplicate-field", "duplicate-field"]);
        assert_eq!(diagnostics[0].span, Span::new(20, 25));
        assert_eq!(diagnostics[0].related[0].0, Span::new(0, 5));
        assert_eq!(diagnostics[1].span, Span::new(70, 75));
    }
}
