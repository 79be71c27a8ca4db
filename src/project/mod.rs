//! Mapping projects: a folder with one `.dmap` file and a `cases/` (or `tests/`) folder of
//! case files beside it. Finding them, loading their cases, and comparing outcomes.
//! `docs/testing.md` describes the case format.

mod case;
mod diff;
mod records;

pub use case::{Case, CaseResult, Expectation, RecordFailure};
pub use diff::diff_users;
pub use records::{load_existing_file, read_record_file, LineRecord, RecordSource};

use std::path::{Path, PathBuf};

/// The folder names that hold cases, in the order they are looked for.
pub const CASE_FOLDERS: [&str; 2] = ["cases", "tests"];

/// A mapping and its case files.
#[derive(Debug, PartialEq)]
pub struct Project {
    pub mapping: PathBuf,
    /// The case files (`*.json` directly in the case folder), sorted by name.
    pub cases: Vec<PathBuf>,
}

/// Finds the projects at or under `paths`: a `.dmap` file or a project folder is one
/// project; any other folder is searched (sorted, hidden folders and `target` passed
/// over). `Err` for a path that cannot be read or a folder with several mappings.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Project>, String> {
    let mut projects = Vec::new();
    for path in paths {
        if path.is_file() {
            let cases = case_files(path.parent().unwrap_or(Path::new(".")))?;
            projects.push(Project {
                mapping: path.clone(),
                cases,
            });
        } else if path.is_dir() {
            search(path, &mut projects)?;
        } else {
            return Err(format!("{}: no such file or folder", path.display()));
        }
    }
    Ok(projects)
}

fn search(folder: &Path, projects: &mut Vec<Project>) -> Result<(), String> {
    let entries = sorted_entries(folder)?;
    let mappings: Vec<&PathBuf> = entries
        .iter()
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "dmap"))
        .collect();
    let has_cases = CASE_FOLDERS.iter().any(|name| folder.join(name).is_dir());
    if has_cases {
        match mappings.as_slice() {
            [mapping] => {
                projects.push(Project {
                    mapping: (*mapping).clone(),
                    cases: case_files(folder)?,
                });
                return Ok(());
            }
            [] => {}
            _ => {
                return Err(format!(
                    "{}: several .dmap files beside one case folder; name the mapping to test",
                    folder.display()
                ))
            }
        }
    }
    for entry in &entries {
        let name = entry
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        if entry.is_dir() && !name.starts_with('.') && name != "target" {
            search(entry, projects)?;
        }
    }
    Ok(())
}

/// The `*.json` files of the first case folder beside a mapping, sorted.
fn case_files(folder: &Path) -> Result<Vec<PathBuf>, String> {
    for name in CASE_FOLDERS {
        let cases = folder.join(name);
        if cases.is_dir() {
            return Ok(sorted_entries(&cases)?
                .into_iter()
                .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "json"))
                .collect());
        }
    }
    Ok(Vec::new())
}

fn sorted_entries(folder: &Path) -> Result<Vec<PathBuf>, String> {
    let reading = std::fs::read_dir(folder)
        .map_err(|error| format!("cannot read {}: {error}", folder.display()))?;
    let mut entries = reading
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| format!("cannot read {}: {error}", folder.display()))?;
    entries.sort();
    Ok(entries)
}
