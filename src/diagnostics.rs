//! Every diagnostic the tool reports: one constructor per kind, each with a stable code,
//! and rendering through miette (human) or as JSON records (tools).

pub mod codes;

use crate::source::Span;
pub use codes::{CodeDoc, CODES};

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

// ---------------------------------------------------------------------------------------
// Checker diagnostics: one constructor per kind. Codes are documented in
// docs/diagnostics.md; never change a code once released.
// ---------------------------------------------------------------------------------------

fn did_you_mean(suggestion: Option<&str>) -> Option<String> {
    suggestion.map(|name| format!("did you mean `{name}`?"))
}

/// A name that is not a source field, `let`, table or comprehension variable.
pub fn unknown_name(span: Span, name: &str, suggestion: Option<&str>) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(
        "unknown-name",
        span,
        format!("`{name}` is not a field of the source, a `let` or a table"),
    )
    .with_label("unknown name");
    diagnostic.help = did_you_mean(suggestion).or_else(|| {
        Some("check the spelling against the source schema, or define it with `let`".into())
    });
    diagnostic
}

/// A field that the source schema does not have.
pub fn unknown_field(
    span: Span,
    field: &str,
    parent: &str,
    suggestion: Option<&str>,
) -> Diagnostic {
    let message = if parent.is_empty() {
        format!("the source has no field `{field}`")
    } else {
        format!("`{parent}` has no field `{field}`")
    };
    let mut diagnostic =
        Diagnostic::error("unknown-field", span, message).with_label("not in the source schema");
    diagnostic.help = did_you_mean(suggestion);
    diagnostic
}

/// `.field` on something that is not an object.
pub fn not_an_object(span: Span, what: &str, ty: &str) -> Diagnostic {
    Diagnostic::error(
        "not-an-object",
        span,
        format!("`{what}` is {ty}, so it has no fields"),
    )
    .with_label("not an object")
}

/// A `let` used before the line that defines it.
pub fn let_used_before_definition(span: Span, name: &str, defined: Span) -> Diagnostic {
    Diagnostic::error(
        "let-before-definition",
        span,
        format!("`{name}` is used before the `let` that defines it"),
    )
    .with_label("used here")
    .with_related(defined, "defined here")
    .with_help("move the `let` above its first use")
}

/// A `let` or table defined twice, or a `let` that hides a source field.
pub fn duplicate_name(span: Span, name: &str, first: Span, kind: &str) -> Diagnostic {
    Diagnostic::error(
        "duplicate-name",
        span,
        format!("`{name}` is already defined as {kind}"),
    )
    .with_label("defined again here")
    .with_related(first, "first defined here")
    .with_help("pick another name")
}

/// `let NAME` where NAME is also a source field.
pub fn let_shadows_field(span: Span, name: &str) -> Diagnostic {
    Diagnostic::error(
        "let-shadows-field",
        span,
        format!("`let {name}` would hide the source field `{name}`"),
    )
    .with_label("also a source field")
    .with_help(format!("pick another name, such as `{name}_value`"))
}

/// A table name used without `[key]`.
pub fn table_without_key(span: Span, name: &str) -> Diagnostic {
    Diagnostic::error(
        "table-without-key",
        span,
        format!("`{name}` is a table: look a value up with `{name}[key]`"),
    )
    .with_label("a table, not a value")
}

/// A function name that does not exist.
pub fn unknown_function(span: Span, name: &str, suggestion: Option<&str>) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(
        "unknown-function",
        span,
        format!("there is no function `{name}`"),
    )
    .with_label("unknown function");
    diagnostic.help = did_you_mean(suggestion)
        .map(|text| format!("{text} (docs/functions.md lists every function)"))
        .or_else(|| Some("docs/functions.md lists every function".into()));
    diagnostic
}

/// A call with too few or too many arguments.
pub fn wrong_argument_count(
    span: Span,
    signature: &str,
    expected: &str,
    found: usize,
) -> Diagnostic {
    Diagnostic::error(
        "wrong-argument-count",
        span,
        format!(
            "this call has {found} argument{}, but it takes {expected}",
            plural(found)
        ),
    )
    .with_label(format!("{found} argument{}", plural(found)))
    .with_help(format!("the function is `{signature}`"))
}

