//! Writers for `run`: mapped users as NDJSON or one JSON array, and files that only
//! appear under their name once they are complete.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The format of the mapped users.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// One user per line.
    Ndjson,
    /// One JSON array, one user per line inside it.
    Json,
}

/// A file written under a temporary name in the same folder and renamed to its real
/// name by [`AtomicFile::commit`], so a half-written file never claims to be complete.
/// Dropped without `commit`, the temporary file is removed.
///
/// A path that is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe) is
/// written directly: renaming over it would replace the device with a plain file. A
/// symbolic link is followed, so the file it points to is the one replaced.
pub struct AtomicFile {
    path: PathBuf,
    /// The file the temporary one replaces: `path`, or where its symbolic link leads.
    destination: PathBuf,
    /// `None` when writing directly to a device or pipe.
    temporary: Option<PathBuf>,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let destination = match std::fs::metadata(path) {
            Ok(metadata) if !metadata.is_file() && !metadata.is_dir() => {
                let file = std::fs::OpenOptions::new().write(true).open(path)?;
                return Ok(AtomicFile {
                    path: path.to_path_buf(),
                    destination: path.to_path_buf(),
                    temporary: None,
                    writer: Some(BufWriter::new(file)),
                });
            }
            Ok(_) if path.is_symlink() => std::fs::canonicalize(path)?,
            _ => path.to_path_buf(),
        };
        let name = destination
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
        let mut temporary_name = std::ffi::OsString::from(".");
        temporary_name.push(name);
        temporary_name.push(format!(".{}.tmp", std::process::id()));
        let temporary = destination.with_file_name(temporary_name);
        let file = File::create(&temporary)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            destination,
            temporary: Some(temporary),
            writer: Some(BufWriter::new(file)),
        })
    }

    /// Flushes the file to disk and gives it its real name.
    pub fn commit(mut self) -> io::Result<()> {
        let writer = self.writer.take();
        let Some(temporary) = self.temporary.take() else {
            return writer.map_or(Ok(()), |mut writer| writer.flush());
        };
        let renamed = writer
            .map_or(Ok(()), |writer| {
                let file = writer.into_inner().map_err(|error| error.into_error())?;
                file.sync_all()
            })
            .and_then(|()| std::fs::rename(&temporary, &self.destination));
        if renamed.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        renamed
    }

    /// The name the file gets when it is complete.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buffer: &[u8]) -> io::Result<usize> {
        match &mut self.writer {
            Some(writer) => writer.write(buffer),
            None => Err(io::Error::other("the file is already complete")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.writer {
            Some(writer) => writer.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(temporary) = self.temporary.take() {
            let _ = std::fs::remove_file(temporary);
        }
    }
}

/// Writes mapped users one by one in the chosen format.
pub struct UserWriter<W: Write> {
    out: W,
    format: OutputFormat,
    written: u64,
}

impl<W: Write> UserWriter<W> {
    pub fn new(out: W, format: OutputFormat) -> UserWriter<W> {
        UserWriter {
            out,
            format,
            written: 0,
        }
    }

    /// Writes one user.
    pub fn write(&mut self, user: &serde_json::Value) -> io::Result<()> {
        self.start_user()?;
        serde_json::to_writer(&mut self.out, user)?;
        self.end_user()
    }

    /// Writes one user given as compact JSON text (from `Program::map_line`).
    pub fn write_json(&mut self, user: &[u8]) -> io::Result<()> {
        self.start_user()?;
        self.out.write_all(user)?;
        self.end_user()
    }

    fn start_user(&mut self) -> io::Result<()> {
        if self.format == OutputFormat::Json {
            let separator: &[u8] = if self.written == 0 { b"[\n" } else { b",\n" };
            self.out.write_all(separator)?;
        }
        Ok(())
    }

    fn end_user(&mut self) -> io::Result<()> {
        if self.format == OutputFormat::Ndjson {
            self.out.write_all(b"\n")?;
        }
        self.written += 1;
        Ok(())
    }

    /// Closes the JSON array and flushes; returns the writer for committing.
    pub fn finish(mut self) -> io::Result<W> {
        if self.format == OutputFormat::Json {
            let end: &[u8] = if self.written == 0 { b"[]\n" } else { b"\n]\n" };
            self.out.write_all(end)?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn written(format: OutputFormat, users: &[serde_json::Value]) -> String {
        let mut writer = UserWriter::new(Vec::new(), format);
        for user in users {
            writer.write(user).unwrap();
        }
        String::from_utf8(writer.finish().unwrap()).unwrap()
    }

    #[test]
    fn users_are_written_as_ndjson_or_one_array() {
        let users = [json!({"userName": "a"}), json!({"userName": "b"})];
        assert_eq!(
            written(OutputFormat::Ndjson, &users),
            "{\"userName\":\"a\"}\n{\"userName\":\"b\"}\n"
        );
        assert_eq!(
            written(OutputFormat::Json, &users),
            "[\n{\"userName\":\"a\"},\n{\"userName\":\"b\"}\n]\n"
        );
        assert_eq!(written(OutputFormat::Json, &[]), "[]\n");
        assert_eq!(written(OutputFormat::Ndjson, &[]), "");
    }

    #[test]
    fn an_atomic_file_appears_only_when_committed() {
        let folder = std::env::temp_dir().join(format!("datamapper-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join("out.ndjson");
        let mut file = AtomicFile::create(&path).unwrap();
        file.write_all(b"x\n").unwrap();
        assert!(!path.exists());
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x\n");

        let dropped = folder.join("dropped.ndjson");
        let mut file = AtomicFile::create(&dropped).unwrap();
        file.write_all(b"x\n").unwrap();
        drop(file);
        assert!(!dropped.exists());
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);
        std::fs::remove_dir_all(&folder).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_written_in_place_and_never_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let is_device = |path: &str| {
            std::fs::metadata(path)
                .unwrap()
                .file_type()
                .is_char_device()
        };
        // /dev/zero takes every write, as /dev/null does.
        let mut zero = AtomicFile::create(Path::new("/dev/zero")).unwrap();
        zero.write_all(b"x\n").unwrap();
        zero.commit().unwrap();
        assert!(is_device("/dev/zero"));

        let mut full = AtomicFile::create(Path::new("/dev/full")).unwrap();
        let written = full
            .write_all(&[b'x'; 100_000])
            .and_then(|()| full.commit());
        assert_eq!(
            written.unwrap_err().raw_os_error(),
            Some(28),
            "no space left"
        );
        assert!(is_device("/dev/full"));
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_keeps_pointing_at_the_new_file() {
        let folder = std::env::temp_dir().join(format!("datamapper-link-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let real = folder.join("real.ndjson");
        std::fs::write(&real, "old\n").unwrap();
        let link = folder.join("link.ndjson");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut file = AtomicFile::create(&link).unwrap();
        file.write_all(b"new\n").unwrap();
        file.commit().unwrap();
        assert!(link.is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new\n");
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
