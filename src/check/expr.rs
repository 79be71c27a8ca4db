//! Checking expressions: resolve names, compute types and why a value may be null, and
//! build the typed expression the compiler lowers.

use super::describe::describe;
use super::ir::{FieldStep, Operator, TypedExpr, TypedExprKind};
use super::scope::{NullCause, Scope};
use super::suggest::did_you_mean;
use super::values::{
    binary_kind, compile_regex, field_checked, literal_checked, optional_field_cause, path_text,
    unify,
};
use crate::diagnostics::{self as diag, Diagnostic};
use crate::schema::{FieldType, Shape, Type};
use crate::source::Span;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Ident, RegexLit, StringPart, UnaryOp};
use crate::value::Value;

/// A checked expression and, when it may be null, why.
pub struct Checked {
    pub expr: TypedExpr,
    pub cause: Option<NullCause>,
}

impl Checked {
    pub(super) fn new(span: Span, ty: Type, kind: TypedExprKind) -> Checked {
        Checked {
            expr: TypedExpr { span, ty, kind },
            cause: None,
        }
    }

    pub(super) fn error(span: Span) -> Checked {
        Checked::new(span, Type::ERROR, TypedExprKind::Constant(Value::Null))
    }

    pub(super) fn with_cause(mut self, cause: Option<NullCause>) -> Checked {
        if self.expr.ty.nullable {
            self.cause = cause;
        }
        self
    }

    pub fn ty(&self) -> &Type {
        &self.expr.ty
    }
}

