//! Helpers shared by the integration tests: fixtures and a small deterministic table generator.

use relate::{LongTable, Matrix, ValueMatrix};

/// Path of a file under ../shared/fixtures, or `None` (after printing a skip line) when absent.
pub fn fixture(rel: &str) -> Option<std::path::PathBuf> {
    let path = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures"
    ))
    .join(rel);
    if path.exists() {
        Some(path)
    } else {
        println!("skipped: needs fixture {}", path.display());
        None
    }
}

/// The Growth Lab's trade_1995.csv as a long table (columns year, origin, hs92, export_val).
pub fn trade_1995() -> Option<ValueMatrix> {
    let path = fixture("complexity/trade_1995.csv")?;
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let mut table = LongTable::new();
    for row in reader.records() {
        let row = row.unwrap();
        table.push(&row[0], &row[1], &row[2], row[3].parse().unwrap());
    }
    let mut periods = table.into_periods().unwrap();
    assert_eq!(periods.len(), 1);
    Some(periods.remove(0).matrix)
}

/// SplitMix64: a tiny deterministic generator for test tables.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A nested location × industry table like real ones: capable locations have more
/// industries, complex industries sit in fewer locations, sizes are log-normal-ish and a share
/// of cells is zero.
pub fn nested_table(seed: u64, nc: usize, np: usize) -> ValueMatrix {
    let mut rng = Rng(seed);
    let cap: Vec<f64> = (0..nc).map(|_| rng.unit()).collect();
    let cpx: Vec<f64> = (0..np).map(|_| rng.unit()).collect();
    let mut data = Vec::with_capacity(nc * np);
    for &capability in &cap {
        for &complexity in &cpx {
            let odds = 0.15 + 0.8 * capability - 0.5 * complexity;
            let v = if rng.unit() < odds.clamp(0.05, 0.95) {
                (3.0 * rng.unit() + 2.0 * capability).exp() * (1.0 + 100.0 * rng.unit())
            } else {
                0.0
            };
            data.push(v);
        }
    }
    // A table with no value at all is refused (EmptyTable); tiny draws can produce one.
    if data.iter().all(|&v| v == 0.0) {
        data[0] = 1.0;
    }
    labelled(nc, np, data)
}

/// A cleaned matrix of row-major `data` with locations loc0000… and industries ind0000….
pub fn labelled(nc: usize, np: usize, data: Vec<f64>) -> ValueMatrix {
    let labels = |prefix: &str, n: usize| (0..n).map(|i| format!("{prefix}{i:04}")).collect();
    ValueMatrix::from_dense(
        labels("loc", nc),
        labels("ind", np),
        Matrix::from_row_major(nc, np, data).unwrap(),
    )
    .unwrap()
    .0
}

/// Closeness relative to the larger magnitude, or absolute below 1 (the outputs are
/// standardised, so 1 is their natural scale; NaN equals NaN: both undefined).
pub fn close(a: f64, b: f64, rtol: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a - b).abs() <= rtol * a.abs().max(b.abs()).max(1.0)
}
