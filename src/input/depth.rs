//! The nesting depth limit of records: how deep arrays and objects nest, counted on the
//! bytes before a record is parsed, so a parse never recurses deeper than the limit.
//!
//! Depth counts levels of arrays and objects: the record object itself is level 1,
//! `{"a": {"b": 1}}` is 2 deep and `{"a": [{"b": 1}]}` is 3 deep. Brackets inside
//! strings do not count.

use super::scan::Nesting;
use super::{raw_text, BadRecord};

/// The default of `--max-depth`, and the deepest it may be set to.
///
/// Records are parsed by recursive descent and every later walk of a record (mapping,
/// writing rejects, `schema infer`, dropping it) recurses once per level, so the limit
/// is what keeps the stack safe. 128 levels are proven to fit a 2 MiB thread stack in
/// debug builds (`tests/limits.rs`); HR records nest a few levels, SCIM users three.
pub const MAX_DEPTH: usize = 128;

/// Why a depth given for `--max-depth` is not allowed, or the depth.
pub fn parse_max_depth(text: &str) -> Result<usize, String> {
    let too_deep = || {
        format!("the largest depth allowed is {MAX_DEPTH} (deeper records could exhaust the stack)")
    };
    let digits = text.trim();
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(format!("{text:?} is not a whole number of levels"));
    }
    match digits.parse::<usize>() {
        Ok(0) => Err("the record object itself is level 1, so the depth must be at least 1".into()),
        Ok(depth) if depth <= MAX_DEPTH => Ok(depth),
        // Too many digits for a number is too deep as well.
        _ => Err(too_deep()),
    }
}

/// The reject for a record that nests deeper than `limit`; `None` when it does not.
/// Only text that could be too deep (more opening brackets than the limit) is scanned.
pub(crate) fn too_deep(bytes: &[u8], limit: usize) -> Option<BadRecord> {
    if opening_brackets(bytes) <= limit {
        return None;
    }
    let depth = nesting_depth(bytes);
    (depth > limit).then(|| BadRecord {
        reason: format!("the record nests {depth} levels deep; the limit is {limit} (--max-depth)"),
        raw: raw_text(bytes, 0),
    })
}

/// How many `[` and `{` the text holds, inside strings or not: never less than its
/// depth. Counted in chunks of bytes so that the loop is vectorised.
fn opening_brackets(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            // `[` and `{` differ only in bit 0x20; no other byte becomes `{` with it set.
            let in_chunk: u8 = chunk
                .iter()
                .map(|&byte| u8::from(byte | 0x20 == b'{'))
                .sum();
            usize::from(in_chunk)
        })
        .sum()
}

/// The deepest nesting of arrays and objects in JSON text, outside strings. Brackets
/// are counted, not matched: text that is not JSON still gets a depth, never less than
/// a parser would reach before it failed.
pub(crate) fn nesting_depth(bytes: &[u8]) -> usize {
    let mut nesting = Nesting::default();
    let mut deepest = 0;
    for &byte in bytes {
        nesting.step(byte);
        deepest = deepest.max(nesting.depth);
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(levels: usize) -> String {
        format!(
            "{}{}{}",
            "{\"a\":".repeat(levels - 1),
            "{}",
            "}".repeat(levels - 1)
        )
    }

    #[test]
    fn the_record_object_is_level_one() {
        assert_eq!(nesting_depth(b"{}"), 1);
        assert_eq!(nesting_depth(br#"{"a": 1, "b": "x"}"#), 1);
        assert_eq!(nesting_depth(br#"{"a": {"b": 1}}"#), 2);
        assert_eq!(nesting_depth(br#"{"a": [{"b": 1}], "c": {}}"#), 3);
        assert_eq!(nesting_depth(b"1"), 0);
        assert_eq!(nesting_depth(nested(129).as_bytes()), 129);
    }

    #[test]
    fn brackets_in_strings_do_not_count() {
        assert_eq!(nesting_depth(br#"{"[[{": "{{[[\"{["}"#), 1);
        assert_eq!(nesting_depth(br#"{"a\\": {"b": "\\"}}"#), 2);
    }

    #[test]
    fn unmatched_brackets_still_count() {
        assert_eq!(nesting_depth(b"[[[[}"), 4);
        assert_eq!(nesting_depth(b"]]]{"), 1);
        assert_eq!(nesting_depth(b"{\"a"), 1);
    }

    #[test]
    fn opening_brackets_bound_the_depth_from_above() {
        let text = format!("{}\"{}\"", "[".repeat(300), "{".repeat(700));
        assert_eq!(opening_brackets(text.as_bytes()), 1000);
        assert_eq!(opening_brackets(b"{}[]()<>;:"), 2);
        assert_eq!(opening_brackets(&[b'{'; 255 * 3 + 7]), 255 * 3 + 7);
    }

    #[test]
    fn records_deeper_than_the_limit_get_a_reject_with_the_depth_and_the_option() {
        assert_eq!(too_deep(nested(128).as_bytes(), 128), None);
        let bad = too_deep(nested(129).as_bytes(), 128).unwrap();
        assert_eq!(
            bad.reason,
            "the record nests 129 levels deep; the limit is 128 (--max-depth)"
        );
        assert_eq!(bad.raw, nested(129));
        assert_eq!(too_deep(nested(5).as_bytes(), 5), None);
        assert!(too_deep(nested(6).as_bytes(), 5).is_some());
        // Many brackets, but in strings or side by side: scanned, and within the limit.
        let wide = format!(
            "{{\"a\": [{}], \"b\": \"{}\"}}",
            "[],".repeat(200) + "[]",
            "{".repeat(200)
        );
        assert_eq!(too_deep(wide.as_bytes(), 3), None);
    }

    #[test]
    fn max_depth_values_outside_one_to_the_maximum_are_refused() {
        assert_eq!(parse_max_depth("5"), Ok(5));
        assert_eq!(parse_max_depth("128"), Ok(128));
        assert_eq!(parse_max_depth("1"), Ok(1));
        for bad in ["0", "129", "100000000000000000000000", "-1", "five", ""] {
            assert!(parse_max_depth(bad).is_err(), "{bad}");
        }
    }
}
