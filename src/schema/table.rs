//! Lookup tables loaded from CSV files (`table NAME from "file.csv" key COL value COL`).

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use crate::check::suggest::did_you_mean;

/// Why a CSV table could not be loaded, in plain words that name the line or column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableError {
    pub message: String,
}

impl TableError {
    fn new(message: impl Into<String>) -> TableError {
        TableError {
            message: message.into(),
        }
    }
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TableError {}

/// Reads the key and value columns of a CSV file with a header row, in file order.
///
/// Every problem names the place: a missing column (with the columns there are), a row
/// with the wrong number of fields, a key that appears twice (both lines), text that is
/// not UTF-8. Column names match after trimming spaces; keys and values are kept as
/// written, so a key `" NL"` does not match `"NL"`.
pub fn load_csv_table(
    path: &Path,
    key_column: &str,
    value_column: &str,
) -> Result<Vec<(String, String)>, TableError> {
    let bytes =
        crate::source::read_bytes(path).map_err(|error| TableError::new(error.to_string()))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes.as_slice());
    let headers = reader.headers().map_err(|error| describe(&error))?.clone();
    if headers.is_empty() {
        return Err(TableError::new(
            "the file is empty: it needs a header row naming its columns",
        ));
    }
    let columns: Vec<&str> = headers.iter().map(str::trim).collect();
    let key_index = column_index(&columns, key_column)?;
    let value_index = column_index(&columns, value_column)?;
    let mut rows = Vec::new();
    let mut first_lines: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|error| describe(&error))?;
        let line = record.position().map_or(0, csv::Position::line);
        let key = record.get(key_index).unwrap_or("").to_string();
        let value = record.get(value_index).unwrap_or("").to_string();
        if let Some(first) = first_lines.get(&key) {
            return Err(TableError::new(format!(
                "the key {key:?} is on line {first} and again on line {line}; \
                 a table holds one value per key"
            )));
        }
        first_lines.insert(key.clone(), line);
        rows.push((key, value));
    }
    Ok(rows)
}

/// The position of a column in the header, or an error that lists the columns.
fn column_index(columns: &[&str], name: &str) -> Result<usize, TableError> {
    if let Some(index) = columns.iter().position(|column| *column == name) {
        return Ok(index);
    }
    let listed = columns
        .iter()
        .map(|column| format!("{column:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    let hint = match did_you_mean(name, columns.iter().copied()) {
        Some(close) => format!("did you mean {close:?}? "),
        None => String::new(),
    };
    Err(TableError::new(format!(
        "there is no column {name:?}; {hint}the columns are {listed}"
    )))
}

/// The csv crate's errors in the words of this tool.
fn describe(error: &csv::Error) -> TableError {
    let line = |position: &Option<csv::Position>| position.as_ref().map_or(0, csv::Position::line);
    TableError::new(match error.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => format!(
            "line {} has {len} field{}, but the header has {expected_len}",
            line(pos),
            if *len == 1 { "" } else { "s" }
        ),
        csv::ErrorKind::Utf8 { pos, .. } => {
            format!("line {} is not valid UTF-8 text", line(pos))
        }
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => error.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/schema/csv")
            .join(name)
    }

    fn load(name: &str, key: &str, value: &str) -> Result<Vec<(String, String)>, TableError> {
        load_csv_table(&file(name), key, value)
    }

    fn error(name: &str, key: &str, value: &str) -> String {
        load(name, key, value).unwrap_err().to_string()
    }

    fn pairs(rows: &[(&str, &str)]) -> Vec<(String, String)> {
        rows.iter()
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect()
    }

    #[test]
    fn reads_the_key_and_value_columns_in_file_order() {
        let rows = load("countries.csv", "code", "language").unwrap();
        assert_eq!(
            rows,
            pairs(&[
                ("NL", "nl-NL"),
                ("BE", "nl-BE"),
                ("DE", "de-DE"),
                ("CH", "de-CH, fr-CH")
            ])
        );
    }

    #[test]
    fn any_two_columns_can_be_used_and_headers_are_trimmed() {
        let rows = load("countries.csv", "name", "code").unwrap();
        assert_eq!(rows[0], ("Nederland".to_string(), "NL".to_string()));
        let rows = load("spaced_header.csv", "code", "language").unwrap();
        assert_eq!(rows, pairs(&[("NL", "nl-NL")]));
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_column() {
        let rows = load("with_bom.csv", "code", "language").unwrap();
        assert_eq!(rows, pairs(&[("NL", "nl-NL")]));
    }

    #[test]
    fn empty_values_and_unicode_are_kept() {
        let rows = load("unicode.csv", "code", "city").unwrap();
        assert_eq!(rows, pairs(&[("ZRH", "Zürich"), ("XXX", "")]));
    }

    #[test]
    fn an_unknown_column_lists_the_columns() {
        assert_eq!(
            error("countries.csv", "code", "langauge"),
            "there is no column \"langauge\"; did you mean \"language\"? \
             the columns are \"code\", \"name\", \"language\""
        );
        assert_eq!(
            error("countries.csv", "iso", "language"),
            "there is no column \"iso\"; the columns are \"code\", \"name\", \"language\""
        );
    }

    #[test]
    fn a_row_with_the_wrong_number_of_fields_names_its_line() {
        assert_eq!(
            error("short_row.csv", "code", "language"),
            "line 3 has 1 field, but the header has 3"
        );
    }

    #[test]
    fn a_duplicate_key_names_both_lines() {
        assert_eq!(
            error("duplicate_key.csv", "code", "language"),
            "the key \"NL\" is on line 2 and again on line 4; a table holds one value per key"
        );
    }

    #[test]
    fn text_that_is_not_utf8_names_its_line() {
        assert_eq!(
            error("latin1.csv", "code", "city"),
            "line 3 is not valid UTF-8 text"
        );
    }

    #[test]
    fn an_empty_file_needs_a_header() {
        assert_eq!(
            error("empty.csv", "code", "language"),
            "the file is empty: it needs a header row naming its columns"
        );
    }

    #[test]
    fn a_missing_file_says_so() {
        let message = error("missing.csv", "code", "language");
        assert!(message.contains("No such file"), "{message}");
    }
}
