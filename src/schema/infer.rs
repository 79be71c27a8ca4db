//! Inferring a JSON Schema from sample records, for `datamapper schema infer`.
//!
//! The rules, chosen so that a mapping written against the result checks clean on the
//! same sample and runs on it without rejects:
//! - a field is `required` when it is present (possibly null) in every record;
//! - its type is the one JSON type every non-null value has (`integer` and `number`
//!   together make `number`); values of mixed types give no `type` (`any`);
//!   a field that is sometimes `null` gets `["T", "null"]`;
//! - text gets `format: date`, `date-time` or `email` only when every value fits, so an
//!   empty string (which HR exports write for "no value") keeps a field plain text;
//! - text becomes an `enum` when it has at most [`ENUM_MAX_VALUES`] distinct values, none
//!   empty, and every value appears on average at least [`ENUM_MIN_REPEATS`] times;
//! - objects and list elements are inferred the same way, recursively.

use serde_json::{json, Map, Value as Json};

/// The most distinct values a text field may have to be read as an enum.
pub const ENUM_MAX_VALUES: usize = 10;
/// How often, on average, each value must appear for a text field to be an enum.
pub const ENUM_MIN_REPEATS: usize = 3;

/// Collects what the sample says about one value position.
#[derive(Default)]
pub struct Inferred {
    /// How many times the position was seen (present, null or not).
    seen: usize,
    nulls: usize,
    strings: usize,
    integers: usize,
    numbers: usize,
    booleans: usize,
    objects: usize,
    arrays: usize,
    dates: usize,
    date_times: usize,
    emails: usize,
    /// Distinct text values, until there are too many to be an enum.
    values: Vec<String>,
    values_overflowed: bool,
    any_empty_text: bool,
    /// Object fields in first-seen order.
    fields: Vec<(String, Inferred)>,
    /// Objects seen, to tell which fields are present in all of them.
    items: Option<Box<Inferred>>,
}

impl Inferred {
    /// How many values were added: at the top, the number of sample records.
    pub fn count(&self) -> usize {
        self.seen
    }

    /// Adds one sample value.
    pub fn add(&mut self, value: &Json) {
        self.seen += 1;
        match value {
            Json::Null => self.nulls += 1,
            Json::Bool(_) => self.booleans += 1,
            Json::Number(number) if number.is_i64() || number.is_u64() => self.integers += 1,
            Json::Number(_) => self.numbers += 1,
            Json::String(text) => self.add_text(text),
            Json::Array(items) => {
                self.arrays += 1;
                let element = self.items.get_or_insert_with(Box::default);
                for item in items {
                    element.add(item);
                }
            }
            Json::Object(object) => {
                self.objects += 1;
                for (key, field) in object {
                    match self.fields.iter_mut().find(|(name, _)| name == key) {
                        Some((_, inferred)) => inferred.add(field),
                        None => {
                            let mut inferred = Inferred::default();
                            inferred.add(field);
                            self.fields.push((key.clone(), inferred));
                        }
                    }
                }
            }
        }
    }

    fn add_text(&mut self, text: &str) {
        self.strings += 1;
        if text.parse::<jiff::civil::Date>().is_ok() && text.len() == 10 {
            self.dates += 1;
        }
        if text.parse::<jiff::Timestamp>().is_ok() {
            self.date_times += 1;
        }
        if looks_like_email(text) {
            self.emails += 1;
        }
        if text.trim().is_empty() {
            self.any_empty_text = true;
        }
        if !self.values_overflowed && !self.values.iter().any(|known| known == text) {
            if self.values.len() == ENUM_MAX_VALUES {
                self.values_overflowed = true;
                self.values.clear();
            } else {
                self.values.push(text.to_string());
            }
        }
    }

    /// The JSON Schema of the top-level records.
    pub fn to_schema(&self, title: &str) -> Json {
        let mut schema = Map::new();
        schema.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        schema.insert("title".into(), json!(title));
        schema.insert(
            "description".into(),
            json!(format!(
                "Inferred by datamapper schema infer from {} sample records",
                self.seen
            )),
        );
        if let Json::Object(body) = self.schema_of() {
            schema.extend(body);
        }
        Json::Object(schema)
    }

