//! Enterprise facts for the eligibility rules, assembled from the store in the order of
//! precedence the parent module states.

use std::collections::HashMap;

use model::{DesignationStatus, Id, MembershipRole, PERIODS_PER_YEAR, Period, RegionCode};
use model::{SupplyLink, TitleKind, Uscc};
use rules::{Date, EnterpriseFacts, FactsTable, Field, HeldTitle, YearFigures};
use serde::Serialize;
use store::{EnterpriseFilter, EnterpriseRow, EnterpriseScope, Store};

use crate::AnalyticsError;

/// Where a fact the enterprise did not file came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactSource {
    /// The designation register (认定名单).
    Designations,
    /// The supply links between enterprises.
    SupplyNetwork,
    /// The monthly statistical reports (月报).
    MonthlyReports,
}

impl FactSource {
    pub fn label(self) -> rules::Text {
        match self {
            FactSource::Designations => rules::Text::new("认定名单", "designation register"),
            FactSource::SupplyNetwork => rules::Text::new("供应链关系", "supply links"),
            FactSource::MonthlyReports => rules::Text::new("月度统计报表", "monthly reports"),
        }
    }
}

/// A fact of one enterprise that the store derived rather than read from its filings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DerivedFact {
    pub field: Field,
    /// For yearly figures.
    pub year: Option<i32>,
    pub source: FactSource,
}

impl DerivedFact {
    /// The facts-table column it stands in for (`revenue_2025`, `partner_firms`).
    pub fn column(&self) -> String {
        match self.year {
            Some(year) => format!("{}_{year}", self.field.as_str()),
            None => self.field.as_str().to_owned(),
        }
    }
}

/// A stored value the rules cannot read; it counts as unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreadableFact {
    pub uscc: String,
    /// The fact's name (`own_brand`), or `titles` for a designation.
    pub fact: String,
    pub value: String,
    pub reason: String,
}

/// The rules' inputs for a set of enterprises, with where the derived facts came from.
#[derive(Debug, Clone, Default)]
pub struct EligibilityData {
    /// One per enterprise, in the order the enterprise list gives (name, then USCC).
    pub facts: Vec<EnterpriseFacts>,
    /// For each enterprise (same order), its facts that came from the designation register, the
    /// supply network or the monthly reports.
    pub derived: Vec<Vec<DerivedFact>>,
    pub unreadable: Vec<UnreadableFact>,
}

impl EligibilityData {
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// The position of an enterprise by USCC.
    pub fn position(&self, uscc: &str) -> Option<usize> {
        self.facts.iter().position(|facts| facts.id == uscc)
    }

    fn derive(&mut self, index: usize, field: Field, year: Option<i32>, source: FactSource) {
        self.derived[index].push(DerivedFact {
            field,
            year,
            source,
        });
    }
}

/// Which enterprises to screen: a chain's members, a region's enterprises, or (neither) the
/// enterprises of the province the store's key chains belong to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub chain: Option<String>,
    pub region: Option<RegionCode>,
}

/// A scope made concrete: the enterprise list to load and the evaluating authority's region.
#[derive(Debug, Clone, Default)]
pub struct ResolvedScope {
    pub filter: EnterpriseFilter,
    /// Its provincial rule sets (chain-masters, 特色化 overlays) apply; national rules only when
    /// `None`.
    pub authority: Option<RegionCode>,
}

impl ResolvedScope {
    /// An evaluator on `date` for this scope's authority.
    pub fn evaluator<'r>(&self, book: &'r rules::RuleBook, date: Date) -> rules::Evaluator<'r> {
        evaluator(book, date, self.authority)
    }
}

/// An evaluator on `date` for the authority of `region` (national rules only when `None`).
pub fn evaluator(
    book: &rules::RuleBook,
    date: Date,
    region: Option<RegionCode>,
) -> rules::Evaluator<'_> {
    let evaluator = rules::Evaluator::new(book, date);
    match region {
        Some(region) => evaluator.for_region(region.to_string()),
        None => evaluator,
    }
}

/// The authority an enterprise's own page evaluates for: its province, whose rules (chain-masters,
/// 特色化 overlays) apply to it.
pub fn enterprise_authority(facts: &EnterpriseFacts) -> Option<RegionCode> {
    facts
        .region
        .as_deref()
        .and_then(|code| RegionCode::parse(code).ok())
        .map(RegionCode::province)
}

