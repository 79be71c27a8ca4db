//! Reading input records and existing users for cases and `explain`: inline JSON, or
//! NDJSON / JSON files, each record with the line it starts on.

use serde_json::Value as Json;
use std::path::Path;

/// One input record with its 1-based line; an unreadable record is its reject reason.
#[derive(Clone, Debug, PartialEq)]
pub struct LineRecord {
    pub line: u64,
    pub record: Result<Json, String>,
}

/// The records of a case's `input`: one object, a list of objects, or the name of an
/// NDJSON or JSON file beside the case file.
pub(super) fn read_records(input: &Json, base: &Path) -> Result<Vec<Result<Json, String>>, String> {
    match input {
        Json::Object(_) => Ok(vec![Ok(input.clone())]),
        Json::Array(items) => Ok(items.iter().cloned().map(Ok).collect()),
        Json::String(name) => Ok(read_record_file(&base.join(name))?
            .into_iter()
            .map(|item| item.record)
            .collect()),
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
    for item in read_record_file(path)? {
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

/// Reads a file of records: `.json` holds one record or a list of them, anything else is
/// NDJSON (one record per line; blank lines are passed over).
pub fn read_record_file(path: &Path) -> Result<Vec<LineRecord>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let is_json = path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("json"));
    if is_json {
        read_json_document(&text).map_err(|reason| format!("{}: {reason}", path.display()))
    } else {
        Ok(read_ndjson(&text))
    }
}

/// One record per non-blank line.
pub fn read_ndjson(text: &str) -> Vec<LineRecord> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| LineRecord {
            line: index as u64 + 1,
            record: parse_record(line),
        })
        .collect()
}

fn parse_record(text: &str) -> Result<Json, String> {
    match serde_json::from_str::<Json>(text) {
        Ok(record @ Json::Object(_)) => Ok(record),
        Ok(_) => Err("the record is not a JSON object".into()),
        Err(error) => Err(format!("invalid JSON: {error}")),
    }
}

/// A JSON document: one object (line 1), or a list of records, each with the line its
/// element starts on.
fn read_json_document(text: &str) -> Result<Vec<LineRecord>, String> {
    let document: Json =
        serde_json::from_str(text).map_err(|error| format!("invalid JSON: {error}"))?;
    match document {
        Json::Object(_) => Ok(vec![LineRecord {
            line: 1,
            record: Ok(document),
        }]),
        Json::Array(items) => {
            let starts = element_start_lines(text);
            Ok(items
                .into_iter()
                .enumerate()
                .map(|(position, item)| LineRecord {
                    line: starts.get(position).copied().unwrap_or(1),
                    record: match item {
                        Json::Object(_) => Ok(item),
                        _ => Err("the record is not a JSON object".into()),
                    },
                })
                .collect())
        }
        _ => Err("expected a record or a list of records".into()),
    }
}

/// The line on which each element of the top-level array starts, found by scanning
/// for nesting depth 1 outside strings.
fn element_start_lines(text: &str) -> Vec<u64> {
    let mut starts = Vec::new();
    let (mut depth, mut line) = (0usize, 1u64);
    let (mut in_string, mut escaped, mut expecting) = (false, false, false);
    for character in text.chars() {
        if character == '\n' {
            line += 1;
        }
        if in_string {
            match character {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if expecting && !character.is_whitespace() && character != ']' {
            starts.push(line);
            expecting = false;
        }
        match character {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                expecting = depth == 1;
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ndjson_lines_keep_their_numbers() {
        let records = read_ndjson("{\"a\":1}\n\nnot json\n[1]\n");
        let lines: Vec<u64> = records.iter().map(|item| item.line).collect();
        assert_eq!(lines, [1, 3, 4]);
        assert!(records[0].record.is_ok());
        assert!(records[1]
            .record
            .as_ref()
            .unwrap_err()
            .starts_with("invalid JSON"));
        assert_eq!(
            records[2].record,
            Err("the record is not a JSON object".into())
        );
    }

    #[test]
    fn array_elements_start_on_their_lines() {
        let text = "[\n  {\"a\": \"[x,\"},\n  {\n    \"b\": [1, 2]\n  }\n]\n";
        let records = read_json_document(text).unwrap();
        let lines: Vec<u64> = records.iter().map(|item| item.line).collect();
        assert_eq!(lines, [2, 3]);
    }
}
