//! The command line: clap definitions and one module per command. Only this module
//! (and `main.rs`) prints or decides exit statuses.

mod check;
mod completions;
mod diff;
mod docs;
mod explain;
mod fmt;
mod run;
mod schema;
mod test;

use clap::{Parser, Subcommand};

/// Exit status: success.
pub const EXIT_OK: i32 = 0;
/// Exit status: the mapping has errors (or `fmt --check` found a file to change).
pub const EXIT_FAILED: i32 = 1;
/// Exit status: usage or I/O error.
pub const EXIT_USAGE: i32 = 2;
/// Exit status: `run` rejected some records (the output for the others is complete).
pub const EXIT_REJECTED: i32 = 3;

/// Maps HR records to Plek users (SCIM 2.0) with checked mapping rules.
#[derive(Debug, Parser)]
#[command(name = "datamapper", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check mapping files and report every problem found.
    Check(check::CheckArgs),
    /// Rewrite mapping files in the canonical layout.
    Fmt(fmt::FmtArgs),
    /// Map HR records to Plek users.
    Run(run::RunArgs),
    /// Work with source schemas (`schema infer`).
    Schema(schema::SchemaArgs),
    /// Show what a mapping change does to the users, per attribute.
    Diff(diff::DiffArgs),
    /// Show how one record was mapped, rule by rule.
    Explain(explain::ExplainArgs),
    /// Run the test cases of mapping projects.
    Test(test::TestArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish or powershell).
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff).
    Man(completions::ManArgs),
    /// Print, write or check the reference docs generated from the code.
    Docs(docs::DocsArgs),
}

/// Runs the command line and returns the process exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let status = if error.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_OK
            };
            let _ = error.print();
            return status;
        }
    };
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Run(args) => run::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Test(args) => test::run(args),
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => completions::man(args),
        Command::Docs(args) => docs::run(args),
    }
}

/// Writes a command's whole output to stdout; a closed pipe (`datamapper man | head`) is
/// not an error.
pub(crate) fn write_stdout(bytes: &[u8]) -> i32 {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => EXIT_OK,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(error) => {
            eprintln!("error: could not write to standard output: {error}");
            EXIT_USAGE
        }
    }
}
