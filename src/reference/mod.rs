//! The reference documentation generated from the code: `docs/functions.md` from the
//! function table and `docs/diagnostics.md` from the table of diagnostic codes.

/// `today()` in the examples of the function reference (the tests run them with it).
pub fn example_today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 28)
}

/// `now()` in the examples of the function reference: 09:30 UTC on `example_today()`.
pub fn example_now() -> jiff::Timestamp {
    jiff::civil::date(2026, 11, 28)
        .at(9, 30, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|zoned| zoned.timestamp())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}
