//! Writes the SCIM user straight into a byte buffer as compact JSON, byte for byte what
//! serialising `assemble::assemble`'s result gives, without building a JSON tree.
//!
//! Where two rules could write the same key of one object (a complex attribute set both
//! whole and by sub-attribute, a filter key also set by a rule), the attribute is built
//! with `assemble` instead, so a later key replaces an earlier one in place as it does
//! there.

use super::assemble;
use super::operators::midnight_utc;
use super::program::{AttributePlan, AttributeShape, ElementKey, ElementPlan, OutputPlan, SubRule};
use crate::schema::target::ScimType;
use crate::value::Value;
use std::io::Write;

/// Appends the user for one record to `out`; `results[i]` is the value of rule `i`.
pub(crate) fn write_user(plan: &OutputPlan, results: &[Value], out: &mut Vec<u8>) {
    let start = out.len();
    let mut object = ObjectWriter::open(out);
    let mut schemas: Vec<&str> = Vec::with_capacity(plan.schemas.len());
    for (position, schema) in plan.schemas.iter().enumerate() {
        if position == 0 {
            schemas.push(&schema.urn);
            for attribute in &schema.attributes {
                // `schemas` is always the engine's own.
                if attribute.name != "schemas" {
                    write_attribute(&mut object, attribute, results);
                }
            }
            continue;
        }
        let mark = object.key(&schema.urn);
        let mut extension = ObjectWriter::open(&mut *object.out);
        for attribute in &schema.attributes {
            write_attribute(&mut extension, attribute, results);
        }
        if extension.close() {
            schemas.push(&schema.urn);
        } else {
            object.undo(mark);
        }
    }
    object.close();
    // `schemas` comes first but depends on which extensions were written.
    let mut prefix = b"{\"schemas\":[".to_vec();
    for (position, urn) in schemas.iter().enumerate() {
        if position > 0 {
            prefix.push(b',');
        }
        write_str(&mut prefix, urn);
    }
    prefix.push(b']');
    let body = &out[start + 1..];
    if body.len() > 1 {
        prefix.push(b',');
    }
    out.splice(start..start + 1, prefix);
}

/// Writes one object's members, with the commas between them, and can take back the
/// last one.
struct ObjectWriter<'o> {
    out: &'o mut Vec<u8>,
    members: usize,
}

/// Where a member started, to take it back.
#[derive(Clone, Copy)]
struct Mark {
    length: usize,
    members: usize,
}

