//! The NBS conventions pinned on small hand-made data.

use model::Period;
use proptest::prelude::*;

use super::*;
use crate::{Dimension, GrowthBasis, IndicatorInfo, contributions};

fn p(text: &str) -> Period {
    text.parse().unwrap()
}

fn labels(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

/// 2024–2025 axis; `rows[e]` lists (period, value) of enterprise e for one indicator.
fn panel(code: &str, rows: &[Vec<(&str, f64)>]) -> Panel {
    let axis = PeriodAxis::years(2024, 2025).unwrap();
    let mut panel = Panel::new(
        IndicatorInfo::flow(code, code, code, "10k yuan"),
        axis,
        rows.len(),
    );
    for (e, row) in rows.iter().enumerate() {
        for &(period, value) in row {
            let t = axis.index(p(period)).unwrap() as u32;
            panel.set(e as u32, t, value).unwrap();
        }
    }
    panel
}

/// Every period of `years` at `value`, except those listed in `skip`.
fn every_period(years: &[u16], value: f64, skip: &[&str]) -> Vec<(&'static str, f64)> {
    const PERIODS: [&str; 22] = [
        "2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-07", "2024-08", "2024-09",
        "2024-10", "2024-11", "2024-12", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06",
        "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12",
    ];
    PERIODS
        .iter()
        .filter(|s| years.iter().any(|y| s.starts_with(&y.to_string())) && !skip.contains(s))
        .map(|s| (*s, value))
        .collect()
}

fn monitor(frame: EnterpriseFrame, panels: Vec<Panel>) -> Monitor {
    Monitor::new(frame, panels, &[]).unwrap()
}

fn total(m: &Monitor, code: &str, period: &str) -> Figures {
    let rollup = m.rollup(&RollupSpec::by(&[])).unwrap();
    rollup.figures(code, 0, p(period)).unwrap()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() <= 1e-12 * b.abs().max(1.0))
}

#[test]
fn a_firm_that_joins_mid_year_does_not_inflate_growth() {
    // A grows 10 %; B opens in June 2025 with ten times A's output.
    let a: Vec<_> = every_period(&[2024], 100.0, &[])
        .into_iter()
        .chain(every_period(&[2025], 110.0, &[]))
        .collect();
    let b: Vec<_> = every_period(
        &[2025],
        1000.0,
        &["2025-02", "2025-03", "2025-04", "2025-05"],
    );
    let m = monitor(
        EnterpriseFrame::new(vec![true, true]),
        vec![panel("output", &[a, b])],
    );
    let june = total(&m, "output", "2025-06");
    assert_eq!(
        june.month,
        Some(1110.0),
        "the level counts everyone who reported"
    );
    assert!(close(june.month_yoy, 0.10), "{june:?}");
    assert_eq!((june.reporting, june.comparable), (2, 1));
    assert!(close(june.ytd_yoy, 0.10), "{june:?}");
    assert_eq!(june.ytd, Some(110.0 * 5.0 + 1000.0));
    // The month it joined, 环比 is A's alone: flat.
    assert!(close(june.mom, 0.0), "{june:?}");
}

#[test]
fn jan_feb_is_one_period() {
    // 1–2月 2025 = 240 against 200 a year earlier; March 130 against a two-month 1–2月.
    let a = vec![("2024-02", 200.0), ("2025-02", 240.0), ("2025-03", 130.0)];
    let m = monitor(
        EnterpriseFrame::new(vec![true]),
        vec![panel("output", &[a])],
    );
    let axis = m.axis();
    assert_eq!(
        axis.index(p("2025-03")).unwrap() - axis.index(p("2025-02")).unwrap(),
        1
    );
    assert!(
        Period::parse("2025-01").is_err(),
        "January has no period of its own"
    );
    let jf = total(&m, "output", "2025-02");
    assert!(close(jf.month_yoy, 0.2));
    assert_eq!(jf.ytd, Some(240.0), "累计 at 1–2月 is the period itself");
    assert!(close(jf.ytd_yoy, 0.2));
    let march = total(&m, "output", "2025-03");
    assert_eq!(march.ytd, Some(370.0));
    // 环比: March (130) against the monthly average of 1–2月 (120).
    assert!(close(march.mom, 130.0 / 120.0 - 1.0), "{march:?}");
    assert_eq!(march.month_yoy, None, "no March 2024");
}