/// Checks expressions against a scope, collecting diagnostics.
pub struct ExprChecker<'scope> {
    pub scope: &'scope mut Scope,
    pub diagnostics: &'scope mut Vec<Diagnostic>,
}
impl ExprChecker<'_> {
    pub fn check(&mut self, expr: &Expr) -> Checked {
        let span = expr.span;
        match &expr.kind {
            ExprKind::Literal(literal) => literal_checked(span, literal),
            ExprKind::Interpolated(parts) => self.interpolated(span, parts),
            ExprKind::Regex(regex) => self.regex(span, regex),
            ExprKind::Name(ident) => self.name(ident),
            ExprKind::Member { subject, field } => self.member(span, subject, field),
            ExprKind::Index { subject, index } => self.index(span, subject, index),
            ExprKind::List(items) => self.list(span, items),
            ExprKind::Object(fields) => self.object(span, fields),
            ExprKind::Comprehension {
                element,
                variable,
                list,
                condition,
            } => self.comprehension(span, element, variable, list, condition.as_deref()),
            ExprKind::Unary { op, operand } => self.unary(span, *op, operand),
            ExprKind::Binary { op, left, right } => self.binary(span, *op, left, right),
            ExprKind::Call { function, args } => {
                let args: Vec<Checked> = args.iter().map(|arg| self.check(arg)).collect();
                self.call(span, function, args, false)
            }
            ExprKind::Pipe {
                subject,
                function,
                args,
            } => {
                let mut checked = vec![self.check(subject)];
                checked.extend(args.iter().map(|arg| self.check(arg)));
                self.call(span, function, checked, true)
            }
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => self.if_then_else(span, condition, then, otherwise.as_deref()),
            ExprKind::Match { subject, arms } => self.match_expr(span, subject, arms),
            ExprKind::Paren(inner) => self.check(inner),
        }
    }

    /// Checks a `when`, `if`, `and`/`or`/`not` operand: it must be true/false (or null).
    pub fn condition(&mut self, expr: &Expr) -> TypedExpr {
        let checked = self.check(expr);
        self.require_condition(&checked);
        checked.expr
    }

    fn require_condition(&mut self, checked: &Checked) {
        let ty = checked.ty();
        if !matches!(
            ty.shape,
            Shape::Bool | Shape::Null | Shape::Any | Shape::Error
        ) {
            let found = describe(ty);
            self.diagnostics
                .push(diag::condition_not_bool(checked.expr.span, &found));
        }
    }

    fn interpolated(&mut self, span: Span, parts: &[StringPart]) -> Checked {
        let typed = parts
            .iter()
            .map(|part| match part {
                StringPart::Text(text) => {
                    Checked::new(
                        span,
                        Type::STRING,
                        TypedExprKind::Constant(Value::string(text.as_str())),
                    )
                    .expr
                }
                StringPart::Expr(expr) => self.check(expr).expr,
            })
            .collect();
        Checked::new(span, Type::STRING, TypedExprKind::Interpolated(typed))
    }

    fn regex(&mut self, span: Span, regex: &RegexLit) -> Checked {
        match compile_regex(span, regex) {
            Ok(compiled) => Checked::new(span, Type::REGEX, TypedExprKind::Regex(compiled)),
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                Checked::error(span)
            }
        }
    }

    fn name(&mut self, ident: &Ident) -> Checked {
        let span = ident.span;
        let name = ident.name.as_str();
        if let Some((depth, ty)) = self.scope.local(name) {
            return Checked::new(span, ty.clone(), TypedExprKind::Local(depth)).with_cause(Some(
                NullCause {
                    text: format!("an element of the list may be null (`{name}`)"),
                    span,
                    fallback_subject: Some(name.to_string()),
                },
            ));
        }
        if let Some(index) = self.scope.let_index(name) {
            let owner = self.scope.owner;
            let info = &mut self.scope.lets[index];
            info.users.push(owner);
            let cause = info.cause.clone();
            return Checked::new(span, info.ty.clone(), TypedExprKind::Let(index))
                .with_cause(cause);
        }
        if self.scope.source.is_none() {
            if let Some(index) = self.scope.table_index(name) {
                self.scope.tables[index].users.push(self.scope.owner);
                self.diagnostics.push(diag::table_without_key(span, name));
                return Checked::error(span);
            }
            // Without a source schema every field is `any`; null-safety can't be judged.
            let ty = Type::new(Shape::Any);
            return Checked::new(
                span,
                ty.clone(),
                TypedExprKind::Field {
                    path: vec![FieldStep::Key(name.to_string())],
                    expected: ty,
                },
            );
        }
        let field = self
            .scope
            .source
            .as_ref()
            .and_then(|source| source.field(name).cloned());
        if let Some(field) = field {
            return field_checked(span, vec![FieldStep::Key(field.name.clone())], &field, None);
        }
        if let Some(index) = self.scope.table_index(name) {
            self.scope.tables[index].users.push(self.scope.owner);
            self.diagnostics.push(diag::table_without_key(span, name));
            return Checked::error(span);
        }
        if let Some((_, defined)) = self
            .scope
            .later_lets
            .iter()
            .find(|(later, _)| later == name)
        {
            self.diagnostics
                .push(diag::let_used_before_definition(span, name, *defined));
            return Checked::error(span);
        }
        let candidates = self.scope.candidates();
        let suggestion = did_you_mean(name, candidates).map(str::to_string);
        self.diagnostics
            .push(diag::unknown_name(span, name, suggestion.as_deref()));
        Checked::error(span)
    }

    fn member(&mut self, span: Span, subject: &Expr, field: &Ident) -> Checked {
        let subject = self.check(subject);
        let name = field.name.as_str();
        let object = match &subject.expr.ty.shape {
            Shape::Error => return Checked::error(span),
            Shape::Any => None,
            Shape::Object(object) => Some(object.clone()),
            _ => {
                let what = describe(subject.ty());
                self.diagnostics.push(diag::not_an_object(
                    subject.expr.span,
                    &path_text(&subject.expr).unwrap_or_else(|| "this".into()),
                    &what,
                ));
                return Checked::error(span);
            }
        };
        let field_type = match &object {
            None => FieldType {
                name: name.to_string(),
                ty: Type::ANY,
            },
            Some(object) => match object.field(name) {
                Some(found) => found.clone(),
                None => {
                    let parent = path_text(&subject.expr).unwrap_or_default();
                    let suggestion =
                        did_you_mean(name, object.fields.iter().map(|field| field.name.as_str()))
                            .map(str::to_string);
                    self.diagnostics.push(diag::unknown_field(
                        field.span,
                        name,
                        &parent,
                        suggestion.as_deref(),
                    ));
                    return Checked::error(span);
                }
            },
        };
        let parent_nullable = subject.expr.ty.nullable;
        let parent_cause = subject.cause.clone();
        match subject.expr.kind {
            TypedExprKind::Field { mut path, .. } => {
                path.push(FieldStep::Key(field_type.name.clone()));
                let mut checked = field_checked(span, path, &field_type, parent_cause.clone());
                if parent_nullable {
                    checked.expr.ty.nullable = true;
                    if parent_cause.is_some() {
                        checked.cause = parent_cause;
                    }
                }
                checked
            }
            _ => {
                let mut ty = field_type.ty.clone();
                ty.nullable |= parent_nullable;
                let cause = parent_cause.or_else(|| optional_field_cause(span, &field_type, None));
                Checked::new(
                    span,
                    ty,
                    TypedExprKind::Member {
                        subject: Box::new(subject.expr),
                        field: field_type.name,
                    },
                )
                .with_cause(cause)
            }
        }
    }

    fn index(&mut self, span: Span, subject: &Expr, index: &Expr) -> Checked {
        if let ExprKind::Name(ident) = &subject.kind {
            let shadowed = self.scope.local(&ident.name).is_some()
                || self.scope.let_index(&ident.name).is_some()
                || self.scope.is_source_field(&ident.name);
            if let (false, Some(table)) = (shadowed, self.scope.table_index(&ident.name)) {
                return self.table_lookup(span, table, index);
            }
        }
        let subject = self.check(subject);
        let index = self.check(index);
        if !matches!(index.ty().shape, Shape::Int | Shape::Any | Shape::Error) {
            let found = describe(index.ty());
            self.diagnostics.push(diag::wrong_operand_type(
                index.expr.span,
                "[...]",
                &found,
                "a list index is a whole number, counting from 0",
            ));
            return Checked::error(span);
        }
        let element = match &subject.ty().shape {
            Shape::Error => return Checked::error(span),
            Shape::Any => Type::ANY,
            Shape::List(element) => (**element).clone(),
            _ => {
                let found = describe(subject.ty());
                self.diagnostics.push(diag::wrong_operand_type(
                    subject.expr.span,
                    "[...]",
                    &found,
                    "`[...]` picks an element of a list or looks a key up in a table",
                ));
                return Checked::error(span);
            }
        };
        let cause = Some(NullCause {
            text: "a list index may be past the end of the list".into(),
            span,
            fallback_subject: None,
        });
        let ty = element.clone().or_null();
        let constant_index = match &index.expr.kind {
            TypedExprKind::Constant(Value::Int(position)) if *position >= 0 => Some(*position),
            _ => None,
        };
        match (subject.expr.kind, constant_index) {
            (TypedExprKind::Field { mut path, .. }, Some(position)) => {
                path.push(FieldStep::Index(position));
                Checked::new(
                    span,
                    ty,
                    TypedExprKind::Field {
                        path,
                        expected: element,
                    },
                )
                .with_cause(cause)
            }
            (kind, _) => {
                let subject = TypedExpr {
                    kind,
                    ..subject.expr
                };
                Checked::new(
                    span,
                    ty,
                    TypedExprKind::Index {
                        subject: Box::new(subject),
                        index: Box::new(index.expr),
                    },
                )
                .with_cause(cause)
            }
        }
    }

    fn table_lookup(&mut self, span: Span, table: usize, key: &Expr) -> Checked {
        self.scope.tables[table].users.push(self.scope.owner);
        let key = self.check(key);
        let key_ty = key.ty();
        if !(key_ty.is_text()
            || key_ty.is_number()
            || key_ty.is_unknown()
            || key_ty.shape == Shape::Null)
        {
            let found = describe(key_ty);
            self.diagnostics.push(diag::wrong_operand_type(
                key.expr.span,
                "table lookup",
                &found,
                "table keys are text or numbers",
            ));
        }
        let info = &self.scope.tables[table];
        let cause = Some(NullCause {
            text: format!("the table `{}` has no entry for some keys", info.name),
            span,
            fallback_subject: Some(format!("{}[...]", info.name)),
        });
        Checked::new(
            span,
            info.value_type.clone().or_null(),
            TypedExprKind::TableLookup {
                table,
                key: Box::new(key.expr),
            },
        )
        .with_cause(cause)
    }

    fn unary(&mut self, span: Span, op: UnaryOp, operand: &Expr) -> Checked {
        match op {
            UnaryOp::Not => {
                let operand = self.condition(operand);
                Checked::new(span, Type::BOOL, TypedExprKind::Not(Box::new(operand)))
            }
            UnaryOp::Negate => {
                let operand = self.check(operand);
                let ty = operand.ty().clone();
                if !(ty.is_number() || ty.is_unknown() || ty.shape == Shape::Null) {
                    let found = describe(&ty);
                    self.diagnostics.push(diag::wrong_operand_type(
                        span,
                        "-",
                        &found,
                        "only numbers can be negated",
                    ));
                    return Checked::error(span);
                }
                let cause = operand.cause;
                Checked::new(span, ty, TypedExprKind::Negate(Box::new(operand.expr)))
                    .with_cause(cause)
            }
        }
    }

    fn binary(&mut self, span: Span, op: BinaryOp, left: &Expr, right: &Expr) -> Checked {
        match op {
            BinaryOp::And | BinaryOp::Or => {
                let left = self.condition(left);
                let right = self.condition(right);
                let operator = if op == BinaryOp::And {
                    Operator::And
                } else {
                    Operator::Or
                };
                Checked::new(span, Type::BOOL, binary_kind(operator, left, right))
            }
            BinaryOp::Coalesce => {
                let left = self.check(left);
                let right = self.check(right);
                self.coalesce(span, left, right)
            }
            _ => {
                let left = self.check(left);
                let right = self.check(right);
                super::operators::check_operator(self.diagnostics, span, op, left, right)
            }
        }
    }

    fn coalesce(&mut self, span: Span, left: Checked, right: Checked) -> Checked {
        let left_ty = left.ty().clone();
        if !left_ty.nullable && !left_ty.is_unknown() {
            self.diagnostics
                .push(diag::useless_fallback(left.expr.span));
        }
        let mut ty = unify(&left_ty.clone().non_null(), right.ty());
        ty.nullable = right.ty().nullable || left_ty.shape == Shape::Any && right.ty().nullable;
        let cause = right.cause.clone();
        Checked::new(
            span,
            ty,
            binary_kind(Operator::Coalesce, left.expr, right.expr),
        )
        .with_cause(cause)
    }
}
