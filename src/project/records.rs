//! Reading input records and existing users for cases and `explain`: inline JSON, or
//! NDJSON / JSON files, each record with the line it starts on.

use crate::input::{read_records, InputFormat, ReadOptions};
use crate::schema::ObjectType;
use serde_json::Value as Json;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// One input record with its 1-based line; an unreadable record is its reject reason.
#[derive(Clone, Debug, PartialEq)]
pub struct LineRecord {
    pub line: u64,
    pub record: Result<Json, String>,
}

/// The records of a case's `input`: one object, a list of objects, or the name of an
/// NDJSON or JSON file beside the case file.
pub(super) fn case_records(
    input: &Json,
    base: &Path,
    source: Option<Arc<ObjectType>>,
) -> Result<Vec<Result<Json, String>>, String> {
    match input {
        Json::Object(_) => Ok(vec![Ok(input.clone())]),
        Json::Array(items) => Ok(items.iter().cloned().map(Ok).collect()),
        Json::String(name) => {
            let how = RecordSource {
                source,
                ..RecordSource::default()
            };
            Ok(read_record_file(&base.join(name), &how)?
                .into_iter()
                .map(|item| item.record)
                .collect())
        }
        _ => Err("\"input\" must be a record, a list of records, or a file name".into()),
    }
}

/// The userNames of a case's `existing`: a list of userNames or SCIM users, or the name
/// of an NDJSON file of SCIM users beside the case file.
pub(super) fn load_existing(existing: &Json, base: &Path) -> Result<Vec<String>, String> {
    match existing {
        Json::Array(items) => items
            .iter()
            .map(|item| match item {
                Json::String(name) => Ok(name.clone()),
                user => user_name(user).ok_or_else(|| {
                    "each of \"existing\" is a userName or a user with a \"userName\"".to_string()
                }),
            })
            .collect(),
        Json::String(name) => load_existing_file(&base.join(name)),
        _ => Err("\"existing\" must be a list of userNames or users, or a file name".into()),
    }
}

/// The userNames of an NDJSON (or JSON array) file of SCIM users; users without one are
/// passed over.
pub fn load_existing_file(path: &Path) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let how = RecordSource {
        format: Some(InputFormat::Ndjson),
        ..RecordSource::default()
    };
    for item in read_record_file(path, &how)? {
        let user = item
            .record
            .map_err(|reason| format!("{}, line {}: {reason}", path.display(), item.line))?;
        names.extend(user_name(&user));
    }
    Ok(names)
}

fn user_name(user: &Json) -> Option<String> {
    user.get("userName")
        .and_then(Json::as_str)
        .map(str::to_string)
}

/// Where and how to read records from a file.
#[derive(Clone, Debug, Default)]
pub struct RecordSource {
    /// The format; by default the one the file name implies (NDJSON when it implies none).
    pub format: Option<InputFormat>,
    /// `--records-at`: a JSON pointer to the records inside one JSON document.
    pub records_at: Option<String>,
    /// The mapping's source type, so CSV cells are converted to it.
    pub source: Option<Arc<ObjectType>>,
}

/// Reads all records of a file (`-`: standard input) with the readers `run` uses.
pub fn read_record_file(path: &Path, how: &RecordSource) -> Result<Vec<LineRecord>, String> {
    let cannot = |error: std::io::Error| format!("cannot read {}: {error}", path.display());
    let input: Box<dyn Read> = if path == Path::new("-") {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(cannot)?)
    };
    let format = how
        .format
        .or_else(|| how.records_at.as_ref().map(|_| InputFormat::Json))
        .or_else(|| InputFormat::from_extension(path))
        .unwrap_or(InputFormat::Ndjson);
    let mut options = ReadOptions::new(format);
    options.records_at = how.records_at.clone();
    options.source = how.source.clone();
    read_records(input, &options)
        .map(|item| {
            let item = item.map_err(cannot)?;
            Ok(LineRecord {
                line: item.line,
                record: item.record.map_err(|bad| bad.reason),
            })
        })
        .collect()
}
