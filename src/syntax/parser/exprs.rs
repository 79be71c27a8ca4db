//! Building expressions from their pairs: one function per precedence level, operators
//! folded in the direction of their associativity.

use super::build::{children, Builder, Built, Pair};
use super::grammar::Rule;
use super::items::missing_part;
use super::scan::MAX_NESTING;
use crate::diagnostics;
use crate::source::Span;
use crate::syntax::ast::*;

impl Builder<'_> {
    /// Builds any expression pair, from `expr` down to a primary.
    pub(super) fn expr(&mut self, pair: Pair<'_>) -> Built<Expr> {
        // A precedence level with one child is just that child.
        if is_precedence_level(pair.as_rule()) {
            let mut inner = children(pair.clone());
            if let (Some(only), None) = (inner.next(), inner.next()) {
                return self.expr(only);
            }
        }
        match pair.as_rule() {
            Rule::expr => self.pipe(pair),
            Rule::coalesce => self.coalesce(pair),
            Rule::disjunction | Rule::conjunction | Rule::sum | Rule::product => {
                self.left_associative(pair)
            }
            Rule::negation | Rule::unary => self.prefix(pair),
            Rule::comparison => self.comparison(pair),
            Rule::postfix => self.postfix(pair),
            _ => self.primary(pair),
        }
    }

    fn pipe(&mut self, pair: Pair<'_>) -> Built<Expr> {
        let span = self.span(&pair);
        let mut parts = children(pair);
        let mut subject = self.expr(parts.next().ok_or_else(|| missing_part(span))?)?;
        for part in parts {
            if part.as_rule() != Rule::pipe_call {
                continue;
            }
            let call_span = self.span(&part);
            let mut call = children(part);
            let function = self.ident(call.next().ok_or_else(|| missing_part(span))?);
            let args = match call.next() {
                Some(args) => self.arguments(args)?,
                None => Vec::new(),
            };
            subject = Expr {
                span: subject.span.to(call_span),
                kind: ExprKind::Pipe {
                    subject: Box::new(subject),
                    function,
                    args,
                },
            };
        }
        Ok(subject)
    }

    fn coalesce(&mut self, pair: Pair<'_>) -> Built<Expr> {
        let operands = children(pair)
            .filter(|part| part.as_rule() != Rule::coalesce_op)
            .map(|part| self.expr(part))
            .collect::<Built<Vec<_>>>()?;
        let mut operands = operands.into_iter().rev();
        let mut result = operands
            .next()
            .ok_or_else(|| missing_part(Span::SYNTHETIC))?;
        for left in operands {
            result = binary(BinaryOp::Coalesce, left, result);
        }
        Ok(result)
    }

    fn left_associative(&mut self, pair: Pair<'_>) -> Built<Expr> {
        let span = self.span(&pair);
        let mut parts = children(pair);
        let mut result = self.expr(parts.next().ok_or_else(|| missing_part(span))?)?;
        while let Some(op) = parts.next() {
            let op = binary_op(op.as_str());
            let right = self.expr(parts.next().ok_or_else(|| missing_part(span))?)?;
            result = binary(op, result, right);
        }
        Ok(result)
    }

    fn comparison(&mut self, pair: Pair<'_>) -> Built<Expr> {
        let span = self.span(&pair);
        let mut parts = children(pair);
        let left = self.expr(parts.next().ok_or_else(|| missing_part(span))?)?;
        let op = parts.next().ok_or_else(|| missing_part(span))?;
        let op = binary_op(op.as_str());
        let right = self.expr(parts.next().ok_or_else(|| missing_part(span))?)?;
        if let Some(second) = parts.next() {
            return Err(diagnostics::syntax_error(
                self.span(&second),
                "comparisons cannot be chained",
            )
            .with_label("a second comparison")
            .with_help("join two comparisons with `and`, as in `a < b and b < c`"));
        }
        Ok(binary(op, left, right))
    }

    /// `not not x`, `- -x`: prefix operators, applied innermost last.
    fn prefix(&mut self, pair: Pair<'_>) -> Built<Expr> {
        let span = self.span(&pair);
        let parts: Vec<Pair<'_>> = children(pair).collect();
        let (operand, ops) = parts.split_last().ok_or_else(|| missing_part(span))?;
        let mut result = self.expr(operand.clone())?;
        for op in ops.iter().rev() {
            let op_span = self.span(op);
            let op = if op.as_rule() == Rule::not_op {
                UnaryOp::Not
            } else {
                UnaryOp::Negate
            };
            result = Expr {
                span: op_span.to(result.span),
                kind: ExprKind::Unary {
                    op,
                    operand: Box::new(result),
                },
            };
        }
        Ok(result)
    }

    fn postfix(&mut self, pair: Pair<'_>) -> Built<Expr> {
        let span = self.span(&pair);
        let mut parts = children(pair);
        let mut result = self.expr(parts.next().ok_or_else(|| missing_part(span))?)?;
        for part in parts {
            let part_span = self.span(&part);
            let is_member = part.as_rule() == Rule::member;
            let inner = children(part).next().ok_or_else(|| missing_part(span))?;
            let kind = if is_member {
                ExprKind::Member {
                    subject: Box::new(result),
                    field: self.name(inner),
                }
            } else {
                ExprKind::Index {
                    subject: Box::new(result),
                    index: Box::new(self.expr(inner)?),
                }
            };
            result = Expr {
                span: span_start(span).to(part_span),
                kind,
            };
        }
        Ok(result)
    }

    fn primary(&mut self, pair: Pair<'_>) -> Built<Expr> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::paren => {
                let inner = children(pair).next().ok_or_else(|| missing_part(span))?;
                ExprKind::Paren(Box::new(self.expr(inner)?))
            }
            Rule::list => self.list(pair)?,
            Rule::object => self.object(pair)?,
            Rule::if_expr => self.if_expr(pair)?,
            Rule::match_expr => self.match_expr(pair)?,
            Rule::null_lit => ExprKind::Literal(Literal::Null),
            Rule::true_lit => ExprKind::Literal(Literal::Bool(true)),
            Rule::false_lit => ExprKind::Literal(Literal::Bool(false)),
            Rule::call => {
                let mut parts = children(pair);
                let function = self.ident(parts.next().ok_or_else(|| missing_part(span))?);
                let args = self.arguments(parts.next().ok_or_else(|| missing_part(span))?)?;
                ExprKind::Call { function, args }
            }
            Rule::name => ExprKind::Name(self.name(pair)),
            Rule::string => self.string(pair)?,
            Rule::regex => ExprKind::Regex(self.regex(pair)?),
            Rule::float | Rule::int => ExprKind::Literal(self.number(&pair, false)?),
            _ => return Err(missing_part(span)),
        };
        Ok(Expr { span, kind })
    }

    /// `call_args`: the expressions between the parentheses.
    fn arguments(&mut self, pair: Pair<'_>) -> Built<Vec<Expr>> {
        children(pair)
            .filter(|part| part.as_rule() != Rule::comma)
            .map(|part| self.expr(part))
            .collect()
    }

    fn list(&mut self, pair: Pair<'_>) -> Built<ExprKind> {
        let parts: Vec<Pair<'_>> = children(pair)
            .filter(|part| part.as_rule() != Rule::comma)
            .collect();
        if let [element, tail] = parts.as_slice() {
            if tail.as_rule() == Rule::comprehension_tail {
                return self.comprehension(element.clone(), tail.clone());
            }
        }
        let elements = parts
            .into_iter()
            .map(|part| self.expr(part))
            .collect::<Built<_>>()?;
        Ok(ExprKind::List(elements))
    }

    fn comprehension(&mut self, element: Pair<'_>, tail: Pair<'_>) -> Built<ExprKind> {
        let span = self.span(&tail);
        let element = self.expr(element)?;
        let mut parts = children(tail);
        let variable = self.name(parts.next().ok_or_else(|| missing_part(span))?);
        let list = self.expr(parts.next().ok_or_else(|| missing_part(span))?)?;
        let condition = match parts.next() {
            Some(condition) => Some(Box::new(self.expr(condition)?)),
            None => None,
        };
        Ok(ExprKind::Comprehension {
            element: Box::new(element),
            variable,
            list: Box::new(list),
            condition,
        })
    }

    fn object(&mut self, pair: Pair<'_>) -> Built<ExprKind> {
        let fields = self.separated(children(pair), "object fields", |builder, field| {
            let span = builder.span(&field);
            let mut parts = children(field);
            let key = parts.next().ok_or_else(|| missing_part(span))?;
            let key = if key.as_rule() == Rule::string {
                let text = builder.plain_string(key)?;
                Ident {
                    name: text.value,
                    span: text.span,
                }
            } else {
                builder.name(key)
            };
            let value = builder.expr(parts.next().ok_or_else(|| missing_part(span))?)?;
            Ok(ObjectField { span, key, value })
        })?;
        Ok(ExprKind::Object(fields))
    }

    fn if_expr(&mut self, pair: Pair<'_>) -> Built<ExprKind> {
        let span = self.span(&pair);
        let mut parts = children(pair);
        let condition = self.expr(parts.next().ok_or_else(|| missing_part(span))?)?;
        let then = self.expr(parts.next().ok_or_else(|| missing_part(span))?)?;
        let otherwise = match parts.next() {
            Some(otherwise) => Some(Box::new(self.expr(otherwise)?)),
            None => None,
        };
        Ok(ExprKind::If {
            condition: Box::new(condition),
            then: Box::new(then),
            otherwise,
        })
    }

    fn match_expr(&mut self, pair: Pair<'_>) -> Built<ExprKind> {
        let span = self.span(&pair);
        let mut parts = children(pair);
        let subject = self.expr(parts.next().ok_or_else(|| missing_part(span))?)?;
        let arms = self.separated(parts, "match arms", |builder, arm| {
            let span = builder.span(&arm);
            let parts: Vec<Pair<'_>> = children(arm).collect();
            let (value, patterns) = parts.split_last().ok_or_else(|| missing_part(span))?;
            let patterns = patterns
                .iter()
                .map(|pattern| builder.pattern(pattern.clone()))
                .collect::<Built<_>>()?;
            let value = builder.expr(value.clone())?;
            Ok(MatchArm {
                span,
                patterns,
                value,
            })
        })?;
        Ok(ExprKind::Match {
            subject: Box::new(subject),
            arms,
        })
    }

    fn pattern(&mut self, pair: Pair<'_>) -> Built<Pattern> {
        let span = self.span(&pair);
        let inner = children(pair).next().ok_or_else(|| missing_part(span))?;
        let kind = match inner.as_rule() {
            Rule::wildcard => PatternKind::Wildcard,
            Rule::regex => PatternKind::Regex(self.regex(inner)?),
            _ => PatternKind::Literal(self.literal(inner)?.0),
        };
        Ok(Pattern { span, kind })
    }

    fn string(&mut self, pair: Pair<'_>) -> Built<ExprKind> {
        let parts = self.string_parts(pair)?;
        if parts.iter().any(|part| matches!(part, StringPart::Expr(_))) {
            return Ok(ExprKind::Interpolated(parts));
        }
        let text = match parts.into_iter().next() {
            Some(StringPart::Text(text)) => text,
            _ => String::new(),
        };
        Ok(ExprKind::Literal(Literal::String(text)))
    }

    fn regex(&mut self, pair: Pair<'_>) -> Built<RegexLit> {
        let mut pattern = String::new();
        let mut flags = String::new();
        for part in children(pair) {
            if part.as_rule() == Rule::regex_body {
                pattern = part.as_str().replace("\\/", "/");
                continue;
            }
            flags = part.as_str().to_string();
            if let Some(bad) = flags.chars().find(|flag| !"imsx".contains(*flag)) {
                return Err(diagnostics::syntax_error(
                    self.span(&part),
                    format!("unknown regex flag `{bad}`"),
                )
                .with_label("not a flag")
                .with_help(
                    "the flags are `i` (ignore case), `m` (multi-line), `s` (`.` matches a line \
                     break) and `x` (ignore white space)",
                ));
            }
        }
        Ok(RegexLit { pattern, flags })
    }

    /// Rejects an item whose expressions nest deeper than the later stages accept.
    pub(super) fn check_depth(&self, item: &Item) -> Built<()> {
        let expressions: Vec<&Expr> = match item {
            Item::Let(item) => vec![&item.value],
            Item::Skip(item) => vec![&item.condition],
            Item::Reject(item) => vec![&item.condition],
            Item::Rule(item) => vec![&item.value],
            Item::Source(_) | Item::Target(_) | Item::Table(_) => Vec::new(),
        };
        for expr in expressions {
            if !fits_depth(expr, MAX_NESTING) {
                return Err(diagnostics::nesting_too_deep(expr.span));
            }
        }
        Ok(())
    }
}

