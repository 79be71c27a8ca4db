//! Checking expressions: resolve names, compute types and why a value may be null, and
//! build the typed expression the compiler lowers.

use super::describe::{describe, list_values};
use super::ir::{FieldStep, Operator, TypedArm, TypedExpr, TypedExprKind, TypedPattern};
use super::scope::{NullCause, Scope};
use super::suggest::did_you_mean;
use crate::diagnostics::{self as diag, Diagnostic};
use crate::functions::{self, ArgumentError, FUNCTIONS};
use crate::schema::{FieldType, Shape, Type};
use crate::source::Span;
use crate::syntax::ast::{
    BinaryOp, Expr, ExprKind, Ident, Literal, ObjectField, PatternKind, RegexLit, StringPart,
    UnaryOp,
};
use crate::value::Value;
use std::sync::Arc;

/// A checked expression and, when it may be null, why.
pub struct Checked {
    pub expr: TypedExpr,
    pub cause: Option<NullCause>,
}

impl Checked {
    fn new(span: Span, ty: Type, kind: TypedExprKind) -> Checked {
        Checked {
            expr: TypedExpr { span, ty, kind },
            cause: None,
        }
    }

    fn error(span: Span) -> Checked {
        Checked::new(span, Type::ERROR, TypedExprKind::Constant(Value::Null))
    }