/// An argument of the wrong type.
pub fn wrong_argument_type(
    span: Span,
    position: usize,
    function: &str,
    expected: &str,
    found: &str,
    signature: &str,
) -> Diagnostic {
    Diagnostic::error(
        "wrong-argument-type",
        span,
        format!("argument {position} of `{function}` must be {expected}, but this is {found}"),
    )
    .with_label(format!("this is {found}"))
    .with_help(format!("the function is `{signature}`"))
}

/// An operator applied to values it does not work on.
pub fn wrong_operand_type(span: Span, operator: &str, found: &str, help: &str) -> Diagnostic {
    Diagnostic::error(
        "wrong-operand-type",
        span,
        format!("`{operator}` does not work on {found}"),
    )
    .with_label(format!("this is {found}"))
    .with_help(help)
}

/// A date compared with a text literal that is not a date.
pub fn date_compared_to_text(span: Span, text: &str) -> Diagnostic {
    Diagnostic::error(
        "date-compared-to-text",
        span,
        format!("{text:?} is not a date, so comparing it with a date makes no sense"),
    )
    .with_label("not a date")
    .with_help("write the date as \"YYYY-MM-DD\", for example \"2026-11-28\"")
}

/// A regular expression that does not compile.
pub fn invalid_regex(span: Span, error: &str) -> Diagnostic {
    Diagnostic::error(
        "invalid-regex",
        span,
        format!("this regular expression is not valid: {error}"),
    )
    .with_label(error.to_string())
    .with_help("escape special characters such as `(`, `[` or `+` with a backslash")
}

/// A regex flag other than `i m s x`.
pub fn invalid_regex_flag(span: Span, flag: char) -> Diagnostic {
    Diagnostic::error(
        "invalid-regex",
        span,
        format!("`{flag}` is not a regular expression flag"),
    )
    .with_label("unknown flag")
    .with_help("the flags are `i` (ignore case), `m` (multi-line), `s` (dot matches new line) and `x` (verbose)")
}

/// A condition that is never true or false because of its type.
pub fn condition_not_bool(span: Span, found: &str) -> Diagnostic {
    Diagnostic::error(
        "condition-not-bool",
        span,
        format!("a condition must be true or false, but this is {found}"),
    )
    .with_label(format!("this is {found}"))
    .with_help("compare it, for example `x == \"value\"` or `x != null`")
}

/// An enum compared with a value it can never have.
pub fn impossible_comparison(span: Span, literal: &str, allowed: &str, always: bool) -> Diagnostic {
    Diagnostic::warning(
        "impossible-comparison",
        span,
        format!("{literal:?} is never a value of this field, so the comparison is always {always}"),
    )
    .with_label("not one of the allowed values")
    .with_help(format!("the allowed values are {allowed}"))
}

/// `??` whose left side can never be null.
pub fn useless_fallback(span: Span) -> Diagnostic {
    Diagnostic::warning(
        "useless-fallback",
        span,
        "the left side of `??` is never null, so the fallback is never used",
    )
    .with_label("never null")
    .with_help("remove the `?? ...` part, or check that the left side is the field you meant")
}

/// A `let` nobody reads.
pub fn unused_let(span: Span, name: &str) -> Diagnostic {
    Diagnostic::warning("unused-let", span, format!("`let {name}` is never used"))
        .with_label("never used")
        .with_help("remove it, or use it in a rule")
}

/// A table nobody looks up.
pub fn unused_table(span: Span, name: &str) -> Diagnostic {
    Diagnostic::warning(
        "unused-table",
        span,
        format!("table `{name}` is never used"),
    )
    .with_label("never used")
    .with_help(format!("remove it, or look a value up with `{name}[key]`"))
}

/// A target attribute the target schema does not have.
pub fn unknown_target(span: Span, path: &str, suggestion: Option<&str>) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(
        "unknown-target",
        span,
        format!("the target has no attribute `{path}`"),
    )
    .with_label("not a SCIM User attribute");
    diagnostic.help = did_you_mean(suggestion);
    diagnostic
}

/// A target path that has the wrong shape for its attribute.
pub fn invalid_target_path(span: Span, message: String, help: String) -> Diagnostic {
    Diagnostic::error("invalid-target-path", span, message)
        .with_label("here")
        .with_help(help)
}

