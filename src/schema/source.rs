//! Source schemas: JSON Schema files and inline `source { ... }` blocks, loaded into the
//! type model.
//!
//! Only the parts of JSON Schema that describe the shape of a record matter here:
//! `type`, `properties`, `required`, `items`, `enum`, `format`, `nullable`, local `$ref`s
//! and `anyOf`/`oneOf` with `null`. Anything else (validation keywords, external refs,
//! unions of several types) loads as `any`, so the checker defers it to run time rather
//! than refusing a schema that is valid but richer than the type model.

use std::sync::Arc;

use serde_json::{Map, Value as Json};

use super::error::{pointer_join, SchemaError};
use super::types::{FieldType, ObjectType, Shape, Type};

pub use super::inline::from_inline;

/// How deeply schemas may nest (counting `$ref` expansions) before loading gives up;
/// keeps a hostile or runaway schema from exhausting the stack.
pub const MAX_SCHEMA_DEPTH: usize = 64;

/// The JSON Schema type names, for the did-you-mean on a misspelt `type`.
const JSON_TYPE_NAMES: [&str; 7] = [
    "string", "integer", "number", "boolean", "array", "object", "null",
];

/// Loads a JSON Schema describing one input record.
///
/// The top level must be an object schema. A property listed in `required` is non-null
/// unless its own type allows `null`; every other property may be null or absent.
///
/// ```
/// use datamapper::schema::source::load_json_schema;
/// let record = load_json_schema(r#"{
///   "type": "object",
///   "required": ["employee_id"],
///   "properties": {
///     "employee_id": { "type": "integer" },
///     "hire_date": { "type": "string", "format": "date" }
///   }
/// }"#).unwrap();
/// assert_eq!(record.field("employee_id").unwrap().ty.to_string(), "int");
/// assert_eq!(record.field("hire_date").unwrap().ty.to_string(), "date?");
/// ```
pub fn load_json_schema(text: &str) -> Result<ObjectType, SchemaError> {
    let root: Json = serde_json::from_str(text).map_err(|error| SchemaError::from_json(&error))?;
    let loader = Loader { root: &root };
    let ty = loader.schema_type(&root, "", 0, &mut Vec::new())?;
    match ty.shape {
        Shape::Object(object) => Ok(Arc::unwrap_or_clone(object)),
        _ => Err(SchemaError::at(
            "",
            "the top level of a source schema must be an object schema, \
             with \"type\": \"object\" and its \"properties\"",
        )),
    }
}

/// Walks one schema document; `root` is kept to resolve local `$ref`s.
struct Loader<'a> {
    root: &'a Json,
}

impl<'a> Loader<'a> {
    /// The type of the (sub)schema `schema` found at `pointer`.
    ///
    /// `refs` holds the references being expanded, so a recursive schema stops at the
    /// first repetition (as `any`) instead of expanding forever.
    fn schema_type(
        &self,
        schema: &'a Json,
        pointer: &str,
        depth: usize,
        refs: &mut Vec<&'a str>,
    ) -> Result<Type, SchemaError> {
        if depth > MAX_SCHEMA_DEPTH {
            return Err(SchemaError::at(
                pointer,
                format!("the schema is nested more than {MAX_SCHEMA_DEPTH} levels deep"),
            ));
        }
        let schema = match schema {
            // `true` accepts anything; `false` accepts nothing, which no record can match,
            // so `any` is as good a description as any.
            Json::Bool(_) => return Ok(Type::ANY),
            Json::Object(schema) => schema,
            _ => {
                return Err(SchemaError::at(
                    pointer,
                    format!("a schema must be a JSON object, found {}", describe(schema)),
                ))
            }
        };
        let ty = if let Some(reference) = schema.get("$ref") {
            self.reference_type(reference, pointer, depth, refs)?
        } else {
            self.plain_type(schema, pointer, depth, refs)?
        };
        if schema.get("nullable") == Some(&Json::Bool(true)) {
            return Ok(ty.or_null());
        }
        Ok(ty)
    }

    /// The type a `$ref` points to. Only references inside the same document are
    /// followed; others load as `any`.
    fn reference_type(
        &self,
        reference: &'a Json,
        pointer: &str,
        depth: usize,
        refs: &mut Vec<&'a str>,
    ) -> Result<Type, SchemaError> {
        let at = pointer_join(pointer, "$ref");
        let Json::String(reference) = reference else {
            return Err(SchemaError::at(&at, "\"$ref\" must be a string"));
        };
        let Some(target_pointer) = reference.strip_prefix('#') else {
            return Ok(Type::ANY);
        };
        if refs.contains(&reference.as_str()) {
            // A recursive type has no finite shape in the type model.
            return Ok(Type::ANY);
        }
        let Some(target) = self.root.pointer(target_pointer) else {
            return Err(SchemaError::at(
                &at,
                format!("\"$ref\": \"{reference}\" points to nothing in this file"),
            ));
        };
        refs.push(reference);
        let ty = self.schema_type(target, target_pointer, depth + 1, refs);
        refs.pop();
        ty
    }

