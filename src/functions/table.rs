//! The table of all functions.

use super::Function;

/// Every function of the language.
pub static FUNCTIONS: &[Function] = &[];
