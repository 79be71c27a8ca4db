//! Parser tests: every `.dmap` file under `tests/parse/valid` is dumped and every file under
//! `tests/parse/invalid` has its diagnostics listed; both are insta snapshots.

use datamapper::diagnostics::Diagnostic;
use datamapper::source::SourceFile;
use datamapper::syntax::dump::{dump, dump_expr};
use datamapper::syntax::parser::{parse, parse_expression};

fn read(path: &std::path::Path) -> SourceFile {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    SourceFile::new(name.clone(), name, text)
}

/// Diagnostics as plain text: code, line:column, message, label, help, related notes.
fn render(file: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let (line, column) = file.line_column(diagnostic.span.start);
        let (end_line, end_column) = file.line_column(diagnostic.span.end);
        out.push_str(&format!(
            "{} [{}] {line}:{column}-{end_line}:{end_column}: {}\n",
            diagnostic.severity.as_str(),
            diagnostic.code,
            diagnostic.message
        ));
        out.push_str(&format!("  at: {:?}\n", file.slice(diagnostic.span)));
        if let Some(label) = &diagnostic.label {
            out.push_str(&format!("  label: {label}\n"));
        }
        if let Some(help) = &diagnostic.help {
            out.push_str(&format!("  help: {help}\n"));
        }
        for (span, note) in &diagnostic.related {
            let (line, column) = file.line_column(span.start);
            out.push_str(&format!("  related {line}:{column}: {note}\n"));
        }
    }
    out
}

#[test]
fn valid_files_parse_and_dump() {
    insta::glob!("parse/valid/*.dmap", |path| {
        let file = read(path);
        let (parsed, diagnostics) = parse(&file);
        assert!(diagnostics.is_empty(), "{}", render(&file, &diagnostics));
        insta::assert_snapshot!(dump(&parsed));
    });
}

#[test]
fn invalid_files_report_diagnostics() {
    insta::glob!("parse/invalid/*.dmap", |path| {
        let file = read(path);
        let (parsed, diagnostics) = parse(&file);
        assert!(!diagnostics.is_empty(), "no diagnostics for {}", file.name);
        let kept = dump(&parsed);
        insta::assert_snapshot!(format!(
            "{}\n--- items kept ---\n{kept}",
            render(&file, &diagnostics)
        ));
    });
}

fn expr(text: &str) -> String {
    match parse_expression(text) {
        Ok(expr) => dump_expr(&expr),
        Err(diagnostic) => panic!("{text}: {}", diagnostic.message),
    }
}

#[test]
fn pipe_is_lowest_and_applies_to_the_whole_coalesce() {
    assert_eq!(expr("a ?? b | f"), "(pipe (?? a b) f)");
    assert_eq!(expr("a | f(1) | g"), "(pipe (pipe a f 1) g)");
}

#[test]
fn coalesce_is_right_associative_and_below_or() {
    assert_eq!(expr("a ?? b ?? c"), "(?? a (?? b c))");
    assert_eq!(expr("a or b ?? c"), "(?? (or a b) c)");
}

#[test]
fn not_is_below_comparison_and_above_and() {
    assert_eq!(expr("not a == b"), "(not (== a b))");
    assert_eq!(expr("not a and b"), "(and (not a) b)");
    assert_eq!(expr("not not a"), "(not (not a))");
}

#[test]
fn and_binds_tighter_than_or() {
    assert_eq!(expr("a or b and c"), "(or a (and b c))");
    assert_eq!(expr("a and b or c"), "(or (and a b) c)");
}

#[test]
fn arithmetic_precedence_and_unary_minus() {
    assert_eq!(expr("a + b * c - d"), "(- (+ a (* b c)) d)");
    assert_eq!(expr("a - b - c"), "(- (- a b) c)");
    assert_eq!(expr("-a.b * 2"), "(* (neg (. a b)) 2)");
    assert_eq!(expr("a + 1 < b * 2"), "(< (+ a 1) (* b 2))");
}

#[test]
fn postfix_binds_tightest() {
    assert_eq!(expr("a.b[0].c"), "(. (index (. a b) 0) c)");
    assert_eq!(expr("t[k] ?? \"x\""), "(?? (index t k) \"x\")");
}

#[test]
fn parentheses_are_kept() {
    assert_eq!(expr("(a or b) and c"), "(and (paren (or a b)) c)");
}

/// Parses `text` as a file and returns the codes of its diagnostics.
fn codes(text: &str) -> Vec<&'static str> {
    let file = SourceFile::new("deep.dmap", "deep.dmap", text);
    parse(&file).1.iter().map(|d| d.code).collect()
}

#[test]
fn deep_nesting_is_a_diagnostic_not_a_crash() {
    let deep = 10_000;
    let cases = [
        format!("x = {}a{}", "(".repeat(deep), ")".repeat(deep)),
        format!("x = {}a{}", "(".repeat(deep), ""),
        format!("x = {}a{}", "[".repeat(deep), "]".repeat(deep)),
        format!("x = {}1{}", "f(".repeat(deep), ")".repeat(deep)),
        format!("x = {}a", "not ".repeat(deep)),
        format!("x = {}a", "-".repeat(deep)),
        format!("x = {}a", "if a then b else ".repeat(deep)),
        format!("x = {}a", "a ?? ".repeat(deep)),
        format!("x = {}a", "a + ".repeat(deep * 10)),
        format!("x = {}a{}", "\"{".repeat(deep), "}\"".repeat(deep)),
        format!("x = {}", "match a { _ => ".repeat(deep)),
    ];
    for case in &cases {
        let found = codes(case);
        assert!(
            found.contains(&"nesting-too-deep") || found.contains(&"syntax-error"),
            "{}: {found:?}",
            &case[..40]
        );
    }
    assert!(parse_expression(&format!("{}a{}", "(".repeat(deep), ")".repeat(deep))).is_err());
}

#[test]
fn nesting_within_the_limit_parses() {
    let text = format!("x = {}a{}", "(".repeat(150), ")".repeat(150));
    assert_eq!(codes(&text), Vec::<&str>::new());
    let text = format!("x = {}a", "a + ".repeat(150));
    assert_eq!(codes(&text), Vec::<&str>::new());
}

#[test]
fn spans_cover_the_written_text() {
    let text = "# c\nname.givenName   =  lower( a ) # trailing\n\nx = a\n  | f\n";
    let file = SourceFile::new("s.dmap", "s.dmap", text);
    let (parsed, diagnostics) = parse(&file);
    assert!(diagnostics.is_empty());
    let slices: Vec<&str> = parsed.items.iter().map(|i| file.slice(i.span())).collect();
    assert_eq!(slices, ["name.givenName   =  lower( a )", "x = a\n  | f"]);
    let comments: Vec<&str> = parsed.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(comments, ["# c", "# trailing"]);
}
