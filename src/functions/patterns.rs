//! Text functions that search, split and join: literal text or regular expressions.

use super::args::{arg, list, text, wrong_kind};
use super::convert::plain_text;
use super::signature::{Base, ParamType as P, Returns};
use super::{Context, Example, Function, NullArgs, Param, Purity};
use crate::value::Value;

type Outcome = Result<Value, String>;

const S: Param = Param::required("s", P::Text);

pub const REPLACE: Function = Function {
    name: "replace",
    group: "text",
    params: &[
        S,
        Param::required("pattern", P::TextOrRegex),
        Param::required("with", P::Text),
    ],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "Replaces every occurrence of `pattern` by `with`. A text pattern is taken \
          literally; a regular expression pattern may be referred to in `with` by group: \
          `$1`, or `${1}` when letters or digits follow. An empty text pattern changes nothing.",
    null_doc: "`null` for any argument gives `null`.",
    examples: &[
        Example {
            call: r#"replace("+31 (0)6-1234 5678", /[\s\-()]+/, "")"#,
            result: r#""+310612345678""#,
        },
        Example {
            call: r#"replace("a.b.c", ".", "-")"#,
            result: r#""a-b-c""#,
        },
        Example {
            call: r#"replace("Berg, Jan", /(\w+), (\w+)/, "$2 $1")"#,
            result: r#""Jan Berg""#,
        },
    ],
    run: replace,
};

fn replace(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let s = text("replace", args, 0)?;
    let with = text("replace", args, 2)?;
    match arg(args, 1) {
        Value::Regex(regex) => Ok(Value::string(regex.replace_all(s, with).as_ref())),
        Value::String(pattern) if pattern.is_empty() => Ok(Value::string(s)),
        Value::String(pattern) => Ok(Value::string(s.replace(pattern.as_ref(), with))),
        other => Err(wrong_kind("replace", "a regular expression or text", other)),
    }
}

pub const SPLIT: Function = Function {
    name: "split",
    group: "text",
    params: &[S, Param::required("sep", P::TextOrRegex)],
    returns: Returns::Fixed(Base::ListOfText),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The parts of the text between the separators, in order; `sep` is literal text or a \
          regular expression. An empty text gives an empty list; an empty separator splits \
          into characters.",
    null_doc: "`null` for either argument gives `null`.",
    examples: &[
        Example {
            call: r#"split("HR;IT;Sales", ";")"#,
            result: r#"["HR", "IT", "Sales"]"#,
        },
        Example {
            call: r#"split("a, b,c", /,\s*/)"#,
            result: r#"["a", "b", "c"]"#,
        },
        Example {
            call: r#"split("", ",")"#,
            result: "[]",
        },
    ],
    run: split,
};

fn split(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let s = text("split", args, 0)?;
    if s.is_empty() {
        return Ok(Value::list(Vec::new()));
    }
    let parts: Vec<Value> = match arg(args, 1) {
        Value::Regex(regex) => regex.split(s).map(Value::string).collect(),
        Value::String(sep) if sep.is_empty() => {
            s.chars().map(|c| Value::string(c.to_string())).collect()
        }
        Value::String(sep) => s.split(sep.as_ref()).map(Value::string).collect(),
        other => return Err(wrong_kind("split", "a regular expression or text", other)),
    };
    Ok(Value::list(parts))
}

pub const JOIN: Function = Function {
    name: "join",
    group: "text",
    params: &[
        Param::required("list", P::ListOfText),
        Param::required("sep", P::Text),
    ],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The elements of the list with `sep` between them. `null` and `\"\"` elements are \
          left out, so no separator is doubled: the usual way to put a name prefix before a \
          last name that may not have one. Numbers and other values are written as `string` \
          writes them.",
    null_doc: "`null` elements are left out; a `null` list or separator gives `null`.",
    examples: &[
        Example {
            call: r#"join(["van der", "Berg"], " ")"#,
            result: r#""van der Berg""#,
        },
        Example {
            call: r#"join([null, "Jansen", ""], " ")"#,
            result: r#""Jansen""#,
        },
        Example {
            call: r#"join([], "-")"#,
            result: r#""""#,
        },
    ],
    run: join,
};

fn join(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let items = list("join", args, 0)?;
    let sep = text("join", args, 1)?;
    let mut parts = Vec::with_capacity(items.len());
    for item in items.iter().filter(|item| !item.is_null()) {
        let part = plain_text("join", item)?;
        if !part.is_empty() {
            parts.push(part);
        }
    }
    Ok(Value::string(parts.join(sep)))
}

