//! Worked examples: a realistic firm per title, scored by hand from the published criteria (the
//! working is in the comments), and the engine's answer compared with it.

use model::TitleKind;
use rules::{HeldTitle, ProductField, RdInstitution, Tri, Verdict};

use crate::common::*;

fn no_awards_or_titles(facts: &mut rules::EnterpriseFacts) {
    facts.awards = Some(Vec::new());
    facts.titles = Some(Vec::new());
    facts.honours = Some(Vec::new());
}

/// 创新型中小企业 (2022), a precision-bearing maker evaluated on 2025-06-01 (last year = 2024).
///
/// | indicator | fact | band | points |
/// |---|---|---|---|
/// | 1 IP | 2 class-I, 1 self-developed, no high-value | 自主研发I类>=1 | 15 |
/// | 2 R&D intensity | 280万 / 8000万 = 3.5 % | 3%-5% | 15 |
/// | 3 main-business growth | (7200 − 6400) / 6400 = 12.5 % | 10%-15% | 15 |
/// | 4 asset-liability | 4200 / 8000 = 52.5 % | <=55% | 10 |
/// | 5 field | strategic emerging | 属于 | 10 |
/// | 6 main-business share | 7200 / 8000 = 90 % | >=70% | 20 |
///
/// 创新能力 30 (≥ 20), 成长性 25 (≥ 15), 专业化 30 (≥ 15); total 85 ≥ 60: qualifies by score.
fn bearing_maker() -> rules::EnterpriseFacts {
    let mut facts = sme("bearing");
    no_awards_or_titles(&mut facts);
    let y2024 = facts.year_mut(2024);
    y2024.revenue = Some(80_000_000.0);
    y2024.main_business_revenue = Some(72_000_000.0);
    y2024.rd_expense = Some(2_800_000.0);
    y2024.total_assets = Some(80_000_000.0);
    y2024.total_liabilities = Some(42_000_000.0);
    y2024.equity_raised = Some(0.0);
    facts.year_mut(2023).main_business_revenue = Some(64_000_000.0);
    facts.year_mut(2023).equity_raised = Some(0.0);
    facts.year_mut(2022).equity_raised = Some(0.0);
    facts.ip.class1_high_value = Some(0);
    facts.ip.class1_self_developed = Some(1);
    facts.ip.class1 = Some(2);
    facts.ip.class2 = Some(5);
    facts.strategic_emerging = Some(true);
    facts.rd_institution = Some(RdInstitution::City);
    facts
}

#[test]
fn innovative_sme_2022_bearing_maker() {
    let evaluation = evaluate(TitleKind::InnovativeSme, UNDER_2022, &bearing_maker());
    assert_eq!(evaluation.rule_set.id, "innovative-sme-2022");
    for (id, expected) in [
        ("1", 15.0),
        ("2", 15.0),
        ("3", 15.0),
        ("4", 10.0),
        ("5", 10.0),
        ("6", 20.0),
    ] {
        assert_eq!(points(&evaluation, id), expected, "indicator {id}");
    }
    assert_eq!(group(&evaluation, "innovation").value(), Some(30.0));
    assert_eq!(group(&evaluation, "growth").value(), Some(25.0));
    assert_eq!(group(&evaluation, "specialisation").value(), Some(30.0));
    let score = evaluation.score.as_ref().unwrap();
    assert_eq!(score.total.value(), Some(85.0));
    assert_eq!(evaluation.verdict, Verdict::Qualifies);
    assert!(evaluation.route.is_none());
    assert!(evaluation.missing.is_empty(), "{:?}", evaluation.missing);
}

