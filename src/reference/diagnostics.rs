//! `docs/diagnostics.md`: every diagnostic code with its bad example, the finding as
//! `datamapper check` prints it, and the fixed example.

use super::GENERATED_NOTE;
use crate::diagnostics::codes::EXAMPLES_DIR;
use crate::diagnostics::{CodeDoc, Severity, CODES};
use crate::report::{self, Style};
use crate::source::SourceFile;
use std::fmt::Write as _;
use std::path::Path;

/// The whole diagnostics reference in Markdown.
///
/// The bad examples are checked to render their findings. Examples that name other files
/// (a schema, a CSV) find them in the project's `tests/diagnostics/` folder, so run this
/// from a build of the source tree.
pub fn diagnostics_markdown() -> String {
    let mut out = String::new();
    out.push_str("# Diagnostics\n\n");
    out.push_str(&GENERATED_NOTE.replace("{what}", "diagnostics"));
    out.push_str(INTRO);
    out.push_str("## Contents\n\n");
    for group in groups() {
        let links: Vec<String> = members(group)
            .map(|doc| format!("[`{0}`](#{0})", doc.code))
            .collect();
        let _ = writeln!(out, "- [{group}](#{}): {}", anchor(group), links.join(", "));
    }
    for group in groups() {
        let _ = write!(out, "\n## {group}\n");
        for doc in members(group) {
            write_code(&mut out, doc);
        }
    }
    out
}

const INTRO: &str = "\
Every finding of `datamapper check` has a stable code. Codes never change meaning; new \
ones may be added. Errors stop a mapping from running; warnings do not (unless \
`check --deny-warnings`).

Each code below comes with a mapping that gets it, the finding as `datamapper check` \
prints it, and the mapping fixed. The test suite checks every one of them: the bad \
mapping gives the code, the fixed one checks without errors or warnings. The files are \
in `tests/diagnostics/`, and most read the sample source schema \
`tests/diagnostics/hr.schema.json`, whose fields are, in the form of an inline source:

```dmap
source {
  employee_id: int
  personnel_number: string?
  first_name: string
  name_prefix: string?
  last_name: string?
  work_email: string?
  phone: string?
  job: { title: string }
  contract: { type: \"permanent\" | \"temporary\" | \"external\" }
  department: { code: string, name: string }
  location: { country: string }
  cost_center: string?
  manager_id: int?
  hire_date: date
  termination_date: date?
  employment_status: \"active\" | \"leave\" | \"terminated\"
  tags: [string]
}
```

";

fn write_code(out: &mut String, doc: &CodeDoc) {
    let severity = match doc.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = write!(
        out,
        "\n### `{}`\n\n**{}** ({severity})\n\n{}\n\n**Why it matters:** {}\n\n",
        doc.code, doc.title, doc.meaning, doc.why
    );
    let _ = write!(
        out,
        "A mapping that gets it:\n\n```dmap\n{}```\n\n```text\n{}```\n\nFixed:\n\n```dmap\n{}```\n",
        doc.bad,
        rendered_finding(doc),
        doc.fixed
    );
}

/// The findings of the bad example with its code, as `datamapper check` prints them.
fn rendered_finding(doc: &CodeDoc) -> String {
    let file = example_file(doc.code, "bad", doc.bad);
    let result = crate::check::check_file(&file);
    let found: Vec<_> = result
        .diagnostics
        .into_iter()
        .filter(|diagnostic| diagnostic.code == doc.code)
        .collect();
    if found.is_empty() {
        return format!("(the example does not give `{}`)\n", doc.code);
    }
    let rendered = report::render_human(&file, &found, Style::PLAIN);
    // Rendered lines end in padding; Markdown does not need it.
    let lines: Vec<&str> = rendered.lines().map(str::trim_end).collect();
    let mut text = lines.join("\n").trim_matches('\n').to_string();
    text.push('\n');
    text
}

/// An example as a source file named `mapping.dmap` in `tests/diagnostics/`, so that the
/// files it names are found there.
pub fn example_file(code: &str, kind: &str, text: &str) -> SourceFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(EXAMPLES_DIR)
        .join(format!("{code}.{kind}.dmap"));
    SourceFile::new("mapping.dmap", path, text)
}

fn groups() -> Vec<&'static str> {
    let mut found: Vec<&'static str> = Vec::new();
    for doc in CODES {
        if !found.contains(&doc.group) {
            found.push(doc.group);
        }
    }
    found
}

fn members(group: &'static str) -> impl Iterator<Item = &'static CodeDoc> {
    CODES.iter().filter(move |doc| doc.group == group)
}

/// The anchor GitHub gives a heading: lower case, spaces as dashes.
fn anchor(heading: &str) -> String {
    heading.to_lowercase().replace(' ', "-")
}
