use crate::functions::test_support::{call, date, list, s, texts};
use crate::value::Value;

fn one(name: &str, value: Value) -> Result<Value, String> {
    call(name, vec![value])
}

fn ints(items: &[i64]) -> Value {
    list(items.iter().copied().map(Value::Int).collect())
}

#[test]
fn first_and_last_of_empty_lists_are_null() {
    assert_eq!(one("first", ints(&[4, 5])), Ok(Value::Int(4)));
    assert_eq!(one("last", ints(&[4, 5])), Ok(Value::Int(5)));
    assert_eq!(one("first", ints(&[])), Ok(Value::Null));
    assert_eq!(one("last", ints(&[])), Ok(Value::Null));
    assert_eq!(one("first", Value::Null), Ok(Value::Null));
}

#[test]
fn count_counts_every_element() {
    assert_eq!(
        one("count", list(vec![Value::Null, s("a")])),
        Ok(Value::Int(2))
    );
    assert_eq!(one("count", ints(&[])), Ok(Value::Int(0)));
    assert!(one("count", s("abc")).is_err());
}

#[test]
fn distinct_keeps_first_occurrences_in_order() {
    assert_eq!(
        one("distinct", texts(&["b", "a", "b", "B", "a"])),
        Ok(texts(&["b", "a", "B"]))
    );
    assert_eq!(
        one(
            "distinct",
            list(vec![
                Value::Int(1),
                Value::Float(1.0),
                Value::Null,
                Value::Null
            ])
        ),
        Ok(list(vec![Value::Int(1), Value::Null]))
    );
    assert_eq!(one("distinct", ints(&[])), Ok(ints(&[])));
}

#[test]
fn sort_refuses_long_mixed_lists_without_panicking() {
    // Long enough for the standard sort to detect an inconsistent comparator.
    let mixed: Vec<Value> = (0..40)
        .map(|i| {
            if i % 3 == 0 {
                s(&i.to_string())
            } else {
                Value::Int(i)
            }
        })
        .collect();
    assert_eq!(
        one("sort", list(mixed)),
        Err("sort: cannot put string and numbers in one order".into())
    );
}

#[test]
fn sort_orders_texts_numbers_and_dates() {
    assert_eq!(
        one("sort", texts(&["b", "Zoë", "a", "B"])),
        Ok(texts(&["B", "Zoë", "a", "b"]))
    );
    assert_eq!(
        one(
            "sort",
            list(vec![Value::Int(3), Value::Float(-1.5), Value::Int(2)])
        ),
        Ok(list(vec![Value::Float(-1.5), Value::Int(2), Value::Int(3)]))
    );
    assert_eq!(
        one(
            "sort",
            list(vec![date("2026-03-01"), Value::Null, date("2025-12-31")])
        ),
        Ok(list(vec![
            date("2025-12-31"),
            date("2026-03-01"),
            Value::Null
        ]))
    );
    let mixed = one("sort", list(vec![s("a"), Value::Int(1)])).unwrap_err();
    assert!(mixed.starts_with("sort: cannot put "), "{mixed}");
}

#[test]
fn flatten_goes_one_level_deep() {
    let nested = list(vec![
        ints(&[1, 2]),
        Value::Int(3),
        list(vec![ints(&[4])]),
        Value::Null,
    ]);
    assert_eq!(
        one("flatten", nested),
        Ok(list(vec![
            Value::Int(1),
            Value::Int(2),
            Value::Int(3),
            ints(&[4]),
            Value::Null
        ]))
    );
    assert_eq!(one("flatten", ints(&[])), Ok(ints(&[])));
}
