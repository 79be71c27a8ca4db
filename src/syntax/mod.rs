//! The syntax of mapping files: the AST, the parser (the only place that names pest),
//! the canonical printer used by `fmt`, and a span-free dump for tests.

pub mod ast;
pub mod dump;
pub mod parser;
pub mod pretty;

pub use parser::parse;
