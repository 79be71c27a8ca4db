//! Criterion benches of the engine: mapping one record (the fast path from the line's
//! bytes, and `map_record` from a parsed value) over growing record sizes, and parsing,
//! checking and compiling mapping files of growing rule counts, and a mapping full of
//! constant calls folded against as written. Everything is prepared outside the timed
//! loop. Run: `cargo bench --bench engine`.

#[path = "hr/generate.rs"]
mod generate;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use datamapper::compile::Folding;
use datamapper::engine::{Program, RunContext};
use datamapper::source::SourceFile;
use std::path::Path;

fn context() -> RunContext {
    RunContext::new(
        jiff::civil::date(2026, 11, 28),
        "2026-11-28T08:00:00Z".parse().unwrap_or_default(),
    )
}

fn compile(source: &SourceFile) -> Program {
    compile_with(source, Folding::Full)
}

fn compile_with(source: &SourceFile, folding: Folding) -> Program {
    let checked = datamapper::check::check_file(source);
    datamapper::compile::compile_with(
        &checked.mapping.expect("the mapping checks"),
        source,
        folding,
    )
}

/// Records of the benchmark mapping, padded with unread fields to about `size` bytes.
fn records(size: usize) -> Vec<String> {
    let mut generator = generate::Records::new(42);
    (0..256)
        .map(|_| {
            let record = generator.record();
            let padding = size.saturating_sub(record.len() + 16);
            let extra = format!(",\"extra\":\"{}\"}}", "x".repeat(padding));
            record[..record.len() - 1].to_string() + &extra
        })
        .collect()
}

fn map_records(c: &mut Criterion) {
    let source = SourceFile::read(Path::new("benches/hr/hr.dmap")).expect("benches/hr/hr.dmap");
    let program = compile(&source);
    let mut group = c.benchmark_group("map");
    for size in [900, 4_000, 16_000] {
        let lines = records(size);
        let parsed: Vec<serde_json::Value> = lines
            .iter()
            .map(|line| serde_json::from_str(line).expect("generated JSON"))
            .collect();
        group.throughput(Throughput::Elements(lines.len() as u64));
        bench_map_line(
            &mut group,
            BenchmarkId::new("map_line", size),
            &program,
            &lines,
        );
        group.bench_with_input(
            BenchmarkId::new("map_record", size),
            &parsed,
            |b, parsed| {
                b.iter_batched_ref(
                    context,
                    |context| {
                        for record in parsed {
                            criterion::black_box(program.map_record(record, context));
                        }
                    },
                    BatchSize::SmallInput,
                )
            },
        );
    }
    group.finish();
}

/// A mapping file with `rules` rules: the attributes of the benchmark mapping, then
/// entitlements by filter, each reading a field.
fn mapping_text(rules: usize) -> String {
    let mut text = String::from(
        "source {\n  employee_id: int\n  first_name: string?\n  last_name: string?\n  tags: [string]\n}\ntarget plek\n\nexternalId = string(employee_id)\nonce userName = unique(lower(\"{first_name}.{last_name}@acme.example\"))\n",
    );
    for rule in 2..rules {
        text.push_str(&format!(
            "entitlements[type eq \"e{rule}\"].value = blank(trim(lower(\"{{first_name}} {rule}\")))\n"
        ));
    }
    text
}

fn check_files(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    for rules in [20, 100, 500] {
        let source = SourceFile::new("bench.dmap", "bench.dmap", mapping_text(rules));
        group.bench_with_input(
            BenchmarkId::new("check+compile", rules),
            &source,
            |b, source| b.iter(|| compile(source)),
        );
    }
    group.finish();
}

/// `benches/hr/constants.dmap` (constant calls, lets and a `match` on a constant) over
/// the same records, compiled for running and as `explain` compiles it (constant calls
/// computed per record, as before folding): the ratio is what folding saves.
fn fold_constants(c: &mut Criterion) {
    let source = SourceFile::read(Path::new("benches/hr/constants.dmap"))
        .expect("benches/hr/constants.dmap");
    let lines = records(900);
    let mut group = c.benchmark_group("fold");
    group.throughput(Throughput::Elements(lines.len() as u64));
    for (name, folding) in [
        ("folded", Folding::Full),
        ("as_written", Folding::AsWritten),
    ] {
        let program = compile_with(&source, folding);
        bench_map_line(
            &mut group,
            BenchmarkId::new("map_line", name),
            &program,
            &lines,
        );
    }
    group.finish();
}

/// Maps every line with `Program::map_line` into one reused buffer, in a fresh run.
fn bench_map_line(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    id: BenchmarkId,
    program: &Program,
    lines: &[String],
) {
    group.bench_with_input(id, lines, |b, lines| {
        let mut out = Vec::with_capacity(1 << 20);
        b.iter_batched_ref(
            context,
            |context| {
                out.clear();
                for line in lines {
                    program.map_line(line.as_bytes(), context, &mut out);
                }
            },
            BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, map_records, check_files, fold_constants);
criterion_main!(benches);
