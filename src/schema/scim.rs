//! Loading SCIM `/Schemas` documents (RFC 7643 section 7) into the target model. The
//! built-in `plek` target is `schemas/plek.json`, loaded the same way as a customer's file.

use serde_json::{Map, Value as Json};

use super::error::{pointer_join, SchemaError};
use super::source::describe;
use super::target::{Mutability, ScimAttribute, ScimSchema, ScimType, TargetSchema};

const CORE_USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE_USER: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// The prefix of the standard schemas that describe other resources than users.
const CORE_PREFIX: &str = "urn:ietf:params:scim:schemas:core:2.0:";
/// The key by which an extension schema declares its prefix in mapping rules.
pub const PREFIX_KEY: &str = "x-datamapper-prefix";

const SCIM_TYPES: [&str; 8] = [
    "string",
    "boolean",
    "decimal",
    "integer",
    "dateTime",
    "binary",
    "reference",
    "complex",
];

static PLEK_SCHEMAS: &str = include_str!("../../schemas/plek.json");

/// The built-in target: SCIM core User (with `externalId` and `userName` required, as
/// Plek syncs on `externalId`) and the Enterprise User extension.
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

/// Loads a `/Schemas` document: a ListResponse with `Resources`, a bare list of schemas,
/// or one schema object.
///
/// The core User schema must be there; it comes first in the result, whatever its place
/// in the file. Other standard resource schemas (Group, ResourceType, ...), which a SCIM
/// server's `/Schemas` lists too, are left out. The Enterprise User extension gets the
/// prefix `enterprise`; every other extension must declare its prefix with
/// `"x-datamapper-prefix"`.
pub fn load_target_schema(text: &str) -> Result<TargetSchema, SchemaError> {
    let json: Json = serde_json::from_str(text).map_err(|error| SchemaError::from_json(&error))?;
    let (resources, base) = resource_list(&json)?;
    let mut schemas: Vec<ScimSchema> = Vec::new();
    let mut pointers = Vec::new();
    for (pointer, resource) in resources {
        let Some(schema) = load_schema(resource, &pointer)? else {
            continue;
        };
        check_unique(&schemas, &schema, &pointer)?;
        schemas.push(schema);
        pointers.push(pointer);
    }
    let Some(core) = schemas.iter().position(|schema| schema.id == CORE_USER) else {
        return Err(SchemaError::at(
            base,
            format!("the document has no core User schema ({CORE_USER})"),
        ));
    };
    for (schema, pointer) in schemas.iter().zip(&pointers) {
        check_prefix_against_core(&schemas[core], schema, pointer)?;
    }
    let core = schemas.remove(core);
    schemas.insert(0, core);
    Ok(TargetSchema { schemas })
}

/// The items of a list of schemas, each with its JSON pointer.
fn numbered<'j>(list_pointer: &str, items: &'j [Json]) -> Vec<Located<'j>> {
    items
        .iter()
        .enumerate()
        .map(|(index, item)| (pointer_join(list_pointer, &index.to_string()), item))
        .collect()
}

/// A schema object of the document with its JSON pointer.
type Located<'j> = (String, &'j Json);

/// The schema objects in the document, each with its JSON pointer, and the pointer of
/// the list that holds them.
fn resource_list(json: &Json) -> Result<(Vec<Located<'_>>, &'static str), SchemaError> {
    match json {
        Json::Array(items) => Ok((numbered("", items), "")),
        Json::Object(object) => match object.get("Resources") {
            Some(Json::Array(items)) => Ok((numbered("/Resources", items), "/Resources")),
            Some(other) => Err(SchemaError::at(
                "/Resources",
                format!(
                    "\"Resources\" must be a list of schemas, found {}",
                    describe(other)
                ),
            )),
            None => Ok((vec![(String::new(), json)], "")),
        },
        other => Err(SchemaError::at(
            "",
            format!(
                "a /Schemas document is a list of schemas or an object with \"Resources\", \
                 found {}",
                describe(other)
            ),
        )),
    }
}

/// One schema object; `None` for a standard schema of another resource than users.
fn load_schema(json: &Json, pointer: &str) -> Result<Option<ScimSchema>, SchemaError> {
    let Json::Object(object) = json else {
        return Err(SchemaError::at(
            pointer,
            format!("a schema must be a JSON object, found {}", describe(json)),
        ));
    };
    let id = text_field(object, "id", pointer)?.to_string();
    if id != CORE_USER && id.starts_with(CORE_PREFIX) {
        return Ok(None);
    }
    let name = match object.get("name") {
        Some(_) => text_field(object, "name", pointer)?.to_string(),
        None => id.clone(),
    };
    let prefix = schema_prefix(object, &id, pointer)?;
    let attributes = attribute_list(object, "attributes", pointer, 0)?;
    Ok(Some(ScimSchema {
        id,
        name,
        prefix,
        attributes,
    }))
}

