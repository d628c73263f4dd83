//! Sensitivity analysis: the estimators on the Ishigami function, whose indices are known in
//! closed form, and the whole analysis on COINr's ASEM example.

use std::f64::consts::PI;

use evaluate::sample::{Design, design, estimate};
use evaluate::sensitivity::{Analysis, Assumption, AssumptionKind, LevelNoise, analyse};
use evaluate::{Aggregation, Methods, Normalisation, Treatment};

use crate::fixtures;

#[test]
fn estimators_recover_the_ishigami_indices() {
    // Ishigami & Homma (1990), f = sin x1 + a sin² x2 + b x3⁴ sin x1, x ~ U(−π, π)³, a = 7,
    // b = 0.1. Closed-form partial variances (Sobol' & Levitan 1999; Saltelli et al. 2008, §4.5):
    let (a, b) = (7.0f64, 0.1f64);
    let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
    let v2 = a * a / 8.0;
    let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
    let v = v1 + v2 + v13;
    let first = [v1 / v, v2 / v, 0.0];
    let total = [(v1 + v13) / v, v2 / v, v13 / v];
    // S ≈ (0.3139, 0.4424, 0), ST ≈ (0.5576, 0.4424, 0.2437).
    assert!((first[0] - 0.3139).abs() < 1e-4 && (total[2] - 0.2437).abs() < 1e-4);

    // N = 250,000 base rows (1,250,000 evaluations); tolerance 0.01 on every index (the estimators.
    // standard errors at this N are about 0.002–0.004).
    let n = 250_000;
    let runs = design(Design::Sensitivity, n, 3, 2024);
    let y: Vec<f64> = runs
        .iter()
        .map(|u| {
            let x: Vec<f64> = u.iter().map(|u| -PI + 2.0 * PI * u).collect();
            x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin()
        })
        .collect();
    let (variance, indices) = estimate(&y, n, 3);
    assert!(
        (variance - v).abs() / v < 0.02,
        "V = {variance}, analytic {v}"
    );
    for i in 0..3 {
        let (s, st) = indices[i];
        println!(
            "x{}: S = {s:.4} (exact {:.4}), ST = {st:.4} (exact {:.4})",
            i + 1,
            first[i],
            total[i]
        );
        assert!(
            (s - first[i]).abs() < 0.01,
            "S_{} = {s}, exact {}",
            i + 1,
            first[i]
        );
        assert!(
            (st - total[i]).abs() < 0.01,
            "ST_{} = {st}, exact {}",
            i + 1,
            total[i]
        );
    }
}

fn asem_assumptions() -> Vec<Assumption> {
    vec![
        Assumption {
            name: "treatment".into(),
            kind: AssumptionKind::Treatment {
                alternatives: (1..=5)
                    .map(|w| Treatment::Coinr {
                        winmax: w,
                        skew_threshold: 2.0,
                        kurt_threshold: 3.5,
                    })
                    .collect(),
            },
        },
        Assumption {
            name: "normalisation".into(),
            kind: AssumptionKind::Normalisation {
                alternatives: vec![
                    Normalisation::Minmax {
                        lower: 1.0,
                        upper: 100.0,
                    },
                    Normalisation::Zscore {
                        mean: 10.0,
                        sd: 2.0,
                    },
                ],
            },
        },
        Assumption {
            name: "weights".into(),
            kind: AssumptionKind::WeightNoise {
                levels: vec![
                    LevelNoise {
                        level: 2,
                        factor: 0.25,
                    },
                    LevelNoise {
                        level: 3,
                        factor: 0.25,
                    },
                ],
                sets: 100,
            },
        },
        Assumption {
            name: "aggregation".into(),
            kind: AssumptionKind::Aggregation {
                alternatives: vec![Aggregation::Amean, Aggregation::Gmean],
            },
        },
        Assumption {
            name: "exclusion".into(),
            kind: AssumptionKind::Exclusion {
                alternatives: vec![
                    vec![],
                    vec!["Flights".into()],
                    vec!["Goods".into()],
                    vec!["CO2".into()],
                ],
            },
        },
    ]
}

#[test]
fn asem_sensitivity_is_deterministic_and_sane() {
    let Some((meta, data)) = fixtures::asem() else {
        return;
    };
    let nominal = Methods {
        normalise: Normalisation::Minmax {
            lower: 1.0,
            upper: 100.0,
        },
        ..Methods::coinr()
    };
    let spec = Analysis {
        design: Design::Sensitivity,
        n: 40,
        seed: 7,
        target: None,
        assumptions: asem_assumptions(),
    };
    let r = analyse(&data, &meta.hierarchy, &nominal, &spec, &|| {}).expect("analysis runs");
    assert_eq!(r.runs, 40 * 7);
    assert!(r.failures.is_empty(), "{:?}", r.failures.first());
    for idx in &r.indices {
        assert!(idx.total >= 0.0 && idx.first_order.is_finite(), "{idx:?}");
    }
    assert!(r.outputs.iter().all(|y| *y >= 0.0));
    assert!(r.variance.is_some_and(|v| v > 0.0));
    for s in &r.rank_stats {
        assert!(s.q05 <= s.median && s.median <= s.q95, "{s:?}");
        assert!((1.0..=51.0).contains(&s.mean));
    }
    // Same seed, same numbers — whatever the thread count.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let again = pool
        .install(|| analyse(&data, &meta.hierarchy, &nominal, &spec, &|| {}))
        .expect("again");
    assert_eq!(
        again
            .outputs
            .iter()
            .map(|x| x.to_bits())
            .collect::<Vec<_>>(),
        r.outputs.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
    );
}

#[test]
fn a_single_alternative_changes_nothing() {
    let Some((meta, data)) = fixtures::asem() else {
        return;
    };
    let spec = Analysis {
        design: Design::Uncertainty,
        n: 5,
        seed: 1,
        target: Some("Conn".into()),
        assumptions: vec![Assumption {
            name: "aggregation".into(),
            kind: AssumptionKind::Aggregation {
                alternatives: vec![Aggregation::Amean],
            },
        }],
    };
    let r = analyse(&data, &meta.hierarchy, &Methods::coinr(), &spec, &|| {}).expect("runs");
    assert!(r.outputs.iter().all(|y| *y == 0.0));
    assert!(
        r.rank_stats
            .iter()
            .all(|s| s.mean == s.nominal && s.q05 == s.nominal)
    );
}
