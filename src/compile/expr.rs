//! Lowers typed expressions into engine expressions, folding what is constant.

use super::fold::{self, Folding};
use crate::check::ir::{self, TypedExpr, TypedExprKind, TypedPattern};
use crate::engine::operators;
use crate::engine::program::{
    Binary, Call, Comprehension, Expr, FieldRead, FieldStep, IfExpr, InSet, MatchArm, MatchExpr,
    ObjectExpr, Operator, Pattern, StepKind,
};
use crate::functions::FUNCTIONS;
use crate::schema::{ObjectType, Shape, Type};
use crate::value::Value;
use std::sync::Arc;

/// Lowers expressions of one mapping; knows the source schema for field paths.
pub(super) struct Lowering {
    source: Option<Arc<ObjectType>>,
    folding: Folding,
    /// The value of each `let` lowered so far that folded to a small constant.
    let_constants: Vec<Option<Value>>,
}

impl Lowering {
    pub(super) fn new(source: Option<Arc<ObjectType>>, folding: Folding) -> Lowering {
        Lowering {
            source,
            folding,
            let_constants: Vec::new(),
        }
    }

    /// Notes the lowered value of the next `let` (lets are lowered in order, and a let
    /// reads only earlier ones), so that reads of a constant let fold.
    pub(super) fn note_let(&mut self, value: &Expr) {
        let constant = match value {
            Expr::Constant(value) if self.folding == Folding::Full && fold::small(value) => {
                Some(value.clone())
            }
            _ => None,
        };
        self.let_constants.push(constant);
    }

    fn full(&self) -> bool {
        self.folding == Folding::Full
    }

    pub(super) fn lower(&self, expr: &TypedExpr) -> Expr {
        match &expr.kind {
            TypedExprKind::Constant(value) => Expr::Constant(value.unshared()),
            TypedExprKind::Regex(regex) => {
                Expr::Constant(Value::Regex(Arc::new(crate::value::own_regex(regex))))
            }
            TypedExprKind::Interpolated(parts) => interpolated(self.lower_all(parts)),
            TypedExprKind::Field { path, expected } => self.field(path, expected),
            TypedExprKind::Let(index) => match self.let_constants.get(*index) {
                Some(Some(value)) => Expr::Constant(value.clone()),
                _ => Expr::Let(*index),
            },
            TypedExprKind::Local(depth) => Expr::Local(*depth),
            TypedExprKind::Member { subject, field } => {
                let (subject, field) = (self.lower(subject), Arc::from(field.as_str()));
                if self.full() {
                    fold::member(subject, field)
                } else {
                    Expr::Member(Box::new((subject, field)))
                }
            }
            TypedExprKind::Index { subject, index } => {
                let (subject, index) = (self.lower(subject), self.lower(index));
                if self.full() {
                    fold::index(subject, index)
                } else {
                    Expr::Index(Box::new((subject, index)))
                }
            }
            TypedExprKind::TableLookup { table, key } => {
                Expr::TableLookup(*table, Box::new(self.lower(key)))
            }
            TypedExprKind::List(items) => list(self.lower_all(items)),
            TypedExprKind::Object(fields) => object(
                fields
                    .iter()
                    .map(|(key, _)| Arc::from(key.as_str()))
                    .collect(),
                fields.iter().map(|(_, value)| self.lower(value)).collect(),
            ),
            TypedExprKind::Comprehension {
                element,
                list,
                condition,
            } => Expr::Comprehension(Box::new(Comprehension {
                element: self.lower(element),
                list: self.lower(list),
                condition: condition.as_ref().map(|condition| self.lower(condition)),
            })),
            TypedExprKind::Not(operand) => match self.lower(operand) {
                Expr::Constant(value) => Expr::Constant(Value::Bool(!value.is_true())),
                operand => Expr::Not(Box::new(operand)),
            },
            TypedExprKind::Negate(operand) => match self.lower(operand) {
                Expr::Constant(value) => match operators::negate(&value) {
                    Ok(negated) => Expr::Constant(negated),
                    Err(_) => Expr::Negate(Box::new(Expr::Constant(value))),
                },
                operand => Expr::Negate(Box::new(operand)),
            },
            TypedExprKind::Binary { op, left, right } => {
                binary(operator(*op), self.lower(left), self.lower(right))
            }
            TypedExprKind::Call { function, args } => self.call(*function, args),
            TypedExprKind::If {
                condition,
                then,
                otherwise,
            } => {
                let condition = self.lower(condition);
                let then = self.lower(then);
                let otherwise = otherwise.as_ref().map(|otherwise| self.lower(otherwise));
                match condition {
                    Expr::Constant(value) if value.is_true() => then,
                    Expr::Constant(_) => otherwise.unwrap_or(Expr::Constant(Value::Null)),
                    condition => Expr::If(Box::new(IfExpr {
                        condition,
                        then,
                        otherwise,
                    })),
                }
            }
            TypedExprKind::Match { subject, arms } => {
                let choice = MatchExpr {
                    subject: self.lower(subject),
                    arms: arms
                        .iter()
                        .map(|arm| MatchArm {
                            patterns: arm.patterns.iter().map(pattern).collect(),
                            value: self.lower(&arm.value),
                        })
                        .collect(),
                };
                if self.full() {
                    fold::choose(choice)
                } else {
                    Expr::Match(Box::new(choice))
                }
            }
        }
    }