/// The same firm with R&D at 1.5 % (5 points) and only class-II IP (5 points): 创新能力 10 < 20
/// fails the group minimum although the total 10 + 25 + 30 = 65 passes. A valid 高新技术企业
/// certificate then qualifies it directly.
#[test]
fn innovative_sme_2022_group_minimum_and_direct_route() {
    let mut facts = bearing_maker();
    facts.year_mut(2024).rd_expense = Some(1_200_000.0);
    facts.ip.class1_self_developed = Some(0);
    facts.ip.class1 = Some(0);
    let evaluation = evaluate(TitleKind::InnovativeSme, UNDER_2022, &facts);
    assert_eq!(group(&evaluation, "innovation").value(), Some(10.0));
    assert_eq!(evaluation.score.as_ref().unwrap().total.value(), Some(65.0));
    assert_eq!(evaluation.verdict, Verdict::DoesNotQualify);
    let gap = evaluation.score.as_ref().unwrap().gap.as_ref().unwrap();
    assert_eq!(gap.total_short, 0.0);
    assert_eq!(gap.groups_short.len(), 1);
    assert_eq!(gap.groups_short[0].2, 10.0);

    facts.titles = Some(vec![HeldTitle {
        title: TitleKind::HighTech,
        granted: date("2023-11-20"),
        valid_until: None,
        rule_set: None,
    }]);
    let evaluation = evaluate(TitleKind::InnovativeSme, UNDER_2022, &facts);
    assert_eq!(evaluation.verdict, Verdict::Qualifies);
    assert_eq!(evaluation.route.map(|r| r.id.as_str()), Some("recognition"));
}

/// 专精特新中小企业 (2022), a new-materials firm evaluated on 2025-06-01.
///
/// Conditions: niche since 2016-03-01 → 8.8 years ≥ 2; R&D 600万 ≥ 100万 and 600/12000 = 5 % ≥ 3 %;
/// revenue 1.2亿 ≥ 1000万. Score:
///
/// | # | fact | band | points |
/// |---|---|---|---|
/// | 1 | 10200 / 12000 = 85 % | >=80% | 5 |
/// | 2 | sqrt(10200 / 8000) − 1 = 12.9 % | >=10% | 10 |
/// | 3 | 8.8 years | floor(8.8 / 2) = 4 | 4 |
/// | 4 | 工业六基 | | 3 |
/// | 5 | digital level 2 | 二级 | 3 |
/// | 6 | certification + own brand = 2 items | min(5, 6) | 5 |
/// | 7 | 960 / 12000 = 8 % | 8%-10% | 8 |
/// | 8 | 5800 / 10000 = 58 % | 50%-60% | 3 |
/// | 9 | province awards 9 | | 9 |
/// | 10 | 3 self-developed class-I | 自主研发I类>=1 | 8 |
/// | 11 | 600万 | >=500万 | 10 |
/// | 12 | 36 / 200 = 18 % | 10%-20% | 3 |
/// | 13 | provincial institution | 省级 | 8 |
///
/// 专业化 22, 精细化 19, 特色化 9, 创新能力 29: total 79 ≥ 60, qualifies.
fn materials_firm() -> rules::EnterpriseFacts {
    let mut facts = sme("materials");
    no_awards_or_titles(&mut facts);
    facts.niche_since = Some(date("2016-03-01"));
    let y2024 = facts.year_mut(2024);
    y2024.revenue = Some(120_000_000.0);
    y2024.main_business_revenue = Some(102_000_000.0);
    y2024.rd_expense = Some(6_000_000.0);
    y2024.net_profit = Some(9_600_000.0);
    y2024.total_assets = Some(100_000_000.0);
    y2024.total_liabilities = Some(58_000_000.0);
    y2024.employees = Some(200);
    y2024.rd_staff = Some(36);
    y2024.equity_raised = Some(0.0);
    facts.year_mut(2023).rd_expense = Some(4_500_000.0);
    facts.year_mut(2023).equity_raised = Some(0.0);
    facts.year_mut(2022).main_business_revenue = Some(80_000_000.0);
    facts.product_field = Some(ProductField::Foundation);
    facts.digital_level = Some(2);
    facts.quality_award = Some(false);
    facts.management_certification = Some(true);
    facts.own_brand = Some(true);
    facts.standard_setting = Some(false);
    facts.provincial_score = Some(9.0);
    facts.ip.class1_high_value = Some(0);
    facts.ip.class1_self_developed = Some(3);
    facts.ip.class1 = Some(3);
    facts.ip.class2 = Some(0);
    facts.rd_institution = Some(RdInstitution::Provincial);
    facts
}

