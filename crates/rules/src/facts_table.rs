//! The tabular layout of [`EnterpriseFacts`]: one row per enterprise, one column per fact, as a
//! CSV or XLSX file carries them (layout in `FACTS_TABLE.md`). Cells come in as text; an empty
//! cell is an unknown fact. The reader is shared by every file format: the format's reader only
//! splits cells.

use model::{SizeClass, TitleKind};

use crate::date::Date;
use crate::facts::{
    Award, AwardKind, ClusterKind, EnterpriseFacts, Field, HeldTitle, Honour, HonourKind,
    ProductField, RdInstitution, YearFigures,
};
use crate::text::parse_scaled;

/// A cell or header that cannot be read: which column, what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column `{column}`: {message}")]
pub struct TableError {
    pub column: String,
    pub message: String,
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq)]
enum Role {
    Id,
    Name,
    Region,
    /// A snapshot fact.
    Fact(Field),
    /// A yearly figure of one year.
    Yearly(Field, i32),
    Provincial(String),
    Assessed(String),
}

/// The columns of a facts table, read from its header.
#[derive(Debug, Clone, PartialEq)]
pub struct FactsTable {
    columns: Vec<(String, Role)>,
}

const YEARLY: &[Field] = &[
    Field::Revenue,
    Field::MainBusinessRevenue,
    Field::NicheProductRevenue,
    Field::RdExpense,
    Field::NetProfit,
    Field::TotalAssets,
    Field::TotalLiabilities,
    Field::Employees,
    Field::RdStaff,
    Field::EquityRaised,
    Field::ChainMasterTrade,
];

fn role(header: &str) -> Option<Role> {
    let header = header.trim().trim_start_matches('\u{feff}');
    match header {
        "id" | "uscc" | "企业标识" | "统一社会信用代码" => return Some(Role::Id),
        "name" | "企业名称" => return Some(Role::Name),
        "region" | "行政区划" => return Some(Role::Region),
        _ => {}
    }
    if let Some(key) = header.strip_prefix("provincial.") {
        return Some(Role::Provincial(key.to_owned()));
    }
    if let Some(title) = header.strip_prefix("assessed_score.") {
        return TitleKind::parse(title).map(|title| Role::Assessed(title.as_str().to_owned()));
    }
    // `revenue_2024`, or the Chinese `2024年营业收入`.
    let yearly = header
        .rsplit_once('_')
        .and_then(|(name, year)| Some((Field::parse(name)?, year.parse::<i32>().ok()?)))
        .or_else(|| {
            let (year, name) = header.split_once('年')?;
            Some((Field::parse(name)?, year.parse::<i32>().ok()?))
        });
    if let Some((field, year)) = yearly {
        return YEARLY.contains(&field).then_some(Role::Yearly(field, year));
    }
    let field = Field::parse(header)?;
    let keyed = matches!(field, Field::ProvincialIndicator | Field::AssessedScore);
    (!YEARLY.contains(&field) && !keyed).then_some(Role::Fact(field))
}

/// The stable name of a facts column given in any accepted form (`2024年营业收入` →
/// `revenue_2024`, `一类知识产权` → its English key), so that one fact is stored under one name;
/// `None` for the register's columns (`id`, `name`, `region`) and for anything not a column.
pub fn canonical_column(header: &str) -> Option<String> {
    match role(header)? {
        Role::Id | Role::Name | Role::Region => None,
        Role::Fact(field) => Some(field.as_str().to_owned()),
        Role::Yearly(field, year) => Some(format!("{}_{year}", field.as_str())),
        Role::Provincial(key) => Some(format!("provincial.{key}")),
        Role::Assessed(title) => Some(format!("assessed_score.{title}")),
    }
}

impl FactsTable {
    /// Reads the header row. Every column must be known (a misspelt column would otherwise read
    /// as a missing fact everywhere) and an `id` column is required.
    pub fn from_header<S: AsRef<str>>(header: &[S]) -> Result<FactsTable, TableError> {
        let mut columns: Vec<(String, Role)> = Vec::new();
        for name in header {
            let name = name.as_ref().trim().to_owned();
            let role = role(&name).ok_or_else(|| TableError {
                column: name.clone(),
                message: "not a facts column (see FACTS_TABLE.md)".into(),
            })?;
            if columns.iter().any(|(_, other)| *other == role) {
                return Err(TableError {
                    column: name,
                    message: "appears twice".into(),
                });
            }
            columns.push((name, role));
        }
        if !columns.iter().any(|(_, role)| *role == Role::Id) {
            return Err(TableError {
                column: "id".into(),
                message: "the table needs an `id` column".into(),
            });
        }
        Ok(FactsTable { columns })
    }

