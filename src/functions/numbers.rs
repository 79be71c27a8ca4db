//! Number functions: rounding, absolute value, the smaller and larger of two.

use super::args::{arg, wrong_kind};
use super::convert::float_to_int;
use super::signature::{Base, ParamType as P, Returns};
use super::{Context, Example, Function, NullArgs, Param, Purity};
use crate::value::Value;
use std::cmp::Ordering;

type Outcome = Result<Value, String>;

const X: Param = Param::required("x", P::Number);

pub const ROUND: Function = Function {
    name: "round",
    group: "numbers",
    params: &[X],
    returns: Returns::Fixed(Base::Int),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The nearest whole number; halves round away from zero (`2.5` gives `3`, `-2.5` \
          gives `-3`).",
    null_doc: "`null` gives `null`.",
    examples: &[
        Example {
            call: "round(2.5)",
            result: "3",
        },
        Example {
            call: "round(-2.5)",
            result: "-3",
        },
        Example {
            call: "round(7)",
            result: "7",
        },
    ],
    run: round,
};

fn round(args: &[Value], _: &mut Context<'_>) -> Outcome {
    whole("round", arg(args, 0), f64::round)
}

pub const FLOOR: Function = Function {
    name: "floor",
    group: "numbers",
    params: &[X],
    returns: Returns::Fixed(Base::Int),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The largest whole number that is not more than `x`.",
    null_doc: "`null` gives `null`.",
    examples: &[
        Example {
            call: "floor(2.7)",
            result: "2",
        },
        Example {
            call: "floor(-2.1)",
            result: "-3",
        },
    ],
    run: floor,
};

fn floor(args: &[Value], _: &mut Context<'_>) -> Outcome {
    whole("floor", arg(args, 0), f64::floor)
}

pub const CEIL: Function = Function {
    name: "ceil",
    group: "numbers",
    params: &[X],
    returns: Returns::Fixed(Base::Int),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The smallest whole number that is not less than `x`.",
    null_doc: "`null` gives `null`.",
    examples: &[
        Example {
            call: "ceil(2.1)",
            result: "3",
        },
        Example {
            call: "ceil(-2.7)",
            result: "-2",
        },
    ],
    run: ceil,
};

fn ceil(args: &[Value], _: &mut Context<'_>) -> Outcome {
    whole("ceil", arg(args, 0), f64::ceil)
}

/// Applies a rounding to a number and gives an int.
fn whole(function: &str, value: &Value, rounding: fn(f64) -> f64) -> Outcome {
    match value {
        Value::Int(i) => Ok(Value::Int(*i)),
        Value::Float(f) => float_to_int(function, rounding(*f)),
        other => Err(wrong_kind(function, "a number", other)),
    }
}

pub const ABS: Function = Function {
    name: "abs",
    group: "numbers",
    params: &[X],
    returns: Returns::SameAs(0),
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The number without its sign; an int stays an int.",
    null_doc: "`null` gives `null`.",
    examples: &[
        Example {
            call: "abs(-4)",
            result: "4",
        },
        Example {
            call: "abs(-1.5)",
            result: "1.5",
        },
    ],
    run: abs,
};

fn abs(args: &[Value], _: &mut Context<'_>) -> Outcome {
    match arg(args, 0) {
        Value::Int(i) => i
            .checked_abs()
            .map(Value::Int)
            .ok_or_else(|| format!("abs: {i} has no whole-number absolute value")),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        other => Err(wrong_kind("abs", "a number", other)),
    }
}

pub const MIN: Function = Function {
    name: "min",
    group: "numbers",
    params: &[
        Param::required("a", P::Number),
        Param::required("b", P::Number),
    ],
    returns: Returns::WidestNumber,
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The smaller of two numbers: an int when both are ints, else a float.",
    null_doc: "`null` for either argument gives `null`.",
    examples: &[
        Example {
            call: "min(3, 7)",
            result: "3",
        },
        Example {
            call: "min(2, 1.5)",
            result: "1.5",
        },
    ],
    run: min,
};

fn min(args: &[Value], _: &mut Context<'_>) -> Outcome {
    pick("min", args, Ordering::Less)
}

pub const MAX: Function = Function {
    name: "max",
    group: "numbers",
    params: &[
        Param::required("a", P::Number),
        Param::required("b", P::Number),
    ],
    returns: Returns::WidestNumber,
    null_args: NullArgs::Any,
    may_give_null: false,
    purity: Purity::Pure,
    doc: "The larger of two numbers: an int when both are ints, else a float.",
    null_doc: "`null` for either argument gives `null`.",
    examples: &[
        Example {
            call: "max(3, 7)",
            result: "7",
        },
        Example {
            call: "max(0, -0.5)",
            result: "0.0",
        },
    ],
    run: max,
};

fn max(args: &[Value], _: &mut Context<'_>) -> Outcome {
    pick("max", args, Ordering::Greater)
}

/// The first argument when it compares to the second as `wanted` (or equal), else the
/// second; a float when either is a float.
fn pick(function: &str, args: &[Value], wanted: Ordering) -> Outcome {
    match (arg(args, 0), arg(args, 1)) {
        // Ints compare exactly: large ints lose precision as floats.
        (Value::Int(a), Value::Int(b)) => Ok(Value::Int(if a.cmp(b) == wanted { *a } else { *b })),
        (a, b) => {
            let a = as_float(function, a)?;
            let b = as_float(function, b)?;
            let first = a.partial_cmp(&b) == Some(wanted);
            Ok(Value::Float(if first { a } else { b }))
        }
    }
}

fn as_float(function: &str, value: &Value) -> Result<f64, String> {
    match value {
        Value::Int(i) => Ok(*i as f64),
        Value::Float(f) => Ok(*f),
        other => Err(wrong_kind(function, "a number", other)),
    }
}

#[cfg(test)]
#[path = "numbers_tests.rs"]
mod tests;
