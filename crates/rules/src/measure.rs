//! Measures: the named quantities rule files compare with thresholds, and how each is read from
//! [`EnterpriseFacts`] on an evaluation date.
//!
//! "Last year" (上年度) is the calendar year before the evaluation date; "the last N years" are the
//! N years ending there. A reading is a value, or the range the value must lie in given what is
//! known (a sum of two R&D years with one missing is at least the known year), with the facts that
//! would settle it.

use model::{SizeClass, TitleKind};
use serde::Serialize;

use crate::date::Date;
use crate::facts::{AwardKind, EnterpriseFacts, Field, HeldTitle, HonourKind, MissingFact};
use crate::text::Text;

/// What kind of value a measure yields, which decides how a rule file may test it and how a
/// value is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Yuan,
    /// A fraction (0.03 = 3 %), printed as a percentage.
    Ratio,
    Count,
    Years,
    /// An ordered level with names (digital level, R&D institution).
    Level,
    /// A yes/no fact, tested with `is`.
    Flag,
    /// An unordered code, tested with `in`.
    Category,
    /// A place in a ranking (1 = first).
    Rank,
    Points,
}

/// A named quantity a rule reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "name")]
pub enum Measure {
    Revenue,
    MainBusinessShare,
    MainBusinessGrowth,
    /// Geometric mean growth over `years` (reference §2: two-year average growth is geometric).
    MainBusinessGrowthAvg {
        years: u32,
    },
    MainBusinessAvg {
        years: u32,
    },
    NicheProductShare,
    RdSpend,
    RdSpendMin {
        years: u32,
    },
    RdSpendTotal {
        years: u32,
    },
    RdSpendAvg {
        years: u32,
    },
    RdIntensity,
    RdIntensityMin {
        years: u32,
    },
    RdStaffShare,
    AssetLiabilityRatio,
    NetProfitMargin,
    ProfitMarginOverIndustry,
    EquityRaised {
        years: u32,
    },
    ChainMasterTrade,
    NicheYears,
    IpClass1HighValue,
    IpClass1SelfDeveloped,
    IpClass1,
    IpClass1InUse,
    IpClass2,
    StrategicEmerging,
    ProductField,
    DigitalLevel,
    QualityItems,
    ManagementCertification,
    ForeignProductCertification,
    OwnBrand,
    InfoSystem,
    NewProduct,
    RdInstitution,
    NationalMarketShare,
    GlobalMarketRank,
    /// Awards of `kinds` dated within `years` before the evaluation date, placed in the `top`
    /// (any place when `None`).
    Awards {
        kinds: Vec<AwardKind>,
        years: u32,
        top: Option<u32>,
    },
    HoldsTitle {
        title: TitleKind,
    },
    HoldsHonour {
        honours: Vec<HonourKind>,
    },
    QualifiesFor {
        title: TitleKind,
    },
    SizeClass,
    ProvincialScore,
    ProvincialIndicator {
        key: String,
    },
    AssessedScore {
        title: TitleKind,
    },
    PartnerFirms,
    Cluster,
}

/// The parameters a rule file may give a measure.
#[derive(Debug, Default)]
pub(crate) struct MeasureParams<'a> {
    pub years: Option<u32>,
    pub kinds: Option<&'a [String]>,
    pub title: Option<&'a str>,
    pub honours: Option<&'a [String]>,
    pub key: Option<&'a str>,
    pub top: Option<u32>,
}

/// The names rule files use, for error messages and the schema document.
pub const MEASURE_NAMES: &[&str] = &[
    "revenue",
    "main_business_share",
    "main_business_growth",
    "main_business_growth_avg",
    "main_business_avg",
    "niche_product_share",
    "rd_spend",
    "rd_spend_min",
    "rd_spend_total",
    "rd_spend_avg",
    "rd_intensity",
    "rd_intensity_min",
    "rd_staff_share",
    "asset_liability_ratio",
    "net_profit_margin",
    "profit_margin_over_industry",
    "equity_raised",
    "chain_master_trade",
    "niche_years",
    "ip_class1_high_value",
    "ip_class1_self_developed",
    "ip_class1",
    "ip_class1_in_use",
    "ip_class2",
    "strategic_emerging",
    "product_field",
    "digital_level",
    "quality_items",
    "management_certification",
    "foreign_product_certification",
    "own_brand",
    "info_system",
    "new_product",
    "rd_institution",
    "national_market_share",
    "global_market_rank",
    "awards",
    "holds_title",
    "holds_honour",
    "qualifies_for",
    "size_class",
    "provincial_score",
    "provincial_indicator",
    "assessed_score",
    "partner_firms",
    "cluster",
];

