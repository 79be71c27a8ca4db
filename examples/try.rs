use datamapper::*;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let file = source::SourceFile::read(std::path::Path::new(&args[1])).unwrap();
    let result = check::check_file(&file);
    for d in &result.diagnostics {
        eprintln!("{:?}", d.message);
    }
    let mapping = result.mapping.unwrap();
    let program = compile::compile(&mapping, &file);
    let today: jiff::civil::Date = "2026-11-28".parse().unwrap();
    let mut ctx = engine::RunContext::new(today, "2026-11-28T00:00:00Z".parse().unwrap());
    let text = std::fs::read_to_string(&args[2]).unwrap();
    let records: Vec<serde_json::Value> = if args[2].ends_with(".json") {
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["value"].as_array().unwrap().clone()
    } else {
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or(serde_json::Value::Null))
            .collect()
    };
    for r in records {
        match program.map_record(&r, &mut ctx) {
            engine::Outcome::Mapped(u) => println!("{}", u),
            o => println!("{:?}", o),
        }
    }
}