#[test]
fn specialised_sme_2022_materials_firm() {
    let evaluation = evaluate(TitleKind::SpecialisedSme, UNDER_2022, &materials_firm());
    let expected = [
        ("1", 5.0),
        ("2", 10.0),
        ("3", 4.0),
        ("4", 3.0),
        ("5", 3.0),
        ("6", 5.0),
        ("7", 8.0),
        ("8", 3.0),
        ("9", 9.0),
        ("10", 8.0),
        ("11", 10.0),
        ("12", 3.0),
        ("13", 8.0),
    ];
    for (id, points_expected) in expected {
        assert_eq!(points(&evaluation, id), points_expected, "indicator {id}");
    }
    for (id, total) in [
        ("specialisation", 22.0),
        ("refinement", 19.0),
        ("feature", 9.0),
        ("innovation", 29.0),
    ] {
        assert_eq!(group(&evaluation, id).value(), Some(total), "group {id}");
    }
    assert_eq!(evaluation.score.as_ref().unwrap().total.value(), Some(79.0));
    for id in ["sme", "niche", "rd", "revenue"] {
        assert_eq!(requirement(&evaluation, id), Tri::Yes, "{id}");
    }
    // Average R&D (600 + 450) / 2 = 525万 < 1000万: no direct route.
    assert_eq!(route(&evaluation, "rd_average"), Tri::No);
    assert_eq!(evaluation.verdict, Verdict::Qualifies);
    assert!(evaluation.route.is_none());
    // Rows 12 and 13 come from memory: the result says so.
    assert!(evaluation.unverified());
}

/// 专精特新"小巨人" (2022), a sensor maker evaluated on 2025-06-01.
///
/// niche since 2015 → 10 years ≥ 3; main business 7990 / 8500 = 94 % ≥ 70 %; growth
/// sqrt(7990 / 6800) − 1 = 8.4 % ≥ 5 %; asset-liability 3600 / 8000 = 45 % ≤ 70 %; information
/// system, certification, 13 % national share ≥ 10 %, own brand; revenue 8500万 is in the
/// 5000万–1亿 bracket: R&D 595 / 8500 = 7.0 % (2024) and 500 / 7600 = 6.6 % (2023), both ≥ 6 %;
/// provincial R&D institution; 5 class-I IP ≥ 2. Every requirement holds: qualifies.
pub fn sensor_maker() -> rules::EnterpriseFacts {
    let mut facts = sme("sensor");
    no_awards_or_titles(&mut facts);
    facts.niche_since = Some(date("2015-01-01"));
    let y2024 = facts.year_mut(2024);
    y2024.revenue = Some(85_000_000.0);
    y2024.main_business_revenue = Some(79_900_000.0);
    y2024.rd_expense = Some(5_950_000.0);
    y2024.total_assets = Some(80_000_000.0);
    y2024.total_liabilities = Some(36_000_000.0);
    let y2023 = facts.year_mut(2023);
    y2023.revenue = Some(76_000_000.0);
    y2023.rd_expense = Some(5_000_000.0);
    facts.year_mut(2022).main_business_revenue = Some(68_000_000.0);
    facts.info_system = Some(true);
    facts.management_certification = Some(true);
    facts.foreign_product_certification = Some(false);
    facts.national_market_share = Some(0.13);
    facts.own_brand = Some(true);
    facts.rd_institution = Some(RdInstitution::Provincial);
    facts.ip.class1 = Some(5);
    facts
}

#[test]
fn little_giant_2022_sensor_maker() {
    let evaluation = evaluate(TitleKind::LittleGiant, UNDER_2022, &sensor_maker());
    assert!(
        evaluation
            .requirements
            .iter()
            .all(|r| r.outcome == Tri::Yes),
        "{:#?}",
        evaluation
            .requirements
            .iter()
            .filter(|r| r.outcome != Tri::Yes)
            .collect::<Vec<_>>()
    );
    assert_eq!(evaluation.verdict, Verdict::Qualifies);
    assert!(evaluation.route.is_none());
    assert!(evaluation.missing.is_empty(), "{:?}", evaluation.missing);
}