/// Whether an expression is at most `levels` deep; recurses no deeper than that.
pub(super) fn fits_depth(expr: &Expr, levels: usize) -> bool {
    if levels == 0 {
        return false;
    }
    let below = levels - 1;
    let fits = |expr: &Expr| fits_depth(expr, below);
    match &expr.kind {
        ExprKind::Literal(_) | ExprKind::Regex(_) | ExprKind::Name(_) => true,
        ExprKind::Interpolated(parts) => parts.iter().all(|part| match part {
            StringPart::Text(_) => true,
            StringPart::Expr(expr) => fits(expr),
        }),
        ExprKind::Member { subject, .. } => fits(subject),
        ExprKind::Index { subject, index } => fits(subject) && fits(index),
        ExprKind::List(elements) => elements.iter().all(fits),
        ExprKind::Object(fields) => fields.iter().all(|field| fits(&field.value)),
        ExprKind::Comprehension {
            element,
            list,
            condition,
            ..
        } => fits(element) && fits(list) && condition.as_deref().is_none_or(fits),
        ExprKind::Unary { operand, .. } => fits(operand),
        ExprKind::Binary { left, right, .. } => fits(left) && fits(right),
        ExprKind::Call { args, .. } => args.iter().all(fits),
        ExprKind::Pipe { subject, args, .. } => fits(subject) && args.iter().all(fits),
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => fits(condition) && fits(then) && otherwise.as_deref().is_none_or(fits),
        ExprKind::Match { subject, arms } => {
            fits(subject) && arms.iter().all(|arm| fits(&arm.value))
        }
        ExprKind::Paren(inner) => fits(inner),
    }
}

fn is_precedence_level(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::expr
            | Rule::coalesce
            | Rule::disjunction
            | Rule::conjunction
            | Rule::negation
            | Rule::comparison
            | Rule::sum
            | Rule::product
            | Rule::unary
            | Rule::postfix
    )
}

fn span_start(span: Span) -> Span {
    Span {
        start: span.start,
        end: span.start,
    }
}

fn binary(op: BinaryOp, left: Expr, right: Expr) -> Expr {
    Expr {
        span: left.span.to(right.span),
        kind: ExprKind::Binary {
            op,
            left: Box::new(left),
            right: Box::new(right),
        },
    }
}

fn binary_op(text: &str) -> BinaryOp {
    match text {
        "or" => BinaryOp::Or,
        "and" => BinaryOp::And,
        "==" => BinaryOp::Equal,
        "!=" => BinaryOp::NotEqual,
        "<" => BinaryOp::Less,
        "<=" => BinaryOp::LessEqual,
        ">" => BinaryOp::Greater,
        ">=" => BinaryOp::GreaterEqual,
        "in" => BinaryOp::In,
        "+" => BinaryOp::Add,
        "-" => BinaryOp::Subtract,
        "*" => BinaryOp::Multiply,
        _ => BinaryOp::Divide,
    }
}
