//! Shared fixtures (../shared/fixtures/esri): loaded when present, skipped with one line otherwise.

use risk::{Essentiality, EssentialityMatrix, LinkTriple, SupplyNetwork};

pub const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/fixtures/esri/"
);

/// The file's text, or `None` after printing which file the test needs.
pub fn read(name: &str) -> Option<String> {
    let path = format!("{FIXTURES}{name}");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            println!("skipped: needs fixture {path}");
            None
        }
    }
}

fn unquote(field: &str) -> String {
    field.trim().trim_matches('"').to_owned()
}

/// A square matrix in the layout of ess_mat_n4_ihs.csv: codes in the header and first column.
pub fn parse_matrix(text: &str) -> EssentialityMatrix {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = lines.next().unwrap();
    let codes: Vec<String> = header.split(',').skip(1).map(unquote).collect();
    let mut values = Vec::with_capacity(codes.len() * codes.len());
    for (row, line) in lines.enumerate() {
        let mut fields = line.split(',');
        assert_eq!(unquote(fields.next().unwrap()), codes[row]);
        for field in fields {
            let code: u8 = field.trim().parse().unwrap();
            values.push(Essentiality::from_code(code).unwrap());
        }
    }
    EssentialityMatrix::new(codes, values).unwrap()
}

/// The spec's T2 "IHS ring" over `matrix`: n = 2·m firms, firm f (0-based) in industry f/2,
/// supplying (f + o) mod n for the eight offsets, weight 1 + ((13·s + 7·c) mod 17) (1-based s, c).
pub fn ihs_ring(matrix: &EssentialityMatrix) -> (SupplyNetwork, Vec<u32>) {
    let n = 2 * matrix.len();
    let mut links = Vec::new();
    for s in 1..=n {
        for o in [1usize, 37, 91, 173, 311, 509, 701, 997] {
            let c = ((s + o - 1) % n) + 1;
            links.push(LinkTriple {
                supplier: (s - 1) as u32,
                customer: (c - 1) as u32,
                value: (1 + ((13 * s + 7 * c) % 17)) as f64,
            });
        }
    }
    let industry = (0..n as u32).map(|f| f / 2).collect();
    (SupplyNetwork::from_links(n, &links).unwrap(), industry)
}