    /// The type of a schema without `$ref`.
    fn plain_type(
        &self,
        schema: &'a Map<String, Json>,
        pointer: &str,
        depth: usize,
        refs: &mut Vec<&'a str>,
    ) -> Result<Type, SchemaError> {
        if let Some(enumeration) = schema.get("enum") {
            if let Some(ty) = enum_type(enumeration, &pointer_join(pointer, "enum"))? {
                return Ok(ty);
            }
        }
        if let Some(Json::String(constant)) = schema.get("const") {
            return Ok(Type::enumeration(vec![constant.clone()]));
        }
        let (names, allows_null) = match schema.get("type") {
            Some(names) => type_names(names, &pointer_join(pointer, "type"))?,
            None => (Vec::new(), false),
        };
        let ty = match names.as_slice() {
            [] if allows_null => Type::NULL,
            [] => self.untyped(schema, pointer, depth, refs)?,
            [name] => self.typed(name, schema, pointer, depth, refs)?,
            // Several types (`["string", "integer"]`) have no single shape.
            _ => Type::ANY,
        };
        Ok(if allows_null { ty.or_null() } else { ty })
    }

    /// The type of a schema without `type`: guessed from the keywords it does have.
    fn untyped(
        &self,
        schema: &'a Map<String, Json>,
        pointer: &str,
        depth: usize,
        refs: &mut Vec<&'a str>,
    ) -> Result<Type, SchemaError> {
        if schema.contains_key("properties") {
            return self.typed("object", schema, pointer, depth, refs);
        }
        if schema.contains_key("items") {
            return self.typed("array", schema, pointer, depth, refs);
        }
        for keyword in ["anyOf", "oneOf"] {
            if let Some(branches) = schema.get(keyword) {
                let at = pointer_join(pointer, keyword);
                return self.union_type(branches, &at, depth, refs);
            }
        }
        if let Some(Json::Array(branches)) = schema.get("allOf") {
            if let [only] = branches.as_slice() {
                let at = pointer_join(&pointer_join(pointer, "allOf"), "0");
                return self.schema_type(only, &at, depth + 1, refs);
            }
        }
        Ok(Type::ANY)
    }

    /// The type for one JSON Schema type name.
    fn typed(
        &self,
        name: &str,
        schema: &'a Map<String, Json>,
        pointer: &str,
        depth: usize,
        refs: &mut Vec<&'a str>,
    ) -> Result<Type, SchemaError> {
        Ok(match name {
            "string" => match schema.get("format").and_then(Json::as_str) {
                Some("date") => Type::DATE,
                Some("date-time") => Type::DATETIME,
                _ => Type::STRING,
            },
            "integer" => Type::INT,
            "number" => Type::FLOAT,
            "boolean" => Type::BOOL,
            "null" => Type::NULL,
            "array" => {
                let element = match schema.get("items") {
                    // A tuple (`"items": [...]`) has no single element type.
                    Some(items @ (Json::Object(_) | Json::Bool(_))) => {
                        let at = pointer_join(pointer, "items");
                        self.schema_type(items, &at, depth + 1, refs)?
                    }
                    _ => Type::ANY,
                };
                Type::list(element)
            }
            _ => self.object_type(schema, pointer, depth, refs)?,
        })
    }

    /// The type of an object schema. An object without `properties` may hold anything,
    /// so it is `any` unless it is the record itself.
    fn object_type(
        &self,
        schema: &'a Map<String, Json>,
        pointer: &str,
        depth: usize,
        refs: &mut Vec<&'a str>,
    ) -> Result<Type, SchemaError> {
        let properties = match schema.get("properties") {
            Some(Json::Object(properties)) => properties,
            Some(other) => {
                return Err(SchemaError::at(
                    &pointer_join(pointer, "properties"),
                    format!(
                        "\"properties\" must be an object, found {}",
                        describe(other)
                    ),
                ))
            }
            None if depth == 0 => return Ok(Type::object(Vec::new())),
            None => return Ok(Type::ANY),
        };
        let required = required_names(schema, pointer)?;
        let properties_pointer = pointer_join(pointer, "properties");
        let mut fields = Vec::with_capacity(properties.len());
        for (name, property) in properties {
            let at = pointer_join(&properties_pointer, name);
            let ty = self.schema_type(property, &at, depth + 1, refs)?;
            let ty = if required.contains(&name.as_str()) {
                ty
            } else {
                ty.or_null()
            };
            fields.push(FieldType {
                name: name.clone(),
                ty,
            });
        }
        Ok(Type::object(fields))
    }

