//! Checking binary operators: comparisons (with date literals read as dates and enum
//! values checked), membership, and arithmetic.

use super::describe::{describe, list_values};
use super::expr::Checked;
use super::ir::{Operator, TypedExpr, TypedExprKind};
use super::scope::NullCause;
use super::values::binary_kind;
use crate::diagnostics::{self as diag, Diagnostic};
use crate::schema::{Shape, Type};
use crate::source::Span;
use crate::syntax::ast::BinaryOp;
use crate::value::Value;

/// Checks `left op right` for every operator except `and`, `or` and `??`.
pub fn check_operator(
    diagnostics: &mut Vec<Diagnostic>,
    span: Span,
    op: BinaryOp,
    mut left: Checked,
    mut right: Checked,
) -> Checked {
    match op {
        BinaryOp::Equal | BinaryOp::NotEqual => {
            fold_date_literal(diagnostics, &left, &mut right);
            fold_date_literal(diagnostics, &right, &mut left);
            check_enum_literal(diagnostics, &left, &right, op == BinaryOp::NotEqual);
            check_enum_literal(diagnostics, &right, &left, op == BinaryOp::NotEqual);
            if !comparable(left.ty(), right.ty()) {
                push_incomparable(diagnostics, op, &left, &right);
                return error(span);
            }
            let operator = if op == BinaryOp::Equal {
                Operator::Equal
            } else {
                Operator::NotEqual
            };
            typed(span, Type::BOOL, operator, left, right, None)
        }
        BinaryOp::Less | BinaryOp::LessEqual | BinaryOp::Greater | BinaryOp::GreaterEqual => {
            fold_date_literal(diagnostics, &left, &mut right);
            fold_date_literal(diagnostics, &right, &mut left);
            if !orderable(left.ty(), right.ty()) {
                push_incomparable(diagnostics, op, &left, &right);
                return error(span);
            }
            let operator = match op {
                BinaryOp::Less => Operator::Less,
                BinaryOp::LessEqual => Operator::LessEqual,
                BinaryOp::Greater => Operator::Greater,
                _ => Operator::GreaterEqual,
            };
            let nullable = left.ty().nullable || right.ty().nullable;
            let cause = left.cause.clone().or_else(|| right.cause.clone());
            let ty = if nullable {
                Type::BOOL.or_null()
            } else {
                Type::BOOL
            };
            typed(span, ty, operator, left, right, cause)
        }
        BinaryOp::In => check_in(diagnostics, span, left, right),
        BinaryOp::Add | BinaryOp::Subtract | BinaryOp::Multiply | BinaryOp::Divide => {
            check_arithmetic(diagnostics, span, op, left, right)
        }
        BinaryOp::And | BinaryOp::Or | BinaryOp::Coalesce => error(span),
    }
}

fn typed(
    span: Span,
    ty: Type,
    op: Operator,
    left: Checked,
    right: Checked,
    cause: Option<NullCause>,
) -> Checked {
    let nullable = ty.nullable;
    Checked {
        expr: TypedExpr {
            span,
            ty,
            kind: binary_kind(op, left.expr, right.expr),
        },
        cause: if nullable { cause } else { None },
    }
}

fn error(span: Span) -> Checked {
    Checked {
        expr: TypedExpr {
            span,
            ty: Type::ERROR,
            kind: TypedExprKind::Constant(Value::Null),
        },
        cause: None,
    }
}

/// A text literal compared with a date is read as a date: `hire_date > "2026-01-01"`.
fn fold_date_literal(diagnostics: &mut Vec<Diagnostic>, date_side: &Checked, other: &mut Checked) {
    if !matches!(date_side.ty().shape, Shape::Date | Shape::DateTime) {
        return;
    }
    let TypedExprKind::Constant(Value::String(text)) = &other.expr.kind else {
        return;
    };
    let folded = date_literal(&date_side.ty().shape, text);
    match folded {
        Some(value) => {
            other.expr.ty = date_side.ty().clone().non_null();
            other.expr.kind = TypedExprKind::Constant(value);
        }
        None => {
            diagnostics.push(diag::date_compared_to_text(other.expr.span, text));
            other.expr.ty = Type::ERROR;
        }
    }
}

