//! The edges of every condition and pass rule: just below, at and just above each threshold the
//! reference states (amounts in whole yuan, dates by the day).

use model::TitleKind;
use rules::{ClusterKind, EnterpriseFacts, HeldTitle, ProductField, RdInstitution, Tri};

use crate::common::*;

/// The outcome of requirement `id` for each case.
fn pin_requirement<T: Copy + std::fmt::Debug>(
    title: TitleKind,
    on: &str,
    region: Option<&str>,
    id: &str,
    cases: &[(T, Tri)],
    set: impl Fn(&mut EnterpriseFacts, T),
) {
    for (value, expected) in cases {
        let mut facts = sme("edge");
        set(&mut facts, *value);
        let evaluation = match region {
            Some(region) => evaluate_in(region, title, on, &facts),
            None => evaluate(title, on, &facts),
        };
        assert_eq!(
            requirement(&evaluation, id),
            *expected,
            "{title} requirement {id} at {value:?}"
        );
    }
}

use Tri::{No, Yes};

// ------------------------------------------------------------------ 创新型中小企业 2022 pass rule

/// Sets the six indicators to give `(innovation, growth, specialisation)` group points, each
/// indicator well inside a band.
fn innovative_groups(facts: &mut EnterpriseFacts, (innovation, growth, special): (u8, u8, u8)) {
    // 创新能力 = IP + R&D intensity (of 1亿 revenue).
    let (ip, rd) = match innovation {
        15 => ((0, 0, 0, 1), 2_500_000.0), // 5 + 10
        20 => ((0, 0, 1, 0), 2_500_000.0), // 10 + 10
        25 => ((0, 1, 1, 0), 2_500_000.0), // 15 + 10
        40 => ((1, 1, 1, 0), 6_000_000.0), // 20 + 20
        other => panic!("no recipe for innovation {other}"),
    };
    // 成长性 = main-business growth + asset-liability ratio.
    let (growth_rate, debt_ratio) = match growth {
        10 => (0.02, 0.6), // 5 + 5
        15 => (0.07, 0.6), // 10 + 5
        20 => (0.07, 0.5), // 10 + 10
        30 => (0.20, 0.5), // 20 + 10
        other => panic!("no recipe for growth {other}"),
    };
    // 专业化 = field + main-business share.
    let (emerging, share) = match special {
        10 => (false, 0.52), // 5 + 5
        15 => (false, 0.57), // 5 + 10
        20 => (false, 0.65), // 5 + 15
        25 => (false, 0.80), // 5 + 20
        30 => (true, 0.80),  // 10 + 20
        other => panic!("no recipe for specialisation {other}"),
    };
    let main_2024 = 100_000_000.0 * share;
    let y = facts.year_mut(2024);
    y.revenue = Some(100_000_000.0);
    y.rd_expense = Some(rd);
    y.main_business_revenue = Some(main_2024);
    y.total_assets = Some(100_000_000.0);
    y.total_liabilities = Some(100_000_000.0 * debt_ratio);
    facts.year_mut(2023).main_business_revenue = Some(main_2024 / (1.0 + growth_rate));
    facts.strategic_emerging = Some(emerging);
    set_ip(facts, ip);
}

#[test]
fn innovative_pass_rule_edges() {
    let cases = [
        // total 55 / 60 / 65, every group at or above its minimum
        ((20, 20, 15), No),
        ((20, 20, 20), Yes),
        ((20, 20, 25), Yes),
        // 创新能力 15 / 20 / 25 against its minimum 20 (totals 75 / 70 / 75 pass)
        ((15, 30, 30), No),
        ((20, 30, 20), Yes),
        ((25, 30, 20), Yes),
        // 成长性 10 / 15 against 15
        ((40, 10, 30), No),
        ((40, 15, 30), Yes),
        ((40, 20, 30), Yes),
        // 专业化 10 / 15 against 15
        ((40, 30, 10), No),
        ((40, 30, 15), Yes),
        ((40, 30, 20), Yes),
    ];
    for (groups, expected) in cases {
        let mut facts = sme("pass");
        innovative_groups(&mut facts, groups);
        let evaluation = evaluate(TitleKind::InnovativeSme, UNDER_2022, &facts);
        let score = evaluation.score.as_ref().unwrap();
        assert_eq!(
            group(&evaluation, "innovation").value(),
            Some(f64::from(groups.0))
        );
        assert_eq!(
            group(&evaluation, "growth").value(),
            Some(f64::from(groups.1))
        );
        assert_eq!(
            group(&evaluation, "specialisation").value(),
            Some(f64::from(groups.2))
        );
        assert_eq!(score.outcome, expected, "groups {groups:?}");
    }
}

