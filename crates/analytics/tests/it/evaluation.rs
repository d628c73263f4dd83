//! Every shipped framework on the small demo province: each runs, each unit is scored or
//! explicitly missing, grades are given, contributions add up as the engine promises, values
//! agree with the monitoring engine and the filed facts, stored runs reproduce bit for bit.

use analytics::AnalyticsError;
use analytics::evaluation::{
    self, EvaluationError, EvaluationReport, EvaluationRun, load, reproduce, run, shipped,
    store_run, stored_run,
};
use evaluate::{Analysis, Design, framework::defaults};
use model::Period;
use monitor::RollupSpec;

use crate::demo;

const YEAR: u16 = 2025;

/// Σ contributions = score − Σ ew·mean: exact for the arithmetic mean, whatever is missing
/// (evaluate::explain); with complete data Σ ew·mean is the mean score.
fn contributions_add_up(r: &EvaluationReport) {
    for u in &r.units {
        let Some(score) = u.score else { continue };
        let points: f64 = u.contributions.iter().map(|c| c.points).sum();
        let baseline: f64 = u
            .contributions
            .iter()
            .map(|c| {
                let mean = r.indicators.iter().find(|i| i.code == c.code).unwrap().mean;
                if c.effective_weight > 0.0 {
                    c.effective_weight * mean.unwrap()
                } else {
                    0.0
                }
            })
            .sum();
        assert!(
            (points - (score - baseline)).abs() < 1e-9,
            "{} {}: {points} vs {score} − {baseline}",
            r.framework_id,
            u.code
        );
        let weights: f64 = u.contributions.iter().map(|c| c.effective_weight).sum();
        assert!((weights - 1.0).abs() < 1e-12, "{}: {weights}", u.code);
    }
    let complete: Vec<f64> = r.units.iter().filter_map(|u| u.score).collect();
    if r.units.iter().all(|u| u.missing.is_empty()) {
        let mean = complete.iter().sum::<f64>() / complete.len() as f64;
        for u in &r.units {
            let points: f64 = u.contributions.iter().map(|c| c.points).sum();
            assert!((points - (u.score.unwrap() - mean)).abs() < 1e-9);
        }
    }
}

fn check(run: &EvaluationRun) {
    let fw = &run.input.framework;
    let r = &run.report;
    assert_eq!(r.units.len(), run.input.dataset.n_units(), "{}", fw.id);
    assert!(!r.units.is_empty());
    // The loader drops exactly what the framework marks as not in the store.
    let marked: Vec<&str> = fw
        .indicators
        .iter()
        .filter(|i| i.source.not_in_store.is_some())
        .map(|i| i.code.as_str())
        .collect();
    let dropped: Vec<&str> = run.input.dropped.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(dropped, marked, "{}: {:?}", fw.id, run.input.dropped);
    for d in &run.input.dropped {
        let column = run.input.dataset.indicator_index(&d.code).unwrap();
        assert!(run.input.dataset.column(column).iter().all(|v| v.is_nan()));
        assert!(run.effective.indicators.iter().all(|i| i.code != d.code));
    }
    let used = run.effective.indicators.len();
    for (k, u) in r.units.iter().enumerate() {
        match u.score {
            Some(score) => {
                assert!(score.is_finite() && u.rank.is_some());
                assert!(u.missing.len() < used, "{}: scored without data", u.code);
                if fw.grades.is_some() {
                    assert!(
                        u.grade.is_some() && u.grade_en.is_some(),
                        "{}: no grade",
                        u.code
                    );
                }
                assert_eq!(u.contributions.len(), used);
                assert!(
                    u.contributions
                        .windows(2)
                        .all(|w| w[0].points >= w[1].points)
                );
                if k > 0 {
                    assert!(r.units[k - 1].rank.unwrap() <= u.rank.unwrap());
                }
            }
            // Explicitly missing: no value for any indicator of the run.
            None => assert_eq!(u.missing.len(), used, "{} unscored", u.code),
        }
    }
    assert_eq!(r.units[0].rank, Some(1.0));
    if let Some(g) = &fw.grades {
        let graded: usize = r.grades.iter().map(|c| c.units).sum();
        assert_eq!(graded + r.unscored, r.units.len());
        assert_eq!(r.grades.len(), g.bands.len());
    } else {
        assert!(r.grades.is_empty());
    }
    contributions_add_up(r);
}

