//! Schemas: the type model, source schemas (JSON Schema or inline) and SCIM targets.

pub mod source;
pub mod target;
pub mod types;

pub use types::{FieldType, ObjectType, Shape, Type};
