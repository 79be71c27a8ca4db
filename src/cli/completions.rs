//! `datamapper completions` and `datamapper man`: shell completion scripts and a man page,
//! generated from the same clap definitions that parse the command line.

use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};
use clap_complete::Shell;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write a completion script for.
    #[arg(value_enum)]
    shell: Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Print the page of this subcommand (`datamapper-check(1)`) instead of the main page.
    subcommand: Option<String>,
    /// Write every page (`datamapper.1`, `datamapper-check.1`, ...) into this directory.
    #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
    out_dir: Option<PathBuf>,
}

/// Prints the completion script for one shell.
pub fn completions(args: CompletionsArgs) -> i32 {
    let mut command = super::Cli::command();
    let name = command.get_name().to_owned();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, name, &mut script);
    super::write_stdout(&script)
}

/// Prints one man page in roff (for `man -l -`), or writes them all to `--out-dir`.
pub fn man(args: ManArgs) -> i32 {
    // The pages of the subcommands are named after the main one (`datamapper-check`) once
    // the command is built; `help` is left out because `--help` already says it all.
    let mut command = super::Cli::command().disable_help_subcommand(true);
    command.build();
    if let Some(dir) = args.out_dir {
        return write_pages(&command, &dir);
    }
    let page_of = match &args.subcommand {
        None => command,
        Some(name) => match command.find_subcommand(name) {
            Some(subcommand) => subcommand.clone(),
            None => {
                let known: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
                eprintln!(
                    "error: there is no subcommand `{name}`; the subcommands are: {}",
                    known.join(", ")
                );
                return super::EXIT_USAGE;
            }
        },
    };
    let mut roff = Vec::new();
    match page(page_of).render(&mut roff) {
        Ok(()) => super::write_stdout(&roff),
        Err(error) => {
            eprintln!("error: could not render the man page: {error}");
            super::EXIT_USAGE
        }
    }
}

/// The man page of one command, with the program's version on every page.
fn page(command: clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(command).source(format!("datamapper {}", env!("CARGO_PKG_VERSION")))
}

/// Writes `datamapper.1` and one page per subcommand into `dir`.
fn write_pages(command: &clap::Command, dir: &Path) -> i32 {
    let pages = std::iter::once(command).chain(command.get_subcommands());
    for command in pages {
        if let Err(error) = page(command.clone()).generate_to(dir) {
            eprintln!(
                "error: could not write the man pages to {}: {error}",
                dir.display()
            );
            return super::EXIT_USAGE;
        }
    }
    super::EXIT_OK
}