// ------------------------------------------------------------------ 专精特新中小企业 2022

#[test]
fn specialised_2022_conditions() {
    let title = TitleKind::SpecialisedSme;
    pin_requirement(
        title,
        UNDER_2022,
        None,
        "niche",
        &[("2023-01-02", No), ("2023-01-01", Yes), ("2022-12-31", Yes)],
        |facts, since| facts.niche_since = Some(date(since)),
    );
    // The amount edge at 10 % intensity, then the share edge at 1亿 of revenue.
    pin_requirement(
        title,
        UNDER_2022,
        None,
        "rd",
        &[
            ((10_000_000.0, 999_999.0), No),
            ((10_000_000.0, 1_000_000.0), Yes),
            ((10_000_000.0, 1_000_001.0), Yes),
            ((100_000_000.0, 2_999_999.0), No),
            ((100_000_000.0, 3_000_000.0), Yes),
            ((100_000_000.0, 3_000_001.0), Yes),
        ],
        |facts, (revenue, rd)| {
            facts.year_mut(2024).revenue = Some(revenue);
            facts.year_mut(2024).rd_expense = Some(rd);
        },
    );
    // Revenue 1000万, or equity of 2000万 over 2024 and 2023.
    pin_requirement(
        title,
        UNDER_2022,
        None,
        "revenue",
        &[
            ((9_999_999.0, 0.0), No),
            ((10_000_000.0, 0.0), Yes),
            ((10_000_001.0, 0.0), Yes),
            ((5_000_000.0, 19_999_999.0), No),
            ((5_000_000.0, 20_000_000.0), Yes),
            ((5_000_000.0, 20_000_001.0), Yes),
        ],
        |facts, (revenue, equity)| {
            facts.year_mut(2024).revenue = Some(revenue);
            facts.year_mut(2024).equity_raised = Some(equity / 2.0);
            facts.year_mut(2023).equity_raised = Some(equity / 2.0);
        },
    );
}

/// 50 points from 专业化 and 精细化, none from 创新能力; the province's points decide the pass mark.
#[test]
fn specialised_2022_pass_mark() {
    for (provincial, expected) in [(9.999, No), (10.0, Yes), (10.001, Yes)] {
        let mut facts = sme("pass");
        facts.niche_since = Some(date("2010-01-01"));
        let y = facts.year_mut(2024);
        y.revenue = Some(100_000_000.0);
        y.main_business_revenue = Some(90_000_000.0);
        y.net_profit = Some(12_000_000.0);
        y.total_assets = Some(100_000_000.0);
        y.total_liabilities = Some(40_000_000.0);
        y.rd_expense = Some(0.0);
        y.employees = Some(100);
        y.rd_staff = Some(0);
        facts.year_mut(2022).main_business_revenue = Some(60_000_000.0);
        facts.product_field = Some(ProductField::GapFilling);
        facts.digital_level = Some(3);
        facts.quality_award = Some(true);
        facts.management_certification = Some(true);
        facts.own_brand = Some(false);
        facts.standard_setting = Some(false);
        facts.ip = rules::IpCounts {
            class1_high_value: Some(0),
            class1_self_developed: Some(0),
            class1: Some(0),
            class1_in_use: Some(0),
            class2: Some(0),
        };
        facts.rd_institution = Some(RdInstitution::NotEstablished);
        facts.provincial_score = Some(provincial);
        let evaluation = evaluate(TitleKind::SpecialisedSme, UNDER_2022, &facts);
        let score = evaluation.score.as_ref().unwrap();
        assert_eq!(score.total.value(), Some(50.0 + provincial));
        assert_eq!(score.outcome, expected, "provincial {provincial}");
    }
}

