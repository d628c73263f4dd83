//! Every band edge of both score tables, pinned just below, at and just above (amounts in whole
//! yuan, so "just below 3 %" of 1亿 is 2,999,999 yuan). The expected points are the published
//! tables (tier_innovative_sme_2022.csv, tier_zjtx_sme_2022.csv) with the edge rules of
//! rulesets/README.md: 以上/以下 inclusive, ranges lower-bound inclusive, and a "≤" band owning its
//! edge against the range above it.

use std::fmt::Debug;

use model::TitleKind;
use rules::{EnterpriseFacts, ProductField, RdInstitution};

use crate::common::*;

/// Scores indicator `id` of `title` (2022 rules, last year 2024) for each case and compares.
fn pin<T: Copy + Debug>(
    title: TitleKind,
    id: &str,
    cases: &[(T, f64)],
    set: impl Fn(&mut EnterpriseFacts, T),
) {
    for (value, expected) in cases {
        let mut facts = sme("edge");
        set(&mut facts, *value);
        let evaluation = evaluate(title, UNDER_2022, &facts);
        assert_eq!(
            points(&evaluation, id),
            *expected,
            "{title} indicator {id} at {value:?}"
        );
    }
}

const INNOVATIVE: TitleKind = TitleKind::InnovativeSme;
const SPECIALISED: TitleKind = TitleKind::SpecialisedSme;

#[test]
fn innovative_1_intellectual_property() {
    pin(
        INNOVATIVE,
        "1",
        &[
            ((0, 0, 0, 0), 0.0),
            ((0, 0, 0, 1), 5.0),
            ((0, 0, 0, 2), 5.0),
            ((0, 0, 1, 0), 10.0),
            ((0, 0, 2, 3), 10.0),
            ((0, 1, 1, 0), 15.0),
            ((0, 2, 2, 0), 15.0),
            ((1, 0, 1, 0), 20.0),
            ((2, 2, 3, 9), 20.0),
        ],
        set_ip,
    );
}

fn rd_of_100m(facts: &mut EnterpriseFacts, rd: f64) {
    facts.year_mut(2024).revenue = Some(100_000_000.0);
    facts.year_mut(2024).rd_expense = Some(rd);
}

#[test]
fn innovative_2_rd_intensity() {
    pin(
        INNOVATIVE,
        "2",
        &[
            (999_999.0, 0.0),
            (1_000_000.0, 5.0),
            (1_000_001.0, 5.0),
            (1_999_999.0, 5.0),
            (2_000_000.0, 10.0),
            (2_000_001.0, 10.0),
            (2_999_999.0, 10.0),
            (3_000_000.0, 15.0),
            (3_000_001.0, 15.0),
            (4_999_999.0, 15.0),
            (5_000_000.0, 20.0),
            (5_000_001.0, 20.0),
        ],
        rd_of_100m,
    );
}

#[test]
fn innovative_3_main_business_growth() {
    pin(
        INNOVATIVE,
        "3",
        &[
            (99_999_999.0, 0.0),
            (100_000_000.0, 5.0),
            (100_000_001.0, 5.0),
            (104_999_999.0, 5.0),
            (105_000_000.0, 10.0),
            (105_000_001.0, 10.0),
            (109_999_999.0, 10.0),
            (110_000_000.0, 15.0),
            (110_000_001.0, 15.0),
            (114_999_999.0, 15.0),
            (115_000_000.0, 20.0),
            (115_000_001.0, 20.0),
        ],
        |facts, now| {
            facts.year_mut(2023).main_business_revenue = Some(100_000_000.0);
            facts.year_mut(2024).main_business_revenue = Some(now);
        },
    );
}

fn liabilities_of_100m(facts: &mut EnterpriseFacts, liabilities: f64) {
    facts.year_mut(2024).total_assets = Some(100_000_000.0);
    facts.year_mut(2024).total_liabilities = Some(liabilities);
}

#[test]
fn innovative_4_asset_liability_ratio() {
    pin(
        INNOVATIVE,
        "4",
        &[
            (54_999_999.0, 10.0),
            (55_000_000.0, 10.0),
            (55_000_001.0, 5.0),
            (74_999_999.0, 5.0),
            (75_000_000.0, 5.0),
            (75_000_001.0, 0.0),
        ],
        liabilities_of_100m,
    );
}

#[test]
fn innovative_5_field() {
    pin(
        INNOVATIVE,
        "5",
        &[(true, 10.0), (false, 5.0)],
        |facts, emerging| {
            facts.strategic_emerging = Some(emerging);
        },
    );
}

fn main_business_of_100m(facts: &mut EnterpriseFacts, main: f64) {
    facts.year_mut(2024).revenue = Some(100_000_000.0);
    facts.year_mut(2024).main_business_revenue = Some(main);
}

