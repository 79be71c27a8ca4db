//! Target paths: resolving `name.givenName`, `enterprise.manager.value` and
//! `emails[type eq "work"].value` against the SCIM schemas, and checking that a rule's
//! value fits its attribute.

use super::describe::{describe, list_values};
use super::expr::Checked;
use super::ir::{ResolvedTarget, TypedExprKind};
use super::suggest::did_you_mean;
use super::values::literal_value;
use crate::diagnostics::{self as diag, Diagnostic};
use crate::schema::target::{ScimAttribute, ScimType, TargetSchema};
use crate::schema::{Shape, Type};
use crate::syntax::ast::{Literal, TargetPath};
use crate::value::Value;

/// Resolves a rule's target path, or explains what is wrong with it.
pub fn resolve(path: &TargetPath, target: &TargetSchema) -> Result<ResolvedTarget, Diagnostic> {
    let display = display_target(path);
    let mut segments = path.segments.iter().peekable();
    let first = segments
        .next()
        .ok_or_else(|| unknown(path, &display, target))?;
    let (schema_index, attribute_segment) = match target
        .schemas
        .iter()
        .position(|schema| schema.prefix.as_deref() == Some(first.name.name.as_str()))
    {
        Some(index) if first.filter.is_none() => {
            let next = segments.next().ok_or_else(|| {
                diag::invalid_target_path(
                    path.span,
                    format!(
                        "`{}` is the prefix of an extension, not an attribute",
                        first.name.name
                    ),
                    format!(
                        "name an attribute of the extension, such as `{}.employeeNumber`",
                        first.name.name
                    ),
                )
            })?;
            (index, next)
        }
        _ => (0, first),
    };
    let schema = target
        .schemas
        .get(schema_index)
        .ok_or_else(|| unknown(path, &display, target))?;
    let attribute = schema
        .attribute(&attribute_segment.name.name)
        .ok_or_else(|| unknown(path, &display, target))?;
    let filter = match &attribute_segment.filter {
        None => None,
        Some(filter) => Some(resolve_filter(attribute, filter)?),
    };
    let sub_segment = segments.next();
    if let Some(extra) = segments.next() {
        return Err(diag::invalid_target_path(
            extra.span,
            format!("`{display}` goes deeper than SCIM attributes do"),
            "a target is an attribute, optionally with one sub-attribute: `name.givenName`".into(),
        ));
    }
    let sub_attribute = match sub_segment {
        None => None,
        Some(segment) => {
            if segment.filter.is_some() {
                return Err(diag::invalid_target_path(
                    segment.span,
                    "only a multi-valued attribute can have a `[...]` filter".into(),
                    "put the filter on the attribute: `emails[type eq \"work\"].value`".into(),
                ));
            }
            let sub = attribute
                .sub_attribute(&segment.name.name)
                .ok_or_else(|| unknown(path, &display, target))?;
            Some(sub)
        }
    };
    check_shape(path, attribute, filter.is_some(), sub_attribute, &display)?;
    let kind = sub_attribute.map_or(attribute.kind, |sub| sub.kind);
    Ok(ResolvedTarget {
        schema: schema_index,
        attribute: attribute.name.clone(),
        filter,
        sub_attribute: sub_attribute.map(|sub| sub.name.clone()),
        multi_valued: attribute.multi_valued,
        kind,
        display,
    })
}

fn resolve_filter(
    attribute: &ScimAttribute,
    filter: &crate::syntax::ast::ValueFilter,
) -> Result<(String, Value), Diagnostic> {
    if !attribute.multi_valued {
        return Err(diag::invalid_target_path(
            filter.span,
            format!(
                "`{}` has one value, so it cannot have a `[...]` filter",
                attribute.name
            ),
            format!("set it directly: `{} = ...`", attribute.name),
        ));
    }
    let sub = attribute
        .sub_attribute(&filter.attribute.name)
        .ok_or_else(|| {
            let names: Vec<&str> = attribute
                .sub_attributes
                .iter()
                .map(|s| s.name.as_str())
                .collect();
            let suggestion = did_you_mean(&filter.attribute.name, names.iter().copied());
            diag::invalid_target_path(
                filter.attribute.span,
                format!(
                    "`{}` has no sub-attribute `{}` to filter on",
                    attribute.name, filter.attribute.name
                ),
                match suggestion {
                    Some(name) => format!("did you mean `{name}`?"),
                    None => format!("filter on one of {}", names.join(", ")),
                },
            )
        })?;
    if let Literal::Null = filter.value {
        return Err(diag::invalid_target_path(
            filter.value_span,
            "a filter needs a value to select the element".into(),
            format!("for example `{}[type eq \"work\"]`", attribute.name),
        ));
    }
    Ok((sub.name.clone(), literal_value(&filter.value)))
}

