//! Recommendations, quadrants, variety and chain-gap targets on top of a complexity result.

use proptest::prelude::*;
use relate::{
    Candidate, Complexity, DensityCut, GapKind, GapNode, Matrix, Options, Park, ProductSpace,
    Quadrant, QuadrantRule, RecommendOptions, RelateError, Strategy, TargetOptions, Weights,
    investment_targets, quadrants, recommend, variety,
};

use crate::common::nested_table;

fn result() -> Complexity {
    Complexity::compute(&nested_table(7, 40, 60), &Options::default()).unwrap()
}

fn all(strategy: Strategy) -> RecommendOptions {
    RecommendOptions {
        strategy,
        top: usize::MAX,
        explain: 3,
    }
}

#[test]
fn recommendations_rank_absent_industries_and_explain_them() {
    let r = result();
    let c = 5;
    let rows = recommend(&r, c, &all(Strategy::NearbyOpportunities)).unwrap();
    let absent = (0..r.industries.len())
        .filter(|&p| !r.is_present(c, p) && r.pci[p].is_finite())
        .count();
    assert_eq!(rows.len(), absent);
    assert!(rows.windows(2).all(|w| w[0].score >= w[1].score));
    for row in &rows {
        assert!(!r.is_present(c, row.industry));
        assert!((0.0..=1.0).contains(&row.score));
        assert_eq!(row.density, r.density.get(c, row.industry));
        assert!(row.related.len() <= 3);
        assert!(
            row.related
                .windows(2)
                .all(|w| w[0].proximity >= w[1].proximity)
        );
        for rel in &row.related {
            assert!(r.is_present(c, rel.industry));
            assert_eq!(rel.proximity, r.proximity.get(row.industry, rel.industry));
        }
    }
    // The row explained best is explained by the closest present industry there is.
    let top = &rows[0];
    let closest = (0..r.industries.len())
        .filter(|&q| r.is_present(c, q))
        .map(|q| r.proximity.get(top.industry, q))
        .fold(0.0, f64::max);
    assert_eq!(top.related[0].proximity, closest);
}

#[test]
fn a_single_criterion_orders_by_that_criterion() {
    let r = result();
    let c = 11;
    let only = |feasibility, value, gain| {
        recommend(
            &r,
            c,
            &all(Strategy::Custom(Weights {
                feasibility,
                value,
                gain,
            })),
        )
        .unwrap()
    };
    let by_density = only(1.0, 0.0, 0.0);
    assert!(by_density.windows(2).all(|w| w[0].density >= w[1].density));
    let by_pci = only(0.0, 1.0, 0.0);
    assert!(by_pci.windows(2).all(|w| w[0].pci >= w[1].pci));
    let by_cog = only(0.0, 0.0, 1.0);
    assert!(by_cog.windows(2).all(|w| w[0].cog >= w[1].cog));
    // Profiles differ: long jumps favour complexity over closeness.
    let near = recommend(&r, c, &RecommendOptions::default()).unwrap();
    let jumps = recommend(
        &r,
        c,
        &RecommendOptions {
            strategy: Strategy::LongJumps,
            ..Default::default()
        },
    )
    .unwrap();
    let mean = |rows: &[relate::Recommendation], f: fn(&relate::Recommendation) -> f64| {
        rows.iter().map(f).sum::<f64>() / rows.len() as f64
    };
    assert!(mean(&near, |x| x.density) > mean(&jumps, |x| x.density));
    assert!(mean(&jumps, |x| x.pci) > mean(&near, |x| x.pci));
    let bad = Strategy::Custom(Weights {
        feasibility: 0.0,
        value: 0.0,
        gain: 0.0,
    });
    assert!(matches!(
        recommend(&r, c, &all(bad)),
        Err(RelateError::InvalidWeights(_))
    ));
    assert!(matches!(
        recommend(&r, 999, &all(Strategy::LongJumps)),
        Err(RelateError::OutOfRange { .. })
    ));
}

#[test]
fn quadrants_follow_rca_and_the_density_cut() {
    let r = result();
    let c = 3;
    let (cut, cells) = quadrants(&r, c, &QuadrantRule::default()).unwrap();
    let above = cells.iter().filter(|x| x.density > cut).count();
    assert!(
        above <= cells.len() / 2 && above + 1 >= cells.len() / 2,
        "the median splits the cells"
    );
    let rca = r.rca.as_ref().unwrap();
    for x in &cells {
        assert_eq!(x.rca, rca.get(c, x.industry));
        let want = if x.rca == 0.0 {
            Quadrant::PossibleEntrant
        } else {
            match (x.rca > 1.0, x.density > cut) {
                (true, true) => Quadrant::Strength,
                (true, false) => Quadrant::Threat,
                (false, true) => Quadrant::Opportunity,
                (false, false) => Quadrant::Weakness,
            }
        };
        assert_eq!(x.quadrant, want);
    }
    for q in [
        Quadrant::PossibleEntrant,
        Quadrant::Strength,
        Quadrant::Weakness,
    ] {
        assert!(
            cells.iter().any(|x| x.quadrant == q),
            "{q:?} occurs in a nested table"
        );
    }
    let fixed = QuadrantRule {
        density_cut: DensityCut::Fixed(2.0),
        ..Default::default()
    };
    let (_, none_high) = quadrants(&r, c, &fixed).unwrap();
    assert!(
        none_high
            .iter()
            .all(|x| !matches!(x.quadrant, Quadrant::Strength | Quadrant::Opportunity))
    );
}

