//! Values and types the checker shares: literals, regex literals, field paths, and the
//! type of a value that is one of two types.

use super::expr::Checked;
use super::ir::{FieldStep, Operator, TypedExpr, TypedExprKind};
use super::scope::NullCause;
use crate::diagnostics::{self as diag, Diagnostic};
use crate::schema::{FieldType, Shape, Type};
use crate::source::Span;
use crate::syntax::ast::{Literal, RegexLit};
use crate::value::Value;
use std::sync::Arc;

/// The type of a literal as written.
pub fn literal_checked(span: Span, literal: &Literal) -> Checked {
    let ty = match literal {
        Literal::Null => Type::NULL,
        Literal::Bool(_) => Type::BOOL,
        Literal::Int(_) => Type::INT,
        Literal::Float(_) => Type::FLOAT,
        Literal::String(_) => Type::STRING,
    };
    let checked = Checked::new(span, ty, TypedExprKind::Constant(literal_value(literal)));
    checked.with_cause(Some(NullCause {
        text: "it is `null`".into(),
        span,
        fallback_subject: None,
    }))
}

/// A literal as a run-time value.
pub fn literal_value(literal: &Literal) -> Value {
    match literal {
        Literal::Null => Value::Null,
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Int(i) => Value::Int(*i),
        Literal::Float(f) => Value::Float(*f),
        Literal::String(s) => Value::string(s.as_str()),
    }
}

/// Compiles a regex pattern, its flags written in it, within the memory one compiled
/// regex may take.
pub(crate) fn build_regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
}

/// Compiles a regex literal with its flags, or explains why it does not compile.
pub fn compile_regex(span: Span, regex: &RegexLit) -> Result<Arc<regex::Regex>, Diagnostic> {
    if let Some(flag) = regex.flags.chars().find(|flag| !"imsx".contains(*flag)) {
        return Err(diag::invalid_regex_flag(span, flag));
    }
    let pattern = if regex.flags.is_empty() {
        regex.pattern.clone()
    } else {
        format!("(?{}){}", regex.flags, regex.pattern)
    };
    build_regex(&pattern)
        .map(Arc::new)
        .map_err(|error| diag::invalid_regex(span, &regex_error_text(&error)))
}

/// The last line of the regex crate's message, which says what is wrong.
fn regex_error_text(error: &regex::Error) -> String {
    let text = error.to_string();
    text.lines()
        .rev()
        .find(|line| line.trim_start().starts_with("error:"))
        .map(|line| {
            line.trim_start()
                .trim_start_matches("error:")
                .trim()
                .to_string()
        })
        .unwrap_or(text)
}

pub(super) fn field_checked(
    span: Span,
    path: Vec<FieldStep>,
    field: &FieldType,
    parent_cause: Option<NullCause>,
) -> Checked {
    let cause = parent_cause.or_else(|| optional_field_cause(span, field, Some(&path)));
    Checked::new(
        span,
        field.ty.clone(),
        TypedExprKind::Field {
            path,
            expected: field.ty.clone(),
        },
    )
    .with_cause(cause)
}

pub(super) fn optional_field_cause(
    span: Span,
    field: &FieldType,
    path: Option<&[FieldStep]>,
) -> Option<NullCause> {
    if !field.ty.nullable {
        return None;
    }
    let shown = path.map_or_else(|| field.name.clone(), display_path);
    Some(NullCause {
        text: format!("the source field `{shown}` is optional"),
        span,
        fallback_subject: Some(shown),
    })
}

/// `job.title`, `tags[0]`, with backticks for names that need them.
pub fn display_path(path: &[FieldStep]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            FieldStep::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(&crate::syntax::pretty::name_as_written(key));
            }
            FieldStep::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

pub(super) fn path_text(expr: &TypedExpr) -> Option<String> {
    match &expr.kind {
        TypedExprKind::Field { path, .. } => Some(display_path(path)),
        _ => None,
    }
}

pub fn binary_kind(op: Operator, left: TypedExpr, right: TypedExpr) -> TypedExprKind {
    TypedExprKind::Binary {
        op,
        left: Box::new(left),
        right: Box::new(right),
    }
}

/// The type of a value that is one of two types (branches, list elements, `??`).
pub fn unify(a: &Type, b: &Type) -> Type {
    let nullable = a.nullable || b.nullable;
    let shape = match (&a.shape, &b.shape) {
        (Shape::Error, _) | (_, Shape::Error) => Shape::Error,
        (Shape::Null, other) | (other, Shape::Null) => {
            return Type {
                shape: other.clone(),
                nullable: true,
            }
        }
        (Shape::Any, _) | (_, Shape::Any) => Shape::Any,
        (Shape::Enum(x), Shape::Enum(y)) => {
            let mut values: Vec<String> = x.to_vec();
            values.extend(y.iter().filter(|v| !x.contains(v)).cloned());
            Shape::Enum(values.into())
        }
        (Shape::Enum(_), Shape::String) | (Shape::String, Shape::Enum(_)) => Shape::String,
        (Shape::Int, Shape::Float) | (Shape::Float, Shape::Int) => Shape::Float,
        (Shape::List(x), Shape::List(y)) => Shape::List(Box::new(unify(x, y))),
        (x, y) if x == y => x.clone(),
        _ => Shape::Any,
    };
    Type { shape, nullable }
}
