//! What names mean while checking: source fields, `let`s defined so far, tables, and
//! comprehension variables.

use crate::schema::{ObjectType, Type};
use crate::source::Span;
use std::sync::Arc;

/// Why an expression may be `null`: the optional field (or construct) it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct NullCause {
    /// In words: "the optional field `work_email`".
    pub text: String,
    pub span: Span,
    /// The expression to put a `??` after, when there is one: `work_email`.
    pub fallback_subject: Option<String>,
}

/// A `let` that has been checked.
pub struct LetInfo {
    pub name: String,
    pub ty: Type,
    pub cause: Option<NullCause>,
    pub span: Span,
    /// Who reads it: `None` for a rule or filter, `Some(i)` for `lets[i]`.
    pub users: Vec<Option<usize>>,
}

/// A table that has been loaded.
pub struct TableInfo {
    pub name: String,
    pub value_type: Type,
    pub span: Span,
    /// Who reads it: `None` for a rule or filter, `Some(i)` for `lets[i]`.
    pub users: Vec<Option<usize>>,
}

/// Every name visible at one point of the file.
pub struct Scope {
    /// `None` when the file has no `source`: every field is then `any`.
    pub source: Option<Arc<ObjectType>>,
    pub lets: Vec<LetInfo>,
    /// Names of `let`s defined later in the file, for "used before definition".
    pub later_lets: Vec<(String, Span)>,
    pub tables: Vec<TableInfo>,
    /// Comprehension variables, innermost last.
    pub locals: Vec<(String, Type)>,
    /// The `let` being checked, if any: names read now are read by it.
    pub owner: Option<usize>,
}

impl Scope {
    pub fn local(&self, name: &str) -> Option<(usize, &Type)> {
        self.locals
            .iter()
            .rev()
            .enumerate()
            .find(|(_, (local, _))| local == name)
            .map(|(depth, (_, ty))| (depth, ty))
    }

    pub fn let_index(&self, name: &str) -> Option<usize> {
        self.lets.iter().position(|info| info.name == name)
    }

    pub fn table_index(&self, name: &str) -> Option<usize> {
        self.tables.iter().position(|info| info.name == name)
    }

    pub fn is_source_field(&self, name: &str) -> bool {
        self.source
            .as_ref()
            .is_some_and(|source| source.field(name).is_some())
    }

    /// Every name a bare identifier could have meant, for "did you mean".
    pub fn candidates(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.locals.iter().map(|(name, _)| name.as_str()).collect();
        names.extend(self.lets.iter().map(|info| info.name.as_str()));
        names.extend(self.tables.iter().map(|info| info.name.as_str()));
        if let Some(source) = &self.source {
            names.extend(source.fields.iter().map(|field| field.name.as_str()));
        }
        names
    }
}

impl Scope {
    /// Which `let`s and tables a rule or filter needs, directly or through other `let`s:
    /// a `let` read only by unused `let`s is unused too.
    pub fn needed(&self) -> (Vec<bool>, Vec<bool>) {
        let mut lets = vec![false; self.lets.len()];
        // A let is read only by later lets, so one pass from the last decides each.
        for index in (0..self.lets.len()).rev() {
            lets[index] = self.lets[index]
                .users
                .iter()
                .any(|user| user.is_none_or(|reader| lets.get(reader).copied().unwrap_or(false)));
        }
        let tables = self
            .tables
            .iter()
            .map(|table| {
                table.users.iter().any(|user| {
                    user.is_none_or(|reader| lets.get(reader).copied().unwrap_or(false))
                })
            })
            .collect();
        (lets, tables)
    }
}