    fn with_cause(mut self, cause: Option<NullCause>) -> Checked {
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
            let info = &mut self.scope.lets[index];
            info.used = true;
            let cause = info.cause.clone();
            return Checked::new(span, info.ty.clone(), TypedExprKind::Let(index))
                .with_cause(cause);
        }
        if self.scope.source.is_none() {
            if let Some(index) = self.scope.table_index(name) {
                self.scope.tables[index].used = true;
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
            self.scope.tables[index].used = true;
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
        self.scope.tables[table].used = true;
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

    fn list(&mut self, span: Span, items: &[Expr]) -> Checked {
        let checked: Vec<Checked> = items.iter().map(|item| self.check(item)).collect();
        let element = checked
            .iter()
            .map(|item| item.ty().clone())
            .reduce(|a, b| unify(&a, &b))
            .unwrap_or(Type::ANY);
        let typed = checked.into_iter().map(|item| item.expr).collect();
        Checked::new(span, Type::list(element), TypedExprKind::List(typed))
    }

    fn object(&mut self, span: Span, fields: &[ObjectField]) -> Checked {
        let mut types = Vec::new();
        let mut typed = Vec::new();
        for field in fields {
            let value = self.check(&field.value);
            if types
                .iter()
                .any(|known: &FieldType| known.name == field.key.name)
            {
                self.diagnostics.push(diag::duplicate_name(
                    field.key.span,
                    &field.key.name,
                    field.key.span,
                    "a key of this object",
                ));
                continue;
            }
            types.push(FieldType {
                name: field.key.name.clone(),
                ty: value.ty().clone(),
            });
            typed.push((field.key.name.clone(), value.expr));
        }
        Checked::new(span, Type::object(types), TypedExprKind::Object(typed))
    }

    fn comprehension(
        &mut self,
        span: Span,
        element: &Expr,
        variable: &Ident,
        list: &Expr,
        condition: Option<&Expr>,
    ) -> Checked {
        let list = self.check(list);
        let element_type = match &list.ty().shape {
            Shape::List(element) => (**element).clone(),
            Shape::Any | Shape::Error | Shape::Null => Type::ANY,
            _ => {
                let found = describe(list.ty());
                self.diagnostics.push(diag::wrong_operand_type(
                    list.expr.span,
                    "for ... in",
                    &found,
                    "a comprehension goes over a list",
                ));
                Type::ERROR
            }
        };
        self.scope
            .locals
            .push((variable.name.clone(), element_type));
        let element = self.check(element);
        let condition = condition.map(|condition| Box::new(self.condition(condition)));
        self.scope.locals.pop();
        let mut ty = Type::list(element.ty().clone());
        ty.nullable = list.ty().nullable;
        let cause = list.cause.clone();
        Checked::new(
            span,
            ty,
            TypedExprKind::Comprehension {
                element: Box::new(element.expr),
                list: Box::new(list.expr),
                condition,
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

    fn call(&mut self, span: Span, function: &Ident, args: Vec<Checked>, piped: bool) -> Checked {
        let Some(index) = FUNCTIONS.iter().position(|f| f.name == function.name) else {
            let suggestion = did_you_mean(&function.name, functions::names());
            self.diagnostics.push(diag::unknown_function(
                function.span,
                &function.name,
                suggestion,
            ));
            return Checked::error(span);
        };
        let definition = &FUNCTIONS[index];
        let types: Vec<Type> = args.iter().map(|arg| arg.ty().clone()).collect();
        let ty = match definition.check_call(&types) {
            Ok(ty) => ty,
            Err(ArgumentError::Count { min, max, found }) => {
                let expected = match max {
                    Some(max) if max == min => format!("{min}"),
                    Some(max) => format!("{min} to {max}"),
                    None => format!("at least {min}"),
                };
                let (shown_found, shown_expected) = if piped {
                    // The piped subject is the first argument; count it as the user sees it.
                    (found, format!("{expected} (counting the value before `|`)"))
                } else {
                    (found, expected)
                };
                self.diagnostics.push(diag::wrong_argument_count(
                    span,
                    &definition.signature_text(),
                    &shown_expected,
                    shown_found,
                ));
                return Checked::error(span);
            }
            Err(ArgumentError::Type {
                index: position,
                expected,
                found,
            }) => {
                let arg_span = args.get(position).map_or(span, |arg| arg.expr.span);
                self.diagnostics.push(diag::wrong_argument_type(
                    arg_span,
                    position + 1,
                    definition.name,
                    expected,
                    &describe(&found),
                    &definition.signature_text(),
                ));
                return Checked::error(span);
            }
        };
        let cause = if definition.may_give_null {
            Some(NullCause {
                text: format!("`{}(...)` may give null", definition.name),
                span,
                fallback_subject: None,
            })
        } else {
            args.iter().find_map(|arg| arg.cause.clone())
        };
        let typed = args.into_iter().map(|arg| arg.expr).collect();
        Checked::new(
            span,
            ty,
            TypedExprKind::Call {
                function: index,
                args: typed,
            },
        )
        .with_cause(cause)
    }

    fn if_then_else(
        &mut self,
        span: Span,
        condition: &Expr,
        then: &Expr,
        otherwise: Option<&Expr>,
    ) -> Checked {
        let condition = self.condition(condition);
        let then = self.check(then);
        let otherwise = otherwise.map(|expr| self.check(expr));
        let (ty, cause) = match &otherwise {
            Some(otherwise) => (
                unify(then.ty(), otherwise.ty()),
                then.cause.clone().or_else(|| otherwise.cause.clone()),
            ),
            None => (
                then.ty().clone().or_null(),
                Some(NullCause {
                    text: "`if` without `else` gives null when the condition is false".into(),
                    span,
                    fallback_subject: None,
                }),
            ),
        };
        Checked::new(
            span,
            ty,
            TypedExprKind::If {
                condition: Box::new(condition),
                then: Box::new(then.expr),
                otherwise: otherwise.map(|checked| Box::new(checked.expr)),
            },
        )
        .with_cause(cause)
    }

    fn match_expr(
        &mut self,
        span: Span,
        subject: &Expr,
        arms: &[crate::syntax::ast::MatchArm],
    ) -> Checked {
        let subject = self.check(subject);
        let mut typed_arms = Vec::new();
        let mut result: Option<Type> = None;
        let mut cause = None;
        let mut has_wildcard = false;
        for arm in arms {
            let patterns = arm
                .patterns
                .iter()
                .map(|pattern| match &pattern.kind {
                    PatternKind::Wildcard => {
                        has_wildcard = true;
                        TypedPattern::Wildcard
                    }
                    PatternKind::Literal(literal) => {
                        let value = literal_value(literal);
                        self.check_pattern_literal(&subject, &value, pattern.span);
                        TypedPattern::Constant(value)
                    }
                    PatternKind::Regex(regex) => {
                        if !(subject.ty().is_text() || subject.ty().is_unknown()) {
                            let found = describe(subject.ty());
                            self.diagnostics.push(diag::wrong_operand_type(
                                pattern.span,
                                "a regex arm",
                                &found,
                                "regex arms match text",
                            ));
                        }
                        match compile_regex(pattern.span, regex) {
                            Ok(compiled) => TypedPattern::Regex(compiled),
                            Err(diagnostic) => {
                                self.diagnostics.push(diagnostic);
                                TypedPattern::Wildcard
                            }
                        }
                    }
                })
                .collect();
            let value = self.check(&arm.value);
            result = Some(match result {
                None => value.ty().clone(),
                Some(known) => unify(&known, value.ty()),
            });
            cause = cause.or(value.cause.clone());
            typed_arms.push(TypedArm {
                patterns,
                value: value.expr,
            });
        }
        let mut ty = result.unwrap_or(Type::NULL);
        if !has_wildcard {
            ty.nullable = true;
            cause = Some(NullCause {
                text: "`match` gives null when no arm matches".into(),
                span,
                fallback_subject: None,
            });
        }
        Checked::new(
            span,
            ty,
            TypedExprKind::Match {
                subject: Box::new(subject.expr),
                arms: typed_arms,
            },
        )
        .with_cause(cause)
    }

    fn check_pattern_literal(&mut self, subject: &Checked, value: &Value, span: Span) {
        if let (Shape::Enum(values), Value::String(text)) = (&subject.ty().shape, value) {
            if !values
                .iter()
                .any(|allowed| allowed.as_str() == text.as_ref())
            {
                self.diagnostics.push(
                    diag::impossible_comparison(span, text, &list_values(values), false).with_help(
                        format!(
                            "this arm never matches; the allowed values are {}",
                            list_values(values)
                        ),
                    ),
                );
            }
        }
    }
}

/// The type of a literal as written.
pub fn literal_checked(span: Span, literal: &Literal) -> Checked {
    let ty = match literal {
        Literal::Null => Type::NULL,
        Literal::Bool(_) => Type::BOOL,
        Literal::Int(_) => Type::INT,
        Literal::Float(_) => Type::FLOAT,
        Literal::String(_) => Type::STRING,
    };
    let checked = Checked::new(span, ty, TypedExprKind::Constant(literal_value(literal)));
    checked.with_cause(Some(NullCause {
        text: "it is `null`".into(),
        span,
        fallback_subject: None,
    }))
}

/// A literal as a run-time value.
pub fn literal_value(literal: &Literal) -> Value {
    match literal {
        Literal::Null => Value::Null,
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Int(i) => Value::Int(*i),
        Literal::Float(f) => Value::Float(*f),
        Literal::String(s) => Value::string(s.as_str()),
    }
}

/// Compiles a regex literal with its flags, or explains why it does not compile.
pub fn compile_regex(span: Span, regex: &RegexLit) -> Result<Arc<regex::Regex>, Diagnostic> {
    if let Some(flag) = regex.flags.chars().find(|flag| !"imsx".contains(*flag)) {
        return Err(diag::invalid_regex_flag(span, flag));
    }
    let pattern = if regex.flags.is_empty() {
        regex.pattern.clone()
    } else {
        format!("(?{}){}", regex.flags, regex.pattern)
    };
    regex::RegexBuilder::new(&pattern)
        .size_limit(1 << 20)
        .build()
        .map(Arc::new)
        .map_err(|error| diag::invalid_regex(span, &regex_error_text(&error)))
}

/// The last line of the regex crate's message, which says what is wrong.
fn regex_error_text(error: &regex::Error) -> String {
    let text = error.to_string();
    text.lines()
        .rev()
        .find(|line| line.trim_start().starts_with("error:"))
        .map(|line| {
            line.trim_start()
                .trim_start_matches("error:")
                .trim()
                .to_string()
        })
        .unwrap_or(text)
}

fn field_checked(
    span: Span,
    path: Vec<FieldStep>,
    field: &FieldType,
    parent_cause: Option<NullCause>,
) -> Checked {
    let cause = parent_cause.or_else(|| optional_field_cause(span, field, Some(&path)));
    Checked::new(
        span,
        field.ty.clone(),
        TypedExprKind::Field {
            path,
            expected: field.ty.clone(),
        },
    )
    .with_cause(cause)
}

fn optional_field_cause(
    span: Span,
    field: &FieldType,
    path: Option<&[FieldStep]>,
) -> Option<NullCause> {
    if !field.ty.nullable {
        return None;
    }
    let shown = path.map_or_else(|| field.name.clone(), display_path);
    Some(NullCause {
        text: format!("the source field `{shown}` is optional"),
        span,
        fallback_subject: Some(shown),
    })
}

/// `job.title`, `tags[0]`, with backticks for names that need them.
pub fn display_path(path: &[FieldStep]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            FieldStep::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                if is_plain_identifier(key) {
                    text.push_str(key);
                } else {
                    text.push('`');
                    text.push_str(key);
                    text.push('`');
                }
            }
            FieldStep::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

fn is_plain_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn path_text(expr: &TypedExpr) -> Option<String> {
    match &expr.kind {
        TypedExprKind::Field { path, .. } => Some(display_path(path)),
        _ => None,
    }
}

pub fn binary_kind(op: Operator, left: TypedExpr, right: TypedExpr) -> TypedExprKind {
    TypedExprKind::Binary {
        op,
        left: Box::new(left),
        right: Box::new(right),
    }
}

/// The type of a value that is one of two types (branches, list elements, `??`).
pub fn unify(a: &Type, b: &Type) -> Type {
    let nullable = a.nullable || b.nullable;
    let shape = match (&a.shape, &b.shape) {
        (Shape::Error, _) | (_, Shape::Error) => Shape::Error,
        (Shape::Null, other) | (other, Shape::Null) => {
            return Type {
                shape: other.clone(),
                nullable: true,
            }
        }
        (Shape::Any, _) | (_, Shape::Any) => Shape::Any,
        (Shape::Enum(x), Shape::Enum(y)) => {
            let mut values: Vec<String> = x.to_vec();
            values.extend(y.iter().filter(|v| !x.contains(v)).cloned());
            Shape::Enum(values.into())
        }
        (Shape::Enum(_), Shape::String) | (Shape::String, Shape::Enum(_)) => Shape::String,
        (Shape::Int, Shape::Float) | (Shape::Float, Shape::Int) => Shape::Float,
        (Shape::List(x), Shape::List(y)) => Shape::List(Box::new(unify(x, y))),
        (x, y) if x == y => x.clone(),
        _ => Shape::Any,
    };
    Type { shape, nullable }
}
