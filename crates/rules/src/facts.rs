//! What the rules need to know about an enterprise: one plain struct of optional facts.
//!
//! `None` means "not known", which is different from "none": an empty award list says the firm has
//! no awards, a missing list says nobody told us. A rule that needs a missing fact yields "cannot
//! tell" and names the fact ([`MissingFact`]), unless the facts that are known already decide it.

use std::collections::BTreeMap;

use model::{SizeClass, TitleKind};
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::text::{Lang, Text};

/// Declares a closed set of codes with their stable text, Chinese and English labels.
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal / $zh:literal / $en:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable text used in rule files, tables and the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn label(self) -> crate::text::Text {
                match self { $($name::$variant => crate::text::Text::new($zh, $en)),+ }
            }

            /// Parses the stable text or the Chinese label.
            pub fn parse(text: &str) -> Option<Self> {
                let text = text.trim();
                $name::ALL.iter().copied().find(|v| {
                    v.as_str() == text || v.label().zh == text
                })
            }
        }
    };
}

labelled_enum! {
    /// 主导产品所属领域 as the 专精特新 score table grades it.
    ProductField {
        /// 在产业链补短板、锻长板、填空白取得实际成效.
        GapFilling = "gap_filling" / "补短板/锻长板/填空白" / "fills a chain gap",
        /// 工业"六基"、中华老字号、服务关键产业链重点龙头.
        Foundation = "foundation" / "工业六基/中华老字号/服务关键产业链重点龙头" / "industrial foundation, time-honoured brand or key-chain supplier",
        Other = "other" / "其他" / "other",
    }
}

labelled_enum! {
    /// Level of the enterprise's recognised R&D institution (研发机构), lowest first.
    RdInstitution {
        NotEstablished = "none" / "未建立" / "none",
        BelowCity = "below_city" / "市级以下" / "below city level",
        City = "city" / "市级" / "city level",
        Provincial = "provincial" / "省级" / "provincial level",
        National = "national" / "国家级" / "national level",
    }
}

labelled_enum! {
    /// Kind of industrial cluster a chain-master candidate leads (Guangdong's thresholds differ).
    ClusterKind {
        /// 战略性支柱产业集群.
        Pillar = "pillar" / "支柱产业集群" / "pillar cluster",
        /// 战略性新兴产业集群.
        Emerging = "emerging" / "新兴产业集群" / "emerging cluster",
    }
}

labelled_enum! {
    /// Awards the direct-qualification routes name.
    AwardKind {
        /// 国家级科学技术奖励.
        NationalScience = "national_science" / "国家级科技奖励" / "national S&T award",
        /// 省级科学技术奖励.
        ProvincialScience = "provincial_science" / "省级科技奖励" / "provincial S&T award",
        /// "创客中国"中小企业创新创业大赛 (rank = place in the national list).
        MakerChina = "maker_china" / "创客中国大赛" / "Maker China contest",
    }
}

labelled_enum! {
    /// Recognitions other than the titles this crate evaluates (高新技术企业 is a `TitleKind`).
    HonourKind {
        /// 国家级技术创新示范企业.
        TechInnovationDemo = "tech_innovation_demo" / "国家级技术创新示范企业" / "national technology-innovation demonstration enterprise",
        /// 知识产权优势企业.
        IpAdvantage = "ip_advantage" / "知识产权优势企业" / "IP advantage enterprise",
        /// 知识产权示范企业.
        IpDemonstration = "ip_demonstration" / "知识产权示范企业" / "IP demonstration enterprise",
    }
}

/// One year of accounts and staff figures (all amounts in yuan).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct YearFigures {
    pub year: i32,
    /// 营业收入.
    pub revenue: Option<f64>,
    /// 主营业务收入.
    pub main_business_revenue: Option<f64>,
    /// Revenue of the 1–2 niche products a single champion is built on (单项冠军 主营产品).
    pub niche_product_revenue: Option<f64>,
    /// 研发费用.
    pub rd_expense: Option<f64>,
    /// 净利润.
    pub net_profit: Option<f64>,
    /// 资产总额 at year-end.
    pub total_assets: Option<f64>,
    /// 负债总额 at year-end.
    pub total_liabilities: Option<f64>,
    /// 职工总数.
    pub employees: Option<u32>,
    /// 研发人员.
    pub rd_staff: Option<u32>,
    /// 新增股权融资: paid-in equity from qualified institutional investors in the year.
    pub equity_raised: Option<f64>,
    /// Largest trade in the year with a single chain-master as its supplier (see
    /// [`crate::supply::chain_master_trade`]).
    pub chain_master_trade: Option<f64>,
}

