//! Source schemas: JSON Schema files and inline `source { ... }` blocks, loaded into the
//! type model.
//!
//! From JSON Schema the parts that describe one HR record are read: `type` (with
//! `["string", "null"]` for nullable), `properties`, `required`, `items`, `enum`,
//! `format: date | date-time | email`, `nullable: true`, local `$ref`s, and `anyOf`/`oneOf`
//! of one type and `null`. A property not listed in `required` may be absent, so it is
//! nullable. Anything else is read as `any`, so an unusual schema still loads.

use super::types::{FieldType, ObjectType, Shape, Type};
use super::SchemaError;
use crate::check::suggest::did_you_mean;
use crate::diagnostics::{self as diag, Diagnostic};
use crate::syntax::ast::{FieldDecl, TypeExpr, TypeExprKind};
use serde_json::{Map, Value as Json};

/// Deeper than this, a schema is not describing an HR record (and could be a `$ref` loop).
const MAX_DEPTH: usize = 64;

/// Loads a JSON Schema of one record. The top level must describe an object.
///
/// ```
/// let schema = r#"{"type": "object", "required": ["id"],
///   "properties": {"id": {"type": "integer"}, "email": {"type": "string"}}}"#;
/// let record = datamapper::schema::source::load_json_schema(schema).unwrap();
/// assert_eq!(record.field("id").unwrap().ty.to_string(), "int");
/// assert_eq!(record.field("email").unwrap().ty.to_string(), "string?");
/// ```
pub fn load_json_schema(text: &str) -> Result<ObjectType, SchemaError> {
    let root: Json = serde_json::from_str(text).map_err(|error| SchemaError::from_json(&error))?;
    let loader = Loader { root: &root };
    let ty = loader.schema_type(&root, "", 0)?;
    match ty.shape {
        Shape::Object(object) => Ok((*object).clone()),
        _ => Err(SchemaError::at(
            "",
            "the schema must describe one record: a JSON object with `properties`",
        )),
    }
}

struct Loader<'a> {
    root: &'a Json,
}

impl Loader<'_> {
    fn schema_type(&self, schema: &Json, pointer: &str, depth: usize) -> Result<Type, SchemaError> {
        if depth > MAX_DEPTH {
            return Err(SchemaError::at(pointer, format!("the schema nests deeper than {MAX_DEPTH} levels (or a `$ref` refers to itself)")));
        }
        let object = match schema {
            Json::Object(object) => object,
            Json::Bool(_) => return Ok(Type::ANY),
            _ => return Err(SchemaError::at(pointer, "a schema must be an object")),
        };
        if let Some(reference) = object.get("$ref") {
            let target = self.resolve_ref(reference, pointer)?;
            return self.schema_type(target, &format!("{pointer}/$ref"), depth + 1);
        }
        if let Some(ty) = self.alternatives(object, pointer, depth)? {
            return Ok(ty);
        }
        let (names, mut nullable) = type_names(object, pointer)?;
        nullable |= object
            .get("nullable")
            .and_then(Json::as_bool)
            .unwrap_or(false);
        let shape = match names.as_slice() {
            [] if object.contains_key("properties") => self.object_shape(object, pointer, depth)?,
            [] if object.contains_key("enum") => enum_shape(object, pointer)?,
            [] => Shape::Any,
            [single] => self.shape_of(single, object, pointer, depth)?,
            _ => Shape::Any,
        };
        // `any` includes null; a `null`-only type is nothing but null.
        let nullable = nullable || matches!(shape, Shape::Any | Shape::Null);
        Ok(Type { shape, nullable })
    }

    fn shape_of(
        &self,
        name: &str,
        object: &Map<String, Json>,
        pointer: &str,
        depth: usize,
    ) -> Result<Shape, SchemaError> {
        Ok(match name {
            "string" if object.contains_key("enum") => enum_shape(object, pointer)?,
            "string" => match object.get("format").and_then(Json::as_str) {
                Some("date") => Shape::Date,
                Some("date-time") => Shape::DateTime,
                _ => Shape::String,
            },
            "integer" => Shape::Int,
            "number" => Shape::Float,
            "boolean" => Shape::Bool,
            "array" => {
                let element = match object.get("items") {
                    Some(items) => self.schema_type(items, &format!("{pointer}/items"), depth + 1)?,
                    None => Type::ANY,
                };
                Shape::List(Box::new(element))
            }
            "object" => self.object_shape(object, pointer, depth)?,
            "null" => Shape::Null,
            other => {
                return Err(SchemaError::at(
                    &format!("{pointer}/type"),
                    format!("{other:?} is not a JSON Schema type (string, integer, number, boolean, array, object, null)"),
                ))
            }
        })
    }

    fn object_shape(
        &self,
        object: &Map<String, Json>,
        pointer: &str,
        depth: usize,
    ) -> Result<Shape, SchemaError> {
        let required: Vec<&str> = object
            .get("required")
            .and_then(Json::as_array)
            .map(|names| names.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        let mut fields = Vec::new();
        if let Some(properties) = object.get("properties") {
            let Json::Object(properties) = properties else {
                return Err(SchemaError::at(
                    &format!("{pointer}/properties"),
                    "`properties` must be an object",
                ));
            };
            for (name, property) in properties {
                let property_pointer = format!("{pointer}/properties/{}", escape_pointer(name));
                let mut ty = self.schema_type(property, &property_pointer, depth + 1)?;
                // Absent properties read as null, so "not required" means "may be null".
                ty.nullable |= !required.contains(&name.as_str());
                fields.push(FieldType {
                    name: name.clone(),
                    ty,
                });
            }
        }
        Ok(Shape::Object(std::sync::Arc::new(ObjectType { fields })))
    }

    /// `anyOf`/`oneOf` of one type and `null` is that type, nullable; other mixes are `any`.
    fn alternatives(
        &self,
        object: &Map<String, Json>,
        pointer: &str,
        depth: usize,
    ) -> Result<Option<Type>, SchemaError> {
        for key in ["anyOf", "oneOf"] {
            let Some(Json::Array(options)) = object.get(key) else {
                continue;
            };
            let mut types = Vec::new();
            for (index, option) in options.iter().enumerate() {
                types.push(self.schema_type(
                    option,
                    &format!("{pointer}/{key}/{index}"),
                    depth + 1,
                )?);
            }
            let nullable = types
                .iter()
                .any(|ty| ty.shape == Shape::Null || ty.nullable);
            let mut non_null = types.into_iter().filter(|ty| ty.shape != Shape::Null);
            let ty = match (non_null.next(), non_null.next()) {
                (Some(only), None) => Type { nullable, ..only },
                (None, _) => Type::NULL,
                _ => Type::ANY,
            };
            return Ok(Some(ty));
        }
        Ok(None)
    }

    fn resolve_ref(&self, reference: &Json, pointer: &str) -> Result<&Json, SchemaError> {
        let text = reference.as_str().unwrap_or("");
        let Some(local) = text.strip_prefix('#') else {
            return Err(SchemaError::at(
                &format!("{pointer}/$ref"),
                format!(
                    "only references inside the same file (\"#/...\") are supported, not {text:?}"
                ),
            ));
        };
        self.root.pointer(local).ok_or_else(|| {
            SchemaError::at(
                &format!("{pointer}/$ref"),
                format!("the reference {text:?} points at nothing"),
            )
        })
    }
}

