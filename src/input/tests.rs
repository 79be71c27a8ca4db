//! Tests of the record readers: record boundaries, line numbers and bad data.

use super::*;
use crate::schema::{FieldType, Type};
use serde_json::json;

fn read(format: InputFormat, text: &[u8]) -> Vec<InputItem> {
    read_with(ReadOptions::new(format), text)
}

fn read_with(options: ReadOptions, text: &[u8]) -> Vec<InputItem> {
    let input: Box<dyn Read + '_> = Box::new(text);
    read_records(input, &options)
        .collect::<io::Result<Vec<_>>>()
        .unwrap()
}

/// `(line, record)` for good records and `(line, reason)` for bad ones.
fn summary(items: &[InputItem]) -> Vec<(u64, Result<serde_json::Value, String>)> {
    items
        .iter()
        .map(|item| {
            let record = item.record.clone().map_err(|bad| bad.reason);
            (item.line, record)
        })
        .collect()
}

#[test]
fn ndjson_gives_physical_lines_and_skips_blank_lines() {
    let items = read(
        InputFormat::Ndjson,
        b"{\"a\":1}\n\n   \r\n{\"a\":2}\r\n{\"a\":3}",
    );
    assert_eq!(
        summary(&items),
        vec![
            (1, Ok(json!({"a": 1}))),
            (4, Ok(json!({"a": 2}))),
            (5, Ok(json!({"a": 3}))),
        ]
    );
}

#[test]
fn ndjson_rejects_bad_lines_and_goes_on() {
    let text = b"{\"a\":\n42\n[1]\n\xff\xfe{}\n{\"a\":1}\n{\"s\":\"abc";
    let items = read(InputFormat::Ndjson, text);
    let found = summary(&items);
    assert_eq!(
        found,
        vec![
            (
                1,
                Err("invalid JSON: EOF while parsing a value at column 5".into())
            ),
            (
                2,
                Err("a record must be a JSON object, got a number".into())
            ),
            (
                3,
                Err("a record must be a JSON object, got an array".into())
            ),
            (4, Err("invalid UTF-8 at byte 1 of the record".into())),
            (5, Ok(json!({"a": 1}))),
            (
                6,
                Err("invalid JSON: EOF while parsing a string at column 9".into())
            ),
        ]
    );
    let raw = items[3].record.clone().unwrap_err().raw;
    assert_eq!(raw, "\u{fffd}\u{fffd}{}");
}

#[test]
fn ndjson_strips_a_byte_order_mark() {
    let items = read(InputFormat::Ndjson, b"\xEF\xBB\xBF{\"a\":1}\n");
    assert_eq!(summary(&items), vec![(1, Ok(json!({"a": 1})))]);
}

#[test]
fn a_line_over_the_limit_is_rejected_without_holding_it() {
    let mut options = ReadOptions::new(InputFormat::Ndjson);
    options.record_limit = 10;
    let items = read_with(options, b"{\"a\":\"0123456789\"}\n{\"b\":1}\n");
    let bad = items[0].record.clone().unwrap_err();
    assert_eq!(
        bad.reason,
        "the record is too large (18 bytes; the limit is 10 bytes)"
    );
    assert_eq!(bad.raw, "{\"a\":\"0123… [cut: 8 more bytes]");
    assert_eq!(items[1].record, Ok(json!({"b": 1})));
}

#[test]
fn raw_text_is_cut_to_the_limit() {
    let long = "x".repeat(RAW_TEXT_LIMIT + 5);
    let raw = raw_text(long.as_bytes(), 0);
    assert!(raw.ends_with("… [cut: 5 more bytes]"));
    assert_eq!(raw.chars().filter(|&c| c == 'x').count(), RAW_TEXT_LIMIT);
}

#[test]
fn deep_nesting_is_a_reject_not_a_crash() {
    let deep = format!("{{\"a\":{}{}}}\n", "[".repeat(10_000), "]".repeat(10_000));
    for format in [InputFormat::Ndjson, InputFormat::Json] {
        let items = read(format, deep.as_bytes());
        let bad = items[0].record.clone().unwrap_err();
        assert_eq!(
            bad.reason,
            "the record nests 10001 levels deep; the limit is 128 (--max-depth)"
        );
    }
}