// ------------------------------------------------------------------ 小巨人 2022

#[test]
fn little_giant_2022_single_thresholds() {
    let title = TitleKind::LittleGiant;
    pin_requirement(
        title,
        UNDER_2022,
        None,
        "niche",
        &[("2022-01-02", No), ("2022-01-01", Yes), ("2021-12-31", Yes)],
        |facts, since| facts.niche_since = Some(date(since)),
    );
    pin_requirement(
        title,
        UNDER_2022,
        None,
        "main_business_share",
        &[(69_999_999.0, No), (70_000_000.0, Yes), (70_000_001.0, Yes)],
        |facts, main| {
            facts.year_mut(2024).revenue = Some(100_000_000.0);
            facts.year_mut(2024).main_business_revenue = Some(main);
        },
    );
    // 5 % a year over two years from 1亿: 1.1025亿.
    pin_requirement(
        title,
        UNDER_2022,
        None,
        "main_business_growth",
        &[
            (110_249_999.0, No),
            (110_250_000.0, Yes),
            (110_250_001.0, Yes),
        ],
        |facts, now| {
            facts.year_mut(2022).main_business_revenue = Some(100_000_000.0);
            facts.year_mut(2024).main_business_revenue = Some(now);
        },
    );
    pin_requirement(
        title,
        UNDER_2022,
        None,
        "asset_liability",
        &[(69_999_999.0, Yes), (70_000_000.0, Yes), (70_000_001.0, No)],
        |facts, liabilities| {
            facts.year_mut(2024).total_assets = Some(100_000_000.0);
            facts.year_mut(2024).total_liabilities = Some(liabilities);
        },
    );
    pin_requirement(
        title,
        UNDER_2022,
        None,
        "market_share",
        &[(0.0999, No), (0.10, Yes), (0.1001, Yes)],
        |facts, share| facts.national_market_share = Some(share),
    );
    pin_requirement(
        title,
        UNDER_2022,
        None,
        "ip",
        &[(1, No), (2, Yes), (3, Yes)],
        |facts, count| facts.ip.class1 = Some(count),
    );
    pin_requirement(
        title,
        UNDER_2022,
        None,
        "rd_institution",
        &[
            (RdInstitution::NotEstablished, No),
            (RdInstitution::BelowCity, Yes),
            (RdInstitution::National, Yes),
        ],
        |facts, level| facts.rd_institution = Some(level),
    );
    pin_requirement(
        title,
        UNDER_2022,
        None,
        "certification",
        &[
            ((false, false), No),
            ((true, false), Yes),
            ((false, true), Yes),
        ],
        |facts, (management, foreign)| {
            facts.management_certification = Some(management);
            facts.foreign_product_certification = Some(foreign);
        },
    );
}

/// `(revenue 2024, R&D share 2024 and 2023, equity over 2 years, R&D total, R&D staff share)`.
type Bracket = (f64, f64, f64, f64, f64);

fn bracket(facts: &mut EnterpriseFacts, (revenue, share, equity, rd_total, staff): Bracket) {
    for year in [2023, 2024] {
        let y = facts.year_mut(year);
        y.revenue = Some(revenue);
        y.rd_expense = Some(revenue * share);
        y.equity_raised = Some(equity / 2.0);
    }
    // The third bracket reads the two-year R&D total: put what is not already spent in 2023.
    let spent = revenue * share * 2.0;
    if rd_total > spent {
        facts.year_mut(2023).rd_expense = Some(rd_total - revenue * share);
    }
    facts.year_mut(2024).employees = Some(10_000);
    facts.year_mut(2024).rd_staff = Some((staff * 10_000.0) as u32);
}