#[test]
fn innovative_6_main_business_share() {
    pin(
        INNOVATIVE,
        "6",
        &[
            (49_999_999.0, 0.0),
            (50_000_000.0, 5.0),
            (50_000_001.0, 5.0),
            (54_999_999.0, 5.0),
            (55_000_000.0, 10.0),
            (55_000_001.0, 10.0),
            (59_999_999.0, 10.0),
            (60_000_000.0, 15.0),
            (60_000_001.0, 15.0),
            (69_999_999.0, 15.0),
            (70_000_000.0, 20.0),
            (70_000_001.0, 20.0),
        ],
        main_business_of_100m,
    );
}

#[test]
fn specialised_1_main_business_share() {
    pin(
        SPECIALISED,
        "1",
        &[
            (59_999_999.0, 0.0),
            (60_000_000.0, 1.0),
            (60_000_001.0, 1.0),
            (69_999_999.0, 1.0),
            (70_000_000.0, 3.0),
            (70_000_001.0, 3.0),
            (79_999_999.0, 3.0),
            (80_000_000.0, 5.0),
            (80_000_001.0, 5.0),
        ],
        main_business_of_100m,
    );
}

/// Geometric two-year growth from 1亿 in 2022: 4 % is 1亿 × 1.04² = 108,160,000 in 2024.
#[test]
fn specialised_2_two_year_average_growth() {
    pin(
        SPECIALISED,
        "2",
        &[
            (99_999_999.0, 0.0),
            (100_000_000.0, 2.0),
            (100_000_001.0, 2.0),
            (108_159_999.0, 2.0),
            (108_160_000.0, 4.0),
            (108_160_001.0, 4.0),
            (112_359_999.0, 4.0),
            (112_360_000.0, 6.0),
            (112_360_001.0, 6.0),
            (116_639_999.0, 6.0),
            (116_640_000.0, 8.0),
            (116_640_001.0, 8.0),
            (120_999_999.0, 8.0),
            (121_000_000.0, 10.0),
            (121_000_001.0, 10.0),
        ],
        |facts, now| {
            facts.year_mut(2022).main_business_revenue = Some(100_000_000.0);
            facts.year_mut(2024).main_business_revenue = Some(now);
        },
    );
}

/// One point per full 2 years to the end of 2024, at most 5.
#[test]
fn specialised_3_niche_years() {
    pin(
        SPECIALISED,
        "3",
        &[
            ("2023-01-02", 0.0),
            ("2023-01-01", 1.0),
            ("2022-12-31", 1.0),
            ("2021-01-02", 1.0),
            ("2021-01-01", 2.0),
            ("2019-01-02", 2.0),
            ("2019-01-01", 3.0),
            ("2017-01-02", 3.0),
            ("2017-01-01", 4.0),
            ("2015-01-02", 4.0),
            ("2015-01-01", 5.0),
            ("2014-12-31", 5.0),
            ("2005-01-01", 5.0),
        ],
        |facts, since| facts.niche_since = Some(date(since)),
    );
}

#[test]
fn specialised_4_product_field() {
    pin(
        SPECIALISED,
        "4",
        &[
            (ProductField::GapFilling, 5.0),
            (ProductField::Foundation, 3.0),
            (ProductField::Other, 0.0),
        ],
        |facts, field| facts.product_field = Some(field),
    );
}

#[test]
fn specialised_5_digital_level() {
    pin(
        SPECIALISED,
        "5",
        &[(1, 0.0), (2, 3.0), (3, 5.0), (4, 5.0)],
        |facts, level| facts.digital_level = Some(level),
    );
}

/// 3 points per item, at most 5: the items are a quality award, a certification, an own brand and
/// standard setting.
#[test]
fn specialised_6_quality_items() {
    pin(
        SPECIALISED,
        "6",
        &[(0, 0.0), (1, 3.0), (2, 5.0), (3, 5.0), (4, 5.0)],
        |facts, items: usize| {
            let flags = [
                &mut facts.quality_award,
                &mut facts.management_certification,
                &mut facts.own_brand,
                &mut facts.standard_setting,
            ];
            for (index, flag) in flags.into_iter().enumerate() {
                *flag = Some(index < items);
            }
        },
    );
}

#[test]
fn specialised_7_net_profit_margin() {
    pin(
        SPECIALISED,
        "7",
        &[
            (-5_000_000.0, 0.0),
            (1_999_999.0, 0.0),
            (2_000_000.0, 2.0),
            (2_000_001.0, 2.0),
            (3_999_999.0, 2.0),
            (4_000_000.0, 4.0),
            (4_000_001.0, 4.0),
            (5_999_999.0, 4.0),
            (6_000_000.0, 6.0),
            (6_000_001.0, 6.0),
            (7_999_999.0, 6.0),
            (8_000_000.0, 8.0),
            (8_000_001.0, 8.0),
            (9_999_999.0, 8.0),
            (10_000_000.0, 10.0),
            (10_000_001.0, 10.0),
        ],
        |facts, profit| {
            facts.year_mut(2024).revenue = Some(100_000_000.0);
            facts.year_mut(2024).net_profit = Some(profit);
        },
    );
}

