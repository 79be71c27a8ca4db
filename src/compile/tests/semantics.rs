//! Evaluation semantics: `null` rules, comparisons, `match`, comprehensions, `??`
//! laziness, field checks and reject reasons.

use super::*;
use crate::check::ir::{TypedArm, TypedPattern};
use crate::engine::program::{Call, Expr};
use crate::functions::{Context, NullArgs};
use serde_json::json;
use Operator::*;

fn not(operand: TypedExpr) -> TypedExpr {
    typed(TypedExprKind::Not(Box::new(operand)), Type::BOOL)
}

fn list(items: Vec<TypedExpr>) -> TypedExpr {
    typed(TypedExprKind::List(items), Type::ANY)
}

fn date(text: &str) -> TypedExpr {
    constant(Value::Date(text.parse().unwrap()))
}

#[test]
fn null_passes_through_operators() {
    assert_eq!(value_of(binary(Add, text("a"), null())), None);
    assert_eq!(value_of(binary(Add, field("phone"), text("x"))), None);
    assert_eq!(
        value_of(binary(Less, field("termination_date"), date("2026-01-01"))),
        None
    );
    assert_eq!(value_of(binary(Multiply, int(2), field("salary"))), None);
    let negated = typed(
        TypedExprKind::Negate(Box::new(field("salary"))),
        Type::FLOAT,
    );
    assert_eq!(value_of(negated), None);
}

#[test]
fn equality_treats_null_as_a_value() {
    assert_eq!(
        value_of(binary(Equal, field("phone"), null())),
        Some(json!(true))
    );
    assert_eq!(
        value_of(binary(NotEqual, field("phone"), null())),
        Some(json!(false))
    );
    assert_eq!(
        value_of(binary(Equal, field("first_name"), null())),
        Some(json!(false))
    );
}

#[test]
fn logic_counts_null_as_false_and_gives_bools() {
    let null_condition = binary(Less, field("termination_date"), date("2026-01-01"));
    assert_eq!(value_of(not(null_condition.clone())), Some(json!(true)));
    assert_eq!(
        value_of(binary(
            And,
            null_condition.clone(),
            constant(Value::Bool(true))
        )),
        Some(json!(false))
    );
    assert_eq!(
        value_of(binary(Or, null_condition.clone(), null())),
        Some(json!(false))
    );
    let choice = typed(
        TypedExprKind::If {
            condition: Box::new(null_condition),
            then: Box::new(text("then")),
            otherwise: Some(Box::new(text("else"))),
        },
        Type::STRING,
    );
    assert_eq!(value_of(choice), Some(json!("else")));
}

#[test]
fn if_without_else_gives_null() {
    let choice = typed(
        TypedExprKind::If {
            condition: Box::new(binary(Equal, field("status"), text("leave"))),
            then: Box::new(text("then")),
            otherwise: None,
        },
        Type::STRING,
    );
    assert_eq!(value_of(choice), None);
}

#[test]
fn interpolation_writes_null_as_nothing() {
    let parts = vec![
        field("first_name"),
        text(" "),
        field("phone"),
        text("/"),
        field("employee_id"),
    ];
    let interpolated = typed(TypedExprKind::Interpolated(parts), Type::STRING);
    assert_eq!(value_of(interpolated), Some(json!("Joris /1042")));
}

#[test]
fn plus_joins_text_and_adds_numbers() {
    assert_eq!(
        value_of(binary(Add, field("first_name"), text("!"))),
        Some(json!("Joris!"))
    );
    assert_eq!(
        value_of(binary(Add, field("employee_id"), int(1))),
        Some(json!(1043))
    );
    assert_eq!(value_of(binary(Divide, int(7), int(2))), Some(json!(3.5)));
}

#[test]
fn integer_overflow_and_division_by_zero_reject() {
    let overflow = binary(Multiply, field("employee_id"), int(i64::MAX));
    let reason = rejection(vec![("displayName", overflow)], &record());
    assert_eq!(
        reason,
        "rule \"displayName\" (line 20): 1042 * 9223372036854775807 is too large for a whole number"
    );
    let by_zero = binary(
        Divide,
        field("employee_id"),
        binary(Subtract, int(1), int(1)),
    );
    let reason = rejection(vec![("displayName", by_zero)], &record());
    assert_eq!(
        reason,
        "rule \"displayName\" (line 20): 1042 / 0: division by zero"
    );
}