    fn schema_of(&self) -> Json {
        let non_null = self.seen - self.nulls;
        let kinds = [
            (self.strings, "string"),
            (
                self.integers + self.numbers,
                if self.numbers > 0 {
                    "number"
                } else {
                    "integer"
                },
            ),
            (self.booleans, "boolean"),
            (self.objects, "object"),
            (self.arrays, "array"),
        ];
        let single = kinds
            .iter()
            .find(|(count, _)| *count == non_null && non_null > 0);
        let mut schema = Map::new();
        match single {
            None if non_null == 0 => {
                schema.insert("type".into(), json!("null"));
            }
            None => {}
            Some((_, name)) => {
                let name = *name;
                schema.insert(
                    "type".into(),
                    if self.nulls > 0 {
                        json!([name, "null"])
                    } else {
                        json!(name)
                    },
                );
                match name {
                    "string" => self.text_details(&mut schema),
                    "object" => self.object_details(&mut schema),
                    "array" => {
                        let items = self
                            .items
                            .as_ref()
                            .map_or(json!({}), |items| items.schema_of());
                        schema.insert("items".into(), items);
                    }
                    _ => {}
                }
            }
        }
        Json::Object(schema)
    }

    fn text_details(&self, schema: &mut Map<String, Json>) {
        let format = if self.dates == self.strings {
            Some("date")
        } else if self.date_times == self.strings {
            Some("date-time")
        } else if self.emails == self.strings {
            Some("email")
        } else {
            None
        };
        if let Some(format) = format {
            schema.insert("format".into(), json!(format));
            return;
        }
        let repeats_enough = self.values.len() * ENUM_MIN_REPEATS <= self.strings;
        if !self.values_overflowed
            && !self.values.is_empty()
            && !self.any_empty_text
            && repeats_enough
        {
            let mut values = self.values.clone();
            values.sort();
            schema.insert("enum".into(), json!(values));
        }
    }

    fn object_details(&self, schema: &mut Map<String, Json>) {
        let required: Vec<&str> = self
            .fields
            .iter()
            .filter(|(_, field)| field.seen == self.objects)
            .map(|(name, _)| name.as_str())
            .collect();
        if !required.is_empty() {
            schema.insert("required".into(), json!(required));
        }
        let properties: Map<String, Json> = self
            .fields
            .iter()
            .map(|(name, field)| (name.clone(), field.schema_of()))
            .collect();
        schema.insert("properties".into(), Json::Object(properties));
    }
}

/// One `@`, something before it, a dotted domain after it, no spaces.
fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infer(lines: &[&str]) -> Json {
        let mut inferred = Inferred::default();
        for line in lines {
            inferred.add(&serde_json::from_str(line).unwrap());
        }
        inferred.schema_of()
    }

    #[test]
    fn required_nullable_and_formats() {
        let schema = infer(&[
            r#"{"id": 1, "mail": "a@x.nl", "hired": "2020-01-01", "left": null, "at": "2026-01-01T10:00:00Z"}"#,
            r#"{"id": 2, "mail": "b@x.nl", "hired": "2021-02-03", "left": "2026-03-01", "at": "2026-01-02T10:00:00Z", "extra": true}"#,
        ]);
        assert_eq!(
            schema["required"],
            json!(["id", "mail", "hired", "left", "at"])
        );
        assert_eq!(schema["properties"]["id"], json!({"type": "integer"}));
        assert_eq!(
            schema["properties"]["mail"],
            json!({"type": "string", "format": "email"})
        );
        assert_eq!(schema["properties"]["hired"]["format"], "date");
        assert_eq!(
            schema["properties"]["left"],
            json!({"type": ["string", "null"], "format": "date"})
        );
        assert_eq!(schema["properties"]["at"]["format"], "date-time");
        assert_eq!(schema["properties"]["extra"], json!({"type": "boolean"}));
    }

    #[test]
    fn empty_strings_keep_text_plain() {
        let schema = infer(&[r#"{"d": "2020-01-01"}"#, r#"{"d": ""}"#, r#"{"d": ""}"#]);
        assert_eq!(schema["properties"]["d"], json!({"type": "string"}));
    }

    #[test]
    fn repeated_text_becomes_an_enum() {
        let lines: Vec<String> = (0..9)
            .map(|i| {
                format!(
                    r#"{{"status": "{}", "name": "n{i}"}}"#,
                    ["active", "leave", "terminated"][i % 3]
                )
            })
            .collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let schema = infer(&lines);
        assert_eq!(
            schema["properties"]["status"]["enum"],
            json!(["active", "leave", "terminated"])
        );
        assert!(schema["properties"]["name"].get("enum").is_none());
    }

    #[test]
    fn mixed_numbers_nested_objects_and_lists() {
        let schema = infer(&[
            r#"{"n": 1, "mixed": 1, "dept": {"code": "A"}, "tags": ["x"]}"#,
            r#"{"n": 1.5, "mixed": "one", "dept": {"code": "B", "name": "Bee"}, "tags": []}"#,
        ]);
        assert_eq!(schema["properties"]["n"], json!({"type": "number"}));
        assert_eq!(schema["properties"]["mixed"], json!({}));
        assert_eq!(schema["properties"]["dept"]["required"], json!(["code"]));
        assert_eq!(
            schema["properties"]["tags"]["items"],
            json!({"type": "string"})
        );
    }
}
