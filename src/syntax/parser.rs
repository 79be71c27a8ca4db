//! The parser: pest grammar → typed AST.

use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use crate::syntax::ast::ParsedFile;

/// Parses a mapping file. Returns the items that parsed and a diagnostic for each
/// syntax error (parsing recovers at the next item, so several errors are reported).
pub fn parse(_file: &SourceFile) -> (ParsedFile, Vec<Diagnostic>) {
    todo!("parser")
}