/// Counts of valid intellectual property tied to the main product (与主导产品相关的有效知识产权).
/// Ⅰ类: invention patents, plant varieties, national crop varieties, national new drugs,
/// first-grade protected TCM varieties, IC layout designs. Ⅱ类: utility models, designs, software
/// copyrights.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpCounts {
    /// Ⅰ类 of high value (高价值).
    pub class1_high_value: Option<u32>,
    /// Ⅰ类 developed in-house (自主研发).
    pub class1_self_developed: Option<u32>,
    /// All Ⅰ类.
    pub class1: Option<u32>,
    /// Ⅰ类 applied in products with economic benefit (实际应用并已产生经济效益).
    pub class1_in_use: Option<u32>,
    /// Ⅱ类.
    pub class2: Option<u32>,
}

/// An award the enterprise received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Award {
    pub kind: AwardKind,
    /// Place among the award's winning units (获奖单位排名), or in the contest list; `None` when
    /// not known.
    pub rank: Option<u32>,
    pub date: Date,
}

/// A title this crate evaluates (or 高新技术企业) that the enterprise holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldTitle {
    pub title: TitleKind,
    pub granted: Date,
    /// Last day of validity when the certificate states it; otherwise derived from the rule set
    /// it was granted under (3 years for the MIIT tiers).
    pub valid_until: Option<Date>,
    /// Id of the rule set it was granted under, when known.
    pub rule_set: Option<String>,
}

/// Any other recognition the direct routes name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Honour {
    pub kind: HonourKind,
    /// Last day of validity; `None` when it does not expire or is not known to.
    pub valid_until: Option<Date>,
}

/// Everything the rule sets may ask about one enterprise.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseFacts {
    /// The caller's key (the USCC in chainchief).
    pub id: String,
    pub name: Option<String>,
    /// GB/T 2260 code, for screening a region.
    pub region: Option<String>,
    /// 大中小微 under 《中小企业划型标准规定》.
    pub size_class: Option<SizeClass>,
    /// Annual figures, any order; the rules read the years before the evaluation date.
    pub years: Vec<YearFigures>,
    /// When the enterprise entered its niche market (从事特定细分市场).
    pub niche_since: Option<Date>,
    /// The niche product is a new product (单项冠军 2016: 3 years in the field suffice).
    pub new_product: Option<bool>,
    pub ip: IpCounts,
    /// 主导产品属于《战略性新兴产业分类》.
    pub strategic_emerging: Option<bool>,
    pub product_field: Option<ProductField>,
    /// 中小企业数字化水平评测 level (1–4).
    pub digital_level: Option<u8>,
    /// 省级以上质量奖.
    pub quality_award: Option<bool>,
    /// Management-system certification (ISO 9001 and the like).
    pub management_certification: Option<bool>,
    /// Product certification of a developed country or region (发达国家和地区产品认证).
    pub foreign_product_certification: Option<bool>,
    /// 拥有自主品牌.
    pub own_brand: Option<bool>,
    /// 参与制修订标准.
    pub standard_setting: Option<bool>,
    /// At least one core process runs on an information system.
    pub info_system: Option<bool>,
    pub rd_institution: Option<RdInstitution>,
    /// Share of the national niche market (0.12 = 12 %).
    pub national_market_share: Option<f64>,
    /// Global rank of the niche product by market share.
    pub global_market_rank: Option<u32>,
    /// Average net profit margin of the enterprise's industry in the last year.
    pub industry_profit_margin: Option<f64>,
    pub awards: Option<Vec<Award>>,
    pub titles: Option<Vec<HeldTitle>>,
    pub honours: Option<Vec<Honour>>,
    /// 特色化 points awarded by the provincial authority, where the province has not configured
    /// its own indicators.
    pub provincial_score: Option<f64>,
    /// Values of provincially configured 特色化 indicators, by key.
    pub provincial_indicators: BTreeMap<String, f64>,
    /// Scores assessed outside this crate (the 2026 evaluation scores), by title code.
    pub assessed_scores: BTreeMap<String, f64>,
    /// Upstream and downstream partner firms (链主: "in principle ≥ 15").
    pub partner_firms: Option<u32>,
    pub cluster: Option<ClusterKind>,
}

