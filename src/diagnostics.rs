//! Every diagnostic the tool reports: one constructor per kind, each with a stable code,
//! and rendering through miette (human) or as JSON records (tools).

use crate::source::{SourceFile, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding about a mapping file.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// A stable, kebab-case code such as `unknown-field`, documented in `docs/diagnostics.md`.
    pub code: &'static str,
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
    /// Where; the primary label is drawn under this span.
    pub span: Span,
    /// The text under the primary span ("not a field of the source").
    pub label: Option<String>,
    /// What to do about it ("did you mean `first_name`?").
    pub help: Option<String>,
    /// Other places that explain the finding ("first set here").
    pub related: Vec<(Span, String)>,
}

impl Diagnostic {
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            span,
            label: None,
            help: None,
            related: Vec::new(),
        }
    }

    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.related.push((span, label.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether a list of diagnostics holds an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// Sorts by position, then severity, so reports read top to bottom.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.severity).cmp(&(b.span.start, b.span.end, b.severity))
    });
}

/// Placeholder so the file compiles before rendering lands.
pub fn file_name(file: &SourceFile) -> &str {
    &file.name
}

/// The code of every syntax error.
pub const SYNTAX_ERROR: &str = "syntax-error";

/// A syntax error with a plain-words message; add a label and help with the builders.
pub fn syntax_error(span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(SYNTAX_ERROR, span, message)
}

/// Brackets, strings or `if`s nested deeper than the parser accepts.
pub fn nesting_too_deep(span: Span) -> Diagnostic {
    Diagnostic::error(
        "nesting-too-deep",
        span,
        "this expression is nested too deeply",
    )
    .with_label("too deep here")
    .with_help("split the expression into smaller parts with `let`")
}

/// A string whose closing `"` is missing on its line.
pub fn unclosed_string(span: Span) -> Diagnostic {
    syntax_error(span, "this string is not closed")
        .with_label("the string starts here and runs to the end of the line")
        .with_help("add the closing `\"`")
}

/// An opening `(`, `[` or `{` without its closing partner.
pub fn unclosed_bracket(span: Span, open: char) -> Diagnostic {
    let close = closing_partner(open);
    syntax_error(span, format!("this `{open}` is never closed"))
        .with_label(format!("opened here, no matching `{close}`"))
        .with_help(format!("add the closing `{close}`"))
}

/// A closing bracket that does not match the innermost open one.
pub fn mismatched_bracket(span: Span, close: char, open_span: Span, open: char) -> Diagnostic {
    let expected = closing_partner(open);
    syntax_error(
        span,
        format!("expected a closing `{expected}`, found `{close}`"),
    )
    .with_label(format!("this `{close}` does not close the `{open}`"))
    .with_help(format!("close the `{open}` with `{expected}` first"))
    .with_related(open_span, format!("this `{open}` is still open"))
}

/// A closing bracket with nothing open.
pub fn unmatched_closing(span: Span, close: char) -> Diagnostic {
    syntax_error(span, format!("unexpected closing `{close}`"))
        .with_label("nothing is open here")
        .with_help(format!("remove this `{close}` or add its opening partner"))
}

fn closing_partner(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

/// A type name in an inline `source` block that is not one of the known types.
pub fn unknown_type(span: Span, name: &str, suggestion: Option<&str>, known: &[&str]) -> Diagnostic {
    let names = known
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let help = match suggestion {
        Some(suggestion) => format!("did you mean `{suggestion}`? The types are {names}"),
        None => format!("the types are {names}"),
    };
    Diagnostic::error("unknown-type", span, format!("unknown type `{name}`"))
        .with_label("not a type")
        .with_help(help)
}

/// A field declared twice in the same inline `source` block or object type.
pub fn duplicate_field(span: Span, name: &str, first: Span) -> Diagnostic {
    Diagnostic::error(
        "duplicate-field",
        span,
        format!("the field `{name}` is declared twice"),
    )
    .with_label("declared again here")
    .with_help("remove one of the two declarations, or rename one")
    .with_related(first, "first declared here")
}

/// A source or target schema file that cannot be loaded; `path` is the file as written
/// in the mapping, `error` says what is wrong and where in that file.
pub fn schema_invalid(span: Span, path: &str, error: &crate::schema::SchemaError) -> Diagnostic {
    Diagnostic::error(
        "schema-invalid",
        span,
        format!("the schema \"{path}\" cannot be used: {error}"),
    )
    .with_label("this schema")
    .with_help("fix the schema file; the place in it is given above")
}
