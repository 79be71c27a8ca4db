//! The one-line form of expressions, literals, names, types and target paths.

use crate::syntax::ast::{
    BinaryOp, Expr, ExprKind, Ident, Literal, MatchArm, ObjectField, PathSegment, Pattern,
    PatternKind, RegexLit, StringPart, TargetPath, TypeExpr, TypeExprKind, UnaryOp,
};

/// Words reserved in expressions; a name spelled like one is written in backticks. (The
/// item words such as `source` or `when` are keywords only where an item expects them.)
const RESERVED: &[&str] = &[
    "and", "else", "false", "for", "if", "in", "match", "not", "null", "or", "then", "true",
];

/// A name, in backticks when it is not a plain identifier or is a reserved word.
pub(super) fn ident(name: &Ident) -> String {
    name_as_written(&name.name)
}

/// A name as a mapping writes it: plain when it is an identifier, in backticks otherwise
/// (`` `E-mail werk` ``, `` `and` ``).
pub fn name_as_written(name: &str) -> String {
    if is_bare_name(name) {
        name.to_string()
    } else {
        format!("`{name}`")
    }
}

/// Whether a name can be written without backticks.
fn is_bare_name(name: &str) -> bool {
    is_plain_identifier(name) && !RESERVED.contains(&name)
}

fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A CSV column name: a plain identifier as is, anything else as a string.
pub(super) fn column(name: &Ident) -> String {
    if is_bare_name(&name.name) {
        name.name.clone()
    } else {
        string(&name.name)
    }
}

/// A string literal with the escapes the grammar reads back.
pub(super) fn string(value: &str) -> String {
    format!("\"{}\"", escape(value))
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            other => out.push(other),
        }
    }
    out
}

pub(super) fn literal(value: &Literal) -> String {
    match value {
        Literal::Null => "null".to_string(),
        Literal::Bool(b) => b.to_string(),
        Literal::Int(i) => i.to_string(),
        Literal::Float(f) => float(*f),
        Literal::String(s) => string(s),
    }
}

/// A float in plain decimal that always shows it is a float.
fn float(value: f64) -> String {
    let text = value.to_string();
    if text.contains('.') || !value.is_finite() {
        text
    } else {
        format!("{text}.0")
    }
}

pub(super) fn regex(value: &RegexLit) -> String {
    format!("/{}/{}", value.pattern.replace('/', "\\/"), value.flags)
}

pub(super) fn pattern(pattern: &Pattern) -> String {
    match &pattern.kind {
        PatternKind::Literal(value) => literal(value),
        PatternKind::Regex(value) => regex(value),
        PatternKind::Wildcard => "_".to_string(),
    }
}

/// The patterns of one arm, `"b" | "c"`.
pub(super) fn patterns(arm: &MatchArm) -> String {
    let parts: Vec<String> = arm.patterns.iter().map(pattern).collect();
    parts.join(" | ")
}

pub(super) fn target_path(path: &TargetPath) -> String {
    let parts: Vec<String> = path.segments.iter().map(path_segment).collect();
    parts.join(".")
}

fn path_segment(segment: &PathSegment) -> String {
    match &segment.filter {
        None => ident(&segment.name),
        Some(filter) => format!(
            "{}[{} eq {}]",
            ident(&segment.name),
            ident(&filter.attribute),
            literal(&filter.value)
        ),
    }
}

pub(super) fn type_expr(ty: &TypeExpr) -> String {
    match &ty.kind {
        TypeExprKind::Named(name) => ident(name),
        TypeExprKind::List(element) => format!("[{}]", type_expr(element)),
        TypeExprKind::Object(fields) => {
            let parts: Vec<String> = fields
                .iter()
                .map(|field| format!("{}: {}", ident(&field.name), type_expr(&field.ty)))
                .collect();
            if parts.is_empty() {
                "{}".to_string()
            } else {
                format!("{{ {} }}", parts.join(", "))
            }
        }
        TypeExprKind::Enum(values) => {
            let parts: Vec<String> = values.iter().map(|value| string(&value.value)).collect();
            parts.join(" | ")
        }
        TypeExprKind::Nullable(inner) => format!("{}?", type_expr(inner)),
    }
}

