//! The function table: every function of the language declared once, with its typed
//! signature, its `null` behaviour, its documentation and examples, and its
//! implementation. The checker reads the signatures, the compiler binds the
//! implementations, and `docs/functions.md` is generated from the same table.

mod args;
mod ascii;
mod convert;
mod dates;
mod identity;
mod lists;
mod lookups;
mod names;
mod numbers;
mod patterns;
mod signature;
mod table;
#[cfg(test)]
mod table_tests;
mod taken;
#[cfg(test)]
mod test_support;
mod text;

pub(crate) use identity::numbering_parts;
pub use lookups::{Claims, HeldNames, Lookup, LookupNotes, NameLookups};
pub use signature::{ArgumentError, Base, ParamType, Returns};
pub use table::FUNCTIONS;
pub use taken::TakenNames;

use crate::value::Value;

/// One function of the language.
pub struct Function {
    pub name: &'static str,
    /// A group for the reference docs: "text", "names", "conversion", "dates", ...
    pub group: &'static str,
    pub params: &'static [Param],
    pub returns: Returns,
    /// Which `null` arguments make the result `null` without calling `run`.
    pub null_args: NullArgs,
    /// Whether the function may give `null` for non-null arguments (`blank`, `e164`).
    pub may_give_null: bool,
    /// What the result depends on besides the arguments: whether the compiler may
    /// compute a call with constant arguments once instead of for every record.
    pub purity: Purity,
    /// One or two sentences for the reference.
    pub doc: &'static str,
    /// What `null` does, in words, for the reference.
    pub null_doc: &'static str,
    /// Examples in the language with their results, run by the test suite.
    pub examples: &'static [Example],
    /// The implementation. Arguments already have the types the signature promises
    /// (the checker proved it, or the engine converted them); an `Err` rejects the record
    /// with that reason.
    pub run: RunFn,
}

/// The signature of an implementation.
pub type RunFn = fn(&[Value], &mut Context<'_>) -> Result<Value, String>;

/// A parameter of a function.
pub struct Param {
    pub name: &'static str,
    pub ty: ParamType,
    /// May be left out (only trailing parameters).
    pub optional: bool,
    /// Takes any number of arguments, at least one (only the last parameter).
    pub variadic: bool,
}

/// Which `null` arguments make a call `null` before the implementation runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NullArgs {
    /// Any `null` argument gives `null`.
    Any,
    /// A `null` in one of these parameter positions gives `null`; others reach `run`.
    Only(&'static [usize]),
    /// The implementation sees every `null` and decides.
    None,
}

/// What a function's result depends on besides its arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purity {
    /// Nothing else: a call with constant arguments is computed once, when the mapping
    /// is compiled.
    Pure,
    /// The run's clock (`today()`, `now()`): the same for every record of a run, but not
    /// known when the mapping is compiled, so never computed ahead.
    Clock,
    /// What earlier records of the run did (`unique`): never computed ahead.
    Run,
}

/// An example call and its result, both written in the mapping language.
pub struct Example {
    pub call: &'static str,
    pub result: &'static str,
}

/// What a function may know about the run besides its arguments.
pub struct Context<'run> {
    /// `today()`: fixed for the whole run.
    pub today: jiff::civil::Date,
    /// `now()`: fixed for the whole run.
    pub now: jiff::Timestamp,
    /// Identifiers already held, by existing users or earlier records of this run,
    /// for `unique`. Stored lower-case: SCIM `userName` is not case-sensitive.
    pub taken: NameLookups<'run>,
}

/// Looks a function up by name.
pub fn lookup(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|function| function.name == name)
}

/// The names of all functions, for "did you mean".
pub fn names() -> impl Iterator<Item = &'static str> {
    FUNCTIONS.iter().map(|function| function.name)
}
