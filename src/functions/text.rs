//! Text functions that work on character positions and white space.

use super::args::{byte_offset, char_count, count, text, wrong_kind};
use super::signature::{Base, ParamType as P, Returns};
use super::{Context, Example, Function, NullArgs, Param, Purity};
use crate::value::Value;

type Outcome = Result<Value, String>;

const S: Param = Param::required("s", P::Text);

pub const LOWER: Function = Function {
    name: "lower",
    group: "text",
    params: &[S],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The text in lower case, for every alphabet.",
    null_doc: "`null` gives `null`.",
    examples: &[
        Example {
            call: r#"lower("Jan VAN Dijk")"#,
            result: r#""jan van dijk""#,
        },
        Example {
            call: r#"lower("ÉMILE")"#,
            result: r#""émile""#,
        },
    ],
    run: lower,
};

fn lower(args: &[Value], _: &mut Context<'_>) -> Outcome {
    Ok(Value::string(text("lower", args, 0)?.to_lowercase()))
}

pub const UPPER: Function = Function {
    name: "upper",
    group: "text",
    params: &[S],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The text in upper case, for every alphabet (`ß` becomes `SS`).",
    null_doc: "`null` gives `null`.",
    examples: &[
        Example {
            call: r#"upper("nl")"#,
            result: r#""NL""#,
        },
        Example {
            call: r#"upper("Zoë")"#,
            result: r#""ZOË""#,
        },
    ],
    run: upper,
};

fn upper(args: &[Value], _: &mut Context<'_>) -> Outcome {
    Ok(Value::string(text("upper", args, 0)?.to_uppercase()))
}

pub const TRIM: Function = Function {
    name: "trim",
    group: "text",
    params: &[S],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The text without white space (spaces, tabs, line breaks, no-break spaces) at \
          either end.",
    null_doc: "`null` gives `null`.",
    examples: &[Example {
        call: r#"trim("  Jansen ")"#,
        result: r#""Jansen""#,
    }],
    run: trim,
};

fn trim(args: &[Value], _: &mut Context<'_>) -> Outcome {
    Ok(Value::string(text("trim", args, 0)?.trim()))
}

pub const LEFT: Function = Function {
    name: "left",
    group: "text",
    params: &[S, Param::required("n", P::Int)],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The first `n` characters of the text; the whole text when it is shorter. \
          Characters are Unicode characters, not bytes. A negative `n` rejects the record.",
    null_doc: "`null` for either argument gives `null`.",
    examples: &[
        Example {
            call: r#"left("Ĳsbrand", 1)"#,
            result: r#""Ĳ""#,
        },
        Example {
            call: r#"left("Jo", 5)"#,
            result: r#""Jo""#,
        },
    ],
    run: left,
};

fn left(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let s = text("left", args, 0)?;
    let n = count("left", args, 1)?;
    Ok(Value::string(&s[..byte_offset(s, n)]))
}

pub const RIGHT: Function = Function {
    name: "right",
    group: "text",
    params: &[S, Param::required("n", P::Int)],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The last `n` characters of the text; the whole text when it is shorter. \
          A negative `n` rejects the record.",
    null_doc: "`null` for either argument gives `null`.",
    examples: &[
        Example {
            call: r#"right("NL91ABNA0417164300", 4)"#,
            result: r#""4300""#,
        },
        Example {
            call: r#"right("Zoë", 10)"#,
            result: r#""Zoë""#,
        },
    ],
    run: right,
};

fn right(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let s = text("right", args, 0)?;
    let n = count("right", args, 1)?;
    let skip = char_count(s).saturating_sub(n);
    Ok(Value::string(&s[byte_offset(s, skip)..]))
}

pub const SUBSTRING: Function = Function {
    name: "substring",
    group: "text",
    params: &[
        S,
        Param::required("start", P::Int),
        Param::optional("len", P::Int),
    ],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "`len` characters from position `start` (the first character is at 0), or all \
          characters from `start` when `len` is left out. Past the end there is nothing more: \
          a `start` past the end gives `\"\"`. A negative `start` or `len` rejects the record.",
    null_doc: "`null` for any argument gives `null`.",
    examples: &[
        Example {
            call: r#"substring("Jansen", 1, 3)"#,
            result: r#""ans""#,
        },
        Example {
            call: r#"substring("Jansen", 4)"#,
            result: r#""en""#,
        },
        Example {
            call: r#"substring("Jansen", 10, 2)"#,
            result: r#""""#,
        },
    ],
    run: substring,
};

fn substring(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let s = text("substring", args, 0)?;
    let start = byte_offset(s, count("substring", args, 1)?);
    let rest = &s[start..];
    let end = match args.get(2) {
        Some(_) => byte_offset(rest, count("substring", args, 2)?),
        None => rest.len(),
    };
    Ok(Value::string(&rest[..end]))
}