    fn lower_all(&self, exprs: &[TypedExpr]) -> Vec<Expr> {
        exprs.iter().map(|expr| self.lower(expr)).collect()
    }

    fn call(&self, function: usize, args: &[TypedExpr]) -> Expr {
        let args = self.lower_all(args).into_boxed_slice();
        match FUNCTIONS.get(function) {
            Some(definition) if self.full() => fold::call(definition, args),
            Some(definition) => Expr::Call(Box::new(Call::of(definition, args))),
            // The checker only writes indexes into the table; this keeps a bad index an
            // honest run-time error rather than a panic.
            None => Expr::Call(Box::new(Call {
                name: "unknown function",
                run: |_, _| Err("this function does not exist".into()),
                null_args: crate::functions::NullArgs::None,
                args,
            })),
        }
    }

    /// A field path with what the source schema says about each step: whether the
    /// value stepped into has a declared shape, and whether `null` may turn up on the way.
    fn field(&self, path: &[ir::FieldStep], expected: &Type) -> Expr {
        let mut current = self
            .source
            .clone()
            .map(|object| Type::new(Shape::Object(object)));
        let mut nullable = false;
        let mut steps = Vec::with_capacity(path.len());
        let mut display = String::new();
        for step in path {
            let parent_display: Box<str> = display.as_str().into();
            let (kind, declared, next) = match (step, current.as_ref().map(|ty| &ty.shape)) {
                (ir::FieldStep::Key(key), Some(Shape::Object(object))) => {
                    let next = object.field(key).map(|field| field.ty.clone());
                    (StepKind::Key(key.as_str().into()), true, next)
                }
                (ir::FieldStep::Index(position), Some(Shape::List(element))) => {
                    (StepKind::Index(*position), true, Some((**element).clone()))
                }
                (ir::FieldStep::Key(key), _) => (StepKind::Key(key.as_str().into()), false, None),
                (ir::FieldStep::Index(position), _) => (StepKind::Index(*position), false, None),
            };
            if current.as_ref().is_some_and(|ty| ty.nullable) || matches!(kind, StepKind::Index(_))
            {
                nullable = true;
            }
            push_display(&mut display, step);
            steps.push(FieldStep {
                kind,
                declared,
                parent_display,
            });
            current = next;
        }
        nullable |= current
            .as_ref()
            .is_none_or(|ty| ty.nullable || ty.is_unknown());
        Expr::Field(Box::new(FieldRead {
            steps: steps.into(),
            expected: expected.clone(),
            nullable,
            display: display.into(),
            positions: Box::new([]),
        }))
    }
}

fn push_display(display: &mut String, step: &ir::FieldStep) {
    match step {
        ir::FieldStep::Key(key) => {
            if !display.is_empty() {
                display.push('.');
            }
            display.push_str(key);
        }
        ir::FieldStep::Index(position) => display.push_str(&format!("[{position}]")),
    }
}

