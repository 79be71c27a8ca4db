//! The impact of a mapping change: run two mappings over the same records and say, per
//! target attribute, how many users change, with a few examples, and which records move
//! between mapped, skipped and rejected. Used by `datamapper diff`.

use crate::engine::Outcome;
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;

/// How many examples each finding keeps.
pub const EXAMPLES: usize = 3;

/// Compares the outcomes of two mappings, record by record.
#[derive(Default)]
pub struct Comparison {
    records: usize,
    changed_users: usize,
    /// Per attribute path (in first-seen order): how many users change, and examples.
    attributes: Vec<(String, usize, Vec<Json>)>,
    /// Per `(before, after)` outcome kind: count and examples.
    transitions: BTreeMap<(&'static str, &'static str), (usize, Vec<Json>)>,
}

impl Comparison {
    /// Adds one record: its input line, and what each mapping made of it.
    pub fn add(&mut self, line: u64, before: &Outcome, after: &Outcome) {
        self.records += 1;
        let (from, to) = (kind(before), kind(after));
        if from != to {
            let entry = self.transitions.entry((from, to)).or_default();
            entry.0 += 1;
            if entry.1.len() < EXAMPLES {
                entry.1.push(json!({
                    "line": line,
                    "user": identity(before).or_else(|| identity(after)),
                    "before": describe(before),
                    "after": describe(after),
                }));
            }
            return;
        }
        if let (Outcome::Mapped(old), Outcome::Mapped(new)) = (before, after) {
            self.compare_users(line, old, new);
        }
    }

    fn compare_users(&mut self, line: u64, old: &Json, new: &Json) {
        let old_paths = flatten(old);
        let new_paths = flatten(new);
        let mut any = false;
        let mut paths: Vec<&String> = old_paths.keys().collect();
        paths.extend(
            new_paths
                .keys()
                .filter(|path| !old_paths.contains_key(*path)),
        );
        for path in paths {
            let before = old_paths.get(path).cloned().unwrap_or(Json::Null);
            let after = new_paths.get(path).cloned().unwrap_or(Json::Null);
            if before == after {
                continue;
            }
            any = true;
            let example = json!({
                "line": line,
                "user": identity_of(new).or_else(|| identity_of(old)),
                "before": before,
                "after": after,
            });
            match self
                .attributes
                .iter_mut()
                .find(|(known, _, _)| known == path)
            {
                Some((_, count, examples)) => {
                    *count += 1;
                    if examples.len() < EXAMPLES {
                        examples.push(example);
                    }
                }
                None => self.attributes.push((path.clone(), 1, vec![example])),
            }
        }
        self.changed_users += usize::from(any);
    }

    /// Whether the two mappings gave the same result for every record.
    pub fn is_unchanged(&self) -> bool {
        self.attributes.is_empty() && self.transitions.is_empty()
    }

    /// The report for tools.
    pub fn to_json(&self) -> Json {
        let attributes: Vec<Json> = self
            .attributes
            .iter()
            .map(|(path, count, examples)| json!({ "attribute": path, "users": count, "examples": examples }))
            .collect();
        let outcomes: Vec<Json> = self
            .transitions
            .iter()
            .map(|((from, to), (count, examples))| {
                json!({ "from": from, "to": to, "records": count, "examples": examples })
            })
            .collect();
        json!({
            "records": self.records,
            "changed_users": self.changed_users,
            "attributes": attributes,
            "outcomes": outcomes,
        })
    }

    /// The report for people, meant as the artifact on a pull request.
    pub fn to_human(&self) -> String {
        let mut out = format!(
            "Compared {} records: {}",
            self.records,
            counted(self.changed_users, "user changes", "users change")
        );
        let moved: usize = self.transitions.values().map(|(count, _)| count).sum();
        if moved > 0 {
            out.push_str(&format!(
                ", {} outcome",
                counted(moved, "record changes", "records change")
            ));
        }
        out.push_str(".\n");
        if !self.attributes.is_empty() {
            out.push_str("\nAttributes\n");
            for (path, count, examples) in &self.attributes {
                out.push_str(&format!(
                    "  {path}: {count} {}\n",
                    if *count == 1 { "user" } else { "users" }
                ));
                for example in examples {
                    out.push_str(&format!(
                        "    line {}{}: {} → {}\n",
                        example["line"],
                        who(&example["user"]),
                        show(&example["before"]),
                        show(&example["after"])
                    ));
                }
            }
        }
        if !self.transitions.is_empty() {
            out.push_str("\nOutcomes\n");
            for ((from, to), (count, examples)) in &self.transitions {
                out.push_str(&format!("  {from} → {to}: {count}\n"));
                for example in examples {
                    out.push_str(&format!(
                        "    line {}{}: {} → {}\n",
                        example["line"],
                        who(&example["user"]),
                        example["before"].as_str().unwrap_or(""),
                        example["after"].as_str().unwrap_or("")
                    ));
                }
            }
        }
        out
    }
}