#[tokio::test]
async fn every_shipped_framework_runs_on_the_demo_and_explains_itself() {
    let demo = demo().await;
    let store = &demo.store;
    let data = analytics::monitoring::load(store, "2025-12-31")
        .await
        .unwrap();
    for fw in defaults().unwrap() {
        let input = load(store, &fw, YEAR).await.unwrap();
        assert_eq!(
            input.periods,
            (
                Period::parse("2025-02").unwrap(),
                Period::parse("2025-12").unwrap()
            )
        );
        let run = run(input, None).unwrap();
        check(&run);
        let r = &run.report;
        let units = r.units.len();
        match fw.id.as_str() {
            "key-chain-development" => {
                assert_eq!(units, 16);
                assert_eq!(r.unscored, 0);
                // The chain's output is the monitoring engine's annual sum, in 100 million yuan,
                // and its growth the engine's 累计同比.
                let rollup = data
                    .monitor
                    .rollup(&RollupSpec::by(&["chain"]).measures(&["output_value"]))
                    .unwrap();
                let g = rollup.find_group(&["SX-01"]).unwrap();
                let december = rollup
                    .figures("output_value", g, Period::parse("2025-12").unwrap())
                    .unwrap();
                let ds = &run.input.dataset;
                let u = ds.units().iter().position(|c| c == "SX-01").unwrap();
                let value = |code: &str| ds.column(ds.indicator_index(code).unwrap())[u];
                let expected = december.ytd.unwrap() * 1e-8;
                assert!((value("output_value") - expected).abs() <= 1e-12 * expected);
                assert!((value("output_growth") - december.ytd_yoy.unwrap() * 100.0).abs() < 1e-9);
                // Shares are shares.
                for code in ["node_coverage", "local_supply_share", "top5_concentration"] {
                    let v = value(code);
                    assert!((0.0..=100.0).contains(&v), "{code} = {v}");
                }
                assert_eq!(
                    r.units.iter().find(|u| u.code == "SX-01").unwrap().name,
                    "特钢材料"
                );
            }
            "city-annual-assessment" => {
                // Shanxi's eleven cities.
                assert_eq!(units, 11);
                assert!(r.units.iter().any(|u| u.name == "太原市"));
            }
            "chain-master-annual" => {
                let masters: std::collections::HashSet<i64> = store
                    .title_rows()
                    .await
                    .unwrap()
                    .iter()
                    .filter(|t| t.title == "chain_master")
                    .map(|t| t.enterprise_id)
                    .collect();
                assert_eq!(units, masters.len());
                assert!(
                    run.effective.aggregates.iter().all(|a| a.code != "duties"),
                    "the duties dimension has no data and leaves the run"
                );
            }
            "professional-town-dynamic" => {
                assert_eq!(units, store.list_towns().await.unwrap().len());
            }
            "per-mu-benefit" => {
                // Local firms only. Those without tax per mu (no land area filed) are listed,
                // not classed; those missing another figure are scored on what they have.
                assert!(units > 1000 && units < demo.province.population.enterprises.len());
                assert!(!r.not_evaluated.is_empty());
                assert!(r.not_evaluated.iter().all(|n| n.lacks == ["tax_per_mu"]));
                assert!(
                    r.units
                        .iter()
                        .all(|u| !u.missing.contains(&"tax_per_mu".to_owned()))
                );
                assert!(r.units.iter().any(|u| !u.missing.is_empty()));
                assert_eq!(r.unscored, 0);
                // A firm's tax per mu: its annual tax over its filed land area, 10k yuan per mu.
                let ds = &run.input.dataset;
                let j = ds.indicator_index("tax_per_mu").unwrap();
                let (u, value) = ds
                    .column(j)
                    .iter()
                    .enumerate()
                    .find(|(_, v)| v.is_finite())
                    .unwrap();
                let uscc = &ds.units()[u];
                let e = data.enterprise_index(uscc).unwrap();
                let tax = data.monitor.measure("tax").unwrap();
                let series = data.monitor.enterprise_series(tax, e).unwrap();
                let december = series
                    .iter()
                    .find(|f| f.period == Period::parse("2025-12").unwrap())
                    .unwrap();
                let id = data.enterprises[e].id;
                let land: f64 = store
                    .enterprise_facts(id)
                    .await
                    .unwrap()
                    .into_iter()
                    .find(|(name, _)| name == "land_area_mu")
                    .unwrap()
                    .1
                    .parse()
                    .unwrap();
                let expected = december.ytd.unwrap() / land * 1e-4;
                assert!(
                    (value - expected).abs() <= 1e-12 * expected,
                    "{value} vs {expected}"
                );
                // Classes by rank share: A is the top 20 % of scored firms (ties share A).
                let scored = units - r.unscored;
                let a = r.grades[0].units;
                assert!(a >= scored / 5 && a <= scored / 5 + 2, "{a} of {scored}");
            }
            other => panic!("unexpected framework {other}"),
        }
    }
}

#[tokio::test]
async fn a_stored_run_reproduces_after_later_imports() {
    let demo = demo().await;
    let store = &demo.store;
    let fw = shipped("per-mu-benefit").unwrap();
    let first = run(load(store, &fw, YEAR).await.unwrap(), None).unwrap();
    let id = store_run(store, &first, Some("分析员"), "2026-11-02T08:00:00Z")
        .await
        .unwrap();
    let stored = stored_run(store, id).await.unwrap();
    assert_eq!(stored.report, first.report);
    assert_eq!(stored.record, first.evaluation.record);
    assert_eq!(stored.framework, first.effective);
    assert_eq!(stored.actor.as_deref(), Some("分析员"));
    assert!(!stored.parameters.methods_overridden);
    assert!(reproduce(&stored).unwrap().identical);

    // A later import changes what a fresh load sees, not the stored run.
    let uscc = first.input.dataset.units()[0].parse().unwrap();
    let mut tx = store.begin().await.unwrap();
    store
        .upsert_facts(
            &mut tx,
            &[store::Fact {
                uscc,
                fact: "land_area_mu".into(),
                value: "1.5".into(),
                source: None,
            }],
            None,
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let fresh = run(load(store, &fw, YEAR).await.unwrap(), None).unwrap();
    assert_ne!(
        fresh.evaluation.record.input_digest,
        first.evaluation.record.input_digest
    );
    let again = reproduce(&stored_run(store, id).await.unwrap()).unwrap();
    assert!(again.identical && again.input_matches);

    let runs = store.list_evaluation_runs(None).await.unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].units as usize, first.input.dataset.n_units());
    assert!(matches!(
        stored_run(store, id + 1).await,
        Err(AnalyticsError::Evaluation(EvaluationError::RunNotFound(_)))
    ));
}