    /// `anyOf`/`oneOf`: a single type, possibly together with `null`, is that type
    /// (nullable); a union of several types is `any`.
    fn union_type(
        &self,
        branches: &'a Json,
        pointer: &str,
        depth: usize,
        refs: &mut Vec<&'a str>,
    ) -> Result<Type, SchemaError> {
        let Json::Array(branches) = branches else {
            return Err(SchemaError::at(pointer, "must be a list of schemas"));
        };
        let mut allows_null = false;
        let mut types = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            let at = pointer_join(pointer, &index.to_string());
            let ty = self.schema_type(branch, &at, depth + 1, refs)?;
            if ty.shape == Shape::Null {
                allows_null = true;
            } else {
                types.push(ty);
            }
        }
        let ty = match types.as_slice() {
            [] => Type::NULL,
            [only] => only.clone(),
            _ => Type::ANY,
        };
        Ok(if allows_null { ty.or_null() } else { ty })
    }
}

/// The names in `type` (a string or a list of strings), with `null` taken out and
/// reported as the second value.
fn type_names(names: &Json, pointer: &str) -> Result<(Vec<String>, bool), SchemaError> {
    let listed: Vec<(String, String)> = match names {
        Json::String(name) => vec![(name.clone(), pointer.to_string())],
        Json::Array(names) => names
            .iter()
            .enumerate()
            .map(|(index, name)| match name {
                Json::String(name) => Ok((name.clone(), pointer_join(pointer, &index.to_string()))),
                other => Err(SchemaError::at(
                    &pointer_join(pointer, &index.to_string()),
                    format!("a type name must be a string, found {}", describe(other)),
                )),
            })
            .collect::<Result<_, _>>()?,
        other => {
            return Err(SchemaError::at(
                pointer,
                format!(
                    "\"type\" must be a type name or a list of them, found {}",
                    describe(other)
                ),
            ))
        }
    };
    let mut allows_null = false;
    let mut kept = Vec::new();
    for (name, at) in listed {
        if !JSON_TYPE_NAMES.contains(&name.as_str()) {
            return Err(unknown_json_type(&name, &at));
        }
        if name == "null" {
            allows_null = true;
        } else if !kept.contains(&name) {
            kept.push(name);
        }
    }
    Ok((kept, allows_null))
}

fn unknown_json_type(name: &str, pointer: &str) -> SchemaError {
    let hint = match crate::check::suggest::did_you_mean(name, JSON_TYPE_NAMES) {
        Some(suggestion) => format!("did you mean \"{suggestion}\"? "),
        None => String::new(),
    };
    SchemaError::at(
        pointer,
        format!(
            "\"{name}\" is not a JSON Schema type; {hint}the types are {}",
            JSON_TYPE_NAMES.join(", ")
        ),
    )
}

/// A string enum (with or without `null` among the values) as an enum type; an enum of
/// other values gives `None`, leaving the type to `type`.
fn enum_type(enumeration: &Json, pointer: &str) -> Result<Option<Type>, SchemaError> {
    let Json::Array(values) = enumeration else {
        return Err(SchemaError::at(
            pointer,
            format!("\"enum\" must be a list, found {}", describe(enumeration)),
        ));
    };
    let mut strings = Vec::with_capacity(values.len());
    let mut allows_null = false;
    for value in values {
        match value {
            Json::String(text) if !strings.contains(text) => strings.push(text.clone()),
            Json::String(_) => {}
            Json::Null => allows_null = true,
            _ => return Ok(None),
        }
    }
    if strings.is_empty() {
        return Ok(None);
    }
    let ty = Type::enumeration(strings);
    Ok(Some(if allows_null { ty.or_null() } else { ty }))
}

/// The names in `required`.
fn required_names<'s>(
    schema: &'s Map<String, Json>,
    pointer: &str,
) -> Result<Vec<&'s str>, SchemaError> {
    let at = pointer_join(pointer, "required");
    match schema.get("required") {
        None => Ok(Vec::new()),
        Some(Json::Array(names)) => names
            .iter()
            .enumerate()
            .map(|(index, name)| {
                name.as_str().ok_or_else(|| {
                    SchemaError::at(
                        &pointer_join(&at, &index.to_string()),
                        format!("a required name must be a string, found {}", describe(name)),
                    )
                })
            })
            .collect(),
        Some(other) => Err(SchemaError::at(
            &at,
            format!(
                "\"required\" must be a list of property names, found {}",
                describe(other)
            ),
        )),
    }
}

/// A JSON value described for an error message: `a number (3)`.
pub(crate) fn describe(value: &Json) -> String {
    match value {
        Json::Null => "null".to_string(),
        Json::Bool(value) => format!("a boolean ({value})"),
        Json::Number(value) => format!("a number ({value})"),
        Json::String(value) => format!("a string (\"{value}\")"),
        Json::Array(_) => "a list".to_string(),
        Json::Object(_) => "an object".to_string(),
    }
}

#[cfg(test)]
#[path = "source_tests.rs"]
mod tests;
