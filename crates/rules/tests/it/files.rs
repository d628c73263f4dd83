//! Rule files: the shipped set's markers, user files and provincial overlays, and the errors that
//! keep a wrong file from mis-scoring.

use model::TitleKind;
use rules::{Evaluator, MissingFact, RuleBook, RuleError, Verdict};

use crate::common::*;

fn load(book: &mut RuleBook, text: &str) -> Result<String, RuleError> {
    book.load(text, "test.toml").map(|set| set.id.clone())
}

fn invalid(text: &str) -> String {
    let mut book = RuleBook::builtin().unwrap();
    match load(&mut book, text) {
        Err(error) => error.to_string(),
        Ok(id) => panic!("`{id}` loaded but should not have"),
    }
}

const HEADER: &str = r#"
schema = 1
id = "test-set"
title = "chain_master"
jurisdiction = "36"
document = "test"
in_force_from = 2024-01-01
"#;

#[test]
fn shipped_sets_state_their_sources_and_markers() {
    for set in book().sets() {
        assert!(!set.document.is_empty(), "{}", set.id);
        if let Some(score) = &set.score {
            let most: f64 = score.groups.iter().map(|g| g.max).sum();
            assert_eq!(most, 100.0, "{}", set.id);
        }
    }
    let unverified: Vec<&str> = book()
        .sets()
        .iter()
        .filter(|set| set.unverified)
        .map(|set| set.id.as_str())
        .collect();
    assert_eq!(
        unverified,
        [
            "tech-innovative-sme-2026",
            "specialised-sme-2026",
            "little-giant-2026",
            "single-champion-2023"
        ]
    );
    let specialised = book().get("specialised-sme-2022").unwrap();
    let rows: Vec<&str> = specialised
        .score
        .as_ref()
        .unwrap()
        .groups
        .iter()
        .flat_map(|g| &g.indicators)
        .filter(|i| i.unverified)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(rows, ["12", "13"]);
    assert_eq!(
        book()
            .get("specialised-sme-2022")
            .unwrap()
            .document_number
            .as_deref(),
        Some("工信部企业〔2022〕63号")
    );
}

#[test]
fn a_user_file_adds_a_province() {
    let mut book = RuleBook::builtin().unwrap();
    let text = format!(
        "{HEADER}
[[requirement]]
id = \"revenue\"
zh = \"营业收入10亿元以上\"
en = \"revenue of 1 billion or more\"
measure = \"revenue\"
range = \"[10亿, inf)\"
"
    );
    assert_eq!(load(&mut book, &text).unwrap(), "test-set");
    let mut firm = rules::EnterpriseFacts::new("jx");
    firm.year_mut(2024).revenue = Some(1e9);
    let evaluation = Evaluator::new(&book, date(UNDER_2022))
        .for_region("360100")
        .evaluate(&firm, TitleKind::ChainMaster)
        .unwrap();
    assert_eq!(evaluation.rule_set.origin, "test.toml");
    assert_eq!(evaluation.verdict, Verdict::Qualifies);
}

/// A corrected copy of a shipped file (same id) replaces it: here Shanxi adds a revenue floor.
#[test]
fn a_file_with_a_shipped_id_replaces_it() {
    let mut book = RuleBook::builtin().unwrap();
    let shipped = rules::BUILTIN_FILES
        .iter()
        .find(|(name, _)| *name == "chain-master-shanxi.toml")
        .unwrap()
        .1;
    let text = format!(
        "{shipped}
[[requirement]]
id = \"revenue\"
zh = \"上年度营业收入10亿元以上\"
en = \"revenue of 1 billion yuan or more\"
measure = \"revenue\"
range = \"[10亿, inf)\"
"
    );
    load(&mut book, &text).unwrap();
    assert_eq!(book.sets().len(), rules::BUILTIN_FILES.len());
    let mut firm = rules::EnterpriseFacts::new("sx");
    firm.partner_firms = Some(30);
    firm.year_mut(2024).revenue = Some(5e8);
    let evaluation = Evaluator::new(&book, date(UNDER_2022))
        .for_region("14")
        .evaluate(&firm, TitleKind::ChainMaster)
        .unwrap();
    assert_eq!(evaluation.verdict, Verdict::DoesNotQualify);
    assert_eq!(evaluation.failed().next().unwrap().id, "revenue");
}

const SHANXI_FEATURES: &str = r#"
schema = 1
kind = "provincial_overlay"
id = "specialised-sme-2022-shanxi"
extends = "specialised-sme-2022"
jurisdiction = "14"
document = "example overlay (test data, not Shanxi's published indicators)"

[[score.group]]
id = "feature"
zh = "特色化"
en = "Distinctiveness"
max = 15
provincial = true