impl Scope {
    /// The region given screens that region as its authority; a chain screens its members as the
    /// chain's authority (its region); neither screens the home province (see [`home_province`]),
    /// or every stored enterprise under national rules when the store has no single one.
    pub async fn resolve(&self, store: &Store) -> Result<ResolvedScope, AnalyticsError> {
        let chain_region = match &self.chain {
            Some(code) => Some(
                store
                    .chain_by_code(&EnterpriseScope::everything(), code)
                    .await?
                    .ok_or_else(|| AnalyticsError::UnknownChain { code: code.clone() })?
                    .chain
                    .region,
            ),
            None => None,
        };
        let home = match (self.region, &self.chain) {
            (None, None) => home_province(store).await?,
            _ => None,
        };
        Ok(ResolvedScope {
            filter: EnterpriseFilter {
                region: self.region.or(home),
                chain: self.chain.clone(),
                ..EnterpriseFilter::default()
            },
            authority: self.region.or(chain_region).or(home),
        })
    }
}

/// The province of the store's provincial key chains, when they all belong to one.
pub async fn home_province(store: &Store) -> Result<Option<RegionCode>, AnalyticsError> {
    let mut provinces: Vec<RegionCode> = store
        .list_chain_summaries(&EnterpriseScope::everything())
        .await?
        .iter()
        .filter(|chain| chain.level == model::ChainLevel::Province)
        .map(|chain| chain.region.province())
        .collect();
    provinces.sort_unstable();
    provinces.dedup();
    Ok(match provinces[..] {
        [province] => Some(province),
        _ => None,
    })
}

/// Loads the facts of every enterprise `filter` lists.
pub async fn load(
    store: &Store,
    filter: &EnterpriseFilter,
) -> Result<EligibilityData, AnalyticsError> {
    let enterprises = store.list_enterprises(filter, i64::MAX, 0).await?.items;
    let filed = if enterprises.is_empty() {
        Vec::new()
    } else {
        store.fact_rows().await?
    };
    assemble(store, &enterprises, &filed).await
}

/// Loads the facts of one enterprise (`None` when the store does not hold it).
pub async fn load_enterprise(
    store: &Store,
    uscc: &Uscc,
) -> Result<Option<EligibilityData>, AnalyticsError> {
    let Some(enterprise) = store
        .enterprise_by_uscc(&EnterpriseScope::everything(), uscc)
        .await?
    else {
        return Ok(None);
    };
    let filed: Vec<(Id, String, String)> = store
        .enterprise_facts(enterprise.id)
        .await?
        .into_iter()
        .map(|(fact, value)| (enterprise.id, fact, value))
        .collect();
    assemble(store, &[enterprise], &filed).await.map(Some)
}

async fn assemble(
    store: &Store,
    enterprises: &[EnterpriseRow],
    filed: &[(Id, String, String)],
) -> Result<EligibilityData, AnalyticsError> {
    let index: HashMap<Id, usize> = enterprises
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id, i))
        .collect();
    let mut data = read_filed(enterprises, &index, filed)?;
    for (facts, enterprise) in data.facts.iter_mut().zip(enterprises) {
        facts.name = Some(enterprise.name.clone());
        facts.region = Some(enterprise.region.to_string());
        facts.size_class = Some(enterprise.size_class);
    }
    if enterprises.is_empty() {
        return Ok(data);
    }
    add_titles(store, &index, &mut data).await?;
    add_network_facts(store, enterprises, &mut data).await?;
    add_monthly_figures(store, &index, &mut data).await?;
    Ok(data)
}

/// Whether a stored fact name is a facts-table column other than the key.
fn eligibility_column(name: &str) -> bool {
    FactsTable::from_header(&["id", name]).is_ok()
}