    /// The column names, as read.
    pub fn columns(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|(name, _)| name.as_str())
    }

    /// Reads one row (cells in header order; missing trailing cells are empty).
    pub fn read_row<S: AsRef<str>>(&self, cells: &[S]) -> Result<EnterpriseFacts, TableError> {
        let mut facts = EnterpriseFacts::default();
        for (index, (name, role)) in self.columns.iter().enumerate() {
            let text = cells.get(index).map_or("", |cell| cell.as_ref()).trim();
            if text.is_empty() {
                if *role == Role::Id {
                    return Err(TableError {
                        column: name.clone(),
                        message: "the id is empty".into(),
                    });
                }
                continue;
            }
            read_cell(&mut facts, role, text).map_err(|message| TableError {
                column: name.clone(),
                message: format!("`{text}`: {message}"),
            })?;
        }
        Ok(facts)
    }
}

fn read_cell(facts: &mut EnterpriseFacts, role: &Role, text: &str) -> Result<(), String> {
    match role {
        Role::Id => facts.id = text.to_owned(),
        Role::Name => facts.name = Some(text.to_owned()),
        Role::Region => facts.region = Some(text.to_owned()),
        Role::Provincial(key) => {
            facts
                .provincial_indicators
                .insert(key.clone(), number(text)?);
        }
        Role::Assessed(title) => {
            facts.assessed_scores.insert(title.clone(), number(text)?);
        }
        Role::Yearly(field, year) => {
            let figures = facts.year_mut(*year);
            yearly_slot(figures, *field, text)?;
        }
        Role::Fact(field) => fact(facts, *field, text)?,
    }
    Ok(())
}

fn yearly_slot(figures: &mut YearFigures, field: Field, text: &str) -> Result<(), String> {
    let amount = || number(text);
    match field {
        Field::Employees => figures.employees = Some(count(text)?),
        Field::RdStaff => figures.rd_staff = Some(count(text)?),
        Field::Revenue => figures.revenue = Some(amount()?),
        Field::MainBusinessRevenue => figures.main_business_revenue = Some(amount()?),
        Field::NicheProductRevenue => figures.niche_product_revenue = Some(amount()?),
        Field::RdExpense => figures.rd_expense = Some(amount()?),
        Field::NetProfit => figures.net_profit = Some(amount()?),
        Field::TotalAssets => figures.total_assets = Some(amount()?),
        Field::TotalLiabilities => figures.total_liabilities = Some(amount()?),
        Field::EquityRaised => figures.equity_raised = Some(amount()?),
        Field::ChainMasterTrade => figures.chain_master_trade = Some(amount()?),
        _ => return Err("not a yearly figure".into()),
    }
    Ok(())
}

