//! `datamapper run`.

use clap::Args;

#[derive(Debug, Args)]
pub struct RunArgs {}

pub fn run(_args: RunArgs) -> i32 {
    super::EXIT_OK
}
