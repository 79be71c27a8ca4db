//! List functions: ends, counting, de-duplicating, sorting and flattening.

use super::args::list;
use super::signature::{Base, ParamType as P, Returns};
use super::{Context, Example, Function, NullArgs, Param, Purity};
use crate::value::Value;
use std::cmp::Ordering;

type Outcome = Result<Value, String>;

const LIST: Param = Param::required("list", P::List);

pub const FIRST: Function = Function {
    name: "first",
    group: "lists",
    params: &[LIST],
    returns: Returns::ElementOf(0),
    null_args: NullArgs::Any,
    may_give_null: true,
    purity: Purity::Pure,
    doc: "The first element of the list; `null` for an empty list.",
    null_doc: "`null` gives `null`; so does an empty list.",
    examples: &[
        Example {
            call: r#"first(["HR", "IT"])"#,
            result: r#""HR""#,
        },
        Example {
            call: "first([])",
            result: "null",
        },
    ],
    run: first,
};

fn first(args: &[Value], _: &mut Context<'_>) -> Outcome {
    Ok(list("first", args, 0)?
        .first()
        .cloned()
        .unwrap_or(Value::Null))
}

pub const LAST: Function = Function {
    name: "last",
    group: "lists",
    params: &[LIST],
    returns: Returns::ElementOf(0),
    null_args: NullArgs::Any,
    may_give_null: true,
    purity: Purity::Pure,
    doc: "The last element of the list; `null` for an empty list.",
    null_doc: "`null` gives `null`; so does an empty list.",
    examples: &[
        Example {
            call: r#"last(["HR", "IT"])"#,
            result: r#""IT""#,
        },
        Example {
            call: "last([])",
            result: "null",
        },
    ],
    run: last,
};

fn last(args: &[Value], _: &mut Context<'_>) -> Outcome {
    Ok(list("last", args, 0)?
        .last()
        .cloned()
        .unwrap_or(Value::Null))
}

pub const COUNT: Function = Function {
    name: "count",
    group: "lists",
    params: &[LIST],
    returns: Returns::Fixed(Base::Int),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The number of elements of the list, `null` elements included.",
    null_doc: "`null` gives `null`.",
    examples: &[
        Example {
            call: r#"count(["a", null, "c"])"#,
            result: "3",
        },
        Example {
            call: "count([])",
            result: "0",
        },
    ],
    run: count,
};

fn count(args: &[Value], _: &mut Context<'_>) -> Outcome {
    Ok(Value::Int(list("count", args, 0)?.len() as i64))
}

pub const DISTINCT: Function = Function {
    name: "distinct",
    group: "lists",
    params: &[LIST],
    returns: Returns::SameAs(0),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The list without repeated values: the first of each value stays, in its place. \
          Values compare as `==` does (text with the same case, `1` equal to `1.0`).",
    null_doc: "`null` gives `null`; `null` elements count as one value.",
    examples: &[
        Example {
            call: r#"distinct(["IT", "HR", "IT", "Sales"])"#,
            result: r#"["IT", "HR", "Sales"]"#,
        },
        Example {
            call: "distinct([3, 1, 3, 2, 1])",
            result: "[3, 1, 2]",
        },
    ],
    run: distinct,
};

fn distinct(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let items = list("distinct", args, 0)?;
    let mut kept: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        // Quadratic, but lists in an HR record are short; `Value` has no hash for
        // `1 == 1.0` equality.
        if !kept.contains(item) {
            kept.push(item.clone());
        }
    }
    Ok(Value::list(kept))
}

pub const SORT: Function = Function {
    name: "sort",
    group: "lists",
    params: &[Param::required("list", P::SortableList)],
    returns: Returns::SameAs(0),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The list in ascending order: texts by Unicode code point (upper case before lower \
          case), numbers by value, dates and datetimes by time. `null` elements go last. A list \
          that mixes kinds (text and numbers) rejects the record.",
    null_doc: "`null` gives `null`; `null` elements go last.",
    examples: &[
        Example {
            call: r#"sort(["Sales", "HR", "IT"])"#,
            result: r#"["HR", "IT", "Sales"]"#,
        },
        Example {
            call: r#"sort(["b", "B", "a"])"#,
            result: r#"["B", "a", "b"]"#,
        },
    ],
    run: sort,
};

fn sort(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let items = list("sort", args, 0)?;
    // A comparator that cannot order two elements is not a total order, and the standard
    // sort may panic on one; so a list that mixes kinds is refused before sorting.
    let mut kinds = items.iter().filter(|item| !item.is_null()).map(sort_class);
    if let Some(first) = kinds.next() {
        if let Some(other) = kinds.find(|kind| *kind != first) {
            return Err(format!("sort: cannot put {first} and {other} in one order"));
        }
    }
    let mut sorted = items.to_vec();
    sorted.sort_by(|a, b| compare(a, b).unwrap_or(Ordering::Equal));
    Ok(Value::list(sorted))
}

/// Elements of one class compare with each other: numbers with numbers, text with text.
fn sort_class(value: &Value) -> &'static str {
    match value {
        Value::Int(_) | Value::Float(_) => "numbers",
        other => other.kind_name(),
    }
}

/// The order of two list elements, `None` when they are of kinds that do not compare.
fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Null, Value::Null) => Some(Ordering::Equal),
        (Value::Null, _) => Some(Ordering::Greater),
        (_, Value::Null) => Some(Ordering::Less),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
        (Value::Int(a), Value::Float(b)) => Some((*a as f64).total_cmp(b)),
        (Value::Float(a), Value::Int(b)) => Some(a.total_cmp(&(*b as f64))),
        (Value::Float(a), Value::Float(b)) => Some(a.total_cmp(b)),
        (Value::Date(a), Value::Date(b)) => Some(a.cmp(b)),
        (Value::DateTime(a), Value::DateTime(b)) => Some(a.cmp(b)),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

pub const FLATTEN: Function = Function {
    name: "flatten",
    group: "lists",
    params: &[LIST],
    returns: Returns::Flattened(0),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The list with the elements of its inner lists in their place, one level deep; \
          elements that are not lists stay as they are.",
    null_doc: "`null` gives `null`; `null` elements stay.",
    examples: &[
        Example {
            call: r#"flatten([["a", "b"], [], ["c"]])"#,
            result: r#"["a", "b", "c"]"#,
        },
        Example {
            call: "flatten([[1, 2], [3]])",
            result: "[1, 2, 3]",
        },
    ],
    run: flatten,
};

fn flatten(args: &[Value], _: &mut Context<'_>) -> Outcome {
    let items = list("flatten", args, 0)?;
    let mut flat = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Value::List(inner) => flat.extend(inner.iter().cloned()),
            other => flat.push(other.clone()),
        }
    }
    Ok(Value::list(flat))
}

#[cfg(test)]
#[path = "lists_tests.rs"]
mod tests;
