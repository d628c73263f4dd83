//! One test per direct-qualification route (直通条件): the route alone decides what it replaces,
//! and nothing else.

use model::{SizeClass, TitleKind};
use rules::{
    Award, AwardKind, EnterpriseFacts, HeldTitle, Honour, HonourKind, RdInstitution, Tri, Verdict,
};

use crate::common::*;

fn award(kind: AwardKind, rank: Option<u32>, on: &str) -> Award {
    Award {
        kind,
        rank,
        date: date(on),
    }
}

fn with_awards(awards: Vec<Award>) -> EnterpriseFacts {
    let mut facts = sme("awarded");
    facts.awards = Some(awards);
    facts
}

fn route_of(title: TitleKind, facts: &EnterpriseFacts, id: &str) -> Tri {
    route(&evaluate(title, UNDER_2022, facts), id)
}

#[test]
fn innovative_science_award_within_three_years() {
    let title = TitleKind::InnovativeSme;
    // The window runs from 2022-06-01 to the evaluation date 2025-06-01; any place counts.
    for (kind, on, expected) in [
        (AwardKind::ProvincialScience, "2023-05-01", Tri::Yes),
        (AwardKind::NationalScience, "2022-06-01", Tri::Yes),
        (AwardKind::NationalScience, "2022-05-31", Tri::No),
        (AwardKind::MakerChina, "2024-05-01", Tri::No),
    ] {
        let facts = with_awards(vec![award(kind, None, on)]);
        assert_eq!(
            route_of(title, &facts, "science_award"),
            expected,
            "{kind:?} {on}"
        );
    }
    // Nothing else known: the route alone qualifies the SME.
    let facts = with_awards(vec![award(
        AwardKind::ProvincialScience,
        Some(7),
        "2024-01-01",
    )]);
    let evaluation = evaluate(title, UNDER_2022, &facts);
    assert_eq!(evaluation.verdict, Verdict::Qualifies);
    assert_eq!(
        evaluation.route.map(|r| r.id.as_str()),
        Some("science_award")
    );
}

#[test]
fn innovative_recognition_while_valid() {
    let title = TitleKind::InnovativeSme;
    let high_tech = |granted: &str| {
        let mut facts = sme("recognised");
        facts.honours = Some(Vec::new());
        facts.titles = Some(vec![HeldTitle {
            title: TitleKind::HighTech,
            granted: date(granted),
            valid_until: None,
            rule_set: None,
        }]);
        facts
    };
    // 高新技术企业 certificates run 3 years: granted 2022-06-02 is valid through 2025-06-01.
    assert_eq!(
        route_of(title, &high_tech("2022-06-02"), "recognition"),
        Tri::Yes
    );
    assert_eq!(
        route_of(title, &high_tech("2022-06-01"), "recognition"),
        Tri::No
    );
    for kind in [
        HonourKind::TechInnovationDemo,
        HonourKind::IpAdvantage,
        HonourKind::IpDemonstration,
    ] {
        for (until, expected) in [("2025-06-01", Tri::Yes), ("2025-05-31", Tri::No)] {
            let mut facts = sme("honoured");
            facts.titles = Some(Vec::new());
            facts.honours = Some(vec![Honour {
                kind,
                valid_until: Some(date(until)),
            }]);
            assert_eq!(
                route_of(title, &facts, "recognition"),
                expected,
                "{kind:?} {until}"
            );
        }
    }
}

#[test]
fn innovative_rd_institution_provincial_or_above() {
    for (level, expected) in [
        (RdInstitution::City, Tri::No),
        (RdInstitution::Provincial, Tri::Yes),
        (RdInstitution::National, Tri::Yes),
    ] {
        let mut facts = sme("institute");
        facts.rd_institution = Some(level);
        assert_eq!(
            route_of(TitleKind::InnovativeSme, &facts, "rd_institution"),
            expected,
            "{level:?}"
        );
    }
}

/// 500万 over 2022–2024; equity raised in 2021 is outside the window.
#[test]
fn innovative_equity_over_three_years() {
    for (last, expected) in [(1_999_999.0, Tri::No), (2_000_000.0, Tri::Yes)] {
        let mut facts = sme("funded");
        facts.year_mut(2021).equity_raised = Some(9_000_000.0);
        facts.year_mut(2022).equity_raised = Some(1_000_000.0);
        facts.year_mut(2023).equity_raised = Some(2_000_000.0);
        facts.year_mut(2024).equity_raised = Some(last);
        assert_eq!(
            route_of(TitleKind::InnovativeSme, &facts, "equity"),
            expected
        );
    }
}

