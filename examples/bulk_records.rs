//! Writes synthetic HR records as NDJSON to stdout for the bulk benchmark
//! (`benches/bulk.sh`): `cargo run --release --example bulk_records -- COUNT [SEED]`.

#[path = "../benches/hr/generate.rs"]
mod generate;

use std::io::Write;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let count: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(20_000);
    let seed: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(42);
    let mut records = generate::Records::new(seed);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for _ in 0..count {
        out.write_all(records.record().as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