/// `employment_status != "terminatd"`: the literal is not one of the enum's values.
fn check_enum_literal(
    diagnostics: &mut Vec<Diagnostic>,
    enum_side: &Checked,
    other: &Checked,
    negated: bool,
) {
    let Shape::Enum(values) = &enum_side.ty().shape else {
        return;
    };
    if let TypedExprKind::Constant(Value::String(text)) = &other.expr.kind {
        if !values.iter().any(|value| value.as_str() == text.as_ref()) {
            diagnostics.push(diag::impossible_comparison(
                other.expr.span,
                text,
                &list_values(values),
                negated,
            ));
        }
    }
}

fn comparable(a: &Type, b: &Type) -> bool {
    let unknown = |ty: &Type| ty.is_unknown() || ty.shape == Shape::Null;
    if unknown(a) || unknown(b) {
        return true;
    }
    match (&a.shape, &b.shape) {
        _ if a.is_text() && b.is_text() => true,
        _ if a.is_number() && b.is_number() => true,
        (Shape::Date | Shape::DateTime, Shape::Date | Shape::DateTime) => true,
        (Shape::Bool, Shape::Bool) => true,
        (Shape::List(_), Shape::List(_)) | (Shape::Object(_), Shape::Object(_)) => true,
        _ => false,
    }
}

fn orderable(a: &Type, b: &Type) -> bool {
    let scalar = |ty: &Type| {
        ty.is_text()
            || ty.is_number()
            || matches!(
                ty.shape,
                Shape::Date | Shape::DateTime | Shape::Any | Shape::Error | Shape::Null
            )
    };
    scalar(a) && scalar(b) && comparable(a, b)
}

fn push_incomparable(
    diagnostics: &mut Vec<Diagnostic>,
    op: BinaryOp,
    left: &Checked,
    right: &Checked,
) {
    if left.ty().shape == Shape::Error || right.ty().shape == Shape::Error {
        return;
    }
    let found = format!("{} and {}", describe(left.ty()), describe(right.ty()));
    let help = if left.ty().is_text() || right.ty().is_text() {
        "convert one side first, with `string(...)`, `int(...)` or `date(...)`"
    } else {
        "compare values of the same kind"
    };
    diagnostics.push(diag::wrong_operand_type(
        left.expr.span.to(right.expr.span),
        op.symbol(),
        &found,
        help,
    ));
}

fn check_in(
    diagnostics: &mut Vec<Diagnostic>,
    span: Span,
    left: Checked,
    mut right: Checked,
) -> Checked {
    fold_date_list(diagnostics, &left, &mut right);
    let element = match &right.ty().shape {
        Shape::List(element) => (**element).clone(),
        Shape::Any | Shape::Error | Shape::Null => Type::ANY,
        _ => {
            let found = describe(right.ty());
            diagnostics.push(diag::wrong_operand_type(
                right.expr.span,
                "in",
                &found,
                "`in` looks for a value in a list: `x in [\"a\", \"b\"]`",
            ));
            return error(span);
        }
    };
    if !comparable(left.ty(), &element) {
        push_incomparable(diagnostics, BinaryOp::In, &left, &right);
        return error(span);
    }
    if let (Shape::Enum(values), TypedExprKind::List(items)) = (&left.ty().shape, &right.expr.kind)
    {
        for item in items {
            if let TypedExprKind::Constant(Value::String(text)) = &item.kind {
                if !values.iter().any(|value| value.as_str() == text.as_ref()) {
                    diagnostics.push(
                        diag::impossible_comparison(item.span, text, &list_values(values), false)
                            .with_help(format!(
                                "this value never matches; the allowed values are {}",
                                list_values(values)
                            )),
                    );
                }
            }
        }
    }
    typed(span, Type::BOOL, Operator::In, left, right, None)
}

