//! Lookup tables loaded from CSV files (`table NAME from "file.csv" key COL value COL`).

use crate::check::suggest::did_you_mean;
use std::collections::HashMap;
use std::path::Path;

/// Reads the key and value columns of a CSV file with a header row, in file order.
///
/// Every problem names the file's line: a missing column (with the columns there are),
/// a row with the wrong number of fields, a key that appears twice, text that is not
/// UTF-8.
pub fn load_csv_table(
    path: &Path,
    key_column: &str,
    value_column: &str,
) -> Result<Vec<(String, String)>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .map_err(|error| error.to_string())?;
    let headers = reader.headers().map_err(|error| describe(&error))?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|header| header.trim() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = headers.iter().collect();
                match did_you_mean(name, names.iter().copied()) {
                    Some(close) => format!("there is no column {name:?}; did you mean {close:?}?"),
                    None => format!(
                        "there is no column {name:?}; the columns are {}",
                        names.join(", ")
                    ),
                }
            })
    };
    let key_index = column(key_column)?;
    let value_index = column(value_column)?;
    let mut rows = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|error| describe(&error))?;
        let line = record.position().map_or(0, |position| position.line());
        let key = record.get(key_index).unwrap_or("").to_string();
        let value = record.get(value_index).unwrap_or("").to_string();
        if let Some(first) = seen.insert(key.clone(), line) {
            return Err(format!(
                "the key {key:?} is on line {first} and again on line {line}"
            ));
        }
        rows.push((key, value));
    }
    Ok(rows)
}

fn describe(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => format!(
            "line {} has {len} fields, but the header has {expected_len}",
            pos.as_ref().map_or(0, |p| p.line())
        ),
        csv::ErrorKind::Utf8 { pos, .. } => format!(
            "line {} is not valid UTF-8 text",
            pos.as_ref().map_or(0, |p| p.line())
        ),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &[u8]) -> Result<Vec<(String, String)>, String> {
        let dir = std::env::temp_dir().join(format!("datamapper-table-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("t{}.csv", text.len()));
        std::fs::write(&path, text).unwrap();
        load_csv_table(&path, "code", "taal")
    }

    #[test]
    fn reads_key_and_value_columns() {
        let rows = table(b"code,naam,taal\nAMS,Amsterdam,nl-NL\nBRU,Brussel,nl-BE\n").unwrap();
        assert_eq!(
            rows,
            [
                ("AMS".into(), "nl-NL".into()),
                ("BRU".into(), "nl-BE".into())
            ]
        );
    }

    #[test]
    fn problems_name_the_line_or_column() {
        assert_eq!(
            table(b"code,naam,tal\nAMS,Amsterdam,nl-NL\n").unwrap_err(),
            "there is no column \"taal\"; did you mean \"tal\"?"
        );
        assert_eq!(
            table(b"code,taal\nAMS,nl-NL\nBRU\n").unwrap_err(),
            "line 3 has 1 fields, but the header has 2"
        );
        assert_eq!(
            table(b"code,taal\nAMS,nl-NL\nAMS,nl-BE\n").unwrap_err(),
            "the key \"AMS\" is on line 2 and again on line 3"
        );
        assert_eq!(
            table(b"code,taal\nAMS,nl-\xff\n").unwrap_err(),
            "line 2 is not valid UTF-8 text"
        );
    }
}
