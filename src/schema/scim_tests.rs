//! Tests for the SCIM `/Schemas` loader; example documents live in `tests/schema/scim/`.

use super::*;

/// A minimal core User schema followed by `extensions`, as a bare list.
fn document(extensions: &str) -> String {
    format!(
        r#"[{{"id": "{CORE_USER}", "attributes": [
              {{"name": "userName", "type": "string", "required": true}},
              {{"name": "name", "type": "complex", "subAttributes": [
                 {{"name": "givenName", "type": "string"}}]}}]}}
            {extensions}]"#
    )
}

fn error(text: &str) -> SchemaError {
    load_target_schema(text).unwrap_err()
}

#[test]
fn plek_has_the_core_user_and_the_enterprise_extension() {
    let plek = plek();
    let ids: Vec<&str> = plek
        .schemas
        .iter()
        .map(|schema| schema.id.as_str())
        .collect();
    assert_eq!(ids, [CORE_USER, ENTERPRISE_USER]);
    let core = plek.core();
    assert_eq!(core.prefix, None);
    let emails = core.attribute("emails").unwrap();
    assert!(emails.multi_valued);
    assert_eq!(emails.kind, ScimType::Complex);
    let email_type = emails.sub_attribute("type").unwrap();
    assert_eq!(email_type.canonical_values, ["work", "home", "other"]);
    assert!(!email_type.multi_valued);
    let given_name = core.attribute("name").unwrap().sub_attribute("givenName");
    assert_eq!(
        given_name.map(|attribute| attribute.kind),
        Some(ScimType::String)
    );
    assert_eq!(core.attribute("active").unwrap().kind, ScimType::Boolean);
    assert_eq!(
        core.attribute("id").unwrap().mutability,
        Mutability::ReadOnly
    );
    assert_eq!(
        core.attribute("password").unwrap().mutability,
        Mutability::WriteOnly
    );
    assert_eq!(
        core.attribute("groups").unwrap().mutability,
        Mutability::ReadOnly
    );
    assert_eq!(
        core.attribute("profileUrl").unwrap().kind,
        ScimType::Reference
    );
    assert_eq!(
        core.attribute("phoneNumbers")
            .unwrap()
            .sub_attribute("type")
            .unwrap()
            .canonical_values,
        ["work", "home", "mobile", "fax", "pager", "other"]
    );
    let enterprise = plek.extension("enterprise").unwrap();
    assert_eq!(enterprise.id, ENTERPRISE_USER);
    let manager = enterprise.attribute("manager").unwrap();
    assert_eq!(manager.kind, ScimType::Complex);
    assert!(manager.sub_attribute("value").is_some());
    assert!(enterprise.attribute("employeeNumber").is_some());
}

#[test]
fn plek_requires_exactly_user_name_and_external_id() {
    let plek = plek();
    let mut required: Vec<&str> = plek
        .schemas
        .iter()
        .flat_map(|schema| &schema.attributes)
        .filter(|attribute| attribute.required)
        .map(|attribute| attribute.name.as_str())
        .collect();
    required.sort_unstable();
    assert_eq!(required, ["externalId", "userName"]);
}

#[test]
fn plek_describes_every_attribute() {
    let plek = plek();
    let attributes = plek.schemas.iter().flat_map(|schema| &schema.attributes);
    for attribute in attributes {
        assert!(!attribute.description.is_empty(), "{}", attribute.name);
        for sub_attribute in &attribute.sub_attributes {
            assert!(
                !sub_attribute.description.is_empty(),
                "{}",
                sub_attribute.name
            );
        }
    }
}

#[test]
fn a_customer_extension_loads_with_its_prefix() {
    let target = load_target_schema(include_str!("../../tests/schema/scim/acme-schemas.json"));
    let target = target.unwrap();
    let prefixes: Vec<Option<&str>> = target.schemas.iter().map(|s| s.prefix.as_deref()).collect();
    // The Group schema in the same /Schemas document is not about users and is left out.
    assert_eq!(prefixes, [None, Some("enterprise"), Some("acme")]);
    let acme = target.extension("acme").unwrap();
    assert_eq!(
        acme.attribute("badgeNumber").unwrap().kind,
        ScimType::Integer
    );
    assert_eq!(acme.attribute("hireDate").unwrap().kind, ScimType::DateTime);
    assert_eq!(
        acme.attribute("contractType").unwrap().canonical_values,
        ["permanent", "temporary", "external"]
    );
    let workplaces = acme.attribute("workplaces").unwrap();
    assert!(workplaces.multi_valued);
    assert!(workplaces.sub_attribute("value").unwrap().required);
}

#[test]
fn the_core_schema_comes_first_wherever_it_is_written() {
    let target = load_target_schema(include_str!("../../tests/schema/scim/extension-first.json"));
    let target = target.unwrap();
    assert_eq!(target.core().id, CORE_USER);
    assert!(target.core().attribute("externalId").unwrap().required);
    let bakery = target.extension("bakery").unwrap();
    assert_eq!(
        bakery.attribute("shift").unwrap().canonical_values,
        ["early", "late"]
    );
}

