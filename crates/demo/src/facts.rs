//! The annual facts of local firms that eligibility rules and assessments read (names are the
//! columns of crates/rules/FACTS_TABLE.md, plus `land_area_mu`, `value_added_<year>` and
//! `pollutant_emissions_kg_<year>` for the per-mu benefit classes).
//!
//! Figures follow the firm's profile (revenue, growth, R&D effort) so that rules and monitoring
//! tell one story. About one firm in seven has filed nothing, and filed records miss a fact now
//! and then, because "cannot tell" is a verdict people must see.

use model::{SizeClass, Uscc};
use store::Fact;

use crate::population::Profile;
use crate::rng::Rng;

const PURPOSE_FACTS: u64 = 5;

/// The years the facts describe: the last three full years before the demo's "now" (late 2026).
pub const FACT_YEARS: [u16; 3] = [2023, 2024, 2025];

/// Chains of emerging industries (战略性新兴产业): their firms' main products usually qualify.
const EMERGING_CHAINS: [&str; 10] = [
    "SX-02", "SX-04", "SX-05", "SX-07", "SX-09", "SX-10", "SX-11", "SX-13", "SX-14", "SX-15",
];

fn yes_no(yes: bool) -> String {
    if yes { "yes" } else { "no" }.to_owned()
}

fn money(value: f64) -> String {
    format!("{:.0}", value.max(0.0))
}

/// Draws the facts of one local firm (none for firms outside the province or that filed nothing).
pub fn facts_of(
    seed: u64,
    index: usize,
    uscc: Uscc,
    size: SizeClass,
    founded: Option<u16>,
    chain: Option<&str>,
    profile: &Profile,
) -> Vec<Fact> {
    let mut rng = Rng::stream(seed, PURPOSE_FACTS, index as u64);
    if profile.external || rng.chance(0.15) {
        return Vec::new();
    }
    let mut facts: Vec<(String, String)> = Vec::new();
    let revenue =
        |year: u16| profile.revenue * (1.0 + profile.growth).max(0.2).powi(i32::from(year) - 2025);
    let main_share = (0.55 + 0.44 * rng.uniform()).min(0.99);
    let assets_ratio = rng.lognormal(1.1, 0.4);
    let leverage = (0.25 + 0.55 * rng.uniform()).min(0.95);
    let value_added_rate = 0.2 + 0.15 * rng.uniform();
    for year in FACT_YEARS {
        let r = revenue(year);
        facts.push((format!("revenue_{year}"), money(r)));
        facts.push((
            format!("main_business_revenue_{year}"),
            money(r * main_share),
        ));
        facts.push((
            format!("rd_expense_{year}"),
            money(r * profile.rd_intensity * rng.lognormal(1.0, 0.15)),
        ));
        facts.push((
            format!("equity_raised_{year}"),
            money(if rng.chance(0.05) {
                rng.lognormal(2.0e7, 1.0)
            } else {
                0.0
            }),
        ));
        if year >= 2024 {
            facts.push((format!("value_added_{year}"), money(r * value_added_rate)));
            let emissions = r * profile.tce_per_yuan * rng.lognormal(6.0, 0.5);
            facts.push((
                format!("pollutant_emissions_kg_{year}"),
                format!("{emissions:.1}"),
            ));
        }
    }
    let last = revenue(2025);
    facts.push((
        "net_profit_2025".to_owned(),
        money(last * profile.margin * 0.8),
    ));
    facts.push(("total_assets_2025".to_owned(), money(last * assets_ratio)));
    facts.push((
        "total_liabilities_2025".to_owned(),
        money(last * assets_ratio * leverage),
    ));
    facts.push((
        "employees_2025".to_owned(),
        format!("{:.0}", profile.employees),
    ));
    let rd_staff_share = (profile.rd_intensity * 3.0 * rng.lognormal(1.0, 0.4)).min(0.6);
    facts.push((
        "rd_staff_2025".to_owned(),
        format!("{:.0}", profile.employees * rd_staff_share),
    ));
    let entered = founded.unwrap_or(2010) + rng.below(6) as u16;
    facts.push(("niche_since".to_owned(), entered.min(2024).to_string()));
    facts.push(("new_product".to_owned(), yes_no(rng.chance(0.2))));
    // Intellectual property grows with R&D effort.
    let ip_rate = profile.rd_intensity * 100.0;
    let class1 = (ip_rate * rng.lognormal(0.6, 0.8)).floor();
    facts.push(("ip_class1".to_owned(), format!("{class1:.0}")));
    facts.push((
        "ip_class1_in_use".to_owned(),
        format!("{:.0}", (class1 * rng.uniform()).floor()),
    ));
    facts.push((
        "ip_class1_self_developed".to_owned(),
        format!("{:.0}", (class1 * (0.5 + 0.5 * rng.uniform())).floor()),
    ));
    facts.push((
        "ip_class1_high_value".to_owned(),
        format!("{:.0}", (class1 * 0.3 * rng.uniform()).floor()),
    ));
    facts.push((
        "ip_class2".to_owned(),
        format!("{:.0}", (ip_rate * rng.lognormal(2.0, 0.8)).floor()),
    ));
    let emerging = chain.is_some_and(|c| EMERGING_CHAINS.contains(&c));
    facts.push((
        "strategic_emerging".to_owned(),
        yes_no(emerging || rng.chance(0.1)),
    ));
    let field = match rng.below(10) {
        0 => "gap_filling",
        1 | 2 => "foundation",
        _ => "other",
    };
    facts.push(("product_field".to_owned(), field.to_owned()));
    facts.push(("digital_level".to_owned(), (1 + rng.below(4)).to_string()));
    for (name, probability) in [
        ("quality_award", 0.08),
        ("management_certification", 0.55),
        ("foreign_product_certification", 0.1),
        ("own_brand", 0.6),
        ("standard_setting", 0.1),
        ("info_system", 0.7),
    ] {
        facts.push((name.to_owned(), yes_no(rng.chance(probability))));
    }
    let institution = match (profile.rd_intensity > 0.03, rng.below(10)) {
        (true, 0) => "national",
        (true, 1..=3) => "provincial",
        (true, _) | (false, 0) => "city",
        (false, 1..=3) => "below_city",
        _ => "none",
    };
    facts.push(("rd_institution".to_owned(), institution.to_owned()));
    if matches!(size, SizeClass::Large | SizeClass::Medium) {
        facts.push((
            "national_market_share".to_owned(),
            format!("{:.4}", rng.lognormal(0.03, 1.0).min(0.6)),
        ));
        facts.push((
            "global_market_rank".to_owned(),
            (1 + rng.below(30)).to_string(),
        ));
    }
    facts.push(("industry_profit_margin".to_owned(), "0.055".to_owned()));
    facts.push(("provincial_score".to_owned(), rng.below(16).to_string()));
    // Land: revenue per mu varies widely between light and heavy industry.
    facts.push((
        "land_area_mu".to_owned(),
        format!("{:.1}", (last / rng.lognormal(4.0e6, 0.7)).max(2.0)),
    ));
    // A filed record still misses a fact now and then.
    facts
        .into_iter()
        .filter(|_| !rng.chance(0.04))
        .map(|(fact, value)| Fact {
            uscc,
            fact,
            value,
            source: Some("企业年报（演示）".to_owned()),
        })
        .collect()
}
