//! Every mapping example in the README and the guides is checked, so the documentation
//! shows what the tool accepts.
//!
//! A ```` ```dmap ```` block must parse. With `check=DIR` it is checked as if it were a
//! file in `DIR` (so its `source` and tables resolve there) and must be clean; with
//! `expect=CODE` as well, it must report that diagnostic code. The generated references
//! (`docs/functions.md`, `docs/diagnostics.md`) have tests of their own.

use datamapper::check::check_file;
use datamapper::source::SourceFile;
use std::path::Path;

struct Example {
    document: String,
    line: usize,
    check_in: Option<String>,
    expect: Option<String>,
    text: String,
}

fn examples(document: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(document).unwrap();
    let mut examples = Vec::new();
    let mut open: Option<Example> = None;
    for (index, line) in text.lines().enumerate() {
        match open.as_mut() {
            None => {
                if let Some(info) = line.strip_prefix("```dmap") {
                    let setting = |key: &str| {
                        info.split_whitespace()
                            .find_map(|word| word.strip_prefix(key))
                            .map(str::to_string)
                    };
                    open = Some(Example {
                        document: document.display().to_string(),
                        line: index + 1,
                        check_in: setting("check="),
                        expect: setting("expect="),
                        text: String::new(),
                    });
                }
            }
            Some(example) if line.starts_with("```") => {
                let _ = example;
                examples.extend(open.take());
            }
            Some(example) => {
                example.text.push_str(line);
                example.text.push('\n');
            }
        }
    }
    examples
}

fn documents() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut documents = vec![root.join("README.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        let generated = path.ends_with("functions.md") || path.ends_with("diagnostics.md");
        if path.extension().is_some_and(|ext| ext == "md") && !generated {
            documents.push(path);
        }
    }
    documents
}

#[test]
fn every_mapping_example_in_the_docs_is_right() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for document in documents() {
        for example in examples(&document) {
            let place = format!("{} line {}", example.document, example.line);
            let folder = example
                .check_in
                .as_deref()
                .map_or(root.to_path_buf(), |dir| root.join(dir));
            let file = SourceFile::new(
                place.clone(),
                folder.join("example.dmap"),
                example.text.clone(),
            );
            let (_, syntax) = datamapper::syntax::parse(&file);
            if example.check_in.is_none() {
                assert!(syntax.is_empty(), "{place}: {syntax:?}");
                continue;
            }
            let result = check_file(&file);
            let codes: Vec<&str> = result.diagnostics.iter().map(|d| d.code).collect();
            match &example.expect {
                None => assert!(
                    codes.is_empty(),
                    "{place} should check clean: {:?}",
                    result.diagnostics
                ),
                Some(code) => assert!(
                    codes.contains(&code.as_str()),
                    "{place} should report {code}: {codes:?}"
                ),
            }
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} examples were checked");
}
