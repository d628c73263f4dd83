//! Batch screening and the cultivation pipelines.

use model::TitleKind;
use rules::{
    Cell, EnterpriseFacts, Evaluator, HeldTitle, Lang, PipelineOptions, ReachRule, SCREEN_COLUMNS,
    ScreenRow, Stage, Verdict, cultivation, pipeline_counts, screen,
};

use crate::common::*;
use crate::worked::sensor_maker;

fn held(title: TitleKind, granted: &str) -> HeldTitle {
    HeldTitle {
        title,
        granted: date(granted),
        valid_until: None,
        rule_set: None,
    }
}

fn firms() -> Vec<EnterpriseFacts> {
    let mut holder = sensor_maker();
    holder.id = "holder".into();
    holder.titles = Some(vec![held(TitleKind::SpecialisedSme, "2022-09-01")]);
    vec![sensor_maker(), EnterpriseFacts::new("blank"), holder]
}

#[test]
fn screening_is_evaluation_in_parallel() {
    let evaluator = Evaluator::new(book(), date(UNDER_2022)).for_region("14");
    let titles = book().titles_in_force(date(UNDER_2022), Some("14"));
    let facts = firms();
    let results = screen(&evaluator, &facts, &titles).unwrap();
    assert_eq!(results.len(), facts.len() * titles.len());
    let mut index = 0;
    for firm in &facts {
        for title in &titles {
            assert_eq!(results[index], evaluator.evaluate(firm, *title).unwrap());
            index += 1;
        }
    }
    // A title without rules for the region fails the whole screen up front.
    let national = Evaluator::new(book(), date(UNDER_2022));
    assert!(screen(&national, &facts, &[TitleKind::ChainMaster]).is_err());
}

#[test]
fn rows_follow_the_columns_in_both_languages() {
    let evaluator = Evaluator::new(book(), date(UNDER_2022));
    let results = screen(
        &evaluator,
        &firms(),
        &[TitleKind::LittleGiant, TitleKind::InnovativeSme],
    )
    .unwrap();
    for result in &results {
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(ScreenRow(result).cells(lang).len(), SCREEN_COLUMNS.len());
        }
    }
    let column = |key: &str| SCREEN_COLUMNS.iter().position(|c| c.key == key).unwrap();
    let sensor = ScreenRow(&results[0]).cells(Lang::Zh);
    assert_eq!(sensor[column("verdict")], Cell::Text("符合".into()));
    assert_eq!(
        sensor[column("title")],
        Cell::Text("专精特新“小巨人”企业".into())
    );
    assert_eq!(sensor[column("score")], Cell::Empty);
    let blank = ScreenRow(&results[3]).cells(Lang::En);
    assert_eq!(blank[column("verdict")], Cell::Text("cannot tell".into()));
    // Nothing known: 0–100, except the field indicator, which gives at least 5.
    assert_eq!(blank[column("score")], Cell::Text("5–100".into()));
    let Cell::Text(missing) = &blank[column("missing")] else {
        panic!("the blank firm names its missing data");
    };
    assert!(missing.contains("revenue 2024"), "{missing}");
    assert_eq!(
        SCREEN_COLUMNS[column("gaps")].header(Lang::Zh),
        "差距与建议"
    );
}

