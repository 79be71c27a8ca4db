//! A span-free, indented dump of the AST for snapshot tests and round-trip comparison.
//!
//! The dump is an S-expression per item. A node that fits on one line is written on one
//! line; otherwise its children go on their own lines, indented. Comments and layout are
//! not part of the dump, so two files with the same AST dump the same.

use crate::syntax::ast::*;

/// Words that only name something when written in backticks.
const RESERVED: [&str; 12] = [
    "and", "or", "not", "if", "then", "else", "match", "for", "in", "true", "false", "null",
];

/// Lines longer than this are broken up.
const WIDTH: usize = 80;

/// Dumps every item of a file, one S-expression per item.
pub fn dump(file: &ParsedFile) -> String {
    let mut out = String::new();
    for item in &file.items {
        render(&item_node(item), 0, &mut out);
        out.push('\n');
    }
    out
}

/// Dumps one expression.
pub fn dump_expr(expr: &Expr) -> String {
    let mut out = String::new();
    render(&expr_node(expr), 0, &mut out);
    out
}

/// A dump node: an atom, or a parenthesized list whose first element is its label.
enum Node {
    Atom(String),
    List(Vec<Node>),
}

fn atom(text: impl Into<String>) -> Node {
    Node::Atom(text.into())
}

fn list(label: &str, children: impl IntoIterator<Item = Node>) -> Node {
    let mut nodes = vec![atom(label)];
    nodes.extend(children);
    Node::List(nodes)
}

fn flat(node: &Node) -> String {
    match node {
        Node::Atom(text) => text.clone(),
        Node::List(nodes) => {
            let parts: Vec<String> = nodes.iter().map(flat).collect();
            format!("({})", parts.join(" "))
        }
    }
}

fn render(node: &Node, indent: usize, out: &mut String) {
    let one_line = flat(node);
    let nodes = match node {
        Node::List(nodes) if indent + one_line.len() > WIDTH && nodes.len() > 1 => nodes,
        _ => {
            out.push_str(&one_line);
            return;
        }
    };
    // The label and the atoms right after it (a name, a target) stay on the first line.
    let head = 1 + nodes[1..]
        .iter()
        .take_while(|node| matches!(node, Node::Atom(_)))
        .count();
    let head_text: Vec<String> = nodes[..head].iter().map(flat).collect();
    out.push('(');
    out.push_str(&head_text.join(" "));
    for child in &nodes[head..] {
        out.push('\n');
        out.push_str(&" ".repeat(indent + 2));
        render(child, indent + 2, out);
    }
    out.push(')');
}

fn name(ident: &Ident) -> Node {
    let plain = ident
        .name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && ident.name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !RESERVED.contains(&ident.name.as_str());
    if plain {
        atom(&ident.name)
    } else {
        atom(format!("`{}`", ident.name))
    }
}

fn quoted(text: &str) -> Node {
    atom(format!("{text:?}"))
}

fn literal(value: &Literal) -> Node {
    match value {
        Literal::Null => atom("null"),
        Literal::Bool(value) => atom(value.to_string()),
        Literal::Int(value) => atom(value.to_string()),
        Literal::Float(value) => atom(format!("{value:?}")),
        Literal::String(text) => quoted(text),
    }
}

fn regex(value: &RegexLit) -> Node {
    atom(format!(
        "/{}/{}",
        value.pattern.replace('/', "\\/"),
        value.flags
    ))
}

fn item_node(item: &Item) -> Node {
    match item {
        Item::Source(source) => match &source.kind {
            SourceKind::File(path) => list("source-file", [quoted(&path.value)]),
            SourceKind::Inline(fields) => list("source", fields.iter().map(field_node)),
        },
        Item::Target(target) => match &target.kind {
            TargetKind::BuiltIn(ident) => list("target", [name(ident)]),
            TargetKind::File(path) => list("target-file", [quoted(&path.value)]),
        },
        Item::Table(table) => match &table.body {
            TableBody::Inline(entries) => list(
                "table",
                std::iter::once(name(&table.name)).chain(entries.iter().map(|entry| {
                    Node::List(vec![literal(&entry.key), atom("=>"), literal(&entry.value)])
                })),
            ),
            TableBody::Csv {
                path,
                key_column,
                value_column,
            } => list(
                "table-csv",
                [
                    name(&table.name),
                    quoted(&path.value),
                    list("key", [name(key_column)]),
                    list("value", [name(value_column)]),
                ],
            ),
        },
        Item::Let(item) => list("let", [name(&item.name), expr_node(&item.value)]),
        Item::Skip(item) => list("skip-when", [expr_node(&item.condition)]),
        Item::Reject(item) => list(
            "reject-when",
            [quoted(&item.reason.value), expr_node(&item.condition)],
        ),
        Item::Rule(rule) => {
            let label = if rule.once.is_some() {
                "once-rule"
            } else {
                "rule"
            };
            list(label, [target_path(&rule.target), expr_node(&rule.value)])
        }
    }
}

