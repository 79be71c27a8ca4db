//! Source schemas: JSON Schema files and inline `source { ... }` blocks, loaded into the
//! type model.