/// Reads the filed facts through one facts table whose columns are every readable stored name.
fn read_filed(
    enterprises: &[EnterpriseRow],
    index: &HashMap<Id, usize>,
    filed: &[(Id, String, String)],
) -> Result<EligibilityData, AnalyticsError> {
    let mut header: Vec<&str> = vec!["id"];
    let mut column_of: HashMap<&str, Option<usize>> = HashMap::new();
    let mut rows: Vec<Option<Vec<&str>>> = vec![None; enterprises.len()];
    for (id, name, value) in filed {
        let Some(&row) = index.get(id) else {
            continue;
        };
        let column = *column_of.entry(name.as_str()).or_insert_with(|| {
            eligibility_column(name).then(|| {
                header.push(name.as_str());
                header.len() - 1
            })
        });
        if let Some(column) = column {
            let cells = rows[row].get_or_insert_with(Vec::new);
            if cells.len() <= column {
                cells.resize(column + 1, "");
            }
            cells[column] = value.as_str();
        }
    }
    let table = FactsTable::from_header(&header).map_err(|e| AnalyticsError::Corrupt {
        value: e.column.clone(),
        reason: e.message,
    })?;
    let mut data = EligibilityData {
        facts: Vec::with_capacity(enterprises.len()),
        derived: vec![Vec::new(); enterprises.len()],
        unreadable: Vec::new(),
    };
    for (enterprise, cells) in enterprises.iter().zip(rows) {
        let uscc = enterprise.uscc.as_str();
        let Some(mut cells) = cells else {
            data.facts.push(EnterpriseFacts::new(uscc));
            continue;
        };
        cells[0] = uscc;
        // A value that cannot be read is reported and left out; the rest of the row still counts.
        let facts = loop {
            match table.read_row(&cells) {
                Ok(facts) => break facts,
                Err(error) => {
                    let column = header
                        .iter()
                        .position(|name| name.trim() == error.column)
                        .filter(|&column| column > 0)
                        .ok_or_else(|| AnalyticsError::Corrupt {
                            value: uscc.to_owned(),
                            reason: error.to_string(),
                        })?;
                    data.unreadable.push(UnreadableFact {
                        uscc: uscc.to_owned(),
                        fact: error.column,
                        value: cells[column].to_owned(),
                        reason: error.message,
                    });
                    cells[column] = "";
                }
            }
        };
        data.facts.push(facts);
    }
    Ok(data)
}

/// Adds the titles of approved or published designations.
async fn add_titles(
    store: &Store,
    index: &HashMap<Id, usize>,
    data: &mut EligibilityData,
) -> Result<(), AnalyticsError> {
    let mut register: Vec<Vec<HeldTitle>> = vec![Vec::new(); data.len()];
    for row in store.title_rows().await? {
        let Some(&i) = index.get(&row.enterprise_id) else {
            continue;
        };
        let held = matches!(
            DesignationStatus::parse(&row.status),
            Some(DesignationStatus::Approved | DesignationStatus::Published)
        );
        // Designations of things the rules do not know (none yet) are not titles to them.
        let (true, Some(title)) = (held, TitleKind::parse(&row.title)) else {
            continue;
        };
        let dates = row
            .valid_from
            .as_deref()
            .ok_or("no grant date (valid_from)".to_owned())
            .and_then(|from| Date::parse(from).map_err(|e| e.to_string()))
            .and_then(|granted| {
                let until = row.valid_until.as_deref().map(Date::parse).transpose();
                until
                    .map(|until| (granted, until))
                    .map_err(|e| e.to_string())
            });
        match dates {
            Ok((granted, valid_until)) => register[i].push(HeldTitle {
                title,
                granted,
                valid_until,
                rule_set: row.rule_version,
            }),
            Err(reason) => data.unreadable.push(UnreadableFact {
                uscc: data.facts[i].id.clone(),
                fact: Field::Titles.as_str().to_owned(),
                value: format!(
                    "{}:{}:{}",
                    row.title,
                    row.valid_from.unwrap_or_default(),
                    row.valid_until.unwrap_or_default()
                ),
                reason,
            }),
        }
    }
    for (i, held) in register.into_iter().enumerate() {
        match &mut data.facts[i].titles {
            Some(filed) => {
                for title in held {
                    if !filed
                        .iter()
                        .any(|f| f.title == title.title && f.granted == title.granted)
                    {
                        filed.push(title);
                    }
                }
            }
            titles @ None => {
                *titles = Some(held);
                data.derive(i, Field::Titles, None, FactSource::Designations);
            }
        }
    }
    Ok(())
}