/// The whole expression on one line (a `match` gets its arms separated by commas).
pub(super) fn expr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Literal(value) => literal(value),
        ExprKind::Interpolated(parts) => interpolated(parts),
        ExprKind::Regex(value) => regex(value),
        ExprKind::Name(name) => ident(name),
        ExprKind::Member { subject, field } => format!("{}.{}", expr(subject), ident(field)),
        ExprKind::Index { subject, index } => format!("{}[{}]", expr(subject), expr(index)),
        ExprKind::List(elements) => format!("[{}]", list(elements)),
        ExprKind::Object(fields) => object(fields),
        ExprKind::Comprehension {
            element,
            variable,
            list,
            condition,
        } => {
            let condition = condition
                .as_ref()
                .map(|c| format!(" if {}", expr(c)))
                .unwrap_or_default();
            format!(
                "[{} for {} in {}{condition}]",
                expr(element),
                ident(variable),
                expr(list)
            )
        }
        ExprKind::Unary { op, operand } => format!("{}{}", unary(*op), expr(operand)),
        ExprKind::Binary { op, left, right } => {
            format!("{} {} {}", expr(left), op.symbol(), expr(right))
        }
        ExprKind::Call { function, args } => call(function, args),
        ExprKind::Pipe {
            subject,
            function,
            args,
        } => format!("{} | {}", expr(subject), pipe_stage(function, args)),
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => {
            let otherwise = otherwise
                .as_ref()
                .map(|o| format!(" else {}", expr(o)))
                .unwrap_or_default();
            format!("if {} then {}{otherwise}", expr(condition), expr(then))
        }
        ExprKind::Match { subject, arms } => {
            let arms: Vec<String> = arms
                .iter()
                .map(|arm| format!("{} => {}", patterns(arm), expr(&arm.value)))
                .collect();
            format!("match {} {{ {} }}", expr(subject), arms.join(", "))
        }
        ExprKind::Paren(inner) => format!("({})", expr(inner)),
    }
}

pub(super) fn unary(op: UnaryOp) -> &'static str {
    match op {
        UnaryOp::Not => "not ",
        UnaryOp::Negate => "-",
    }
}

pub(super) fn call(function: &Ident, args: &[Expr]) -> String {
    format!("{}({})", ident(function), list(args))
}

/// A pipe stage: `f(a)`, or just `f` when it takes no arguments besides the subject.
pub(super) fn pipe_stage(function: &Ident, args: &[Expr]) -> String {
    if args.is_empty() {
        ident(function)
    } else {
        call(function, args)
    }
}

fn list(elements: &[Expr]) -> String {
    let parts: Vec<String> = elements.iter().map(expr).collect();
    parts.join(", ")
}

pub(super) fn object_field(field: &ObjectField) -> String {
    format!("{}: {}", ident(&field.key), expr(&field.value))
}

fn object(fields: &[ObjectField]) -> String {
    if fields.is_empty() {
        return "{}".to_string();
    }
    let parts: Vec<String> = fields.iter().map(object_field).collect();
    format!("{{ {} }}", parts.join(", "))
}

fn interpolated(parts: &[StringPart]) -> String {
    let mut out = String::from("\"");
    for part in parts {
        match part {
            StringPart::Text(text) => out.push_str(&escape(text)),
            StringPart::Expr(inner) => {
                out.push('{');
                out.push_str(&expr(inner));
                out.push('}');
            }
        }
    }
    out.push('"');
    out
}

/// Whether the expression must take several lines (it holds a `match` outside a string).
pub(super) fn must_break(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Match { .. } => true,
        ExprKind::Literal(_)
        | ExprKind::Interpolated(_)
        | ExprKind::Regex(_)
        | ExprKind::Name(_) => false,
        ExprKind::Member { subject, .. } => must_break(subject),
        ExprKind::Index { subject, index } => must_break(subject) || must_break(index),
        ExprKind::List(elements) | ExprKind::Call { args: elements, .. } => {
            elements.iter().any(must_break)
        }
        ExprKind::Object(fields) => fields.iter().any(|field| must_break(&field.value)),
        ExprKind::Comprehension {
            element,
            list,
            condition,
            ..
        } => {
            must_break(element) || must_break(list) || condition.as_deref().is_some_and(must_break)
        }
        ExprKind::Unary { operand, .. } => must_break(operand),
        ExprKind::Binary { left, right, .. } => must_break(left) || must_break(right),
        ExprKind::Pipe { subject, args, .. } => must_break(subject) || args.iter().any(must_break),
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => {
            must_break(condition)
                || must_break(then)
                || otherwise.as_deref().is_some_and(must_break)
        }
        ExprKind::Paren(inner) => must_break(inner),
    }
}

/// The operands of a chain of one operator (`a and b and c`), in order.
pub(super) fn chain(e: &Expr, op: BinaryOp) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Binary {
            op: this,
            left,
            right,
        } if *this == op => {
            let mut operands = chain(left, op);
            operands.extend(chain(right, op));
            operands
        }
        _ => vec![e],
    }
}
