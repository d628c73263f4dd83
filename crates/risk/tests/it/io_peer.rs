//! Peer check of the input-output linkages against pymrio's bundled test system
//! (`pymrio.load_test()`, 6 regions × 8 sectors): L itself, x = L·y and x' = v'·G.

use std::path::Path;
use std::process::Command;

use risk::io_table::InputOutputTable;

use crate::peer::{python, scratch};

const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn read(dir: &Path, name: &str) -> Vec<Vec<f64>> {
    std::fs::read_to_string(dir.join(format!("{name}.csv")))
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect()
}

fn close(got: f64, want: f64, scale: f64) -> bool {
    (got - want).abs() <= 1e-9 * scale.max(1.0)
}

#[test]
fn agrees_with_pymrio_test_system() {
    let Some(python) = python() else {
        return;
    };
    let dir = scratch("pymrio");
    let status = Command::new(&python)
        .arg(format!("{WORKSPACE}/bench/risk/pymrio_system.py"))
        .arg(&dir)
        .status()
        .unwrap();
    assert!(status.success(), "pymrio_system.py failed");
    let z = read(&dir, "Z");
    let n = z.len();
    assert_eq!(n, 48);
    let y = read(&dir, "y").concat();
    let x = read(&dir, "x").concat();
    let io = InputOutputTable::new(n, z.concat(), y.clone()).unwrap();
    let x_max = x.iter().cloned().fold(0.0, f64::max);
    for (got, want) in io.output().iter().zip(&x) {
        assert!(close(*got, *want, x_max), "x: {got} vs {want}");
    }
    for (name, ours) in [
        ("A", io.technical_coefficients()),
        ("L", io.leontief_inverse().unwrap()),
        ("B", io.allocation_coefficients()),
        ("G", io.ghosh_inverse().unwrap()),
    ] {
        let theirs = read(&dir, name).concat();
        for (index, (got, want)) in ours.as_slice().iter().zip(&theirs).enumerate() {
            assert!(close(*got, *want, 1.0), "{name}[{index}]: {got} vs {want}");
        }
    }
    let l = io.leontief_inverse().unwrap();
    for (got, want) in l.mul_vec(&y).iter().zip(&x) {
        assert!(close(*got, *want, x_max), "L·y: {got} vs {want}");
    }
    let g = io.ghosh_inverse().unwrap();
    for (got, want) in g.vec_mul(io.value_added()).iter().zip(&x) {
        assert!(close(*got, *want, x_max), "v'·G: {got} vs {want}");
    }
    let linkages = io.linkages().unwrap();
    let mean_backward = linkages.backward.iter().sum::<f64>() / n as f64;
    assert!((mean_backward - 1.0).abs() < 1e-12);
    let _ = std::fs::remove_dir_all(&dir);
}