fn check_shape(
    path: &TargetPath,
    attribute: &ScimAttribute,
    filtered: bool,
    sub: Option<&ScimAttribute>,
    display: &str,
) -> Result<(), Diagnostic> {
    let name = &attribute.name;
    if filtered && sub.is_none() {
        return Err(diag::invalid_target_path(
            path.span,
            format!("`{display}` selects an element but not which part of it to set"),
            format!("add the sub-attribute, usually `.value`: `{display}.value`"),
        ));
    }
    if attribute.multi_valued && !filtered && sub.is_some() {
        return Err(diag::invalid_target_path(
            path.span,
            format!("`{name}` has several values, so `{display}` does not say which one"),
            format!("select the element with a filter: `{name}[type eq \"work\"].value`, or set the whole list: `{name} = [...]`"),
        ));
    }
    if sub.is_some() && attribute.kind != ScimType::Complex {
        return Err(diag::invalid_target_path(
            path.span,
            format!("`{name}` has no sub-attributes"),
            format!("set it directly: `{name} = ...`"),
        ));
    }
    Ok(())
}

fn unknown(path: &TargetPath, display: &str, target: &TargetSchema) -> Diagnostic {
    let candidates = all_target_paths(target);
    let plain: String = path
        .segments
        .iter()
        .map(|segment| segment.name.name.as_str())
        .collect::<Vec<_>>()
        .join(".");
    let suggestion = did_you_mean(&plain, candidates.iter().map(String::as_str))
        .map(|suggested| with_filters(suggested, path));
    diag::unknown_target(path.span, display, suggestion.as_deref())
}

