//! Peer check against the NumPy/SciPy reference of the spec (bench/risk/esri_reference.py) on
//! random power-law networks: several seeds, essentiality IHS / all-linear / all-essential,
//! replaceability on and off. Runs `$CHAINCHIEF_PYTHON bench/risk/peer_cases.py`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use risk::{CascadeOptions, EsriModel, LinkTriple, SupplyNetwork};

use crate::fixtures;

const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// The interpreter named by CHAINCHIEF_PYTHON, or `None` (skip) unless peers are required.
pub fn python() -> Option<String> {
    match std::env::var("CHAINCHIEF_PYTHON") {
        Ok(python) if !python.is_empty() => Some(python),
        _ => {
            assert!(
                std::env::var("CHAINCHIEF_REQUIRE_PEERS").as_deref() != Ok("1"),
                "CHAINCHIEF_REQUIRE_PEERS=1 but CHAINCHIEF_PYTHON is unset"
            );
            println!("skipped: set CHAINCHIEF_PYTHON to a Python with bench/risk/requirements.txt");
            None
        }
    }
}

/// A fresh scratch folder under the system temp dir.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chainchief-risk-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rows(path: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

#[test]
fn agrees_with_numpy_reference_on_power_law_networks() {
    let Some(python) = python() else {
        return;
    };
    let out = scratch("peer");
    let ihs = format!("{}ess_mat_n4_ihs.csv", fixtures::FIXTURES);
    let status = Command::new(&python)
        .arg(format!("{WORKSPACE}/bench/risk/peer_cases.py"))
        .arg(&out)
        .arg("--ihs")
        .arg(&ihs)
        .status()
        .unwrap();
    assert!(status.success(), "peer_cases.py failed");
    let cases = std::fs::read_to_string(out.join("cases.txt")).unwrap();
    let mut compared = 0;
    for case in cases.lines().filter(|l| !l.is_empty()) {
        let dir = out.join(case);
        let matrix = fixtures::parse_matrix(&std::fs::read_to_string(dir.join("ess.csv")).unwrap());
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut industry = Vec::new();
        for row in rows(&dir.join("firms.csv")) {
            index.insert(row[0].clone(), industry.len() as u32);
            industry.push(matrix.index_of(&row[1]).unwrap() as u32);
        }
        let links: Vec<LinkTriple> = rows(&dir.join("links.csv"))
            .iter()
            .map(|r| LinkTriple {
                supplier: index[&r[0]],
                customer: index[&r[1]],
                value: r[2].parse().unwrap(),
            })
            .collect();
        let network = SupplyNetwork::from_links(industry.len(), &links).unwrap();
        let model = EsriModel::new(&network, &industry, &matrix, None).unwrap();
        let closures: Vec<u32> = rows(&dir.join("closures.csv"))
            .iter()
            .map(|r| index[&r[0]])
            .collect();
        for (replaceability, file) in [(true, "expected_repl.csv"), (false, "expected_norepl.csv")]
        {
            let options = CascadeOptions {
                replaceability,
                ..CascadeOptions::default()
            };
            let results = model.esri_closures(&closures, &options, 2, None).unwrap();
            for (result, row) in results.iter().zip(rows(&dir.join(file))) {
                assert_eq!(result.firm, index[&row[0]]);
                for (got, column) in [(result.esri, 1), (result.esri_down, 2), (result.esri_up, 3)]
                {
                    let want: f64 = row[column].parse().unwrap();
                    assert!(
                        (got - want).abs() <= 1e-12,
                        "{case} {file} {}: column {column}: {got} vs {want}",
                        row[0]
                    );
                }
                let iterations: u32 = row[4].parse().unwrap();
                assert_eq!(
                    result.convergence.iterations, iterations,
                    "{case} {file} {}",
                    row[0]
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 2 * 6 * 70, "only {compared} closures compared");
    let _ = std::fs::remove_dir_all(&out);
}
