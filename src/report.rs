//! Rendering diagnostics: for people through miette (file, line, the source snippet with
//! the span underlined, message and help), and for tools as JSON records.

use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};
use std::fmt;
use window::{Windowed, MAX_COLUMNS};

mod window;

/// How to draw the human report.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    /// Wrap width; a fixed width keeps snapshots the same on every machine.
    pub width: usize,
}

impl Style {
    /// No colour, 100 columns: for tests and for output that is not a terminal.
    pub const PLAIN: Style = Style {
        color: false,
        width: 100,
    };
}

/// Renders every diagnostic of one file for a person to read.
pub fn render_human(file: &SourceFile, diagnostics: &[Diagnostic], style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    // Only a file with long lines needs a view of its own for each diagnostic.
    let has_long_lines = file.text.lines().any(|line| line.len() > MAX_COLUMNS);
    let whole = (!has_long_lines).then(|| Windowed::new(file, &[]));
    let mut out = String::new();
    for diagnostic in diagnostics {
        let cut;
        let source = match &whole {
            Some(whole) => whole,
            None => {
                cut = Windowed::new(file, &focus(diagnostic));
                &cut
            }
        };
        let report = Report {
            diagnostic,
            source,
            text_len: file.text.len(),
        };
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&plain_line(file, diagnostic));
        }
        out.push('\n');
    }
    out
}

/// The spans a diagnostic points at, the primary first, as byte ranges of the file.
fn focus(diagnostic: &Diagnostic) -> Vec<(usize, usize)> {
    std::iter::once(diagnostic.span)
        .chain(diagnostic.related.iter().map(|(span, _)| *span))
        .filter(|span| !span.is_synthetic())
        .map(|span| (span.start as usize, span.end as usize))
        .collect()
}

/// A one-line form: `file:line:column: error[code]: message`.
pub fn plain_line(file: &SourceFile, diagnostic: &Diagnostic) -> String {
    let (line, column) = file.line_column(diagnostic.span.start);
    format!(
        "{}:{line}:{column}: {}[{}]: {}\n",
        file.name,
        diagnostic.severity.as_str(),
        diagnostic.code,
        diagnostic.message
    )
}

/// One JSON record per diagnostic, with 1-based lines and columns, for CI tools.
pub fn to_json(file: &SourceFile, diagnostic: &Diagnostic) -> serde_json::Value {
    let (line, column) = file.line_column(diagnostic.span.start);
    let (end_line, end_column) = file.line_column(diagnostic.span.end);
    serde_json::json!({
        "file": file.name,
        "severity": diagnostic.severity.as_str(),
        "code": diagnostic.code,
        "message": diagnostic.message,
        "help": diagnostic.help,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
    })
}

/// A summary line: `2 errors and 1 warning in rules/acme/acme.dmap`.
pub fn summary(file: &SourceFile, diagnostics: &[Diagnostic]) -> Option<String> {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let count = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => None,
        (e, 0) => Some(format!("{} in {}", count(e, "error"), file.name)),
        (0, w) => Some(format!("{} in {}", count(w, "warning"), file.name)),
        (e, w) => Some(format!(
            "{} and {} in {}",
            count(e, "error"),
            count(w, "warning"),
            file.name
        )),
    }
}

/// Adapts a diagnostic to miette's trait for rendering.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a Windowed<'a>,
    text_len: usize,
}