impl<'o> ObjectWriter<'o> {
    fn open(out: &'o mut Vec<u8>) -> ObjectWriter<'o> {
        out.push(b'{');
        ObjectWriter { out, members: 0 }
    }

    /// Starts a member: its comma and key; the value is written next.
    fn key(&mut self, key: &str) -> Mark {
        let mark = Mark {
            length: self.out.len(),
            members: self.members,
        };
        if self.members > 0 {
            self.out.push(b',');
        }
        write_str(self.out, key);
        self.out.push(b':');
        self.members += 1;
        mark
    }

    fn undo(&mut self, mark: Mark) {
        self.out.truncate(mark.length);
        self.members = mark.members;
    }

    /// Writes `key` with a value from `write`, or nothing when it gives `false`.
    fn member(&mut self, key: &str, write: impl FnOnce(&mut Vec<u8>) -> bool) -> bool {
        let mark = self.key(key);
        let written = write(self.out);
        if !written {
            self.undo(mark);
        }
        written
    }

    /// Closes the object; whether it has members.
    fn close(self) -> bool {
        self.out.push(b'}');
        self.members > 0
    }
}

fn write_attribute(object: &mut ObjectWriter<'_>, attribute: &AttributePlan, results: &[Value]) {
    let whole = attribute.whole.map(|rule| &results[rule]);
    match &attribute.shape {
        AttributeShape::Single => {
            if let Some(value) = whole {
                object.member(&attribute.name, |out| write_value(value, attribute, out));
            }
        }
        AttributeShape::Complex(sub_rules) if whole.is_some() && !sub_rules.is_empty() => {
            write_assembled(object, attribute, results)
        }
        AttributeShape::Complex(sub_rules) => {
            object.member(&attribute.name, |out| match whole {
                Some(value) => write_value(value, attribute, out),
                None => write_sub_rules(sub_rules, results, out),
            });
        }
        AttributeShape::Multi(elements) => {
            if elements.iter().any(key_set_twice) {
                return write_assembled(object, attribute, results);
            }
            object.member(&attribute.name, |out| {
                write_items(whole, elements, attribute, results, out)
            });
        }
    }
}

/// The attribute as `assemble` builds it, for the rare plans where keys may repeat.
fn write_assembled(object: &mut ObjectWriter<'_>, attribute: &AttributePlan, results: &[Value]) {
    if let Some(json) = assemble::attribute_value(attribute, results) {
        object.key(&attribute.name);
        write_json(&json, object.out);
    }
}

fn key_set_twice(element: &ElementPlan) -> bool {
    fn name(key: &ElementKey) -> &str {
        match key {
            ElementKey::Rule(rule) => &rule.name,
            ElementKey::Filter { name, .. } => name,
        }
    }
    element.keys.iter().enumerate().any(|(position, key)| {
        element.keys[..position]
            .iter()
            .any(|earlier| name(earlier) == name(key))
    })
}

fn write_sub_rules(sub_rules: &[SubRule], results: &[Value], out: &mut Vec<u8>) -> bool {
    let mut object = ObjectWriter::open(out);
    for sub_rule in sub_rules {
        object.member(&sub_rule.name, |out| {
            write_scalar(&results[sub_rule.rule], sub_rule.kind, out)
        });
    }
    object.close()
}

fn write_items(
    whole: Option<&Value>,
    elements: &[ElementPlan],
    attribute: &AttributePlan,
    results: &[Value],
    out: &mut Vec<u8>,
) -> bool {
    out.push(b'[');
    let mut items = 0;
    let mut item = |out: &mut Vec<u8>, write: &mut dyn FnMut(&mut Vec<u8>) -> bool| {
        let mark = out.len();
        if items > 0 {
            out.push(b',');
        }
        if write(out) {
            items += 1;
        } else {
            out.truncate(mark);
        }
    };
    match whole {
        Some(Value::List(values)) => {
            for value in values.iter() {
                item(out, &mut |out| write_element(value, attribute, out));
            }
        }
        Some(other) => item(out, &mut |out| write_element(other, attribute, out)),
        None => {}
    }
    for element in elements {
        item(out, &mut |out| {
            write_filtered_element(element, results, out)
        });
    }
    out.push(b']');
    items > 0
}

/// One element of a multi-valued attribute set as a whole; left out when it is `null`
/// or (for attributes with a `value`) its `value` is.
fn write_element(value: &Value, attribute: &AttributePlan, out: &mut Vec<u8>) -> bool {
    match value {
        Value::Object(fields) if attribute.kind == ScimType::Complex => {
            let has_value_attribute = attribute
                .sub_attributes
                .iter()
                .any(|(name, _)| name == "value");
            let written = write_complex(fields, attribute, out);
            written.members > 0 && (!has_value_attribute || written.has_value)
        }
        Value::Object(fields) if value_needed_but_missing(fields, attribute) => false,
        _ => write_scalar(value, attribute.kind, out),
    }
}

/// For an object written as it is (to an attribute that is not complex): whether it is
/// empty, or lacks the `value` the attribute has.
fn value_needed_but_missing(
    fields: &[(std::sync::Arc<str>, Value)],
    attribute: &AttributePlan,
) -> bool {
    let has_value_attribute = attribute
        .sub_attributes
        .iter()
        .any(|(name, _)| name == "value");
    fields.is_empty()
        || (has_value_attribute && !fields.iter().any(|(key, _)| key.as_ref() == "value"))
}

/// The element a filter selects (`emails[type eq "work"]`), from its rules.
fn write_filtered_element(element: &ElementPlan, results: &[Value], out: &mut Vec<u8>) -> bool {
    let mut object = ObjectWriter::open(out);
    let mut any_rule_value = false;
    let mut has_value = false;
    for key in &element.keys {
        match key {
            ElementKey::Filter { name, value } => {
                object.key(name);
                write_json(value, object.out);
                has_value |= name == "value";
            }
            ElementKey::Rule(SubRule { name, kind, rule }) => {
                if object.member(name, |out| write_scalar(&results[*rule], *kind, out)) {
                    any_rule_value = true;
                    has_value |= name == "value";
                }
            }
        }
    }
    object.close();
    if element.needs_value {
        has_value
    } else {
        any_rule_value
    }
}

/// A value for an attribute: objects get the schema's key order and lose their `null`s.
fn write_value(value: &Value, attribute: &AttributePlan, out: &mut Vec<u8>) -> bool {
    match value {
        Value::Object(fields) if attribute.kind == ScimType::Complex => {
            write_complex(fields, attribute, out).members > 0
        }
        _ => write_scalar(value, attribute.kind, out),
    }
}

/// What `write_complex` wrote.
struct Complex {
    members: usize,
    has_value: bool,
}

fn write_complex(
    fields: &[(std::sync::Arc<str>, Value)],
    attribute: &AttributePlan,
    out: &mut Vec<u8>,
) -> Complex {
    let mut object = ObjectWriter::open(out);
    let mut has_value = false;
    for (name, kind) in attribute.sub_attributes.iter() {
        let field = fields
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name));
        if let Some((_, value)) = field {
            if object.member(name, |out| write_scalar(value, *kind, out)) {
                has_value |= name == "value";
            }
        }
    }
    for (key, value) in fields.iter() {
        let known = attribute
            .sub_attributes
            .iter()
            .any(|(name, _)| key.eq_ignore_ascii_case(name));
        if !known && !value.is_null() {
            object.key(key);
            write_plain(value, object.out);
            has_value |= key.as_ref() == "value";
        }
    }
    let members = object.members;
    object.close();
    Complex { members, has_value }
}

