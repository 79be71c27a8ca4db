//! Builders for hand-made checked mappings, and the tests of compiling and running them.

mod fold;
mod output;
mod semantics;

use crate::check::ir::{
    CheckedFilter, CheckedLet, CheckedMapping, CheckedRule, FieldStep, Operator, ResolvedTarget,
    TypedExpr, TypedExprKind,
};
use crate::engine::{Outcome, Program, RunContext};
use crate::schema::target::{ScimAttribute, ScimSchema, ScimType, TargetSchema};
use crate::schema::{FieldType, ObjectType, Type};
use crate::source::{SourceFile, Span};
use crate::value::Value;
use std::sync::Arc;

pub const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
pub const HR: &str = "urn:example:params:scim:schemas:hr:1.0:User";

/// A mapping file of empty lines: a node at `line(n)` is on line `n`.
fn source_file() -> SourceFile {
    SourceFile::new("test.dmap", "test.dmap", "\n".repeat(200))
}

pub fn line(number: u32) -> Span {
    Span {
        start: number - 1,
        end: number - 1,
    }
}

fn attribute(name: &str, kind: ScimType) -> ScimAttribute {
    ScimAttribute {
        name: name.into(),
        kind,
        multi_valued: false,
        required: false,
        canonical_values: Vec::new(),
        sub_attributes: Vec::new(),
        mutability: crate::schema::target::Mutability::ReadWrite,
        description: String::new(),
    }
}

fn complex(name: &str, multi_valued: bool, subs: &[(&str, ScimType)]) -> ScimAttribute {
    ScimAttribute {
        multi_valued,
        sub_attributes: subs
            .iter()
            .map(|(name, kind)| attribute(name, *kind))
            .collect(),
        ..attribute(name, ScimType::Complex)
    }
}

/// A cut-down Plek target: core, enterprise and a custom HR extension.
pub fn target() -> TargetSchema {
    use ScimType::*;
    let multi = [
        ("value", String),
        ("display", String),
        ("type", String),
        ("primary", Boolean),
    ];
    let core = vec![
        attribute("externalId", String),
        attribute("userName", String),
        complex(
            "name",
            false,
            &[
                ("formatted", String),
                ("familyName", String),
                ("givenName", String),
            ],
        ),
        attribute("displayName", String),
        attribute("title", String),
        attribute("active", Boolean),
        complex("emails", true, &multi),
        complex("phoneNumbers", true, &multi),
        complex(
            "addresses",
            true,
            &[
                ("streetAddress", String),
                ("locality", String),
                ("type", String),
            ],
        ),
    ];
    let enterprise = vec![
        attribute("employeeNumber", String),
        attribute("costCenter", String),
        complex(
            "manager",
            false,
            &[("value", String), ("displayName", String)],
        ),
    ];
    let hr = vec![attribute("hireDate", DateTime), attribute("grade", Integer)];
    let schema = |id: &str, prefix: Option<&str>, attributes| ScimSchema {
        id: id.into(),
        name: "User".into(),
        prefix: prefix.map(str::to_string),
        attributes,
    };
    TargetSchema {
        schemas: vec![
            schema(CORE, None, core),
            schema(ENTERPRISE, Some("enterprise"), enterprise),
            schema(HR, Some("hr"), hr),
        ],
    }
}

/// A resolved target from a path like `name.givenName`, `enterprise.manager.value` or
/// `emails[type eq "work"].value`.
pub fn to(path: &str) -> ResolvedTarget {
    let target = target();
    let (schema, rest) = match path.split_once('.') {
        Some(("enterprise", rest)) => (1, rest),
        Some(("hr", rest)) => (2, rest),
        _ => (0, path),
    };
    let (head, sub_attribute) = match rest.split_once("].") {
        Some((head, sub)) => (format!("{head}]"), Some(sub.to_string())),
        None => match rest.split_once('.') {
            Some((head, sub)) => (head.to_string(), Some(sub.to_string())),
            None => (rest.to_string(), None),
        },
    };
    let (attribute, filter) = match head.split_once('[') {
        Some((name, filter)) => {
            let filter = filter.trim_end_matches(']');
            let (key, value) = filter.split_once(" eq ").unwrap();
            let value = Value::string(value.trim_matches('"'));
            (name.to_string(), Some((key.to_string(), value)))
        }
        None => (head, None),
    };
    let found = target.schemas[schema].attribute(&attribute).unwrap();
    let kind = match &sub_attribute {
        Some(sub) => found.sub_attribute(sub).unwrap().kind,
        None => found.kind,
    };
    ResolvedTarget {
        schema,
        attribute,
        filter,
        sub_attribute,
        multi_valued: found.multi_valued,
        kind,
        display: path.to_string(),
    }
}

pub fn typed(kind: TypedExprKind, ty: Type) -> TypedExpr {
    TypedExpr {
        span: line(1),
        ty,
        kind,
    }
}

pub fn constant(value: Value) -> TypedExpr {
    typed(TypedExprKind::Constant(value), Type::ANY)
}

pub fn text(value: &str) -> TypedExpr {
    constant(Value::string(value))
}

pub fn int(value: i64) -> TypedExpr {
    constant(Value::Int(value))
}

pub fn null() -> TypedExpr {
    constant(Value::Null)
}

/// A field read; the expected type comes from the source schema of `mapping_with`.
pub fn field(path: &str) -> TypedExpr {
    let steps: Vec<FieldStep> = path
        .split('.')
        .flat_map(|part| match part.split_once('[') {
            Some((key, index)) => vec![
                FieldStep::Key(key.into()),
                FieldStep::Index(index.trim_end_matches(']').parse().unwrap()),
            ],
            None => vec![FieldStep::Key(part.into())],
        })
        .collect();
    let expected = expected_type(&source_schema(), &steps);
    typed(
        TypedExprKind::Field {
            path: steps,
            expected: expected.clone(),
        },
        expected,
    )
}