pub const PAD_LEFT: Function = Function {
    name: "pad_left",
    group: "text",
    params: &[
        S,
        Param::required("n", P::Int),
        Param::required("ch", P::Text),
    ],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The text made `n` characters long by putting `ch` (one character) in front; a text \
          that is already `n` characters or longer stays as it is.",
    null_doc: "`null` for any argument gives `null`.",
    examples: &[
        Example {
            call: r#"pad_left("42", 6, "0")"#,
            result: r#""000042""#,
        },
        Example {
            call: r#"pad_left("1234567", 6, "0")"#,
            result: r#""1234567""#,
        },
    ],
    run: pad_left,
};

fn pad_left(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let (s, padding) = padding("pad_left", args)?;
    Ok(Value::string(padding + s))
}

pub const PAD_RIGHT: Function = Function {
    name: "pad_right",
    group: "text",
    params: &[
        S,
        Param::required("n", P::Int),
        Param::required("ch", P::Text),
    ],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The text made `n` characters long by putting `ch` (one character) after it; a text \
          that is already `n` characters or longer stays as it is.",
    null_doc: "`null` for any argument gives `null`.",
    examples: &[Example {
        call: r#"pad_right("AB", 4, ".")"#,
        result: r#""AB..""#,
    }],
    run: pad_right,
};

fn pad_right(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let (s, padding) = padding("pad_right", args)?;
    Ok(Value::string(s.to_string() + &padding))
}

/// The text argument and the padding it needs to reach the wanted length.
fn padding<'a>(function: &str, args: &'a [Value]) -> Result<(&'a str, String), String> {
    let s = text(function, args, 0)?;
    let n = count(function, args, 1)?;
    let ch = text(function, args, 2)?;
    let mut chars = ch.chars();
    let (Some(fill), None) = (chars.next(), chars.next()) else {
        return Err(format!(
            "{function}: the padding must be one character, got {ch:?}"
        ));
    };
    if n > MAX_PADDED_LENGTH {
        return Err(format!(
            "{function}: {n} characters is longer than a padded text may be ({MAX_PADDED_LENGTH})"
        ));
    }
    let missing = n.saturating_sub(char_count(s));
    Ok((s, std::iter::repeat_n(fill, missing).collect()))
}

/// The longest text `pad_left` and `pad_right` make: a length read from a record must not
/// be able to exhaust memory.
const MAX_PADDED_LENGTH: usize = 10_000;

pub const LENGTH: Function = Function {
    name: "length",
    group: "text",
    params: &[Param::required("s", P::TextOrList)],
    returns: Returns::Fixed(Base::Int),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The number of characters of a text (Unicode characters, not bytes), or the number \
          of elements of a list.",
    null_doc: "`null` gives `null`.",
    examples: &[
        Example {
            call: r#"length("Zoë")"#,
            result: "3",
        },
        Example {
            call: r#"length(["a", "b"])"#,
            result: "2",
        },
    ],
    run: length,
};

fn length(args: &[Value], _: &mut Context<'_>) -> Outcome {
    match args.first() {
        Some(Value::String(s)) => Ok(Value::Int(char_count(s) as i64)),
        Some(Value::List(items)) => Ok(Value::Int(items.len() as i64)),
        Some(other) => Err(wrong_kind("length", "text or a list", other)),
        None => Err(wrong_kind("length", "text or a list", &Value::Null)),
    }
}

pub const STRIP_SPACES: Function = Function {
    name: "strip_spaces",
    group: "text",
    params: &[S],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The text with all white space removed, also inside it (for e-mail addresses and \
          account names made from names).",
    null_doc: "`null` gives `null`.",
    examples: &[Example {
        call: r#"strip_spaces("jan.van der berg@acme.example")"#,
        result: r#""jan.vanderberg@acme.example""#,
    }],
    run: strip_spaces,
};

fn strip_spaces(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let s = text("strip_spaces", args, 0)?;
    Ok(Value::string(
        s.chars().filter(|c| !c.is_whitespace()).collect::<String>(),
    ))
}

pub const BLANK: Function = Function {
    name: "blank",
    group: "text",
    params: &[S],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::None,
    may_give_null: true,
    purity: Purity::Pure,
    doc: "`null` when the text is empty or only white space, else the text unchanged. HR \
          exports often write `\"\"` for a missing value; `blank` turns it into `null` so \
          that `??` can choose a fallback.",
    null_doc: "`null` gives `null`; so do `\"\"` and text of only white space.",
    examples: &[
        Example {
            call: r#"blank("   ")"#,
            result: "null",
        },
        Example {
            call: r#"blank("") ?? "unknown""#,
            result: r#""unknown""#,
        },
        Example {
            call: r#"blank(" Jan")"#,
            result: r#"" Jan""#,
        },
    ],
    run: blank,
};

fn blank(args: &[Value], _: &mut Context<'_>) -> Outcome {
    match args.first() {
        None | Some(Value::Null) => Ok(Value::Null),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(Value::Null),
        Some(value @ Value::String(_)) => Ok(value.clone()),
        Some(other) => Err(wrong_kind("blank", "text", other)),
    }
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
