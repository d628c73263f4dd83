//! Density and COG under asymmetric proximity against the reference packages' own matrix
//! formulas, written out literally on dense matrices (Stata `proxdiscrete.ado`,
//! `calculate_density.ado`, `coicog.ado`; Python `calc_proximity.py`, `calc_density.py`,
//! `coicog.py`). The Stata side has no runnable peer here, so its orientation is pinned this way.

use relate::{Complexity, Mode, Options, ProximityKind};

use crate::common::{close, nested_table};

/// (density, cog) per the reference formulas, from the engine's M, raw kp and sigma.
fn reference(r: &Complexity) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let (nc, np) = (r.locations.len(), r.industries.len());
    let m = |c: usize, p: usize| f64::from(u8::from(r.is_present(c, p)));
    let kp0: Vec<f64> = r.ubiquity.iter().map(|&u| f64::from(u)).collect();
    let cooc = |p: usize, q: usize| (0..nc).map(|c| m(c, p) * m(c, q)).sum::<f64>();
    // Both packages start from P1[p][q] = C[p][q] / kp0[q].
    let p1: Vec<Vec<f64>> = (0..np)
        .map(|p| (0..np).map(|q| cooc(p, q) / kp0[q]).collect())
        .collect();
    let prox: Vec<Vec<f64>> = match r.options.mode {
        // proximity = P1 − I
        Mode::Stata => (0..np)
            .map(|p| {
                (0..np)
                    .map(|q| if p == q { 0.0 } else { p1[p][q] })
                    .collect()
            })
            .collect(),
        // phi = P1.T
        Mode::PyEcomplexity => (0..np)
            .map(|p| (0..np).map(|q| p1[q][p]).collect())
            .collect(),
    };
    let row_sum: Vec<f64> = prox.iter().map(|r| r.iter().sum()).collect();
    let col_sum: Vec<f64> = (0..np).map(|q| (0..np).map(|p| prox[p][q]).sum()).collect();
    let density = (0..nc)
        .map(|c| {
            (0..np)
                .map(|p| match r.options.mode {
                    // density = M * (proximity :/ (J * proximity))
                    Mode::Stata => (0..np).map(|q| m(c, q) * prox[q][p] / col_sum[p]).sum(),
                    // density = mcp @ (prox.T / rowsum)
                    Mode::PyEcomplexity => (0..np).map(|q| m(c, q) * prox[p][q] / row_sum[p]).sum(),
                })
                .collect()
        })
        .collect();
    // cog = (1 − M) :* ((1 − M) * (proximity :* (kp :/ rowsum(proximity)) * J))  (both)
    let cog = (0..nc)
        .map(|c| {
            (0..np)
                .map(|p| {
                    let s: f64 = (0..np)
                        .map(|q| (1.0 - m(c, q)) * prox[q][p] * r.kp[q] / row_sum[q])
                        .sum();
                    (1.0 - m(c, p)) * s / r.eci_sigma
                })
                .collect()
        })
        .collect();
    (density, cog)
}

#[test]
fn asymmetric_density_and_gain_follow_each_reference() {
    for (mode, seed) in [
        (Mode::Stata, 21),
        (Mode::PyEcomplexity, 22),
        (Mode::Stata, 23),
    ] {
        let vm = nested_table(seed, 18, 30);
        let options = Options {
            mode,
            proximity: ProximityKind::Asymmetric,
            ..Options::default()
        };
        let r = Complexity::compute(&vm, &options).unwrap();
        assert!(r.excluded_industries.is_empty());
        let (density, cog) = reference(&r);
        for c in 0..r.locations.len() {
            for p in 0..r.industries.len() {
                assert!(
                    close(r.density.get(c, p), density[c][p], 1e-12),
                    "{mode:?} density {c}/{p}"
                );
                assert!(
                    close(r.cog.get(c, p), cog[c][p], 1e-12),
                    "{mode:?} cog {c}/{p}"
                );
            }
        }
    }
}
