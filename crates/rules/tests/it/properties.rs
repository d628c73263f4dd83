//! Invariants over generated enterprises: full facts always decide; scores stay within their
//! tables; more R&D never costs points; and forgetting a fact can turn a verdict into "cannot
//! tell" but never into its opposite (the three-valued logic is sound).

use model::{SizeClass, TitleKind};
use proptest::prelude::*;
use rules::{
    Award, AwardKind, EnterpriseFacts, Evaluator, HeldTitle, IpCounts, ProductField, RdInstitution,
    Verdict,
};

use crate::common::*;

const TITLES: [TitleKind; 3] = [
    TitleKind::InnovativeSme,
    TitleKind::SpecialisedSme,
    TitleKind::LittleGiant,
];

prop_compose! {
    fn year_figures()(
        revenue in 1_000_000.0..300_000_000.0f64,
        main_share in 0.3..1.0f64,
        rd_share in 0.0..0.12f64,
        margin in -0.05..0.2f64,
        assets in 5_000_000.0..300_000_000.0f64,
        debt in 0.1..1.0f64,
        employees in 10u32..2000,
        rd_staff_share in 0.0..0.6f64,
        equity in prop_oneof![Just(0.0), 0.0..50_000_000.0f64],
    ) -> (f64, f64, f64, f64, f64, f64, u32, u32, f64) {
        (
            revenue.round(),
            (revenue * main_share).round(),
            (revenue * rd_share).round(),
            (revenue * margin).round(),
            assets.round(),
            (assets * debt).round(),
            employees,
            (f64::from(employees) * rd_staff_share) as u32,
            equity.round(),
        )
    }
}

prop_compose! {
    fn firm()(
        years in prop::collection::vec(year_figures(), 4),
        size in prop::sample::select(vec![SizeClass::Medium, SizeClass::Small, SizeClass::Micro, SizeClass::Large]),
        niche_year in 2005i32..2024,
        ip in (0u32..2, 0u32..3, 0u32..5, 0u32..5, 0u32..8),
        flags in prop::collection::vec(any::<bool>(), 8),
        digital in 1u8..5,
        field in prop::sample::select(ProductField::ALL.to_vec()),
        institution in prop::sample::select(RdInstitution::ALL.to_vec()),
        provincial in 0.0..15.0f64,
        share in 0.0..0.3f64,
        award in prop::option::of((prop::sample::select(AwardKind::ALL.to_vec()), 1u32..600, 2019i32..2025)),
        high_tech in prop::option::of(2019i32..2025),
    ) -> EnterpriseFacts {
        let mut facts = EnterpriseFacts::new("generated");
        facts.size_class = Some(size);
        for (offset, figures) in years.iter().enumerate() {
            let y = facts.year_mut(2021 + offset as i32);
            (
                y.revenue,
                y.main_business_revenue,
                y.rd_expense,
                y.net_profit,
                y.total_assets,
                y.total_liabilities,
            ) = (
                Some(figures.0),
                Some(figures.1),
                Some(figures.2),
                Some(figures.3),
                Some(figures.4),
                Some(figures.5),
            );
            y.employees = Some(figures.6);
            y.rd_staff = Some(figures.7);
            y.equity_raised = Some(figures.8);
        }
        facts.niche_since = Some(date(&format!("{niche_year}-03-01")));
        facts.ip = IpCounts {
            class1_high_value: Some(ip.0),
            class1_self_developed: Some(ip.1),
            class1: Some(ip.2),
            class1_in_use: Some(ip.3),
            class2: Some(ip.4),
        };
        facts.strategic_emerging = Some(flags[0]);
        facts.quality_award = Some(flags[1]);
        facts.management_certification = Some(flags[2]);
        facts.own_brand = Some(flags[3]);
        facts.standard_setting = Some(flags[4]);
        facts.info_system = Some(flags[5]);
        facts.foreign_product_certification = Some(flags[6]);
        facts.new_product = Some(flags[7]);
        facts.digital_level = Some(digital);
        facts.product_field = Some(field);
        facts.rd_institution = Some(institution);
        facts.provincial_score = Some(provincial);
        facts.national_market_share = Some(share);
        facts.awards = Some(award.into_iter().map(|(kind, rank, year)| Award {
            kind,
            rank: Some(rank),
            date: date(&format!("{year}-06-30")),
        }).collect());
        facts.titles = Some(high_tech.into_iter().map(|year| HeldTitle {
            title: TitleKind::HighTech,
            granted: date(&format!("{year}-01-15")),
            valid_until: None,
            rule_set: None,
        }).collect());
        facts.honours = Some(Vec::new());
        facts
    }
}

/// Ways to forget one fact.
fn forget(facts: &mut EnterpriseFacts, which: usize) {
    match which % 8 {
        0 => facts.year_mut(2024).revenue = None,
        1 => facts.year_mut(2024).rd_expense = None,
        2 => facts.year_mut(2023).main_business_revenue = None,
        3 => facts.ip.class1 = None,
        4 => facts.awards = None,
        5 => facts.titles = None,
        6 => facts.provincial_score = None,
        _ => facts.niche_since = None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn full_facts_always_decide(facts in firm()) {
        let evaluator = Evaluator::new(book(), date(UNDER_2022));
        for title in TITLES {
            let evaluation = evaluator.evaluate(&facts, title).unwrap();
            prop_assert_ne!(evaluation.verdict, Verdict::CannotTell, "{}", title);
            prop_assert!(evaluation.missing.is_empty());
            if let Some(score) = &evaluation.score {
                let total = score.total.value().unwrap();
                prop_assert!((0.0..=100.0).contains(&total));
                let sum: f64 = score.groups.iter().map(|g| g.points.value().unwrap()).sum();
                prop_assert_eq!(sum, total);
                for group in &score.groups {
                    prop_assert!(group.points.hi <= group.max);
                }
            }
        }
    }

    #[test]
    fn more_rd_never_costs_points(facts in firm(), extra in 0.0..20_000_000.0f64) {
        let evaluator = Evaluator::new(book(), date(UNDER_2022));
        let mut richer = facts.clone();
        let rd = richer.year(2024).and_then(|y| y.rd_expense).unwrap_or(0.0);
        richer.year_mut(2024).rd_expense = Some(rd + extra.round());
        for title in [TitleKind::InnovativeSme, TitleKind::SpecialisedSme] {
            let before = evaluator.evaluate(&facts, title).unwrap();
            let after = evaluator.evaluate(&richer, title).unwrap();
            let total = |e: &rules::Evaluation<'_>| e.score.as_ref().unwrap().total.value().unwrap();
            prop_assert!(total(&after) >= total(&before));
        }
    }

    #[test]
    fn forgetting_a_fact_never_flips_a_verdict(facts in firm(), which in 0usize..8) {
        let evaluator = Evaluator::new(book(), date(UNDER_2022));
        let mut partial = facts.clone();
        forget(&mut partial, which);
        for title in TITLES {
            let full = evaluator.evaluate(&facts, title).unwrap().verdict;
            let evaluation = evaluator.evaluate(&partial, title).unwrap();
            prop_assert!(
                evaluation.verdict == full || evaluation.verdict == Verdict::CannotTell,
                "{}: {:?} became {:?}", title, full, evaluation.verdict
            );
            if evaluation.verdict == Verdict::CannotTell {
                prop_assert!(!evaluation.missing.is_empty());
            }
        }
    }
}
