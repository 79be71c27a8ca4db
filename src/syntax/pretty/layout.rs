//! Breaking expressions that do not fit on one line.
//!
//! Every expression is tried on one line first; only when it does not fit (or holds a
//! `match`) is it broken, outermost node first: call arguments one per line, `and`/`or`/`??`
//! chains one operand per line under the first, pipes one stage per line.

use super::flat;
use super::lines::Line;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Ident, MatchArm};

/// The column limit for code (comments do not count).
pub(super) const WIDTH: usize = 100;

/// Builds output lines; all text is appended to the last line.
pub(super) struct Writer<'a> {
    /// The text being formatted, to find keywords and operators the tree has no span for.
    source: &'a str,
    pub lines: Vec<Line>,
    pub item: usize,
    /// Set while a tentative layout is tried, so tries do not nest (which would take
    /// exponential time on deeply nested input).
    trying: bool,
}

/// A point to go back to when a tentative layout does not fit.
struct Mark {
    lines: usize,
    text: usize,
}

impl<'a> Writer<'a> {
    pub fn new(source: &'a str) -> Writer<'a> {
        Writer {
            source,
            lines: Vec::new(),
            item: 0,
            trying: false,
        }
    }

    /// Starts a line at `indent`, for the node that begins at `anchor`.
    pub fn line(&mut self, indent: usize, anchor: u32, anchor_end: u32) -> &mut Line {
        let mut line = Line::new(indent, anchor, self.item);
        line.anchor_end = anchor_end;
        self.lines.push(line);
        let last = self.lines.len() - 1;
        &mut self.lines[last]
    }

    pub fn push(&mut self, text: &str) {
        if let Some(line) = self.lines.last_mut() {
            line.text.push_str(text);
        }
    }

    /// Where the first token at or after `offset` starts, past white space and comments:
    /// the operator or keyword between two nodes, which is where a continuation line
    /// starts in the source.
    fn token_after(&self, offset: u32) -> u32 {
        let bytes = self.source.as_bytes();
        let mut position = offset as usize;
        while let Some(&byte) = bytes.get(position) {
            match byte {
                b' ' | b'\t' | b'\r' | b'\n' => position += 1,
                b'#' => {
                    while bytes.get(position).is_some_and(|&b| b != b'\n') {
                        position += 1;
                    }
                }
                _ => break,
            }
        }
        position as u32
    }

    /// The current column, in characters.
    pub fn column(&self) -> usize {
        self.lines
            .last()
            .map_or(0, |line| line.text.chars().count())
    }

    fn mark(&self) -> Mark {
        Mark {
            lines: self.lines.len(),
            text: self.lines.last().map_or(0, |line| line.text.len()),
        }
    }

    fn reset(&mut self, mark: &Mark) {
        self.lines.truncate(mark.lines);
        if let Some(line) = self.lines.last_mut() {
            line.text.truncate(mark.text);
        }
    }

    /// Whether every line written since the mark fits.
    fn fits_since(&self, mark: &Mark) -> bool {
        let first = mark.lines.saturating_sub(1);
        self.lines[first..]
            .iter()
            .all(|line| line.text.chars().count() <= WIDTH)
    }

    /// Writes an expression starting at the current column. `base` is the indentation
    /// that broken arguments are indented from; `trail` is how many characters will follow
    /// on the last line.
    pub fn expr(&mut self, e: &Expr, base: usize, trail: usize) {
        if !flat::must_break(e) {
            let text = flat::expr(e);
            if self.column() + text.chars().count() + trail <= WIDTH {
                self.push(&text);
                return;
            }
        }
        self.broken(e, base, trail);
    }

    fn broken(&mut self, e: &Expr, base: usize, trail: usize) {
        match &e.kind {
            ExprKind::Call { function, args } if !args.is_empty() => {
                self.call(function, args, base, trail)
            }
            ExprKind::Binary { op, .. }
                if matches!(op, BinaryOp::And | BinaryOp::Or | BinaryOp::Coalesce) =>
            {
                self.chain(&flat::chain(e, *op), *op, trail)
            }
            ExprKind::Binary { op, left, right } => {
                self.expr(left, base, 0);
                self.push(&format!(" {} ", op.symbol()));
                self.expr(right, base, trail);
            }
            ExprKind::Pipe { .. } => self.pipe(e, trail),
            ExprKind::Match { subject, arms } => self.match_arms(e, subject, arms, base),
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => self.if_then_else(condition, then, otherwise.as_deref(), trail),
            ExprKind::List(elements) => self.list(e, elements, base),
            ExprKind::Object(fields) => self.object(e, fields, base),
            ExprKind::Paren(inner) => {
                self.push("(");
                let column = self.column();
                self.expr(inner, column, trail + 1);
                self.push(")");
            }
            ExprKind::Unary { op, operand } => {
                self.push(flat::unary(*op));
                self.expr(operand, base, trail);
            }
            ExprKind::Member { subject, field } => {
                self.expr(subject, base, 0);
                self.push(&format!(".{}", flat::ident(field)));
            }
            ExprKind::Index { subject, index } => {
                self.expr(subject, base, 0);
                self.push("[");
                self.expr(index, base, trail + 1);
                self.push("]");
            }
            ExprKind::Comprehension {
                element,
                variable,
                list,
                condition,
            } => {
                self.push("[");
                self.expr(element, base, 0);
                self.push(&format!(" for {} in ", flat::ident(variable)));
                self.expr(list, base, 0);
                if let Some(condition) = condition {
                    self.push(" if ");
                    self.expr(condition, base, trail + 1);
                }
                self.push("]");
            }
            _ => self.push(&flat::expr(e)),
        }
    }

    /// `f(` then one argument per line, indented from `base`; `)` ends the last one.
    fn call(&mut self, function: &Ident, args: &[Expr], base: usize, trail: usize) {
        self.push(&format!("{}(", flat::ident(function)));
        // A `match` as the last argument opens on the call's line: `lower(match x {`.
        if let Some((last, head)) = args.split_last() {
            let head_text: Vec<String> = head.iter().map(flat::expr).collect();
            let prefix: String = head_text.iter().map(|arg| format!("{arg}, ")).collect();
            if matches!(last.kind, ExprKind::Match { .. })
                && !head.iter().any(flat::must_break)
                && self.column() + prefix.chars().count() + "match ".len() < WIDTH
            {
                self.push(&prefix);
                self.expr(last, base, trail + 1);
                self.push(")");
                return;
            }
        }
        let indent = base + 2;
        for (index, arg) in args.iter().enumerate() {
            self.line(indent, arg.span.start, arg.span.end);
            let last = index + 1 == args.len();
            self.expr(arg, indent, if last { trail + 1 } else { 1 });
            self.push(if last { ")" } else { "," });
        }
    }

    /// One operand per line, each after the first led by the operator and aligned under
    /// the first operand. A `??` chain first tries to keep all but its last operand on
    /// the line and break only the last one (`email ?? unique(` ...).
    fn chain(&mut self, operands: &[&Expr], op: BinaryOp, trail: usize) {
        let column = self.column();
        let symbol = op.symbol();
        if op == BinaryOp::Coalesce && operands.len() > 1 && !self.trying {
            let mark = self.mark();
            let (last, head) = operands
                .split_last()
                .map_or((None, &[][..]), |(l, h)| (Some(l), h));
            let head_fits = head.iter().all(|operand| !flat::must_break(operand));
            if let (Some(last), true) = (last, head_fits) {
                let parts: Vec<String> = head.iter().map(|operand| flat::expr(operand)).collect();
                self.push(&format!("{} {symbol} ", parts.join(&format!(" {symbol} "))));
                if self.column() < WIDTH && is_hug_target(last) {
                    self.trying = true;
                    self.broken(last, column, trail);
                    self.trying = false;
                    if self.fits_since(&mark) {
                        return;
                    }
                }
            }
            self.reset(&mark);
        }
        for (index, operand) in operands.iter().enumerate() {
            let last = index + 1 == operands.len();
            if index > 0 {
                let operator = self.token_after(operands[index - 1].span.end);
                self.line(column, operator, operand.span.end);
                self.push(&format!("{symbol} "));
            }
            let base = self.column();
            self.expr(operand, base, if last { trail } else { 0 });
        }
    }

    /// `subject` then one `| f(args)` stage per line under it.
    fn pipe(&mut self, e: &Expr, trail: usize) {
        let mut stages = Vec::new();
        let mut subject = e;
        while let ExprKind::Pipe {
            subject: inner,
            function,
            args,
        } = &subject.kind
        {
            let bar = self.token_after(inner.span.end);
            stages.push((function, args, bar));
            subject = inner;
        }
        stages.reverse();
        let column = self.column();
        self.expr(subject, column, 0);
        for (index, (function, args, bar)) in stages.iter().enumerate() {
            self.line(column, *bar, function.span.end);
            self.push("| ");
            let last = index + 1 == stages.len();
            let call_trail = if last { trail } else { 0 };
            let text = flat::pipe_stage(function, args);
            // A stage without arguments (`| lower`) has nothing to break.
            let breakable = !args.is_empty();
            if breakable
                && (args.iter().any(flat::must_break)
                    || self.column() + text.chars().count() + call_trail > WIDTH)
            {
                self.call(function, args, column, call_trail);
            } else {
                self.push(&text);
            }
        }
    }

    /// `match x {`, one arm per line indented from `base` with `=>` aligned, and `}` on
    /// its own line at `base`.
    fn match_arms(&mut self, e: &Expr, subject: &Expr, arms: &[MatchArm], base: usize) {
        let indent = base;
        self.push("match ");
        let column = self.column();
        self.expr(subject, column, 2);
        self.push(" {");
        let patterns: Vec<String> = arms.iter().map(flat::patterns).collect();
        let width = aligned_width(&patterns);
        for (index, (arm, pattern)) in arms.iter().zip(&patterns).enumerate() {
            let line = self.line(indent + 2, arm.span.start, arm.span.end);
            line.blank_ok = index > 0;
            let pad = width.saturating_sub(pattern.chars().count());
            self.push(&format!("{pattern}{} => ", " ".repeat(pad)));
            let base = self.column();
            self.expr(&arm.value, base, 0);
        }
        let end = e.span.end.saturating_sub(1);
        self.line(indent, end, e.span.end).comment_indent = indent + 2;
        self.push("}");
    }

    fn if_then_else(
        &mut self,
        condition: &Expr,
        then: &Expr,
        otherwise: Option<&Expr>,
        trail: usize,
    ) {
        let column = self.column();
        self.push("if ");
        self.expr(condition, column + 3, 0);
        let keyword = self.token_after(condition.span.end);
        self.line(column, keyword, then.span.end);
        self.push("then ");
        let last = otherwise.is_none();
        self.expr(then, column + 5, if last { trail } else { 0 });
        if let Some(otherwise) = otherwise {
            let keyword = self.token_after(then.span.end);
            self.line(column, keyword, otherwise.span.end);
            self.push("else ");
            self.expr(otherwise, column + 5, trail);
        }
    }

    fn list(&mut self, e: &Expr, elements: &[Expr], base: usize) {
        self.push("[");
        for (index, element) in elements.iter().enumerate() {
            self.line(base + 2, element.span.start, element.span.end);
            let last = index + 1 == elements.len();
            self.expr(element, base + 2, usize::from(!last));
            if !last {
                self.push(",");
            }
        }
        self.closer(e, base, "]");
    }

    fn object(&mut self, e: &Expr, fields: &[crate::syntax::ast::ObjectField], base: usize) {
        self.push("{");
        for (index, field) in fields.iter().enumerate() {
            self.line(base + 2, field.span.start, field.span.end);
            self.push(&format!("{}: ", flat::ident(&field.key)));
            let last = index + 1 == fields.len();
            self.expr(&field.value, base + 2, usize::from(!last));
            if !last {
                self.push(",");
            }
        }
        self.closer(e, base, "}");
    }

    /// A closing bracket on its own line, anchored at the bracket.
    fn closer(&mut self, e: &Expr, base: usize, bracket: &str) {
        let end = e.span.end.saturating_sub(1);
        self.line(base, end, e.span.end).comment_indent = base + 2;
        self.push(bracket);
    }
}

/// Whether an expression can be broken right where it starts, so it reads well after
/// `a ?? ` on the same line.
fn is_hug_target(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Call { args, .. } => !args.is_empty(),
        ExprKind::Match { .. } => true,
        _ => false,
    }
}

/// The width to pad keys to so that `=>` lines up; keys much longer than the rest
/// are left unpadded (see `super::align`).
pub(super) fn aligned_width(keys: &[String]) -> usize {
    let widths: Vec<usize> = keys.iter().map(|key| key.chars().count()).collect();
    super::align::block_width(&widths)
}
