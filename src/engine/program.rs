//! The compiled form of a mapping: expressions as a small tree of resolved nodes,
//! filters and rules with their labels, and the plan for assembling the SCIM user.

use crate::functions::{Context, NullArgs};
use crate::schema::target::ScimType;
use crate::schema::Type;
use crate::value::Value;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A compiled expression. Names are gone: fields are paths, lets and comprehension
/// variables are slots, functions are pointers, tables are indexes.
#[derive(Debug)]
pub enum Expr {
    Constant(Value),
    /// A string with parts; `null` parts write nothing.
    Interpolated(Box<[Expr]>),
    Field(Box<FieldRead>),
    Let(usize),
    /// A comprehension variable; 0 is the innermost.
    Local(usize),
    Member(Box<(Expr, Arc<str>)>),
    /// `subject[index]` on a computed list.
    Index(Box<(Expr, Expr)>),
    TableLookup(usize, Box<Expr>),
    List(Box<[Expr]>),
    Object(Box<ObjectExpr>),
    Comprehension(Box<Comprehension>),
    Not(Box<Expr>),
    Negate(Box<Expr>),
    Binary(Box<Binary>),
    /// `x in [constant, ...]` with the constants' text in a set.
    InSet(Box<InSet>),
    Call(Box<Call>),
    If(Box<IfExpr>),
    Match(Box<MatchExpr>),
}

/// A read of the input record from its root.
#[derive(Debug)]
pub struct FieldRead {
    pub steps: Box<[FieldStep]>,
    /// The declared type of the value read.
    pub expected: Type,
    /// Whether `null` (or absence) is allowed: the field, or a field on the way to it,
    /// is optional, or the path goes through a list index.
    pub nullable: bool,
    /// The path as written, for reject reasons: `job.title`.
    pub display: Box<str>,
    /// The position of each step among its node's children in the program's field tree
    /// (`sparse::FieldNode`), for reading sparse records; filled in by `Program::new`.
    pub positions: Box<[usize]>,
}

/// One step of a field path, with whether the source schema declares the shape of the
/// value it steps into (then a value of another shape rejects the record).
#[derive(Debug)]
pub struct FieldStep {
    pub kind: StepKind,
    pub declared: bool,
    /// The path up to and including this step's parent, for messages.
    pub parent_display: Box<str>,
}

#[derive(Clone, Debug)]
pub enum StepKind {
    Key(Box<str>),
    Index(i64),
}

#[derive(Debug)]
pub struct ObjectExpr {
    pub keys: Box<[Arc<str>]>,
    pub values: Box<[Expr]>,
}

#[derive(Debug)]
pub struct Comprehension {
    pub element: Expr,
    pub list: Expr,
    pub condition: Option<Expr>,
}

/// Binary operators as the engine runs them.
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

impl Operator {
    /// The operator as written in a mapping, for messages and `explain`.
    pub fn symbol(self) -> &'static str {
        match self {
            Operator::Coalesce => "??",
            Operator::Or => "or",
            Operator::And => "and",
            Operator::Equal => "==",
            Operator::NotEqual => "!=",
            Operator::Less => "<",
            Operator::LessEqual => "<=",
            Operator::Greater => ">",
            Operator::GreaterEqual => ">=",
            Operator::In => "in",
            Operator::Add => "+",
            Operator::Subtract => "-",
            Operator::Multiply => "*",
            Operator::Divide => "/",
        }
    }
}

#[derive(Debug)]
pub struct Binary {
    pub op: Operator,
    pub left: Expr,
    pub right: Expr,
}

#[derive(Debug)]
pub struct InSet {
    pub subject: Expr,
    /// The text constants of the list, for text subjects.
    pub texts: HashSet<Box<str>>,
    /// All constants of the list, for other subjects (dates, numbers).
    pub items: Box<[Value]>,
}