/// The prefix mapping rules use for this schema: none for the core schema.
fn schema_prefix(
    object: &Map<String, Json>,
    id: &str,
    pointer: &str,
) -> Result<Option<String>, SchemaError> {
    if id == CORE_USER {
        return Ok(None);
    }
    if object.contains_key(PREFIX_KEY) {
        let prefix = text_field(object, PREFIX_KEY, pointer)?;
        if !is_identifier(prefix) {
            return Err(SchemaError::at(
                &pointer_join(pointer, PREFIX_KEY),
                format!(
                    "the prefix \"{prefix}\" cannot be used in mapping rules: use letters, \
                     digits and `_`, starting with a letter"
                ),
            ));
        }
        return Ok(Some(prefix.to_string()));
    }
    if id == ENTERPRISE_USER {
        return Ok(Some("enterprise".to_string()));
    }
    Err(SchemaError::at(
        pointer,
        format!(
            "the extension {id} needs a short prefix for mapping rules: add \
             \"{PREFIX_KEY}\": \"acme\" (with a name of your choice) to this schema"
        ),
    ))
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && chars.all(|rest| rest.is_ascii_alphanumeric() || rest == '_')
}

/// Schema ids and extension prefixes must be unique.
fn check_unique(
    earlier: &[ScimSchema],
    schema: &ScimSchema,
    pointer: &str,
) -> Result<(), SchemaError> {
    if earlier.iter().any(|other| other.id == schema.id) {
        return Err(SchemaError::at(
            pointer,
            format!("the schema {} is in the document twice", schema.id),
        ));
    }
    let Some(prefix) = &schema.prefix else {
        return Ok(());
    };
    if let Some(other) = earlier
        .iter()
        .find(|other| other.prefix.as_ref() == Some(prefix))
    {
        return Err(SchemaError::at(
            pointer,
            format!(
                "the prefix \"{prefix}\" is already used by {}; give this extension \
                 another \"{PREFIX_KEY}\"",
                other.id
            ),
        ));
    }
    Ok(())
}

/// A prefix may not hide a core attribute: `name.givenName` must keep meaning the core
/// `name`.
fn check_prefix_against_core(
    core: &ScimSchema,
    schema: &ScimSchema,
    pointer: &str,
) -> Result<(), SchemaError> {
    let Some(prefix) = &schema.prefix else {
        return Ok(());
    };
    match core.attribute(prefix) {
        Some(attribute) => Err(SchemaError::at(
            pointer,
            format!(
                "the prefix \"{prefix}\" is also the core attribute `{}`; give this \
                 extension another \"{PREFIX_KEY}\"",
                attribute.name
            ),
        )),
        None => Ok(()),
    }
}

/// `attributes` of a schema or `subAttributes` of a complex attribute.
fn attribute_list(
    object: &Map<String, Json>,
    key: &str,
    pointer: &str,
    depth: usize,
) -> Result<Vec<ScimAttribute>, SchemaError> {
    let at = pointer_join(pointer, key);
    let items = match object.get(key) {
        None => return Ok(Vec::new()),
        Some(Json::Array(items)) => items,
        Some(other) => {
            return Err(SchemaError::at(
                &at,
                format!("\"{key}\" must be a list, found {}", describe(other)),
            ))
        }
    };
    let mut attributes: Vec<ScimAttribute> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let item_pointer = pointer_join(&at, &index.to_string());
        let attribute = load_attribute(item, &item_pointer, depth)?;
        // SCIM names are case-insensitive, so `Title` and `title` are the same attribute.
        if attributes
            .iter()
            .any(|other| other.name.eq_ignore_ascii_case(&attribute.name))
        {
            return Err(SchemaError::at(
                &item_pointer,
                format!("the attribute `{}` is declared twice", attribute.name),
            ));
        }
        attributes.push(attribute);
    }
    Ok(attributes)
}

