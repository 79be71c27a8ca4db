//! The checked mapping: names resolved, types known, regexes compiled, tables loaded.
//! This is what the checker proves and what the compiler lowers into a runnable program;
//! nothing after the checker looks at names again.

use crate::schema::target::{ScimType, TargetSchema};
use crate::schema::{ObjectType, Type};
use crate::source::Span;
use crate::value::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// A mapping file that checked without errors.
#[derive(Clone, Debug)]
pub struct CheckedMapping {
    /// The declared source record type; `None` when the file has no `source` line.
    pub source: Option<Arc<ObjectType>>,
    pub target: TargetSchema,
    pub tables: Vec<CheckedTable>,
    /// `let`s in file order; a `let` only refers to earlier ones.
    pub lets: Vec<CheckedLet>,
    /// `skip when` and `reject when`, in file order.
    pub filters: Vec<CheckedFilter>,
    /// Rules in file order.
    pub rules: Vec<CheckedRule>,
}

#[derive(Clone, Debug)]
pub struct CheckedTable {
    pub name: String,
    /// Keys are normalised: every key is a `Value::String` (numbers and booleans written
    /// in their `string()` form), so a lookup with `1` and with `"1"` finds the same entry.
    pub entries: HashMap<String, Value>,
    pub value_type: Type,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct CheckedLet {
    pub name: String,
    pub value: TypedExpr,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum CheckedFilter {
    Skip {
        condition: TypedExpr,
        span: Span,
    },
    Reject {
        reason: String,
        condition: TypedExpr,
        span: Span,
    },
}

#[derive(Clone, Debug)]
pub struct CheckedRule {
    pub target: ResolvedTarget,
    pub once: bool,
    pub value: TypedExpr,
    pub span: Span,
}

/// A target path resolved against the SCIM schemas, with names in their canonical case.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedTarget {
    /// Index into `TargetSchema::schemas` (0 is the core schema).
    pub schema: usize,
    /// The top-level attribute: `name`, `emails`, `userName`, `manager`.
    pub attribute: String,
    /// For a multi-valued attribute: the `[type eq "work"]` selector.
    pub filter: Option<(String, Value)>,
    /// The sub-attribute: `givenName` in `name.givenName`, `value` in `emails[...].value`.
    pub sub_attribute: Option<String>,
    /// Whether the top-level attribute is multi-valued.
    pub multi_valued: bool,
    /// The SCIM type of what the rule writes.
    pub kind: ScimType,
    /// The path as written, for messages: `emails[type eq "work"].value`.
    pub display: String,
}

/// An expression with its resolved meaning and its type.
#[derive(Clone, Debug)]
pub struct TypedExpr {
    pub span: Span,
    pub ty: Type,
    pub kind: TypedExprKind,
}

#[derive(Clone, Debug)]
pub enum TypedExprKind {
    /// A constant (literal strings, numbers, `null`, and constant date strings).
    Constant(Value),
    /// A string with `{expr}` parts; `null` parts become `""`.
    Interpolated(Vec<TypedExpr>),
    /// A regex literal, compiled once by the checker.
    Regex(Arc<regex::Regex>),
    /// A path into the input record, from the root: `job.title` is `["job", "title"]`.
    /// `expected` is the declared type at the end of the path (checked when read).
    Field {
        path: Vec<FieldStep>,
        expected: Type,
    },
    /// The value of `lets[index]`.
    Let(usize),
    /// A comprehension variable; `depth` 0 is the innermost enclosing comprehension.
    Local(usize),
    /// `subject.field` on a computed value (a `let`, a list element).
    Member {
        subject: Box<TypedExpr>,
        field: String,
    },
    /// `subject[index]` on a list.
    Index {
        subject: Box<TypedExpr>,
        index: Box<TypedExpr>,
    },
    /// `tables[table][key]`
    TableLookup {
        table: usize,
        key: Box<TypedExpr>,
    },
    List(Vec<TypedExpr>),
    Object(Vec<(String, TypedExpr)>),
    Comprehension {
        element: Box<TypedExpr>,
        list: Box<TypedExpr>,
        condition: Option<Box<TypedExpr>>,
    },
    Not(Box<TypedExpr>),
    Negate(Box<TypedExpr>),
    Binary {
        op: Operator,
        left: Box<TypedExpr>,
        right: Box<TypedExpr>,
    },
    /// A call of `functions::FUNCTIONS[function]`; a pipe is already a plain call here.
    Call {
        function: usize,
        args: Vec<TypedExpr>,
    },
    If {
        condition: Box<TypedExpr>,
        then: Box<TypedExpr>,
        otherwise: Option<Box<TypedExpr>>,
    },
    Match {
        subject: Box<TypedExpr>,
        arms: Vec<TypedArm>,
    },
}

/// One step of a field path.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldStep {
    Key(String),
    Index(i64),
}

/// Operators after checking. Comparisons say what they compare, so the engine does not
/// decide per record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Coalesce,
    Or,
    And,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    In,
    Add,
    Subtract,
    Multiply,
    Divide,
}

#[derive(Clone, Debug)]
pub struct TypedArm {
    pub patterns: Vec<TypedPattern>,
    pub value: TypedExpr,
}

#[derive(Clone, Debug)]
pub enum TypedPattern {
    Constant(Value),
    Regex(Arc<regex::Regex>),
    Wildcard,
}