/// 专精特新中小企业 under the 2026 revision (unverified numbers), evaluated on 2026-06-01 (last
/// year = 2025): holds the 科技和创新型 tier (granted 2024-07-01, valid to 2027-06-30); niche since
/// 2020-05 → 5.7 years ≥ 3; revenue 2600万 ≥ 1500万; main business 2210 / 2600 = 85 % ≥ 80 %;
/// asset-liability 1800 / 2500 = 72 % ≤ 80 %; R&D 130万 (5 %) in 2025 and 110万 (5 %) in 2024, each
/// ≥ 100万 and ≥ 3 %; 1 class-I IP in use; assessed score 56 ≥ 50. Qualifies, marked unverified.
#[test]
fn specialised_sme_2026_machining_firm() {
    let mut facts = sme("machining");
    facts.titles = Some(vec![HeldTitle {
        title: TitleKind::InnovativeSme,
        granted: date("2024-07-01"),
        valid_until: None,
        rule_set: None,
    }]);
    facts.niche_since = Some(date("2020-05-01"));
    let y2025 = facts.year_mut(2025);
    y2025.revenue = Some(26_000_000.0);
    y2025.main_business_revenue = Some(22_100_000.0);
    y2025.total_assets = Some(25_000_000.0);
    y2025.total_liabilities = Some(18_000_000.0);
    y2025.rd_expense = Some(1_300_000.0);
    let y2024 = facts.year_mut(2024);
    y2024.revenue = Some(22_000_000.0);
    y2024.rd_expense = Some(1_100_000.0);
    facts.ip.class1_in_use = Some(1);
    facts
        .assessed_scores
        .insert("specialised_sme".to_owned(), 56.0);
    let evaluation = evaluate(TitleKind::SpecialisedSme, UNDER_2026, &facts);
    assert_eq!(evaluation.rule_set.id, "specialised-sme-2026");
    assert_eq!(requirement(&evaluation, "tier"), Tri::Yes);
    assert_eq!(evaluation.verdict, Verdict::Qualifies);
    assert!(evaluation.unverified());
}

/// 小巨人 under the 2026 revision (unverified): revenue 1.5亿 ≥ 5000万; main business 1.41 / 1.5 =
/// 94 % ≥ 90 %; R&D 800万 + 650万 = 1450万 ≥ 1200万 over 2 years; 6 class-I IP ≥ 4; score 63 ≥ 60.
#[test]
fn little_giant_2026_drive_maker() {
    let mut facts = sme("drives");
    let y2025 = facts.year_mut(2025);
    y2025.revenue = Some(150_000_000.0);
    y2025.main_business_revenue = Some(141_000_000.0);
    y2025.rd_expense = Some(8_000_000.0);
    facts.year_mut(2024).rd_expense = Some(6_500_000.0);
    facts.ip.class1 = Some(6);
    facts
        .assessed_scores
        .insert("little_giant".to_owned(), 63.0);
    let evaluation = evaluate(TitleKind::LittleGiant, UNDER_2026, &facts);
    assert_eq!(evaluation.rule_set.id, "little-giant-2026");
    assert_eq!(evaluation.verdict, Verdict::Qualifies);
    // 1250万 would still pass; 1199.99万 would not.
    facts.year_mut(2024).rd_expense = Some(3_999_999.0);
    let evaluation = evaluate(TitleKind::LittleGiant, UNDER_2026, &facts);
    assert_eq!(requirement(&evaluation, "rd"), Tri::No);
}

/// 制造业单项冠军 (2016 rules) evaluated on 2020-06-01 (last year = 2019): niche products
/// 9.6亿 / 12亿 = 80 % ≥ 70 %; global rank 2 ≤ 3; 15 years in the field ≥ 10; margin
/// 1.44 / 12 = 12 % against an industry average of 6.5 % (above). Qualifies.
#[test]
fn single_champion_2016_valve_maker() {
    let mut facts = rules::EnterpriseFacts::new("valves");
    let y2019 = facts.year_mut(2019);
    y2019.revenue = Some(1_200_000_000.0);
    y2019.niche_product_revenue = Some(960_000_000.0);
    y2019.net_profit = Some(144_000_000.0);
    facts.industry_profit_margin = Some(0.065);
    facts.global_market_rank = Some(2);
    facts.niche_since = Some(date("2005-01-01"));
    let evaluation = evaluate(TitleKind::SingleChampion, "2020-06-01", &facts);
    assert_eq!(evaluation.rule_set.id, "single-champion-2016");
    assert_eq!(evaluation.verdict, Verdict::Qualifies);
}

