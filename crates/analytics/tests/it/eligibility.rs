use std::collections::{HashMap, HashSet};

use analytics::eligibility::{self, EligibilityData, FactSource, Scope};
use model::{DesignationStatus, MembershipRole, Period, RegionCode};
use rules::{Date, FactsTable, Lang, PipelineOptions, RuleBook, Stage, Verdict};
use store::EnterpriseFilter;

use crate::{Demo, demo};

async fn everything(demo: &Demo) -> EligibilityData {
    eligibility::load(&demo.store, &EnterpriseFilter::default())
        .await
        .unwrap()
}

/// What the demo filed for enterprise `index`, read the way the rules read a facts table.
fn filed(demo: &Demo, index: usize) -> rules::EnterpriseFacts {
    let facts: Vec<store::Fact> = demo
        .province
        .facts_of(index)
        .into_iter()
        .filter(|f| FactsTable::from_header(&["id", f.fact.as_str()]).is_ok())
        .collect();
    let mut header = vec!["id"];
    header.extend(facts.iter().map(|f| f.fact.as_str()));
    let mut cells = vec!["x"];
    cells.extend(facts.iter().map(|f| f.value.as_str()));
    FactsTable::from_header(&header)
        .unwrap()
        .read_row(&cells)
        .unwrap()
}

fn position(data: &EligibilityData, demo: &Demo, index: usize) -> usize {
    let uscc = demo.province.population.enterprises[index].uscc;
    data.position(uscc.as_str()).unwrap()
}

/// The demo's values of indicator `indicator` for enterprise `index` in `year`.
fn reported(demo: &Demo, index: usize, indicator: usize, year: u16) -> Vec<(Period, f64)> {
    demo.province
        .observations_of(index)
        .into_iter()
        .filter(|&(i, period, _)| i == indicator && period.year() == year)
        .map(|(_, period, value)| (period, value))
        .collect()
}

fn derived(data: &EligibilityData, at: usize, column: &str) -> Option<FactSource> {
    data.derived[at]
        .iter()
        .find(|fact| fact.column() == column)
        .map(|fact| fact.source)
}

#[tokio::test]
async fn facts_come_from_filings_and_the_register() {
    let demo = demo().await;
    let data = everything(&demo).await;
    let population = &demo.province.population;
    assert_eq!(data.len(), population.enterprises.len());
    assert!(data.unreadable.is_empty(), "{:?}", &data.unreadable[..1]);

    // A firm that filed its 2025 accounts: every filed fact is loaded as the demo drew it.
    let index = (0..population.enterprises.len())
        .find(|&i| {
            let f = demo.province.facts_of(i);
            f.iter().any(|f| f.fact == "revenue_2025") && f.iter().any(|f| f.fact == "ip_class1")
        })
        .unwrap();
    let expected = filed(&demo, index);
    let enterprise = &population.enterprises[index];
    let loaded = &data.facts[position(&data, &demo, index)];
    assert_eq!(loaded.id, enterprise.uscc.as_str());
    assert_eq!(loaded.name.as_deref(), Some(enterprise.name.as_str()));
    assert_eq!(loaded.region, Some(enterprise.region.to_string()));
    assert_eq!(loaded.size_class, Some(enterprise.size_class));
    for figures in &expected.years {
        let got = loaded.year(figures.year).unwrap();
        assert_eq!(got.revenue, figures.revenue, "{}", figures.year);
        assert_eq!(got.rd_expense, figures.rd_expense, "{}", figures.year);
        assert_eq!(got.main_business_revenue, figures.main_business_revenue);
        assert_eq!(got.total_assets, figures.total_assets);
        assert_eq!(got.equity_raised, figures.equity_raised);
    }
    assert_eq!(
        loaded.year(2025).unwrap().revenue.unwrap(),
        demo.province
            .facts_of(index)
            .iter()
            .find(|f| f.fact == "revenue_2025")
            .unwrap()
            .value
            .parse::<f64>()
            .unwrap()
    );
    assert_eq!(loaded.ip, expected.ip);
    assert_eq!(loaded.niche_since, expected.niche_since);
    assert_eq!(loaded.own_brand, expected.own_brand);
    assert_eq!(loaded.rd_institution, expected.rd_institution);
    assert_eq!(loaded.product_field, expected.product_field);
    assert_eq!(loaded.provincial_score, expected.provincial_score);

    // A firm that filed nothing still has its register facts, and nothing filed.
    let silent = (0..population.enterprises.len())
        .find(|&i| demo.province.facts_of(i).is_empty() && !population.profiles[i].external)
        .unwrap();
    let loaded = &data.facts[position(&data, &demo, silent)];
    assert_eq!(
        loaded.size_class,
        Some(population.enterprises[silent].size_class)
    );
    assert_eq!(loaded.ip, rules::IpCounts::default());
    assert_eq!(loaded.niche_since, None);
}

