//! Screens synthetic enterprises for every title in force (the medium demo province has about
//! 20,000) and reports the time: evaluations, table rows, and the cultivation pipelines.
//!
//! `cargo run --release -p rules --example screen_synthetic -- [enterprises] [region] [date]`
//! (defaults: 20000, 14 = Shanxi, 2025-06-01).

use std::time::Instant;

use model::{SizeClass, TitleKind};
use rules::{
    Award, AwardKind, ClusterKind, Date, EnterpriseFacts, Evaluator, HeldTitle, IpCounts, Lang,
    PipelineOptions, ProductField, RdInstitution, RuleBook, ScreenRow, Verdict, cultivation,
    screen, screen_table,
};

/// SplitMix64: a small deterministic generator, so every run screens the same province.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A drawn value with probability `known`, else `None`.
    fn maybe<T>(&mut self, known: f64, draw: impl FnOnce(&mut Self) -> T) -> Option<T> {
        (self.unit() < known).then(|| draw(self))
    }
}

fn enterprise(index: usize, rng: &mut SplitMix, last_year: i32) -> EnterpriseFacts {
    let mut facts = EnterpriseFacts::new(format!("E{index:06}"));
    facts.name = Some(format!("合成企业{index}"));
    facts.region = Some(format!("14{:02}00", 1 + rng.below(11)));
    facts.size_class = Some(match rng.below(20) {
        0 => SizeClass::Large,
        1..=4 => SizeClass::Medium,
        5..=14 => SizeClass::Small,
        _ => SizeClass::Micro,
    });
    // Revenue log-uniform from 5 million to 5 billion yuan, growing 0–25 % a year.
    let mut revenue = 5e6 * (1000f64).powf(rng.unit());
    let growth = rng.range(-0.1, 0.25);
    let main_share = rng.range(0.4, 1.0);
    let rd_share = rng.range(0.0, 0.1);
    for year in (last_year - 3)..=last_year {
        let y = facts.year_mut(year);
        y.revenue = Some(revenue.round());
        y.main_business_revenue = Some((revenue * main_share).round());
        y.niche_product_revenue = Some((revenue * main_share * 0.8).round());
        y.rd_expense = Some((revenue * rd_share * rng.range(0.8, 1.2)).round());
        y.net_profit = Some((revenue * rng.range(-0.03, 0.15)).round());
        y.total_assets = Some((revenue * rng.range(0.8, 1.6)).round());
        y.total_liabilities = Some(y.total_assets.unwrap_or(0.0) * rng.range(0.2, 0.9));
        y.employees = Some(20 + (revenue / 5e5) as u32);
        y.rd_staff = y
            .employees
            .map(|e| (f64::from(e) * rng.range(0.0, 0.4)) as u32);
        y.equity_raised = Some(if rng.below(10) == 0 {
            rng.range(1e6, 1e8)
        } else {
            0.0
        });
        y.chain_master_trade = rng.maybe(0.3, |r| r.range(0.0, 3e7));
        revenue *= 1.0 + growth;
    }
    facts.niche_since = Date::new(2000 + rng.below(24) as i32, 1 + rng.below(12) as u8, 1);
    facts.new_product = Some(rng.below(5) == 0);
    let class1 = rng.below(6) as u32;
    facts.ip = IpCounts {
        class1_high_value: Some(rng.below(2) as u32 * class1.min(1)),
        class1_self_developed: Some(class1 / 2),
        class1: Some(class1),
        class1_in_use: Some(class1.saturating_sub(1)),
        class2: Some(rng.below(10) as u32),
    };
    facts.strategic_emerging = Some(rng.below(2) == 0);
    facts.product_field = Some(ProductField::ALL[rng.below(3) as usize]);
    facts.digital_level = Some(1 + rng.below(4) as u8);
    facts.quality_award = Some(rng.below(6) == 0);
    facts.management_certification = Some(rng.below(2) == 0);
    facts.foreign_product_certification = Some(rng.below(8) == 0);
    facts.own_brand = Some(rng.below(2) == 0);
    facts.standard_setting = Some(rng.below(5) == 0);
    facts.info_system = Some(rng.below(3) != 0);
    facts.rd_institution = Some(RdInstitution::ALL[rng.below(5) as usize]);
    // Some facts are often missing in practice: the screen must name them.
    facts.national_market_share = rng.maybe(0.6, |r| r.range(0.0, 0.3));
    facts.global_market_rank = rng.maybe(0.3, |r| 1 + r.below(20) as u32);
    facts.industry_profit_margin = Some(0.06);
    facts.provincial_score = rng.maybe(0.7, |r| r.range(0.0, 15.0));
    facts.partner_firms = Some(rng.below(30) as u32);
    facts.cluster = Some(ClusterKind::ALL[rng.below(2) as usize]);
    let award_kind = AwardKind::ALL[rng.below(3) as usize];
    facts.awards = Some(
        (rng.below(8) == 0)
            .then(|| Award {
                kind: award_kind,
                rank: Some(1 + rng.below(600) as u32),
                date: Date::new(last_year - 1, 6, 30).unwrap_or(Date::MAX),
            })
            .into_iter()
            .collect(),
    );
    let held = [
        TitleKind::HighTech,
        TitleKind::InnovativeSme,
        TitleKind::SpecialisedSme,
    ];
    let mut titles = Vec::new();
    for title in held {
        if rng.below(6) == 0 {
            titles.push(HeldTitle {
                title,
                granted: Date::new(last_year - rng.below(4) as i32, 3, 1).unwrap_or(Date::MAX),
                valid_until: None,
                rule_set: None,
            });
        }
    }
    facts.titles = Some(titles);
    facts.honours = Some(Vec::new());
    facts
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().map_or(Ok(20_000), |text| text.parse())?;
    let region = args.next().unwrap_or_else(|| "14".to_owned());
    let date = Date::parse(&args.next().unwrap_or_else(|| "2025-06-01".to_owned()))?;

    let started = Instant::now();
    let book = RuleBook::builtin()?;
    let load = started.elapsed();

    let mut rng = SplitMix(20_250_601);
    let facts: Vec<EnterpriseFacts> = (0..count)
        .map(|index| enterprise(index, &mut rng, date.year() - 1))
        .collect();

    let evaluator = Evaluator::new(&book, date).for_region(region.as_str());
    let titles = book.titles_in_force(date, Some(&region));

    // What the CLI does: evaluate and keep only the table rows.
    let started = Instant::now();
    let table = screen_table(&evaluator, &facts, &titles, Lang::Zh)?;
    let table_time = started.elapsed();

    // What the server does for explanations: keep every evaluation, then make rows from them.
    let started = Instant::now();
    let results = screen(&evaluator, &facts, &titles)?;
    let evaluate = started.elapsed();
    let started = Instant::now();
    let cells: usize = results
        .iter()
        .map(|result| ScreenRow(result).cells(Lang::Zh).len())
        .sum();
    let rows = started.elapsed();
    assert_eq!(cells, table.iter().map(Vec::len).sum::<usize>());

    let tallies: Vec<(TitleKind, [usize; 3])> = titles
        .iter()
        .map(|title| {
            let of_title = results.iter().filter(|r| r.title == *title);
            let tally = |verdict| of_title.clone().filter(|r| r.verdict == verdict).count();
            (
                *title,
                [
                    tally(Verdict::Qualifies),
                    tally(Verdict::DoesNotQualify),
                    tally(Verdict::CannotTell),
                ],
            )
        })
        .collect();
    let evaluations = results.len();
    drop(results);

    let started = Instant::now();
    let entries = cultivation(&evaluator, &facts, &titles, &PipelineOptions::default());
    let pipelines = started.elapsed();

    println!(
        "{count} enterprises × {} titles = {evaluations} evaluations ({region}, {date}, {} rayon threads)",
        titles.len(),
        rayon::current_num_threads()
    );
    for (title, [qualifies, does_not, cannot_tell]) in tallies {
        println!(
            "  {:<16} qualifies {qualifies:>6}  does not {does_not:>6}  cannot tell {cannot_tell:>6}",
            title.as_str()
        );
    }
    let ms = |duration: std::time::Duration| duration.as_secs_f64() * 1e3;
    println!("rule files parsed            {:>8.1} ms", ms(load));
    println!("screen_table (rows only)     {:>8.1} ms", ms(table_time));
    println!("screen (full explanations)   {:>8.1} ms", ms(evaluate));
    println!(
        "rows from explanations       {:>8.1} ms ({cells} cells)",
        ms(rows)
    );
    println!(
        "cultivation pipelines        {:>8.1} ms ({} entries)",
        ms(pipelines),
        entries.len()
    );
    Ok(())
}
