//! The target side: SCIM schemas (RFC 7643) loaded from a `/Schemas`-shaped JSON
//! document. The built-in `plek` target is such a document kept in this repository.

pub use super::scim::{load_target_schema, plek};

/// All SCIM schemas a mapping can write to: the core User schema first, then extensions.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetSchema {
    pub schemas: Vec<ScimSchema>,
}

/// One SCIM schema (the core User or an extension).
#[derive(Clone, Debug, PartialEq)]
pub struct ScimSchema {
    /// The schema URN, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`.
    pub id: String,
    pub name: String,
    /// The short prefix used in mapping rules: `None` for the core schema,
    /// `Some("enterprise")` for the Enterprise User extension.
    pub prefix: Option<String>,
    pub attributes: Vec<ScimAttribute>,
}

/// One attribute (or sub-attribute) of a SCIM schema.
#[derive(Clone, Debug, PartialEq)]
pub struct ScimAttribute {
    pub name: String,
    pub kind: ScimType,
    pub multi_valued: bool,
    pub required: bool,
    pub canonical_values: Vec<String>,
    pub sub_attributes: Vec<ScimAttribute>,
    /// `readWrite`, `readOnly`, `writeOnly` or `immutable`.
    pub mutability: Mutability,
    pub description: String,
}

/// Whether a client may write an attribute (RFC 7643 section 7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mutability {
    ReadWrite,
    ReadOnly,
    WriteOnly,
    Immutable,
}

/// SCIM attribute data types (RFC 7643 section 2.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScimType {
    String,
    Boolean,
    Decimal,
    Integer,
    DateTime,
    Binary,
    Reference,
    Complex,
}

impl ScimSchema {
    /// Finds an attribute by name, ignoring case as SCIM does.
    pub fn attribute(&self, name: &str) -> Option<&ScimAttribute> {
        self.attributes
            .iter()
            .find(|attribute| attribute.name.eq_ignore_ascii_case(name))
    }
}

impl ScimAttribute {
    /// Finds a sub-attribute by name, ignoring case as SCIM does.
    pub fn sub_attribute(&self, name: &str) -> Option<&ScimAttribute> {
        self.sub_attributes
            .iter()
            .find(|attribute| attribute.name.eq_ignore_ascii_case(name))
    }
}

impl TargetSchema {
    /// The core schema (always first).
    pub fn core(&self) -> &ScimSchema {
        &self.schemas[0]
    }

    /// The extension with this rule prefix (`enterprise`).
    pub fn extension(&self, prefix: &str) -> Option<&ScimSchema> {
        self.schemas
            .iter()
            .skip(1)
            .find(|schema| schema.prefix.as_deref() == Some(prefix))
    }
}