#[test]
fn specialised_science_award_places() {
    let title = TitleKind::SpecialisedSme;
    for (kind, rank, expected) in [
        (AwardKind::ProvincialScience, 3, Tri::Yes),
        (AwardKind::ProvincialScience, 4, Tri::No),
        (AwardKind::NationalScience, 5, Tri::Yes),
        (AwardKind::NationalScience, 6, Tri::No),
    ] {
        let facts = with_awards(vec![award(kind, Some(rank), "2024-03-01")]);
        assert_eq!(
            route_of(title, &facts, "science_award"),
            expected,
            "{kind:?} {rank}"
        );
    }
    // A place not known cannot settle a "top 3" route.
    let facts = with_awards(vec![award(
        AwardKind::ProvincialScience,
        None,
        "2024-03-01",
    )]);
    assert_eq!(route_of(title, &facts, "science_award"), Tri::Unknown);
}

#[test]
fn specialised_rd_average_over_two_years() {
    for (last, expected) in [(9_999_999.0, Tri::No), (10_000_000.0, Tri::Yes)] {
        let mut facts = sme("research");
        facts.year_mut(2023).rd_expense = Some(10_000_000.0);
        facts.year_mut(2024).rd_expense = Some(last);
        assert_eq!(
            route_of(TitleKind::SpecialisedSme, &facts, "rd_average"),
            expected
        );
    }
}

#[test]
fn specialised_equity_over_two_years() {
    for (last, expected) in [(29_999_999.0, Tri::No), (30_000_000.0, Tri::Yes)] {
        let mut facts = sme("funded");
        facts.year_mut(2023).equity_raised = Some(30_000_000.0);
        facts.year_mut(2024).equity_raised = Some(last);
        assert_eq!(
            route_of(TitleKind::SpecialisedSme, &facts, "equity"),
            expected
        );
    }
}

#[test]
fn specialised_maker_china_top_500() {
    for (rank, expected) in [(500, Tri::Yes), (501, Tri::No)] {
        let facts = with_awards(vec![award(AwardKind::MakerChina, Some(rank), "2023-09-01")]);
        assert_eq!(
            route_of(TitleKind::SpecialisedSme, &facts, "maker_china"),
            expected
        );
    }
}

/// The 2022 专精特新 routes stand in for the score only: conditions (1)–(3) still apply.
#[test]
fn specialised_routes_replace_only_the_score() {
    let mut facts = with_awards(vec![award(AwardKind::MakerChina, Some(12), "2024-09-01")]);
    facts.niche_since = Some(date("2020-01-01"));
    let y = facts.year_mut(2024);
    y.revenue = Some(30_000_000.0);
    y.rd_expense = Some(1_200_000.0);
    let evaluation = evaluate(TitleKind::SpecialisedSme, UNDER_2022, &facts);
    assert_eq!(evaluation.verdict, Verdict::Qualifies);
    assert_eq!(evaluation.route.map(|r| r.id.as_str()), Some("maker_china"));
    // R&D 2.9 % fails condition (2): the route does not help.
    facts.year_mut(2024).rd_expense = Some(870_000.0);
    let evaluation = evaluate(TitleKind::SpecialisedSme, UNDER_2022, &facts);
    assert_eq!(evaluation.verdict, Verdict::DoesNotQualify);
}

#[test]
fn little_giant_national_award_top_3() {
    for (rank, expected) in [(3, Verdict::Qualifies), (4, Verdict::CannotTell)] {
        let facts = with_awards(vec![award(
            AwardKind::NationalScience,
            Some(rank),
            "2023-01-10",
        )]);
        let evaluation = evaluate(TitleKind::LittleGiant, UNDER_2022, &facts);
        assert_eq!(evaluation.verdict, expected, "rank {rank}");
    }
    // The route replaces the 小巨人 indicators, not SME status.
    let mut facts = with_awards(vec![award(
        AwardKind::NationalScience,
        Some(1),
        "2023-01-10",
    )]);
    facts.size_class = Some(SizeClass::Large);
    let evaluation = evaluate(TitleKind::LittleGiant, UNDER_2022, &facts);
    assert_eq!(route(&evaluation, "national_award"), Tri::Yes);
    assert_eq!(evaluation.verdict, Verdict::DoesNotQualify);
}

#[test]
fn little_giant_maker_china_top_50() {
    for (rank, expected) in [(50, Tri::Yes), (51, Tri::No)] {
        let facts = with_awards(vec![award(AwardKind::MakerChina, Some(rank), "2024-11-01")]);
        assert_eq!(
            route_of(TitleKind::LittleGiant, &facts, "maker_china"),
            expected
        );
    }
}

/// The 2026 first tier keeps the 2022 routes (unverified carry-over).
#[test]
fn tech_innovative_2026_keeps_the_routes() {
    let mut facts = sme("institute");
    facts.rd_institution = Some(RdInstitution::National);
    let evaluation = evaluate(TitleKind::InnovativeSme, UNDER_2026, &facts);
    assert_eq!(evaluation.rule_set.id, "tech-innovative-sme-2026");
    assert_eq!(evaluation.verdict, Verdict::Qualifies);
    assert_eq!(
        evaluation.route.map(|r| r.id.as_str()),
        Some("rd_institution")
    );
}