#[tokio::test]
async fn designations_become_held_titles() {
    let demo = demo().await;
    let data = everything(&demo).await;
    let designations = &demo.province.designations;
    assert!(designations.len() > 50);
    let held: HashSet<&str> = designations.iter().map(|d| d.uscc.as_str()).collect();
    for designation in designations {
        assert_eq!(designation.status, DesignationStatus::Published);
        let at = data.position(designation.uscc.as_str()).unwrap();
        let titles = data.facts[at].titles.as_ref().unwrap();
        let granted = Date::parse(designation.valid_from.as_deref().unwrap()).unwrap();
        let title = titles
            .iter()
            .find(|t| t.title == designation.title && t.granted == granted)
            .unwrap_or_else(|| panic!("{designation:?} not in {titles:?}"));
        assert_eq!(
            title.valid_until,
            designation
                .valid_until
                .as_deref()
                .map(|d| Date::parse(d).unwrap())
        );
        assert_eq!(title.rule_set, designation.rule_version);
        assert_eq!(derived(&data, at, "titles"), Some(FactSource::Designations));
    }
    // The register is complete: no designation means no title, not an unknown.
    let none = data
        .facts
        .iter()
        .find(|f| !held.contains(f.id.as_str()))
        .unwrap();
    assert_eq!(none.titles, Some(Vec::new()));
}

#[tokio::test]
async fn network_facts_match_the_supply_links() {
    let demo = demo().await;
    let data = everything(&demo).await;
    let population = &demo.province.population;
    let province = |i: usize| population.enterprises[i].region.province();
    let mut partners: HashMap<usize, HashSet<usize>> = HashMap::new();
    for customer in 0..population.enterprises.len() {
        for (supplier, _) in demo.province.links_of(customer) {
            if supplier != customer && province(supplier) == province(customer) {
                partners.entry(customer).or_default().insert(supplier);
                partners.entry(supplier).or_default().insert(customer);
            }
        }
    }
    assert!(partners.len() > 500);
    for i in 0..population.enterprises.len() {
        let at = position(&data, &demo, i);
        let expected = partners.get(&i).map_or(0, HashSet::len) as u32;
        assert_eq!(
            data.facts[at].partner_firms,
            Some(expected),
            "enterprise {i}"
        );
        assert_eq!(
            derived(&data, at, "partner_firms"),
            Some(FactSource::SupplyNetwork)
        );
    }

    // Trade with chain-masters, checked on the core suppliers (链核), some promoted by the demo for
    // selling a chain-master more than 10 million yuan.
    let index_of: HashMap<&str, usize> = population
        .enterprises
        .iter()
        .enumerate()
        .map(|(i, e)| (e.uscc.as_str(), i))
        .collect();
    let masters: HashSet<usize> = population
        .memberships
        .iter()
        .filter(|m| m.role == MembershipRole::ChainMaster)
        .map(|m| index_of[m.uscc.as_str()])
        .collect();
    // (index, promoted by the demo for its trade with a chain-master)
    let cores: Vec<(usize, bool)> = population
        .memberships
        .iter()
        .filter(|m| m.role == MembershipRole::ChainCore)
        .map(|m| (index_of[m.uscc.as_str()], m.source.contains("1000万")))
        .collect();
    assert!(cores.iter().any(|(_, promoted)| *promoted));
    for (core, promoted) in cores {
        let mut sales: HashMap<usize, f64> = HashMap::new();
        for &master in &masters {
            for (supplier, value) in demo.province.links_of(master) {
                if supplier == core {
                    *sales.entry(master).or_default() += value;
                }
            }
        }
        let best = sales.values().copied().fold(0.0, f64::max);
        assert!(!promoted || best > 1.0e7);
        let at = position(&data, &demo, core);
        let trade = data.facts[at].year(2025).unwrap().chain_master_trade;
        assert_eq!(trade, Some(best));
        assert_eq!(
            derived(&data, at, "chain_master_trade_2025"),
            Some(FactSource::SupplyNetwork)
        );
    }
}

