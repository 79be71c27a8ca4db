//! What the evaluator reports of the choices it makes, to whoever watches: nobody for
//! `run`, the recorder behind `explain` for explanations.

use super::eval::Failure;
use super::program::{Call, Expr, IfExpr, MatchArm, MatchExpr};
use crate::value::Value;

/// Hooks the evaluator calls at each choice it makes, after making it and before acting
/// on it. Every hook does nothing unless overridden, and the evaluator is generic over
/// its observer (no `dyn`), so with [`Unobserved`] the hooks compile away and mapping
/// pays nothing for explanations.
pub(crate) trait Observer {
    /// `left ?? right`: `left` was evaluated; `fallback` says it was null, so `right` is
    /// evaluated next.
    #[inline]
    fn coalesce(&mut self, _left: &Expr, _fallback: bool) {}

    /// `if`: the condition was evaluated; `holds` picks the branch evaluated next.
    #[inline]
    fn branch(&mut self, _branch: &IfExpr, _holds: bool) {}

    /// `match`: the subject's value and the first arm it matched (`None`: no arm, so null).
    #[inline]
    fn choice(&mut self, _choice: &MatchExpr, _subject: &Value, _arm: Option<&MatchArm>) {}

    /// `table[key]`, given whole as `lookup`: the key's value and whether the table has it.
    #[inline]
    fn lookup(&mut self, _lookup: &Expr, _key: &Value, _found: bool) {}

    /// A `for ... in` starts: until it ends, each choice repeats once per element.
    #[inline]
    fn enter_comprehension(&mut self) {}

    /// The innermost `for ... in` ended.
    #[inline]
    fn leave_comprehension(&mut self) {}

    /// Let `index` is about to be computed: the choices until [`Observer::let_finished`]
    /// belong to it, not to the expression that needed it.
    #[inline]
    fn let_started(&mut self, _index: usize) {}

    /// Let `index` was computed; a run-time error in `result` is not yet named with the
    /// let's label.
    #[inline]
    fn let_finished(&mut self, _index: usize, _result: &Result<Value, Failure>) {}

    /// A function gave `result` for `args`. Not called when a null argument made the call
    /// null without running it, nor when it failed.
    #[inline]
    fn called(&mut self, _call: &Call, _args: &[Value], _result: &Value) {}
}

/// The observer of `run`: watches nothing, costs nothing.
pub(crate) struct Unobserved;

impl Observer for Unobserved {}