#[test]
fn little_giant_2022_rd_brackets() {
    let none = (0.0, 0.0, 0.0);
    let c_met = (80_000_000.0, 30_000_000.0, 0.5);
    let case = |revenue, share, (equity, rd_total, staff): (f64, f64, f64)| {
        (revenue, share, equity, rd_total, staff)
    };
    pin_requirement(
        TitleKind::LittleGiant,
        UNDER_2022,
        None,
        "rd_by_revenue",
        &[
            // ≥ 1亿: 3 % each year.
            (case(100_000_000.0, 0.03, none), Yes),
            (case(100_000_000.0, 0.0299, none), No),
            (case(100_000_001.0, 0.03, none), Yes),
            // Just below 1亿 the 6 % bracket applies.
            (case(99_999_999.0, 0.03, none), No),
            (case(99_999_999.0, 0.06, none), Yes),
            // 5000万–1亿: 6 %.
            (case(50_000_000.0, 0.06, none), Yes),
            (case(50_000_000.0, 0.0599, none), No),
            // Exactly 5000万 is also "5000万元以下": the third bracket may carry it.
            (case(50_000_000.0, 0.0599, c_met), Yes),
            (case(50_000_001.0, 0.0599, c_met), No),
            (case(49_999_999.0, 0.06, none), No),
            // < 5000万: 8000万 equity, 3000万 R&D over 2 years, 50 % R&D staff.
            (case(40_000_000.0, 0.01, c_met), Yes),
            (
                case(40_000_000.0, 0.01, (79_999_999.0, 30_000_000.0, 0.5)),
                No,
            ),
            (
                case(40_000_000.0, 0.01, (80_000_000.0, 29_999_999.0, 0.5)),
                No,
            ),
            (
                case(40_000_000.0, 0.01, (80_000_000.0, 30_000_000.0, 0.4999)),
                No,
            ),
        ],
        bracket,
    );
}

// ------------------------------------------------------------------ 2026 revision (unverified)

#[test]
fn specialised_2026_conditions() {
    let title = TitleKind::SpecialisedSme;
    pin_requirement(
        title,
        UNDER_2026,
        None,
        "revenue",
        &[(14_999_999.0, No), (15_000_000.0, Yes), (15_000_001.0, Yes)],
        |facts, revenue| {
            facts.year_mut(2025).revenue = Some(revenue);
            facts.year_mut(2025).equity_raised = Some(0.0);
            facts.year_mut(2024).equity_raised = Some(0.0);
        },
    );
    pin_requirement(
        title,
        UNDER_2026,
        None,
        "main_business_share",
        &[(79_999_999.0, No), (80_000_000.0, Yes), (80_000_001.0, Yes)],
        |facts, main| {
            facts.year_mut(2025).revenue = Some(100_000_000.0);
            facts.year_mut(2025).main_business_revenue = Some(main);
        },
    );
    pin_requirement(
        title,
        UNDER_2026,
        None,
        "asset_liability",
        &[(79_999_999.0, Yes), (80_000_000.0, Yes), (80_000_001.0, No)],
        |facts, liabilities| {
            facts.year_mut(2025).total_assets = Some(100_000_000.0);
            facts.year_mut(2025).total_liabilities = Some(liabilities);
        },
    );
    // Each of 2024 and 2025: ≥ 100万 and ≥ 3 %; the weaker year decides.
    pin_requirement(
        title,
        UNDER_2026,
        None,
        "rd",
        &[
            ((1_000_000.0, 999_999.0), No),
            ((1_000_000.0, 1_000_000.0), Yes),
            ((1_000_000.0, 1_000_001.0), Yes),
        ],
        |facts, (rd_2025, rd_2024)| {
            for (year, rd) in [(2025, rd_2025), (2024, rd_2024)] {
                facts.year_mut(year).revenue = Some(20_000_000.0);
                facts.year_mut(year).rd_expense = Some(rd);
            }
        },
    );
    pin_requirement(
        title,
        UNDER_2026,
        None,
        "rd",
        &[(2_999_999.0, No), (3_000_000.0, Yes), (3_000_001.0, Yes)],
        |facts, rd_2024| {
            for (year, rd) in [(2025, 5_000_000.0), (2024, rd_2024)] {
                facts.year_mut(year).revenue = Some(100_000_000.0);
                facts.year_mut(year).rd_expense = Some(rd);
            }
        },
    );
    pin_requirement(
        title,
        UNDER_2026,
        None,
        "ip",
        &[(0, No), (1, Yes), (2, Yes)],
        |facts, count| facts.ip.class1_in_use = Some(count),
    );
    pin_requirement(
        title,
        UNDER_2026,
        None,
        "score",
        &[(49.9, No), (50.0, Yes), (50.1, Yes)],
        |facts, score| {
            facts
                .assessed_scores
                .insert("specialised_sme".to_owned(), score);
        },
    );
    pin_requirement(
        title,
        UNDER_2026,
        None,
        "niche",
        &[("2023-01-02", No), ("2023-01-01", Yes)],
        |facts, since| facts.niche_since = Some(date(since)),
    );
    // The tier title must be valid on the day: granted 2023-06-01, it lapses after 2026-05-31.
    pin_requirement(
        title,
        UNDER_2026,
        None,
        "tier",
        &[("2023-06-01", No), ("2023-06-02", Yes), ("2025-01-01", Yes)],
        |facts, granted| {
            facts.titles = Some(vec![HeldTitle {
                title: TitleKind::InnovativeSme,
                granted: date(granted),
                valid_until: None,
                rule_set: None,
            }]);
        },
    );
}

