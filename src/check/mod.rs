//! The checker: resolves names, computes types and nullability, validates targets, and
//! reports every problem in one pass.
//!
//! Checking goes in file order for `let`s, `skip`/`reject` and rules, so a `let` is
//! visible only below its definition; `source`, `target` and tables are read first, so
//! they may appear anywhere. An expression that fails to check gets the error type,
//! which every later check accepts silently: one mistake gives one diagnostic.

mod compound;
mod describe;
mod expr;
mod header;
pub mod ir;
mod operators;
mod scope;
pub mod suggest;
mod targets;
mod values;

pub use ir::CheckedMapping;
pub(crate) use values::build_regex;

use crate::diagnostics::{self as diag, Diagnostic};
use crate::source::{SourceFile, Span};
use crate::syntax::ast::{Expr, Item, ParsedFile};
use expr::{Checked, ExprChecker};
use ir::{CheckedFilter, CheckedLet, CheckedRule, ResolvedTarget, TypedExpr};
use scope::{LetInfo, Scope};

/// The result of checking one file: the checked mapping when there are no errors, and
/// every diagnostic (errors and warnings) sorted by position.
pub struct CheckResult {
    pub mapping: Option<CheckedMapping>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks a mapping file.
///
/// ```
/// use datamapper::source::SourceFile;
/// let text = "target plek\nexternalId = \"1\"\nuserName = \"a@b.example\"\n";
/// let file = SourceFile::new("inline.dmap", "inline.dmap", text);
/// let result = datamapper::check::check_file(&file);
/// assert!(result.diagnostics.is_empty());
/// assert!(result.mapping.is_some());
/// ```
pub fn check_file(file: &SourceFile) -> CheckResult {
    let (parsed, mut diagnostics) = crate::syntax::parse(file);
    if diag::has_errors(&diagnostics) {
        // A file with syntax errors is only partly read; checking the rest would report
        // follow-on mistakes that are not there.
        diag::sort(&mut diagnostics);
        return CheckResult {
            mapping: None,
            diagnostics,
        };
    }
    let mut result = check(file, &parsed);
    diagnostics.append(&mut result.diagnostics);
    diag::sort(&mut diagnostics);
    CheckResult {
        mapping: result.mapping,
        diagnostics,
    }
}

/// Checks a parsed mapping file. Paths in `source`, `target` and `table ... from` are
/// resolved against the folder of `file`.
pub fn check(file: &SourceFile, parsed: &ParsedFile) -> CheckResult {
    let mut diagnostics = Vec::new();
    let header = header::read_header(file, parsed, &mut diagnostics);
    let mut scope = Scope {
        source: header.source.clone(),
        lets: Vec::new(),
        later_lets: Vec::new(),
        tables: Vec::new(),
        locals: Vec::new(),
        owner: None,
    };
    let tables = header::read_tables(file, parsed, &mut scope, &mut diagnostics);
    let mut body = Body::default();
    check_body(
        file,
        parsed,
        &header.target,
        &mut scope,
        &mut diagnostics,
        &mut body,
    );
    check_required(
        &header.target,
        &body.rules,
        header.target_span,
        &mut diagnostics,
    );
    warn_unused(&scope, &mut diagnostics);
    diag::sort(&mut diagnostics);
    let mapping = (!diag::has_errors(&diagnostics)).then(|| CheckedMapping {
        source: header.source,
        target: header.target,
        tables,
        lets: body.lets,
        filters: body.filters,
        rules: body.rules,
    });
    CheckResult {
        mapping,
        diagnostics,
    }
}

/// The result of checking one expression on its own: the typed expression when there
/// are no errors, and every diagnostic sorted by position.
pub struct ExpressionResult {
    pub expression: Option<TypedExpr>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks one expression outside a mapping: there is no source schema (every name is a
/// field of type `any`), no `let` and no table. Used for the examples of the function
/// reference and for evaluating a single expression.
///
/// ```
/// let expr = datamapper::syntax::parser::parse_expression("lower(\"NL\")").unwrap();
/// let result = datamapper::check::check_expression(&expr);
/// assert!(result.diagnostics.is_empty());
/// assert!(result.expression.is_some());
/// ```
pub fn check_expression(expr: &Expr) -> ExpressionResult {
    let mut diagnostics = Vec::new();
    let mut scope = Scope {
        source: None,
        lets: Vec::new(),
        later_lets: Vec::new(),
        tables: Vec::new(),
        locals: Vec::new(),
        owner: None,
    };
    let checked = ExprChecker {
        scope: &mut scope,
        diagnostics: &mut diagnostics,
    }
    .check(expr);
    diag::sort(&mut diagnostics);
    ExpressionResult {
        expression: (!diag::has_errors(&diagnostics)).then_some(checked.expr),
        diagnostics,
    }
}

#[derive(Default)]
struct Body {
    lets: Vec<CheckedLet>,
    filters: Vec<CheckedFilter>,
    rules: Vec<CheckedRule>,
}

fn check_body(
    file: &SourceFile,
    parsed: &ParsedFile,
    target: &crate::schema::target::TargetSchema,
    scope: &mut Scope,
    diagnostics: &mut Vec<Diagnostic>,
    body: &mut Body,
) {
    scope.later_lets = parsed
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Let(decl) => Some((decl.name.name.clone(), decl.name.span)),
            _ => None,
        })
        .collect();
    let mut rule_spans: Vec<(ResolvedTarget, Span)> = Vec::new();
    for item in &parsed.items {
        match item {
            Item::Let(decl) => {
                scope.later_lets.retain(|(_, span)| *span != decl.name.span);
                scope.owner = Some(scope.lets.len());
                let checked = ExprChecker { scope, diagnostics }.check(&decl.value);
                scope.owner = None;
                define_let(scope, diagnostics, decl, checked, body);
            }
            Item::Skip(decl) => {
                let condition = ExprChecker { scope, diagnostics }.condition(&decl.condition);
                body.filters.push(CheckedFilter::Skip {
                    condition,
                    span: decl.span,
                });
            }
            Item::Reject(decl) => {
                let condition = ExprChecker { scope, diagnostics }.condition(&decl.condition);
                body.filters.push(CheckedFilter::Reject {
                    reason: decl.reason.value.clone(),
                    condition,
                    span: decl.span,
                });
            }
            Item::Rule(decl) => {
                let value = ExprChecker { scope, diagnostics }.check(&decl.value);
                let resolved = match targets::resolve(&decl.target, target) {
                    Ok(resolved) => resolved,
                    Err(diagnostic) => {
                        diagnostics.push(diagnostic);
                        continue;
                    }
                };
                if let Some((_, first)) = rule_spans
                    .iter()
                    .find(|(earlier, _)| overlaps(earlier, &resolved))
                {
                    diagnostics.push(diag::target_set_twice(
                        decl.target.span,
                        &resolved.display,
                        *first,
                    ));
                    continue;
                }
                targets::check_filter_value(diagnostics, target, &resolved, &decl.target);
                check_rule_value(file, target, &resolved, &value, diagnostics);
                rule_spans.push((resolved.clone(), decl.target.span));
                body.rules.push(CheckedRule {
                    target: resolved,
                    once: decl.once.is_some(),
                    value: value.expr,
                    span: decl.span,
                });
            }
            Item::Source(_) | Item::Target(_) | Item::Table(_) => {}
        }
    }
}

fn define_let(
    scope: &mut Scope,
    diagnostics: &mut Vec<Diagnostic>,
    decl: &crate::syntax::ast::LetDecl,
    checked: Checked,
    body: &mut Body,
) {
    let name = &decl.name.name;
    if scope.is_source_field(name) {
        diagnostics.push(diag::let_shadows_field(decl.name.span, name));
    } else if let Some(index) = scope.let_index(name) {
        diagnostics.push(diag::duplicate_name(
            decl.name.span,
            name,
            scope.lets[index].span,
            "a `let`",
        ));
    } else if let Some(index) = scope.table_index(name) {
        diagnostics.push(diag::duplicate_name(
            decl.name.span,
            name,
            scope.tables[index].span,
            "a table",
        ));
    }
    scope.lets.push(LetInfo {
        name: name.clone(),
        ty: checked.ty().clone(),
        cause: checked.cause.clone(),
        span: decl.name.span,
        users: Vec::new(),
    });
    body.lets.push(CheckedLet {
        name: name.clone(),
        value: checked.expr,
        span: decl.span,
    });
}

/// Two rules write the same place: the same attribute and element and sub-attribute, or
/// the whole attribute and a part of it.
fn overlaps(a: &ResolvedTarget, b: &ResolvedTarget) -> bool {
    if a.schema != b.schema || !a.attribute.eq_ignore_ascii_case(&b.attribute) {
        return false;
    }
    let whole = |t: &ResolvedTarget| t.filter.is_none() && t.sub_attribute.is_none();
    if whole(a) || whole(b) {
        return true;
    }
    a.filter == b.filter && a.sub_attribute == b.sub_attribute
}

fn check_rule_value(
    file: &SourceFile,
    target: &crate::schema::target::TargetSchema,
    resolved: &ResolvedTarget,
    value: &Checked,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let attribute = target
        .schemas
        .get(resolved.schema)
        .and_then(|schema| schema.attribute(&resolved.attribute));
    let Some(attribute) = attribute else {
        return;
    };
    if attribute.mutability == crate::schema::target::Mutability::ReadOnly {
        diagnostics.push(diag::read_only_target(value.expr.span, &resolved.display));
        return;
    }
    targets::check_value(diagnostics, resolved, attribute, value);
    let required = attribute.required && resolved.sub_attribute.is_none();
    if required && value.ty().nullable && !value.ty().is_unknown() {
        diagnostics.push(null_required_target(file, resolved, value));
    }
}

/// The finding for a required attribute whose value may be null: it names the cause
/// and suggests a fallback after the expression a reader would put `??` behind.
fn null_required_target(
    file: &SourceFile,
    resolved: &ResolvedTarget,
    value: &Checked,
) -> Diagnostic {
    let span = value.expr.span;
    let written = file.slice(span);
    let written = (written.len() <= 40 && !written.contains('\n')).then_some(written);
    let (cause_text, cause_span, subject) = match &value.cause {
        Some(cause) => {
            let inside = cause.span.start >= span.start && cause.span.end <= span.end;
            let subject = match (&cause.fallback_subject, inside) {
                (Some(subject), true) => Some(subject.clone()),
                _ => written.map(str::to_string),
            };
            (cause.text.clone(), (!inside).then_some(cause.span), subject)
        }
        None => (
            "it may be null".to_string(),
            None,
            written.map(str::to_string),
        ),
    };
    let help = match subject {
        Some(subject) => format!(
            "add a fallback: `{subject} ?? ...`, or reject records without it: `reject \"no {}\" when {subject} == null`",
            resolved.display
        ),
        None => "add a fallback with `??`, for example `... ?? \"unknown\"`".to_string(),
    };
    diag::required_target_may_be_null(span, &resolved.display, &cause_text, cause_span, help)
}

fn check_required(
    target: &crate::schema::target::TargetSchema,
    rules: &[CheckedRule],
    target_span: Span,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (index, schema) in target.schemas.iter().enumerate() {
        // An extension's required attributes matter only when the extension is used.
        let used = index == 0 || rules.iter().any(|rule| rule.target.schema == index);
        if !used {
            continue;
        }
        for attribute in schema.attributes.iter().filter(|a| a.required) {
            let set = rules.iter().any(|rule| {
                rule.target.schema == index
                    && rule.target.attribute.eq_ignore_ascii_case(&attribute.name)
            });
            if !set {
                let prefix = schema
                    .prefix
                    .as_ref()
                    .map(|p| format!("{p}."))
                    .unwrap_or_default();
                diagnostics.push(diag::missing_required_target(
                    target_span,
                    &format!("{prefix}{}", attribute.name),
                ));
            }
        }
    }
}

fn warn_unused(scope: &Scope, diagnostics: &mut Vec<Diagnostic>) {
    let (lets, tables) = scope.needed();
    for (info, _) in scope.lets.iter().zip(lets).filter(|(_, needed)| !needed) {
        diagnostics.push(diag::unused_let(info.span, &info.name));
    }
    for (info, _) in scope
        .tables
        .iter()
        .zip(tables)
        .filter(|(_, needed)| !needed)
    {
        diagnostics.push(diag::unused_table(info.span, &info.name));
    }
}