#[test]
fn ytd_yoy_across_a_missing_month() {
    // Both firms grow 10 % in every month; B did not report April 2025.
    let a: Vec<_> = every_period(&[2024], 100.0, &[])
        .into_iter()
        .chain(every_period(&[2025], 110.0, &[]))
        .collect();
    let b: Vec<_> = every_period(&[2024], 50.0, &[])
        .into_iter()
        .chain(every_period(&[2025], 55.0, &["2025-04"]))
        .collect();
    let m = monitor(
        EnterpriseFrame::new(vec![true, true]),
        vec![panel("output", &[a, b])],
    );
    let may = total(&m, "output", "2025-05");
    // Matched by month: B's April 2024 leaves the base with its missing April 2025, so growth
    // stays 10 %; dividing the two Jan–May totals would have read (440+165)/(400+200) − 1 = 0.83 %.
    assert!(close(may.ytd_yoy, 0.10), "{may:?}");
    assert_eq!(
        may.ytd,
        Some(4.0 * 110.0 + 3.0 * 55.0),
        "the level is what was reported"
    );
    let april = total(&m, "output", "2025-04");
    assert!(close(april.month_yoy, 0.10));
    assert_eq!(april.comparable, 1);
    // 环比 in May: B has no April, so only A is compared.
    assert!(close(may.mom, 0.0));
}

/// Three enterprises in two cities of one chain, growing at different rates.
fn chain_and_cities() -> Monitor {
    let rows = vec![
        vec![("2024-05", 100.0), ("2025-05", 130.0)],
        vec![("2024-05", 200.0), ("2025-05", 180.0)],
        vec![("2024-05", 50.0), ("2025-05", 70.0), ("2025-04", 9.0)],
    ];
    let chain = Dimension::single(
        "chain",
        "产业链",
        "chain",
        labels(&["新能源汽车"]),
        &[0, 0, 0],
    )
    .unwrap();
    let city =
        Dimension::single("city", "市", "city", labels(&["太原", "大同"]), &[0, 0, 1]).unwrap();
    let enterprise = Dimension::identity(
        "enterprise",
        "企业",
        "enterprise",
        labels(&["甲", "乙", "丙"]),
    );
    let frame = EnterpriseFrame::new(vec![true, true, false])
        .with_dimension(chain)
        .unwrap()
        .with_dimension(city)
        .unwrap()
        .with_dimension(enterprise)
        .unwrap();
    monitor(frame, vec![panel("output", &rows)])
}

#[test]
fn contributions_add_up_to_the_parent_growth() {
    let m = chain_and_cities();
    let chain = m.rollup(&RollupSpec::by(&["chain"])).unwrap();
    let cities = m.rollup(&RollupSpec::by(&["chain", "city"])).unwrap();
    let tables =
        contributions(&chain, &cities, "output", p("2025-05"), GrowthBasis::Month).unwrap();
    assert_eq!(tables.len(), 1);
    let t = &tables[0];
    // (380 − 350) / 350
    assert!(close(t.parent_growth, 30.0 / 350.0));
    let taiyuan = &t.children[0];
    assert_eq!(taiyuan.child, labels(&["新能源汽车", "太原"]));
    assert!(close(taiyuan.pull_pp, 100.0 * 10.0 / 350.0));
    assert!(close(taiyuan.share_pct, 100.0 * 10.0 / 30.0));
    let pulls: f64 = t.children.iter().filter_map(|c| c.pull_pp).sum();
    let shares: f64 = t.children.iter().filter_map(|c| c.share_pct).sum();
    assert!(close(Some(pulls), 100.0 * 30.0 / 350.0));
    assert!(close(Some(shares), 100.0));
    assert!(t.residual_pp.unwrap().abs() < 1e-12);

    // Enterprises of each city, down to the firm.
    let firms = m
        .rollup(&RollupSpec::by(&["chain", "city", "enterprise"]))
        .unwrap();
    let tables = contributions(
        &cities,
        &firms,
        "output",
        p("2025-05"),
        GrowthBasis::YearToDate,
    )
    .unwrap();
    let taiyuan = &tables[0];
    assert_eq!(taiyuan.children.len(), 2);
    assert!(close(taiyuan.children[1].pull_pp, 100.0 * -20.0 / 300.0));
    assert!(taiyuan.residual_pp.unwrap().abs() < 1e-12);

    // Ratios are not additive.
    assert!(matches!(
        contributions(&cities, &firms, "nope", p("2025-05"), GrowthBasis::Month),
        Err(MonitorError::UnknownIndicator(_))
    ));
    assert!(matches!(
        contributions(&cities, &chain, "output", p("2025-05"), GrowthBasis::Month),
        Err(MonitorError::NotNested { .. })
    ));
}

