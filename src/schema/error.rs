//! Why a schema or table file could not be loaded, said plainly and with a location.

use std::fmt;

/// A problem in a schema file: what is wrong, and where (a JSON pointer into the
/// document, or a line and column when the file is not valid JSON).
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaError {
    pub message: String,
    /// Where in the document: `/properties/hire_date/type`.
    pub pointer: Option<String>,
    /// 1-based line and column, for JSON syntax errors.
    pub line_column: Option<(usize, usize)>,
}

impl SchemaError {
    pub fn at(pointer: &str, message: impl Into<String>) -> SchemaError {
        SchemaError {
            message: message.into(),
            pointer: Some(if pointer.is_empty() {
                "/".into()
            } else {
                pointer.into()
            }),
            line_column: None,
        }
    }

    /// A JSON syntax error, with serde_json's line and column.
    pub fn from_json(error: &serde_json::Error) -> SchemaError {
        let text = error.to_string();
        // serde_json appends " at line L column C"; the location is kept separately.
        let message = text
            .rsplit_once(" at line ")
            .map_or(text.as_str(), |(message, _)| message)
            .to_string();
        SchemaError {
            message: format!("not valid JSON: {message}"),
            pointer: None,
            line_column: Some((error.line(), error.column())),
        }
    }
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some((line, column)) = self.line_column {
            write!(f, " (line {line}, column {column})")?;
        }
        if let Some(pointer) = &self.pointer {
            write!(f, " (at {pointer})")?;
        }
        Ok(())
    }
}

impl std::error::Error for SchemaError {}
