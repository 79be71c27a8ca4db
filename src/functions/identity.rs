//! Identity functions: unique account names, phone numbers, e-mail addresses.

use super::args::{text, wrong_kind};
use super::signature::{Base, ParamType as P, Returns};
use super::{Context, Example, Function, Lookup, NullArgs, Param, Purity};
use crate::value::Value;

type Outcome = Result<Value, String>;

pub const UNIQUE: Function = Function {
    name: "unique",
    group: "identity",
    params: &[Param::variadic("candidates", P::Text)],
    returns: Returns::Coalesced(Base::Text),
    null_args: NullArgs::None,
    may_give_null: false,
    purity: Purity::Run,
    doc: "The first candidate that no other user holds, neither an existing user nor one \
          made earlier in the same run; case does not matter (`Jan@x` and `jan@x` are the \
          same). When every candidate is taken, the last one gets the smallest free number \
          from 2 up, before the `@` or else at the end: `joris.vanderberg2@acme.example`. A \
          user's userName is held once the record maps, so later records avoid it and the \
          result depends only on the input order; a rejected record holds nothing.",
    null_doc: "`null` candidates are skipped; when every candidate is `null` the result is \
               `null`.",
    examples: &[
        Example {
            call: r#"unique("jberg@acme.example", "jan.berg@acme.example")"#,
            result: r#""jberg@acme.example""#,
        },
        Example {
            call: r#"unique(null, "jansen")"#,
            result: r#""jansen""#,
        },
    ],
    run: unique,
};

fn unique(args: &[Value], context: &mut Context<'_>) -> Outcome {
    let mut candidates = Vec::with_capacity(args.len());
    for arg in args {
        match arg {
            Value::Null => {}
            Value::String(candidate) => candidates.push(candidate),
            other => return Err(wrong_kind("unique", "text", other)),
        }
    }
    let Some(last) = candidates.last() else {
        return Ok(Value::Null);
    };
    let free = candidates
        .iter()
        .find(|candidate| !context.taken.is_taken(candidate))
        .map(|candidate| candidate.to_string());
    let chosen = match free {
        Some(candidate) => candidate,
        None => numbered(last, context),
    };
    // Only a record that maps holds a name: the engine adds its userName to `taken` then.
    Ok(Value::string(chosen))
}

/// The candidate with the smallest number from 2 up that makes it free. The numbers
/// known to be held are not looked up again: a common name in a large run would
/// otherwise cost a lookup for every earlier holder.
fn numbered(candidate: &str, context: &mut Context<'_>) -> String {
    let (name, domain) = numbering_parts(candidate);
    let mut number = context.taken.numbering_start(candidate);
    // Every numbered form below this one is held for certain; a claimed one may not be.
    let mut held_below = number;
    // The set of taken names is finite, so a free number turns up.
    loop {
        let numbered = format!("{name}{number}{domain}");
        match context.taken.lookup(&numbered) {
            Lookup::Free => {
                context.taken.found_numbered_from(candidate, held_below);
                return numbered;
            }
            Lookup::Held if held_below == number => held_below += 1,
            Lookup::Held | Lookup::Claimed => {}
        }
        number += 1;
    }
}

/// A candidate cut where `unique` puts its number: before the `@`, or at the end.
/// `("jan.berg", "@acme.example")` gives `jan.berg2@acme.example`.
pub(crate) fn numbering_parts(candidate: &str) -> (&str, &str) {
    match candidate.rfind('@') {
        Some(at) => candidate.split_at(at),
        None => (candidate, ""),
    }
}

pub const E164: Function = Function {
    name: "e164",
    group: "identity",
    params: &[
        Param::required("phone", P::Text),
        Param::required("region", P::Text),
    ],
    returns: Returns::Fixed(Base::Text),
    null_args: NullArgs::Any,
    may_give_null: true,
    purity: Purity::Pure,
    doc: "The phone number in E.164 form (`+31612345678`), read as a number of the `region` \
          (a two-letter country code such as `\"NL\"`, in any case) unless it starts with `+` or \
          `00` and a country code. `null` when it is not a valid number. A region that is not \
          a known country code rejects the record.",
    null_doc: "`null` for either argument gives `null`; so does a number that is not valid.",
    examples: &[
        Example {
            call: r#"e164("06 12345678", "NL")"#,
            result: r#""+31612345678""#,
        },
        Example {
            call: r#"e164("+32 470 12 34 56", "NL")"#,
            result: r#""+32470123456""#,
        },
        Example {
            call: r#"e164("12345", "NL")"#,
            result: "null",
        },
    ],
    run: e164,
};

fn e164(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let phone = text("e164", args, 0)?;
    let region_code = text("e164", args, 1)?;
    let region = region_code
        .trim()
        .to_uppercase()
        .parse::<phonenumber::country::Id>()
        .map_err(|_| format!("e164: {region_code:?} is not a known region code"))?;
    let number = match phonenumber::parse(Some(region), phone) {
        Ok(number) if number.is_valid() => number,
        _ => return Ok(Value::Null),
    };
    let formatted = number.format().mode(phonenumber::Mode::E164).to_string();
    Ok(Value::string(formatted))
}

pub const IS_EMAIL: Function = Function {
    name: "is_email",
    group: "identity",
    params: &[Param::required("s", P::Text)],
    returns: Returns::Fixed(Base::Bool),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "Whether the text looks like an e-mail address: one `@`, something before it, a \
          domain after it with a dot that neither starts nor ends it, and no white space. It \
          does not check that the address exists.",
    null_doc: "`null` gives `null` (which a condition takes as false).",
    examples: &[
        Example {
            call: r#"is_email("jan.berg@acme.example")"#,
            result: "true",
        },
        Example {
            call: r#"is_email("jan.berg@acme")"#,
            result: "false",
        },
        Example {
            call: r#"is_email("jan berg@acme.example")"#,
            result: "false",
        },
    ],
    run: is_email,
};

fn is_email(args: &[Value], _: &mut Context<'_>) -> Outcome {
    Ok(Value::Bool(looks_like_email(text("is_email", args, 0)?)))
}

/// The pragmatic check of `is_email`.
pub fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

#[cfg(test)]
#[path = "identity_tests.rs"]
mod tests;
