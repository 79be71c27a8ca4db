//! Datamapper maps HR records to Plek users (SCIM 2.0 User resources) with checked
//! mapping rules.
//!
//! The pipeline, one module per stage:
//! `syntax::parse` → `check::check` → `compile::compile` → `engine::Program::map_record`.

#![forbid(unsafe_code)]
// A daily sync runs unattended: nothing that comes from input may panic. Tests may.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod check;
pub mod cli;
pub mod compile;
pub mod diagnostics;
pub mod diff;
pub mod engine;
pub mod functions;
pub mod input;
pub mod output;
pub mod project;
pub mod report;
pub mod schema;
pub mod source;
pub mod syntax;
pub mod value;