#[test]
fn json_arrays_are_streamed_with_the_line_of_each_element() {
    let text =
        b"[\n  {\"a\": \"[,]\\\"{\"},\n  {\"b\":\n 2}, 7,\n {\"c\": [1, {\"d\": \"}\"}]}\n]\n";
    let items = read(InputFormat::Json, text);
    assert_eq!(
        summary(&items),
        vec![
            (2, Ok(json!({"a": "[,]\"{"}))),
            (3, Ok(json!({"b": 2}))),
            (
                4,
                Err("a record must be a JSON object, got a number".into())
            ),
            (5, Ok(json!({"c": [1, {"d": "}"}]}))),
        ]
    );
}

#[test]
fn a_bad_array_element_does_not_stop_the_rest() {
    let text = b"[{\"a\": tru}, {\"a\": 1},, {\"a\": 2}]";
    let items = read(InputFormat::Json, text);
    assert_eq!(
        summary(&items),
        vec![
            (
                1,
                Err("invalid JSON: expected ident at column 10 of the record".into())
            ),
            (1, Ok(json!({"a": 1}))),
            (1, Err("invalid JSON: a value is missing".into())),
            (1, Ok(json!({"a": 2}))),
        ]
    );
}

#[test]
fn a_truncated_json_array_rejects_its_last_element() {
    let items = read(InputFormat::Json, b"[{\"a\": 1},\n{\"a\": \"x");
    assert_eq!(items[0].record, Ok(json!({"a": 1})));
    assert_eq!(
        items[1].record.clone().unwrap_err().reason,
        "invalid JSON: EOF while parsing a string at column 8 of the record"
    );
    assert_eq!(items.len(), 2);
    let items = read(InputFormat::Json, b"[{\"a\": 1},\n");
    assert_eq!(
        summary(&items)[1],
        (
            2,
            Err("invalid JSON: the input ends before the array is closed".into())
        )
    );
}

#[test]
fn json_documents_that_are_not_arrays() {
    assert_eq!(summary(&read(InputFormat::Json, b"")), vec![]);
    assert_eq!(summary(&read(InputFormat::Json, b"[ ]")), vec![]);
    assert_eq!(
        summary(&read(InputFormat::Json, b"\n {\"a\": [1, 2]}\n")),
        vec![(2, Ok(json!({"a": [1, 2]})))]
    );
    assert_eq!(
        summary(&read(InputFormat::Json, b"{\"a\":1}\n{\"a\":2}")),
        vec![(
            1,
            Err("invalid JSON: trailing characters at line 2 column 1".into())
        )]
    );
    assert_eq!(
        summary(&read(InputFormat::Json, b"[{\"a\":1}] x")),
        vec![
            (1, Ok(json!({"a": 1}))),
            (
                1,
                Err("invalid JSON: unexpected text after the end of the array".into())
            )
        ]
    );
}

#[test]
fn records_at_finds_the_records_inside_a_document() {
    let text = br#"{
  "@odata.context": "x, [y]",
  "skip": {"value": [{"wrong": true}]},
  "value": [
    {"id": 1},
    {"id": 2}
  ],
  "@odata.nextLink": "z"
}"#;
    let mut options = ReadOptions::new(InputFormat::Json);
    options.records_at = Some("/value".into());
    assert_eq!(
        summary(&read_with(options.clone(), text)),
        vec![(5, Ok(json!({"id": 1}))), (6, Ok(json!({"id": 2})))]
    );
    options.records_at = Some("/value/1".into());
    assert_eq!(
        summary(&read_with(options.clone(), text)),
        vec![(6, Ok(json!({"id": 2})))]
    );
    options.records_at = Some("/skip".into());
    assert_eq!(
        summary(&read_with(options.clone(), text)),
        vec![(3, Ok(json!({"value": [{"wrong": true}]})))]
    );
    options.records_at = Some("/nothing".into());
    let input: Box<dyn Read> = Box::new(&text[..]);
    let error = read_records(input, &options).next().unwrap().unwrap_err();
    assert_eq!(
        error.to_string(),
        "the document has no value at \"/nothing\""
    );
}

#[test]
fn a_graph_page_without_records_at_says_how_to_read_it() {
    let page = br#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
                    "value": [{"id": 1}, {"id": 2}]}"#;
    assert_eq!(
        summary(&read(InputFormat::Json, page)),
        vec![(
            1,
            Err(
                "this document is a page of 2 records (its \"value\" list), not one \
                 record: read them with --records-at /value"
                    .into()
            )
        )]
    );
    // One entity (`GET /users/{id}`) is one record, whatever lists it holds.
    let entity = br#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
                      "value": [{"id": 1}]}"#;
    assert!(summary(&read(InputFormat::Json, entity))[0].1.is_ok());
}

