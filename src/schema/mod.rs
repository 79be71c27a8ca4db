//! Schemas: the type model, source schemas (JSON Schema or inline) and SCIM targets.

pub mod error;
pub mod inline;
pub mod source;
pub mod target;
pub mod types;

pub use error::SchemaError;
pub use types::{FieldType, ObjectType, Shape, Type};