#[test]
fn within_restricts_to_one_group_and_its_firms() {
    let m = chain_and_cities();
    let spec = RollupSpec::by(&["city", "enterprise"]).within("city", "太原");
    let firms = m.rollup(&spec).unwrap();
    assert_eq!(firms.groups(), 2);
    assert_eq!(firms.group_labels(1), ["太原", "乙"]);
    let city = m
        .rollup(&RollupSpec::by(&["city"]).within("city", "太原"))
        .unwrap();
    let t = &contributions(&city, &firms, "output", p("2025-05"), GrowthBasis::Month).unwrap()[0];
    assert!(close(t.children[0].share_pct, 100.0 * 30.0 / 10.0));
    assert!(matches!(
        m.rollup(&RollupSpec::by(&["city"]).within("city", "上海")),
        Err(MonitorError::UnknownLabel { .. })
    ));
}

#[test]
fn the_above_size_filter_drops_small_firms() {
    let m = chain_and_cities();
    let all = m.rollup(&RollupSpec::by(&["city"])).unwrap();
    let above = m
        .rollup(&RollupSpec::by(&["city"]).above_size_only())
        .unwrap();
    assert_eq!(all.groups(), 2);
    assert_eq!(
        above.groups(),
        1,
        "大同's only firm is below 20 million yuan"
    );
    let taiyuan = above.find_group(&["太原"]).unwrap();
    let f = above.figures("output", taiyuan, p("2025-05")).unwrap();
    assert_eq!(f.month, Some(310.0));
    assert_eq!(above.group_members(taiyuan), &[0, 1]);
}

#[test]
fn derived_ratios_are_ratios_of_sums() {
    // A: energy 1 on value added 100; B: energy 50 on value added 50; C reports energy only.
    let energy = panel(
        "energy",
        &[
            vec![("2024-03", 1.0), ("2025-03", 1.0)],
            vec![("2024-03", 50.0), ("2025-03", 40.0)],
            vec![("2025-03", 999.0)],
        ],
    );
    let va = panel(
        "value_added",
        &[
            vec![("2024-03", 100.0), ("2025-03", 100.0)],
            vec![("2024-03", 50.0), ("2025-03", 50.0)],
            vec![],
        ],
    );
    let derived = DerivedIndicator::parse_table(
        "code,name_zh,name_en,numerator,denominator,scale,unit\n\
         energy_per_10k_value_added,单位增加值能耗,energy per value added,energy,value_added,1,tce/10k yuan\n",
        "test",
    )
    .unwrap();
    let firms = Dimension::identity("enterprise", "企业", "enterprise", labels(&["A", "B", "C"]));
    let frame = EnterpriseFrame::new(vec![true; 3])
        .with_dimension(firms)
        .unwrap();
    let m = Monitor::new(frame, vec![energy, va], &derived).unwrap();
    let r = m.rollup(&RollupSpec::by(&[])).unwrap();
    let per_firm = m.rollup(&RollupSpec::by(&["enterprise"])).unwrap();
    let f = r
        .figures("energy_per_10k_value_added", 0, p("2025-03"))
        .unwrap();
    // Σ energy / Σ value added over firms that reported both: 41 / 150 (C is left out); the mean
    // of the firms' ratios would be (0.01 + 0.8) / 2.
    assert!(close(f.month, 41.0 / 150.0), "{f:?}");
    assert!(close(f.month_yoy, (41.0 / 150.0) / (51.0 / 150.0) - 1.0));
    assert_eq!(f.reporting, 2);
    assert!(matches!(
        contributions(
            &r,
            &per_firm,
            "energy_per_10k_value_added",
            p("2025-03"),
            GrowthBasis::Month
        ),
        Err(MonitorError::NotAdditive { .. })
    ));
    let missing = DerivedIndicator {
        numerator: "water".to_owned(),
        ..derived[0].clone()
    };
    assert!(matches!(
        Monitor::new(EnterpriseFrame::new(vec![true; 3]), m.panels().to_vec(), &[missing]),
        Err(MonitorError::UnknownIndicator(code)) if code == "water"
    ));
}