fn load_attribute(json: &Json, pointer: &str, depth: usize) -> Result<ScimAttribute, SchemaError> {
    let Json::Object(object) = json else {
        return Err(SchemaError::at(
            pointer,
            format!(
                "an attribute must be a JSON object, found {}",
                describe(json)
            ),
        ));
    };
    let name = text_field(object, "name", pointer)?.to_string();
    let kind = scim_type(object, pointer)?;
    let sub_attributes = if kind == ScimType::Complex {
        if depth > 0 {
            return Err(SchemaError::at(
                &pointer_join(pointer, "type"),
                "a sub-attribute cannot be complex: SCIM allows one level of sub-attributes",
            ));
        }
        attribute_list(object, "subAttributes", pointer, depth + 1)?
    } else {
        Vec::new()
    };
    Ok(ScimAttribute {
        name,
        kind,
        multi_valued: flag(object, "multiValued", pointer)?,
        required: flag(object, "required", pointer)?,
        canonical_values: canonical_values(object, pointer)?,
        sub_attributes,
        mutability: mutability(object, pointer)?,
        description: match object.get("description") {
            Some(_) => text_field(object, "description", pointer)?.to_string(),
            None => String::new(),
        },
    })
}

fn scim_type(object: &Map<String, Json>, pointer: &str) -> Result<ScimType, SchemaError> {
    Ok(match text_field(object, "type", pointer)? {
        "string" => ScimType::String,
        "boolean" => ScimType::Boolean,
        "decimal" => ScimType::Decimal,
        "integer" => ScimType::Integer,
        "dateTime" => ScimType::DateTime,
        "binary" => ScimType::Binary,
        "reference" => ScimType::Reference,
        "complex" => ScimType::Complex,
        other => {
            let hint = match crate::check::suggest::did_you_mean(other, SCIM_TYPES) {
                Some(close) => format!("did you mean \"{close}\"? "),
                None => String::new(),
            };
            return Err(SchemaError::at(
                &pointer_join(pointer, "type"),
                format!(
                    "\"{other}\" is not a SCIM type; {hint}the types are {}",
                    SCIM_TYPES.join(", ")
                ),
            ));
        }
    })
}

fn mutability(object: &Map<String, Json>, pointer: &str) -> Result<Mutability, SchemaError> {
    if !object.contains_key("mutability") {
        return Ok(Mutability::ReadWrite);
    }
    Ok(match text_field(object, "mutability", pointer)? {
        "readWrite" => Mutability::ReadWrite,
        "readOnly" => Mutability::ReadOnly,
        "writeOnly" => Mutability::WriteOnly,
        "immutable" => Mutability::Immutable,
        other => {
            return Err(SchemaError::at(
                &pointer_join(pointer, "mutability"),
                format!(
                    "\"{other}\" is not a mutability; it is one of readWrite, readOnly, \
                     writeOnly, immutable"
                ),
            ))
        }
    })
}

fn canonical_values(object: &Map<String, Json>, pointer: &str) -> Result<Vec<String>, SchemaError> {
    let at = pointer_join(pointer, "canonicalValues");
    let values = match object.get("canonicalValues") {
        None => return Ok(Vec::new()),
        Some(Json::Array(values)) => values,
        Some(other) => {
            return Err(SchemaError::at(
                &at,
                format!(
                    "\"canonicalValues\" must be a list, found {}",
                    describe(other)
                ),
            ))
        }
    };
    values
        .iter()
        .enumerate()
        .map(|(index, value)| match value {
            Json::String(text) => Ok(text.clone()),
            other => Err(SchemaError::at(
                &pointer_join(&at, &index.to_string()),
                format!(
                    "a canonical value must be a string, found {}",
                    describe(other)
                ),
            )),
        })
        .collect()
}

/// A boolean characteristic such as `required`; absent means `false` (RFC 7643 section 2.2).
fn flag(object: &Map<String, Json>, key: &str, pointer: &str) -> Result<bool, SchemaError> {
    match object.get(key) {
        None => Ok(false),
        Some(Json::Bool(value)) => Ok(*value),
        Some(other) => Err(SchemaError::at(
            &pointer_join(pointer, key),
            format!("\"{key}\" must be true or false, found {}", describe(other)),
        )),
    }
}

fn text_field<'a>(
    object: &'a Map<String, Json>,
    key: &str,
    pointer: &str,
) -> Result<&'a str, SchemaError> {
    match object.get(key) {
        Some(Json::String(text)) => Ok(text),
        Some(other) => Err(SchemaError::at(
            &pointer_join(pointer, key),
            format!("\"{key}\" must be text, found {}", describe(other)),
        )),
        None => Err(SchemaError::at(
            pointer,
            format!("the \"{key}\" of this schema part is missing"),
        )),
    }
}

#[cfg(test)]
#[path = "scim_tests.rs"]
mod tests;