#[test]
fn csv_rows_become_string_records_with_file_lines() {
    let text = b"id,name,note\n1,Jan,\"a, \"\"quoted\"\"\nnote\"\n2,Piet\n\n3,Klaas,\n";
    let items = read(InputFormat::Csv, text);
    assert_eq!(
        summary(&items),
        vec![
            (
                2,
                Ok(json!({"id": "1", "name": "Jan", "note": "a, \"quoted\"\nnote"}))
            ),
            (
                4,
                Err("the row has 2 cells but the header row has 3 columns".into())
            ),
            (6, Ok(json!({"id": "3", "name": "Klaas", "note": ""}))),
        ]
    );
    assert_eq!(items[1].record.clone().unwrap_err().raw, "2,Piet");
    let items = read(InputFormat::Csv, b"h\r\n1\r\n\r\n\r\n\"a\r\nb\"\r\n4");
    let lines: Vec<u64> = items.iter().map(|item| item.line).collect();
    assert_eq!(lines, vec![2, 5, 7]);
}

#[test]
fn csv_separated_by_semicolons_or_tabs_is_read_from_its_header() {
    let expected = json!({"id": "1", "name": "de Vries, Jan", "city": "Utrecht"});
    for text in [
        &b"id;name;city\n1;de Vries, Jan;Utrecht\n2;Piet\n"[..],
        b"id\tname\tcity\n1\tde Vries, Jan\tUtrecht\n2\tPiet\n",
        b"id,\"a;b;c\",city\n1,\"de Vries, Jan\",Utrecht\n",
    ] {
        let items = read(InputFormat::Csv, text);
        let first = items[0].record.clone().unwrap();
        let values: Vec<&serde_json::Value> = first.as_object().unwrap().values().collect();
        assert_eq!(
            values,
            expected.as_object().unwrap().values().collect::<Vec<_>>()
        );
        if let Some(bad) = items.get(1) {
            let raw = bad.record.clone().unwrap_err().raw;
            assert!(raw == "2;Piet" || raw == "2\tPiet", "{raw}");
        }
    }
}

#[test]
fn csv_cells_are_converted_to_declared_types() {
    let source = ObjectType {
        fields: vec![
            FieldType {
                name: "id".into(),
                ty: Type::INT,
            },
            FieldType {
                name: "rate".into(),
                ty: Type::FLOAT.or_null(),
            },
            FieldType {
                name: "active".into(),
                ty: Type::BOOL,
            },
            FieldType {
                name: "end".into(),
                ty: Type::DATE.or_null(),
            },
            FieldType {
                name: "name".into(),
                ty: Type::STRING.or_null(),
            },
        ],
    };
    let mut options = ReadOptions::new(InputFormat::Csv);
    options.source = Some(Arc::new(source));
    let text = b"id,rate,active,end,name,extra\n7,,TRUE,,,x\nx7,1.5,no,2026-01-31,Jan,\n";
    assert_eq!(
        summary(&read_with(options, text)),
        vec![
            (
                2,
                Ok(
                    json!({"id": 7, "rate": null, "active": true, "end": null, "name": "", "extra": "x"})
                )
            ),
            (
                3,
                Ok(
                    json!({"id": "x7", "rate": 1.5, "active": "no", "end": "2026-01-31", "name": "Jan", "extra": ""})
                )
            ),
        ]
    );
}

#[test]
fn csv_header_problems_are_errors() {
    let input: Box<dyn Read> = Box::new(&b"a,b,a\n1,2,3\n"[..]);
    let error = read_records(input, &ReadOptions::new(InputFormat::Csv))
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "column \"a\" appears twice in the header row"
    );
    assert!(read(InputFormat::Csv, b"").is_empty());
    assert!(read(InputFormat::Csv, b"a,b\n").is_empty());
}

#[test]
fn csv_invalid_utf8_is_a_reject() {
    let items = read(InputFormat::Csv, b"a\n\xff\n");
    assert_eq!(
        summary(&items),
        vec![(2, Err("invalid UTF-8 in column \"a\"".into()))]
    );
}

