//! Builds the SCIM User resource from the rules' values: `schemas` first, attributes in
//! schema order, `null` values and empty attributes left out.

use super::operators::midnight_utc;
use super::program::{AttributePlan, AttributeShape, ElementKey, ElementPlan, OutputPlan, SubRule};
use crate::schema::target::ScimType;
use crate::value::Value;
use serde_json::{Map, Value as Json};

/// The user for one record; `results[i]` is the value of rule `i`.
pub(crate) fn assemble(plan: &OutputPlan, results: &[Value]) -> Json {
    let mut user = Map::new();
    // Inserted first so that it stays the first key; filled in at the end.
    user.insert("schemas".into(), Json::Null);
    let mut schemas = Vec::with_capacity(plan.schemas.len());
    for (position, schema) in plan.schemas.iter().enumerate() {
        if position == 0 {
            schemas.push(Json::String(schema.urn.clone()));
            write_attributes(&mut user, &schema.attributes, results);
            continue;
        }
        let mut extension = Map::new();
        write_attributes(&mut extension, &schema.attributes, results);
        if !extension.is_empty() {
            schemas.push(Json::String(schema.urn.clone()));
            user.insert(schema.urn.clone(), Json::Object(extension));
        }
    }
    user.insert("schemas".into(), Json::Array(schemas));
    Json::Object(user)
}

fn write_attributes(out: &mut Map<String, Json>, attributes: &[AttributePlan], results: &[Value]) {
    for attribute in attributes {
        if let Some(value) = attribute_value(attribute, results) {
            out.insert(attribute.name.clone(), value);
        }
    }
}

pub(super) fn attribute_value(attribute: &AttributePlan, results: &[Value]) -> Option<Json> {
    let whole = attribute.whole.map(|rule| &results[rule]);
    match &attribute.shape {
        AttributeShape::Single => whole.and_then(|value| write_value(value, attribute)),
        AttributeShape::Complex(sub_rules) => {
            let mut object = match whole.and_then(|value| write_value(value, attribute)) {
                Some(Json::Object(object)) => object,
                _ => Map::new(),
            };
            for sub_rule in sub_rules {
                if let Some(value) = write_scalar(&results[sub_rule.rule], sub_rule.kind) {
                    object.insert(sub_rule.name.clone(), value);
                }
            }
            (!object.is_empty()).then_some(Json::Object(object))
        }
        AttributeShape::Multi(elements) => {
            let mut items = match whole {
                Some(Value::List(values)) => values
                    .iter()
                    .filter_map(|value| write_element(value, attribute))
                    .collect(),
                Some(other) => write_element(other, attribute).into_iter().collect(),
                None => Vec::new(),
            };
            items.extend(
                elements
                    .iter()
                    .filter_map(|element| filtered_element(element, results)),
            );
            (!items.is_empty()).then_some(Json::Array(items))
        }
    }
}

/// One element of a multi-valued attribute set as a whole; left out when it is `null`
/// or (for attributes with a `value`) its `value` is.
fn write_element(value: &Value, attribute: &AttributePlan) -> Option<Json> {
    let written = write_value(value, attribute)?;
    if let Json::Object(object) = &written {
        let has_value_attribute = attribute
            .sub_attributes
            .iter()
            .any(|(name, _)| name == "value");
        if object.is_empty() || (has_value_attribute && !object.contains_key("value")) {
            return None;
        }
    }
    Some(written)
}

/// The element a filter selects (`emails[type eq "work"]`), from its rules.
fn filtered_element(element: &ElementPlan, results: &[Value]) -> Option<Json> {
    let mut object = Map::new();
    let mut any_rule_value = false;
    for key in &element.keys {
        match key {
            ElementKey::Filter { name, value } => {
                object.insert(name.clone(), value.clone());
            }
            ElementKey::Rule(SubRule { name, kind, rule }) => {
                if let Some(value) = write_scalar(&results[*rule], *kind) {
                    any_rule_value = true;
                    object.insert(name.clone(), value);
                }
            }
        }
    }
    let keep = if element.needs_value {
        object.contains_key("value")
    } else {
        any_rule_value
    };
    keep.then_some(Json::Object(object))
}

/// A value for an attribute: objects get the schema's key order and lose their `null`s.
fn write_value(value: &Value, attribute: &AttributePlan) -> Option<Json> {
    match value {
        Value::Object(fields) if attribute.kind == ScimType::Complex => {
            let mut object = Map::new();
            for (name, kind) in attribute.sub_attributes.iter() {
                let field = fields
                    .iter()
                    .find(|(key, _)| key.eq_ignore_ascii_case(name));
                if let Some(written) = field.and_then(|(_, value)| write_scalar(value, *kind)) {
                    object.insert(name.clone(), written);
                }
            }
            for (key, value) in fields.iter() {
                let known = attribute
                    .sub_attributes
                    .iter()
                    .any(|(name, _)| key.eq_ignore_ascii_case(name));
                if !known && !value.is_null() {
                    object.insert(key.to_string(), value.to_json());
                }
            }
            (!object.is_empty()).then_some(Json::Object(object))
        }
        _ => write_scalar(value, attribute.kind),
    }
}

/// A simple value: `null` is left out, a date written to a `dateTime` attribute is its
/// midnight in UTC.
fn write_scalar(value: &Value, kind: ScimType) -> Option<Json> {
    match (value, kind) {
        (Value::Null, _) => None,
        (Value::Date(date), ScimType::DateTime) => midnight_utc(*date)
            .map(|moment| Json::String(moment.to_string()))
            .or_else(|| Some(Json::String(date.to_string()))),
        (Value::Float(f), _) if !f.is_finite() => None,
        _ => Some(value.to_json()),
    }
}
