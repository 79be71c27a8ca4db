//! Fuzz target: `datamapper_fuzz::input` on arbitrary bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| datamapper_fuzz::input(data));