/// The dynamic-adjustment entry was judged, and failed, under the 专精特新 2022 rules.
fn assert_rechecked_under_2022(entries: &[rules::PipelineEntry<'_>]) {
    let recheck = entries
        .iter()
        .find(|e| e.stage == Stage::NoLongerMeets)
        .unwrap();
    assert_eq!(recheck.evaluation.rule_set.id, "specialised-sme-2022");
    assert_eq!(recheck.evaluation.verdict, Verdict::DoesNotQualify);
}

#[test]
fn pipelines() {
    let evaluator = Evaluator::new(book(), date(UNDER_2022));
    let titles = [
        TitleKind::InnovativeSme,
        TitleKind::SpecialisedSme,
        TitleKind::LittleGiant,
    ];

    // Qualifies for 小巨人 and holds nothing.
    let unheld = sensor_maker();
    // Holds 专精特新 from 2022-09-01 (valid to 2025-08-31): expiring within 180 days; and a
    // holder whose R&D has collapsed to 50万 no longer meets the 2022 rules.
    let mut expiring = sensor_maker();
    expiring.id = "expiring".into();
    expiring.titles = Some(vec![held(TitleKind::SpecialisedSme, "2022-09-01")]);
    let mut lapsed = sensor_maker();
    lapsed.id = "lapsed".into();
    lapsed.titles = Some(vec![held(TitleKind::SpecialisedSme, "2024-01-15")]);
    lapsed.year_mut(2024).rd_expense = Some(500_000.0);
    // Holds the 专精特新 title and misses 小巨人 only by a 9.7 % national share (needs 10 %).
    let mut near = sensor_maker();
    near.id = "near".into();
    near.titles = Some(vec![held(TitleKind::SpecialisedSme, "2024-01-15")]);
    near.national_market_share = Some(0.097);
    // Misses by 7 % share: not within reach.
    let mut far = near.clone();
    far.id = "far".into();
    far.national_market_share = Some(0.07);

    let facts = vec![unheld, expiring, lapsed, near, far];
    let entries = cultivation(&evaluator, &facts, &titles, &PipelineOptions::default());
    let find = |stage: Stage, id: &str| {
        entries
            .iter()
            .filter(|e| e.stage == stage && e.enterprise == id)
            .map(|e| e.title)
            .collect::<Vec<_>>()
    };
    assert!(find(Stage::QualifiesUnheld, "sensor").contains(&TitleKind::LittleGiant));
    assert_eq!(
        find(Stage::Expiring, "expiring"),
        [TitleKind::SpecialisedSme]
    );
    let expiring_entry = entries.iter().find(|e| e.stage == Stage::Expiring).unwrap();
    assert_eq!(expiring_entry.days_left, Some(91));
    assert_eq!(
        find(Stage::NoLongerMeets, "lapsed"),
        [TitleKind::SpecialisedSme]
    );
    assert_rechecked_under_2022(&entries);
    assert_eq!(find(Stage::WithinReach, "near"), [TitleKind::LittleGiant]);
    assert!(find(Stage::WithinReach, "far").is_empty());
    assert!(find(Stage::NoLongerMeets, "near").is_empty());

    let counts = pipeline_counts(&entries);
    assert!(counts.contains(&(Stage::Expiring, TitleKind::SpecialisedSme, 1)));
}

/// A holder whose record names its rules by a reference the book does not know (a 文号, a
/// register's own version code) is judged by the rules in force on its grant date, not today's.
#[test]
fn unknown_grant_rules_mean_the_rules_of_the_grant_date() {
    let mut lapsed = sensor_maker();
    // The sensor maker's accounts a year later, evaluated under the 2026 rules.
    for figures in &mut lapsed.years {
        figures.year += 1;
    }
    lapsed.year_mut(2025).rd_expense = Some(500_000.0);
    lapsed.titles = Some(vec![HeldTitle {
        rule_set: Some("工信部企业〔2022〕63号".into()),
        ..held(TitleKind::SpecialisedSme, "2024-01-15")
    }]);
    let evaluator = Evaluator::new(book(), date(UNDER_2026));
    let entries = cultivation(
        &evaluator,
        &[lapsed],
        &[TitleKind::SpecialisedSme],
        &PipelineOptions::default(),
    );
    assert_rechecked_under_2022(&entries);
}

/// Yes/no requirements are not "small" gaps unless the rule says so.
#[test]
fn within_reach_rule() {
    let mut facts = sensor_maker();
    facts.own_brand = Some(false);
    let evaluation = evaluate(TitleKind::LittleGiant, UNDER_2022, &facts);
    assert_eq!(evaluation.verdict, Verdict::DoesNotQualify);
    assert!(!ReachRule::default().within_reach(&evaluation));
    let lenient = ReachRule {
        flags_are_small: true,
        ..ReachRule::default()
    };
    assert!(lenient.within_reach(&evaluation));
    // Two failures are one too many by default.
    facts.national_market_share = Some(0.097);
    let evaluation = evaluate(TitleKind::LittleGiant, UNDER_2022, &facts);
    assert!(!lenient.within_reach(&evaluation));
    assert!(
        ReachRule {
            max_failed: 2,
            ..lenient
        }
        .within_reach(&evaluation)
    );
    // A firm that qualifies is not "within reach".
    let evaluation = evaluate(TitleKind::LittleGiant, UNDER_2022, &sensor_maker());
    assert!(!lenient.within_reach(&evaluation));
}

/// The JSON an API would send: the rule set by id and source, the route by id, every test with
/// its reading and outcome.
#[test]
fn evaluations_serialise_for_the_api() {
    let mut facts = sensor_maker();
    facts.own_brand = None;
    let evaluation = evaluate(TitleKind::LittleGiant, UNDER_2022, &facts);
    let json = serde_json::to_value(&evaluation).unwrap();
    assert_eq!(json["rule_set"]["id"], "little-giant-2022");
    assert_eq!(
        json["rule_set"]["document_number"],
        "工信部企业〔2022〕63号"
    );
    assert_eq!(json["verdict"], "cannot_tell");
    assert_eq!(json["missing"][0]["field"], "own_brand");
    assert_eq!(json["route"], serde_json::Value::Null);
    let brand = json["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "own_brand")
        .unwrap();
    assert_eq!(brand["outcome"], "unknown");
    assert_eq!(brand["tests"][0]["test"]["measure"]["name"], "own_brand");
}
