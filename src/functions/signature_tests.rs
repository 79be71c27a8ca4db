use super::*;
use crate::functions::lookup;

fn check(name: &str, args: &[Type]) -> Result<Type, ArgumentError> {
    lookup(name).unwrap().check_call(args)
}

fn status() -> Type {
    Type::enumeration(vec!["active".into(), "leave".into()])
}

#[test]
fn counts_are_checked() {
    assert_eq!(
        check("left", &[Type::STRING]),
        Err(ArgumentError::Count {
            min: 2,
            max: Some(2),
            found: 1
        })
    );
    assert_eq!(
        check(
            "substring",
            &[Type::STRING, Type::INT, Type::INT, Type::INT]
        ),
        Err(ArgumentError::Count {
            min: 2,
            max: Some(3),
            found: 4
        })
    );
    assert!(check("substring", &[Type::STRING, Type::INT]).is_ok());
    assert_eq!(
        check("today", &[Type::STRING]),
        Err(ArgumentError::Count {
            min: 0,
            max: Some(0),
            found: 1
        })
    );
}

#[test]
fn types_are_checked_in_plain_words() {
    assert_eq!(
        check("left", &[Type::STRING, Type::STRING]),
        Err(ArgumentError::Type {
            index: 1,
            expected: "a whole number",
            found: Type::STRING
        })
    );
    assert_eq!(
        check("replace", &[Type::STRING, Type::INT, Type::STRING]),
        Err(ArgumentError::Type {
            index: 1,
            expected: "a regular expression or text",
            found: Type::INT
        })
    );
    assert_eq!(
        check("add_days", &[Type::STRING, Type::INT]),
        Err(ArgumentError::Type {
            index: 0,
            expected: "a date or a datetime",
            found: Type::STRING
        })
    );
}

#[test]
fn unknown_types_enums_ints_and_null_are_accepted() {
    assert_eq!(check("lower", &[status()]), Ok(Type::STRING));
    assert_eq!(check("lower", &[Type::ERROR]), Ok(Type::STRING));
    assert_eq!(check("lower", &[Type::ANY]), Ok(Type::STRING.or_null()));
    assert_eq!(check("lower", &[Type::NULL]), Ok(Type::STRING.or_null()));
    assert_eq!(check("round", &[Type::INT]), Ok(Type::INT));
    assert!(check("round", &[Type::BOOL]).is_err());
}

#[test]
fn nullable_arguments_make_nullable_results() {
    assert_eq!(
        check("left", &[Type::STRING.or_null(), Type::INT]),
        Ok(Type::STRING.or_null())
    );
    // A null format means the default format, so only the text matters.
    assert_eq!(
        check("date", &[Type::STRING, Type::STRING.or_null()]),
        Ok(Type::DATE)
    );
    assert_eq!(
        check("date", &[Type::STRING.or_null()]),
        Ok(Type::DATE.or_null())
    );
    assert_eq!(check("blank", &[Type::STRING]), Ok(Type::STRING.or_null()));
    assert_eq!(
        check("e164", &[Type::STRING, Type::STRING]),
        Ok(Type::STRING.or_null())
    );
}

#[test]
fn join_takes_a_list_of_text_with_null_elements() {
    let names = Type::list(Type::STRING.or_null());
    assert_eq!(check("join", &[names, Type::STRING]), Ok(Type::STRING));
    assert!(check("join", &[Type::list(Type::INT), Type::STRING]).is_err());
    assert!(check("join", &[Type::STRING, Type::STRING]).is_err());
}

#[test]
fn unique_is_null_only_when_every_candidate_is() {
    let maybe = Type::STRING.or_null();
    assert_eq!(
        check("unique", &[maybe.clone(), Type::STRING]),
        Ok(Type::STRING)
    );
    assert_eq!(
        check("unique", &[maybe.clone(), maybe]),
        Ok(Type::STRING.or_null())
    );
    assert!(matches!(
        check("unique", &[]),
        Err(ArgumentError::Count {
            min: 1,
            max: None,
            found: 0
        })
    ));
    assert!(check("unique", &[Type::STRING, Type::INT]).is_err());
}

#[test]
fn result_types_follow_arguments() {
    let dates = Type::list(Type::DATE);
    assert_eq!(
        check("first", std::slice::from_ref(&dates)),
        Ok(Type::DATE.or_null())
    );
    assert_eq!(
        check("sort", std::slice::from_ref(&dates)),
        Ok(dates.clone())
    );
    assert_eq!(
        check("add_days", &[Type::DATETIME, Type::INT]),
        Ok(Type::DATETIME)
    );
    assert_eq!(check("min", &[Type::INT, Type::INT]), Ok(Type::INT));
    assert_eq!(check("min", &[Type::INT, Type::FLOAT]), Ok(Type::FLOAT));
    assert_eq!(
        check("abs", &[Type::FLOAT.or_null()]),
        Ok(Type::FLOAT.or_null())
    );
    let nested = Type::list(Type::list(Type::STRING));
    assert_eq!(check("flatten", &[nested]), Ok(Type::list(Type::STRING)));
    assert_eq!(
        check("flatten", std::slice::from_ref(&dates)),
        Ok(dates.clone())
    );
    assert!(check("sort", &[Type::list(Type::list(Type::INT))]).is_err());
}

#[test]
fn length_takes_text_or_a_list() {
    assert_eq!(check("length", &[Type::list(Type::INT)]), Ok(Type::INT));
    assert_eq!(check("length", &[Type::STRING]), Ok(Type::INT));
    assert!(check("length", &[Type::INT]).is_err());
}

#[test]
fn signature_text_marks_optional_and_variadic_parameters() {
    assert_eq!(
        lookup("left").unwrap().signature_text(),
        "left(s: text, n: int) -> text"
    );
    assert_eq!(
        lookup("substring").unwrap().signature_text(),
        "substring(s: text, start: int, len?: int) -> text"
    );
    assert_eq!(
        lookup("unique").unwrap().signature_text(),
        "unique(candidates: text...) -> text"
    );
}
