//! Attribute-by-attribute differences between an expected and an actual SCIM user, in
//! SCIM path words: `name.familyName: expected "van der Berg", got "Van Der Berg"`.

use serde_json::Value as Json;

/// The URN of the Enterprise User extension, written `enterprise.` in paths.
const ENTERPRISE_URN: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// One line per attribute that differs, in the expected user's order, then attributes
/// only the actual user has. Empty when the users are equal.
pub fn diff_users(expected: &Json, actual: &Json) -> Vec<String> {
    let expected_leaves = leaves(expected);
    let actual_leaves = leaves(actual);
    let mut lines = Vec::new();
    for (path, want) in &expected_leaves {
        match find(&actual_leaves, path) {
            Some(got) if got == want => {}
            Some(got) => lines.push(format!(
                "{path}: expected {}, got {}",
                compact(want),
                compact(got)
            )),
            None => lines.push(format!("{path}: expected {}, got nothing", compact(want))),
        }
    }
    for (path, got) in &actual_leaves {
        if find(&expected_leaves, path).is_none() {
            lines.push(format!("{path}: expected nothing, got {}", compact(got)));
        }
    }
    lines
}

/// A JSON value on one line, as it would be written in a case file.
pub fn compact(value: &Json) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn find<'a>(leaves: &'a [(String, Json)], path: &str) -> Option<&'a Json> {
    leaves
        .iter()
        .find(|(candidate, _)| candidate == path)
        .map(|(_, value)| value)
}

/// The user as (path, value) pairs: objects are walked, lists of objects are walked by
/// element, anything else (text, numbers, `schemas`) is one leaf.
fn leaves(user: &Json) -> Vec<(String, Json)> {
    let mut out = Vec::new();
    walk(user, String::new(), &mut out);
    out
}

fn walk(value: &Json, path: String, out: &mut Vec<(String, Json)>) {
    match value {
        Json::Object(fields) if !fields.is_empty() => {
            for (key, field) in fields {
                let name = if key == ENTERPRISE_URN {
                    "enterprise"
                } else {
                    key
                };
                let child = if path.is_empty() {
                    name.to_string()
                } else {
                    format!("{path}.{name}")
                };
                walk(field, child, out);
            }
        }
        Json::Array(items) if !items.is_empty() && items.iter().all(Json::is_object) => {
            for (position, item) in items.iter().enumerate() {
                walk(
                    item,
                    format!("{path}{}", element_selector(items, position)),
                    out,
                );
            }
        }
        _ => out.push((path, value.clone())),
    }
}

/// `[type eq "work"]` when the element's `type` names it uniquely in its list, else
/// `[0]`.
fn element_selector(items: &[Json], position: usize) -> String {
    let type_of = |item: &Json| item.get("type").and_then(Json::as_str).map(str::to_string);
    match type_of(&items[position]) {
        Some(kind)
            if items
                .iter()
                .filter(|item| type_of(item).as_deref() == Some(kind.as_str()))
                .count()
                == 1 =>
        {
            format!("[type eq {}]", compact(&Json::String(kind)))
        }
        _ => format!("[{position}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_each_attribute_that_differs() {
        let expected = json!({
            "userName": "jan@acme.example",
            "name": {"familyName": "van der Berg", "givenName": "Jan"},
            "emails": [{"value": "jan@acme.example", "type": "work"}],
            ENTERPRISE_URN: {"employeeNumber": "E1"}
        });
        let actual = json!({
            "userName": "jan@acme.example",
            "name": {"familyName": "Van Der Berg", "givenName": "Jan"},
            "emails": [{"value": "jan2@acme.example", "type": "work"}],
            ENTERPRISE_URN: {"employeeNumber": "E1", "costCenter": "KP"},
            "active": true
        });
        assert_eq!(
            diff_users(&expected, &actual),
            [
                r#"name.familyName: expected "van der Berg", got "Van Der Berg""#,
                r#"emails[type eq "work"].value: expected "jan@acme.example", got "jan2@acme.example""#,
                r#"enterprise.costCenter: expected nothing, got "KP""#,
                "active: expected nothing, got true",
            ]
        );
    }

    #[test]
    fn equal_users_have_no_differences() {
        let user = json!({"schemas": ["a", "b"], "userName": "x"});
        assert!(diff_users(&user, &user).is_empty());
    }

    #[test]
    fn elements_without_a_unique_type_go_by_position() {
        let expected =
            json!({"emails": [{"value": "a", "type": "work"}, {"value": "b", "type": "work"}]});
        let actual = json!({"emails": [{"value": "a", "type": "work"}]});
        assert_eq!(
            diff_users(&expected, &actual),
            [
                r#"emails[0].value: expected "a", got nothing"#,
                r#"emails[0].type: expected "work", got nothing"#,
                r#"emails[1].value: expected "b", got nothing"#,
                r#"emails[1].type: expected "work", got nothing"#,
                r#"emails[type eq "work"].value: expected nothing, got "a""#,
                r#"emails[type eq "work"].type: expected nothing, got "work""#,
            ]
        );
    }
}
