use crate::functions::test_support::{call, call_with, s};
use crate::functions::TakenNames;
use crate::value::Value;

fn unique_in(taken: &mut TakenNames, candidates: &[Option<&str>]) -> Value {
    let args = candidates
        .iter()
        .map(|candidate| candidate.map_or(Value::Null, s))
        .collect();
    call_with("unique", args, taken).unwrap()
}

/// As the engine does for a record that maps: its userName is held from then on.
fn unique_mapped(taken: &mut TakenNames, candidates: &[Option<&str>]) -> Value {
    let chosen = unique_in(taken, candidates);
    if let Some(name) = chosen.as_str() {
        taken.insert(name);
    }
    chosen
}

#[test]
fn unique_takes_the_first_free_candidate_and_reserves_nothing() {
    let mut taken = taken_names(&["j.berg@acme.example"]);
    let first = unique_in(
        &mut taken,
        &[Some("J.Berg@acme.example"), Some("jan.berg@acme.example")],
    );
    assert_eq!(first, s("jan.berg@acme.example"));
    // The engine holds a name once the record maps; a rejected record holds nothing.
    assert!(!taken.contains("jan.berg@acme.example"));
}

#[test]
fn unique_numbers_the_last_candidate_from_two_up() {
    let mut taken = TakenNames::default();
    let candidates = [
        Some("j.berg@acme.example"),
        Some("Joris.vanderBerg@acme.example"),
    ];
    let made: Vec<Value> = (0..4)
        .map(|_| unique_mapped(&mut taken, &candidates))
        .collect();
    assert_eq!(
        made,
        vec![
            s("j.berg@acme.example"),
            s("Joris.vanderBerg@acme.example"),
            s("Joris.vanderBerg2@acme.example"),
            s("Joris.vanderBerg3@acme.example"),
        ]
    );
}

#[test]
fn unique_appends_the_number_without_an_at_sign() {
    let mut taken = taken_names(&["jberg", "jberg2"]);
    assert_eq!(unique_in(&mut taken, &[Some("jberg")]), s("jberg3"));
    // The gap left by a free number is used first.
    let mut taken = taken_names(&["jberg", "jberg3"]);
    assert_eq!(unique_in(&mut taken, &[Some("JBerg")]), s("JBerg2"));
}

#[test]
fn unique_skips_null_candidates() {
    let mut taken = taken_names(&["jansen"]);
    assert_eq!(
        unique_in(&mut taken, &[None, Some("jansen"), None]),
        s("jansen2")
    );
    assert_eq!(unique_in(&mut taken, &[None, None]), Value::Null);
    assert_eq!(taken.len(), 1);
}

#[test]
fn unique_rejects_candidates_that_are_not_text() {
    let error = call("unique", vec![Value::Int(3)]).unwrap_err();
    assert_eq!(error, "unique: expected text, got int");
}

#[test]
fn e164_formats_valid_numbers_of_a_region() {
    let e164 = |phone: &str, region: &str| call("e164", vec![s(phone), s(region)]).unwrap();
    assert_eq!(e164("06 12345678", "NL"), s("+31612345678"));
    assert_eq!(e164("06-1234 5678", "nl"), s("+31612345678"));
    assert_eq!(e164("+31 6 12345678", "DE"), s("+31612345678"));
    assert_eq!(e164("0031612345678", "NL"), s("+31612345678"));
    assert_eq!(e164("030 123 4567", "NL"), s("+31301234567"));
    assert_eq!(e164("12345", "NL"), Value::Null);
    assert_eq!(e164("not a phone", "NL"), Value::Null);
    assert_eq!(e164("", "NL"), Value::Null);
}

#[test]
fn e164_rejects_an_unknown_region_and_passes_null() {
    let error = call("e164", vec![s("0612345678"), s("XX")]).unwrap_err();
    assert_eq!(error, "e164: \"XX\" is not a known region code");
    assert_eq!(call("e164", vec![Value::Null, s("NL")]), Ok(Value::Null));
}

#[test]
fn is_email_is_pragmatic() {
    let is_email = |text: &str| call("is_email", vec![s(text)]).unwrap();
    for good in [
        "a@b.nl",
        "jan.van.der.berg+hr@acme.example",
        "Zoë@acme.example",
    ] {
        assert_eq!(is_email(good), Value::Bool(true), "{good}");
    }
    for bad in [
        "",
        "jan",
        "@acme.example",
        "jan@",
        "jan@acme",
        "jan@@acme.nl",
        "a@b@c.nl",
        "jan @acme.nl",
        "jan@.acme",
        "jan@acme.",
        "jan@acme..nl",
    ] {
        assert_eq!(is_email(bad), Value::Bool(false), "{bad}");
    }
    assert_eq!(call("is_email", vec![Value::Null]), Ok(Value::Null));
}

fn taken_names(names: &[&str]) -> TakenNames {
    let mut taken = TakenNames::default();
    for name in names {
        taken.insert(name);
    }
    taken
}
