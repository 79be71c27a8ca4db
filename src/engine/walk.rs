//! Visits every field read of a compiled program, to build the tree of the paths it
//! reads.

use super::program::{Expr, FieldRead};
use super::sparse::FieldNode;
use super::Program;

impl Program {
    /// Builds `fields` from every field read and gives each read its positions in it.
    pub(crate) fn index_fields(&mut self) {
        let mut tree = FieldNode::default();
        let mut add = |read: &mut FieldRead| tree.add(read);
        for definition in &mut self.lets {
            visit_reads(&mut definition.value, &mut add);
        }
        for filter in &mut self.filters {
            visit_reads(&mut filter.condition, &mut add);
        }
        for rule in &mut self.rules {
            visit_reads(&mut rule.value, &mut add);
        }
        self.fields = tree;
    }
}

fn visit_reads(expr: &mut Expr, visit: &mut impl FnMut(&mut FieldRead)) {
    match expr {
        Expr::Field(read) => visit(read),
        Expr::Constant(_) | Expr::Let(_) | Expr::Local(_) => {}
        Expr::Interpolated(parts) | Expr::List(parts) => {
            parts.iter_mut().for_each(|part| visit_reads(part, visit))
        }
        Expr::Member(member) => visit_reads(&mut member.0, visit),
        Expr::Index(index) => {
            visit_reads(&mut index.0, visit);
            visit_reads(&mut index.1, visit);
        }
        Expr::TableLookup(_, key) => visit_reads(key, visit),
        Expr::Object(object) => object
            .values
            .iter_mut()
            .for_each(|value| visit_reads(value, visit)),
        Expr::Comprehension(comprehension) => {
            visit_reads(&mut comprehension.element, visit);
            visit_reads(&mut comprehension.list, visit);
            if let Some(condition) = &mut comprehension.condition {
                visit_reads(condition, visit);
            }
        }
        Expr::Not(operand) | Expr::Negate(operand) => visit_reads(operand, visit),
        Expr::Binary(binary) => {
            visit_reads(&mut binary.left, visit);
            visit_reads(&mut binary.right, visit);
        }
        Expr::InSet(set) => visit_reads(&mut set.subject, visit),
        Expr::Call(call) => call.args.iter_mut().for_each(|arg| visit_reads(arg, visit)),
        Expr::If(branch) => {
            visit_reads(&mut branch.condition, visit);
            visit_reads(&mut branch.then, visit);
            if let Some(otherwise) = &mut branch.otherwise {
                visit_reads(otherwise, visit);
            }
        }
        Expr::Match(choice) => {
            visit_reads(&mut choice.subject, visit);
            for arm in choice.arms.iter_mut() {
                // Patterns are constants and regexes: nothing to read.
                visit_reads(&mut arm.value, visit);
            }
        }
    }
}
