//! The error for a schema file (JSON Schema or SCIM `/Schemas`) that cannot be loaded.

use std::fmt;

/// What is wrong with a schema file, and where.
///
/// A JSON syntax error has a line and column; a schema that is valid JSON but not a
/// usable schema has a JSON pointer to the offending part (`/properties/hire_date/type`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError {
    /// A JSON pointer (RFC 6901) to the part of the document at fault; `""` is the whole
    /// document.
    pub pointer: Option<String>,
    /// 1-based line and column, for JSON syntax errors.
    pub line_column: Option<(usize, usize)>,
    /// What is wrong, in plain words.
    pub message: String,
}

impl SchemaError {
    /// An error about the part of the document at `pointer`.
    pub fn at(pointer: &str, message: impl Into<String>) -> SchemaError {
        SchemaError {
            pointer: Some(pointer.to_string()),
            line_column: None,
            message: message.into(),
        }
    }

    /// A JSON syntax error, with the position serde_json reports.
    pub fn from_json(error: &serde_json::Error) -> SchemaError {
        let text = error.to_string();
        // serde_json appends " at line L column C"; the position is kept separately.
        let message = match text.rfind(" at line ") {
            Some(index) => text[..index].to_string(),
            None => text,
        };
        SchemaError {
            pointer: None,
            line_column: Some((error.line(), error.column())),
            message: format!("the file is not valid JSON: {message}"),
        }
    }

    /// Where the error is, in words: `line 3, column 7`, `at /properties/x/type`.
    pub fn location(&self) -> Option<String> {
        if let Some((line, column)) = self.line_column {
            return Some(format!("line {line}, column {column}"));
        }
        match self.pointer.as_deref() {
            Some("") => Some("at the top level".to_string()),
            Some(pointer) => Some(format!("at {pointer}")),
            None => None,
        }
    }
}

impl fmt::Display for SchemaError {
    /// The message first, then the place in brackets, so that the error reads well at
    /// the end of a sentence: `"strin" is not a JSON Schema type (at /properties/x/type)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(location) = self.location() {
            write!(f, " ({location})")?;
        }
        Ok(())
    }
}

impl std::error::Error for SchemaError {}

/// Extends a JSON pointer by one key, escaping `~` and `/` as RFC 6901 asks.
pub(crate) fn pointer_join(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slash_and_tilde() {
        assert_eq!(pointer_join("/properties", "a/b~c"), "/properties/a~1b~0c");
    }

    #[test]
    fn display_names_the_place() {
        let error = SchemaError::at("/properties/x/type", "unknown type `strin`");
        assert_eq!(
            error.to_string(),
            "unknown type `strin` (at /properties/x/type)"
        );
        let top = SchemaError::at("", "not an object");
        assert_eq!(top.to_string(), "not an object (at the top level)");
    }

    #[test]
    fn json_errors_keep_line_and_column() {
        let Err(json) = serde_json::from_str::<serde_json::Value>("{\n  \"a\": ,\n}") else {
            panic!("expected a syntax error");
        };
        let error = SchemaError::from_json(&json);
        assert_eq!(error.line_column, Some((2, 8)));
        assert_eq!(
            error.to_string(),
            "the file is not valid JSON: expected value (line 2, column 8)"
        );
    }
}