/// A simple value: `null` is left out, a date written to a `dateTime` attribute is its
/// midnight in UTC.
fn write_scalar(value: &Value, kind: ScimType, out: &mut Vec<u8>) -> bool {
    match (value, kind) {
        (Value::Null, _) => return false,
        (Value::Date(date), ScimType::DateTime) => match midnight_utc(*date) {
            Some(moment) => write_display(&moment, out),
            None => write_display(date, out),
        },
        (Value::Float(f), _) if !f.is_finite() => return false,
        _ => write_plain(value, out),
    }
    true
}

/// A value as `Value::to_json` gives it, serialised.
pub(crate) fn write_plain(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => write_json(&value_float(*f), out),
        Value::String(text) => write_str(out, text),
        Value::Date(date) => write_display(date, out),
        Value::DateTime(moment) => write_display(moment, out),
        Value::Regex(regex) => write_str(out, regex.as_str()),
        Value::List(items) => {
            out.push(b'[');
            for (position, item) in items.iter().enumerate() {
                if position > 0 {
                    out.push(b',');
                }
                write_plain(item, out);
            }
            out.push(b']');
        }
        Value::Object(fields) => {
            out.push(b'{');
            for (position, (key, item)) in fields.iter().enumerate() {
                if position > 0 {
                    out.push(b',');
                }
                write_str(out, key);
                out.push(b':');
                write_plain(item, out);
            }
            out.push(b'}');
        }
    }
}

fn value_float(f: f64) -> serde_json::Value {
    serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

/// A date or timestamp as a JSON string; their text never needs escapes.
fn write_display(value: &impl std::fmt::Display, out: &mut Vec<u8>) {
    // Writing to a `Vec` cannot fail.
    let _ = write!(out, "\"{value}\"");
}

fn write_json(json: &serde_json::Value, out: &mut Vec<u8>) {
    // Writing to a `Vec` cannot fail, and a `serde_json::Value` always serialises.
    let _ = serde_json::to_writer(out, json);
}

/// A JSON string with serde_json's escapes: `\"`, `\\`, the short forms of control
/// characters, `\u00XX` for the others; everything else as is.
pub(crate) fn write_str(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Most text needs no escape at all: one tight scan, one copy.
    if !bytes
        .iter()
        .any(|&byte| byte < 0x20 || byte == b'"' || byte == b'\\')
    {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut plain_from = 0;
    for (position, &byte) in bytes.iter().enumerate() {
        let short: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[plain_from..position]);
        if short.is_empty() {
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(byte >> 4)]);
            out.push(HEX[usize::from(byte & 0xf)]);
        } else {
            out.extend_from_slice(short);
        }
        plain_from = position + 1;
    }
    out.extend_from_slice(&bytes[plain_from..]);
    out.push(b'"');
}