/// 制造业单项冠军 (2023 rules, details unverified) evaluated on 2025-06-01: 15 years in the niche;
/// main business 3.1亿, 3.4亿, 3.7亿 → average 3.4亿 < 4亿, but the firm holds a valid 专精特新
/// title, for which 2亿 suffices; global rank 3. Qualifies. Without the title it does not.
#[test]
fn single_champion_2023_specialised_holder() {
    let mut facts = rules::EnterpriseFacts::new("gears");
    facts.niche_since = Some(date("2010-01-01"));
    for (year, revenue) in [(2022, 310e6), (2023, 340e6), (2024, 370e6)] {
        facts.year_mut(year).main_business_revenue = Some(revenue);
    }
    facts.global_market_rank = Some(3);
    facts.titles = Some(vec![HeldTitle {
        title: TitleKind::SpecialisedSme,
        granted: date("2023-08-01"),
        valid_until: None,
        rule_set: None,
    }]);
    let evaluation = evaluate(TitleKind::SingleChampion, UNDER_2022, &facts);
    assert_eq!(evaluation.rule_set.id, "single-champion-2023");
    assert_eq!(evaluation.verdict, Verdict::Qualifies);
    assert!(evaluation.unverified());
    facts.titles = Some(Vec::new());
    let evaluation = evaluate(TitleKind::SingleChampion, UNDER_2022, &facts);
    assert_eq!(evaluation.verdict, Verdict::DoesNotQualify);
    let gap = evaluation.gaps().next().unwrap();
    // 4亿 − 3.4亿 of average over 3 years: 1.8亿 more main business in total.
    assert_eq!(gap.amount.unwrap().value, 180_000_000.0);
}

/// Chain roles in Shanxi (14), evaluated on 2025-06-01: a coal-machinery group with 23 partner
/// firms is a chain-master (≥ 15); its supplier trading 1850万 with it in 2024 (> 1000万) is a
/// chain-core; a firm with 15 partners and no such trade is a chain-core as a potential master.
#[test]
fn chain_roles_in_shanxi() {
    let mut master = rules::EnterpriseFacts::new("coal-machinery");
    master.partner_firms = Some(23);
    let evaluation = evaluate_in("14", TitleKind::ChainMaster, UNDER_2022, &master);
    assert_eq!(evaluation.rule_set.id, "chain-master-shanxi");
    assert_eq!(evaluation.verdict, Verdict::Qualifies);

    let mut supplier = rules::EnterpriseFacts::new("hydraulics");
    supplier.partner_firms = Some(6);
    supplier.year_mut(2024).chain_master_trade = Some(18_500_000.0);
    let evaluation = evaluate_in("14", TitleKind::ChainCore, UNDER_2022, &supplier);
    assert_eq!(evaluation.verdict, Verdict::Qualifies);

    let mut potential = rules::EnterpriseFacts::new("potential");
    potential.partner_firms = Some(15);
    potential.year_mut(2024).chain_master_trade = Some(0.0);
    let evaluation = evaluate_in("14", TitleKind::ChainCore, UNDER_2022, &potential);
    assert_eq!(evaluation.verdict, Verdict::Qualifies);
}

/// Guangdong's thresholds (44): 12亿 of revenue makes a chain-master of an emerging cluster
/// (≥ 10亿) but not of a pillar cluster (≥ 50亿: 38亿 short).
#[test]
fn chain_master_in_guangdong() {
    let mut firm = rules::EnterpriseFacts::new("gd");
    firm.year_mut(2024).revenue = Some(1_200_000_000.0);
    firm.cluster = Some(rules::ClusterKind::Emerging);
    let evaluation = evaluate_in("440300", TitleKind::ChainMaster, UNDER_2022, &firm);
    assert_eq!(evaluation.rule_set.id, "chain-master-guangdong");
    assert_eq!(evaluation.verdict, Verdict::Qualifies);
    firm.cluster = Some(rules::ClusterKind::Pillar);
    let evaluation = evaluate_in("440300", TitleKind::ChainMaster, UNDER_2022, &firm);
    assert_eq!(evaluation.verdict, Verdict::DoesNotQualify);
    let gap = evaluation.gaps().next().unwrap();
    assert_eq!(gap.amount.unwrap().value, 3_800_000_000.0);
}