#[test]
fn little_giant_2026_conditions() {
    let title = TitleKind::LittleGiant;
    pin_requirement(
        title,
        UNDER_2026,
        None,
        "revenue",
        &[(49_999_999.0, No), (50_000_000.0, Yes), (50_000_001.0, Yes)],
        |facts, revenue| facts.year_mut(2025).revenue = Some(revenue),
    );
    pin_requirement(
        title,
        UNDER_2026,
        None,
        "main_business_share",
        &[(89_999_999.0, No), (90_000_000.0, Yes), (90_000_001.0, Yes)],
        |facts, main| {
            facts.year_mut(2025).revenue = Some(100_000_000.0);
            facts.year_mut(2025).main_business_revenue = Some(main);
        },
    );
    pin_requirement(
        title,
        UNDER_2026,
        None,
        "rd",
        &[(11_999_999.0, No), (12_000_000.0, Yes), (12_000_001.0, Yes)],
        |facts, total| {
            facts.year_mut(2025).rd_expense = Some(6_000_000.0);
            facts.year_mut(2024).rd_expense = Some(total - 6_000_000.0);
        },
    );
    pin_requirement(
        title,
        UNDER_2026,
        None,
        "ip",
        &[(3, No), (4, Yes), (5, Yes)],
        |facts, count| facts.ip.class1 = Some(count),
    );
    pin_requirement(
        title,
        UNDER_2026,
        None,
        "score",
        &[(59.9, No), (60.0, Yes), (60.1, Yes)],
        |facts, score| {
            facts
                .assessed_scores
                .insert("little_giant".to_owned(), score);
        },
    );
}

// ------------------------------------------------------------------ 单项冠军