fn type_names<'a>(
    object: &'a Map<String, Json>,
    pointer: &str,
) -> Result<(Vec<&'a str>, bool), SchemaError> {
    match object.get("type") {
        None => Ok((Vec::new(), false)),
        Some(Json::String(name)) => Ok((vec![name.as_str()], name == "null")),
        Some(Json::Array(names)) => {
            let names: Vec<&str> = names.iter().filter_map(Json::as_str).collect();
            let nullable = names.contains(&"null");
            Ok((
                names.into_iter().filter(|name| *name != "null").collect(),
                nullable,
            ))
        }
        Some(_) => Err(SchemaError::at(
            &format!("{pointer}/type"),
            "`type` must be a name or a list of names",
        )),
    }
}

fn enum_shape(object: &Map<String, Json>, pointer: &str) -> Result<Shape, SchemaError> {
    let Some(Json::Array(values)) = object.get("enum") else {
        return Err(SchemaError::at(
            &format!("{pointer}/enum"),
            "`enum` must be a list",
        ));
    };
    let texts: Vec<String> = values
        .iter()
        .filter_map(Json::as_str)
        .map(str::to_string)
        .collect();
    // An enum of other kinds of values is read as its base type: only text enums are checked.
    if texts.len() + values.iter().filter(|v| v.is_null()).count() != values.len()
        || texts.is_empty()
    {
        return Ok(Shape::Any);
    }
    Ok(Shape::Enum(texts.into()))
}

fn escape_pointer(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The type names of inline source blocks.
const TYPE_NAMES: [&str; 7] = ["string", "int", "float", "bool", "date", "datetime", "any"];

/// Reads an inline `source { ... }` block. Unknown type names are reported and read as
/// the error type, so the rest of the mapping is still checked.
pub fn from_inline(fields: &[FieldDecl]) -> (ObjectType, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let object = inline_object(fields, &mut diagnostics);
    (object, diagnostics)
}

fn inline_object(fields: &[FieldDecl], diagnostics: &mut Vec<Diagnostic>) -> ObjectType {
    let mut object = ObjectType::default();
    for (index, field) in fields.iter().enumerate() {
        if let Some(first) = fields[..index]
            .iter()
            .find(|earlier| earlier.name.name == field.name.name)
        {
            diagnostics.push(diag::duplicate_field(
                field.name.span,
                &field.name.name,
                first.name.span,
            ));
            continue;
        }
        let ty = inline_type(&field.ty, diagnostics);
        object.fields.push(FieldType {
            name: field.name.name.clone(),
            ty,
        });
    }
    object
}

fn inline_type(ty: &TypeExpr, diagnostics: &mut Vec<Diagnostic>) -> Type {
    match &ty.kind {
        TypeExprKind::Named(name) => match name.name.as_str() {
            "string" => Type::STRING,
            "int" => Type::INT,
            "float" => Type::FLOAT,
            "bool" => Type::BOOL,
            "date" => Type::DATE,
            "datetime" => Type::DATETIME,
            "any" => Type::ANY,
            other => {
                let suggestion = did_you_mean(other, TYPE_NAMES);
                diagnostics.push(diag::unknown_type(
                    name.span,
                    other,
                    suggestion,
                    &TYPE_NAMES,
                ));
                Type::ERROR
            }
        },
        TypeExprKind::List(element) => Type::list(inline_type(element, diagnostics)),
        TypeExprKind::Object(fields) => Type::new(Shape::Object(std::sync::Arc::new(
            inline_object(fields, diagnostics),
        ))),
        TypeExprKind::Enum(values) => {
            Type::enumeration(values.iter().map(|value| value.value.clone()).collect())
        }
        TypeExprKind::Nullable(inner) => inline_type(inner, diagnostics).or_null(),
    }
}