#[tokio::test]
async fn missing_data_is_reported_never_invented() {
    let demo = demo().await;
    let store = &demo.store;
    // Supply links are for 2025 only: in 2024 the chain-master's supply indicators are missing.
    let masters = shipped("chain-master-annual").unwrap();
    let input = load(store, &masters, 2024).await.unwrap();
    let dropped: Vec<(&str, &str)> = input
        .dropped
        .iter()
        .map(|d| (d.code.as_str(), d.reason.as_str()))
        .collect();
    for code in [
        "local_partner_firms",
        "local_procurement_share",
        "chain_cores_supported",
    ] {
        let (_, reason) = dropped.iter().find(|(c, _)| *c == code).unwrap();
        assert!(reason.contains("no supply links for 2024"), "{reason}");
    }
    assert!(run(input, None).is_ok());

    // 2023 starts in November on the demo's axis: not a year that can be evaluated.
    let err = load(store, &masters, 2023).await.unwrap_err();
    assert!(matches!(
        err,
        AnalyticsError::Evaluation(EvaluationError::YearNotCovered { year: 2023, .. })
    ));

    // A user's framework naming things the store does not hold: reported, with the reason.
    let text = evaluate::framework::DEFAULTS[4].1.replace(
        "indicator = \"rd_expenditure\"",
        "indicator = \"patents.granted\"",
    );
    let mut own = evaluate::Framework::from_toml(&text).unwrap();
    own.id = "own-per-mu".into();
    let input = load(store, &own, YEAR).await.unwrap();
    assert_eq!(input.dropped.len(), 1);
    assert_eq!(input.dropped[0].code, "rd_intensity");
    assert!(input.dropped[0].reason.contains("`patents.granted`"));
    let run = run(input, None).unwrap();
    let rd = run
        .report
        .indicators
        .iter()
        .find(|i| i.code == "rd_intensity")
        .unwrap();
    assert!(rd.dropped.is_some() && rd.mean.is_none());
    let table = evaluation::tables::indicator_table(&run.report, false);
    assert!(
        table
            .to_text(false)
            .contains("dropped: the store holds nothing named `patents.granted`")
    );

    // Every indicator missing: nothing to score, said plainly.
    let mut none = own.clone();
    for i in &mut none.indicators {
        i.source.not_in_store = Some("not yet".into());
    }
    let err = run_err(store, &none).await;
    assert!(
        err.contains("no indicator of own-per-mu has data for 2025"),
        "{err}"
    );
}

async fn run_err(store: &store::Store, fw: &evaluate::Framework) -> String {
    let input = load(store, fw, YEAR).await.unwrap();
    run(input, None).unwrap_err().to_string()
}

#[tokio::test]
async fn sensitivity_gives_rank_intervals_around_the_nominal_ranks() {
    let demo = demo().await;
    let fw = shipped("key-chain-development").unwrap();
    let done = run(load(&demo.store, &fw, YEAR).await.unwrap(), None).unwrap();
    let analysis = Analysis {
        design: Design::Sensitivity,
        n: 16,
        seed: 5,
        target: None,
        assumptions: vec![
            "weights=meta|equal".parse().unwrap(),
            "normalise=minmax:0,100|zscore".parse().unwrap(),
        ],
    };
    let report = evaluation::sensitivity(
        &done.effective.hierarchy().unwrap(),
        &done.input.dataset,
        &done.input.names,
        &done.methods,
        &analysis,
        &|| {},
    )
    .unwrap();
    assert_eq!(report.runs, 16 * 4);
    assert_eq!(report.failures, 0);
    assert_eq!(report.indices.len(), 2);
    assert_eq!(report.ranks.len(), 16);
    for r in &report.ranks {
        let nominal = done
            .report
            .units
            .iter()
            .find(|u| u.code == r.code)
            .unwrap()
            .rank;
        assert_eq!(r.nominal, nominal);
        let (lo, mid, hi) = (r.q05.unwrap(), r.median.unwrap(), r.q95.unwrap());
        assert!(lo <= mid && mid <= hi && lo >= 1.0 && hi <= 16.0, "{r:?}");
    }
    let table = evaluation::tables::rank_interval_table(&report);
    assert_eq!(table.rows.len(), 16);
}