fn kind(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Mapped(_) => "mapped",
        Outcome::Skipped => "skipped",
        Outcome::Rejected(_) => "rejected",
    }
}

fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Mapped(_) => "mapped".into(),
        Outcome::Skipped => "skipped".into(),
        Outcome::Rejected(reason) => format!("rejected: {reason}"),
    }
}

fn identity(outcome: &Outcome) -> Option<String> {
    match outcome {
        Outcome::Mapped(user) => identity_of(user),
        _ => None,
    }
}

/// How a user is named in examples: the sync key, else the userName.
fn identity_of(user: &Json) -> Option<String> {
    ["externalId", "userName"]
        .iter()
        .find_map(|key| user.get(*key).and_then(Json::as_str))
        .map(str::to_string)
}

fn who(user: &Json) -> String {
    user.as_str()
        .map(|name| format!(" ({name})"))
        .unwrap_or_default()
}

fn show(value: &Json) -> String {
    match value {
        Json::Null => "(none)".into(),
        other => other.to_string(),
    }
}

/// Attribute paths of a SCIM user in the mapping language's terms: `name.givenName`,
/// `emails[type eq "work"].value`, `enterprise.department`. `schemas` is left out.
pub fn flatten(user: &Json) -> BTreeMap<String, Json> {
    let mut paths = BTreeMap::new();
    if let Json::Object(fields) = user {
        for (key, value) in fields {
            if key == "schemas" {
                continue;
            }
            let prefix = if key.starts_with("urn:") {
                extension_prefix(key)
            } else {
                None
            };
            match (prefix, value) {
                (Some(prefix), Json::Object(extension)) => {
                    flatten_object(&prefix, extension, &mut paths)
                }
                _ => flatten_attribute(key, value, &mut paths),
            }
        }
    }
    paths
}

fn extension_prefix(urn: &str) -> Option<String> {
    if urn == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" {
        Some("enterprise".into())
    } else {
        Some(urn.to_string())
    }
}

fn flatten_object(prefix: &str, object: &Map<String, Json>, paths: &mut BTreeMap<String, Json>) {
    for (key, value) in object {
        flatten_attribute(&format!("{prefix}.{key}"), value, paths);
    }
}

fn flatten_attribute(path: &str, value: &Json, paths: &mut BTreeMap<String, Json>) {
    match value {
        Json::Object(object) => flatten_object(path, object, paths),
        Json::Array(elements) => {
            for (index, element) in elements.iter().enumerate() {
                let selector = element.get("type").and_then(Json::as_str).map_or_else(
                    || format!("[{index}]"),
                    |kind| format!("[type eq {kind:?}]"),
                );
                match element {
                    Json::Object(object) => {
                        for (key, inner) in object.iter().filter(|(key, _)| key.as_str() != "type")
                        {
                            paths.insert(format!("{path}{selector}.{key}"), inner.clone());
                        }
                    }
                    other => {
                        paths.insert(format!("{path}{selector}"), other.clone());
                    }
                }
            }
        }
        other => {
            paths.insert(path.to_string(), other.clone());
        }
    }
}

/// `1 user changes`, `17 users change`: a count with the words that agree with it.
fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(text: &str) -> Outcome {
        Outcome::Mapped(serde_json::from_str(text).unwrap())
    }

    #[test]
    fn flattens_to_mapping_paths() {
        let paths = flatten(&serde_json::json!({
            "schemas": ["x"],
            "userName": "a",
            "name": {"givenName": "A"},
            "emails": [{"value": "a@x", "type": "work"}],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "7"}}
        }));
        let keys: Vec<&str> = paths.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "emails[type eq \"work\"].value",
                "enterprise.manager.value",
                "name.givenName",
                "userName"
            ]
        );
    }

    #[test]
    fn counts_changes_per_attribute_and_outcome() {
        let mut comparison = Comparison::default();
        comparison.add(
            1,
            &user(r#"{"externalId": "1", "title": "A"}"#),
            &user(r#"{"externalId": "1", "title": "B"}"#),
        );
        comparison.add(
            2,
            &user(r#"{"externalId": "2", "title": "A"}"#),
            &user(r#"{"externalId": "2", "title": "A"}"#),
        );
        comparison.add(3, &user(r#"{"externalId": "3"}"#), &Outcome::Skipped);
        comparison.add(
            4,
            &Outcome::Rejected("bad".into()),
            &user(r#"{"externalId": "4", "title": "C"}"#),
        );
        let report = comparison.to_json();
        assert_eq!(report["changed_users"], 1);
        assert_eq!(report["attributes"][0]["attribute"], "title");
        assert_eq!(report["attributes"][0]["examples"][0]["before"], "A");
        assert_eq!(report["outcomes"].as_array().unwrap().len(), 2);
        let human = comparison.to_human();
        assert!(
            human.starts_with("Compared 4 records: 1 user changes, 2 records change outcome."),
            "{human}"
        );
        assert!(human.contains("line 1 (1): \"A\" → \"B\""), "{human}");
        assert!(human.contains("mapped → skipped: 1"), "{human}");
    }
}
