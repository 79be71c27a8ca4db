//! Name functions: capitalising names with particles, and Dutch family name conventions.

use super::args::{arg, text, wrong_kind};
use super::signature::{Base, ParamType as P, Returns};
use super::{Context, Example, Function, NullArgs, Param, Purity};
use crate::value::Value;

type Outcome = Result<Value, String>;

pub const TITLE_CASE: Function = Function {
    name: "title_case",
    group: "names",
    params: &[Param::required("s", P::Text)],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The name with each word capitalised and the rest in lower case, except Dutch, \
          German and French name particles inside the name (`van der`, `den`, `ten`, `'t`, \
          `von`, `zu`, `de`, `du`, `des`, `le`, `la`, ...), which stay lower case. The first \
          word is always capitalised, particle or not (`\"VAN DER BERG\"` gives `\"Van der \
          Berg\"`), since `title_case` cannot know whether a first name comes before it. Each \
          part of a double name is capitalised (`Anne-Marie`), as is the letter after `O'`, \
          `D'` and the like (`O'Brien`; inside a name `d'` stays: `Jeanne d'Arc`), and a Dutch \
          `ij` at the start of a word becomes `IJ` (`IJsbrand`).",
    null_doc: "`null` gives `null`.",
    examples: &[
        Example {
            call: r#"title_case("JAN VAN DER BERG")"#,
            result: r#""Jan van der Berg""#,
        },
        Example {
            call: r#"title_case("anne-marie o'brien")"#,
            result: r#""Anne-Marie O'Brien""#,
        },
        Example {
            call: r#"title_case("ijsbrand van 't hek")"#,
            result: r#""IJsbrand van 't Hek""#,
        },
    ],
    run: title_case,
};

/// Particles that stay lower case inside a name.
const PARTICLES: &[&str] = &[
    // Dutch
    "van", "der", "den", "de", "het", "'t", "'s", "ten", "ter", "te", "in", "op", "aan", "bij",
    "uit", "onder", "vd", "v.d.", "v/d", // German
    "von", "zu", "vom", "zum", "zur", "dem", "und", // French
    "du", "des", "le", "la", "les",
];

fn is_particle(word: &str) -> bool {
    PARTICLES.contains(&word.replace('’', "'").as_str())
}

fn title_case(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let lower = text("title_case", args, 0)?.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let mut out = String::with_capacity(lower.len());
    let mut rest = lower.as_str();
    for (index, word) in words.iter().enumerate() {
        // Keep the white space between words as it was.
        let at = rest.find(word).unwrap_or(0);
        out.push_str(&rest[..at]);
        rest = &rest[at + word.len()..];
        let followed = index + 1 < words.len();
        if index > 0 && is_particle(word) {
            out.push_str(word);
        } else {
            capitalise_word(&mut out, word, index == 0, followed);
        }
    }
    out.push_str(rest);
    Ok(Value::string(out))
}

/// Capitalises the parts of a double name; a particle after a hyphen stays lower case
/// when more of the name follows (`Berg-de Vries`).
fn capitalise_word(out: &mut String, word: &str, first_word: bool, followed: bool) {
    for (index, part) in word.split('-').enumerate() {
        if index > 0 {
            out.push('-');
        }
        if index > 0 && followed && is_particle(part) {
            out.push_str(part);
        } else {
            capitalise_part(out, part, first_word && index == 0);
        }
    }
}

