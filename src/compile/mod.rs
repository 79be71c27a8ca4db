//! Lowers a `CheckedMapping` into a `Program` that is cheap to run per record.
//!
//! Everything that does not depend on the record is done here, once: field paths become
//! steps with their schema knowledge, functions become pointers, constant parts fold,
//! constant `in` lists become sets, and rules are laid out in SCIM output order. Labels
//! such as `rule "userName" (line 17)` are written here so a run-time reject names the
//! rule without looking at the source again.

mod expr;
mod output;
#[cfg(test)]
mod tests;

use crate::check::ir::{CheckedFilter, CheckedMapping};
use crate::engine::program::{Filter, Let, Rule};
use crate::engine::Program;
use crate::source::{SourceFile, Span};
use expr::Lowering;

/// Compiles a checked mapping; `source` is the mapping file it was checked from, for
/// line numbers in reject reasons.
pub fn compile(mapping: &CheckedMapping, source: &SourceFile) -> Program {
    let lowering = Lowering::new(mapping.source.clone());
    let lets = mapping
        .lets
        .iter()
        .map(|checked| Let {
            value: lowering.lower(&checked.value),
            label: label(source, &format!("let \"{}\"", checked.name), checked.span),
        })
        .collect();
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
        })
        .collect();
    let mut program = Program {
        tables: mapping
            .tables
            .iter()
            .map(|table| table.entries.clone())
            .collect(),
        lets,
        filters,
        rules,
        output: output::plan(&mapping.target, &mapping.rules),
        fields: Default::default(),
    };
    program.index_fields();
    program
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
