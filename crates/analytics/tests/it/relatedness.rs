use std::collections::HashMap;

use analytics::relatedness::{
    self, LocationLevel, ReferenceRow, RelatednessData, TableSpec, TargetSpec,
};
use model::IndustryLevel;
use relate::{QuadrantRule, RecommendOptions, Strategy};

use crate::demo;

const SHANXI: u32 = 140000;

/// Position of output_value in the demo's indicator list.
fn output_index() -> usize {
    ::demo::INDICATORS
        .iter()
        .position(|i| i.0 == "output_value")
        .unwrap()
}

/// The county with the most industries present (M = 1).
fn most_diverse(data: &RelatednessData) -> usize {
    let r = &data.complexity;
    (0..r.locations.len())
        .filter(|&c| data.local[c])
        .max_by_key(|&c| (r.diversity[c], std::cmp::Reverse(c)))
        .unwrap()
}

#[tokio::test]
async fn the_table_is_the_sum_of_the_demos_observations() {
    let demo = demo().await;
    let data = RelatednessData::load(&demo.store, &TableSpec::default(), &[])
        .await
        .unwrap();
    assert_eq!(data.year, 2025, "the latest full year of 2023-11..2026-10");
    assert_eq!(data.province.as_u32(), SHANXI);
    let population = &demo.province.population;
    let mut expected: HashMap<(String, String), f64> = HashMap::new();
    for (i, e) in population.enterprises.iter().enumerate() {
        if population.profiles[i].external {
            continue;
        }
        let total: f64 = demo
            .province
            .observations_of(i)
            .into_iter()
            .filter(|&(k, q, _)| k == output_index() && q.year() == 2025)
            .map(|(_, _, v)| v)
            .sum();
        if total > 0.0 {
            *expected
                .entry((
                    e.region.as_u32().to_string(),
                    e.industry.as_str().to_owned(),
                ))
                .or_default() += total;
        }
    }
    let m = &data.matrix;
    let mut cells = 0;
    for (c, location) in m.locations().iter().enumerate() {
        assert!(data.local[c]);
        for (p, industry) in m.industries().iter().enumerate() {
            let v = m.values().get(c, p);
            if v == 0.0 {
                continue;
            }
            cells += 1;
            let want = expected[&(location.clone(), industry.clone())];
            assert!(
                (v - want).abs() <= 1e-9 * want,
                "{location}/{industry}: {v} vs {want}"
            );
        }
    }
    assert_eq!(
        cells,
        expected.len(),
        "every reporting firm's cell, and no other"
    );
    assert!(
        m.locations().len() > 80,
        "Shanxi's counties: {}",
        m.locations().len()
    );
}

#[tokio::test]
async fn recommendations_exclude_present_industries_and_name_present_ones() {
    let demo = demo().await;
    let data = RelatednessData::load(&demo.store, &TableSpec::default(), &[])
        .await
        .unwrap();
    let r = &data.complexity;
    let c = most_diverse(&data);
    let county = r.locations[c].clone();
    for strategy in [
        Strategy::NearbyOpportunities,
        Strategy::ClimbComplexityLadder,
        Strategy::LongJumps,
    ] {
        let options = RecommendOptions {
            strategy,
            top: usize::MAX,
            explain: 3,
        };
        let rec = data.recommend(&county, &options).unwrap();
        assert_eq!(rec.place.code, county);
        assert!(!rec.place.name.is_empty() && rec.place.name != county);
        assert!(rec.rows.len() > 10);
        assert!(rec.rows.windows(2).all(|w| w[0].score >= w[1].score));
        for row in &rec.rows {
            let p = r.industry_index(&row.industry).unwrap();
            assert!(
                !r.is_present(c, p),
                "{} is present in {county}",
                row.industry
            );
            assert!(!row.name.is_empty());
            for related in &row.related {
                let q = r.industry_index(&related.industry).unwrap();
                assert!(
                    r.is_present(c, q),
                    "{} explains but is absent",
                    related.industry
                );
                assert!(related.proximity > 0.0);
            }
            // Density > 0 means some present industry is close: the row names it.
            assert_eq!(row.density > 0.0, !row.related.is_empty(), "{row:?}");
        }
    }
    let unknown = data
        .recommend("140000", &RecommendOptions::default())
        .unwrap_err();
    assert!(unknown.to_string().contains("140000"), "{unknown}");
}