#[test]
fn a_single_schema_object_is_a_document_too() {
    let text = format!(r#"{{"id": "{CORE_USER}", "attributes": []}}"#);
    assert_eq!(load_target_schema(&text).unwrap().schemas.len(), 1);
}

#[test]
fn an_extension_without_a_prefix_is_told_to_add_one() {
    let error = error(&document(r#", {"id": "urn:acme:User", "attributes": []}"#));
    assert_eq!(error.pointer.as_deref(), Some("/1"));
    assert_eq!(
        error.message,
        "the extension urn:acme:User needs a short prefix for mapping rules: add \
         \"x-datamapper-prefix\": \"acme\" (with a name of your choice) to this schema"
    );
}

#[test]
fn prefixes_must_be_usable_and_distinct() {
    let cases = [
        (
            r#", {"id": "urn:a", "x-datamapper-prefix": "my-ext", "attributes": []}"#,
            "/1/x-datamapper-prefix",
            "the prefix \"my-ext\" cannot be used in mapping rules",
        ),
        (
            r#", {"id": "urn:a", "x-datamapper-prefix": "acme", "attributes": []},
                {"id": "urn:b", "x-datamapper-prefix": "acme", "attributes": []}"#,
            "/2",
            "the prefix \"acme\" is already used by urn:a",
        ),
        (
            r#", {"id": "urn:a", "x-datamapper-prefix": "Name", "attributes": []}"#,
            "/1",
            "the prefix \"Name\" is also the core attribute `name`",
        ),
        (
            r#", {"id": "urn:a", "x-datamapper-prefix": "a", "attributes": []},
                {"id": "urn:a", "x-datamapper-prefix": "b", "attributes": []}"#,
            "/2",
            "the schema urn:a is in the document twice",
        ),
    ];
    for (extensions, pointer, message) in cases {
        let error = error(&document(extensions));
        assert_eq!(error.pointer.as_deref(), Some(pointer), "{error}");
        assert!(error.message.starts_with(message), "{error}");
    }
}

#[test]
fn bad_attributes_say_what_and_where() {
    let cases = [
        (
            r#"{"name": "x", "type": "strin"}"#,
            "/1/attributes/0/type",
            "\"strin\" is not a SCIM type; did you mean \"string\"? the types are string, \
             boolean, decimal, integer, dateTime, binary, reference, complex",
        ),
        (
            r#"{"name": "x", "type": "string", "required": "yes"}"#,
            "/1/attributes/0/required",
            "\"required\" must be true or false, found a string (\"yes\")",
        ),
        (
            r#"{"name": "x", "type": "string", "mutability": "readwrite"}"#,
            "/1/attributes/0/mutability",
            "\"readwrite\" is not a mutability; it is one of readWrite, readOnly, writeOnly, \
             immutable",
        ),
        (
            r#"{"name": "x", "type": "string", "canonicalValues": ["a", 1]}"#,
            "/1/attributes/0/canonicalValues/1",
            "a canonical value must be a string, found a number (1)",
        ),
        (
            r#"{"type": "string"}"#,
            "/1/attributes/0",
            "the \"name\" of this schema part is missing",
        ),
        (
            r#"{"name": "x", "type": "string"}, {"name": "X", "type": "integer"}"#,
            "/1/attributes/1",
            "the attribute `X` is declared twice",
        ),
        (
            r#"{"name": "x", "type": "complex", "subAttributes": [
                 {"name": "y", "type": "complex"}]}"#,
            "/1/attributes/0/subAttributes/0/type",
            "a sub-attribute cannot be complex: SCIM allows one level of sub-attributes",
        ),
    ];
    for (attributes, pointer, message) in cases {
        let extension = format!(
            r#", {{"id": "urn:a", "x-datamapper-prefix": "a", "attributes": [{attributes}]}}"#
        );
        let error = error(&document(&extension));
        assert_eq!(error.pointer.as_deref(), Some(pointer), "{error}");
        assert_eq!(error.message, message);
    }
}

#[test]
fn bad_documents_say_where() {
    let syntax = error("{\n  \"Resources\": [,]\n}");
    assert_eq!(syntax.line_column, Some((2, 17)));
    let no_core = error(r#"{"Resources": []}"#);
    assert_eq!(no_core.pointer.as_deref(), Some("/Resources"));
    assert!(no_core.message.contains("no core User schema"));
    let not_a_list = error(r#"{"Resources": {}}"#);
    assert_eq!(
        not_a_list.to_string(),
        "\"Resources\" must be a list of schemas, found an object (at /Resources)"
    );
    let text = error("\"User\"");
    assert_eq!(text.pointer.as_deref(), Some(""));
}