[[score.group.indicator]]
id = "9a"
zh = "属于省重点产业链"
en = "in a provincial key chain"
max = 10

[[score.group.indicator.band]]
label = "是"
points = 10
measure = "provincial_indicator"
key = "key_chain"
range = "[1, inf)"

[[score.group.indicator.band]]
label = "否"
points = 0
otherwise = true

[[score.group.indicator]]
id = "9b"
zh = "省级以上专业镇企业"
en = "in a provincial professional town"
max = 5
kind = "direct"
measure = "provincial_indicator"
key = "town_points"
"#;

#[test]
fn a_provincial_overlay_sets_the_feature_indicators() {
    let mut book = RuleBook::builtin().unwrap();
    assert_eq!(
        load(&mut book, SHANXI_FEATURES).unwrap(),
        "specialised-sme-2022-shanxi"
    );
    let mut firm = sme("sx");
    firm.provincial_indicators.insert("key_chain".into(), 1.0);
    firm.provincial_indicators.insert("town_points".into(), 3.0);
    let shanxi = Evaluator::new(&book, date(UNDER_2022)).for_region("14");
    let evaluation = shanxi.evaluate(&firm, TitleKind::SpecialisedSme).unwrap();
    assert_eq!(evaluation.rule_set.id, "specialised-sme-2022-shanxi");
    assert_eq!(group(&evaluation, "feature").value(), Some(13.0));
    // The base set's requirements and other groups are untouched.
    assert_eq!(evaluation.requirements.len(), 4);
    assert_eq!(evaluation.score.as_ref().unwrap().groups.len(), 4);
    // Elsewhere the national set reads the province's points from `provincial_score`.
    let national = Evaluator::new(&book, date(UNDER_2022));
    let evaluation = national.evaluate(&firm, TitleKind::SpecialisedSme).unwrap();
    assert_eq!(evaluation.rule_set.id, "specialised-sme-2022");
    // A provincial indicator not given is named with its key.
    firm.provincial_indicators.remove("town_points");
    let evaluation = shanxi.evaluate(&firm, TitleKind::SpecialisedSme).unwrap();
    let feature = evaluation
        .score
        .as_ref()
        .unwrap()
        .groups
        .iter()
        .find(|g| g.id == "feature")
        .unwrap();
    let town = feature.indicators.iter().find(|i| i.id == "9b").unwrap();
    assert_eq!(town.missing[0].column(), "provincial.town_points");
    assert!(town.missing.contains(&MissingFact::keyed(
        rules::Field::ProvincialIndicator,
        "town_points"
    )));
}

#[test]
fn malformed_files_are_rejected_with_their_place() {
    let requirement = |body: &str| {
        format!("{HEADER}\n[[requirement]]\nid = \"r\"\nzh = \"z\"\nen = \"e\"\n{body}\n")
    };
    let cases = [
        ("schema = 1\nid = ", "not a valid rule file"),
        (
            &requirement("measure = \"revenue\"\nrange = \"[1, inf)\"\ncolour = \"red\""),
            "colour",
        ),
        (
            &requirement("measure = \"turnover\"\nrange = \"[1, inf)\""),
            "unknown measure `turnover`",
        ),
        (
            &requirement("measure = \"revenue\"\nrange = \"[1; inf)\""),
            "requirement[r]: interval `[1; inf)`",
        ),
        (
            &requirement("measure = \"revenue\"\nrange = \"[5, 3)\""),
            "empty",
        ),
        (
            &requirement("measure = \"revenue\"\nis = true"),
            "not a flag",
        ),
        (
            &requirement("measure = \"own_brand\"\nrange = \"[1, inf)\""),
            "is a flag",
        ),
        (
            &requirement("measure = \"size_class\"\nin = [\"tiny\"]"),
            "`tiny` is not one of",
        ),
        (
            &requirement("measure = \"revenue\""),
            "exactly one of `range`, `is` or `in`",
        ),
        (
            &requirement("measure = \"rd_spend_total\"\nrange = \"[1, inf)\""),
            "needs `years`",
        ),
        (
            &requirement(
                "[[requirement.any]]\nmeasure = \"revenue\"\nrange = \"[1, inf)\"\nid = \"x\"",
            ),
            "`id` is not allowed",
        ),
    ];
    for (text, expected) in cases {
        let message = invalid(text);
        assert!(
            message.contains(expected),
            "{expected:?} not in {message:?}"
        );
    }
}

fn score_file(indicator: &str, group_max: u32) -> String {
    format!(
        "{HEADER}
[score]
pass_total = 5

[[score.group]]
id = \"g\"
zh = \"组\"
en = \"group\"
max = {group_max}

[[score.group.indicator]]
id = \"i\"
zh = \"指标\"
en = \"indicator\"
max = 10
{indicator}
"
    )
}