impl Measure {
    /// Builds a measure from its rule-file name and parameters. `rule_title` is the title of the
    /// rule set the measure appears in (an `assessed_score` is that title's score).
    pub(crate) fn from_file(
        name: &str,
        params: &MeasureParams<'_>,
        rule_title: TitleKind,
    ) -> Result<Measure, String> {
        let years = || {
            params
                .years
                .filter(|years| (1..=10).contains(years))
                .ok_or_else(|| format!("`{name}` needs `years` between 1 and 10"))
        };
        let title = || {
            let text = params
                .title
                .ok_or_else(|| format!("`{name}` needs `title`"))?;
            TitleKind::parse(text).ok_or_else(|| format!("`{text}` is not a title code"))
        };
        let measure = match name {
            "revenue" => Measure::Revenue,
            "main_business_share" => Measure::MainBusinessShare,
            "main_business_growth" => Measure::MainBusinessGrowth,
            "main_business_growth_avg" => Measure::MainBusinessGrowthAvg { years: years()? },
            "main_business_avg" => Measure::MainBusinessAvg { years: years()? },
            "niche_product_share" => Measure::NicheProductShare,
            "rd_spend" => Measure::RdSpend,
            "rd_spend_min" => Measure::RdSpendMin { years: years()? },
            "rd_spend_total" => Measure::RdSpendTotal { years: years()? },
            "rd_spend_avg" => Measure::RdSpendAvg { years: years()? },
            "rd_intensity" => Measure::RdIntensity,
            "rd_intensity_min" => Measure::RdIntensityMin { years: years()? },
            "rd_staff_share" => Measure::RdStaffShare,
            "asset_liability_ratio" => Measure::AssetLiabilityRatio,
            "net_profit_margin" => Measure::NetProfitMargin,
            "profit_margin_over_industry" => Measure::ProfitMarginOverIndustry,
            "equity_raised" => Measure::EquityRaised { years: years()? },
            "chain_master_trade" => Measure::ChainMasterTrade,
            "niche_years" => Measure::NicheYears,
            "ip_class1_high_value" => Measure::IpClass1HighValue,
            "ip_class1_self_developed" => Measure::IpClass1SelfDeveloped,
            "ip_class1" => Measure::IpClass1,
            "ip_class1_in_use" => Measure::IpClass1InUse,
            "ip_class2" => Measure::IpClass2,
            "strategic_emerging" => Measure::StrategicEmerging,
            "product_field" => Measure::ProductField,
            "digital_level" => Measure::DigitalLevel,
            "quality_items" => Measure::QualityItems,
            "management_certification" => Measure::ManagementCertification,
            "foreign_product_certification" => Measure::ForeignProductCertification,
            "own_brand" => Measure::OwnBrand,
            "info_system" => Measure::InfoSystem,
            "new_product" => Measure::NewProduct,
            "rd_institution" => Measure::RdInstitution,
            "national_market_share" => Measure::NationalMarketShare,
            "global_market_rank" => Measure::GlobalMarketRank,
            "awards" => {
                let names = params
                    .kinds
                    .filter(|kinds| !kinds.is_empty())
                    .ok_or("`awards` needs `kinds`, e.g. [\"national_science\"]")?;
                let kinds = names
                    .iter()
                    .map(|kind| {
                        AwardKind::parse(kind)
                            .ok_or_else(|| format!("`{kind}` is not an award kind"))
                    })
                    .collect::<Result<_, _>>()?;
                Measure::Awards {
                    kinds,
                    years: years()?,
                    top: params.top,
                }
            }
            "holds_title" => Measure::HoldsTitle { title: title()? },
            "holds_honour" => {
                let names = params
                    .honours
                    .filter(|honours| !honours.is_empty())
                    .ok_or("`holds_honour` needs `honours`")?;
                let honours = names
                    .iter()
                    .map(|kind| {
                        HonourKind::parse(kind).ok_or_else(|| format!("`{kind}` is not an honour"))
                    })
                    .collect::<Result<_, _>>()?;
                Measure::HoldsHonour { honours }
            }
            "qualifies_for" => Measure::QualifiesFor { title: title()? },
            "size_class" => Measure::SizeClass,
            "provincial_score" => Measure::ProvincialScore,
            "provincial_indicator" => Measure::ProvincialIndicator {
                key: params
                    .key
                    .filter(|key| !key.is_empty())
                    .ok_or("`provincial_indicator` needs `key`")?
                    .to_owned(),
            },
            "assessed_score" => Measure::AssessedScore { title: rule_title },
            "partner_firms" => Measure::PartnerFirms,
            "cluster" => Measure::Cluster,
            other => {
                return Err(format!(
                    "unknown measure `{other}` (known: {})",
                    MEASURE_NAMES.join(", ")
                ));
            }
        };
        let takes_years = matches!(
            measure,
            Measure::MainBusinessGrowthAvg { .. }
                | Measure::MainBusinessAvg { .. }
                | Measure::RdSpendMin { .. }
                | Measure::RdSpendTotal { .. }
                | Measure::RdSpendAvg { .. }
                | Measure::RdIntensityMin { .. }
                | Measure::EquityRaised { .. }
                | Measure::Awards { .. }
        );
        if params.years.is_some() && !takes_years {
            return Err(format!("`{name}` takes no `years`"));
        }
        let takes_title = matches!(
            measure,
            Measure::HoldsTitle { .. } | Measure::QualifiesFor { .. }
        );
        if params.title.is_some() && !takes_title {
            return Err(format!("`{name}` takes no `title`"));
        }
        if params.top.is_some() && !matches!(measure, Measure::Awards { .. }) {
            return Err(format!("`{name}` takes no `top`"));
        }
        Ok(measure)
    }