impl EnterpriseFacts {
    /// A firm with only its key: every rule will name what it is missing.
    pub fn new(id: impl Into<String>) -> EnterpriseFacts {
        EnterpriseFacts {
            id: id.into(),
            ..EnterpriseFacts::default()
        }
    }

    /// The figures of `year`, if any were given.
    pub fn year(&self, year: i32) -> Option<&YearFigures> {
        self.years.iter().find(|figures| figures.year == year)
    }

    /// The figures of `year`, created empty when absent (for builders and readers).
    pub fn year_mut(&mut self, year: i32) -> &mut YearFigures {
        match self.years.iter().position(|figures| figures.year == year) {
            Some(index) => &mut self.years[index],
            None => {
                self.years.push(YearFigures {
                    year,
                    ..YearFigures::default()
                });
                let last = self.years.len() - 1;
                &mut self.years[last]
            }
        }
    }
}

labelled_enum! {
    /// A fact a rule reads; the text is the column name in the facts table (yearly facts get
    /// `_<year>` appended).
    Field {
        SizeClass = "size_class" / "企业规模" / "size class",
        Revenue = "revenue" / "营业收入" / "revenue",
        MainBusinessRevenue = "main_business_revenue" / "主营业务收入" / "main-business revenue",
        NicheProductRevenue = "niche_product_revenue" / "主营产品销售收入" / "niche-product revenue",
        RdExpense = "rd_expense" / "研发费用" / "R&D expense",
        NetProfit = "net_profit" / "净利润" / "net profit",
        TotalAssets = "total_assets" / "资产总额" / "total assets",
        TotalLiabilities = "total_liabilities" / "负债总额" / "total liabilities",
        Employees = "employees" / "职工总数" / "employees",
        RdStaff = "rd_staff" / "研发人员数" / "R&D staff",
        EquityRaised = "equity_raised" / "新增股权融资" / "equity raised",
        ChainMasterTrade = "chain_master_trade" / "与链主企业年交易额" / "trade with a chain-master",
        NicheSince = "niche_since" / "进入细分市场时间" / "in the niche since",
        NewProduct = "new_product" / "是否新产品" / "new product",
        IpClass1HighValue = "ip_class1_high_value" / "Ⅰ类高价值知识产权数" / "high-value class-I IP",
        IpClass1SelfDeveloped = "ip_class1_self_developed" / "自主研发Ⅰ类知识产权数" / "self-developed class-I IP",
        IpClass1 = "ip_class1" / "Ⅰ类知识产权数" / "class-I IP",
        IpClass1InUse = "ip_class1_in_use" / "已应用Ⅰ类知识产权数" / "class-I IP in use",
        IpClass2 = "ip_class2" / "Ⅱ类知识产权数" / "class-II IP",
        StrategicEmerging = "strategic_emerging" / "属于战略性新兴产业" / "strategic emerging industry",
        ProductField = "product_field" / "主导产品所属领域" / "main-product field",
        DigitalLevel = "digital_level" / "数字化水平等级" / "digital level",
        QualityAward = "quality_award" / "省级以上质量奖" / "provincial quality award",
        ManagementCertification = "management_certification" / "管理体系认证" / "management-system certification",
        ForeignProductCertification = "foreign_product_certification" / "发达国家和地区产品认证" / "developed-market product certification",
        OwnBrand = "own_brand" / "自主品牌" / "own brand",
        StandardSetting = "standard_setting" / "参与制修订标准" / "standard setting",
        InfoSystem = "info_system" / "核心业务信息系统" / "information system for a core process",
        RdInstitution = "rd_institution" / "研发机构级别" / "R&D institution level",
        NationalMarketShare = "national_market_share" / "全国细分市场占有率" / "national niche market share",
        GlobalMarketRank = "global_market_rank" / "全球市场占有率排名" / "global market rank",
        IndustryProfitMargin = "industry_profit_margin" / "行业平均净利润率" / "industry average profit margin",
        Awards = "awards" / "获奖情况" / "awards",
        Titles = "titles" / "已获称号" / "titles held",
        Honours = "honours" / "其他荣誉资质" / "honours",
        ProvincialScore = "provincial_score" / "特色化指标得分" / "provincial feature score",
        ProvincialIndicator = "provincial" / "地方特色指标" / "provincial indicator",
        AssessedScore = "assessed_score" / "评价得分" / "assessed score",
        PartnerFirms = "partner_firms" / "上下游配套企业数" / "partner firms",
        Cluster = "cluster" / "产业集群类型" / "cluster kind",
    }
}