fn field_node(field: &FieldDecl) -> Node {
    Node::List(vec![name(&field.name), type_node(&field.ty)])
}

fn type_node(ty: &TypeExpr) -> Node {
    match &ty.kind {
        TypeExprKind::Named(ident) => name(ident),
        TypeExprKind::List(inner) => list("list-of", [type_node(inner)]),
        TypeExprKind::Object(fields) => list("object-of", fields.iter().map(field_node)),
        TypeExprKind::Enum(values) => list("enum", values.iter().map(|v| quoted(&v.value))),
        TypeExprKind::Nullable(inner) => list("optional", [type_node(inner)]),
    }
}

fn target_path(path: &TargetPath) -> Node {
    let text: Vec<String> = path
        .segments
        .iter()
        .map(|segment| {
            let mut text = flat(&name(&segment.name));
            if let Some(filter) = &segment.filter {
                text.push_str(&format!(
                    "[{} eq {}]",
                    flat(&name(&filter.attribute)),
                    flat(&literal(&filter.value))
                ));
            }
            text
        })
        .collect();
    atom(text.join("."))
}

fn expr_node(expr: &Expr) -> Node {
    match &expr.kind {
        ExprKind::Literal(value) => literal(value),
        ExprKind::Interpolated(parts) => list(
            "interpolate",
            parts.iter().map(|part| match part {
                StringPart::Text(text) => quoted(text),
                StringPart::Expr(expr) => expr_node(expr),
            }),
        ),
        ExprKind::Regex(value) => regex(value),
        ExprKind::Name(ident) => name(ident),
        ExprKind::Member { subject, field } => list(".", [expr_node(subject), name(field)]),
        ExprKind::Index { subject, index } => list("index", [expr_node(subject), expr_node(index)]),
        ExprKind::List(elements) => list("list", elements.iter().map(expr_node)),
        ExprKind::Object(fields) => list(
            "object",
            fields
                .iter()
                .map(|field| Node::List(vec![name(&field.key), expr_node(&field.value)])),
        ),
        ExprKind::Comprehension {
            element,
            variable,
            list: source,
            condition,
        } => {
            let mut nodes = vec![
                expr_node(element),
                list("for", [name(variable)]),
                list("in", [expr_node(source)]),
            ];
            nodes.extend(condition.iter().map(|c| list("if", [expr_node(c)])));
            list("comprehension", nodes)
        }
        ExprKind::Unary { op, operand } => {
            let label = match op {
                UnaryOp::Not => "not",
                UnaryOp::Negate => "neg",
            };
            list(label, [expr_node(operand)])
        }
        ExprKind::Binary { op, left, right } => {
            list(op.symbol(), [expr_node(left), expr_node(right)])
        }
        ExprKind::Call { function, args } => list(
            "call",
            std::iter::once(name(function)).chain(args.iter().map(expr_node)),
        ),
        ExprKind::Pipe {
            subject,
            function,
            args,
        } => list(
            "pipe",
            [expr_node(subject), name(function)]
                .into_iter()
                .chain(args.iter().map(expr_node)),
        ),
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => {
            let mut nodes = vec![expr_node(condition), expr_node(then)];
            nodes.extend(otherwise.iter().map(|o| expr_node(o)));
            list("if", nodes)
        }
        ExprKind::Match { subject, arms } => list(
            "match",
            std::iter::once(expr_node(subject)).chain(arms.iter().map(arm_node)),
        ),
        ExprKind::Paren(inner) => list("paren", [expr_node(inner)]),
    }
}

fn arm_node(arm: &MatchArm) -> Node {
    let patterns = arm.patterns.iter().map(|pattern| match &pattern.kind {
        PatternKind::Literal(value) => literal(value),
        PatternKind::Regex(value) => regex(value),
        PatternKind::Wildcard => atom("_"),
    });
    list("arm", patterns.chain([atom("=>"), expr_node(&arm.value)]))
}