    /// The name rule files use.
    pub fn name(&self) -> &'static str {
        use Measure as M;
        match self {
            M::Revenue => "revenue",
            M::MainBusinessShare => "main_business_share",
            M::MainBusinessGrowth => "main_business_growth",
            M::MainBusinessGrowthAvg { .. } => "main_business_growth_avg",
            M::MainBusinessAvg { .. } => "main_business_avg",
            M::NicheProductShare => "niche_product_share",
            M::RdSpend => "rd_spend",
            M::RdSpendMin { .. } => "rd_spend_min",
            M::RdSpendTotal { .. } => "rd_spend_total",
            M::RdSpendAvg { .. } => "rd_spend_avg",
            M::RdIntensity => "rd_intensity",
            M::RdIntensityMin { .. } => "rd_intensity_min",
            M::RdStaffShare => "rd_staff_share",
            M::AssetLiabilityRatio => "asset_liability_ratio",
            M::NetProfitMargin => "net_profit_margin",
            M::ProfitMarginOverIndustry => "profit_margin_over_industry",
            M::EquityRaised { .. } => "equity_raised",
            M::ChainMasterTrade => "chain_master_trade",
            M::NicheYears => "niche_years",
            M::IpClass1HighValue => "ip_class1_high_value",
            M::IpClass1SelfDeveloped => "ip_class1_self_developed",
            M::IpClass1 => "ip_class1",
            M::IpClass1InUse => "ip_class1_in_use",
            M::IpClass2 => "ip_class2",
            M::StrategicEmerging => "strategic_emerging",
            M::ProductField => "product_field",
            M::DigitalLevel => "digital_level",
            M::QualityItems => "quality_items",
            M::ManagementCertification => "management_certification",
            M::ForeignProductCertification => "foreign_product_certification",
            M::OwnBrand => "own_brand",
            M::InfoSystem => "info_system",
            M::NewProduct => "new_product",
            M::RdInstitution => "rd_institution",
            M::NationalMarketShare => "national_market_share",
            M::GlobalMarketRank => "global_market_rank",
            M::Awards { .. } => "awards",
            M::HoldsTitle { .. } => "holds_title",
            M::HoldsHonour { .. } => "holds_honour",
            M::QualifiesFor { .. } => "qualifies_for",
            M::SizeClass => "size_class",
            M::ProvincialScore => "provincial_score",
            M::ProvincialIndicator { .. } => "provincial_indicator",
            M::AssessedScore { .. } => "assessed_score",
            M::PartnerFirms => "partner_firms",
            M::Cluster => "cluster",
        }
    }

    pub fn unit(&self) -> Unit {
        use Measure as M;
        match self {
            M::Revenue
            | M::MainBusinessAvg { .. }
            | M::RdSpend
            | M::RdSpendMin { .. }
            | M::RdSpendTotal { .. }
            | M::RdSpendAvg { .. }
            | M::EquityRaised { .. }
            | M::ChainMasterTrade => Unit::Yuan,
            M::MainBusinessShare
            | M::MainBusinessGrowth
            | M::MainBusinessGrowthAvg { .. }
            | M::NicheProductShare
            | M::RdIntensity
            | M::RdIntensityMin { .. }
            | M::RdStaffShare
            | M::AssetLiabilityRatio
            | M::NetProfitMargin
            | M::ProfitMarginOverIndustry
            | M::NationalMarketShare => Unit::Ratio,
            M::NicheYears => Unit::Years,
            M::IpClass1HighValue
            | M::IpClass1SelfDeveloped
            | M::IpClass1
            | M::IpClass1InUse
            | M::IpClass2
            | M::QualityItems
            | M::PartnerFirms
            | M::Awards { .. } => Unit::Count,
            M::DigitalLevel | M::RdInstitution => Unit::Level,
            M::StrategicEmerging
            | M::ManagementCertification
            | M::ForeignProductCertification
            | M::OwnBrand
            | M::InfoSystem
            | M::NewProduct
            | M::HoldsTitle { .. }
            | M::HoldsHonour { .. }
            | M::QualifiesFor { .. } => Unit::Flag,
            M::ProductField | M::SizeClass | M::Cluster => Unit::Category,
            M::GlobalMarketRank => Unit::Rank,
            M::ProvincialScore | M::ProvincialIndicator { .. } | M::AssessedScore { .. } => {
                Unit::Points
            }
        }
    }

    /// Names of the values 0, 1, 2 … of a level or category measure.
    pub fn levels(&self) -> &'static [&'static str] {
        match self {
            Measure::RdInstitution => &["none", "below_city", "city", "provincial", "national"],
            Measure::ProductField => &["gap_filling", "foundation", "other"],
            Measure::SizeClass => &["large", "medium", "small", "micro"],
            Measure::Cluster => &["pillar", "emerging"],
            _ => &[],
        }
    }

    /// Chinese and English name, as an explanation shows it.
    pub fn label(&self) -> Text {
        use Measure as M;
        let fixed = |zh: &str, en: &str| Text::new(zh, en);
        match self {
            M::Revenue => fixed("上年度营业收入", "revenue (last year)"),
            M::MainBusinessShare => fixed(
                "上年度主营业务收入占营业收入比重",
                "main-business share of revenue (last year)",
            ),
            M::MainBusinessGrowth => fixed(
                "上年度主营业务收入增长率",
                "main-business revenue growth (last year)",
            ),
            M::MainBusinessGrowthAvg { years } => Text::new(
                format!("近{years}年主营业务收入平均增长率"),
                format!("average main-business growth over {years} years"),
            ),
            M::MainBusinessAvg { years } => Text::new(
                format!("近{years}年主营业务收入平均值"),
                format!("average main-business revenue over {years} years"),
            ),
            M::NicheProductShare => fixed(
                "上年度主营产品收入占营业收入比重",
                "niche-product share of revenue (last year)",
            ),
            M::RdSpend => fixed("上年度研发费用", "R&D expense (last year)"),
            M::RdSpendMin { years } => Text::new(
                format!("近{years}年每年研发费用（取最低年）"),
                format!("R&D expense in each of the last {years} years (lowest year)"),
            ),
            M::RdSpendTotal { years } => Text::new(
                format!("近{years}年研发费用总额"),
                format!("R&D expense over the last {years} years"),
            ),
            M::RdSpendAvg { years } => Text::new(
                format!("近{years}年研发费用年均"),
                format!("average yearly R&D expense over {years} years"),
            ),
            M::RdIntensity => fixed("上年度研发费用占营业收入比重", "R&D intensity (last year)"),
            M::RdIntensityMin { years } => Text::new(
                format!("近{years}年每年研发费用占营业收入比重（取最低年）"),
                format!("R&D intensity in each of the last {years} years (lowest year)"),
            ),
            M::RdStaffShare => fixed(
                "上年度研发人员占职工总数比重",
                "R&D staff share (last year)",
            ),
            M::AssetLiabilityRatio => {
                fixed("上年末资产负债率", "asset-liability ratio (last year-end)")
            }
            M::NetProfitMargin => fixed("上年度净利润率", "net profit margin (last year)"),
            M::ProfitMarginOverIndustry => fixed(
                "上年度净利润率高出行业平均水平",
                "net profit margin above the industry average (last year)",
            ),
            M::EquityRaised { years } => Text::new(
                format!("近{years}年新增股权融资（合格机构投资者实缴）"),
                format!("new paid-in equity from qualified investors over {years} years"),
            ),
            M::ChainMasterTrade => fixed(
                "上年度与单个链主企业的交易额",
                "trade with one chain-master (last year)",
            ),
            M::NicheYears => fixed(
                "截至上年末从事特定细分市场年限",
                "years in the niche market (to last year-end)",
            ),
            M::IpClass1HighValue => fixed("Ⅰ类高价值知识产权数", "high-value class-I IP"),
            M::IpClass1SelfDeveloped => fixed("自主研发Ⅰ类知识产权数", "self-developed class-I IP"),
            M::IpClass1 => fixed(
                "与主导产品相关的Ⅰ类知识产权数",
                "class-I IP tied to the main product",
            ),
            M::IpClass1InUse => fixed(
                "已实际应用的Ⅰ类知识产权数",
                "class-I IP applied with economic benefit",
            ),
            M::IpClass2 => fixed("Ⅱ类知识产权数", "class-II IP"),
            M::StrategicEmerging => fixed(
                "主导产品属于《战略性新兴产业分类》",
                "main product in a strategic emerging industry",
            ),
            M::ProductField => fixed("主导产品所属领域", "main-product field"),
            M::DigitalLevel => fixed("数字化水平等级", "digital level"),
            M::QualityItems => fixed(
                "质量管理水平项数（质量奖/体系认证/自主品牌/标准）",
                "quality items (award, certification, own brand, standards)",
            ),
            M::ManagementCertification => {
                fixed("取得管理体系认证", "management-system certification")
            }
            M::ForeignProductCertification => fixed(
                "产品通过发达国家和地区认证",
                "developed-market product certification",
            ),
            M::OwnBrand => fixed("拥有自主品牌", "own brand"),
            M::InfoSystem => fixed(
                "至少1项核心业务采用信息系统支撑",
                "an information system for a core process",
            ),
            M::NewProduct => fixed("主营产品属于新产品", "the niche product is a new product"),
            M::RdInstitution => fixed("研发机构级别", "R&D institution level"),
            M::NationalMarketShare => fixed("全国细分市场占有率", "national niche market share"),
            M::GlobalMarketRank => fixed("全球细分市场占有率排名", "global niche market rank"),
            M::Awards { kinds, years, top } => {
                let zh: Vec<_> = kinds.iter().map(|kind| kind.label().zh).collect();
                let en: Vec<_> = kinds.iter().map(|kind| kind.label().en).collect();
                let (zh_top, en_top) = match top {
                    Some(top) => (
                        format!("（排名前{top}）"),
                        format!(" placed in the top {top}"),
                    ),
                    None => (String::new(), String::new()),
                };
                Text::new(
                    format!("近{years}年{}{zh_top}项数", zh.join("或")),
                    format!("{}{en_top} within {years} years", en.join(" or ")),
                )
            }
            M::HoldsTitle { title } => Text::new(
                format!("持有有效的{}称号", title.label_zh()),
                format!("holds a valid {} title", title.as_str()),
            ),
            M::HoldsHonour { honours } => {
                let zh: Vec<_> = honours.iter().map(|kind| kind.label().zh).collect();
                let en: Vec<_> = honours.iter().map(|kind| kind.label().en).collect();
                Text::new(
                    format!("持有有效的{}", zh.join("或")),
                    format!("holds a valid {}", en.join(" or ")),
                )
            }
            M::QualifiesFor { title } => Text::new(
                format!("符合{}条件", title.label_zh()),
                format!("meets the {} rules", title.as_str()),
            ),
            M::SizeClass => fixed("企业规模", "size class"),
            M::ProvincialScore => fixed("特色化指标得分（省级评定）", "provincial feature score"),
            M::ProvincialIndicator { key } => Text::new(
                format!("地方特色指标 {key}"),
                format!("provincial indicator {key}"),
            ),
            M::AssessedScore { title } => Text::new(
                format!("{}评价得分", title.label_zh()),
                format!("{} assessed score", title.as_str()),
            ),
            M::PartnerFirms => fixed("上下游配套企业数", "upstream and downstream partner firms"),
            M::Cluster => fixed("产业集群类型", "cluster kind"),
        }
    }
}

