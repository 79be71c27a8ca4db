//! Tests for the JSON Schema loader; the larger inputs live in `tests/schema/json/`.

use super::*;

/// The record type, one `name: type` line per field.
fn printed(object: &ObjectType) -> String {
    object
        .fields
        .iter()
        .map(|field| format!("{}: {}\n", field.name, field.ty))
        .collect()
}

fn load(text: &str) -> String {
    printed(&load_json_schema(text).unwrap())
}

fn error(text: &str) -> String {
    load_json_schema(text).unwrap_err().to_string()
}

#[test]
fn hr_record_schema_loads_with_every_feature() {
    let record = load_json_schema(include_str!("../../tests/schema/json/employee.schema.json"));
    insta::assert_snapshot!(printed(&record.unwrap()), @r#"
    employee_id: int
    first_name: string
    middle_name: string?
    last_name: string?
    work_email: string?
    salary: float?
    is_manager: bool?
    hire_date: date
    updated_at: datetime?
    termination_date: date?
    employment_status: "active" | "leave" | "terminated"
    contract_type: ("permanent" | "temporary")?
    department: { code: string, name: string? }
    location: { country: string? }?
    manager_id: int?
    cost_center: string?
    tags: [string]?
    phones: [{ kind: ("work" | "mobile")?, number: string }]?
    custom: any
    extra: any
    mixed: any
    "#);
}

#[test]
fn required_and_nullable_combine() {
    let schema = r#"{
      "type": "object",
      "required": ["a", "b", "c"],
      "properties": {
        "a": { "type": "string" },
        "b": { "type": ["string", "null"] },
        "c": { "type": "string", "nullable": true },
        "d": { "type": "string" },
        "e": { "type": ["null", "string"] }
      }
    }"#;
    assert_eq!(
        load(schema),
        "a: string\nb: string?\nc: string?\nd: string?\ne: string?\n"
    );
}

#[test]
fn array_items_keep_their_own_nullability() {
    let schema = r#"{
      "type": "object",
      "required": ["plain", "nullable_items"],
      "properties": {
        "plain": { "type": "array", "items": { "type": "integer" } },
        "nullable_items": { "type": "array", "items": { "type": ["integer", "null"] } },
        "untyped_items": { "type": "array" },
        "tuple": { "type": "array", "items": [{ "type": "string" }] },
        "implied_array": { "items": { "type": "boolean" } }
      }
    }"#;
    assert_eq!(
        load(schema),
        "plain: [int]\nnullable_items: [int?]\nuntyped_items: [any]?\ntuple: [any]?\n\
         implied_array: [bool]?\n"
    );
}

#[test]
fn string_enums_become_enum_types_and_other_enums_do_not() {
    let schema = r#"{
      "type": "object",
      "required": ["grade", "kind", "single"],
      "properties": {
        "grade": { "type": "integer", "enum": [1, 2, 3] },
        "kind": { "enum": ["a", "b", "a"] },
        "single": { "const": "fixed" },
        "blank_allowed": { "enum": ["", "x"] }
      }
    }"#;
    assert_eq!(
        load(schema),
        "grade: int\nkind: \"a\" | \"b\"\nsingle: \"fixed\"\nblank_allowed: (\"\" | \"x\")?\n"
    );
}

#[test]
fn formats_other_than_dates_are_strings() {
    let schema = r#"{
      "type": "object",
      "required": ["email", "uri", "date", "moment"],
      "properties": {
        "email": { "type": "string", "format": "email" },
        "uri": { "type": "string", "format": "uri" },
        "date": { "type": "string", "format": "date" },
        "moment": { "type": "string", "format": "date-time" }
      }
    }"#;
    assert_eq!(
        load(schema),
        "email: string\nuri: string\ndate: date\nmoment: datetime\n"
    );
}

#[test]
fn recursive_references_stop_at_any() {
    let schema = r##"{
      "$ref": "#/definitions/person",
      "definitions": {
        "person": {
          "type": "object",
          "required": ["name"],
          "properties": {
            "name": { "type": "string" },
            "manager": { "$ref": "#/definitions/person" }
          }
        }
      }
    }"##;
    assert_eq!(load(schema), "name: string\nmanager: any\n");
}

#[test]
fn a_recursive_definition_expands_once_below_a_property() {
    let schema = r##"{
      "type": "object",
      "required": ["boss"],
      "properties": { "boss": { "$ref": "#/$defs/person" } },
      "$defs": {
        "person": {
          "type": "object",
          "properties": { "manager": { "$ref": "#/$defs/person" } }
        }
      }
    }"##;
    assert_eq!(load(schema), "boss: { manager: any }\n");
}

#[test]
fn external_references_are_any() {
    let schema = r#"{
      "type": "object",
      "properties": { "address": { "$ref": "https://example.com/address.json" } }
    }"#;
    assert_eq!(load(schema), "address: any\n");
}