/// A fact a rule needed and did not get.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct MissingFact {
    pub field: Field,
    /// For yearly figures.
    pub year: Option<i32>,
    /// For keyed facts (provincial indicators, assessed scores).
    pub key: Option<String>,
}

impl MissingFact {
    pub fn field(field: Field) -> MissingFact {
        MissingFact {
            field,
            year: None,
            key: None,
        }
    }

    pub fn yearly(field: Field, year: i32) -> MissingFact {
        MissingFact {
            field,
            year: Some(year),
            key: None,
        }
    }

    pub fn keyed(field: Field, key: &str) -> MissingFact {
        MissingFact {
            field,
            year: None,
            key: Some(key.to_owned()),
        }
    }

    /// The facts-table column that would supply it (`revenue_2024`, `provincial.k1`).
    pub fn column(&self) -> String {
        match (&self.year, &self.key) {
            (Some(year), _) => format!("{}_{year}", self.field.as_str()),
            (None, Some(key)) => format!("{}.{key}", self.field.as_str()),
            (None, None) => self.field.as_str().to_owned(),
        }
    }

    pub fn label(&self) -> Text {
        Text::new(self.label_in(Lang::Zh), self.label_in(Lang::En))
    }

    /// The label in one language (`2024年营业收入`, `revenue 2024`).
    pub fn label_in(&self, lang: Lang) -> String {
        let name = self.field.label();
        let name = name.get(lang);
        match (lang, &self.year, &self.key) {
            (Lang::Zh, Some(year), _) => format!("{year}年{name}"),
            (Lang::En, Some(year), _) => format!("{name} {year}"),
            (Lang::Zh, None, Some(key)) => format!("{name}（{key}）"),
            (Lang::En, None, Some(key)) => format!("{name} ({key})"),
            (_, None, None) => name.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_their_text_and_chinese_label() {
        assert_eq!(
            RdInstitution::parse("省级"),
            Some(RdInstitution::Provincial)
        );
        assert_eq!(
            ProductField::parse("gap_filling"),
            Some(ProductField::GapFilling)
        );
        assert_eq!(AwardKind::parse("nobel"), None);
        for field in Field::ALL {
            assert_eq!(Field::parse(field.as_str()), Some(*field));
        }
    }

    #[test]
    fn missing_facts_name_their_column() {
        let missing = MissingFact::yearly(Field::RdExpense, 2024);
        assert_eq!(missing.column(), "rd_expense_2024");
        assert_eq!(missing.label().zh, "2024年研发费用");
        assert_eq!(
            MissingFact::keyed(Field::AssessedScore, "specialised_sme").column(),
            "assessed_score.specialised_sme"
        );
    }

    #[test]
    fn year_mut_creates_once() {
        let mut facts = EnterpriseFacts::new("x");
        facts.year_mut(2024).revenue = Some(1.0);
        facts.year_mut(2024).rd_expense = Some(2.0);
        assert_eq!(facts.years.len(), 1);
        assert_eq!(facts.year(2024).unwrap().rd_expense, Some(2.0));
    }
}
