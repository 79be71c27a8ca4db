//! One expression compiled on its own, outside a mapping: for the function reference's
//! examples and for evaluating a single expression against a record.

use super::eval::{Evaluator, Failure, Record};
use super::program::{Expr, OutputPlan};
use super::{Program, RunContext};
use crate::value::Value;

/// A compiled expression with no `let`s and no tables. Built by
/// `compile::compile_expression` from a checked expression.
#[derive(Debug)]
pub struct Expression {
    /// An empty program: the evaluator reads lets and tables from one.
    program: Program,
    expr: Expr,
}

impl Expression {
    pub(crate) fn new(expr: Expr) -> Expression {
        Expression {
            program: Program {
                tables: Vec::new(),
                lets: Vec::new(),
                filters: Vec::new(),
                rules: Vec::new(),
                output: OutputPlan::default(),
                fields: Default::default(),
            },
            expr,
        }
    }

    /// Evaluates the expression; field names read from `record` (use `{}` for none).
    /// An `Err` is what a mapping would reject the record with.
    pub fn evaluate(
        &self,
        record: &serde_json::Value,
        context: &mut RunContext,
    ) -> Result<Value, String> {
        let mut notes = crate::functions::LookupNotes::default();
        let names = crate::functions::HeldNames::settled(&context.taken);
        let mut evaluator = Evaluator::new(
            &self.program,
            Record::Whole(record),
            context,
            names,
            &mut notes,
        );
        evaluator.eval(&self.expr).map_err(|failure| match failure {
            Failure::Reason(reason) | Failure::Error(reason) => reason,
        })
    }
}