#[test]
fn single_champion_2016_conditions() {
    let title = TitleKind::SingleChampion;
    let on = "2020-06-01";
    pin_requirement(
        title,
        on,
        None,
        "niche_product_share",
        &[(69_999_999.0, No), (70_000_000.0, Yes), (70_000_001.0, Yes)],
        |facts, niche| {
            facts.year_mut(2019).revenue = Some(100_000_000.0);
            facts.year_mut(2019).niche_product_revenue = Some(niche);
        },
    );
    pin_requirement(
        title,
        on,
        None,
        "global_rank",
        &[(2, Yes), (3, Yes), (4, No)],
        |facts, rank| facts.global_market_rank = Some(rank),
    );
    // 10 years to the end of 2019, or 3 for a new product.
    pin_requirement(
        title,
        on,
        None,
        "years_in_field",
        &[
            (("2010-01-02", false), No),
            (("2010-01-01", false), Yes),
            (("2009-12-31", false), Yes),
            (("2017-01-02", true), No),
            (("2017-01-01", true), Yes),
            (("2017-01-01", false), No),
        ],
        |facts, (since, new_product)| {
            facts.niche_since = Some(date(since));
            facts.new_product = Some(new_product);
        },
    );
    // Strictly above the industry's 6 % margin.
    pin_requirement(
        title,
        on,
        None,
        "profitability",
        &[(5_999_999.0, No), (6_000_000.0, No), (6_000_001.0, Yes)],
        |facts, profit| {
            facts.year_mut(2019).revenue = Some(100_000_000.0);
            facts.year_mut(2019).net_profit = Some(profit);
            facts.industry_profit_margin = Some(0.06);
        },
    );
}

#[test]
fn single_champion_2023_conditions() {
    let title = TitleKind::SingleChampion;
    let main_business = |facts: &mut EnterpriseFacts, average: f64| {
        for year in [2022, 2023, 2024] {
            facts.year_mut(year).main_business_revenue = Some(average);
        }
    };
    pin_requirement(
        title,
        UNDER_2022,
        None,
        "main_business",
        &[
            (399_999_999.0, No),
            (400_000_000.0, Yes),
            (400_000_001.0, Yes),
        ],
        |facts, average| {
            facts.titles = Some(Vec::new());
            main_business(facts, average);
        },
    );
    pin_requirement(
        title,
        UNDER_2022,
        None,
        "main_business",
        &[
            (199_999_999.0, No),
            (200_000_000.0, Yes),
            (200_000_001.0, Yes),
        ],
        |facts, average| {
            facts.titles = Some(vec![HeldTitle {
                title: TitleKind::LittleGiant,
                granted: date("2024-07-01"),
                valid_until: None,
                rule_set: None,
            }]);
            main_business(facts, average);
        },
    );
    pin_requirement(
        title,
        UNDER_2022,
        None,
        "niche",
        &[("2015-01-02", No), ("2015-01-01", Yes)],
        |facts, since| facts.niche_since = Some(date(since)),
    );
    pin_requirement(
        title,
        UNDER_2022,
        None,
        "global_rank",
        &[(3, Yes), (4, No)],
        |facts, rank| facts.global_market_rank = Some(rank),
    );
}

// ------------------------------------------------------------------ 链主 / 链核

#[test]
fn chain_master_thresholds() {
    pin_requirement(
        TitleKind::ChainMaster,
        UNDER_2022,
        Some("14"),
        "partners",
        &[(14, No), (15, Yes), (16, Yes)],
        |facts, partners| facts.partner_firms = Some(partners),
    );
    pin_requirement(
        TitleKind::ChainMaster,
        UNDER_2022,
        Some("44"),
        "revenue",
        &[
            ((ClusterKind::Emerging, 999_999_999.0), No),
            ((ClusterKind::Emerging, 1_000_000_000.0), Yes),
            ((ClusterKind::Emerging, 1_000_000_001.0), Yes),
            ((ClusterKind::Pillar, 4_999_999_999.0), No),
            ((ClusterKind::Pillar, 5_000_000_000.0), Yes),
            ((ClusterKind::Pillar, 5_000_000_001.0), Yes),
        ],
        |facts, (cluster, revenue)| {
            facts.cluster = Some(cluster);
            facts.year_mut(2024).revenue = Some(revenue);
        },
    );
}

/// "More than 10 million yuan a year": 1000万 itself is not enough.
#[test]
fn chain_core_trade_threshold() {
    pin_requirement(
        TitleKind::ChainCore,
        UNDER_2022,
        Some("14"),
        "kind",
        &[(9_999_999.0, No), (10_000_000.0, No), (10_000_001.0, Yes)],
        |facts, trade| {
            facts.partner_firms = Some(3);
            facts.year_mut(2024).chain_master_trade = Some(trade);
        },
    );
}
