//! "Cannot tell": a missing fact leaves the verdict open only when the known facts do not decide
//! it, and the evaluation names exactly the facts that would.

use model::{SizeClass, TitleKind};
use rules::{EnterpriseFacts, Field, MissingFact, Tri, Verdict};

use crate::common::*;

fn columns(missing: &[MissingFact]) -> Vec<String> {
    missing.iter().map(MissingFact::column).collect()
}

#[test]
fn nothing_known_names_everything_the_rules_read() {
    let evaluation = evaluate(
        TitleKind::InnovativeSme,
        UNDER_2022,
        &EnterpriseFacts::new("blank"),
    );
    assert_eq!(evaluation.verdict, Verdict::CannotTell);
    let columns = columns(&evaluation.missing);
    for expected in [
        "size_class",
        "revenue_2024",
        "rd_expense_2024",
        "main_business_revenue_2024",
        "main_business_revenue_2023",
        "total_assets_2024",
        "total_liabilities_2024",
        "ip_class1_high_value",
        "strategic_emerging",
        "awards",
        "titles",
        "honours",
        "rd_institution",
        "equity_raised_2022",
    ] {
        assert!(
            columns.iter().any(|c| c == expected),
            "{expected} not in {columns:?}"
        );
    }
    // Sorted and without repeats.
    let mut sorted = evaluation.missing.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, evaluation.missing);
}

#[test]
fn a_known_failure_decides_despite_missing_facts() {
    let mut facts = EnterpriseFacts::new("large");
    facts.size_class = Some(SizeClass::Large);
    let evaluation = evaluate(TitleKind::InnovativeSme, UNDER_2022, &facts);
    assert_eq!(evaluation.verdict, Verdict::DoesNotQualify);
    assert!(evaluation.missing.is_empty());
    assert_eq!(evaluation.failed().count(), 1);
}

/// Every indicator known but the field (5 or 10 points): the total is 95–100 either way.
#[test]
fn a_score_that_passes_either_way_decides() {
    let mut facts = sme("nearly-known");
    let y = facts.year_mut(2024);
    y.revenue = Some(100_000_000.0);
    y.rd_expense = Some(6_000_000.0);
    y.main_business_revenue = Some(90_000_000.0);
    y.total_assets = Some(100_000_000.0);
    y.total_liabilities = Some(30_000_000.0);
    facts.year_mut(2023).main_business_revenue = Some(70_000_000.0);
    facts.ip.class1_high_value = Some(1);
    let evaluation = evaluate(TitleKind::InnovativeSme, UNDER_2022, &facts);
    let score = evaluation.score.as_ref().unwrap();
    assert_eq!((score.total.lo, score.total.hi), (95.0, 100.0));
    assert_eq!(evaluation.verdict, Verdict::Qualifies);
    assert!(evaluation.missing.is_empty());
    let field = score
        .groups
        .iter()
        .flat_map(|g| &g.indicators)
        .find(|i| i.id == "5")
        .unwrap();
    assert_eq!(field.band, None);
    assert_eq!(
        field.missing,
        vec![MissingFact::field(Field::StrategicEmerging)]
    );
}

