//! Without a source schema every field is `any`, so the checker cannot prove what a rule
//! writes; the engine then checks each value against its SCIM attribute and rejects the
//! record instead of sending Plek an invalid user.

use datamapper::engine::{Outcome, RunContext};
use datamapper::source::SourceFile;

fn map(mapping: &str, record: &str) -> Outcome {
    let file = SourceFile::new("any.dmap", "any.dmap", mapping);
    let result = datamapper::check::check_file(&file);
    let mapping = result.mapping.expect("the mapping checks");
    let program = datamapper::compile::compile(&mapping, &file);
    let mut context = RunContext::new(
        jiff::civil::date(2026, 11, 28),
        "2026-11-28T00:00:00Z".parse().unwrap(),
    );
    program.map_record(&serde_json::from_str(record).unwrap(), &mut context)
}

const MAPPING: &str = "externalId = id\nuserName = mail\nactive = enabled\n";

#[test]
fn fitting_values_map() {
    let outcome = map(
        MAPPING,
        r#"{"id": "7", "mail": "a@b.example", "enabled": true}"#,
    );
    assert!(matches!(outcome, Outcome::Mapped(_)), "{outcome:?}");
}

#[test]
fn a_required_attribute_left_null_rejects() {
    assert_eq!(
        map(MAPPING, r#"{"id": "7", "mail": null, "enabled": true}"#),
        Outcome::Rejected(
            "rule \"userName\" (line 2): `userName` is required, but the value is null".into()
        )
    );
}

#[test]
fn a_value_of_the_wrong_type_rejects() {
    assert_eq!(
        map(
            MAPPING,
            r#"{"id": 7, "mail": "a@b.example", "enabled": true}"#
        ),
        Outcome::Rejected(
            "rule \"externalId\" (line 1): `externalId` takes text, but the value is int 7".into()
        )
    );
    assert_eq!(
        map(MAPPING, r#"{"id": "7", "mail": "a@b.example", "enabled": "yes"}"#),
        Outcome::Rejected(
            "rule \"active\" (line 3): `active` takes true or false, but the value is string \"yes\"".into()
        )
    );
}

#[test]
fn explain_agrees_with_run_on_run_time_rejects() {
    let file = SourceFile::new("any.dmap", "any.dmap", MAPPING);
    let mapping = datamapper::check::check_file(&file).mapping.unwrap();
    let program = datamapper::compile::compile(&mapping, &file);
    for record in [
        r#"{"id": "7", "mail": null, "enabled": true}"#,
        r#"{"id": "7", "mail": "a@b.example", "enabled": "yes"}"#,
        r#"{"id": "7", "mail": "a@b.example", "enabled": true}"#,
    ] {
        let mut context = RunContext::new(
            jiff::civil::date(2026, 11, 28),
            "2026-11-28T00:00:00Z".parse().unwrap(),
        );
        let explained = program.explain_record(
            &serde_json::from_str(record).unwrap(),
            &mut context,
            &Default::default(),
        );
        assert_eq!(explained.outcome, map(MAPPING, record), "{record}");
    }
}

#[test]
fn a_rejected_record_holds_no_name() {
    let mapping = "source { n: string, code: string }\n\
                   externalId = n\n\
                   userName = unique(\"{n}@x.example\", \"{n}.b@x.example\")\n\
                   title = string(int(code))\n";
    let file = SourceFile::new("unique.dmap", "unique.dmap", mapping);
    let mapping = datamapper::check::check_file(&file).mapping.unwrap();
    let program = datamapper::compile::compile(&mapping, &file);
    let mut context = RunContext::new(
        jiff::civil::date(2026, 11, 28),
        "2026-11-28T00:00:00Z".parse().unwrap(),
    );
    let mut map =
        |record: &str| program.map_record(&serde_json::from_str(record).unwrap(), &mut context);
    assert!(matches!(
        map(r#"{"n": "jan", "code": "zz"}"#),
        Outcome::Rejected(_)
    ));
    let Outcome::Mapped(user) = map(r#"{"n": "jan", "code": "1"}"#) else {
        panic!("the second record maps");
    };
    assert_eq!(user["userName"], "jan@x.example");
    let Outcome::Mapped(user) = map(r#"{"n": "jan", "code": "2"}"#) else {
        panic!("the third record maps");
    };
    assert_eq!(user["userName"], "jan.b@x.example");
}

#[test]
fn float_overflow_rejects_instead_of_dropping_the_attribute() {
    let mapping = "source { id: string, x: float }\n\
                   externalId = id\n\
                   userName = \"{id}@x.example\"\n\
                   enterprise.employeeNumber = string(x * x)\n";
    let outcome = map(mapping, r#"{"id": "1", "x": 1e200}"#);
    assert_eq!(
        outcome,
        Outcome::Rejected(
            "rule \"enterprise.employeeNumber\" (line 4): the result of `*` is too large a number"
                .into()
        )
    );
}
