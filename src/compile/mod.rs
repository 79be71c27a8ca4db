//! Lowers a `CheckedMapping` into a `Program` that is cheap to run per record.
