//! Gaps to close: the edge to reach, an amount where the facts give one, and the sentence in
//! both languages.

use model::TitleKind;
use rules::{AmountKind, Gap, Target, Verdict};

use crate::common::*;

fn only_gap<'a>(evaluation: &'a rules::Evaluation<'_>, requirement: &str) -> &'a Gap<'a> {
    let outcome = evaluation
        .requirements
        .iter()
        .find(|r| r.id == requirement)
        .unwrap();
    assert_eq!(outcome.gaps.len(), 1, "{:#?}", outcome.gaps);
    &outcome.gaps[0]
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

/// The example: R&D intensity 2.4 % where 3.0 % is needed, at 1.8333亿 of revenue.
#[test]
fn rd_intensity_gap_in_yuan() {
    let mut facts = sme("rd");
    facts.year_mut(2024).revenue = Some(183_333_333.0);
    facts.year_mut(2024).rd_expense = Some(4_400_000.0);
    let evaluation = evaluate(TitleKind::SpecialisedSme, UNDER_2022, &facts);
    assert_eq!(evaluation.verdict, Verdict::DoesNotQualify);
    let gap = only_gap(&evaluation, "rd");
    let amount = gap.amount.unwrap();
    assert_eq!(amount.kind, AmountKind::MoreRdAtRevenue);
    // 3 % × 183,333,333 − 4,400,000
    assert!(close(amount.value, 1_099_999.99), "{}", amount.value);
    let message = gap.message();
    assert_eq!(
        message.en,
        "R&D intensity (last year) 2.4 %, needs 3.0 %: about 1.1 million yuan more R&D at this revenue"
    );
    assert_eq!(
        message.zh,
        "上年度研发费用占营业收入比重2.4%，需达到3.0%：按当前营业收入约需增加研发费用110万元"
    );
    assert!(close(gap.relative, 0.2));
}

/// Of the three 小巨人 R&D brackets the cheapest to reach is named: at 8500万 of revenue the
/// weaker year (2023: 440万 of 7600万 = 5.8 %) needs 6 %, i.e. 16万 more, which is closer than
/// growing revenue to 1亿 (15 %).
#[test]
fn cheapest_bracket_is_the_gap() {
    let mut facts = crate::worked::sensor_maker();
    facts.year_mut(2023).rd_expense = Some(4_400_000.0);
    let evaluation = evaluate(TitleKind::LittleGiant, UNDER_2022, &facts);
    assert_eq!(evaluation.verdict, Verdict::DoesNotQualify);
    let gap = only_gap(&evaluation, "rd_by_revenue");
    assert_eq!(gap.test.measure.name(), "rd_intensity_min");
    assert!(close(gap.amount.unwrap().value, 160_000.0));
    assert!(
        gap.message()
            .zh
            .ends_with("按当前营业收入约需增加研发费用16万元")
    );
}

#[test]
fn share_and_debt_gaps_account_for_what_moves() {
    let mut facts = sme("ratios");
    let y = facts.year_mut(2025);
    y.revenue = Some(100_000_000.0);
    y.main_business_revenue = Some(75_000_000.0);
    y.total_assets = Some(100_000_000.0);
    y.total_liabilities = Some(85_000_000.0);
    let evaluation = evaluate(TitleKind::SpecialisedSme, UNDER_2026, &facts);
    // (75 + x) / (100 + x) = 80 %: x = 25 (million).
    let share = only_gap(&evaluation, "main_business_share");
    assert_eq!(share.amount.unwrap().kind, AmountKind::MoreMainBusiness);
    assert!(close(share.amount.unwrap().value, 25_000_000.0));
    // (85 − x) / (100 − x) = 80 %: x = 25 (million) repaid.
    let debt = only_gap(&evaluation, "asset_liability");
    assert_eq!(debt.amount.unwrap().kind, AmountKind::RepayDebt);
    assert!(close(debt.amount.unwrap().value, 25_000_000.0));
    assert!(matches!(debt.target, Target::Edge(edge) if !edge.raise && edge.closed));
    assert_eq!(
        debt.message().en,
        "asset-liability ratio (last year-end) 85.0 %, needs at most 80.0 %: about 25 million yuan of debt to repay"
    );
}