#[tokio::test]
async fn parks_quadrants_and_variety_on_real_data() {
    let demo = demo().await;
    let spec = TableSpec {
        locations: LocationLevel::Park,
        ..TableSpec::default()
    };
    let parks = RelatednessData::load(&demo.store, &spec, &[])
        .await
        .unwrap();
    let park = parks.complexity.locations[most_diverse(&parks)].clone();
    let rec = parks
        .recommend(&park, &RecommendOptions::default())
        .unwrap();
    assert!(rec.place.name.contains("（演示）"), "{}", rec.place.name);
    assert_eq!(rec.rows.len(), 20);

    let counties = RelatednessData::load(&demo.store, &TableSpec::default(), &[])
        .await
        .unwrap();
    let c = most_diverse(&counties);
    let view = counties
        .quadrants(&counties.complexity.locations[c], &QuadrantRule::default())
        .unwrap();
    let rca = counties.complexity.rca.as_ref().unwrap();
    for row in &view.rows {
        let p = counties.complexity.industry_index(&row.industry).unwrap();
        assert_eq!(row.rca, rca.get(c, p));
        let specialised = row.rca > 1.0;
        match row.quadrant {
            "possible_entrant" => assert_eq!(row.rca, 0.0),
            "strength" | "threat" => assert!(specialised),
            _ => assert!(!specialised && row.rca > 0.0),
        }
    }
    assert!(
        view.rows
            .iter()
            .any(|r| r.quadrant == "strength" || r.quadrant == "threat")
    );

    let variety = counties.variety().unwrap();
    assert_eq!(variety.len(), counties.local.iter().filter(|l| **l).count());
    for v in &variety {
        assert!(
            (v.entropy - (v.unrelated + v.related)).abs() < 1e-12,
            "{}: {} ≠ {} + {}",
            v.place.code,
            v.entropy,
            v.unrelated,
            v.related
        );
        assert!(v.divisions <= v.industries);
    }
    assert!(variety.iter().any(|v| v.related > 0.0 && v.unrelated > 0.0));
}

#[tokio::test]
async fn a_national_reference_joins_the_table_without_the_home_province() {
    let demo = demo().await;
    let local = RelatednessData::load(&demo.store, &TableSpec::default(), &[])
        .await
        .unwrap();
    // Three Hebei counties with six of the province's industries, and one Shanxi county row
    // that the stored figures replace.
    let common: Vec<String> = local.matrix.industries()[..6].to_vec();
    let mut reference: Vec<ReferenceRow> = ["130102", "130104", "130105"]
        .iter()
        .enumerate()
        .flat_map(|(k, county)| {
            common
                .iter()
                .enumerate()
                .map(move |(j, industry)| ReferenceRow {
                    location: (*county).to_owned(),
                    industry: industry.clone(),
                    value: 1.0e8 * (1 + (k + j) % 3) as f64,
                })
        })
        .collect();
    reference.push(ReferenceRow {
        location: local.matrix.locations()[0].clone(),
        industry: common[0].clone(),
        value: 9.9e12,
    });
    let data = RelatednessData::load(&demo.store, &TableSpec::default(), &reference)
        .await
        .unwrap();
    assert_eq!(data.reference_rows_replaced, 1);
    assert_eq!(
        data.matrix.locations().len(),
        local.matrix.locations().len() + 3
    );
    let hebei = data.matrix.location_index("130102").unwrap();
    assert!(!data.local[hebei]);
    assert_eq!(data.location_name("130102"), "长安区");
    let first = &local.matrix.locations()[0];
    let here = data.matrix.location_index(first).unwrap();
    assert_eq!(
        data.matrix.values().row(here).iter().sum::<f64>(),
        local.matrix.values().row(0).iter().sum::<f64>(),
        "the home county keeps its stored figures"
    );
    let bad = [ReferenceRow {
        location: "130102".into(),
        industry: "36".into(),
        value: 1.0,
    }];
    let err = RelatednessData::load(&demo.store, &TableSpec::default(), &bad)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("row 1") && err.to_string().contains("\"36\""),
        "{err}"
    );
    // Coarser levels aggregate the same figures.
    let divisions = RelatednessData::load(
        &demo.store,
        &TableSpec {
            industries: IndustryLevel::Division,
            ..TableSpec::default()
        },
        &[],
    )
    .await
    .unwrap();
    let total = |d: &RelatednessData| d.matrix.values().as_slice().iter().sum::<f64>();
    assert!((total(&divisions) - total(&local)).abs() <= 1e-9 * total(&local));
    assert!(divisions.matrix.industries().iter().all(|i| i.len() == 2));
}