pub const CONTAINS: Function = Function {
    name: "contains",
    group: "text",
    params: &[S, Param::required("part", P::Text)],
    returns: Returns::Fixed(Base::Bool),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "Whether `part` occurs in the text, with the same case. (For a value in a list, use \
          `in`.)",
    null_doc: "`null` for either argument gives `null` (which a condition takes as false).",
    examples: &[
        Example {
            call: r#"contains("Sales Benelux", "Bene")"#,
            result: "true",
        },
        Example {
            call: r#"contains("Sales", "sales")"#,
            result: "false",
        },
    ],
    run: contains,
};

fn contains(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let s = text("contains", args, 0)?;
    Ok(Value::Bool(s.contains(text("contains", args, 1)?)))
}

pub const STARTS_WITH: Function = Function {
    name: "starts_with",
    group: "text",
    params: &[S, Param::required("prefix", P::Text)],
    returns: Returns::Fixed(Base::Bool),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "Whether the text starts with `prefix`, with the same case.",
    null_doc: "`null` for either argument gives `null` (which a condition takes as false).",
    examples: &[Example {
        call: r#"starts_with("EXT-0042", "EXT-")"#,
        result: "true",
    }],
    run: starts_with,
};

fn starts_with(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let s = text("starts_with", args, 0)?;
    Ok(Value::Bool(s.starts_with(text("starts_with", args, 1)?)))
}

pub const ENDS_WITH: Function = Function {
    name: "ends_with",
    group: "text",
    params: &[S, Param::required("suffix", P::Text)],
    returns: Returns::Fixed(Base::Bool),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "Whether the text ends with `suffix`, with the same case.",
    null_doc: "`null` for either argument gives `null` (which a condition takes as false).",
    examples: &[Example {
        call: r#"ends_with("jan@acme.example", "@acme.example")"#,
        result: "true",
    }],
    run: ends_with,
};

fn ends_with(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let s = text("ends_with", args, 0)?;
    Ok(Value::Bool(s.ends_with(text("ends_with", args, 1)?)))
}

pub const MATCHES: Function = Function {
    name: "matches",
    group: "text",
    params: &[S, Param::required("regex", P::Regex)],
    returns: Returns::Fixed(Base::Bool),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "Whether the regular expression matches somewhere in the text; anchor it with `^` \
          and `$` to match the whole text.",
    null_doc: "`null` text gives `null` (which a condition takes as false).",
    examples: &[
        Example {
            call: r#"matches("NL-0042", /^[A-Z]{2}-\d+$/)"#,
            result: "true",
        },
        Example {
            call: r#"matches("Jansen", /^j/i)"#,
            result: "true",
        },
    ],
    run: matches,
};

fn matches(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let s = text("matches", args, 0)?;
    match arg(args, 1) {
        Value::Regex(regex) => Ok(Value::Bool(regex.is_match(s))),
        other => Err(wrong_kind("matches", "a regular expression", other)),
    }
}

pub const EXTRACT: Function = Function {
    name: "extract",
    group: "text",
    params: &[S, Param::required("regex", P::Regex)],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Any,
    may_give_null: true,
    purity: Purity::Pure,
    doc: "The part of the text that the first capture group of the regular expression \
          matched at its first match; the whole match when it has no group (or the group took \
          no part); `null` when it does not match.",
    null_doc: "`null` text gives `null`; so does text the regular expression does not match.",
    examples: &[
        Example {
            call: r#"extract("Sales (NL)", /\((\w+)\)/)"#,
            result: r#""NL""#,
        },
        Example {
            call: r#"extract("room 4.12", /\d+\.\d+/)"#,
            result: r#""4.12""#,
        },
        Example {
            call: r#"extract("none", /\d+/)"#,
            result: "null",
        },
    ],
    run: extract,
};

fn extract(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let s = text("extract", args, 0)?;
    let Value::Regex(regex) = arg(args, 1) else {
        return Err(wrong_kind("extract", "a regular expression", arg(args, 1)));
    };
    let Some(captures) = regex.captures(s) else {
        return Ok(Value::Null);
    };
    let found = captures.get(1).or_else(|| captures.get(0));
    Ok(found.map_or(Value::Null, |found| Value::string(found.as_str())))
}

#[cfg(test)]
#[path = "patterns_tests.rs"]
mod tests;