fn check_arithmetic(
    diagnostics: &mut Vec<Diagnostic>,
    span: Span,
    op: BinaryOp,
    left: Checked,
    right: Checked,
) -> Checked {
    let (a, b) = (left.ty(), right.ty());
    if a.shape == Shape::Error || b.shape == Shape::Error {
        return error(span);
    }
    let unknown = |ty: &Type| ty.is_unknown() || ty.shape == Shape::Null;
    let shape = if op == BinaryOp::Add
        && (a.is_text() || unknown(a))
        && (b.is_text() || unknown(b))
        && (a.is_text() || b.is_text())
    {
        Some(Shape::String)
    } else if (a.is_number() || unknown(a)) && (b.is_number() || unknown(b)) {
        if unknown(a) && unknown(b) {
            Some(Shape::Any)
        } else if op == BinaryOp::Divide || a.shape == Shape::Float || b.shape == Shape::Float {
            Some(Shape::Float)
        } else {
            Some(Shape::Int)
        }
    } else {
        None
    };
    let Some(shape) = shape else {
        let found = format!("{} and {}", describe(a), describe(b));
        let help = if op == BinaryOp::Add && (a.is_text() || b.is_text()) {
            "to join text and a number, write both in one text with `{...}`, or convert the number with `string(...)`"
        } else if matches!(a.shape, Shape::Date) || matches!(b.shape, Shape::Date) {
            "use `add_days(...)`, `add_months(...)` or `days_between(...)` for dates"
        } else {
            "arithmetic works on numbers; `+` also joins text"
        };
        diagnostics.push(diag::wrong_operand_type(span, op.symbol(), &found, help));
        return error(span);
    };
    let operator = match op {
        BinaryOp::Add => Operator::Add,
        BinaryOp::Subtract => Operator::Subtract,
        BinaryOp::Multiply => Operator::Multiply,
        _ => Operator::Divide,
    };
    let nullable = a.nullable || b.nullable;
    let cause = left.cause.clone().or_else(|| right.cause.clone());
    let ty = Type { shape, nullable };
    typed(span, ty, operator, left, right, cause)
}

/// A text literal read as the date (or datetime) it is compared with: `"2026-11-28"`, or
/// for datetimes also an RFC 3339 timestamp. `None` when the text is not such a date.
pub fn date_literal(shape: &Shape, text: &str) -> Option<Value> {
    let date = || {
        text.parse::<jiff::civil::Date>()
            .ok()
            .filter(|_| text.len() == 10)
    };
    match shape {
        Shape::Date => date().map(Value::Date),
        _ => text
            .parse::<jiff::Timestamp>()
            .ok()
            .map(Value::DateTime)
            .or_else(|| {
                date()
                    .and_then(|date| date.to_zoned(jiff::tz::TimeZone::UTC).ok())
                    .map(|zoned| Value::DateTime(zoned.timestamp()))
            }),
    }
}

/// `hire_date in ["2026-01-01", "2026-02-01"]`: a list literal of texts compared with a
/// date is read as a list of dates, like a single comparison is.
fn fold_date_list(diagnostics: &mut Vec<Diagnostic>, date_side: &Checked, list: &mut Checked) {
    let shape = &date_side.ty().shape;
    if !matches!(shape, Shape::Date | Shape::DateTime) {
        return;
    }
    let TypedExprKind::List(items) = &mut list.expr.kind else {
        return;
    };
    let mut all_dates = true;
    for item in items.iter_mut() {
        let TypedExprKind::Constant(Value::String(text)) = &item.kind else {
            all_dates &= matches!(item.ty.shape, Shape::Date | Shape::DateTime);
            continue;
        };
        match date_literal(shape, text) {
            Some(value) => {
                item.ty = date_side.ty().clone().non_null();
                item.kind = TypedExprKind::Constant(value);
            }
            None => {
                diagnostics.push(diag::date_compared_to_text(item.span, text));
                item.ty = Type::ERROR;
                all_dates = false;
            }
        }
    }
    let element = if all_dates {
        date_side.ty().clone().non_null()
    } else {
        Type::ERROR
    };
    list.expr.ty = Type::list(element);
}
