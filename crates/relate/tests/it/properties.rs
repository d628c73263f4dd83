//! The invariants the spec names, on random nested tables in both modes: ECI equals the mean
//! PCI over present industries; proximity is symmetric and in [0, 1]; COG is zero where M = 1;
//! results do not depend on the order of locations and industries, nor on the scale of X.

use proptest::prelude::*;
use relate::{
    Complexity, Matrix, Mode, Options, ProximityKind, RelateError, SignRule, ValueMatrix,
};

use crate::common::{close, nested_table};

fn compute(vm: &ValueMatrix, options: &Options) -> Result<Option<Complexity>, TestCaseError> {
    match Complexity::compute(vm, options) {
        Ok(r) => Ok(Some(r)),
        // Small random tables may be disconnected, symmetric, or have a single diversified
        // location or industry after the RCA cut: those are reported, not computed.
        Err(
            RelateError::Disconnected { .. }
            | RelateError::TiedEigenvalues { .. }
            | RelateError::TooFewLocations { .. }
            | RelateError::TooFewIndustries { .. },
        ) => Ok(None),
        Err(e) => Err(TestCaseError::fail(format!("unexpected error: {e}"))),
    }
}

fn mode(stata: bool) -> Mode {
    if stata {
        Mode::Stata
    } else {
        Mode::PyEcomplexity
    }
}

/// The same table with its locations and industries relabelled so that they sort in another
/// order, and the positions of each original label in the new result.
fn permuted(vm: &ValueMatrix, seed: u64) -> ValueMatrix {
    let (nc, np) = (vm.locations().len(), vm.industries().len());
    let key = |i: usize, n: usize| {
        (i as u64).wrapping_mul(seed | 1).wrapping_add(seed >> 7) % (n as u64 * 7919)
    };
    let rename = |labels: &[String], n: usize| -> Vec<String> {
        labels
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{:012}-{l}", key(i, n)))
            .collect()
    };
    ValueMatrix::from_dense(
        rename(vm.locations(), nc),
        rename(vm.industries(), np),
        vm.values().clone(),
    )
    .unwrap()
    .0
}

fn original(label: &str) -> &str {
    label.split_once('-').map_or(label, |(_, l)| l)
}

/// Every output of `b` equals that of `a` for the same labels, to `rtol`.
fn assert_same(
    a: &Complexity,
    b: &Complexity,
    strip: bool,
    rtol: f64,
) -> Result<(), TestCaseError> {
    let name = |l: &str| {
        if strip {
            original(l).to_owned()
        } else {
            l.to_owned()
        }
    };
    let bl: std::collections::HashMap<String, usize> = b
        .locations
        .iter()
        .enumerate()
        .map(|(i, l)| (name(l), i))
        .collect();
    let bi: std::collections::HashMap<String, usize> = b
        .industries
        .iter()
        .enumerate()
        .map(|(i, l)| (name(l), i))
        .collect();
    for (c, l) in a.locations.iter().enumerate() {
        let c2 = bl[l];
        prop_assert!(
            close(a.eci[c], b.eci[c2], rtol),
            "eci {l}: {} vs {}",
            a.eci[c],
            b.eci[c2]
        );
        prop_assert!(close(a.coi[c], b.coi[c2], rtol), "coi {l}");
        prop_assert_eq!(a.diversity[c], b.diversity[c2]);
        for (p, i) in a.industries.iter().enumerate() {
            let p2 = bi[i];
            prop_assert_eq!(a.is_present(c, p), b.is_present(c2, p2));
            prop_assert!(
                close(a.density.get(c, p), b.density.get(c2, p2), rtol),
                "density {l}/{i}: {} vs {}",
                a.density.get(c, p),
                b.density.get(c2, p2)
            );
            prop_assert!(
                close(a.cog.get(c, p), b.cog.get(c2, p2), rtol),
                "cog {l}/{i}: {} vs {}",
                a.cog.get(c, p),
                b.cog.get(c2, p2)
            );
        }
    }
    for (p, i) in a.industries.iter().enumerate() {
        prop_assert!(close(a.pci[p], b.pci[bi[i]], rtol), "pci {i}");
    }
    Ok(())
}