#[test]
fn dates_compare_as_dates_also_with_date_shaped_text() {
    let later = binary(Greater, field("hire_date"), date("2020-06-01"));
    assert_eq!(value_of(later), Some(json!(true)));
    // Not folded by the checker: the text is read as a date at run time.
    let earlier = binary(Less, field("hire_date"), text("2021-01-01"));
    assert_eq!(value_of(earlier), Some(json!(true)));
    let same = binary(Equal, text("2020-12-31"), field("hire_date"));
    assert_eq!(value_of(same), Some(json!(true)));
    let not_a_date = binary(Equal, field("hire_date"), text("31-12-2020"));
    assert_eq!(value_of(not_a_date), Some(json!(false)));
}

#[test]
fn date_and_datetime_compare_at_midnight_utc() {
    let mut input = record();
    input["updated_at"] = json!("2020-12-31T00:00:00Z");
    let same = binary(Equal, field("updated_at"), field("hire_date"));
    assert_eq!(value_for(same, &input), Some(json!(true)));
    let after = binary(Greater, field("updated_at"), text("2020-12-30"));
    assert_eq!(value_for(after, &input), Some(json!(true)));
}

#[test]
fn membership_in_constant_and_computed_lists() {
    let constant_list = list(vec![text("leave"), text("active")]);
    assert_eq!(
        value_of(binary(In, field("status"), constant_list)),
        Some(json!(true))
    );
    let computed = list(vec![field("last_name"), field("first_name")]);
    assert_eq!(
        value_of(binary(In, text("Joris"), computed)),
        Some(json!(true))
    );
    assert_eq!(
        value_of(binary(In, text("x"), field("tags"))),
        Some(json!(false))
    );
    assert_eq!(
        value_of(binary(In, field("phone"), list(vec![text("x")]))),
        None
    );
}

fn arm(patterns: Vec<TypedPattern>, value: &str) -> TypedArm {
    TypedArm {
        patterns,
        value: text(value),
    }
}

fn choose(subject: TypedExpr, arms: Vec<TypedArm>) -> TypedExpr {
    typed(
        TypedExprKind::Match {
            subject: Box::new(subject),
            arms,
        },
        Type::STRING,
    )
}

#[test]
fn match_takes_the_first_arm_that_matches() {
    let regex = Arc::new(regex::Regex::new("^van").unwrap());
    let arms = || {
        vec![
            arm(vec![TypedPattern::Constant(Value::string("x"))], "literal"),
            arm(vec![TypedPattern::Regex(regex.clone())], "regex"),
            arm(vec![TypedPattern::Wildcard], "other"),
        ]
    };
    assert_eq!(
        value_of(choose(field("last_name"), arms())),
        Some(json!("regex"))
    );
    assert_eq!(value_of(choose(text("x"), arms())), Some(json!("literal")));
    assert_eq!(
        value_of(choose(field("phone"), arms())),
        Some(json!("other"))
    );
    let no_wildcard = vec![arm(
        vec![
            TypedPattern::Constant(Value::string("a")),
            TypedPattern::Constant(Value::string("b")),
        ],
        "a or b",
    )];
    assert_eq!(
        value_of(choose(text("b"), no_wildcard.clone())),
        Some(json!("a or b"))
    );
    assert_eq!(value_of(choose(text("c"), no_wildcard)), None);
}

#[test]
fn comprehension_maps_and_filters_with_locals() {
    let local = typed(TypedExprKind::Local(0), Type::STRING);
    let comprehension = typed(
        TypedExprKind::Comprehension {
            element: Box::new(binary(Add, local.clone(), text("!"))),
            list: Box::new(field("tags")),
            condition: Some(Box::new(binary(NotEqual, local, text("")))),
        },
        Type::list(Type::STRING),
    );
    assert_eq!(value_of(comprehension), Some(json!(["a!", "b!"])));
}

#[test]
fn list_index_and_member_access_through_null() {
    assert_eq!(value_of(field("tags[1]")), Some(json!("b")));
    assert_eq!(value_of(field("tags[7]")), None);
    let computed = |position: i64| {
        typed(
            TypedExprKind::Index {
                subject: Box::new(list(vec![field("first_name")])),
                index: Box::new(int(position)),
            },
            Type::STRING.or_null(),
        )
    };
    assert_eq!(value_of(computed(0)), Some(json!("Joris")));
    assert_eq!(value_of(computed(-1)), None);
    assert_eq!(value_of(computed(1)), None);
    let mut input = record();
    input["job"] = json!(null);
    assert_eq!(value_for(field("job.title"), &input), None);
    let member = typed(
        TypedExprKind::Member {
            subject: Box::new(null()),
            field: "title".into(),
        },
        Type::ANY,
    );
    assert_eq!(value_of(member), None);
}