#[test]
fn specialised_8_asset_liability_ratio() {
    pin(
        SPECIALISED,
        "8",
        &[
            (49_999_999.0, 5.0),
            (50_000_000.0, 5.0),
            (50_000_001.0, 3.0),
            (59_999_999.0, 3.0),
            (60_000_000.0, 3.0),
            (60_000_001.0, 1.0),
            (69_999_999.0, 1.0),
            (70_000_000.0, 1.0),
            (70_000_001.0, 0.0),
        ],
        liabilities_of_100m,
    );
}

/// The province's points, capped at the group's 15.
#[test]
fn specialised_9_provincial_points() {
    pin(
        SPECIALISED,
        "9",
        &[
            (-1.0, 0.0),
            (0.0, 0.0),
            (14.5, 14.5),
            (15.0, 15.0),
            (16.0, 15.0),
        ],
        |facts, score| facts.provincial_score = Some(score),
    );
}

#[test]
fn specialised_10_intellectual_property() {
    pin(
        SPECIALISED,
        "10",
        &[
            ((0, 0, 0, 0), 0.0),
            ((0, 0, 0, 1), 2.0),
            ((0, 0, 0, 2), 2.0),
            ((0, 0, 1, 0), 6.0),
            ((0, 0, 2, 3), 6.0),
            ((0, 1, 1, 0), 8.0),
            ((0, 2, 2, 0), 8.0),
            ((1, 0, 1, 0), 10.0),
            ((2, 2, 3, 9), 10.0),
        ],
        set_ip,
    );
}

/// The amount edges, with revenue so large (10亿) that the intensity stays under 3 %.
#[test]
fn specialised_11_rd_amount() {
    pin(
        SPECIALISED,
        "11",
        &[
            (999_999.0, 0.0),
            (1_000_000.0, 2.0),
            (1_000_001.0, 2.0),
            (1_999_999.0, 2.0),
            (2_000_000.0, 4.0),
            (2_000_001.0, 4.0),
            (2_999_999.0, 4.0),
            (3_000_000.0, 6.0),
            (3_000_001.0, 6.0),
            (3_999_999.0, 6.0),
            (4_000_000.0, 8.0),
            (4_000_001.0, 8.0),
            (4_999_999.0, 8.0),
            (5_000_000.0, 10.0),
            (5_000_001.0, 10.0),
        ],
        |facts, rd| {
            facts.year_mut(2024).revenue = Some(1_000_000_000.0);
            facts.year_mut(2024).rd_expense = Some(rd);
        },
    );
}

/// The share edges, with revenue so small (100万) that the amount stays under 100万.
#[test]
fn specialised_11_rd_share() {
    pin(
        SPECIALISED,
        "11",
        &[
            (29_999.0, 0.0),
            (30_000.0, 2.0),
            (30_001.0, 2.0),
            (39_999.0, 2.0),
            (40_000.0, 4.0),
            (40_001.0, 4.0),
            (59_999.0, 4.0),
            (60_000.0, 6.0),
            (60_001.0, 6.0),
            (79_999.0, 6.0),
            (80_000.0, 8.0),
            (80_001.0, 8.0),
            (99_999.0, 8.0),
            (100_000.0, 10.0),
            (100_001.0, 10.0),
        ],
        |facts, rd| {
            facts.year_mut(2024).revenue = Some(1_000_000.0);
            facts.year_mut(2024).rd_expense = Some(rd);
        },
    );
}

/// Either criterion earns the band: 450万 at 12 % takes the top band by its share.
#[test]
fn specialised_11_better_of_amount_and_share() {
    pin(SPECIALISED, "11", &[(4_500_000.0, 10.0)], |facts, rd| {
        facts.year_mut(2024).revenue = Some(37_500_000.0);
        facts.year_mut(2024).rd_expense = Some(rd);
    });
}

#[test]
fn specialised_12_rd_staff_share() {
    pin(
        SPECIALISED,
        "12",
        &[
            (499, 0.0),
            (500, 1.0),
            (501, 1.0),
            (999, 1.0),
            (1000, 3.0),
            (1001, 3.0),
            (1999, 3.0),
            (2000, 5.0),
            (2001, 5.0),
        ],
        |facts, staff| {
            facts.year_mut(2024).employees = Some(10_000);
            facts.year_mut(2024).rd_staff = Some(staff);
        },
    );
}

#[test]
fn specialised_13_rd_institution() {
    pin(
        SPECIALISED,
        "13",
        &[
            (RdInstitution::NotEstablished, 0.0),
            (RdInstitution::BelowCity, 2.0),
            (RdInstitution::City, 4.0),
            (RdInstitution::Provincial, 8.0),
            (RdInstitution::National, 10.0),
        ],
        |facts, level| facts.rd_institution = Some(level),
    );
}