#[tokio::test]
async fn monthly_reports_fill_only_what_was_not_filed() {
    let demo = demo().await;
    let population = &demo.province.population;
    let complete = |i: usize| reported(&demo, i, 1, 2025).len() == 11;
    // A firm that filed nothing but reported every month of 2025.
    let silent = (0..population.enterprises.len())
        .find(|&i| demo.province.facts_of(i).is_empty() && complete(i))
        .unwrap();
    // A firm that filed its 2025 revenue and head count and reported every month too.
    let filer = (0..population.enterprises.len())
        .find(|&i| {
            let facts = demo.province.facts_of(i);
            ["revenue_2025", "employees_2025"]
                .iter()
                .all(|name| facts.iter().any(|f| f.fact == *name))
                && complete(i)
        })
        .unwrap();
    // Filed facts beat derived ones also where the store derives for everyone: partner counts.
    let mut tx = demo.store.begin().await.unwrap();
    demo.store
        .upsert_facts(
            &mut tx,
            &[store::Fact {
                uscc: population.enterprises[filer].uscc,
                fact: "partner_firms".into(),
                value: "99".into(),
                source: None,
            }],
            None,
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let data = everything(&demo).await;

    let at = position(&data, &demo, silent);
    let revenue: f64 = reported(&demo, silent, 1, 2025).iter().map(|p| p.1).sum();
    let got = data.facts[at].year(2025).unwrap();
    assert!((got.revenue.unwrap() - revenue).abs() <= 1e-6 * revenue);
    let rd: f64 = reported(&demo, silent, 9, 2025).iter().map(|p| p.1).sum();
    assert!((got.rd_expense.unwrap() - rd).abs() <= 1e-6 * rd.max(1.0));
    let december = reported(&demo, silent, 5, 2025)
        .into_iter()
        .find(|(p, _)| p.month() == 12)
        .unwrap()
        .1;
    assert_eq!(got.employees, Some(december.round() as u32));
    assert_eq!(
        derived(&data, at, "revenue_2025"),
        Some(FactSource::MonthlyReports)
    );
    assert_eq!(
        derived(&data, at, "employees_2025"),
        Some(FactSource::MonthlyReports)
    );
    // 2026 is not over: no year figure from its months.
    assert!(
        data.facts[at]
            .year(2026)
            .is_none_or(|y| y.revenue.is_none())
    );

    let at = position(&data, &demo, filer);
    let expected = filed(&demo, filer);
    let got = data.facts[at].year(2025).unwrap();
    let filed_2025 = expected.year(2025).unwrap();
    assert_eq!(got.revenue, filed_2025.revenue);
    assert_eq!(got.employees, filed_2025.employees);
    let revenue: f64 = reported(&demo, filer, 1, 2025).iter().map(|p| p.1).sum();
    assert_ne!(got.revenue, Some(revenue));
    assert_eq!(derived(&data, at, "revenue_2025"), None);
    assert_eq!(data.facts[at].partner_firms, Some(99));
    assert_eq!(derived(&data, at, "partner_firms"), None);
}

#[tokio::test]
async fn screening_pipelines_and_explanations_on_the_demo() {
    let demo = demo().await;
    let store = &demo.store;
    let book = RuleBook::builtin().unwrap();
    let date = Date::parse("2026-06-30").unwrap();

    let home = eligibility::home_province(store).await.unwrap();
    assert_eq!(home, Some(RegionCode::parse("140000").unwrap()));
    let scope = Scope::default().resolve(store).await.unwrap();
    let data = eligibility::load(store, &scope.filter).await.unwrap();
    let local = demo
        .province
        .population
        .enterprises
        .iter()
        .filter(|e| e.region.province() == home.unwrap())
        .count();
    assert_eq!(data.len(), local);

    let evaluator = scope.evaluator(&book, date);
    let titles = eligibility::titles_in_force(&evaluator);
    assert_eq!(titles.len(), 6, "{titles:?}");
    let screening = eligibility::screen(&data.facts, &evaluator, &titles, None, Lang::En).unwrap();
    assert_eq!(screening.table.rows.len(), local * titles.len());
    let total = |f: fn(&eligibility::VerdictCounts) -> usize| -> usize {
        screening.counts.iter().map(f).sum()
    };
    assert!(total(|c| c.qualifies) > 0);
    assert!(total(|c| c.does_not_qualify) > 0);
    assert!(total(|c| c.cannot_tell) > 0);
    assert_eq!(
        total(|c| c.qualifies) + total(|c| c.does_not_qualify) + total(|c| c.cannot_tell),
        screening.table.rows.len()
    );
    // Limiting to one verdict keeps the counts of all.
    let qualifying = eligibility::screen(
        &data.facts,
        &evaluator,
        &titles,
        Some(Verdict::Qualifies),
        Lang::Zh,
    )
    .unwrap();
    assert_eq!(qualifying.counts, screening.counts);
    assert_eq!(qualifying.table.rows.len(), total(|c| c.qualifies));
    let verdict = qualifying
        .table
        .columns
        .iter()
        .position(|c| c.key == "verdict")
        .unwrap();
    assert!(
        qualifying
            .table
            .rows
            .iter()
            .all(|row| row[verdict] == analytics::table::Cell::text("符合"))
    );

    let pipelines = eligibility::pipelines(
        &data.facts,
        &evaluator,
        &titles,
        &PipelineOptions::default(),
        Lang::En,
    );
    assert_eq!(
        pipelines.table.rows.len(),
        pipelines
            .counts
            .iter()
            .map(|c| c.enterprises)
            .sum::<usize>()
    );
    for stage in [Stage::QualifiesUnheld, Stage::Expiring] {
        assert!(
            pipelines.counts.iter().any(|c| c.stage == stage),
            "{stage:?}: {:?}",
            pipelines.counts
        );
    }

    // One enterprise's page: a chain-master, explained under Shanxi's rules.
    let master = demo
        .province
        .population
        .memberships
        .iter()
        .find(|m| m.role == MembershipRole::ChainMaster)
        .unwrap()
        .uscc;
    let one = eligibility::load_enterprise(store, &master)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        one.facts[0],
        data.facts[data.position(master.as_str()).unwrap()]
    );
    assert_eq!(eligibility::enterprise_authority(&one.facts[0]), home);
    let explanation =
        eligibility::explain(&one, 0, &evaluator, &titles, &PipelineOptions::default()).unwrap();
    assert_eq!(explanation.evaluations.len(), titles.len());
    let json = serde_json::to_value(&explanation).unwrap();
    assert_eq!(json["uscc"], master.as_str());
    assert_eq!(json["evaluations"].as_array().unwrap().len(), titles.len());
    assert!(json["evaluations"][0]["verdict"].is_string());
    let table = eligibility::explanation_table(&explanation, Lang::En);
    assert!(
        table
            .rows
            .iter()
            .any(|row| row[1] == analytics::table::Cell::text("verdict"))
    );
    assert!(
        table
            .rows
            .iter()
            .any(|row| row[1] == analytics::table::Cell::text("fact source"))
    );

    // A chain's members, and a city's enterprises.
    let chain = Scope {
        chain: Some("SX-01".into()),
        region: None,
    }
    .resolve(store)
    .await
    .unwrap();
    let members: HashSet<&str> = demo
        .province
        .population
        .memberships
        .iter()
        .filter(|m| m.chain == "SX-01")
        .map(|m| m.uscc.as_str())
        .collect();
    let data = eligibility::load(store, &chain.filter).await.unwrap();
    assert_eq!(data.len(), members.len());
    assert!(data.facts.iter().all(|f| members.contains(f.id.as_str())));
    let taiyuan = RegionCode::parse("140100").unwrap();
    let city = Scope {
        chain: None,
        region: Some(taiyuan),
    }
    .resolve(store)
    .await
    .unwrap();
    assert_eq!(city.authority, Some(taiyuan));
    let data = eligibility::load(store, &city.filter).await.unwrap();
    assert!(!data.is_empty());
    assert!(
        data.facts
            .iter()
            .all(|f| f.region.as_deref().unwrap().starts_with("1401"))
    );
    assert!(matches!(
        Scope {
            chain: Some("XX-99".into()),
            region: None
        }
        .resolve(store)
        .await,
        Err(analytics::AnalyticsError::UnknownChain { .. })
    ));
}