impl Report<'_> {
    fn source_span(&self, span: Span) -> SourceSpan {
        if span.is_synthetic() {
            return SourceSpan::from((0, 0));
        }
        let start = (span.start as usize).min(self.text_len);
        let end = (span.end as usize).clamp(start, self.text_len);
        let start = self.source.shown(start, false);
        let end = self.source.shown(end, true).max(start);
        SourceSpan::from((start, end - start))
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = LabeledSpan::new_primary_with_span(
            self.diagnostic.label.clone(),
            self.source_span(self.diagnostic.span),
        );
        let related = self
            .diagnostic
            .related
            .iter()
            .filter(|(span, _)| *span != self.diagnostic.span)
            .map(|(span, label)| {
                LabeledSpan::new_with_span(Some(label.clone()), self.source_span(*span))
            });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// A GitHub Actions workflow command, so the finding shows on the pull request's line.
///
/// ```
/// use datamapper::diagnostics::Diagnostic;
/// use datamapper::source::{SourceFile, Span};
/// let file = SourceFile::new("a.dmap", "a.dmap", "title = job.titel\n");
/// let found = Diagnostic::error("unknown-field", Span::new(12, 17), "no field `titel`");
/// assert_eq!(
///     datamapper::report::to_github(&file, &found),
///     "::error file=a.dmap,line=1,col=13,endLine=1,endColumn=18,title=unknown-field::no field `titel`"
/// );
/// ```
pub fn to_github(file: &SourceFile, diagnostic: &Diagnostic) -> String {
    let (line, column) = file.line_column(diagnostic.span.start);
    let (end_line, end_column) = file.line_column(diagnostic.span.end);
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{} file={},line={line},col={column},endLine={end_line},endColumn={end_column},title={}::{}",
        diagnostic.severity.as_str(),
        escape_property(&file.name),
        escape_property(diagnostic.code),
        escape_data(&message)
    )
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A SARIF 2.1.0 log of every file's diagnostics, for code-scanning tools.
pub fn to_sarif(files: &[(SourceFile, Vec<Diagnostic>)]) -> serde_json::Value {
    let results: Vec<SarifResult> = files
        .iter()
        .flat_map(|(file, diagnostics)| diagnostics.iter().map(move |d| diagnostic_result(file, d)))
        .collect();
    sarif_log(&results)
}

/// One finding for a SARIF log: a rule, a level, a message and where.
pub struct SarifResult {
    pub rule: String,
    /// `error` or `warning`.
    pub level: &'static str,
    pub message: String,
    /// The file, relative to where the tool ran.
    pub uri: String,
    /// 1-based start line and column, end line and column.
    pub region: (usize, usize, usize, usize),
}

/// A SARIF 2.1.0 log of findings, with one rule entry per distinct rule.
pub fn sarif_log(results: &[SarifResult]) -> serde_json::Value {
    let mut rules: Vec<&str> = results.iter().map(|result| result.rule.as_str()).collect();
    rules.sort_unstable();
    rules.dedup();
    let rules: Vec<serde_json::Value> = rules
        .iter()
        .map(|rule| {
            serde_json::json!({
                "id": rule,
                "name": rule,
                "help": { "text": rule_help(rule) },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = results
        .iter()
        .map(|result| {
            let (line, column, end_line, end_column) = result.region;
            serde_json::json!({
                "ruleId": result.rule,
                "level": result.level,
                "message": { "text": result.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": result.uri.replace('\\', "/") },
                        "region": {
                            "startLine": line,
                            "startColumn": column,
                            "endLine": end_line,
                            "endColumn": end_column,
                        }
                    }
                }]
            })
        })
        .collect();
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "datamapper",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
        }]
    })
}

/// Where a rule is explained: test failures in the testing guide, diagnostics by code.
fn rule_help(rule: &str) -> String {
    if rule == "case-failed" {
        "A test case's expected outcome differs from the actual one; see docs/testing.md.".into()
    } else {
        format!("See `{rule}` in docs/diagnostics.md.")
    }
}

fn diagnostic_result(file: &SourceFile, diagnostic: &Diagnostic) -> SarifResult {
    let (line, column) = file.line_column(diagnostic.span.start);
    let (end_line, end_column) = file.line_column(diagnostic.span.end);
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str(" (");
        message.push_str(help);
        message.push(')');
    }
    SarifResult {
        rule: diagnostic.code.to_string(),
        level: diagnostic.severity.as_str(),
        message,
        uri: file.name.clone(),
        region: (line, column, end_line, end_column),
    }
}
