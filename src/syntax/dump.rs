//! A span-free, indented dump of the AST for snapshot tests and round-trip comparison.
