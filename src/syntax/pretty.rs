//! The canonical layout of a mapping file, used by `datamapper fmt`.
