//! The reference documentation generated from the code: `docs/functions.md` from the
//! function table and `docs/diagnostics.md` from the table of diagnostic codes. Tests
//! fail when a checked-in document differs from what the code generates.

mod diagnostics;
mod functions;

pub use diagnostics::{diagnostics_markdown, example_file};
pub use functions::functions_markdown;

/// A generated document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Document {
    Functions,
    Diagnostics,
}

impl Document {
    /// Every generated document.
    pub const ALL: &'static [Document] = &[Document::Functions, Document::Diagnostics];

    /// The name on the command line: `datamapper docs functions`.
    pub fn name(self) -> &'static str {
        match self {
            Document::Functions => "functions",
            Document::Diagnostics => "diagnostics",
        }
    }

    /// The file name in the project's `docs/` folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Document::Functions => "functions.md",
            Document::Diagnostics => "diagnostics.md",
        }
    }

    /// The Markdown the code generates.
    pub fn generate(self) -> String {
        match self {
            Document::Functions => functions_markdown(),
            Document::Diagnostics => diagnostics_markdown(),
        }
    }
}

/// The first lines of every generated document; `{what}` is the document's name.
const GENERATED_NOTE: &str = "<!-- Generated from the code by `datamapper docs {what} --write`: \
edit the code, not this file. -->\n\n";

/// `text` as inline code, with enough backticks around it for the backticks inside.
fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// Text made safe for a cell of a Markdown table.
fn table_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// `today()` in the examples of the function reference (the tests run them with it).
pub fn example_today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 28)
}

/// `now()` in the examples of the function reference: 09:30 UTC on `example_today()`.
pub fn example_now() -> jiff::Timestamp {
    jiff::civil::date(2026, 11, 28)
        .at(9, 30, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|zoned| zoned.timestamp())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}
