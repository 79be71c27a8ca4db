//! SCIM user assembly: key order, `schemas`, complex and multi-valued attributes,
//! `null` left out, dates for `dateTime`, `userName` held for later records.

use super::*;
use serde_json::json;

fn object(fields: Vec<(&str, TypedExpr)>) -> TypedExpr {
    typed(
        TypedExprKind::Object(
            fields
                .into_iter()
                .map(|(key, value)| (key.to_string(), value))
                .collect(),
        ),
        Type::ANY,
    )
}

fn list(items: Vec<TypedExpr>) -> TypedExpr {
    typed(TypedExprKind::List(items), Type::ANY)
}

fn mapped(pairs: Vec<(&str, TypedExpr)>, record: &serde_json::Value) -> serde_json::Value {
    match run_rules(pairs, record) {
        Outcome::Mapped(user) => user,
        other => panic!("expected a user, got {other:?}"),
    }
}

#[test]
fn keys_follow_schema_order_with_schemas_first() {
    let user = mapped(
        vec![
            ("enterprise.manager.value", text("m1")),
            ("name.givenName", field("first_name")),
            ("displayName", text("Joris")),
            ("userName", text("joris")),
            ("name.familyName", field("last_name")),
            ("enterprise.employeeNumber", text("1042")),
            ("externalId", text("1042")),
        ],
        &record(),
    );
    let expected = json!({
        "schemas": [CORE, ENTERPRISE],
        "externalId": "1042",
        "userName": "joris",
        "name": { "familyName": "van der Berg", "givenName": "Joris" },
        "displayName": "Joris",
        ENTERPRISE: { "employeeNumber": "1042", "manager": { "value": "m1" } }
    });
    assert_eq!(
        serde_json::to_string(&user).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );
}

#[test]
fn null_values_and_empty_complex_attributes_are_left_out() {
    let user = mapped(
        vec![
            ("userName", text("joris")),
            ("name.givenName", field("phone")),
            ("title", field("phone")),
            ("enterprise.manager.value", field("phone")),
        ],
        &record(),
    );
    assert_eq!(user, json!({ "schemas": [CORE], "userName": "joris" }));
}

#[test]
fn filtered_elements_build_in_first_rule_order_and_drop_null_values() {
    let user = mapped(
        vec![
            ("userName", text("joris")),
            ("phoneNumbers[type eq \"work\"].value", field("phone")),
            (
                "emails[type eq \"work\"].primary",
                constant(Value::Bool(true)),
            ),
            ("emails[type eq \"home\"].value", text("j@home.example")),
            ("emails[type eq \"work\"].value", field("work_email")),
            ("emails[type eq \"other\"].value", field("phone")),
        ],
        &record(),
    );
    let expected = json!({
        "schemas": [CORE],
        "userName": "joris",
        "emails": [
            { "value": "Joris@Acme.example", "type": "work", "primary": true },
            { "value": "j@home.example", "type": "home" }
        ]
    });
    assert_eq!(
        serde_json::to_string(&user).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );
}

#[test]
fn whole_multi_valued_attribute_drops_null_elements_and_null_values() {
    let element = |value: TypedExpr, kind: &str| {
        object(vec![
            ("type", text(kind)),
            ("value", value),
            ("primary", constant(Value::Bool(true))),
            ("display", field("phone")),
        ])
    };
    let user = mapped(
        vec![
            ("userName", text("joris")),
            (
                "emails",
                list(vec![
                    element(field("work_email"), "work"),
                    null(),
                    element(field("phone"), "home"),
                ]),
            ),
            ("phoneNumbers", list(vec![element(field("phone"), "work")])),
        ],
        &record(),
    );
    let expected = json!({
        "schemas": [CORE],
        "userName": "joris",
        "emails": [{ "value": "Joris@Acme.example", "type": "work", "primary": true }]
    });
    assert_eq!(
        serde_json::to_string(&user).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );
}

#[test]
fn elements_without_a_value_attribute_are_kept_when_anything_is_set() {
    let user = mapped(
        vec![
            ("userName", text("joris")),
            ("addresses[type eq \"work\"].locality", text("Utrecht")),
            ("addresses[type eq \"home\"].locality", field("phone")),
        ],
        &record(),
    );
    assert_eq!(
        user["addresses"],
        json!([{ "locality": "Utrecht", "type": "work" }])
    );
}

#[test]
fn dates_are_written_as_dates_and_as_midnight_for_date_times() {
    let user = mapped(
        vec![
            ("userName", text("joris")),
            ("title", field("hire_date")),
            ("hr.hireDate", field("hire_date")),
            ("hr.grade", int(7)),
            (
                "active",
                binary(Operator::Equal, field("status"), text("active")),
            ),
        ],
        &record(),
    );
    let expected = json!({
        "schemas": [CORE, HR],
        "userName": "joris",
        "title": "2020-12-31",
        "active": true,
        HR: { "hireDate": "2020-12-31T00:00:00Z", "grade": 7 }
    });
    assert_eq!(
        serde_json::to_string(&user).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );
}

#[test]
fn mapped_user_names_are_held_for_later_records_only_for_unique() {
    let mut program = compile(&mapping(
        Vec::new(),
        Vec::new(),
        rules(vec![("userName", field("work_email"))]),
    ));
    // No `unique` reads them, so a long run does not grow.
    assert!(!program.output.holds_names);
    let mut run = context();
    assert!(matches!(
        program.map_record(&record(), &mut run),
        Outcome::Mapped(_)
    ));
    assert!(run.taken.is_empty());
    program.output.holds_names = true;
    program.map_record(&record(), &mut run);
    assert!(run.taken.contains("joris@acme.example"));
}

#[test]
fn once_targets_are_kept_in_the_program() {
    let mut checked = mapping(
        Vec::new(),
        Vec::new(),
        rules(vec![("userName", text("a")), ("displayName", text("b"))]),
    );
    checked.rules[0].once = true;
    assert_eq!(compile(&checked).once_targets(), vec!["userName"]);
}

#[test]
fn hot_types_stay_small() {
    assert!(std::mem::size_of::<crate::engine::program::Expr>() <= 32);
}

#[test]
fn whole_complex_attribute_gets_schema_order_and_canonical_names() {
    let name = object(vec![
        ("givenname", field("first_name")),
        ("familyName", field("last_name")),
        ("formatted", field("phone")),
    ]);
    let user = mapped(vec![("userName", text("joris")), ("name", name)], &record());
    assert_eq!(
        serde_json::to_string(&user["name"]).unwrap(),
        r#"{"familyName":"van der Berg","givenName":"Joris"}"#
    );
    let empty = object(vec![("givenName", field("phone"))]);
    let user = mapped(
        vec![("userName", text("joris")), ("name", empty)],
        &record(),
    );
    assert_eq!(user.get("name"), None);
}
