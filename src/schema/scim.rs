//! Loading SCIM `/Schemas` documents (RFC 7643 section 7) into the target model. The
//! built-in `plek` target is `schemas/plek.json`, loaded the same way as a customer's file.

use super::target::{Mutability, ScimAttribute, ScimSchema, ScimType, TargetSchema};
use super::SchemaError;
use serde_json::Value as Json;

const CORE_USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE_USER: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// The key by which an extension schema declares its prefix in mapping rules.
pub const PREFIX_KEY: &str = "x-datamapper-prefix";

static PLEK_SCHEMAS: &str = include_str!("../../schemas/plek.json");

/// The built-in target: SCIM core User (with `externalId` required, as Plek syncs on it)
/// and the Enterprise User extension.
///
/// ```
/// let plek = datamapper::schema::target::plek();
/// assert!(plek.core().attribute("userName").is_some_and(|a| a.required));
/// assert!(plek.extension("enterprise").is_some());
/// ```
pub fn plek() -> TargetSchema {
    match load_target_schema(PLEK_SCHEMAS) {
        Ok(schema) => schema,
        // The embedded document is tested; reaching this is a build of a broken tree.
        Err(error) => unreachable!("schemas/plek.json does not load: {error}"),
    }
}

/// Loads a `/Schemas` document: a ListResponse with `Resources`, a bare array of schemas,
/// or one schema object. The core User schema must be present; it comes first.
pub fn load_target_schema(text: &str) -> Result<TargetSchema, SchemaError> {
    let json: Json = serde_json::from_str(text).map_err(|error| SchemaError::from_json(&error))?;
    let (resources, base) = match &json {
        Json::Array(items) => (items.as_slice(), ""),
        Json::Object(object) => match object.get("Resources") {
            Some(Json::Array(items)) => (items.as_slice(), "/Resources"),
            Some(_) => {
                return Err(SchemaError::at(
                    "/Resources",
                    "`Resources` must be a list of schemas",
                ))
            }
            None => (std::slice::from_ref(&json), ""),
        },
        _ => {
            return Err(SchemaError::at(
                "",
                "a /Schemas document is a list of schemas or an object with `Resources`",
            ))
        }
    };
    let mut schemas = Vec::new();
    for (index, resource) in resources.iter().enumerate() {
        let pointer = if base.is_empty() && resources.len() == 1 && json.is_object() {
            String::new()
        } else {
            format!("{base}/{index}")
        };
        schemas.push(load_schema(resource, &pointer)?);
    }
    let core = schemas
        .iter()
        .position(|schema| schema.id == CORE_USER)
        .ok_or_else(|| {
            SchemaError::at(
                base,
                format!("the document has no core User schema ({CORE_USER})"),
            )
        })?;
    let core = schemas.remove(core);
    schemas.insert(0, core);
    Ok(TargetSchema { schemas })
}

fn load_schema(json: &Json, pointer: &str) -> Result<ScimSchema, SchemaError> {
    let id = text_field(json, "id", pointer)?.to_string();
    let name = json
        .get("name")
        .and_then(Json::as_str)
        .unwrap_or(&id)
        .to_string();
    let prefix = if id == CORE_USER {
        None
    } else if let Some(prefix) = json.get(PREFIX_KEY).and_then(Json::as_str) {
        Some(prefix.to_string())
    } else if id == ENTERPRISE_USER {
        Some("enterprise".to_string())
    } else {
        return Err(SchemaError::at(
            pointer,
            format!("the extension {id} needs a prefix for mapping rules: add \"{PREFIX_KEY}\": \"acme\" to it"),
        ));
    };
    let attributes = attribute_list(json, pointer, 0)?;
    Ok(ScimSchema {
        id,
        name,
        prefix,
        attributes,
    })
}