fn fact(facts: &mut EnterpriseFacts, field: Field, text: &str) -> Result<(), String> {
    match field {
        Field::SizeClass => {
            facts.size_class = Some(
                SizeClass::parse(text)
                    .ok_or("expected large, medium, small or micro (大/中/小/微型)")?,
            );
        }
        Field::NicheSince => facts.niche_since = Some(date(text)?),
        Field::NewProduct => facts.new_product = Some(flag(text)?),
        Field::IpClass1HighValue => facts.ip.class1_high_value = Some(count(text)?),
        Field::IpClass1SelfDeveloped => facts.ip.class1_self_developed = Some(count(text)?),
        Field::IpClass1 => facts.ip.class1 = Some(count(text)?),
        Field::IpClass1InUse => facts.ip.class1_in_use = Some(count(text)?),
        Field::IpClass2 => facts.ip.class2 = Some(count(text)?),
        Field::StrategicEmerging => facts.strategic_emerging = Some(flag(text)?),
        Field::ProductField => facts.product_field = Some(code(text, ProductField::parse)?),
        Field::DigitalLevel => {
            facts.digital_level = Some(text.parse().map_err(|_| "expected a level 1–4")?);
        }
        Field::QualityAward => facts.quality_award = Some(flag(text)?),
        Field::ManagementCertification => facts.management_certification = Some(flag(text)?),
        Field::ForeignProductCertification => {
            facts.foreign_product_certification = Some(flag(text)?);
        }
        Field::OwnBrand => facts.own_brand = Some(flag(text)?),
        Field::StandardSetting => facts.standard_setting = Some(flag(text)?),
        Field::InfoSystem => facts.info_system = Some(flag(text)?),
        Field::RdInstitution => facts.rd_institution = Some(code(text, RdInstitution::parse)?),
        Field::NationalMarketShare => facts.national_market_share = Some(number(text)?),
        Field::GlobalMarketRank => facts.global_market_rank = Some(count(text)?),
        Field::IndustryProfitMargin => facts.industry_profit_margin = Some(number(text)?),
        Field::Awards => facts.awards = Some(list(text, award)?),
        Field::Titles => facts.titles = Some(list(text, title)?),
        Field::Honours => facts.honours = Some(list(text, honour)?),
        Field::ProvincialScore => facts.provincial_score = Some(number(text)?),
        Field::PartnerFirms => facts.partner_firms = Some(count(text)?),
        Field::Cluster => facts.cluster = Some(code(text, ClusterKind::parse)?),
        _ => return Err("not a snapshot fact".into()),
    }
    Ok(())
}

/// A number: see [`parse_scaled`] (`1.2亿`, `480万`, `12%`, `98,000,000`).
fn number(text: &str) -> Result<f64, String> {
    parse_scaled(text).ok_or_else(|| "not a number".to_owned())
}

fn count(text: &str) -> Result<u32, String> {
    text.parse()
        .map_err(|_| "expected a whole number ≥ 0".into())
}

fn flag(text: &str) -> Result<bool, String> {
    match text.to_lowercase().as_str() {
        "1" | "true" | "yes" | "y" | "是" | "有" => Ok(true),
        "0" | "false" | "no" | "n" | "否" | "无" => Ok(false),
        _ => Err("expected yes/no (1/0, true/false, 是/否)".into()),
    }
}

/// `YYYY-MM-DD`, or a bare year for 1 January.
fn date(text: &str) -> Result<Date, String> {
    if let Ok(year) = text.parse::<i32>() {
        return Ok(Date::first_of_year(year));
    }
    Date::parse(text).map_err(|error| error.reason.to_owned())
}