/// Two rules writing the same attribute.
pub fn target_set_twice(span: Span, path: &str, first: Span) -> Diagnostic {
    Diagnostic::error(
        "target-set-twice",
        span,
        format!("`{path}` is already set by an earlier rule"),
    )
    .with_label("set again here")
    .with_related(first, "first set here")
    .with_help("each attribute may be set by one rule only: combine them with `??` or `if`")
}

/// A value of the wrong type for its target attribute.
pub fn wrong_target_type(
    span: Span,
    path: &str,
    expected: &str,
    found: &str,
    help: &str,
) -> Diagnostic {
    Diagnostic::error(
        "wrong-target-type",
        span,
        format!("`{path}` takes {expected}, but this is {found}"),
    )
    .with_label(format!("this is {found}"))
    .with_help(help)
}

/// A literal outside an attribute's canonical values.
pub fn not_canonical_value(span: Span, value: &str, path: &str, allowed: &str) -> Diagnostic {
    Diagnostic::warning(
        "not-canonical-value",
        span,
        format!("{value:?} is not one of the usual values of `{path}`"),
    )
    .with_label("not a canonical value")
    .with_help(format!("the canonical values are {allowed}"))
}

/// A required target whose value may be null; `cause` points at where the null comes
/// from when that is outside the value (in a `let`).
pub fn required_target_may_be_null(
    span: Span,
    path: &str,
    cause: &str,
    cause_span: Option<Span>,
    help: String,
) -> Diagnostic {
    let diagnostic = Diagnostic::error(
        "required-may-be-null",
        span,
        format!("`{path}` is required, but its value may be null: {cause}"),
    )
    .with_label("may be null")
    .with_help(help);
    match cause_span {
        Some(cause_span) => diagnostic.with_related(cause_span, "null can come from here"),
        None => diagnostic,
    }
}

/// A required target that no rule sets.
pub fn missing_required_target(span: Span, path: &str) -> Diagnostic {
    Diagnostic::error(
        "missing-required-target",
        span,
        format!("no rule sets `{path}`, which every Plek user needs"),
    )
    .with_label("in this mapping")
    .with_help(format!("add a rule such as `{path} = ...`"))
}

/// A `source` or `target` line given twice, or in the wrong place.
pub fn duplicate_header(span: Span, what: &str, first: Span) -> Diagnostic {
    Diagnostic::error(
        "duplicate-header",
        span,
        format!("the mapping already has a `{what}` line"),
    )
    .with_label("second one")
    .with_related(first, "first one")
    .with_help(format!("a mapping has one `{what}`: remove one of them"))
}

/// A file named by the mapping that cannot be read or loaded.
pub fn file_problem(code: &'static str, span: Span, message: String, help: &str) -> Diagnostic {
    Diagnostic::error(code, span, message)
        .with_label("named here")
        .with_help(help)
}

/// A table entry problem (duplicate key, mixed value types).
pub fn invalid_table(span: Span, message: String, help: &str) -> Diagnostic {
    Diagnostic::error("invalid-table", span, message)
        .with_label("here")
        .with_help(help)
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
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

/// An inline source block with a type name that does not exist.
pub fn unknown_type(
    span: Span,
    name: &str,
    suggestion: Option<&str>,
    known: &[&str],
) -> Diagnostic {
    let help = match suggestion {
        Some(name) => format!("did you mean `{name}`?"),
        None => format!(
            "the types are {}, `[T]` for lists, `{{ a: T }}` for objects and `T?` for may-be-null",
            known.join(", ")
        ),
    };
    Diagnostic::error("unknown-type", span, format!("there is no type `{name}`"))
        .with_label("unknown type")
        .with_help(help)
}

/// An inline source block that declares a field twice.
pub fn duplicate_field(span: Span, name: &str, first: Span) -> Diagnostic {
    Diagnostic::error(
        "duplicate-field",
        span,
        format!("the field `{name}` is declared twice"),
    )
    .with_label("declared again here")
    .with_related(first, "first declared here")
    .with_help("remove one of the declarations")
}

/// A rule that writes an attribute clients may not set.
pub fn read_only_target(span: Span, path: &str) -> Diagnostic {
    Diagnostic::error(
        "read-only-target",
        span,
        format!("`{path}` is set by Plek itself and cannot be written by a mapping"),
    )
    .with_label("read-only attribute")
    .with_help("remove this rule; to link users to HR records, set `externalId`")
}
