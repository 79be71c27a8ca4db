//! Where a run writes: users to stdout or `-o`, rejects to `--rejects` or stderr, the
//! counts to `--summary` and stderr. Files only get their name once complete.

use super::process::{Counts, Reject, RejectedRecord, Sink};
use super::{plain, quoted, Failure, RunArgs, EXIT_USAGE};
use crate::output::{AtomicFile, UserWriter};
use serde_json::{json, Map, Value};
use std::io::{self, BufWriter, StdoutLock, Write};
use std::path::Path;

/// How many rejects are listed on stderr when there is no `--rejects` file.
const REJECTS_ON_STDERR: u64 = 20;

/// Stdout or a file that appears when complete.
enum Destination {
    Stdout(BufWriter<StdoutLock<'static>>),
    File(AtomicFile),
}

impl Destination {
    fn create(path: &Path) -> Result<Destination, Failure> {
        AtomicFile::create(path)
            .map(Destination::File)
            .map_err(|error| cannot_write(&quoted(path), &error))
    }

    fn label(&self) -> String {
        match self {
            Destination::Stdout(_) => "stdout".into(),
            Destination::File(file) => quoted(file.path()),
        }
    }

    /// Flushes stdout, or gives the file its name.
    fn complete(self) -> Result<(), Failure> {
        let label = self.label();
        let result = match self {
            Destination::Stdout(mut stdout) => stdout.flush(),
            Destination::File(file) => file.commit(),
        };
        result.map_err(|error| cannot_write(&label, &error))
    }
}

impl Write for Destination {
    fn write(&mut self, buffer: &[u8]) -> io::Result<usize> {
        match self {
            Destination::Stdout(stdout) => stdout.write(buffer),
            Destination::File(file) => file.write(buffer),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Destination::Stdout(stdout) => stdout.flush(),
            Destination::File(file) => file.flush(),
        }
    }
}

/// A write error in one line; a reader that closed stdout (`| head`) ends the run
/// quietly.
fn cannot_write(label: &str, error: &io::Error) -> Failure {
    if error.kind() == io::ErrorKind::BrokenPipe {
        return Failure::quiet(EXIT_USAGE);
    }
    Failure::usage(format!("cannot write {label}: {}", plain(error)))
}

enum Rejects {
    File(Destination),
    Stderr { listed: u64 },
}

/// Every output of a run, opened before the first record is read.
pub(super) struct Sinks {
    users: UserWriter<Destination>,
    users_label: String,
    rejects: Rejects,
    summary: Option<Destination>,
    /// Several inputs: rejects say which file they come from.
    name_files: bool,
}

impl Sinks {
    pub fn open(args: &RunArgs, several_inputs: bool) -> Result<Sinks, Failure> {
        let users = match &args.output {
            Some(path) => Destination::create(path)?,
            None => Destination::Stdout(BufWriter::with_capacity(64 * 1024, io::stdout().lock())),
        };
        let rejects = match &args.rejects {
            Some(path) => Rejects::File(Destination::create(path)?),
            None => Rejects::Stderr { listed: 0 },
        };
        let summary = args
            .summary
            .as_deref()
            .map(Destination::create)
            .transpose()?;
        Ok(Sinks {
            users_label: users.label(),
            users: UserWriter::new(users, args.output_format.format()),
            rejects,
            summary,
            name_files: several_inputs,
        })
    }

    /// Completes every output, then prints the counts. Everything is written and
    /// flushed before any file gets its name, so a write error (a full disk) leaves none
    /// of them behind.
    pub fn finish(mut self, counts: &Counts) -> Result<(), Failure> {
        let users = self
            .users
            .finish()
            .map_err(|error| cannot_write(&self.users_label, &error))?;
        if let Rejects::File(file) = &mut self.rejects {
            let label = file.label();
            file.flush().map_err(|error| cannot_write(&label, &error))?;
        }
        if let Some(summary) = &mut self.summary {
            let label = summary.label();
            let document = json!({
                "read": counts.read,
                "mapped": counts.mapped,
                "skipped": counts.skipped,
                "rejected": counts.rejected,
            });
            writeln!(summary, "{document:#}")
                .and_then(|()| summary.flush())
                .map_err(|error| cannot_write(&label, &error))?;
        }
        users.complete()?;
        match self.rejects {
            Rejects::File(file) => file.complete()?,
            Rejects::Stderr { listed } if counts.rejected > listed => {
                let more = counts.rejected - listed;
                let text =
                    format!("... and {more} more rejected (write them all with --rejects FILE)");
                let _ = writeln!(io::stderr(), "{text}");
            }
            Rejects::Stderr { .. } => {}
        }
        if let Some(summary) = self.summary {
            summary.complete()?;
        }
        let _ = writeln!(io::stderr(), "{}", summary_line(counts));
        Ok(())
    }
}

/// `read 1204 records: 1180 mapped, 20 skipped, 4 rejected`
pub(super) fn summary_line(counts: &Counts) -> String {
    let noun = if counts.read == 1 {
        "record"
    } else {
        "records"
    };
    format!(
        "read {} {noun}: {} mapped, {} skipped, {} rejected",
        counts.read, counts.mapped, counts.skipped, counts.rejected
    )
}

impl Sink for Sinks {
    fn mapped(&mut self, user: &Value) -> Result<(), Failure> {
        self.users
            .write(user)
            .map_err(|error| cannot_write(&self.users_label, &error))
    }

    fn mapped_json(&mut self, user: &[u8]) -> Result<(), Failure> {
        self.users
            .write_json(user)
            .map_err(|error| cannot_write(&self.users_label, &error))
    }

    fn rejected(&mut self, reject: Reject<'_>) -> Result<(), Failure> {
        match &mut self.rejects {
            Rejects::File(file) => {
                let line = reject_line(&reject, self.name_files);
                let label = file.label();
                serde_json::to_writer(&mut *file, &line)
                    .map_err(io::Error::from)
                    .and_then(|()| file.write_all(b"\n"))
                    .map_err(|error| cannot_write(&label, &error))
            }
            Rejects::Stderr { listed } => {
                if *listed < REJECTS_ON_STDERR {
                    *listed += 1;
                    let text = format!(
                        "{}:{}: rejected: {}",
                        reject.file, reject.line, reject.reason
                    );
                    let _ = writeln!(io::stderr(), "{text}");
                }
                Ok(())
            }
        }
    }
}

/// `{"file"?, "line", "reason", "record"}`
fn reject_line(reject: &Reject<'_>, name_file: bool) -> Value {
    let mut line = Map::new();
    if name_file {
        line.insert("file".into(), Value::from(reject.file));
    }
    line.insert("line".into(), Value::from(reject.line));
    line.insert("reason".into(), Value::from(reject.reason));
    let record = match reject.record {
        RejectedRecord::Json(record) => record.clone(),
        RejectedRecord::Raw(raw) => Value::from(raw),
    };
    line.insert("record".into(), record);
    Value::Object(line)
}