fn code<T>(text: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, String> {
    parse(text).ok_or_else(|| "not a known code (see FACTS_TABLE.md)".into())
}

/// `item; item; …`, or `none`/`无`/`-` for an empty list.
fn list<T>(text: &str, item: impl Fn(&str) -> Result<T, String>) -> Result<Vec<T>, String> {
    if matches!(text, "none" | "无" | "-") {
        return Ok(Vec::new());
    }
    text.split([';', '；'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| item(part).map_err(|message| format!("`{part}`: {message}")))
        .collect()
}

/// `kind:rank:date`, rank may be empty (`provincial_science::2024-05-01`).
fn award(text: &str) -> Result<Award, String> {
    let parts: Vec<&str> = text.split(':').map(str::trim).collect();
    let [kind, rank, on] = parts[..] else {
        return Err("expected kind:rank:date".into());
    };
    Ok(Award {
        kind: code(kind, AwardKind::parse)?,
        rank: if rank.is_empty() {
            None
        } else {
            Some(count(rank)?)
        },
        date: date(on)?,
    })
}

/// `title:granted[:valid_until[:rule_set]]`.
fn title(text: &str) -> Result<HeldTitle, String> {
    let parts: Vec<&str> = text.split(':').map(str::trim).collect();
    let (title, granted) = match parts[..] {
        [title, granted, ..] if parts.len() <= 4 => (title, granted),
        _ => return Err("expected title:granted[:valid_until[:rule_set]]".into()),
    };
    let optional = |index: usize| parts.get(index).copied().filter(|part| !part.is_empty());
    Ok(HeldTitle {
        title: TitleKind::parse(title).ok_or("not a title code")?,
        granted: date(granted)?,
        valid_until: optional(2).map(date).transpose()?,
        rule_set: optional(3).map(str::to_owned),
    })
}

/// `kind[:valid_until]`.
fn honour(text: &str) -> Result<Honour, String> {
    let (kind, until) = match text.split_once(':') {
        Some((kind, until)) => (kind.trim(), Some(until.trim())),
        None => (text, None),
    };
    Ok(Honour {
        kind: code(kind, HonourKind::parse)?,
        valid_until: until.filter(|u| !u.is_empty()).map(date).transpose()?,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_have_one_stable_name() {
        use super::canonical_column;
        assert_eq!(
            canonical_column("2024年营业收入").as_deref(),
            Some("revenue_2024")
        );
        assert_eq!(
            canonical_column("revenue_2024").as_deref(),
            Some("revenue_2024")
        );
        assert_eq!(
            canonical_column(" ip_class1 ").as_deref(),
            Some("ip_class1")
        );
        assert_eq!(
            canonical_column("provincial.x1").as_deref(),
            Some("provincial.x1")
        );
        for register_or_unknown in ["uscc", "企业名称", "region", "revnue_2024", "revenue"] {
            assert_eq!(
                canonical_column(register_or_unknown),
                None,
                "{register_or_unknown}"
            );
        }
    }

    use super::*;

    #[test]
    fn reads_a_row() {
        let header = [
            "id",
            "size_class",
            "revenue_2024",
            "2023年营业收入",
            "rd_staff_2024",
            "niche_since",
            "own_brand",
            "rd_institution",
            "national_market_share",
            "awards",
            "titles",
            "honours",
            "provincial.key_chain",
            "assessed_score.specialised_sme",
        ];
        let table = FactsTable::from_header(&header).unwrap();
        let facts = table
            .read_row(&[
                "91110108551385082Q",
                "小型",
                "1.2亿",
                "98,000,000",
                "36",
                "2016",
                "是",
                "省级",
                "12%",
                "provincial_science:2:2024-05-01; maker_china::2023-09-01",
                "innovative_sme:2024-07-01;high_tech:2023-11-20:2026-11-19",
                "none",
                "1",
                "",
            ])
            .unwrap();
        assert_eq!(facts.id, "91110108551385082Q");
        assert_eq!(facts.size_class, Some(SizeClass::Small));
        assert_eq!(facts.year(2024).unwrap().revenue, Some(120_000_000.0));
        assert_eq!(facts.year(2023).unwrap().revenue, Some(98_000_000.0));
        assert_eq!(facts.year(2024).unwrap().rd_staff, Some(36));
        assert_eq!(facts.niche_since, Date::new(2016, 1, 1));
        assert_eq!(facts.own_brand, Some(true));
        assert_eq!(facts.rd_institution, Some(RdInstitution::Provincial));
        assert_eq!(facts.national_market_share, Some(0.12));
        let awards = facts.awards.unwrap();
        assert_eq!(awards.len(), 2);
        assert_eq!(awards[1].rank, None);
        let titles = facts.titles.unwrap();
        assert_eq!(titles[1].valid_until, Date::new(2026, 11, 19));
        assert_eq!(facts.honours, Some(Vec::new()));
        assert_eq!(facts.provincial_indicators["key_chain"], 1.0);
        assert!(facts.assessed_scores.is_empty());
        // Unknown stays unknown.
        assert_eq!(facts.strategic_emerging, None);
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        assert!(FactsTable::from_header(&["revenue_2024"]).is_err());
        let error = FactsTable::from_header(&["id", "revenu_2024"]).unwrap_err();
        assert_eq!(error.column, "revenu_2024");
        assert!(FactsTable::from_header(&["id", "revenue"]).is_err());
        assert!(FactsTable::from_header(&["id", "id"]).is_err());
        let table = FactsTable::from_header(&["id", "own_brand", "awards"]).unwrap();
        let error = table.read_row(&["x", "maybe", ""]).unwrap_err();
        assert_eq!(error.column, "own_brand");
        let error = table
            .read_row(&["x", "", "nobel:1:2024-01-01"])
            .unwrap_err();
        assert!(error.message.contains("nobel"), "{}", error.message);
        assert!(table.read_row(&["", "1", ""]).is_err());
    }
}
