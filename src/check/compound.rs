//! Checking compound expressions: lists, objects, comprehensions, calls, `if` and `match`.

use super::describe::{describe, list_values};
use super::expr::{Checked, ExprChecker};
use super::ir::{TypedArm, TypedExprKind, TypedPattern};
use super::scope::NullCause;
use super::suggest::did_you_mean;
use super::values::*;
use crate::diagnostics::{self as diag};
use crate::functions::NullArgs;
use crate::functions::{self, ArgumentError, FUNCTIONS};
use crate::schema::{FieldType, Shape, Type};
use crate::source::Span;
use crate::syntax::ast::{Expr, Ident, ObjectField, PatternKind};
use crate::value::Value;

impl ExprChecker<'_> {
    pub(super) fn list(&mut self, span: Span, items: &[Expr]) -> Checked {
        let checked: Vec<Checked> = items.iter().map(|item| self.check(item)).collect();
        let element = checked
            .iter()
            .map(|item| item.ty().clone())
            .reduce(|a, b| unify(&a, &b))
            .unwrap_or(Type::ANY);
        let typed = checked.into_iter().map(|item| item.expr).collect();
        Checked::new(span, Type::list(element), TypedExprKind::List(typed))
    }

    pub(super) fn object(&mut self, span: Span, fields: &[ObjectField]) -> Checked {
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

    pub(super) fn comprehension(
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

    pub(super) fn call(
        &mut self,
        span: Span,
        function: &Ident,
        args: Vec<Checked>,
        piped: bool,
    ) -> Checked {
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
            // Only arguments in positions that pass null through can make the result null.
            args.iter()
                .enumerate()
                .filter(|(position, arg)| {
                    arg.ty().nullable
                        && match definition.null_args {
                            NullArgs::Only(positions) => positions.contains(position),
                            NullArgs::Any | NullArgs::None => true,
                        }
                })
                .find_map(|(_, arg)| arg.cause.clone())
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

    pub(super) fn if_then_else(
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

    pub(super) fn match_expr(
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
                        let value = self.check_pattern_literal(&subject, value, pattern.span);
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

    /// Checks a literal arm against the subject: an enum value it can never have is a
    /// warning; against a date, a date-shaped text is read as a date and any other text
    /// is an error, as in a comparison.
    fn check_pattern_literal(&mut self, subject: &Checked, value: Value, span: Span) -> Value {
        let Value::String(text) = &value else {
            return value;
        };
        match &subject.ty().shape {
            Shape::Enum(values)
                if !values
                    .iter()
                    .any(|allowed| allowed.as_str() == text.as_ref()) =>
            {
                self.diagnostics.push(
                    diag::impossible_comparison(span, text, &list_values(values), false).with_help(
                        format!(
                            "this arm never matches; the allowed values are {}",
                            list_values(values)
                        ),
                    ),
                );
                value
            }
            Shape::Date | Shape::DateTime => {
                match super::operators::date_literal(&subject.ty().shape, text) {
                    Some(date) => date,
                    None => {
                        self.diagnostics
                            .push(diag::date_compared_to_text(span, text));
                        value
                    }
                }
            }
            _ => value,
        }
    }
}
