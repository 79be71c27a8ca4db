//! The table of all functions, in the order of the reference: by group, then as a
//! reader meets them.

use super::{ascii, convert, dates, identity, lists, names, numbers, patterns, text, Function};

/// Every function of the language. The checker refers to a function by its index here.
pub static FUNCTIONS: &[Function] = &[
    // text
    text::LOWER,
    text::UPPER,
    text::TRIM,
    text::LEFT,
    text::RIGHT,
    text::SUBSTRING,
    text::PAD_LEFT,
    text::PAD_RIGHT,
    patterns::REPLACE,
    patterns::SPLIT,
    patterns::JOIN,
    patterns::CONTAINS,
    patterns::STARTS_WITH,
    patterns::ENDS_WITH,
    text::LENGTH,
    patterns::MATCHES,
    patterns::EXTRACT,
    ascii::ASCII,
    text::STRIP_SPACES,
    text::BLANK,
    // names
    names::TITLE_CASE,
    names::FAMILY_NAME,
    // conversion
    convert::STRING,
    convert::INT,
    convert::FLOAT,
    convert::BOOL,
    convert::DATE,
    convert::DATETIME,
    // dates
    dates::TODAY,
    dates::NOW,
    dates::FORMAT_DATE,
    dates::ADD_DAYS,
    dates::ADD_MONTHS,
    dates::DAYS_BETWEEN,
    dates::YEAR,
    dates::MONTH,
    dates::DAY,
    // numbers
    numbers::ROUND,
    numbers::FLOOR,
    numbers::CEIL,
    numbers::ABS,
    numbers::MIN,
    numbers::MAX,
    // lists
    lists::FIRST,
    lists::LAST,
    lists::COUNT,
    lists::DISTINCT,
    lists::SORT,
    lists::FLATTEN,
    // identity
    identity::UNIQUE,
    identity::E164,
    identity::IS_EMAIL,
];