proptest! {
    #[test]
    fn entropy_is_unrelated_plus_related_variety(
        cells in prop::collection::vec((0.0f64..1e6, 0usize..6), 1..60),
    ) {
        prop_assume!(cells.iter().any(|(v, _)| *v > 0.0));
        let values: Vec<f64> = cells.iter().map(|(v, _)| *v).collect();
        let labels: Vec<String> = cells.iter().map(|(_, g)| format!("C{g}")).collect();
        let groups: Vec<&str> = labels.iter().map(String::as_str).collect();
        let v = variety(&values, &groups).unwrap();
        prop_assert!((v.entropy - (v.unrelated + v.related)).abs() <= 1e-12 * v.entropy.max(1.0));
        prop_assert!(v.unrelated >= -1e-15 && v.related >= -1e-15);
        prop_assert!((v.groups.iter().map(|g| g.share).sum::<f64>() - 1.0).abs() < 1e-12);
    }
}

/// Four industries: a–b close, b–c loose, d unrelated.
fn space() -> ProductSpace {
    let labels = ["a", "b", "c", "d"].map(String::from).to_vec();
    #[rustfmt::skip]
    let phi = Matrix::from_row_major(4, 4, vec![
        0.0, 0.8, 0.2, 0.0,
        0.8, 0.0, 0.3, 0.0,
        0.2, 0.3, 0.0, 0.0,
        0.0, 0.0, 0.0, 0.0,
    ]).unwrap();
    ProductSpace::new(labels, phi).unwrap()
}

fn candidate(id: &str, industry: &str, size: f64, local_links: f64) -> Candidate {
    Candidate {
        id: id.into(),
        industry: industry.into(),
        size,
        local_links,
    }
}

fn park(id: &str, industries: &[&str], capacity: &[(&str, f64)]) -> Park {
    Park {
        id: id.into(),
        industries: industries.iter().map(|s| s.to_string()).collect(),
        capacity: capacity.iter().map(|(n, v)| (n.to_string(), *v)).collect(),
    }
}

#[test]
fn chain_gap_targets_rank_relevant_firms_and_pair_them_with_fitting_parks() {
    let nodes = [GapNode {
        id: "cathode".into(),
        gap: GapKind::Missing,
        industries: vec!["a".into()],
    }];
    let candidates = [
        candidate("exact-small", "a", 10.0, 0.0),
        candidate("exact-big-linked", "a", 1000.0, 5.0),
        candidate("related", "b", 1000.0, 5.0),
        candidate("unrelated", "d", 1e9, 100.0),
        candidate("unknown-industry", "zz", 1e9, 100.0),
    ];
    let parks = [
        park("far", &["d"], &[("land_mu", 500.0)]),
        park("close", &["b", "c"], &[("land_mu", 100.0)]),
        park("same", &["a"], &[]),
    ];
    let out = investment_targets(
        &space(),
        &nodes,
        &candidates,
        &parks,
        &TargetOptions::default(),
    )
    .unwrap();
    assert_eq!(out.len(), 1);
    let t = &out[0].targets;
    let ids: Vec<&str> = t
        .iter()
        .map(|x| candidates[x.candidate].id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["exact-big-linked", "related", "exact-small"],
        "unrelated firms are left out"
    );
    assert_eq!((t[0].relevance, t[1].relevance), (1.0, 0.8));
    assert_eq!(t[0].matched_industry, "a");
    assert_eq!((t[0].size_score, t[0].link_score), (1.0, 1.0));
    assert_eq!(
        (t[2].size_score, t[2].link_score),
        ((11f64).ln() / (1001f64).ln(), 0.0)
    );
    // For industry a: park "same" has a itself (density 1 / 2.0), "close" has b and c
    // (1.0 / 2.0), "far" nothing related. Capacity: land relative to the best, 0 where absent.
    let fits = &t[0].parks;
    let names: Vec<&str> = fits.iter().map(|f| parks[f.park].id.as_str()).collect();
    assert_eq!(names, ["close", "same", "far"]);
    assert_eq!(fits[0].density, 0.5);
    assert_eq!(fits[0].capacity, Some(0.2));
    assert!((fits[0].score - (0.7 + 0.3 * 0.2)).abs() < 1e-12);
    assert_eq!(
        fits[0].related,
        [("b".to_string(), 0.8), ("c".to_string(), 0.2)]
    );
    assert_eq!(fits[2].density, 0.0);
    // Without any capacity figure the score is density alone.
    let bare: Vec<Park> = parks
        .iter()
        .map(|p| Park {
            capacity: vec![],
            ..p.clone()
        })
        .collect();
    let out = investment_targets(
        &space(),
        &nodes,
        &candidates,
        &bare,
        &TargetOptions::default(),
    )
    .unwrap();
    assert!(out[0].targets[0].parks.iter().all(|f| f.capacity.is_none()));
    assert_eq!(out[0].targets[0].parks[0].score, 1.0);
}