fn attribute_list(
    json: &Json,
    pointer: &str,
    depth: usize,
) -> Result<Vec<ScimAttribute>, SchemaError> {
    let key = if depth == 0 {
        "attributes"
    } else {
        "subAttributes"
    };
    let Some(list) = json.get(key) else {
        return Ok(Vec::new());
    };
    let Json::Array(items) = list else {
        return Err(SchemaError::at(
            &format!("{pointer}/{key}"),
            format!("`{key}` must be a list"),
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| load_attribute(item, &format!("{pointer}/{key}/{index}"), depth))
        .collect()
}

fn load_attribute(json: &Json, pointer: &str, depth: usize) -> Result<ScimAttribute, SchemaError> {
    if depth > 1 {
        return Err(SchemaError::at(
            pointer,
            "SCIM sub-attributes cannot have sub-attributes of their own",
        ));
    }
    let name = text_field(json, "name", pointer)?.to_string();
    let kind = match text_field(json, "type", pointer)? {
        "string" => ScimType::String,
        "boolean" => ScimType::Boolean,
        "decimal" => ScimType::Decimal,
        "integer" => ScimType::Integer,
        "dateTime" => ScimType::DateTime,
        "binary" => ScimType::Binary,
        "reference" => ScimType::Reference,
        "complex" => ScimType::Complex,
        other => {
            return Err(SchemaError::at(
                &format!("{pointer}/type"),
                format!("{other:?} is not a SCIM type (string, boolean, decimal, integer, dateTime, binary, reference, complex)"),
            ))
        }
    };
    let mutability = match json
        .get("mutability")
        .and_then(Json::as_str)
        .unwrap_or("readWrite")
    {
        "readOnly" => Mutability::ReadOnly,
        "writeOnly" => Mutability::WriteOnly,
        "immutable" => Mutability::Immutable,
        _ => Mutability::ReadWrite,
    };
    let canonical_values = json
        .get("canonicalValues")
        .and_then(Json::as_array)
        .map(|values| {
            values
                .iter()
                .filter_map(Json::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Ok(ScimAttribute {
        name,
        kind,
        multi_valued: json
            .get("multiValued")
            .and_then(Json::as_bool)
            .unwrap_or(false),
        required: json
            .get("required")
            .and_then(Json::as_bool)
            .unwrap_or(false),
        canonical_values,
        sub_attributes: attribute_list(json, pointer, depth + 1)?,
        mutability,
        description: json
            .get("description")
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_string(),
    })
}

fn text_field<'a>(json: &'a Json, key: &str, pointer: &str) -> Result<&'a str, SchemaError> {
    json.get(key)
        .and_then(Json::as_str)
        .ok_or_else(|| SchemaError::at(pointer, format!("missing text field `{key}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plek_has_core_and_enterprise_with_their_shapes() {
        let plek = plek();
        assert_eq!(plek.schemas.len(), 2);
        let core = plek.core();
        assert_eq!(core.id, CORE_USER);
        let emails = core.attribute("emails").unwrap();
        assert!(emails.multi_valued);
        assert_eq!(
            emails.sub_attribute("type").unwrap().canonical_values,
            ["work", "home", "other"]
        );
        assert!(core.attribute("userName").unwrap().required);
        assert!(core.attribute("externalId").unwrap().required);
        assert_eq!(core.attribute("active").unwrap().kind, ScimType::Boolean);
        assert_eq!(
            core.attribute("id").unwrap().mutability,
            Mutability::ReadOnly
        );
        assert!(core
            .attribute("name")
            .unwrap()
            .sub_attribute("givenName")
            .is_some());
        let enterprise = plek.extension("enterprise").unwrap();
        assert!(enterprise
            .attribute("manager")
            .unwrap()
            .sub_attribute("value")
            .is_some());
    }

    #[test]
    fn extension_needs_a_prefix() {
        let document = format!(
            r#"[{{"id": "{CORE_USER}", "attributes": []}},
                {{"id": "urn:acme:User", "attributes": []}}]"#
        );
        let error = load_target_schema(&document).unwrap_err();
        assert!(error.message.contains(PREFIX_KEY), "{error}");
        assert_eq!(error.pointer.as_deref(), Some("/1"));
    }

    #[test]
    fn customer_extension_with_prefix_loads_after_core() {
        let document = format!(
            r#"{{"Resources": [
                {{"id": "urn:acme:User", "{PREFIX_KEY}": "acme",
                  "attributes": [{{"name": "badgeNumber", "type": "integer"}}]}},
                {{"id": "{CORE_USER}", "attributes": [{{"name": "userName", "type": "string", "required": true}}]}}
            ]}}"#
        );
        let target = load_target_schema(&document).unwrap();
        assert_eq!(target.core().id, CORE_USER);
        let acme = target.extension("acme").unwrap();
        assert_eq!(
            acme.attribute("badgeNumber").unwrap().kind,
            ScimType::Integer
        );
    }

    #[test]
    fn bad_documents_say_where() {
        let error = load_target_schema("{\n  \"Resources\": [,]\n}").unwrap_err();
        assert_eq!(error.line_column, Some((2, 17)));
        let document = format!(
            r#"[{{"id": "{CORE_USER}", "attributes": [{{"name": "x", "type": "text"}}]}}]"#
        );
        let error = load_target_schema(&document).unwrap_err();
        assert_eq!(error.pointer.as_deref(), Some("/0/attributes/0/type"));
        assert!(load_target_schema("[]")
            .unwrap_err()
            .message
            .contains("core User"));
    }
}