/// `b` with the opposite eigenvector sign: every signed output negated.
fn flipped(b: &Complexity) -> Complexity {
    let mut f = b.clone();
    let negate = |v: &mut Vec<f64>| v.iter_mut().for_each(|x| *x = -*x);
    negate(&mut f.eci);
    negate(&mut f.pci);
    negate(&mut f.coi);
    negate(&mut f.kp);
    f.cog = Matrix::from_row_major(
        b.cog.rows(),
        b.cog.cols(),
        b.cog.as_slice().iter().map(|x| -x).collect(),
    )
    .unwrap();
    f
}

/// [`assert_same`], up to the sign when nothing in the data fixes it ([`SignRule::Arbitrary`]).
fn assert_same_up_to_arbitrary_sign(
    a: &Complexity,
    b: &Complexity,
    strip: bool,
    rtol: f64,
) -> Result<(), TestCaseError> {
    match assert_same(a, b, strip, rtol) {
        Err(_) if a.sign == SignRule::Arbitrary => assert_same(a, &flipped(b), strip, rtol),
        result => result,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn eci_is_mean_pci_proximity_bounded_cog_zero_where_present(
        seed in any::<u64>(), nc in 4usize..30, np in 4usize..50, stata in any::<bool>(),
        kind in prop_oneof![Just(ProximityKind::Symmetric), Just(ProximityKind::Asymmetric), Just(ProximityKind::Continuous)],
    ) {
        let vm = nested_table(seed, nc, np);
        let options = Options { mode: mode(stata), proximity: kind, ..Options::default() };
        let Some(r) = compute(&vm, &options)? else { return Ok(()) };
        let (nc, np) = (r.locations.len(), r.industries.len());
        for c in 0..nc {
            if r.diversity[c] == 0 {
                prop_assert!(r.eci[c].is_nan());
                continue;
            }
            let present: Vec<f64> = (0..np).filter(|&p| r.is_present(c, p)).map(|p| r.pci[p]).collect();
            let mean = present.iter().sum::<f64>() / present.len() as f64;
            prop_assert!(close(r.eci[c], mean, 1e-9), "ECI {} vs mean PCI {}", r.eci[c], mean);
            for p in 0..np {
                if r.is_present(c, p) {
                    prop_assert_eq!(r.cog.get(c, p), 0.0);
                }
            }
        }
        let diag = mode(stata).proximity_diagonal();
        for p in 0..np {
            for q in 0..np {
                let v = r.proximity.get(p, q);
                prop_assert!((0.0..=1.0).contains(&v), "proximity {v}");
                if kind != ProximityKind::Asymmetric {
                    prop_assert_eq!(v, r.proximity.get(q, p));
                }
            }
            if r.ubiquity[p] > 0 || kind == ProximityKind::Continuous {
                prop_assert_eq!(r.proximity.get(p, p), diag);
            }
        }
        if kind != ProximityKind::Continuous {
            prop_assert!(r.density.as_slice().iter().all(|d| d.is_nan() || (0.0..=1.0 + 1e-12).contains(d)));
        }
    }

    #[test]
    fn invariant_to_order_and_scale(
        seed in any::<u64>(), nc in 4usize..25, np in 4usize..40, stata in any::<bool>(),
        scale in prop_oneof![Just(1e-6), Just(0.37), Just(1e3), Just(2.5e9)],
    ) {
        let vm = nested_table(seed, nc, np);
        let options = Options::with_mode(mode(stata));
        let Some(base) = compute(&vm, &options)? else { return Ok(()) };
        let shuffled = compute(&permuted(&vm, seed), &options)?.expect("same network as the base");
        assert_same_up_to_arbitrary_sign(&base, &shuffled, true, 1e-9)?;
        let scaled_values = Matrix::from_row_major(
            vm.values().rows(), vm.values().cols(),
            vm.values().as_slice().iter().map(|v| v * scale).collect(),
        ).unwrap();
        let scaled = ValueMatrix::from_dense(vm.locations().to_vec(), vm.industries().to_vec(), scaled_values).unwrap().0;
        let scaled = compute(&scaled, &options)?.expect("same network as the base");
        assert_same_up_to_arbitrary_sign(&base, &scaled, false, 1e-9)?;
    }
}
