//! The run-time value that expressions evaluate to and functions take and give.

use std::sync::Arc;

/// A value during evaluation. Cheap to clone: text, lists and objects are shared.
#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(Arc<str>),
    Date(jiff::civil::Date),
    DateTime(jiff::Timestamp),
    List(Arc<[Value]>),
    /// Fields in order; keys are unique.
    Object(Arc<[(Arc<str>, Value)]>),
    /// A compiled regular expression literal, passed to `replace`, `matches`, `extract`.
    Regex(Arc<regex::Regex>),
}

impl Value {
    pub fn string(text: impl Into<Arc<str>>) -> Value {
        Value::String(text.into())
    }

    /// A copy that shares nothing with this value: a program compiled for another
    /// thread gets its own constants, since threads that clone one shared value keep
    /// taking its reference count from each other.
    ///
    /// ```
    /// use datamapper::value::Value;
    /// let shared = Value::string("Acme BV");
    /// let own = shared.unshared();
    /// assert_eq!(own.as_str(), Some("Acme BV"));
    /// ```
    pub fn unshared(&self) -> Value {
        match self {
            Value::String(text) => Value::String(Arc::from(&**text)),
            Value::List(items) => Value::List(items.iter().map(Value::unshared).collect()),
            Value::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(key, value)| (Arc::from(&**key), value.unshared()))
                    .collect(),
            ),
            Value::Regex(regex) => Value::Regex(Arc::new(own_regex(regex))),
            Value::Null
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::Date(_)
            | Value::DateTime(_) => self.clone(),
        }
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(items.into())
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// In conditions `null` and `false` are false; everything else must be a bool.
    pub fn is_true(&self) -> bool {
        matches!(self, Value::Bool(true))
    }

    /// A field of an object value, or `None` when absent (or not an object).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(fields) => fields
                .iter()
                .find(|(name, _)| name.as_ref() == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// A word for the kind of value, for run-time error messages ("expected a date, got text").
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::String(_) => "string",
            Value::Date(_) => "date",
            Value::DateTime(_) => "datetime",
            Value::List(_) => "list",
            Value::Object(_) => "object",
            Value::Regex(_) => "regex",
        }
    }

    /// Converts a JSON value (an input record, a table value) into a `Value`.
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => Value::string(s.as_str()),
            serde_json::Value::Array(items) => {
                Value::List(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(key, value)| (Arc::from(key.as_str()), Value::from_json(value)))
                    .collect(),
            ),
        }
    }

    /// Converts to JSON for output: dates as `YYYY-MM-DD`, datetimes as RFC 3339 in UTC.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as Json;
        match self {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
            Value::String(s) => Json::String(s.to_string()),
            Value::Date(d) => Json::String(d.to_string()),
            Value::DateTime(t) => Json::String(t.to_string()),
            Value::List(items) => Json::Array(items.iter().map(Value::to_json).collect()),
            Value::Object(fields) => Json::Object(
                fields
                    .iter()
                    .map(|(key, value)| (key.to_string(), value.to_json()))
                    .collect(),
            ),
            Value::Regex(regex) => Json::String(regex.as_str().to_string()),
        }
    }
}

impl PartialEq for Value {
    /// Equality as `==` in the language: ints and floats compare by value, regexes by
    /// their pattern text.
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Int(a), Value::Float(b)) | (Value::Float(b), Value::Int(a)) => *a as f64 == *b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Date(a), Value::Date(b)) => a == b,
            (Value::DateTime(a), Value::DateTime(b)) => a == b,
            (Value::List(a), Value::List(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => a == b,
            (Value::Regex(a), Value::Regex(b)) => a.as_str() == b.as_str(),
            _ => false,
        }
    }
}

/// The regex compiled again, sharing nothing with `regex`. A clone would share its
/// compiled automaton and, with it, a reference count that every search for groups
/// updates: threads searching with clones would wait on each other's cores.
pub(crate) fn own_regex(regex: &regex::Regex) -> regex::Regex {
    // The pattern, flags and all, compiled once already the same way.
    crate::check::build_regex(regex.as_str()).unwrap_or_else(|_| regex.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_stays_small() {
        assert!(std::mem::size_of::<Value>() <= 24);
    }

    #[test]
    fn json_round_trip_keeps_field_order() {
        let json: serde_json::Value =
            serde_json::from_str(r#"{"b": 1, "a": [true, null, "x"], "c": 1.5}"#).unwrap();
        let value = Value::from_json(&json);
        assert_eq!(value.get("b"), Some(&Value::Int(1)));
        assert_eq!(value.to_json(), json);
    }

    #[test]
    fn an_own_regex_keeps_its_flags() {
        let regex = regex::Regex::new("(?i)^jan").unwrap();
        let own = own_regex(&regex);
        assert!(own.is_match("JANSEN"));
        assert_eq!(own.as_str(), regex.as_str());
    }
}
