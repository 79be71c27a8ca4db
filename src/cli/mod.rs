//! The command line: clap definitions and one module per command.

/// Runs the command line and returns the process exit status.
pub fn main() -> i32 {
    0
}
