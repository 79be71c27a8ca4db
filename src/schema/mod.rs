//! Schemas: the type model, source schemas (JSON Schema or inline), SCIM targets, and
//! CSV lookup tables.

mod error;
pub mod infer;
pub mod inline;
pub mod scim;
pub mod source;
pub mod table;
pub mod target;
pub mod types;

pub use error::SchemaError;
pub use types::{FieldType, ObjectType, Shape, Type};