/// Adds partner counts and trade with chain-masters from the supply links.
async fn add_network_facts(
    store: &Store,
    enterprises: &[EnterpriseRow],
    data: &mut EligibilityData,
) -> Result<(), AnalyticsError> {
    let years = store.supply_link_years().await?;
    let Some(&latest) = years.last() else {
        return Ok(());
    };
    // Links reach enterprises outside the scope: name every stored enterprise.
    let mut firms: HashMap<Id, (Uscc, i64)> = HashMap::new();
    for a in store.enterprise_attributes().await? {
        let uscc = Uscc::parse(&a.uscc).map_err(|e| AnalyticsError::Corrupt {
            value: a.uscc.clone(),
            reason: e.to_string(),
        })?;
        firms.insert(a.id, (uscc, a.province_code));
    }
    let firm = |id: &Id| {
        firms.get(id).ok_or_else(|| AnalyticsError::Corrupt {
            value: id.to_string(),
            reason: "a supply link names an enterprise id that does not exist".into(),
        })
    };
    let mut links = Vec::new();
    let mut local = Vec::new();
    for &year in &years {
        let columns = store.supply_link_columns(year).await?;
        for ((supplier, customer), value) in columns
            .suppliers
            .iter()
            .zip(&columns.customers)
            .zip(&columns.values)
        {
            let (supplier, supplier_province) = firm(supplier)?;
            let (customer, customer_province) = firm(customer)?;
            let link = SupplyLink {
                supplier: *supplier,
                customer: *customer,
                year,
                value: *value,
                product: None,
            };
            if year == latest && supplier_province == customer_province {
                local.push(link.clone());
            }
            links.push(link);
        }
    }

    let partners = rules::supply::partner_counts(&local, latest);
    for (i, enterprise) in enterprises.iter().enumerate() {
        if data.facts[i].partner_firms.is_none() {
            data.facts[i].partner_firms =
                Some(partners.get(&enterprise.uscc).copied().unwrap_or(0));
            data.derive(i, Field::PartnerFirms, None, FactSource::SupplyNetwork);
        }
    }

    let mut masters: Vec<Uscc> = Vec::new();
    for membership in store.membership_rows().await? {
        if membership.role == MembershipRole::ChainMaster.as_str() {
            masters.push(firm(&membership.enterprise_id)?.0);
        }
    }
    if masters.is_empty() {
        return Ok(());
    }
    masters.sort_unstable();
    masters.dedup();
    let trade = rules::supply::chain_master_trade(&links, &masters);
    for (i, facts) in data.facts.iter().enumerate() {
        for &year in &years {
            let year = i32::from(year);
            if facts
                .year(year)
                .is_none_or(|figures| figures.chain_master_trade.is_none())
            {
                data.derived[i].push(DerivedFact {
                    field: Field::ChainMasterTrade,
                    year: Some(year),
                    source: FactSource::SupplyNetwork,
                });
            }
        }
    }
    rules::supply::fill_chain_master_trade(&mut data.facts, &trade, &years);
    Ok(())
}

/// A yearly money figure and the slot it fills.
type Slot = fn(&mut YearFigures) -> &mut Option<f64>;

/// Flows whose yearly total is the sum of the monthly reports: the catalogue indicator and the
/// yearly figure it gives.
const YEAR_SUMS: [(&str, Field, Slot); 2] = [
    ("operating_revenue", Field::Revenue, |y| &mut y.revenue),
    ("rd_expenditure", Field::RdExpense, |y| &mut y.rd_expense),
];

/// Adds yearly figures from the monthly reports of the years they cover completely.
async fn add_monthly_figures(
    store: &Store,
    index: &HashMap<Id, usize>,
    data: &mut EligibilityData,
) -> Result<(), AnalyticsError> {
    let Some((first, last)) = store.observation_period_range().await? else {
        return Ok(());
    };
    for year in first.year()..=last.year() {
        let (Ok(jan_feb), Ok(december)) = (Period::jan_feb(year), Period::new(year, 12)) else {
            continue;
        };
        if jan_feb < first || december > last {
            continue;
        }
        let fact_year = i32::from(year);
        for (indicator, field, slot) in YEAR_SUMS {
            let annual = store.annual_values(indicator, year).await?;
            for ((enterprise, total), periods) in annual
                .enterprise_ids
                .iter()
                .zip(&annual.values)
                .zip(&annual.periods)
            {
                let Some(&i) = index.get(enterprise) else {
                    continue;
                };
                // A firm that missed a month has no year total.
                if *periods != PERIODS_PER_YEAR {
                    continue;
                }
                let figure = slot(data.facts[i].year_mut(fact_year));
                if figure.is_none() {
                    *figure = Some(*total);
                    data.derive(i, field, Some(fact_year), FactSource::MonthlyReports);
                }
            }
        }
        let heads = store
            .observation_columns("employees", december, december)
            .await?;
        for (id, value) in heads.enterprise_ids.iter().zip(&heads.values) {
            let Some(&i) = index.get(id).filter(|_| value.is_finite() && *value >= 0.0) else {
                continue;
            };
            let figures = data.facts[i].year_mut(fact_year);
            if figures.employees.is_none() {
                figures.employees = Some(value.round() as u32);
                data.derive(
                    i,
                    Field::Employees,
                    Some(fact_year),
                    FactSource::MonthlyReports,
                );
            }
        }
    }
    Ok(())
}
