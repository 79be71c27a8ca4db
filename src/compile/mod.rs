//! Lowers a `CheckedMapping` into a `Program` that is cheap to run per record.
//!
//! Everything that does not depend on the record is done here, once: field paths become
//! steps with their schema knowledge, functions become pointers, constant parts fold
//! (operators, calls of pure functions, constant `let`s: see `fold`), constant `in` lists
//! become sets, and rules are laid out in SCIM output order. Labels
//! such as `rule "userName" (line 17)` are written here so a run-time reject names the
//! rule without looking at the source again.

mod expr;
mod fold;
mod output;
#[cfg(test)]
mod tests;

use crate::check::ir::{CheckedFilter, CheckedMapping, TypedExpr};
use crate::engine::program::{Filter, Let, Rule, Table};
use crate::engine::{Expression, Program};
use crate::source::{SourceFile, Span};
use expr::Lowering;
pub use fold::Folding;

/// Compiles a checked mapping for running, with everything constant folded; `source` is
/// the mapping file it was checked from, for line numbers in reject reasons.
pub fn compile(mapping: &CheckedMapping, source: &SourceFile) -> Program {
    compile_with(mapping, source, Folding::Full)
}

/// Compiles a checked mapping with the folding asked for: `Folding::AsWritten` for
/// `explain`, whose steps name the calls and `let`s as the mapping writes them. Both
/// programs give every record the same outcome.
pub fn compile_with(mapping: &CheckedMapping, source: &SourceFile, folding: Folding) -> Program {
    let mut lowering = Lowering::new(mapping.source.clone(), folding);
    let mut lets = Vec::with_capacity(mapping.lets.len());
    for checked in &mapping.lets {
        let value = lowering.lower(&checked.value);
        lowering.note_let(&value);
        lets.push(Let {
            value,
            label: label(source, &format!("let \"{}\"", checked.name), checked.span),
        });
    }
    let filters = mapping
        .filters
        .iter()
        .map(|filter| match filter {
            CheckedFilter::Skip { condition, span } => Filter {
                condition: lowering.lower(condition),
                reject_reason: None,
                label: label(source, "skip when", *span),
            },
            CheckedFilter::Reject {
                reason,
                condition,
                span,
            } => {
                let named = label(source, &format!("reject \"{reason}\""), *span);
                Filter {
                    condition: lowering.lower(condition),
                    reject_reason: Some(named.clone()),
                    label: named,
                }
            }
        })
        .collect();
    let rules = mapping
        .rules
        .iter()
        .map(|rule| Rule {
            value: lowering.lower(&rule.value),
            label: label(
                source,
                &format!("rule \"{}\"", rule.target.display),
                rule.span,
            ),
            once: rule.once,
            target: rule.target.display.clone(),
            required: is_required(mapping, &rule.target),
            expects: run_time_type_check(rule),
        })
        .collect();
    let mut program = Program {
        tables: mapping
            .tables
            .iter()
            .map(|table| Table {
                name: table.name.clone(),
                entries: table
                    .entries
                    .iter()
                    .map(|(key, value)| (key.clone(), value.unshared()))
                    .collect(),
            })
            .collect(),
        lets,
        filters,
        rules,
        output: output::plan(&mapping.target, &mapping.rules),
        fields: Default::default(),
    };
    program.index_fields();
    program.index_unique();
    program
}

/// Compiles an expression checked on its own (`check::check_expression`): there is no
/// source schema, so field reads take whatever the record holds.
pub fn compile_expression(expr: &TypedExpr) -> Expression {
    Expression::new(Lowering::new(None, Folding::Full).lower(expr))
}

/// `rule "userName" (line 17)`; without the line for made-up nodes.
fn label(source: &SourceFile, what: &str, span: Span) -> String {
    if span.is_synthetic() {
        what.to_string()
    } else {
        let (line, _) = source.line_column(span.start);
        format!("{what} (line {line})")
    }
}

/// Whether a rule writes a required top-level attribute.
fn is_required(mapping: &CheckedMapping, target: &crate::check::ir::ResolvedTarget) -> bool {
    target.sub_attribute.is_none()
        && target.filter.is_none()
        && mapping
            .target
            .schemas
            .get(target.schema)
            .and_then(|schema| schema.attribute(&target.attribute))
            .is_some_and(|attribute| attribute.required)
}

/// The SCIM type a scalar rule's value must have, when only run time can tell: the
/// checker proved every other case.
fn run_time_type_check(
    rule: &crate::check::ir::CheckedRule,
) -> Option<crate::schema::target::ScimType> {
    use crate::schema::target::ScimType;
    let whole_multi = rule.target.multi_valued
        && rule.target.filter.is_none()
        && rule.target.sub_attribute.is_none();
    let unknown = matches!(rule.value.ty.shape, crate::schema::Shape::Any);
    (unknown && !whole_multi && rule.target.kind != ScimType::Complex).then_some(rule.target.kind)
}
