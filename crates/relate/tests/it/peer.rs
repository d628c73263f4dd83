//! `py-ecomplexity` mode against PyPI `ecomplexity` 0.5.3 itself, run side by side through
//! `$CHAINCHIEF_PYTHON bench/relate/peer.py` on generated tables: continuous outputs within
//! 1e-9, M, diversity and ubiquity exactly.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use relate::{Complexity, LongTable, Mode, Options, PresenceTest, ProximityKind};

use crate::common::{Rng, nested_table};

/// The peer's interpreter, or `None` after a skip line (a failure under CHAINCHIEF_REQUIRE_PEERS=1).
fn python() -> Option<String> {
    match std::env::var("CHAINCHIEF_PYTHON") {
        Ok(p) if !p.is_empty() => Some(p),
        _ => {
            assert!(
                std::env::var("CHAINCHIEF_REQUIRE_PEERS").as_deref() != Ok("1"),
                "CHAINCHIEF_REQUIRE_PEERS=1 but CHAINCHIEF_PYTHON is not set"
            );
            println!(
                "skipped: set CHAINCHIEF_PYTHON to a Python with bench/relate/requirements.txt installed"
            );
            None
        }
    }
}

struct Case {
    name: &'static str,
    seed: u64,
    nc: usize,
    np: usize,
    threshold: f64,
    proximity: ProximityKind,
    population: bool,
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("relate-peer-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes the generated table as a long CSV in a shuffled row order, with a NaN cell, a
/// duplicate row (the second must be ignored) and an all-zero industry (dropped), and reads the
/// same rows into a [`LongTable`] the way the engine's users would.
fn write_input(case: &Case, dir: &Path) -> (LongTable, Option<Vec<(String, f64)>>) {
    let vm = nested_table(case.seed, case.nc, case.np);
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for (c, loc) in vm.locations().iter().enumerate() {
        for (p, ind) in vm.industries().iter().enumerate() {
            let v = vm.values().get(c, p);
            if v > 0.0 {
                rows.push((loc.clone(), ind.clone(), format!("{v:.17e}")));
            }
        }
        rows.push((loc.clone(), "zzz-empty".into(), "0".into()));
    }
    let mut rng = Rng(case.seed ^ 0xABCD);
    for k in (1..rows.len()).rev() {
        rows.swap(k, (rng.next_u64() % (k as u64 + 1)) as usize);
    }
    let (first_loc, first_ind) = (rows[0].0.clone(), rows[0].1.clone());
    rows.push((first_loc, first_ind, "123456789".into()));
    rows.insert(
        1,
        (vm.locations()[0].clone(), "ind-nan".into(), "NaN".into()),
    );
    rows.insert(2, (vm.locations()[1].clone(), "ind-nan".into(), "7".into()));
    let mut csv = String::from("time,loc,prod,val\n");
    let mut table = LongTable::new();
    for (l, i, v) in &rows {
        writeln!(csv, "2020,{l},{i},{v}").unwrap();
        table.push("2020", l, i, v.parse().unwrap());
    }
    std::fs::write(dir.join("in.csv"), csv).unwrap();
    let pop = case.population.then(|| {
        let pop: Vec<(String, f64)> =
            // Population roughly proportional to size, so per-head levels straddle the world's.
            (0..vm.locations().len())
                .map(|c| (vm.locations()[c].clone(), vm.values().row(c).iter().sum::<f64>() * (0.8 + 0.4 * rng.unit())))
                .collect();
        let mut csv = String::from("time,loc,pop\n");
        for (l, p) in &pop {
            writeln!(csv, "2020,{l},{p:.17e}").unwrap();
        }
        std::fs::write(dir.join("pop.csv"), csv).unwrap();
        pop
    });
    (table, pop)
}

/// The manifest entry `bench/relate/peer.py` reads for one case.
fn job(case: &Case, dir: &Path, pop: bool) -> String {
    let path = |f: &str| format!("{:?}", dir.join(f).display().to_string());
    format!(
        r#"{{"input": {}, "out": {}, "threshold": {}, "asymmetric": {}, "continuous": {}, "pop": {}}}"#,
        path("in.csv"),
        path("out.csv"),
        case.threshold,
        case.proximity == ProximityKind::Asymmetric,
        case.proximity == ProximityKind::Continuous,
        if pop { path("pop.csv") } else { "null".into() },
    )
}

fn compare(case: &Case, dir: &Path, table: LongTable, pop: Option<Vec<(String, f64)>>) {
    let period = table.into_periods().unwrap().remove(0);
    assert_eq!(period.report.duplicates, 1);
    assert_eq!(period.report.nan_cells, 1);
    assert_eq!(period.report.dropped_industries, ["zzz-empty"]);
    let presence = match &pop {
        Some(pop) => {
            let by_loc: HashMap<&str, f64> = pop.iter().map(|(l, p)| (l.as_str(), *p)).collect();
            PresenceTest::Population(
                period
                    .matrix
                    .locations()
                    .iter()
                    .map(|l| by_loc[l.as_str()])
                    .collect(),
            )
        }
        None => PresenceTest::Rca,
    };
    let options = Options {
        mode: Mode::PyEcomplexity,
        presence,
        threshold: case.threshold,
        proximity: case.proximity,
        ..Options::default()
    };
    let r = Complexity::compute(&period.matrix, &options).unwrap();
    assert!(
        r.excluded_locations.is_empty(),
        "{}: the peer turns everything NaN then",
        case.name
    );

    let mut reader = csv::Reader::from_path(dir.join("out.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (mut seen, mut worst) = (std::collections::HashSet::new(), 0.0f64);
    for rec in reader.records() {
        let rec = rec.unwrap();
        // The package merges its results back onto the raw rows: input rows it did not use (the
        // NaN, the ignored duplicate, the all-zero industry) come back with empty results.
        if rec[col("mcp")].is_empty() {
            continue;
        }
        let c = r.location_index(&rec[col("loc")]).unwrap();
        let p = r.industry_index(&rec[col("prod")]).unwrap();
        let num = |name: &str| rec[col(name)].parse::<f64>().unwrap();
        let ctx = format!("{} {}/{}", case.name, &rec[col("loc")], &rec[col("prod")]);
        assert_eq!(num("mcp") == 1.0, r.is_present(c, p), "{ctx}: M");
        assert_eq!(
            num("diversity"),
            f64::from(r.diversity[c]),
            "{ctx}: diversity"
        );
        assert_eq!(num("ubiquity"), f64::from(r.ubiquity[p]), "{ctx}: ubiquity");
        let mut pairs = vec![
            ("rca", r.rca.as_ref().unwrap().get(c, p), num("rca")),
            ("eci", r.eci[c], num("eci")),
            ("pci", r.pci[p], num("pci")),
            ("density", r.density.get(c, p), num("density")),
            ("coi", r.coi[c], num("coi")),
            ("cog", r.cog.get(c, p), num("cog")),
        ];
        if let Some(rpop) = &r.rpop {
            pairs.push(("rpop", rpop.get(c, p), num("rpop")));
        }
        for (what, ours, theirs) in pairs {
            let err = (ours - theirs).abs() / theirs.abs().max(1.0);
            worst = worst.max(err);
            assert!(err <= 1e-9, "{ctx}: {what} ours {ours} theirs {theirs}");
        }
        seen.insert((c, p));
    }
    let rows = seen.len();
    assert_eq!(
        rows,
        r.locations.len() * r.industries.len(),
        "{}: every pair compared",
        case.name
    );
    println!(
        "{}: {rows} pairs, worst relative difference {worst:.2e}",
        case.name
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn py_ecomplexity_mode_agrees_with_the_pypi_package() {
    let Some(py) = python() else { return };
    let cases = [
        Case {
            name: "rca-symmetric",
            seed: 11,
            nc: 24,
            np: 70,
            threshold: 1.0,
            proximity: ProximityKind::Symmetric,
            population: false,
        },
        Case {
            name: "rca-threshold",
            seed: 12,
            nc: 60,
            np: 150,
            threshold: 1.25,
            proximity: ProximityKind::Symmetric,
            population: false,
        },
        Case {
            name: "rca-asymmetric",
            seed: 13,
            nc: 35,
            np: 90,
            threshold: 1.0,
            proximity: ProximityKind::Asymmetric,
            population: false,
        },
        Case {
            name: "rca-continuous",
            seed: 14,
            nc: 35,
            np: 90,
            threshold: 1.0,
            proximity: ProximityKind::Continuous,
            population: false,
        },
        Case {
            name: "rpop",
            seed: 15,
            nc: 30,
            np: 80,
            threshold: 1.0,
            proximity: ProximityKind::Symmetric,
            population: true,
        },
    ];
    let inputs: Vec<_> = cases
        .iter()
        .map(|case| {
            let dir = scratch(case.name);
            let (table, pop) = write_input(case, &dir);
            (dir, table, pop)
        })
        .collect();
    let jobs: Vec<String> = cases
        .iter()
        .zip(&inputs)
        .map(|(c, (d, _, p))| job(c, d, p.is_some()))
        .collect();
    let manifest = std::env::temp_dir().join(format!("relate-peer-{}.json", std::process::id()));
    std::fs::write(&manifest, format!("[{}]", jobs.join(",\n"))).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/relate/peer.py");
    let out = std::process::Command::new(&py)
        .arg(&script)
        .arg(&manifest)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "peer failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(&manifest).unwrap();
    for (case, (dir, table, pop)) in cases.iter().zip(inputs) {
        compare(case, &dir, table, pop);
    }
}