#[test]
fn table_lookup_normalises_keys_and_misses_give_null() {
    let mut checked = mapping(
        Vec::new(),
        Vec::new(),
        rules(vec![
            ("displayName", lookup(field("department.code"))),
            ("title", lookup(field("employee_id"))),
            ("externalId", lookup(text("missing"))),
        ]),
    );
    checked.tables.push(crate::check::ir::CheckedTable {
        name: "names".into(),
        entries: [("ENG", "Engineering"), ("1042", "by number")]
            .into_iter()
            .map(|(key, value)| (key.to_string(), Value::string(value)))
            .collect(),
        value_type: Type::STRING,
        span: line(3),
    });
    let Outcome::Mapped(user) = compile(&checked).map_record(&record(), &mut context()) else {
        panic!("expected a user");
    };
    assert_eq!(user["displayName"], json!("Engineering"));
    assert_eq!(user["title"], json!("by number"));
    assert_eq!(user.get("externalId"), None);
}

fn lookup(key: TypedExpr) -> TypedExpr {
    typed(
        TypedExprKind::TableLookup {
            table: 0,
            key: Box::new(key),
        },
        Type::STRING.or_null(),
    )
}

thread_local! {
    /// How many times `remember_call` ran on this test's thread.
    static CALLS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn remember_call(args: &[Value], _: &mut Context<'_>) -> Result<Value, String> {
    CALLS.with(|calls| calls.set(calls.get() + 1));
    Ok(args.first().cloned().unwrap_or(Value::Null))
}

fn called() -> bool {
    CALLS.with(|calls| calls.get() > 0)
}

fn failing_call(_: &[Value], _: &mut Context<'_>) -> Result<Value, String> {
    Err("\"12a\" is not a whole number".into())
}

fn call(name: &'static str, run: crate::engine::program::FunctionPointer, args: Vec<Expr>) -> Expr {
    Expr::Call(Box::new(Call {
        name,
        run,
        null_args: NullArgs::Any,
        args: args.into(),
    }))
}

#[test]
fn coalesce_runs_its_right_side_only_for_null() {
    let checked = mapping(
        Vec::new(),
        Vec::new(),
        rules(vec![("userName", field("work_email"))]),
    );
    let mut program = compile(&checked);
    let fallback = call(
        "remember",
        remember_call,
        vec![Expr::Constant(Value::string("x"))],
    );
    let left = std::mem::replace(&mut program.rules[0].value, Expr::Constant(Value::Null));
    program.rules[0].value = Expr::Binary(Box::new(crate::engine::program::Binary {
        op: crate::engine::program::Operator::Coalesce,
        left,
        right: fallback,
    }));
    let mut run = context();
    program.map_record(&record(), &mut run);
    assert!(!called());
    let mut input = record();
    input["work_email"] = json!(null);
    let outcome = program.map_record(&input, &mut run);
    assert!(called());
    let Outcome::Mapped(user) = outcome else {
        panic!()
    };
    assert_eq!(user["userName"], json!("x"));
}

#[test]
fn null_arguments_give_null_without_calling() {
    let checked = mapping(
        Vec::new(),
        Vec::new(),
        rules(vec![("userName", field("phone"))]),
    );
    let mut program = compile(&checked);
    let argument = std::mem::replace(&mut program.rules[0].value, Expr::Constant(Value::Null));
    program.rules[0].value = call("remember", remember_call, vec![argument]);
    let mut run = context();
    assert!(matches!(
        program.map_record(&record(), &mut run),
        Outcome::Mapped(_)
    ));
    assert!(!called());
}

#[test]
fn function_errors_name_the_rule_and_its_line() {
    let checked = mapping(
        Vec::new(),
        Vec::new(),
        rules(vec![("displayName", text("x")), ("userName", text("x"))]),
    );
    let mut program = compile(&checked);
    program.rules[1].value = call(
        "int",
        failing_call,
        vec![Expr::Constant(Value::string("12a"))],
    );
    assert_eq!(
        program.map_record(&record(), &mut context()),
        Outcome::Rejected("rule \"userName\" (line 21): int: \"12a\" is not a whole number".into())
    );
}

#[test]
fn lets_are_computed_once_and_errors_in_them_name_the_let() {
    let let_value = typed(TypedExprKind::Let(0), Type::STRING);
    let checked = mapping(
        // Not a constant, so reads of the let stay reads for the test to replace.
        vec![field("first_name")],
        Vec::new(),
        rules(vec![
            ("displayName", let_value.clone()),
            ("title", let_value),
        ]),
    );
    let mut program = compile(&checked);
    program.lets[0].value = call(
        "remember",
        remember_call,
        vec![Expr::Constant(Value::string("v"))],
    );
    let mut run = context();
    let Outcome::Mapped(user) = program.map_record(&record(), &mut run) else {
        panic!()
    };
    assert_eq!(
        (&user["displayName"], &user["title"]),
        (&json!("v"), &json!("v"))
    );
    program.lets[0].value = call(
        "int",
        failing_call,
        vec![Expr::Constant(Value::string("12a"))],
    );
    assert_eq!(
        program.map_record(&record(), &mut run),
        Outcome::Rejected("let \"let0\" (line 10): int: \"12a\" is not a whole number".into())
    );
}

#[test]
fn fields_that_do_not_fit_the_schema_reject_the_record() {
    let cases = [
        ("hire_date", json!("31-12-2020"), "field \"hire_date\": expected a date (YYYY-MM-DD), got \"31-12-2020\""),
        ("employee_id", json!("12a"), "field \"employee_id\": expected a whole number, got \"12a\""),
        ("status", json!("gone"), "field \"status\": expected one of \"active\", \"leave\", \"terminated\", got \"gone\""),
        ("first_name", json!(null), "field \"first_name\": expected a string, got null"),
        ("department", json!({ "name": "x" }), "field \"department.code\" is missing (expected a string)"),
        ("job", json!("boss"), "field \"job\": expected an object, got \"boss\""),
        ("tags", json!(["a", 3]), "field \"tags[1]\": expected a string, got 3"),
        ("updated_at", json!("yesterday"), "field \"updated_at\": expected a datetime (RFC 3339, like 2026-01-31T09:00:00Z), got \"yesterday\""),
    ];
    for (name, bad, reason) in cases {
        let mut input = record();
        input[name] = bad;
        let read = if name == "job" {
            field("job.title")
        } else {
            field(name)
        };
        assert_eq!(rejection(vec![("displayName", read)], &input), reason);
    }
}

#[test]
fn fields_convert_to_their_declared_types() {
    let mut input = record();
    input["updated_at"] = json!("2026-01-31T09:00:00+01:00");
    input["employee_id"] = json!(7.0);
    assert_eq!(
        value_for(field("hire_date"), &input),
        Some(json!("2020-12-31"))
    );
    assert_eq!(
        value_for(field("updated_at"), &input),
        Some(json!("2026-01-31T08:00:00Z"))
    );
    assert_eq!(value_for(field("employee_id"), &input), Some(json!(7)));
    assert_eq!(
        value_for(field("custom"), &input),
        Some(json!({ "anything": [1, 2] }))
    );
}

#[test]
fn unread_fields_are_not_checked() {
    let mut input = record();
    input["hire_date"] = json!("not a date");
    assert_eq!(value_for(field("first_name"), &input), Some(json!("Joris")));
}

#[test]
fn filters_run_in_file_order_before_rules() {
    let skip = CheckedFilter::Skip {
        condition: binary(Equal, field("status"), text("leave")),
        span: line(5),
    };
    let reject = CheckedFilter::Reject {
        reason: "no last name".into(),
        condition: binary(Equal, field("last_name"), null()),
        span: line(6),
    };
    let failing_rule = binary(Divide, int(1), binary(Subtract, int(1), int(1)));
    let program = compile(&mapping(
        Vec::new(),
        vec![skip, reject],
        rules(vec![("displayName", failing_rule)]),
    ));
    let mut input = record();
    input["status"] = json!("leave");
    input["last_name"] = json!(null);
    assert_eq!(program.map_record(&input, &mut context()), Outcome::Skipped);
    input["status"] = json!("active");
    assert_eq!(
        program.map_record(&input, &mut context()),
        Outcome::Rejected("reject \"no last name\" (line 6)".into())
    );
}

#[test]
fn missing_fields_reject_only_when_required() {
    let mut input = record();
    input.as_object_mut().unwrap().remove("first_name");
    input.as_object_mut().unwrap().remove("last_name");
    assert_eq!(
        rejection(vec![("displayName", field("first_name"))], &input),
        "field \"first_name\" is missing (expected a string)"
    );
    assert_eq!(value_for(field("last_name"), &input), None);
    input["department"] = json!({ "code": "ENG" });
    let whole = typed(
        TypedExprKind::Member {
            subject: Box::new(field("department")),
            field: "name".into(),
        },
        Type::STRING.or_null(),
    );
    assert_eq!(value_for(whole, &input), None);
    input["department"] = json!({ "name": "Engineering" });
    assert_eq!(
        rejection(vec![("displayName", field("department"))], &input),
        "field \"department.code\" is missing (expected a string)"
    );
}