#[tokio::test]
async fn gap_nodes_get_outside_candidates_and_ranked_parks() {
    let demo = demo().await;
    let data = RelatednessData::load(&demo.store, &TableSpec::default(), &[])
        .await
        .unwrap();
    let population = &demo.province.population;
    let (mut missing, mut with_sales) = (0, 0);
    for chain in population.chains.iter().map(|c| c.code.as_str()) {
        let targets = relatedness::chain_targets(&demo.store, &data, &TargetSpec::new(chain))
            .await
            .unwrap();
        assert_eq!(
            targets.thresholds,
            risk::structure::RiskThresholds::default()
        );
        assert_eq!(targets.link_year, Some(2025));
        // 缺链 and 弱链 as risk defines them: no local member, or fewer than three (the demo's
        // members are all local, so the size share is 1).
        let members = |node: &str| {
            population
                .memberships
                .iter()
                .filter(|m| m.chain == chain && m.node == node)
                .count()
        };
        for node in population.nodes.iter().filter(|n| n.chain == chain) {
            let listed = targets.nodes.iter().find(|g| g.node == node.code);
            match members(&node.code) {
                0 => assert_eq!(listed.map(|g| g.gap), Some("missing"), "{}", node.code),
                1 | 2 => assert_eq!(listed.map(|g| g.gap), Some("weak"), "{}", node.code),
                _ => assert!(listed.is_none(), "{} is covered", node.code),
            }
        }
        for node in &targets.nodes {
            assert!(node.explanation_zh.contains(&node.node_name));
            for t in &node.targets {
                let region: u32 = t.region.parse().unwrap();
                assert_ne!(
                    region / 10000 * 10000,
                    SHANXI,
                    "{} is outside Shanxi",
                    t.name
                );
                assert!(t.relevance >= 0.1 && t.relevance <= 1.0);
                assert!(!t.parks.is_empty());
                assert!(t.parks.windows(2).all(|w| w[0].score >= w[1].score));
                for park in &t.parks {
                    assert!(
                        park.park.starts_with("P14"),
                        "{} is a Shanxi park",
                        park.park
                    );
                    assert!(park.capacity.is_some());
                }
                with_sales += usize::from(t.local_sales > 0.0 && t.local_customers > 0);
            }
            assert!(node.targets.windows(2).all(|w| w[0].score >= w[1].score));
            if node.gap == "missing" {
                missing += 1;
                // The demo draws outside suppliers for every gap node: some make exactly what
                // it needs.
                assert!(
                    node.targets.iter().any(
                        |t| t.relevance == 1.0 && node.industries.contains(&t.matched_industry)
                    ),
                    "{chain}/{}: {:?}",
                    node.node,
                    node.targets
                );
            }
        }
    }
    assert!(missing >= 5, "the demo's gap nodes: {missing}");
    // Outside suppliers with trade into the province are known by it.
    assert!(with_sales > 0);
    let err = relatedness::chain_targets(&demo.store, &data, &TargetSpec::new("XX-99"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("XX-99"));
}

#[tokio::test]
async fn gradient_is_lq_times_comparative_productivity() {
    let demo = demo().await;
    let g = relatedness::gradient(&demo.store, &relatedness::GradientSpec::default())
        .await
        .unwrap();
    assert!(g.rows.len() > 100);
    // Recompute one county × industry from the rows: LQ on output, productivity on shares.
    let total: f64 = g.rows.iter().map(|r| r.output).sum();
    let row = &g.rows[0];
    let place: f64 = g
        .rows
        .iter()
        .filter(|r| r.place == row.place)
        .map(|r| r.output)
        .sum();
    let industry: Vec<_> = g
        .rows
        .iter()
        .filter(|r| r.industry == row.industry)
        .collect();
    let (io, ie) = (
        industry.iter().map(|r| r.output).sum::<f64>(),
        industry.iter().map(|r| r.employment).sum::<f64>(),
    );
    let lq = (row.output / place) / (io / total);
    let clp = (row.output / io) / (row.employment / ie);
    assert!(
        (row.location_quotient - lq).abs() < 1e-9 * lq,
        "{} vs {lq}",
        row.location_quotient
    );
    assert!((row.productivity - clp).abs() < 1e-9 * clp);
    assert!((row.coefficient - lq * clp).abs() < 1e-9 * lq * clp);
    let cities = relatedness::gradient(
        &demo.store,
        &relatedness::GradientSpec {
            locations: LocationLevel::City,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let places: std::collections::HashSet<_> = cities.rows.iter().map(|r| &r.place.code).collect();
    assert_eq!(places.len(), 11, "Shanxi's eleven cities");
}