/// What a measure's value is, as far as the facts tell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    /// The value lies in `[lo, hi]`; `lo == hi` when it is known.
    pub lo: f64,
    pub hi: f64,
    /// Facts that would narrow the range.
    pub missing: Vec<MissingFact>,
}

impl Reading {
    pub fn known(value: f64) -> Reading {
        Reading {
            lo: value,
            hi: value,
            missing: Vec::new(),
        }
    }

    pub fn unknown(lo: f64, hi: f64, missing: Vec<MissingFact>) -> Reading {
        Reading { lo, hi, missing }
    }

    /// The value, when known.
    pub fn value(&self) -> Option<f64> {
        (self.lo == self.hi && self.missing.is_empty()).then_some(self.lo)
    }

    fn flag(value: Option<bool>, field: Field) -> Reading {
        match value {
            Some(value) => Reading::known(if value { 1.0 } else { 0.0 }),
            None => Reading::unknown(0.0, 1.0, vec![MissingFact::field(field)]),
        }
    }

    fn count(value: Option<u32>, field: Field) -> Reading {
        match value {
            Some(value) => Reading::known(f64::from(value)),
            None => Reading::unknown(0.0, f64::INFINITY, vec![MissingFact::field(field)]),
        }
    }

    fn code(value: Option<usize>, field: Field) -> Reading {
        match value {
            Some(index) => Reading::known(index as f64),
            None => Reading::unknown(
                f64::NEG_INFINITY,
                f64::INFINITY,
                vec![MissingFact::field(field)],
            ),
        }
    }