/// A suggested path with the filters the user wrote put back in place, so that
/// `emials[type eq "work"].value` suggests `emails[type eq "work"].value`.
fn with_filters(suggested: &str, path: &TargetPath) -> String {
    let written = display_target(path);
    let written: Vec<&str> = written.split('.').collect();
    suggested
        .split('.')
        .enumerate()
        .map(|(index, name)| {
            let filtered = path
                .segments
                .get(index)
                .is_some_and(|segment| segment.filter.is_some());
            let filter = written
                .get(index)
                .filter(|_| filtered)
                .and_then(|part| part.find('[').map(|at| &part[at..]));
            format!("{name}{}", filter.unwrap_or(""))
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Every settable path, for "did you mean": `userName`, `name.givenName`, `enterprise.manager.value`.
fn all_target_paths(target: &TargetSchema) -> Vec<String> {
    let mut paths = Vec::new();
    for schema in &target.schemas {
        let prefix = schema
            .prefix
            .as_ref()
            .map(|p| format!("{p}."))
            .unwrap_or_default();
        for attribute in &schema.attributes {
            paths.push(format!("{prefix}{}", attribute.name));
            for sub in &attribute.sub_attributes {
                paths.push(format!("{prefix}{}.{}", attribute.name, sub.name));
            }
        }
    }
    paths
}

/// The path as written, normalised: `emails[type eq "work"].value`.
pub fn display_target(path: &TargetPath) -> String {
    let mut parts = Vec::new();
    for segment in &path.segments {
        let mut part = segment.name.name.clone();
        if let Some(filter) = &segment.filter {
            let value = match &filter.value {
                Literal::String(text) => format!("{text:?}"),
                Literal::Int(i) => i.to_string(),
                Literal::Float(f) => f.to_string(),
                Literal::Bool(b) => b.to_string(),
                Literal::Null => "null".into(),
            };
            part.push_str(&format!("[{} eq {value}]", filter.attribute.name));
        }
        parts.push(part);
    }
    parts.join(".")
}

/// Checks that a rule's value fits its target attribute: type, single or multi-valued,
/// canonical values, and (for required attributes) that it is never null.
pub fn check_value(
    diagnostics: &mut Vec<Diagnostic>,
    target: &ResolvedTarget,
    attribute: &ScimAttribute,
    value: &Checked,
) {
    let ty = value.ty();
    if ty.is_unknown() {
        return;
    }
    let whole_multi =
        target.multi_valued && target.filter.is_none() && target.sub_attribute.is_none();
    if whole_multi {
        check_whole_list(diagnostics, target, attribute, value);
    } else if let Shape::List(_) = ty.shape {
        diagnostics.push(diag::wrong_target_type(
            value.expr.span,
            &target.display,
            "one value",
            &describe(ty),
            "pick one element, for example with `first(...)`, or `join(list, \", \")` for text",
        ));
    } else {
        check_scalar(diagnostics, target, value);
    }
    let canonical_owner = if target.sub_attribute.is_some() {
        target
            .sub_attribute
            .as_deref()
            .and_then(|sub| attribute.sub_attribute(sub))
    } else {
        Some(attribute)
    };
    if let (Some(owner), TypedExprKind::Constant(Value::String(text))) =
        (canonical_owner, &value.expr.kind)
    {
        check_canonical(diagnostics, owner, text, value.expr.span, &target.display);
    }
}

/// Warns about a literal outside an attribute's canonical values.
pub fn check_canonical(
    diagnostics: &mut Vec<Diagnostic>,
    attribute: &ScimAttribute,
    text: &str,
    span: crate::source::Span,
    display: &str,
) {
    if attribute.canonical_values.is_empty()
        || attribute
            .canonical_values
            .iter()
            .any(|value| value.eq_ignore_ascii_case(text))
    {
        return;
    }
    diagnostics.push(diag::not_canonical_value(
        span,
        text,
        display,
        &list_values(&attribute.canonical_values),
    ));
}

fn check_whole_list(
    diagnostics: &mut Vec<Diagnostic>,
    target: &ResolvedTarget,
    attribute: &ScimAttribute,
    value: &Checked,
) {
    let Shape::List(element) = &value.ty().shape else {
        diagnostics.push(diag::wrong_target_type(
            value.expr.span,
            &target.display,
            "a list of values",
            &describe(value.ty()),
            &format!(
                "set one element with a filter: `{}[type eq \"work\"].value = ...`, or give a list: `[{{ value: x, type: \"work\" }}]`",
                target.attribute
            ),
        ));
        return;
    };
    if let Shape::Object(object) = &element.shape {
        for field in &object.fields {
            if attribute.sub_attribute(&field.name).is_none() {
                let names: Vec<&str> = attribute
                    .sub_attributes
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect();
                let help = match did_you_mean(&field.name, names.iter().copied()) {
                    Some(name) => format!("did you mean `{name}`?"),
                    None => format!("the sub-attributes are {}", names.join(", ")),
                };
                diagnostics.push(diag::wrong_target_type(
                    value.expr.span,
                    &target.display,
                    "elements with its sub-attributes",
                    &format!("an element with `{}`", field.name),
                    &help,
                ));
            }
        }
    } else if attribute.kind == ScimType::Complex && !element.is_unknown() {
        diagnostics.push(diag::wrong_target_type(
            value.expr.span,
            &target.display,
            "a list of objects",
            &describe(value.ty()),
            "write each element as an object: `[{ value: x, type: \"work\" }]`",
        ));
    }
}

fn check_scalar(diagnostics: &mut Vec<Diagnostic>, target: &ResolvedTarget, value: &Checked) {
    let ty: &Type = value.ty();
    if ty.shape == Shape::Null {
        return;
    }
    let (fits, expected, help) = match target.kind {
        ScimType::String | ScimType::Reference | ScimType::Binary => (
            ty.is_text(),
            "text",
            match ty.shape {
                Shape::Date | Shape::DateTime => {
                    "format it with `format_date(x, \"%Y-%m-%d\")` or `string(x)`"
                }
                _ => "convert it with `string(...)`",
            },
        ),
        ScimType::Boolean => (
            ty.shape == Shape::Bool,
            "true or false",
            "compare it to get true or false, for example `status == \"active\"`",
        ),
        ScimType::Integer => (
            ty.shape == Shape::Int,
            "a whole number",
            "convert it with `int(...)`",
        ),
        ScimType::Decimal => (ty.is_number(), "a number", "convert it with `float(...)`"),
        ScimType::DateTime => (
            matches!(ty.shape, Shape::Date | Shape::DateTime),
            "a date and time",
            "convert it with `date(...)` or `datetime(...)`",
        ),
        ScimType::Complex => (
            matches!(ty.shape, Shape::Object(_)),
            "an object with its sub-attributes",
            "set the sub-attributes one by one, such as `name.givenName = ...`",
        ),
    };
    if !fits {
        diagnostics.push(diag::wrong_target_type(
            value.expr.span,
            &target.display,
            expected,
            &describe(ty),
            help,
        ));
    }
}

/// Warns when a `[type eq "..."]` filter selects a value outside the canonical values of
/// the filtered sub-attribute (`emails[type eq "wrok"]`).
pub fn check_filter_value(
    diagnostics: &mut Vec<Diagnostic>,
    target: &TargetSchema,
    resolved: &ResolvedTarget,
    path: &TargetPath,
) {
    let Some((filter_attribute, Value::String(text))) = &resolved.filter else {
        return;
    };
    let sub = target
        .schemas
        .get(resolved.schema)
        .and_then(|schema| schema.attribute(&resolved.attribute))
        .and_then(|attribute| attribute.sub_attribute(filter_attribute));
    let span = path
        .segments
        .iter()
        .find_map(|segment| segment.filter.as_ref())
        .map_or(path.span, |filter| filter.value_span);
    if let Some(sub) = sub {
        let shown = format!("{}.{}", resolved.attribute, sub.name);
        check_canonical(diagnostics, sub, text, span, &shown);
    }
}