/// A score that cannot reach 60 needs no more score data, but the direct routes might still
/// qualify the firm: only their facts are named.
#[test]
fn only_the_facts_that_could_change_the_verdict_are_named() {
    let mut facts = sme("low");
    facts.niche_since = Some(date("2020-01-01"));
    let y = facts.year_mut(2024);
    y.revenue = Some(20_000_000.0);
    y.main_business_revenue = Some(10_000_000.0);
    y.rd_expense = Some(1_000_000.0);
    y.net_profit = Some(0.0);
    y.total_assets = Some(10_000_000.0);
    y.total_liabilities = Some(9_000_000.0);
    y.employees = Some(100);
    y.rd_staff = Some(1);
    facts.year_mut(2022).main_business_revenue = Some(20_000_000.0);
    facts.product_field = Some(rules::ProductField::Other);
    facts.digital_level = Some(1);
    facts.quality_award = Some(false);
    facts.management_certification = Some(false);
    facts.own_brand = Some(false);
    facts.standard_setting = Some(false);
    facts.ip = rules::IpCounts {
        class1_high_value: Some(0),
        class1_self_developed: Some(0),
        class1: Some(0),
        class1_in_use: Some(0),
        class2: Some(0),
    };
    facts.rd_institution = Some(rules::RdInstitution::NotEstablished);
    let evaluation = evaluate(TitleKind::SpecialisedSme, UNDER_2022, &facts);
    let score = evaluation.score.as_ref().unwrap();
    // 2 (niche 5 years) + 4 (R&D 100万 / 5 %) + 0…15 (province) < 60.
    assert!(score.total.hi < 60.0, "{:?}", score.total);
    assert_eq!(score.outcome, Tri::No);
    assert_eq!(evaluation.verdict, Verdict::CannotTell);
    let columns = columns(&evaluation.missing);
    assert!(
        !columns.contains(&"provincial_score".to_owned()),
        "{columns:?}"
    );
    for expected in [
        "awards",
        "rd_expense_2023",
        "equity_raised_2023",
        "equity_raised_2024",
    ] {
        assert!(
            columns.iter().any(|c| c == expected),
            "{expected} not in {columns:?}"
        );
    }
    // Saying there are no awards and no equity settles it.
    facts.awards = Some(Vec::new());
    facts.year_mut(2023).rd_expense = Some(1_000_000.0);
    facts.year_mut(2023).equity_raised = Some(0.0);
    facts.year_mut(2024).equity_raised = Some(0.0);
    let evaluation = evaluate(TitleKind::SpecialisedSme, UNDER_2022, &facts);
    assert_eq!(evaluation.verdict, Verdict::DoesNotQualify);
}

/// Interval reasoning over partly known facts: one R&D year of 1300万 already makes the 2-year
/// total ≥ 1200万; two known quality items already reach the 5-point cap.
#[test]
fn partial_facts_that_already_decide() {
    let mut facts = sme("partial");
    facts.year_mut(2025).rd_expense = Some(13_000_000.0);
    let evaluation = evaluate(TitleKind::LittleGiant, UNDER_2026, &facts);
    assert_eq!(requirement(&evaluation, "rd"), Tri::Yes);

    let mut facts = sme("partial");
    facts.management_certification = Some(true);
    facts.own_brand = Some(true);
    let evaluation = evaluate(TitleKind::SpecialisedSme, UNDER_2022, &facts);
    assert_eq!(points(&evaluation, "6"), 5.0);
    facts.own_brand = None;
    let evaluation = evaluate(TitleKind::SpecialisedSme, UNDER_2022, &facts);
    let quality = indicator(&evaluation, "6");
    assert_eq!((quality.lo, quality.hi), (3.0, 5.0));
}

#[test]
fn missing_facts_read_in_both_languages() {
    let fact = MissingFact::yearly(Field::Revenue, 2024);
    assert_eq!(fact.label().zh, "2024年营业收入");
    assert_eq!(fact.label().en, "revenue 2024");
    let evaluation = evaluate(TitleKind::LittleGiant, UNDER_2026, &sme("x"));
    assert!(
        evaluation
            .missing
            .contains(&MissingFact::keyed(Field::AssessedScore, "little_giant"))
    );
}

