//! `docs/functions.md`: the function reference, written from the function table.

use super::{code, table_cell, GENERATED_NOTE};
use crate::functions::{Function, FUNCTIONS};
use std::fmt::Write as _;

/// A group's heading and what its functions have in common.
#[derive(Clone, Copy)]
struct Group {
    name: &'static str,
    title: &'static str,
    intro: &'static str,
}

const GROUPS: &[Group] = &[
    Group {
        name: "text",
        title: "Text",
        intro:
            "Positions and lengths count Unicode characters, not bytes, and positions start at 0.",
    },
    Group {
        name: "names",
        title: "Names",
        intro: "Person names by Dutch, German and French conventions.",
    },
    Group {
        name: "conversion",
        title: "Conversion",
        intro: "From one kind of value to another. A value that cannot be converted rejects the \
                record with a reason that names the rule.",
    },
    Group {
        name: "dates",
        title: "Dates",
        intro: "Formats use strftime's `%` codes (`%Y-%m-%d`, `%d-%m-%Y`). A datetime is a \
                moment in time, kept in UTC.",
    },
    Group {
        name: "numbers",
        title: "Numbers",
        intro: "`number` is an `int` or a `float`.",
    },
    Group {
        name: "lists",
        title: "Lists",
        intro: "",
    },
    Group {
        name: "identity",
        title: "Identity",
        intro: "User names, phone numbers and e-mail addresses.",
    },
];

/// The whole function reference in Markdown.
pub fn functions_markdown() -> String {
    let mut out = String::new();
    out.push_str("# Function reference\n\n");
    out.push_str(&GENERATED_NOTE.replace("{what}", "functions"));
    out.push_str(INTRO);
    out.push_str("## Contents\n\n");
    for group in groups() {
        let links: Vec<String> = members(group.name)
            .map(|function| format!("[`{0}`](#{0})", function.name))
            .collect();
        let _ = writeln!(
            out,
            "- [{}](#{}): {}",
            group.title,
            group.title.to_lowercase(),
            links.join(", ")
        );
    }
    for group in groups() {
        let _ = write!(out, "\n## {}\n\n", group.title);
        if !group.intro.is_empty() {
            let _ = writeln!(out, "{}\n", group.intro);
        }
        for function in members(group.name) {
            write_function(&mut out, function);
        }
    }
    out
}

const INTRO: &str = "\
Every function of the mapping language, with its signature, what it does, what it does \
with `null`, and examples. Functions take their subject first, so that a pipe reads left \
to right: `x | f(a)` is the same as `f(x, a)`.

In signatures, `name?:` is a parameter that may be left out and `name: T...` takes any \
number of arguments (at least one). The types are `text`, `int`, `float`, `number` (an \
`int` or a `float`), `bool`, `date`, `datetime`, `regex` (a `/.../` literal), `list`, \
`[text]` (a list of text) and `any`; `A|B` accepts either, and a result type ending in `?` \
may be `null` even when no argument is.

The examples are run by the test suite through the checker and the engine: each call \
gives the result next to it. In them `today()` is 2026-11-28 and `now()` is \
2026-11-28T09:30:00Z.

";

fn write_function(out: &mut String, function: &Function) {
    let _ = write!(
        out,
        "### `{}`\n\n```text\n{}\n```\n\n{}\n\n**`null`:** {}\n\n",
        function.name,
        function.signature_text(),
        function.doc,
        function.null_doc
    );
    out.push_str("| example | result |\n| --- | --- |\n");
    for example in function.examples {
        let _ = writeln!(
            out,
            "| {} | {} |",
            table_cell(&code(example.call)),
            table_cell(&code(example.result))
        );
    }
    out.push('\n');
}

/// The groups in table order: known groups with their titles, then any other group
/// under its own name, so a new group is never left out of the reference.
fn groups() -> Vec<Group> {
    let mut found: Vec<Group> = Vec::new();
    for function in FUNCTIONS {
        if found.iter().any(|group| group.name == function.group) {
            continue;
        }
        let group = GROUPS
            .iter()
            .find(|group| group.name == function.group)
            .map_or(
                Group {
                    name: function.group,
                    title: function.group,
                    intro: "",
                },
                |known| *known,
            );
        found.push(group);
    }
    found
}

fn members(group: &'static str) -> impl Iterator<Item = &'static Function> {
    FUNCTIONS
        .iter()
        .filter(move |function| function.group == group)
}