fn expected_type(source: &ObjectType, steps: &[FieldStep]) -> Type {
    let mut current = Type::new(crate::schema::Shape::Object(Arc::new(source.clone())));
    for step in steps {
        current = match (step, &current.shape) {
            (FieldStep::Key(key), crate::schema::Shape::Object(object)) => object
                .field(key)
                .map_or(Type::ANY, |field| field.ty.clone()),
            (FieldStep::Index(_), crate::schema::Shape::List(element)) => (**element).clone(),
            _ => Type::ANY,
        };
    }
    current
}

pub fn binary(op: Operator, left: TypedExpr, right: TypedExpr) -> TypedExpr {
    typed(
        TypedExprKind::Binary {
            op,
            left: Box::new(left),
            right: Box::new(right),
        },
        Type::ANY,
    )
}

fn field_type(name: &str, ty: Type) -> FieldType {
    FieldType {
        name: name.into(),
        ty,
    }
}

/// The source schema the tests read from.
pub fn source_schema() -> ObjectType {
    let status = Type::enumeration(vec!["active".into(), "leave".into(), "terminated".into()]);
    ObjectType {
        fields: vec![
            field_type("employee_id", Type::INT),
            field_type("first_name", Type::STRING),
            field_type("last_name", Type::STRING.or_null()),
            field_type("work_email", Type::STRING.or_null()),
            field_type("phone", Type::STRING.or_null()),
            field_type("hire_date", Type::DATE),
            field_type("termination_date", Type::DATE.or_null()),
            field_type("updated_at", Type::DATETIME.or_null()),
            field_type("status", status),
            field_type("tags", Type::list(Type::STRING)),
            field_type("salary", Type::FLOAT.or_null()),
            field_type(
                "job",
                Type::object(vec![field_type("title", Type::STRING)]).or_null(),
            ),
            field_type(
                "department",
                Type::object(vec![
                    field_type("code", Type::STRING),
                    field_type("name", Type::STRING.or_null()),
                ]),
            ),
            field_type("custom", Type::ANY),
        ],
    }
}

/// A mapping with the test source and target.
pub fn mapping(
    lets: Vec<TypedExpr>,
    filters: Vec<CheckedFilter>,
    rules: Vec<CheckedRule>,
) -> CheckedMapping {
    CheckedMapping {
        source: Some(Arc::new(source_schema())),
        target: target(),
        tables: Vec::new(),
        lets: lets
            .into_iter()
            .enumerate()
            .map(|(index, value)| CheckedLet {
                name: format!("let{index}"),
                value,
                span: line(10 + index as u32),
            })
            .collect(),
        filters,
        rules,
    }
}

/// A rule on `line(20 + n)` for the n-th rule given to `rules`.
pub fn rules(pairs: Vec<(&str, TypedExpr)>) -> Vec<CheckedRule> {
    pairs
        .into_iter()
        .enumerate()
        .map(|(index, (path, value))| CheckedRule {
            target: to(path),
            once: false,
            value,
            span: line(20 + index as u32),
        })
        .collect()
}

pub fn compile(mapping: &CheckedMapping) -> Program {
    super::compile(mapping, &source_file())
}

pub fn context() -> RunContext {
    RunContext::new(
        jiff::civil::date(2026, 3, 1),
        "2026-03-01T08:00:00Z".parse().unwrap(),
    )
}

/// A complete, valid record.
pub fn record() -> serde_json::Value {
    serde_json::json!({
        "employee_id": 1042,
        "first_name": "Joris",
        "last_name": "van der Berg",
        "work_email": "Joris@Acme.example",
        "phone": null,
        "hire_date": "2020-12-31",
        "termination_date": null,
        "status": "active",
        "tags": ["a", "b", ""],
        "job": { "title": "Engineer" },
        "department": { "code": "ENG", "name": "Engineering" },
        "custom": { "anything": [1, 2] }
    })
}

/// Runs one rule `userName = expr` over `record` and gives its outcome.
pub fn run_rules(pairs: Vec<(&str, TypedExpr)>, record: &serde_json::Value) -> Outcome {
    let program = compile(&mapping(Vec::new(), Vec::new(), rules(pairs)));
    program.map_record(record, &mut context())
}

/// The value one expression gives for `record()`, as JSON, via the `custom` extension-free
/// path: written to `displayName`, so `null` is an absent key.
pub fn value_of(expr: TypedExpr) -> Option<serde_json::Value> {
    value_for(expr, &record())
}

pub fn value_for(mut expr: TypedExpr, record: &serde_json::Value) -> Option<serde_json::Value> {
    // The probe writes values of every kind to a text attribute; a type the checker would
    // have proved keeps the engine's run-time target check (for `any` values) out of it.
    if expr.ty.shape == crate::schema::Shape::Any {
        expr.ty = Type::ERROR;
    }
    match run_rules(vec![("displayName", expr)], record) {
        Outcome::Mapped(user) => user.get("displayName").cloned(),
        other => panic!("expected a mapped user, got {other:?}"),
    }
}

pub fn rejection(pairs: Vec<(&str, TypedExpr)>, record: &serde_json::Value) -> String {
    match run_rules(pairs, record) {
        Outcome::Rejected(reason) => reason,
        other => panic!("expected a reject, got {other:?}"),
    }
}
