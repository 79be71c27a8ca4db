//! The checker: resolves names, computes types and nullability, validates targets, and
//! reports every problem in one pass.

pub mod ir;
pub mod suggest;

pub use ir::CheckedMapping;
