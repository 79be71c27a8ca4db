//! Fuzz target: `datamapper_fuzz::source_schema` on arbitrary bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| datamapper_fuzz::source_schema(data));