    /// Sum of readings (interval arithmetic).
    fn sum(parts: impl IntoIterator<Item = Reading>) -> Reading {
        parts
            .into_iter()
            .fold(Reading::known(0.0), |acc, part| Reading {
                lo: acc.lo + part.lo,
                hi: acc.hi + part.hi,
                missing: [acc.missing, part.missing].concat(),
            })
    }

    /// Minimum of readings (interval arithmetic).
    fn min(parts: impl IntoIterator<Item = Reading>) -> Reading {
        parts
            .into_iter()
            .reduce(|acc, part| Reading {
                lo: acc.lo.min(part.lo),
                hi: acc.hi.min(part.hi),
                missing: [acc.missing, part.missing].concat(),
            })
            .unwrap_or_else(|| Reading::known(f64::INFINITY))
    }

    fn scale(mut self, factor: f64) -> Reading {
        self.lo *= factor;
        self.hi *= factor;
        self
    }
}

/// What measures need beyond the facts: the date, and answers only the rule book can give.
pub(crate) trait ReadContext {
    fn date(&self) -> Date;
    /// Last day a held title is valid.
    fn title_valid_until(&self, held: &HeldTitle) -> Option<Date>;
    /// Whether the facts meet another title's rules on the same date, as a 0/1 reading.
    fn qualifies_for(&self, facts: &EnterpriseFacts, title: TitleKind) -> Reading;
}