fn operator(op: ir::Operator) -> Operator {
    match op {
        ir::Operator::Coalesce => Operator::Coalesce,
        ir::Operator::Or => Operator::Or,
        ir::Operator::And => Operator::And,
        ir::Operator::Equal => Operator::Equal,
        ir::Operator::NotEqual => Operator::NotEqual,
        ir::Operator::Less => Operator::Less,
        ir::Operator::LessEqual => Operator::LessEqual,
        ir::Operator::Greater => Operator::Greater,
        ir::Operator::GreaterEqual => Operator::GreaterEqual,
        ir::Operator::In => Operator::In,
        ir::Operator::Add => Operator::Add,
        ir::Operator::Subtract => Operator::Subtract,
        ir::Operator::Multiply => Operator::Multiply,
        ir::Operator::Divide => Operator::Divide,
    }
}

fn pattern(pattern: &TypedPattern) -> Pattern {
    match pattern {
        TypedPattern::Constant(value) => Pattern::Constant(value.unshared()),
        TypedPattern::Regex(regex) => Pattern::Regex(Arc::new(crate::value::own_regex(regex))),
        TypedPattern::Wildcard => Pattern::Wildcard,
    }
}

/// A binary operation, folded when both sides (or the deciding side) are constant.
fn binary(op: Operator, left: Expr, right: Expr) -> Expr {
    match (op, &left, &right) {
        (Operator::Coalesce, Expr::Constant(value), _) => {
            return if value.is_null() { right } else { left };
        }
        (Operator::And, Expr::Constant(value), _) if !value.is_true() => {
            return Expr::Constant(Value::Bool(false));
        }
        (Operator::Or, Expr::Constant(value), _) if value.is_true() => {
            return Expr::Constant(Value::Bool(true));
        }
        (Operator::And | Operator::Or, Expr::Constant(_), Expr::Constant(value)) => {
            return Expr::Constant(Value::Bool(value.is_true()));
        }
        (Operator::Coalesce | Operator::And | Operator::Or, _, _) => {}
        (_, Expr::Constant(a), Expr::Constant(b)) => {
            if let Ok(value) = operators::apply(op, a, b) {
                return Expr::Constant(value);
            }
        }
        (Operator::In, _, Expr::Constant(Value::List(items)))
            if items.iter().all(|item| item.as_str().is_some()) =>
        {
            return in_set(left, items.iter().cloned().collect());
        }
        _ => {}
    }
    Expr::Binary(Box::new(Binary { op, left, right }))
}

/// `x in ["a", "b"]` as a set lookup.
fn in_set(subject: Expr, items: Vec<Value>) -> Expr {
    let texts = items
        .iter()
        .filter_map(|item| item.as_str().map(Box::from))
        .collect();
    Expr::InSet(Box::new(InSet {
        subject,
        texts,
        items: items.into(),
    }))
}

fn interpolated(parts: Vec<Expr>) -> Expr {
    if parts.iter().all(|part| matches!(part, Expr::Constant(_))) {
        let mut text = String::new();
        for part in &parts {
            if let Expr::Constant(value) = part {
                operators::text_into(value, &mut text);
            }
        }
        return Expr::Constant(Value::string(text));
    }
    Expr::Interpolated(parts.into())
}

fn list(items: Vec<Expr>) -> Expr {
    match constants(&items) {
        Some(values) => Expr::Constant(Value::list(values)),
        None => Expr::List(items.into()),
    }
}

fn object(keys: Vec<Arc<str>>, values: Vec<Expr>) -> Expr {
    match constants(&values) {
        Some(constants) => Expr::Constant(Value::Object(keys.into_iter().zip(constants).collect())),
        None => Expr::Object(Box::new(ObjectExpr {
            keys: keys.into(),
            values: values.into(),
        })),
    }
}

pub(super) fn constants(exprs: &[Expr]) -> Option<Vec<Value>> {
    exprs
        .iter()
        .map(|expr| match expr {
            Expr::Constant(value) => Some(value.clone()),
            _ => None,
        })
        .collect()
}