/// 4 % geometric growth over 2 years where 5 % is needed, from 1亿 in 2022: 1.1025亿 − 1.0816亿.
#[test]
fn growth_gap() {
    let mut facts = sme("growth");
    facts.year_mut(2022).main_business_revenue = Some(100_000_000.0);
    facts.year_mut(2024).main_business_revenue = Some(108_160_000.0);
    let evaluation = evaluate(TitleKind::LittleGiant, UNDER_2022, &facts);
    let gap = only_gap(&evaluation, "main_business_growth");
    assert!(close(gap.amount.unwrap().value, 2_090_000.0));
}

#[test]
fn counts_years_and_flags() {
    let mut facts = sme("counts");
    facts.ip.class1 = Some(1);
    facts.niche_since = Some(date("2022-07-02"));
    facts.info_system = Some(false);
    let evaluation = evaluate(TitleKind::LittleGiant, UNDER_2022, &facts);
    let ip = only_gap(&evaluation, "ip");
    assert_eq!(ip.amount.unwrap().kind, AmountKind::MoreItems);
    assert_eq!(ip.amount.unwrap().value, 1.0);
    assert!(ip.message().zh.ends_with("还需1项"));
    // 2022-07-02 to 2025-01-01 is 2.5 years: half a year more.
    let niche = only_gap(&evaluation, "niche");
    assert_eq!(niche.amount.unwrap().kind, AmountKind::MoreYears);
    assert!((niche.amount.unwrap().value - 0.5).abs() < 0.01);
    let flag = only_gap(&evaluation, "info_system");
    assert!(!flag.is_numeric());
    assert_eq!(flag.target, Target::Flag(true));
    assert_eq!(
        flag.message().en,
        "not met: an information system for a core process"
    );
}

/// "More than 1000万": at exactly 1000万 the gap says so, without an amount of zero.
#[test]
fn open_edges_say_more_than() {
    let mut facts = sme("supplier");
    facts.partner_firms = Some(2);
    facts.year_mut(2024).chain_master_trade = Some(10_000_000.0);
    let evaluation = evaluate_in("14", TitleKind::ChainCore, UNDER_2022, &facts);
    let gaps: Vec<_> = evaluation.gaps().collect();
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    assert_eq!(gaps[0].amount, None);
    assert_eq!(
        gaps[0].message().en,
        "trade with one chain-master (last year) 10 million yuan, needs more than 10 million yuan"
    );
}

/// A failed score names the points short and the next band of each indicator.
#[test]
fn score_gap_with_upgrades() {
    let mut facts = sme("score");
    let y = facts.year_mut(2024);
    y.revenue = Some(100_000_000.0);
    y.rd_expense = Some(2_500_000.0); // 2.5 %: 10 points; 3 % gives 15
    y.main_business_revenue = Some(60_000_000.0); // 60 %: 15 points
    y.total_assets = Some(100_000_000.0);
    y.total_liabilities = Some(60_000_000.0); // 60 %: 5 points
    facts.year_mut(2023).main_business_revenue = Some(57_000_000.0); // 5.3 %: 10 points
    facts.ip.class1_high_value = Some(0);
    facts.ip.class1_self_developed = Some(0);
    facts.ip.class1 = Some(1); // 10 points
    facts.ip.class2 = Some(0);
    facts.strategic_emerging = Some(false); // 5 points
    facts.awards = Some(Vec::new());
    facts.titles = Some(Vec::new());
    facts.honours = Some(Vec::new());
    facts.rd_institution = Some(rules::RdInstitution::NotEstablished);
    for year in [2022, 2023, 2024] {
        facts.year_mut(year).equity_raised = Some(0.0);
    }
    let evaluation = evaluate(TitleKind::InnovativeSme, UNDER_2022, &facts);
    // 10 + 10 | 10 + 5 | 5 + 15 = 55.
    let score = evaluation.score.as_ref().unwrap();
    assert_eq!(score.total.value(), Some(55.0));
    assert_eq!(evaluation.verdict, Verdict::DoesNotQualify);
    let gap = score.gap.as_ref().unwrap();
    assert_eq!(gap.total_short, 5.0);
    let rd = gap.upgrades.iter().find(|u| u.indicator == "2").unwrap();
    assert_eq!((rd.from, rd.to), (10.0, 15.0));
    assert!(close(rd.gaps[0].amount.unwrap().value, 500_000.0));
    let share = gap.upgrades.iter().find(|u| u.indicator == "6").unwrap();
    assert_eq!((share.from, share.to), (15.0, 20.0));
    // No upgrade is offered for an indicator at its best band.
    assert!(gap.upgrades.iter().all(|u| u.to > u.from));
}