/// The signature of a function implementation.
pub type FunctionPointer = fn(&[Value], &mut Context<'_>) -> Result<Value, String>;

#[derive(Debug)]
pub struct Call {
    pub name: &'static str,
    pub run: FunctionPointer,
    pub null_args: NullArgs,
    pub args: Box<[Expr]>,
}

impl Call {
    /// A call of a function of the table with `args`.
    pub(crate) fn of(function: &crate::functions::Function, args: Box<[Expr]>) -> Call {
        Call {
            name: function.name,
            run: function.run,
            null_args: function.null_args,
            args,
        }
    }
}

#[derive(Debug)]
pub struct IfExpr {
    pub condition: Expr,
    pub then: Expr,
    pub otherwise: Option<Expr>,
}

#[derive(Debug)]
pub struct MatchExpr {
    pub subject: Expr,
    pub arms: Box<[MatchArm]>,
}

#[derive(Debug)]
pub struct MatchArm {
    pub patterns: Box<[Pattern]>,
    pub value: Expr,
}

#[derive(Debug)]
pub enum Pattern {
    Constant(Value),
    Regex(Arc<regex::Regex>),
    Wildcard,
}

impl Pattern {
    /// Whether a `match` arm with this pattern takes `subject`: the one rule for
    /// evaluation and for folding a `match` on a constant when compiling.
    pub(crate) fn matches(&self, subject: &Value) -> bool {
        match self {
            Pattern::Wildcard => true,
            Pattern::Constant(constant) => super::operators::equals(subject, constant),
            Pattern::Regex(regex) => subject.as_str().is_some_and(|text| regex.is_match(text)),
        }
    }
}

/// A `let`: its expression and the label that names it in reject reasons.
#[derive(Debug)]
pub struct Let {
    pub value: Expr,
    pub label: String,
}

/// A `skip when` or `reject when`.
#[derive(Debug)]
pub struct Filter {
    pub condition: Expr,
    /// `None` for skip; for reject, the full reject reason.
    pub reject_reason: Option<String>,
    pub label: String,
}

/// A rule: its expression and the label that names it in reject reasons.
#[derive(Debug)]
pub struct Rule {
    pub value: Expr,
    pub label: String,
    pub once: bool,
    /// The target as written: `emails[type eq "work"].value`.
    pub target: String,
    /// A required attribute (`userName`, `externalId`): a null value rejects the record.
    pub required: bool,
    /// The SCIM type to check at run time, for values whose type the checker could not
    /// know (`any` fields); `None` when the checker proved it.
    pub expects: Option<crate::schema::target::ScimType>,
}

/// Where each rule's value goes in the SCIM user, in output order.
#[derive(Debug, Default)]
pub struct OutputPlan {
    /// The core schema first, then extensions.
    pub schemas: Vec<SchemaPlan>,
    /// The rule that sets `userName`, held in `taken` after each mapped record.
    pub user_name_rule: Option<usize>,
    /// Whether mapped userNames are held for the rest of the run: only `unique` reads
    /// them.
    pub holds_names: bool,
}

/// One SCIM schema's part of the user.
#[derive(Debug)]
pub struct SchemaPlan {
    pub urn: String,
    /// Attributes that some rule sets, in the schema's order.
    pub attributes: Vec<AttributePlan>,
}

#[derive(Debug)]
pub struct AttributePlan {
    pub name: String,
    pub kind: ScimType,
    /// The schema's sub-attributes (name and type), in schema order.
    pub sub_attributes: Arc<[(String, ScimType)]>,
    /// The rule that sets the whole attribute (`emails = [...]`, `title = ...`).
    pub whole: Option<usize>,
    pub shape: AttributeShape,
}

#[derive(Debug)]
pub enum AttributeShape {
    /// A single value (simple, or complex set as a whole).
    Single,
    /// A single complex value built from sub-attribute rules (`name.givenName`).
    Complex(Vec<SubRule>),
    /// A multi-valued attribute: whole, and elements built from filtered rules.
    Multi(Vec<ElementPlan>),
}

/// A rule that sets one sub-attribute.
#[derive(Debug)]
pub struct SubRule {
    pub name: String,
    pub kind: ScimType,
    pub rule: usize,
}

/// One element of a multi-valued attribute, selected by a filter (`[type eq "work"]`).
#[derive(Debug)]
pub struct ElementPlan {
    /// Keys in output order: `value`, `type`, then the rest in schema order.
    pub keys: Vec<ElementKey>,
    /// Whether the element is kept only when its `value` is set; otherwise it is kept
    /// when any rule gave a value.
    pub needs_value: bool,
}

#[derive(Debug)]
pub enum ElementKey {
    Rule(SubRule),
    /// The filter's attribute and value (`type: "work"`).
    Filter {
        name: String,
        value: serde_json::Value,
    },
}

/// A loaded lookup table; keys are normalised to text.
#[derive(Debug)]
pub struct Table {
    /// The table's name in the mapping, for explanations.
    pub name: String,
    pub entries: HashMap<String, Value>,
}

impl Table {
    /// The value for `key`, if the table has an entry for it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.get(key)
    }
}
