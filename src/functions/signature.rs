//! Parameter and return types of functions, and checking a call against them.

/// The type a parameter accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    Any,
}

/// How the result type follows from the arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Returns {
    Any,
}

/// Why a call does not fit a signature.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgumentError {
    Count,
}