/// `num / den`, with `0 / 0 = 0` (a firm without revenue has no R&D intensity to speak of).
fn divide(num: f64, den: f64) -> f64 {
    if den == 0.0 && num == 0.0 {
        0.0
    } else {
        num / den
    }
}

/// A yearly figure: its field, how to read it, and its least possible value.
fn yearly(facts: &EnterpriseFacts, year: i32, field: Field) -> Reading {
    let figures = facts.year(year);
    let value = figures.and_then(|f| match field {
        Field::Revenue => f.revenue,
        Field::MainBusinessRevenue => f.main_business_revenue,
        Field::NicheProductRevenue => f.niche_product_revenue,
        Field::RdExpense => f.rd_expense,
        Field::NetProfit => f.net_profit,
        Field::TotalAssets => f.total_assets,
        Field::TotalLiabilities => f.total_liabilities,
        Field::Employees => f.employees.map(f64::from),
        Field::RdStaff => f.rd_staff.map(f64::from),
        Field::EquityRaised => f.equity_raised,
        Field::ChainMasterTrade => f.chain_master_trade,
        _ => None,
    });
    match value {
        Some(value) => Reading::known(value),
        None => {
            // Profit can be negative; every other yearly figure is an amount or a head count.
            let lo = if field == Field::NetProfit {
                f64::NEG_INFINITY
            } else {
                0.0
            };
            Reading::unknown(lo, f64::INFINITY, vec![MissingFact::yearly(field, year)])
        }
    }
}

/// `num / den` in `year`; unknown over the whole line when either part is missing.
fn yearly_ratio(facts: &EnterpriseFacts, year: i32, num: Field, den: Field) -> Reading {
    let (n, d) = (yearly(facts, year, num), yearly(facts, year, den));
    match (n.value(), d.value()) {
        (Some(n), Some(d)) => Reading::known(divide(n, d)),
        _ => Reading::unknown(
            f64::NEG_INFINITY,
            f64::INFINITY,
            [n.missing, d.missing].concat(),
        ),
    }
}

/// The last `years` years ending with `last`.
fn window(last: i32, years: u32) -> impl Iterator<Item = i32> {
    (0..years as i32).map(move |back| last - back)
}

