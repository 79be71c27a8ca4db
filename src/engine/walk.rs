//! Visits the expressions of a compiled program: every field read, to build the tree of
//! the paths it reads, and every call, to know whether it needs the taken names.

use super::program::Expr;
use super::sparse::FieldNode;
use super::Program;

impl Program {
    /// Builds `fields` from every field read and gives each read its positions in it.
    pub(crate) fn index_fields(&mut self) {
        let mut tree = FieldNode::default();
        self.visit_exprs(&mut |expr| {
            if let Expr::Field(read) = expr {
                tree.add(read);
            }
        });
        self.fields = tree;
    }

    /// Sets `holds_names`: a run holds mapped userNames only for `unique`, so that a
    /// mapping without it maps any number of records in the same memory.
    pub(crate) fn index_unique(&mut self) {
        let mut calls_unique = false;
        self.visit_exprs(&mut |expr| {
            calls_unique |= matches!(expr, Expr::Call(call) if call.name == "unique");
        });
        self.output.holds_names = calls_unique;
    }

    fn visit_exprs(&mut self, visit: &mut impl FnMut(&mut Expr)) {
        for definition in &mut self.lets {
            visit_exprs(&mut definition.value, visit);
        }
        for filter in &mut self.filters {
            visit_exprs(&mut filter.condition, visit);
        }
        for rule in &mut self.rules {
            visit_exprs(&mut rule.value, visit);
        }
    }
}

/// Visits `expr` and every expression inside it, each before its parts.
pub(crate) fn visit_exprs(expr: &mut Expr, visit: &mut impl FnMut(&mut Expr)) {
    visit(expr);
    match expr {
        Expr::Field(_) | Expr::Constant(_) | Expr::Let(_) | Expr::Local(_) => {}
        Expr::Interpolated(parts) | Expr::List(parts) => {
            parts.iter_mut().for_each(|part| visit_exprs(part, visit))
        }
        Expr::Member(member) => visit_exprs(&mut member.0, visit),
        Expr::Index(index) => {
            visit_exprs(&mut index.0, visit);
            visit_exprs(&mut index.1, visit);
        }
        Expr::TableLookup(_, key) => visit_exprs(key, visit),
        Expr::Object(object) => object
            .values
            .iter_mut()
            .for_each(|value| visit_exprs(value, visit)),
        Expr::Comprehension(comprehension) => {
            visit_exprs(&mut comprehension.element, visit);
            visit_exprs(&mut comprehension.list, visit);
            if let Some(condition) = &mut comprehension.condition {
                visit_exprs(condition, visit);
            }
        }
        Expr::Not(operand) | Expr::Negate(operand) => visit_exprs(operand, visit),
        Expr::Binary(binary) => {
            visit_exprs(&mut binary.left, visit);
            visit_exprs(&mut binary.right, visit);
        }
        Expr::InSet(set) => visit_exprs(&mut set.subject, visit),
        Expr::Call(call) => call.args.iter_mut().for_each(|arg| visit_exprs(arg, visit)),
        Expr::If(branch) => {
            visit_exprs(&mut branch.condition, visit);
            visit_exprs(&mut branch.then, visit);
            if let Some(otherwise) = &mut branch.otherwise {
                visit_exprs(otherwise, visit);
            }
        }
        Expr::Match(choice) => {
            visit_exprs(&mut choice.subject, visit);
            for arm in choice.arms.iter_mut() {
                // Patterns are constants and regexes: nothing to read.
                visit_exprs(&mut arm.value, visit);
            }
        }
    }
}
