//! Building the top-level items of a mapping file from their pairs.

use super::build::{children, Builder, Built, Pair};
use super::grammar::Rule;
use crate::diagnostics::{self, Diagnostic};
use crate::syntax::ast::*;

impl Builder<'_> {
    /// Builds the items of a `file` pair; an item that fails to build is reported and left out.
    pub(super) fn items(&mut self, file: Pair<'_>) -> Vec<Item> {
        let mut items = Vec::new();
        for pair in children(file) {
            match self.item(pair) {
                Ok(item) => items.push(item),
                Err(diagnostic) => self.diagnostics.push(diagnostic),
            }
        }
        items
    }

    fn item(&mut self, pair: Pair<'_>) -> Built<Item> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut parts = children(pair);
        let mut next = || parts.next().ok_or_else(|| missing_part(span));
        let item = match rule {
            Rule::source_item => {
                let body = next()?;
                let kind = if body.as_rule() == Rule::string {
                    SourceKind::File(self.plain_string(body)?)
                } else {
                    SourceKind::Inline(self.field_decls(children(body).next())?)
                };
                Item::Source(SourceDecl { span, kind })
            }
            Rule::target_item => {
                let body = next()?;
                let kind = if body.as_rule() == Rule::string {
                    TargetKind::File(self.plain_string(body)?)
                } else {
                    TargetKind::BuiltIn(self.name(body))
                };
                Item::Target(TargetDecl { span, kind })
            }
            Rule::table_item => {
                let name = self.name(next()?);
                let body = self.table_body(next()?)?;
                Item::Table(TableDecl { span, name, body })
            }
            Rule::let_item => {
                let name = self.name(next()?);
                let value = self.expr(next()?)?;
                Item::Let(LetDecl { span, name, value })
            }
            Rule::skip_item => Item::Skip(SkipDecl {
                span,
                condition: self.expr(next()?)?,
            }),
            Rule::reject_item => {
                let reason = self.plain_string(next()?)?;
                let condition = self.expr(next()?)?;
                Item::Reject(RejectDecl {
                    span,
                    reason,
                    condition,
                })
            }
            _ => {
                let mut first = next()?;
                let once = if first.as_rule() == Rule::kw_once {
                    let once = self.span(&first);
                    first = next()?;
                    Some(once)
                } else {
                    None
                };
                let target = self.target_path(first)?;
                let value = self.expr(next()?)?;
                Item::Rule(RuleDecl {
                    span,
                    once,
                    target,
                    value,
                })
            }
        };
        self.check_depth(&item)?;
        Ok(item)
    }

    fn field_decls(&mut self, list: Option<Pair<'_>>) -> Built<Vec<FieldDecl>> {
        let Some(list) = list else {
            return Ok(Vec::new());
        };
        self.separated(children(list), "fields", |builder, pair| {
            let span = builder.span(&pair);
            let mut parts = children(pair);
            let name = builder.name(parts.next().ok_or_else(|| missing_part(span))?);
            let ty = builder.type_expr(parts.next().ok_or_else(|| missing_part(span))?)?;
            Ok(FieldDecl { span, name, ty })
        })
    }

    fn type_expr(&mut self, pair: Pair<'_>) -> Built<TypeExpr> {
        let span = self.span(&pair);
        let mut parts = children(pair);
        let atom = parts.next().ok_or_else(|| missing_part(span))?;
        let atom_span = self.span(&atom);
        let kind = match atom.as_rule() {
            Rule::enum_type => TypeExprKind::Enum(
                children(atom)
                    .map(|value| self.plain_string(value))
                    .collect::<Built<_>>()?,
            ),
            Rule::list_type => {
                let inner = children(atom).next().ok_or_else(|| missing_part(span))?;
                TypeExprKind::List(Box::new(self.type_expr(inner)?))
            }
            Rule::object_type => TypeExprKind::Object(self.field_decls(children(atom).next())?),
            _ => {
                let name = children(atom).next().ok_or_else(|| missing_part(span))?;
                TypeExprKind::Named(self.name(name))
            }
        };
        // The grammar's `question` is punctuation, so a nullable type shows as a wider span.
        if span.end > atom_span.end {
            let inner = TypeExpr {
                span: atom_span,
                kind,
            };
            return Ok(TypeExpr {
                span,
                kind: TypeExprKind::Nullable(Box::new(inner)),
            });
        }
        Ok(TypeExpr { span, kind })
    }

    fn table_body(&mut self, pair: Pair<'_>) -> Built<TableBody> {
        let span = self.span(&pair);
        if pair.as_rule() == Rule::table_csv {
            let mut parts = children(pair);
            let mut next = || parts.next().ok_or_else(|| missing_part(span));
            let path = self.plain_string(next()?)?;
            let key_column = self.column(next()?)?;
            let value_column = self.column(next()?)?;
            return Ok(TableBody::Csv {
                path,
                key_column,
                value_column,
            });
        }
        let entries = self.separated(children(pair), "table entries", |builder, entry| {
            let span = builder.span(&entry);
            let mut parts = children(entry);
            let (key, key_span) =
                builder.literal(parts.next().ok_or_else(|| missing_part(span))?)?;
            let (value, value_span) =
                builder.literal(parts.next().ok_or_else(|| missing_part(span))?)?;
            Ok(TableEntry {
                span,
                key,
                key_span,
                value,
                value_span,
            })
        })?;
        Ok(TableBody::Inline(entries))
    }

    /// A CSV column: a name or a string, both kept as an `Ident`.
    fn column(&mut self, pair: Pair<'_>) -> Built<Ident> {
        let span = self.span(&pair);
        let inner = children(pair).next().ok_or_else(|| missing_part(span))?;
        if inner.as_rule() == Rule::string {
            let text = self.plain_string(inner)?;
            return Ok(Ident {
                name: text.value,
                span,
            });
        }
        Ok(self.name(inner))
    }

    fn target_path(&mut self, pair: Pair<'_>) -> Built<TargetPath> {
        let span = self.span(&pair);
        let segments = children(pair)
            .map(|segment| self.path_segment(segment))
            .collect::<Built<_>>()?;
        Ok(TargetPath { span, segments })
    }

    fn path_segment(&mut self, pair: Pair<'_>) -> Built<PathSegment> {
        let span = self.span(&pair);
        let mut parts = children(pair);
        let name = self.name(parts.next().ok_or_else(|| missing_part(span))?);
        let filter = match parts.next() {
            Some(filter) => {
                let filter_span = self.span(&filter);
                let mut inside = children(filter);
                let attribute = self.name(inside.next().ok_or_else(|| missing_part(span))?);
                let (value, value_span) =
                    self.literal(inside.next().ok_or_else(|| missing_part(span))?)?;
                Some(ValueFilter {
                    span: filter_span,
                    attribute,
                    value,
                    value_span,
                })
            }
            None => None,
        };
        Ok(PathSegment { span, name, filter })
    }
}

/// A pair without a part the grammar guarantees: a bug in the parser, reported rather than
/// panicking.
pub(super) fn missing_part(span: crate::source::Span) -> Diagnostic {
    diagnostics::syntax_error(span, "the parser could not read this part of the file")
        .with_label("not understood")
}