impl Measure {
    /// Reads the measure from the facts on the context's date.
    pub(crate) fn read(&self, facts: &EnterpriseFacts, context: &dyn ReadContext) -> Reading {
        use Measure as M;
        let date = context.date();
        let last = date.year() - 1;
        match self {
            M::Revenue => yearly(facts, last, Field::Revenue),
            M::MainBusinessShare => {
                yearly_ratio(facts, last, Field::MainBusinessRevenue, Field::Revenue)
            }
            M::MainBusinessGrowth => main_business_growth(facts, last, 1),
            M::MainBusinessGrowthAvg { years } => main_business_growth(facts, last, *years),
            M::MainBusinessAvg { years } => Reading::sum(
                window(last, *years).map(|year| yearly(facts, year, Field::MainBusinessRevenue)),
            )
            .scale(1.0 / f64::from(*years)),
            M::NicheProductShare => {
                yearly_ratio(facts, last, Field::NicheProductRevenue, Field::Revenue)
            }
            M::RdSpend => yearly(facts, last, Field::RdExpense),
            M::RdSpendMin { years } => {
                Reading::min(window(last, *years).map(|year| yearly(facts, year, Field::RdExpense)))
            }
            M::RdSpendTotal { years } => {
                Reading::sum(window(last, *years).map(|year| yearly(facts, year, Field::RdExpense)))
            }
            M::RdSpendAvg { years } => {
                Reading::sum(window(last, *years).map(|year| yearly(facts, year, Field::RdExpense)))
                    .scale(1.0 / f64::from(*years))
            }
            M::RdIntensity => yearly_ratio(facts, last, Field::RdExpense, Field::Revenue),
            M::RdIntensityMin { years } => Reading::min(
                window(last, *years)
                    .map(|year| yearly_ratio(facts, year, Field::RdExpense, Field::Revenue)),
            ),
            M::RdStaffShare => yearly_ratio(facts, last, Field::RdStaff, Field::Employees),
            M::AssetLiabilityRatio => {
                yearly_ratio(facts, last, Field::TotalLiabilities, Field::TotalAssets)
            }
            M::NetProfitMargin => yearly_ratio(facts, last, Field::NetProfit, Field::Revenue),
            M::ProfitMarginOverIndustry => {
                let margin = yearly_ratio(facts, last, Field::NetProfit, Field::Revenue);
                match (margin.value(), facts.industry_profit_margin) {
                    (Some(margin), Some(industry)) => Reading::known(margin - industry),
                    (_, industry) => {
                        let mut missing = margin.missing;
                        if industry.is_none() {
                            missing.push(MissingFact::field(Field::IndustryProfitMargin));
                        }
                        Reading::unknown(f64::NEG_INFINITY, f64::INFINITY, missing)
                    }
                }
            }
            M::EquityRaised { years } => Reading::sum(
                window(last, *years).map(|year| yearly(facts, year, Field::EquityRaised)),
            ),
            M::ChainMasterTrade => yearly(facts, last, Field::ChainMasterTrade),
            M::NicheYears => match facts.niche_since {
                // 截至上年末: to the end of 31 December of last year.
                Some(since) => Reading::known(Date::first_of_year(date.year()).years_since(since)),
                None => Reading::unknown(
                    0.0,
                    f64::INFINITY,
                    vec![MissingFact::field(Field::NicheSince)],
                ),
            },
            M::IpClass1HighValue => {
                Reading::count(facts.ip.class1_high_value, Field::IpClass1HighValue)
            }
            M::IpClass1SelfDeveloped => {
                Reading::count(facts.ip.class1_self_developed, Field::IpClass1SelfDeveloped)
            }
            M::IpClass1 => Reading::count(facts.ip.class1, Field::IpClass1),
            M::IpClass1InUse => Reading::count(facts.ip.class1_in_use, Field::IpClass1InUse),
            M::IpClass2 => Reading::count(facts.ip.class2, Field::IpClass2),
            M::StrategicEmerging => {
                Reading::flag(facts.strategic_emerging, Field::StrategicEmerging)
            }
            M::ProductField => Reading::code(
                facts.product_field.map(|field| field as usize),
                Field::ProductField,
            ),
            M::DigitalLevel => match facts.digital_level {
                Some(level) => Reading::known(f64::from(level)),
                None => Reading::unknown(1.0, 4.0, vec![MissingFact::field(Field::DigitalLevel)]),
            },
            M::QualityItems => Reading::sum([
                Reading::flag(facts.quality_award, Field::QualityAward),
                Reading::flag(
                    facts.management_certification,
                    Field::ManagementCertification,
                ),
                Reading::flag(facts.own_brand, Field::OwnBrand),
                Reading::flag(facts.standard_setting, Field::StandardSetting),
            ]),
            M::ManagementCertification => Reading::flag(
                facts.management_certification,
                Field::ManagementCertification,
            ),
            M::ForeignProductCertification => Reading::flag(
                facts.foreign_product_certification,
                Field::ForeignProductCertification,
            ),
            M::OwnBrand => Reading::flag(facts.own_brand, Field::OwnBrand),
            M::InfoSystem => Reading::flag(facts.info_system, Field::InfoSystem),
            M::NewProduct => Reading::flag(facts.new_product, Field::NewProduct),
            M::RdInstitution => Reading::code(
                facts.rd_institution.map(|level| level as usize),
                Field::RdInstitution,
            ),
            M::NationalMarketShare => match facts.national_market_share {
                Some(share) => Reading::known(share),
                None => Reading::unknown(
                    0.0,
                    1.0,
                    vec![MissingFact::field(Field::NationalMarketShare)],
                ),
            },
            M::GlobalMarketRank => match facts.global_market_rank {
                Some(rank) => Reading::known(f64::from(rank)),
                None => Reading::unknown(
                    1.0,
                    f64::INFINITY,
                    vec![MissingFact::field(Field::GlobalMarketRank)],
                ),
            },
            M::Awards { kinds, years, top } => awards(facts, kinds, *years, *top, date),
            M::HoldsTitle { title } => match &facts.titles {
                Some(titles) => Reading::known(f64::from(u8::from(titles.iter().any(|held| {
                    held.title == *title
                        && held.granted <= date
                        && context
                            .title_valid_until(held)
                            .is_none_or(|until| date <= until)
                })))),
                None => Reading::flag(None, Field::Titles),
            },
            M::HoldsHonour { honours } => match &facts.honours {
                Some(held) => Reading::known(f64::from(u8::from(held.iter().any(|honour| {
                    honours.contains(&honour.kind)
                        && honour.valid_until.is_none_or(|until| date <= until)
                })))),
                None => Reading::flag(None, Field::Honours),
            },
            M::QualifiesFor { title } => context.qualifies_for(facts, *title),
            M::SizeClass => Reading::code(
                facts
                    .size_class
                    .and_then(|size| SizeClass::ALL.iter().position(|s| *s == size)),
                Field::SizeClass,
            ),
            M::ProvincialScore => match facts.provincial_score {
                Some(score) => Reading::known(score),
                None => Reading::unknown(
                    0.0,
                    f64::INFINITY,
                    vec![MissingFact::field(Field::ProvincialScore)],
                ),
            },
            M::ProvincialIndicator { key } => match facts.provincial_indicators.get(key) {
                Some(value) => Reading::known(*value),
                None => Reading::unknown(
                    f64::NEG_INFINITY,
                    f64::INFINITY,
                    vec![MissingFact::keyed(Field::ProvincialIndicator, key)],
                ),
            },
            M::AssessedScore { title } => match facts.assessed_scores.get(title.as_str()) {
                Some(value) => Reading::known(*value),
                None => Reading::unknown(
                    0.0,
                    f64::INFINITY,
                    vec![MissingFact::keyed(Field::AssessedScore, title.as_str())],
                ),
            },
            M::PartnerFirms => Reading::count(facts.partner_firms, Field::PartnerFirms),
            M::Cluster => Reading::code(
                facts.cluster.map(|cluster| cluster as usize),
                Field::Cluster,
            ),
        }
    }
}

