//! Datamapper maps HR records to Plek users (SCIM 2.0 User resources) with checked
//! mapping rules.
//!
//! The pipeline, one module per stage:
//! `syntax::parse` → `check::check` → `compile::compile` → `engine::Program::map_record`.

#![forbid(unsafe_code)]
// A daily sync runs unattended: nothing that comes from input may panic. Tests may.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod check;
pub mod cli;
pub mod compile;
pub mod diagnostics;
pub mod diff;
pub mod engine;
pub mod functions;
pub mod input;
pub mod output;
pub mod project;
pub mod reference;
pub mod report;
pub mod schema;
pub mod source;
pub mod syntax;
pub mod value;

/// Parses, checks, compiles and evaluates one expression with no input record, with
/// `today()` and `now()` fixed. An `Err` holds the syntax or check errors, one per line
/// (`expression:1:7: error[unknown-function]: ...`), or the run-time error.
///
/// ```
/// let today = jiff::civil::date(2026, 11, 28);
/// let now: jiff::Timestamp = "2026-11-28T09:30:00Z".parse().unwrap();
/// let value = datamapper::evaluate_expression("\"Jan\" | upper()", today, now).unwrap();
/// assert_eq!(value, datamapper::value::Value::string("JAN"));
/// ```
pub fn evaluate_expression(
    text: &str,
    today: jiff::civil::Date,
    now: jiff::Timestamp,
) -> Result<value::Value, String> {
    let file = source::SourceFile::new("expression", "expression", text);
    let errors = |diagnostics: &[diagnostics::Diagnostic]| {
        let lines: Vec<String> = diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.is_error())
            .map(|diagnostic| report::plain_line(&file, diagnostic))
            .collect();
        lines.concat().trim_end().to_string()
    };
    let parsed = syntax::parser::parse_expression(text).map_err(|error| errors(&[error]))?;
    let checked = check::check_expression(&parsed);
    let Some(expression) = checked.expression else {
        return Err(errors(&checked.diagnostics));
    };
    let mut context = engine::RunContext::new(today, now);
    let empty_record = serde_json::Value::Object(serde_json::Map::new());
    compile::compile_expression(&expression).evaluate(&empty_record, &mut context)
}