#[test]
fn stocks_have_no_year_to_date() {
    let mut employees = panel("employees", &[vec![("2024-05", 10.0), ("2025-05", 12.0)]]);
    employees = Panel::from_columns(
        IndicatorInfo {
            cumulative: false,
            ..employees.info().clone()
        },
        employees.axis(),
        1,
        &[0, 0],
        &[3, 14],
        &[10.0, 12.0],
    )
    .unwrap();
    let m = monitor(EnterpriseFrame::new(vec![true]), vec![employees]);
    let f = total(&m, "employees", "2025-05");
    assert_eq!(f.ytd, None);
    assert!(close(f.month_yoy, 0.2));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Cities partition a province: their pulls add up to its growth, their shares to 100 %.
    #[test]
    fn pulls_of_a_partition_add_up(
        firms in prop::collection::vec((0u32..4, prop::collection::vec(prop::option::of(1.0f64..1e6), 22)), 1..40)
    ) {
        let axis = PeriodAxis::years(2024, 2025).unwrap();
        let mut output = Panel::new(IndicatorInfo::flow("output", "产值", "output", "万元"), axis, firms.len());
        for (e, (_, row)) in firms.iter().enumerate() {
            for (t, v) in row.iter().enumerate() {
                if let Some(v) = v { output.set(e as u32, t as u32, *v).unwrap(); }
            }
        }
        let city_keys: Vec<u32> = firms.iter().map(|(c, _)| *c).collect();
        let city = Dimension::single("city", "市", "city", labels(&["a", "b", "c", "d"]), &city_keys).unwrap();
        let all = Dimension::single("province", "省", "province", labels(&["山西"]), &vec![0; firms.len()]).unwrap();
        let frame = EnterpriseFrame::new(vec![true; firms.len()]).with_dimension(all).unwrap().with_dimension(city).unwrap();
        let m = monitor(frame, vec![output]);
        let parent = m.rollup(&RollupSpec::by(&["province"])).unwrap();
        let child = m.rollup(&RollupSpec::by(&["province", "city"])).unwrap();
        for basis in [GrowthBasis::Month, GrowthBasis::YearToDate] {
            for period in ["2025-02", "2025-07", "2025-12"] {
                let t = &contributions(&parent, &child, "output", p(period), basis).unwrap()[0];
                if let Some(g) = t.parent_growth {
                    let pulls: f64 = t.children.iter().filter_map(|c| c.pull_pp).sum();
                    prop_assert!((pulls - 100.0 * g).abs() <= 1e-9 * (1.0 + (100.0 * g).abs()));
                    if g != 0.0 {
                        let shares: Vec<f64> = t.children.iter().filter_map(|c| c.share_pct).collect();
                        let scale: f64 = shares.iter().map(|s| s.abs()).sum();
                        prop_assert!((shares.iter().sum::<f64>() - 100.0).abs() <= 1e-9 * (1.0 + scale));
                    }
                }
            }
        }
    }
}

#[test]
fn a_restricted_monitor_counts_only_the_kept_enterprises() {
    let city = Dimension::single("city", "市", "city", labels(&["a", "b"]), &[0, 1, 0]).unwrap();
    let firms = Dimension::identity("enterprise", "企业", "enterprise", labels(&["x", "y", "z"]));
    let frame = EnterpriseFrame::new(vec![true, true, true])
        .with_dimension(city)
        .unwrap()
        .with_dimension(firms)
        .unwrap();
    let output = panel(
        "output_value",
        &[
            vec![("2024-03", 100.0), ("2025-03", 110.0)],
            vec![("2024-03", 50.0), ("2025-03", 40.0)],
            vec![("2024-03", 10.0), ("2025-03", 30.0)],
        ],
    );
    let whole = monitor(frame, vec![output]);
    let kept = whole.restrict(&[0, 2]).unwrap();
    let figures = total(&kept, "output_value", "2025-03");
    assert_eq!(figures.month, Some(140.0));
    assert_eq!(figures.reporting, 2);
    assert!(close(figures.month_yoy, 140.0 / 110.0 - 1.0));
    // Only city a has members left; the enterprise dimension is renumbered.
    let by_city = kept.rollup(&RollupSpec::by(&["city"])).unwrap();
    assert_eq!(by_city.groups(), 1);
    assert_eq!(by_city.group_labels(0), ["a".to_owned()]);
    let (_, firms) = kept.frame().dimension("enterprise").unwrap();
    assert_eq!(firms.labels(), ["x".to_owned(), "z".to_owned()]);
    assert!(whole.restrict(&[2, 0]).is_err());
    assert!(whole.restrict(&[3]).is_err());
    assert_eq!(kept.restrict(&[]).unwrap().frame().len(), 0);
}