/// Capitalises one part, and the letter after an apostrophe that follows one letter
/// (`O'Brien`, `D'Arcy`); inside a name `d'` and `l'` stay lower case (`d'Arc`).
fn capitalise_part(out: &mut String, part: &str, starts_name: bool) {
    if part.starts_with(['\'', '’']) {
        // `'t`, `'s`: an elided article stays as it is.
        out.push_str(part);
        return;
    }
    match part.find(['\'', '’']) {
        Some(apostrophe) if part[..apostrophe].chars().count() == 1 => {
            let (head, tail) = part.split_at(apostrophe);
            let elided_article = matches!(head, "d" | "l") && !starts_name;
            if elided_article {
                out.push_str(head);
            } else {
                push_capitalised(out, head);
            }
            let mark_len = tail.chars().next().map_or(0, char::len_utf8);
            out.push_str(&tail[..mark_len]);
            push_capitalised(out, &tail[mark_len..]);
        }
        _ => push_capitalised(out, part),
    }
}

fn push_capitalised(out: &mut String, part: &str) {
    if let Some(rest) = part.strip_prefix("ij") {
        out.push_str("IJ");
        out.push_str(rest);
        return;
    }
    let mut chars = part.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

pub const FAMILY_NAME: Function = Function {
    name: "family_name",
    group: "names",
    params: &[
        Param::required("convention", P::Text),
        Param::required("prefix", P::Text),
        Param::required("last", P::Text),
        Param::required("partner_prefix", P::Text),
        Param::required("partner_last", P::Text),
    ],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Only(&[2]),
    may_give_null: false,
    purity: Purity::Pure,
    doc: "A Dutch family name by the usual HR naming conventions: `\"B\"` the own name (`van \
          der Berg`), `\"P\"` the partner's (`de Vries`), `\"BP\"` own then partner's \
          (`van der Berg-de Vries`), `\"PB\"` partner's then own (`de Vries-van der Berg`). The \
          prefix goes before its last name with a space. When the partner's last name is \
          missing (`null` or blank), it is the own name. The convention is read in any case \
          with white space around it allowed; an unknown convention gives the own name.",
    null_doc: "A `null` own last name gives `null`. A `null` convention gives the own name; \
               `null` or blank prefixes are left out; a `null` or blank partner's last name \
               means there is no partner's name.",
    examples: &[
        Example {
            call: r#"family_name("B", "van der", "Berg", "de", "Vries")"#,
            result: r#""van der Berg""#,
        },
        Example {
            call: r#"family_name("PB", "van der", "Berg", "de", "Vries")"#,
            result: r#""de Vries-van der Berg""#,
        },
        Example {
            call: r#"family_name("P", null, "Jansen", "de", null)"#,
            result: r#""Jansen""#,
        },
    ],
    run: family_name,
};

fn family_name(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let convention = optional_text(args, 0)?.map(|c| c.trim().to_uppercase());
    let own = full_name(optional_text(args, 1)?, text("family_name", args, 2)?);
    let partner_prefix = optional_text(args, 3)?;
    let partner = optional_text(args, 4)?
        .filter(|last| !last.trim().is_empty())
        .map(|last| full_name(partner_prefix, last));
    let name = match (convention.as_deref(), partner) {
        (Some("P"), Some(partner)) => partner,
        (Some("BP"), Some(partner)) => joined(&own, &partner),
        (Some("PB"), Some(partner)) => joined(&partner, &own),
        _ => own,
    };
    Ok(Value::string(name))
}

/// Text or `null` in a position where `null` reaches the implementation.
fn optional_text(args: &[Value], index: usize) -> Result<Option<&str>, String> {
    match arg(args, index) {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        other => Err(wrong_kind("family_name", "text", other)),
    }
}

/// `prefix last`, leaving out a blank prefix.
fn full_name(prefix: Option<&str>, last: &str) -> String {
    let parts = [prefix.unwrap_or_default().trim(), last.trim()];
    let parts: Vec<&str> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    parts.join(" ")
}

/// Two names with a hyphen, leaving out an empty one.
fn joined(first: &str, second: &str) -> String {
    match (first.is_empty(), second.is_empty()) {
        (true, _) => second.to_string(),
        (_, true) => first.to_string(),
        _ => format!("{first}-{second}"),
    }
}

#[cfg(test)]
#[path = "names_tests.rs"]
mod tests;