#[test]
fn formats_follow_the_file_extension() {
    use std::path::Path;
    assert_eq!(
        InputFormat::from_extension(Path::new("a.JSONL")),
        Some(InputFormat::Ndjson)
    );
    assert_eq!(
        InputFormat::from_extension(Path::new("a.json")),
        Some(InputFormat::Json)
    );
    assert_eq!(
        InputFormat::from_extension(Path::new("a.csv")),
        Some(InputFormat::Csv)
    );
    assert_eq!(InputFormat::from_extension(Path::new("a.txt")), None);
}

/// A record `levels` deep: the record object, then objects nested under `"a"`.
fn nested_record(levels: usize) -> String {
    format!(
        "{}{{}}{}",
        "{\"a\":".repeat(levels - 1),
        "}".repeat(levels - 1)
    )
}

/// The reasons of the rejects, and how many records were read whole.
fn depth_outcome(options: ReadOptions, text: &str) -> (Vec<(u64, String)>, usize) {
    let items = read_with(options, text.as_bytes());
    let rejects = items
        .iter()
        .filter_map(|item| Some((item.line, item.record.clone().err()?.reason)))
        .collect();
    let whole = items.iter().filter(|item| item.record.is_ok()).count();
    (rejects, whole)
}

fn deep_reject(line: u64, depth: usize, limit: usize) -> (u64, String) {
    let reason =
        format!("the record nests {depth} levels deep; the limit is {limit} (--max-depth)");
    (line, reason)
}

#[test]
fn every_json_reader_takes_128_levels_and_rejects_129_by_default() {
    let records = [
        nested_record(128),
        nested_record(129),
        format!("{}{}", "[".repeat(129), "]".repeat(129)),
    ];
    let ndjson = records.join("\n");
    let array = format!("[{}]", records.join(",\n"));
    let page = format!("{{\"value\": [{}]}}", records.join(",\n"));
    let expected = vec![deep_reject(2, 129, 128), deep_reject(3, 129, 128)];
    let cases = [
        (InputFormat::Ndjson, None, ndjson),
        (InputFormat::Json, None, array),
        (InputFormat::Json, Some("/value"), page),
    ];
    for (format, records_at, text) in cases {
        let mut options = ReadOptions::new(format);
        options.records_at = records_at.map(str::to_string);
        assert_eq!(
            depth_outcome(options, &text),
            (expected.clone(), 1),
            "{text}"
        );
    }
    let single = depth_outcome(ReadOptions::new(InputFormat::Json), &nested_record(129));
    assert_eq!(single, (vec![deep_reject(1, 129, 128)], 0));
    assert_eq!(
        depth_outcome(ReadOptions::new(InputFormat::Json), &nested_record(128)).1,
        1
    );
}

#[test]
fn a_lower_max_depth_rejects_one_level_more() {
    let text = format!(
        "{}\n{}\n{}",
        nested_record(5),
        nested_record(6),
        "[[[[[[1]]]]]]"
    );
    for format in [InputFormat::Ndjson, InputFormat::Json] {
        let mut options = ReadOptions::new(format);
        options.max_depth = 5;
        let text = match format {
            InputFormat::Json => format!("[{}]", text.replace('\n', ",\n")),
            _ => text.clone(),
        };
        let expected = vec![deep_reject(2, 6, 5), deep_reject(3, 6, 5)];
        assert_eq!(depth_outcome(options, &text), (expected, 1), "{text}");
    }
}

#[test]
fn a_max_depth_above_the_maximum_is_held_to_it() {
    let mut options = ReadOptions::new(InputFormat::Ndjson);
    options.max_depth = usize::MAX;
    let text = format!("{}\n{}", nested_record(128), nested_record(100_000));
    assert_eq!(
        depth_outcome(options, &text),
        (vec![deep_reject(2, 100_000, 128)], 1)
    );
}

#[test]
fn the_depth_is_checked_before_the_line_is_parsed() {
    let text = nested_record(7);
    let mut reader = NdjsonReader::new(text.as_bytes(), 1000).with_max_depth(6);
    let line = reader.next_line().unwrap().unwrap();
    assert_eq!(line.text.unwrap_err().reason, deep_reject(1, 7, 6).1);
    // A line already read is parsed up to the maximum, whatever its reader's limit.
    assert!(parse_line(nested_record(128).as_bytes()).is_ok());
    assert_eq!(
        parse_line(nested_record(129).as_bytes())
            .unwrap_err()
            .reason,
        deep_reject(1, 129, 128).1
    );
}
