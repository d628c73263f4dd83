//! Peer agreement: bench/evaluate/pipeline_numpy.py, an independent NumPy implementation of the
//! same pipeline and sensitivity design, must give the same indices and rank statistics on the
//! ASEM data. Runs `$CHAINCHIEF_PYTHON`; skipped when unset unless CHAINCHIEF_REQUIRE_PEERS=1.

use std::process::Command;

use evaluate::sample::Design;
use evaluate::sensitivity::{Analysis, Assumption, analyse};
use evaluate::table::parse_wide;
use evaluate::{Methods, Normalisation};

use crate::fixtures;

/// The assumptions the NumPy script hard-codes (its `VARY` list).
const VARY: [&str; 5] = [
    "treat=coinr:1|coinr:2|coinr:3|coinr:4|coinr:5",
    "normalise=minmax:1,100|zscore:10,2",
    "noise=2:0.25,3:0.25/100",
    "aggregate=amean|gmean",
    "exclude=none|Flights|Goods|CO2",
];

#[test]
fn numpy_peer_gives_the_same_sensitivity_analysis() {
    let Some(python) = std::env::var_os("CHAINCHIEF_PYTHON") else {
        assert!(
            std::env::var("CHAINCHIEF_REQUIRE_PEERS").as_deref() != Ok("1"),
            "CHAINCHIEF_PYTHON is required"
        );
        println!("skipped: set CHAINCHIEF_PYTHON to a Python with bench/evaluate/requirements.txt");
        return;
    };
    let Some((meta, data)) = fixtures::asem() else {
        return;
    };
    let (n, seed) = (30, 5);
    let dir = std::env::temp_dir().join(format!("evaluate-peer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (si, ranks) = (dir.join("si.csv"), dir.join("ranks.csv"));
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../bench/evaluate/pipeline_numpy.py"
    );
    let out = Command::new(python)
        .arg(script)
        .args([
            "--data",
            &format!("{}asem_idata.csv", fixtures::DIR),
            "--meta",
            &format!("{}asem_imeta.csv", fixtures::DIR),
        ])
        .args(["--n", &n.to_string(), "--seed", &seed.to_string()])
        .arg("--out-indices")
        .arg(&si)
        .arg("--out-ranks")
        .arg(&ranks)
        .output()
        .expect("runs the NumPy peer");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let assumptions: Vec<Assumption> = VARY
        .iter()
        .map(|v| v.parse().expect("assumption"))
        .collect();
    let spec = Analysis {
        design: Design::Sensitivity,
        n,
        seed,
        target: None,
        assumptions,
    };
    let nominal = Methods {
        normalise: Normalisation::Minmax {
            lower: 1.0,
            upper: 100.0,
        },
        ..Methods::coinr()
    };
    let ours = analyse(&data, &meta.hierarchy, &nominal, &spec, &|| {}).expect("analysis");

    let (names, cols, theirs) =
        parse_wide(&std::fs::read_to_string(&si).expect("indices")).expect("csv");
    assert_eq!(cols, vec!["Si".to_owned(), "STi".to_owned()]);
    for (k, name) in names.iter().enumerate() {
        let idx = &ours.indices[k];
        assert_eq!(&idx.name, name);
        assert!(
            (idx.first_order - theirs.get(k, 0)).abs() < 1e-9,
            "{name} Si {} vs {}",
            idx.first_order,
            theirs.get(k, 0)
        );
        assert!(
            (idx.total - theirs.get(k, 1)).abs() < 1e-9,
            "{name} STi {} vs {}",
            idx.total,
            theirs.get(k, 1)
        );
    }
    let (units, _, stats) =
        parse_wide(&std::fs::read_to_string(&ranks).expect("ranks")).expect("csv");
    for (i, unit) in units.iter().enumerate() {
        let s = ours
            .rank_stats
            .iter()
            .find(|s| &s.unit == unit)
            .expect("unit");
        for (j, ours) in [s.nominal, s.mean, s.median, s.q05, s.q95]
            .into_iter()
            .enumerate()
        {
            assert!(
                (ours - stats.get(i, j)).abs() < 1e-9,
                "{unit} column {j}: {ours} vs {}",
                stats.get(i, j)
            );
        }
    }
}