/// Main-business growth from `last − years` to `last`, as a geometric yearly mean.
fn main_business_growth(facts: &EnterpriseFacts, last: i32, years: u32) -> Reading {
    let now = yearly(facts, last, Field::MainBusinessRevenue);
    let then = yearly(facts, last - years as i32, Field::MainBusinessRevenue);
    match (now.value(), then.value()) {
        // (now − then) / then keeps an exact 15 % exact: 1150/1000 − 1 would not be.
        (Some(now), Some(then)) if years == 1 => Reading::known(divide(now - then, then)),
        (Some(now), Some(then)) => {
            Reading::known(divide(now, then).powf(1.0 / f64::from(years)) - 1.0)
        }
        _ => Reading::unknown(-1.0, f64::INFINITY, [now.missing, then.missing].concat()),
    }
}

/// Awards of `kinds` dated within `years` before `date` (inclusive), placed in the `top`. Awards
/// whose place is not known may or may not count.
fn awards(
    facts: &EnterpriseFacts,
    kinds: &[AwardKind],
    years: u32,
    top: Option<u32>,
    date: Date,
) -> Reading {
    let Some(awards) = &facts.awards else {
        return Reading::unknown(0.0, f64::INFINITY, vec![MissingFact::field(Field::Awards)]);
    };
    let since = date.add_years(-(years as i32));
    let (mut sure, mut maybe) = (0u32, 0u32);
    for award in awards
        .iter()
        .filter(|award| kinds.contains(&award.kind) && since <= award.date && award.date <= date)
    {
        match (top, award.rank) {
            (None, _) => sure += 1,
            (Some(top), Some(rank)) if rank <= top => sure += 1,
            (Some(_), Some(_)) => {}
            (Some(_), None) => maybe += 1,
        }
    }
    if maybe == 0 {
        Reading::known(f64::from(sure))
    } else {
        Reading::unknown(
            f64::from(sure),
            f64::from(sure + maybe),
            vec![MissingFact::field(Field::Awards)],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_name_builds_the_measure_of_that_name() {
        let kinds = ["national_science".to_owned()];
        let honours = ["ip_advantage".to_owned()];
        // Each measure takes one of these parameter sets and rejects parameters it does not take.
        let candidates = [
            MeasureParams::default(),
            MeasureParams {
                years: Some(2),
                ..MeasureParams::default()
            },
            MeasureParams {
                years: Some(2),
                kinds: Some(&kinds),
                ..MeasureParams::default()
            },
            MeasureParams {
                title: Some("high_tech"),
                ..MeasureParams::default()
            },
            MeasureParams {
                honours: Some(&honours),
                ..MeasureParams::default()
            },
            MeasureParams {
                key: Some("k"),
                ..MeasureParams::default()
            },
        ];
        for name in MEASURE_NAMES {
            let measure = candidates
                .iter()
                .find_map(|params| Measure::from_file(name, params, TitleKind::SpecialisedSme).ok())
                .unwrap_or_else(|| panic!("{name} builds with no parameter set"));
            assert_eq!(measure.name(), *name);
        }
        assert!(
            Measure::from_file("revenue_growth", &candidates[0], TitleKind::SpecialisedSme)
                .is_err()
        );
        assert!(
            Measure::from_file("rd_spend_total", &candidates[0], TitleKind::SpecialisedSme)
                .is_err()
        );
        assert!(Measure::from_file("revenue", &candidates[1], TitleKind::SpecialisedSme).is_err());
    }
}
