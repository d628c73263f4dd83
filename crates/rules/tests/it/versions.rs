//! The rule version in force on the evaluation date is used; titles granted under old rules stay
//! valid until they expire.

use model::TitleKind;
use rules::{Evaluator, HeldTitle, RuleError, Verdict};

use crate::common::*;

fn in_force(title: TitleKind, on: &str, region: Option<&str>) -> Result<&'static str, RuleError> {
    book()
        .in_force(title, date(on), region)
        .map(|set| set.id.as_str())
}

#[test]
fn miit_tiers_switch_on_2026_04_01() {
    for (title, old, new) in [
        (
            TitleKind::InnovativeSme,
            "innovative-sme-2022",
            "tech-innovative-sme-2026",
        ),
        (
            TitleKind::SpecialisedSme,
            "specialised-sme-2022",
            "specialised-sme-2026",
        ),
        (
            TitleKind::LittleGiant,
            "little-giant-2022",
            "little-giant-2026",
        ),
    ] {
        assert_eq!(in_force(title, "2022-08-01", None), Ok(old));
        assert_eq!(in_force(title, "2026-03-31", None), Ok(old));
        assert_eq!(in_force(title, "2026-04-01", None), Ok(new));
        assert_eq!(in_force(title, "2030-01-01", None), Ok(new));
        assert!(matches!(
            in_force(title, "2022-07-31", None),
            Err(RuleError::NoneInForce { .. })
        ));
    }
}

#[test]
fn single_champion_versions() {
    let title = TitleKind::SingleChampion;
    assert_eq!(
        in_force(title, "2022-12-31", None),
        Ok("single-champion-2016")
    );
    assert_eq!(
        in_force(title, "2023-01-01", None),
        Ok("single-champion-2023")
    );
}

#[test]
fn chain_rules_follow_the_region() {
    let title = TitleKind::ChainMaster;
    assert_eq!(
        in_force(title, UNDER_2022, Some("14")),
        Ok("chain-master-shanxi")
    );
    assert_eq!(
        in_force(title, UNDER_2022, Some("140100")),
        Ok("chain-master-shanxi")
    );
    assert_eq!(
        in_force(title, UNDER_2022, Some("44")),
        Ok("chain-master-guangdong")
    );
    assert!(in_force(title, UNDER_2022, Some("31")).is_err());
    assert!(in_force(title, UNDER_2022, None).is_err());
    assert_eq!(
        book().titles_in_force(date(UNDER_2022), Some("14")),
        vec![
            TitleKind::InnovativeSme,
            TitleKind::SpecialisedSme,
            TitleKind::LittleGiant,
            TitleKind::SingleChampion,
            TitleKind::ChainMaster,
            TitleKind::ChainCore,
        ]
    );
}

/// A 专精特新 title granted under the 2022 rules on 2025-01-10 stays valid until 2028-01-09,
/// although the firm's 75 % main-business share fails the 2026 rules (≥ 80 %).
#[test]
fn titles_granted_under_old_rules_stay_valid_until_they_expire() {
    let mut facts = sme("holder");
    facts.titles = Some(vec![HeldTitle {
        title: TitleKind::SpecialisedSme,
        granted: date("2025-01-10"),
        valid_until: None,
        rule_set: None,
    }]);
    facts.year_mut(2025).revenue = Some(100_000_000.0);
    facts.year_mut(2025).main_business_revenue = Some(75_000_000.0);

    let evaluation = evaluate(TitleKind::SpecialisedSme, UNDER_2026, &facts);
    assert_eq!(evaluation.rule_set.id, "specialised-sme-2026");
    assert_eq!(evaluation.verdict, Verdict::DoesNotQualify);
    let held = evaluation.held.as_ref().unwrap();
    assert!(held.valid);
    assert_eq!(held.valid_until, Some(date("2028-01-09")));
    assert_eq!(held.rule_set.as_deref(), Some("specialised-sme-2022"));

    let evaluation = evaluate(TitleKind::SpecialisedSme, "2028-01-09", &facts);
    assert!(evaluation.held.as_ref().unwrap().valid);
    let evaluation = evaluate(TitleKind::SpecialisedSme, "2028-01-10", &facts);
    assert!(!evaluation.held.as_ref().unwrap().valid);
}

/// A certificate's own end date wins over the rule set's term; a valid title is preferred over an
/// expired one of the same kind.
#[test]
fn stated_validity_and_renewals() {
    let mut facts = sme("renewed");
    facts.titles = Some(vec![
        HeldTitle {
            title: TitleKind::InnovativeSme,
            granted: date("2019-01-01"),
            valid_until: Some(date("2021-12-31")),
            rule_set: None,
        },
        HeldTitle {
            title: TitleKind::InnovativeSme,
            granted: date("2023-03-01"),
            valid_until: Some(date("2025-12-31")),
            rule_set: Some("innovative-sme-2022".into()),
        },
    ]);
    let evaluator = Evaluator::new(book(), date(UNDER_2022));
    let evaluation = evaluator
        .evaluate(&facts, TitleKind::InnovativeSme)
        .unwrap();
    let held = evaluation.held.unwrap();
    assert!(held.valid);
    assert_eq!(held.granted, date("2023-03-01"));
    assert_eq!(held.valid_until, Some(date("2025-12-31")));
}

/// Chain roles carry no fixed term: held until revoked unless the record says otherwise.
#[test]
fn chain_roles_do_not_lapse_by_themselves() {
    let held = HeldTitle {
        title: TitleKind::ChainMaster,
        granted: date("2022-03-01"),
        valid_until: None,
        rule_set: None,
    };
    let evaluator = Evaluator::new(book(), date("2030-01-01")).for_region("14");
    assert_eq!(evaluator.title_valid_until(&held), None);
}
