//! Runs a compiled program over records: evaluation, `unique`, SCIM user assembly and
//! record outcomes.
