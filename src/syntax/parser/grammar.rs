//! The pest parser generated from `grammar/datamapper.pest`.

use pest_derive::Parser;

/// The generated parser; `Rule` names the grammar's rules.
#[derive(Parser)]
#[grammar = "../grammar/datamapper.pest"]
pub(super) struct DatamapperParser;
