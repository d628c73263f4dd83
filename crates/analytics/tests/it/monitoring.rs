use model::Period;
use monitor::RollupSpec;

use crate::demo;

#[tokio::test]
async fn the_loaded_frame_reproduces_the_generators_figures() {
    let demo = demo().await;
    let data = analytics::monitoring::load(&demo.store, "2026-10-31")
        .await
        .unwrap();
    let p = data.monitor.frame();
    assert_eq!(p.len(), demo.province.population.enterprises.len());

    // The province-wide 当月 output in 2026-10 is the sum of what the generator drew.
    let period = Period::parse("2026-10").unwrap();
    let expected: f64 = (0..demo.province.population.enterprises.len())
        .flat_map(|i| demo.province.observations_of(i))
        .filter(|&(indicator, q, _)| indicator == 0 && q == period)
        .map(|(_, _, v)| v)
        .sum();
    let total = data
        .monitor
        .rollup(&RollupSpec::by(&[]).measures(&["output_value"]))
        .unwrap();
    let figures = total.figures("output_value", 0, period).unwrap();
    assert!(
        (figures.month.unwrap() - expected).abs() <= 1e-6 * expected,
        "{figures:?} vs {expected}"
    );
    assert!(figures.month_yoy.is_some() && figures.ytd_yoy.is_some());
}

#[tokio::test]
async fn every_dimension_is_populated_and_named() {
    let demo = demo().await;
    let data = analytics::monitoring::load(&demo.store, "2026-10-31")
        .await
        .unwrap();
    let by_chain = data
        .monitor
        .rollup(&RollupSpec::by(&["chain"]).measures(&["output_value"]))
        .unwrap();
    assert_eq!(by_chain.groups(), 16);
    let steel = by_chain.find_group(&["SX-01"]).unwrap();
    assert_eq!(
        data.name_of("chain", by_chain.group_labels(steel)[0].as_str()),
        "特钢材料"
    );
    for dimension in [
        "node", "segment", "city", "county", "park", "town", "title", "size",
    ] {
        let rollup = data
            .monitor
            .rollup(&RollupSpec::by(&[dimension]).measures(&["output_value"]))
            .unwrap();
        assert!(
            rollup.groups() > 1,
            "{dimension} has {} groups",
            rollup.groups()
        );
        let label = rollup.group_labels(0)[0].clone();
        assert_ne!(data.name_of(dimension, &label), "", "{dimension} {label}");
    }
    assert_eq!(data.name_of("city", "140100"), "太原市");
    assert_eq!(data.name_of("segment", "upstream"), "上游");
    let cross = data
        .monitor
        .rollup(&RollupSpec::by(&["chain", "city"]).above_size_only())
        .unwrap();
    assert!(cross.groups() > 16);
    // Derived ratios are there because their inputs are.
    assert!(data.monitor.measure("profit_margin").is_ok());
    assert!(data.monitor.measure("energy_per_10k_output").is_ok());
}
