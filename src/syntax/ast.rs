//! The syntax tree of a mapping file, as written. Every node carries its span.
//!
//! Names are not resolved here: `job.title` is a member access on the name `job`
//! and `country_language[key]` is an index; the checker decides what they mean.

use crate::source::Span;

/// A whole parsed `.dmap` file: its items in order, and its comments (kept for `fmt`).
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedFile {
    pub items: Vec<Item>,
    pub comments: Vec<Comment>,
}

/// A `# ...` comment; `text` includes the `#` and excludes the line break.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub span: Span,
    pub text: String,
}

/// A name: a plain identifier or a `` `backticked name` ``.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A plain string literal without interpolation (paths, reasons, table CSV columns).
#[derive(Clone, Debug, PartialEq)]
pub struct StringLit {
    pub value: String,
    pub span: Span,
}

/// A top-level item of a mapping file.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Source(SourceDecl),
    Target(TargetDecl),
    Table(TableDecl),
    Let(LetDecl),
    Skip(SkipDecl),
    Reject(RejectDecl),
    Rule(RuleDecl),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Source(item) => item.span,
            Item::Target(item) => item.span,
            Item::Table(item) => item.span,
            Item::Let(item) => item.span,
            Item::Skip(item) => item.span,
            Item::Reject(item) => item.span,
            Item::Rule(item) => item.span,
        }
    }
}

/// `source "file.json"` or `source { field: type ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceDecl {
    pub span: Span,
    pub kind: SourceKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SourceKind {
    File(StringLit),
    Inline(Vec<FieldDecl>),
}

/// `name: type` inside an inline source block or an object type.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    pub span: Span,
    pub name: Ident,
    pub ty: TypeExpr,
}

/// A type as written in an inline source block.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    pub span: Span,
    pub kind: TypeExprKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeExprKind {
    /// `string int float bool date datetime any` (any other name is a checker error).
    Named(Ident),
    /// `[T]`
    List(Box<TypeExpr>),
    /// `{ name: T, ... }`
    Object(Vec<FieldDecl>),
    /// `"a" | "b"`
    Enum(Vec<StringLit>),
    /// `T?`
    Nullable(Box<TypeExpr>),
}

/// `target plek` or `target "file.json"`.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetDecl {
    pub span: Span,
    pub kind: TargetKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TargetKind {
    /// The built-in target; the identifier is kept so a typo (`target plk`) can be reported.
    BuiltIn(Ident),
    File(StringLit),
}

/// `table NAME { key => value ... }` or `table NAME from "f.csv" key COL value COL`.
#[derive(Clone, Debug, PartialEq)]
pub struct TableDecl {
    pub span: Span,
    pub name: Ident,
    pub body: TableBody,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TableBody {
    Inline(Vec<TableEntry>),
    Csv {
        path: StringLit,
        /// Column names may be written as identifiers or as strings; both become an `Ident`.
        key_column: Ident,
        value_column: Ident,
    },
}

/// `"NL" => "nl-NL"`
#[derive(Clone, Debug, PartialEq)]
pub struct TableEntry {
    pub span: Span,
    pub key: Literal,
    pub key_span: Span,
    pub value: Literal,
    pub value_span: Span,
}

/// `let NAME = EXPR`
#[derive(Clone, Debug, PartialEq)]
pub struct LetDecl {
    pub span: Span,
    pub name: Ident,
    pub value: Expr,
}

/// `skip when EXPR`
#[derive(Clone, Debug, PartialEq)]
pub struct SkipDecl {
    pub span: Span,
    pub condition: Expr,
}

/// `reject "reason" when EXPR`
#[derive(Clone, Debug, PartialEq)]
pub struct RejectDecl {
    pub span: Span,
    pub reason: StringLit,
    pub condition: Expr,
}

/// `[once] TARGET = EXPR`
#[derive(Clone, Debug, PartialEq)]
pub struct RuleDecl {
    pub span: Span,
    /// The span of the `once` keyword, when present.
    pub once: Option<Span>,
    pub target: TargetPath,
    pub value: Expr,
}

/// A SCIM attribute path: `name.givenName`, `enterprise.manager.value`,
/// `emails[type eq "work"].value`.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetPath {
    pub span: Span,
    pub segments: Vec<PathSegment>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PathSegment {
    pub span: Span,
    pub name: Ident,
    pub filter: Option<ValueFilter>,
}

/// `[type eq "work"]`: selects (or creates) the element whose `attribute` equals `value`.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueFilter {
    pub span: Span,
    pub attribute: Ident,
    pub value: Literal,
    pub value_span: Span,
}

/// A constant: in expressions, table entries, match patterns and filters.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
}

/// A regular expression literal `/pattern/flags`; `pattern` is the text between the
/// slashes with `\/` already turned into `/`.
#[derive(Clone, Debug, PartialEq)]
pub struct RegexLit {
    pub pattern: String,
    pub flags: String,
}

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub span: Span,
    pub kind: ExprKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    /// A string with at least one `{expr}` part; plain strings are `Literal::String`.
    Interpolated(Vec<StringPart>),
    Regex(RegexLit),
    /// A bare name: a source field, a `let`, a comprehension variable or a table.
    Name(Ident),
    /// `subject.field`
    Member {
        subject: Box<Expr>,
        field: Ident,
    },
    /// `subject[index]`: a list index or a table lookup.
    Index {
        subject: Box<Expr>,
        index: Box<Expr>,
    },
    List(Vec<Expr>),
    Object(Vec<ObjectField>),
    /// `[element for variable in list if condition]`
    Comprehension {
        element: Box<Expr>,
        variable: Ident,
        list: Box<Expr>,
        condition: Option<Box<Expr>>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `function(args)`
    Call {
        function: Ident,
        args: Vec<Expr>,
    },
    /// `subject | function(args)`: the same as `function(subject, args)`.
    Pipe {
        subject: Box<Expr>,
        function: Ident,
        args: Vec<Expr>,
    },
    If {
        condition: Box<Expr>,
        then: Box<Expr>,
        otherwise: Option<Box<Expr>>,
    },
    Match {
        subject: Box<Expr>,
        arms: Vec<MatchArm>,
    },
    /// `( expr )`, kept so that `fmt` writes the parentheses the author wrote.
    Paren(Box<Expr>),
}

/// A piece of an interpolated string.
#[derive(Clone, Debug, PartialEq)]
pub enum StringPart {
    /// Text with escapes already decoded.
    Text(String),
    /// `{expr}`
    Expr(Expr),
}

/// `key: value` in an object literal.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectField {
    pub span: Span,
    pub key: Ident,
    pub value: Expr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Negate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
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

impl BinaryOp {
    /// The operator as written in a mapping file.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Coalesce => "??",
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Equal => "==",
            BinaryOp::NotEqual => "!=",
            BinaryOp::Less => "<",
            BinaryOp::LessEqual => "<=",
            BinaryOp::Greater => ">",
            BinaryOp::GreaterEqual => ">=",
            BinaryOp::In => "in",
            BinaryOp::Add => "+",
            BinaryOp::Subtract => "-",
            BinaryOp::Multiply => "*",
            BinaryOp::Divide => "/",
        }
    }
}

/// `pattern | pattern => value`
#[derive(Clone, Debug, PartialEq)]
pub struct MatchArm {
    pub span: Span,
    pub patterns: Vec<Pattern>,
    pub value: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub span: Span,
    pub kind: PatternKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PatternKind {
    Literal(Literal),
    Regex(RegexLit),
    /// `_`
    Wildcard,
}