#[test]
fn unions_of_several_types_are_any() {
    let schema = r#"{
      "type": "object",
      "required": ["id", "only_null"],
      "properties": {
        "id": { "anyOf": [{ "type": "string" }, { "type": "integer" }] },
        "only_null": { "oneOf": [{ "type": "null" }] },
        "wrapped": { "allOf": [{ "type": "integer" }] }
      }
    }"#;
    assert_eq!(load(schema), "id: any\nonly_null: null\nwrapped: int?\n");
}

#[test]
fn an_object_without_properties_at_the_top_has_no_fields() {
    assert_eq!(load(r#"{ "type": "object" }"#), "");
}

#[test]
fn invalid_json_gives_line_and_column() {
    let error =
        load_json_schema("{\n  \"type\": \"object\",\n  \"properties\": {,}\n}").unwrap_err();
    assert_eq!(error.line_column, Some((3, 18)));
    assert_eq!(error.pointer, None);
    assert_eq!(
        error.to_string(),
        "the file is not valid JSON: key must be a string (line 3, column 18)"
    );
}

#[test]
fn the_top_level_must_be_an_object_schema() {
    assert_eq!(
        error(r#"{ "type": "array", "items": { "type": "string" } }"#),
        "the top level of a source schema must be an object schema, \
         with \"type\": \"object\" and its \"properties\" (at the top level)"
    );
    assert_eq!(
        error("[1, 2]"),
        "a schema must be a JSON object, found a list (at the top level)"
    );
}

#[test]
fn a_misspelt_type_is_named_with_its_place() {
    let schema = r#"{
      "type": "object",
      "properties": { "hire_date": { "type": "strin", "format": "date" } }
    }"#;
    let error = load_json_schema(schema).unwrap_err();
    assert_eq!(error.pointer.as_deref(), Some("/properties/hire_date/type"));
    assert_eq!(
        error.message,
        "\"strin\" is not a JSON Schema type; did you mean \"string\"? the types are \
         string, integer, number, boolean, array, object, null"
    );
}

#[test]
fn malformed_keywords_are_errors_with_their_place() {
    let cases = [
        (
            r#"{ "type": "object", "required": "name", "properties": {} }"#,
            "/required",
            "\"required\" must be a list of property names, found a string (\"name\")",
        ),
        (
            r#"{ "type": "object", "properties": { "a": 3 } }"#,
            "/properties/a",
            "a schema must be a JSON object, found a number (3)",
        ),
        (
            r#"{ "type": "object", "properties": { "a/b": { "type": ["string", 1] } } }"#,
            "/properties/a~1b/type/1",
            "a type name must be a string, found a number (1)",
        ),
        (
            r##"{ "type": "object", "properties": { "a": { "$ref": "#/$defs/missing" } } }"##,
            "/properties/a/$ref",
            "\"$ref\": \"#/$defs/missing\" points to nothing in this file",
        ),
        (
            r#"{ "type": "object", "properties": [] }"#,
            "/properties",
            "\"properties\" must be an object, found a list",
        ),
    ];
    for (schema, pointer, message) in cases {
        let error = load_json_schema(schema).unwrap_err();
        assert_eq!(error.pointer.as_deref(), Some(pointer), "for {schema}");
        assert_eq!(error.message, message, "for {schema}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let mut schema = String::from(r#"{ "type": "string" }"#);
    for _ in 0..100 {
        schema = format!(r#"{{ "type": "array", "items": {schema} }}"#);
    }
    let schema = format!(r#"{{ "type": "object", "properties": {{ "deep": {schema} }} }}"#);
    let error = load_json_schema(&schema).unwrap_err();
    assert!(
        error.message.contains("more than 64 levels deep"),
        "{error}"
    );
    assert!(error
        .pointer
        .is_some_and(|pointer| pointer.starts_with("/properties/deep/items/items")));
}

#[test]
fn deep_reference_chains_are_an_error_not_a_crash() {
    let mut definitions = Vec::new();
    for index in 0..200 {
        definitions.push(format!(
            r##""d{index}": {{ "$ref": "#/$defs/d{}" }}"##,
            index + 1
        ));
    }
    definitions.push(r#""d200": { "type": "string" }"#.to_string());
    let schema = format!(
        r##"{{ "type": "object", "properties": {{ "a": {{ "$ref": "#/$defs/d0" }} }},
             "$defs": {{ {} }} }}"##,
        definitions.join(", ")
    );
    assert!(error(&schema).contains("more than 64 levels deep"));
}

#[test]
fn json_nested_past_the_parser_limit_is_an_error() {
    let text = "[".repeat(10_000);
    let error = load_json_schema(&text).unwrap_err();
    assert!(error.line_column.is_some());
    assert!(error.message.contains("recursion limit"), "{error}");
}
