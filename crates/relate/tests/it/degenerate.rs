//! Degenerate input gives a typed error or a documented result, never NaN everywhere.

use relate::{Complexity, ComponentPolicy, Mode, Options, PresenceTest, RelateError, ValueMatrix};

use crate::common::labelled;

fn matrix(rows: &[&[f64]]) -> ValueMatrix {
    labelled(
        rows.len(),
        rows[0].len(),
        rows.iter().flat_map(|r| r.iter().copied()).collect(),
    )
}

/// A connected nested table: location i has industries 0..=i+1.
fn staircase(n: usize) -> Vec<Vec<f64>> {
    (0..n)
        .map(|i| {
            (0..n + 1)
                .map(|p| {
                    if p <= i + 1 {
                        1.0 + (i * p) as f64
                    } else {
                        0.0
                    }
                })
                .collect()
        })
        .collect()
}

#[test]
fn a_location_with_zero_diversity_is_excluded_not_nan_everywhere() {
    let mut rows = staircase(6);
    // The last location mirrors the column totals: every RCA is exactly 1, so under the strict
    // rule it has no industry present.
    let totals: Vec<f64> = (0..7).map(|p| rows.iter().map(|r| r[p]).sum()).collect();
    rows.push(totals);
    let refs: Vec<&[f64]> = rows.iter().map(Vec::as_slice).collect();
    let r = Complexity::compute(&matrix(&refs), &Options::default()).unwrap();
    assert_eq!(r.excluded_locations, [6]);
    assert_eq!(r.diversity[6], 0);
    assert!(r.eci[6].is_nan());
    assert!(r.eci[..6].iter().all(|e| e.is_finite()));
    assert!(
        r.pci
            .iter()
            .zip(&r.ubiquity)
            .all(|(p, &u)| u == 0 || p.is_finite())
    );
    assert!(
        r.coi.iter().all(|v| v.is_finite()),
        "COI is defined for every location"
    );
    assert!(r.density.row(6).iter().all(|&d| d == 0.0 || d.is_nan()));
}

#[test]
fn an_industry_no_location_specialises_in_is_excluded() {
    // The last industry is spread in proportion to each location's size: its RCA is 1 (up to
    // rounding) everywhere, below a threshold of 1.01.
    let mut rows = staircase(6);
    for r in &mut rows {
        let total: f64 = r.iter().sum();
        r.push(total / 3.0);
    }
    let refs: Vec<&[f64]> = rows.iter().map(Vec::as_slice).collect();
    let options = Options {
        threshold: 1.01,
        ..Options::default()
    };
    let r = Complexity::compute(&matrix(&refs), &options).unwrap();
    assert_eq!(r.excluded_industries, [7]);
    assert!(r.pci[7].is_nan() && r.pci[..7].iter().all(|p| p.is_finite()));
    assert!((0..6).all(|c| r.density.get(c, 7).is_nan() && r.cog.get(c, 7) == 0.0));
    assert!((0..6).all(|c| r.density.row(c)[..7].iter().all(|d| d.is_finite())));
    assert!(r.eci.iter().chain(&r.coi).all(|e| e.is_finite()));
}

#[test]
fn a_disconnected_network_is_a_typed_error_naming_the_parts() {
    // Two blocks of a given M that share no industry.
    let rows: Vec<&[f64]> = vec![
        &[1.0, 1.0, 0.0, 0.0],
        &[1.0, 0.0, 0.0, 0.0],
        &[0.0, 0.0, 1.0, 1.0],
        &[0.0, 0.0, 0.0, 1.0],
        &[0.0, 0.0, 1.0, 1.0],
    ];
    let options = Options {
        mode: Mode::PyEcomplexity,
        presence: PresenceTest::Given,
        ..Options::default()
    };
    let err = Complexity::compute(&matrix(&rows), &options).unwrap_err();
    let RelateError::Disconnected {
        components,
        largest_locations,
        largest_industries,
        ..
    } = &err
    else {
        panic!("expected Disconnected, got {err}");
    };
    assert_eq!(
        (*components, *largest_locations, *largest_industries),
        (2, 3, 2)
    );
    assert!(err.to_string().contains("2 disconnected parts"), "{err}");
}

#[test]
fn the_largest_part_can_be_computed_with_the_rest_detached() {
    // A connected staircase of six locations plus a pair of locations that share two
    // industries nobody else has.
    let mut rows: Vec<Vec<f64>> = (0..6)
        .map(|i| {
            (0..9)
                .map(|p| if p < 7 && p <= i + 1 { 1.0 } else { 0.0 })
                .collect()
        })
        .collect();
    rows.push(vec![0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0]);
    rows.push(vec![0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
    let refs: Vec<&[f64]> = rows.iter().map(Vec::as_slice).collect();
    let given = Options {
        presence: PresenceTest::Given,
        ..Options::default()
    };
    assert!(matches!(
        Complexity::compute(&matrix(&refs), &given),
        Err(RelateError::Disconnected { components: 2, .. })
    ));
    let largest = Options {
        components: ComponentPolicy::LargestOnly,
        ..given.clone()
    };
    let r = Complexity::compute(&matrix(&refs), &largest).unwrap();
    assert_eq!(
        (
            r.detached_locations.as_slice(),
            r.detached_industries.as_slice()
        ),
        (&[6, 7][..], &[7, 8][..])
    );
    assert!(r.eci[..6].iter().all(|e| e.is_finite()) && r.eci[6..].iter().all(|e| e.is_nan()));
    assert!(r.pci[..7].iter().all(|p| p.is_finite()) && r.pci[7..].iter().all(|p| p.is_nan()));
    assert!(r.coi.iter().all(|v| v.is_finite()));
    // The main part is computed as if the detached part were not there.
    let main: Vec<&[f64]> = refs[..6].iter().map(|r| &r[..7]).collect();
    let alone = Complexity::compute(&matrix(&main), &given).unwrap();
    for c in 0..6 {
        assert!(
            (r.eci[c] - alone.eci[c]).abs() < 1e-9,
            "{c}: {} vs {}",
            r.eci[c],
            alone.eci[c]
        );
    }
}

#[test]
fn tied_eigenvalues_are_a_typed_error() {
    // M = J − I: every location lacks exactly its own industry. The spectrum of Mt is 1 and
    // 1/(n−1)² repeated n−1 times, so no second eigenvector is singled out.
    let n = 6;
    let rows: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|p| f64::from(u8::from(i != p))).collect())
        .collect();
    let refs: Vec<&[f64]> = rows.iter().map(Vec::as_slice).collect();
    let options = Options {
        presence: PresenceTest::Given,
        ..Options::default()
    };
    let err = Complexity::compute(&matrix(&refs), &options).unwrap_err();
    let RelateError::TiedEigenvalues { second, third } = err else {
        panic!("expected a tie, got {err}")
    };
    assert!((second - 1.0 / 25.0).abs() < 1e-9 && (third - second).abs() < 1e-9);
}

#[test]
fn a_single_location_or_industry_is_a_typed_error() {
    let one_location = matrix(&[&[1.0, 2.0, 3.0]]);
    let options = Options::with_mode(Mode::PyEcomplexity);
    assert_eq!(
        Complexity::compute(&one_location, &options).unwrap_err(),
        RelateError::TooFewLocations { active: 1 }
    );
    let one_industry = matrix(&[&[1.0], &[2.0]]);
    assert_eq!(
        Complexity::compute(&one_industry, &options).unwrap_err(),
        RelateError::TooFewIndustries { active: 1 }
    );
}
