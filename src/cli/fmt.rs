//! `datamapper fmt`.

use clap::Args;

#[derive(Debug, Args)]
pub struct FmtArgs {}

pub fn run(_args: FmtArgs) -> i32 {
    super::EXIT_OK
}