#[test]
fn score_tables_must_add_up_and_bands_must_not_overlap() {
    let bands = |first: &str, second: &str, points: u32| {
        format!(
            "[[score.group.indicator.band]]\nlabel = \"a\"\npoints = {points}\nmeasure = \"rd_intensity\"\nrange = \"{first}\"\n\
             [[score.group.indicator.band]]\nlabel = \"b\"\npoints = 0\nmeasure = \"rd_intensity\"\nrange = \"{second}\"\n"
        )
    };
    let mut book = RuleBook::builtin().unwrap();
    load(
        &mut book,
        &score_file(&bands("[3%, inf)", "(-inf, 3%)", 10), 10),
    )
    .unwrap();
    for (text, expected) in [
        (
            score_file(&bands("[3%, inf)", "(-inf, 3%]", 10), 10),
            "overlap",
        ),
        (
            score_file(&bands("[3%, inf)", "(-inf, 3%)", 10), 12),
            "max is 12 but its indicators give at most 10",
        ),
        (
            score_file(&bands("[3%, inf)", "(-inf, 3%)", 8), 10),
            "best band gives 8",
        ),
        (
            score_file(&bands("[3%, inf)", "(-inf, 3%)", 11), 10),
            "outside 0..=10",
        ),
        (
            score_file(
                "kind = \"per_unit\"\nmeasure = \"niche_years\"\nper = 2",
                10,
            ),
            "needs `per` and `points`",
        ),
        (
            score_file(
                "[[score.group.indicator.band]]\nlabel = \"x\"\npoints = 10\notherwise = true\n[[score.group.indicator.band]]\nlabel = \"y\"\npoints = 0\nmeasure = \"revenue\"\nrange = \"[0, inf)\"",
                10,
            ),
            "must come last",
        ),
    ] {
        let message = invalid(&text);
        assert!(
            message.contains(expected),
            "{expected:?} not in {message:?}"
        );
    }
}

#[test]
fn routes_overlays_versions_and_cycles_are_checked() {
    let route = format!(
        "{HEADER}
[[requirement]]
id = \"partners\"
zh = \"z\"
en = \"e\"
measure = \"partner_firms\"
range = \"[15, inf)\"

[[route]]
id = \"x\"
zh = \"z\"
en = \"e\"
replaces = [\"revenue\"]
measure = \"revenue\"
range = \"[1, inf)\"
"
    );
    assert!(invalid(&route).contains("replaces unknown requirement `revenue`"));

    let not_provincial = SHANXI_FEATURES.replace("id = \"feature\"", "id = \"innovation\"");
    assert!(invalid(&not_provincial).contains("only groups marked `provincial = true`"));

    let mut book = RuleBook::new();
    assert!(matches!(
        book.load(SHANXI_FEATURES, "overlay.toml"),
        Err(RuleError::UnknownBase { .. })
    ));

    // A second Shanxi chain-master set over the same dates is ambiguous.
    let shipped = rules::BUILTIN_FILES
        .iter()
        .find(|(name, _)| *name == "chain-master-shanxi.toml")
        .unwrap()
        .1;
    let twin = shipped.replace("id = \"chain-master-shanxi\"", "id = \"twin\"");
    let mut book = RuleBook::builtin().unwrap();
    assert!(matches!(
        book.load(&twin, "twin.toml"),
        Err(RuleError::Overlap { .. })
    ));
    // Closing the old one first lets a new version follow it.
    let closed = shipped.replace(
        "in_force_from = 2021-01-01",
        "in_force_from = 2021-01-01\nin_force_until = 2025-12-31",
    );
    book.load(&closed, "closed.toml").unwrap();
    let next = twin.replace("in_force_from = 2021-01-01", "in_force_from = 2026-01-01");
    book.load(&next, "next.toml").unwrap();
    assert_eq!(
        book.in_force(TitleKind::ChainMaster, date("2026-01-01"), Some("14"))
            .unwrap()
            .id,
        "twin"
    );

    // Chain-master consulting chain-core, which consults chain-master, would never end.
    let cyclic = shipped.replace(
        "measure = \"partner_firms\"\nrange = \"[15, inf)\"",
        "measure = \"qualifies_for\"\ntitle = \"chain_core\"\nis = true",
    );
    let mut book = RuleBook::builtin().unwrap();
    assert!(matches!(
        book.load(&cyclic, "cyclic.toml"),
        Err(RuleError::Cycle { .. })
    ));

    let future = HEADER.replace("schema = 1", "schema = 2");
    assert!(invalid(&format!("{future}\n[[requirement]]\nid=\"r\"\nzh=\"z\"\nen=\"e\"\nmeasure=\"revenue\"\nrange=\"[1, inf)\"")).contains("schema 2 is not supported"));
}