/// The facts each rule set reads, as an enterprise with nothing known shows them: the contract a
/// store must fill (FACTS_TABLE.md lists the same).
#[test]
fn facts_each_rule_set_needs() {
    let cases: [(&str, Option<&str>, TitleKind, &str); 10] = [
        (
            "2025-06-01",
            None,
            TitleKind::InnovativeSme,
            "size_class, revenue_2024, main_business_revenue_2023, main_business_revenue_2024, rd_expense_2024, total_assets_2024, total_liabilities_2024, equity_raised_2022, equity_raised_2023, equity_raised_2024, ip_class1_high_value, ip_class1_self_developed, ip_class1, ip_class2, strategic_emerging, rd_institution, awards, titles, honours",
        ),
        (
            "2025-06-01",
            None,
            TitleKind::SpecialisedSme,
            "size_class, revenue_2024, main_business_revenue_2022, main_business_revenue_2024, rd_expense_2023, rd_expense_2024, net_profit_2024, total_assets_2024, total_liabilities_2024, employees_2024, rd_staff_2024, equity_raised_2023, equity_raised_2024, niche_since, ip_class1_high_value, ip_class1_self_developed, ip_class1, ip_class2, product_field, digital_level, quality_award, management_certification, own_brand, standard_setting, rd_institution, awards, provincial_score",
        ),
        (
            "2025-06-01",
            None,
            TitleKind::LittleGiant,
            "size_class, revenue_2023, revenue_2024, main_business_revenue_2022, main_business_revenue_2024, rd_expense_2023, rd_expense_2024, total_assets_2024, total_liabilities_2024, employees_2024, rd_staff_2024, equity_raised_2023, equity_raised_2024, niche_since, ip_class1, management_certification, foreign_product_certification, own_brand, info_system, rd_institution, national_market_share, awards",
        ),
        (
            "2026-06-01",
            None,
            TitleKind::SpecialisedSme,
            "size_class, revenue_2024, revenue_2025, main_business_revenue_2025, rd_expense_2024, rd_expense_2025, total_assets_2025, total_liabilities_2025, equity_raised_2024, equity_raised_2025, niche_since, ip_class1_in_use, titles, assessed_score.specialised_sme",
        ),
        (
            "2026-06-01",
            None,
            TitleKind::LittleGiant,
            "size_class, revenue_2025, main_business_revenue_2025, rd_expense_2024, rd_expense_2025, ip_class1, assessed_score.little_giant",
        ),
        (
            "2020-06-01",
            None,
            TitleKind::SingleChampion,
            "revenue_2019, niche_product_revenue_2019, net_profit_2019, niche_since, new_product, global_market_rank, industry_profit_margin",
        ),
        (
            "2025-06-01",
            None,
            TitleKind::SingleChampion,
            "main_business_revenue_2022, main_business_revenue_2023, main_business_revenue_2024, niche_since, global_market_rank, titles",
        ),
        (
            "2025-06-01",
            Some("14"),
            TitleKind::ChainMaster,
            "partner_firms",
        ),
        (
            "2025-06-01",
            Some("44"),
            TitleKind::ChainMaster,
            "revenue_2024, cluster",
        ),
        (
            "2025-06-01",
            Some("14"),
            TitleKind::ChainCore,
            "chain_master_trade_2024, partner_firms",
        ),
    ];
    for (on, region, title, expected) in cases {
        let mut evaluator = rules::Evaluator::new(book(), date(on));
        if let Some(region) = region {
            evaluator = evaluator.for_region(region);
        }
        let evaluation = evaluator
            .evaluate(&EnterpriseFacts::new("blank"), title)
            .unwrap();
        assert_eq!(
            columns(&evaluation.missing).join(", "),
            expected,
            "{}",
            evaluation.rule_set.id
        );
    }
}

/// A 小巨人 candidate that already fails a requirement can only qualify by a direct route: only
/// the route's fact is asked for, not the market share the route would make moot.
#[test]
fn a_failed_standard_path_asks_only_for_the_routes() {
    let mut facts = sme("young");
    facts.niche_since = Some(date("2024-01-01"));
    let evaluation = evaluate(TitleKind::LittleGiant, UNDER_2022, &facts);
    assert_eq!(requirement(&evaluation, "niche"), Tri::No);
    assert_eq!(evaluation.verdict, Verdict::CannotTell);
    assert_eq!(columns(&evaluation.missing), ["awards"]);
}
