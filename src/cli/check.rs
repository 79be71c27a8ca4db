//! `datamapper check`.

use clap::Args;

#[derive(Debug, Args)]
pub struct CheckArgs {}

pub fn run(_args: CheckArgs) -> i32 {
    super::EXIT_OK
}
