//! The nouns of the domain (see DESIGN.md): plain data, validated identifiers inside.
//!
//! Rows stored in the database carry an `id` (a surrogate key local to one deployment); natural
//! keys (USCC, region and industry codes, periods) are what files and the API speak.

use serde::{Deserialize, Serialize};

use crate::{IndustryCode, Period, RegionCode, Uscc};

/// Surrogate key of a stored row.
pub type Id = i64;

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal / $zh:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable text used in files, the database and the API.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The Chinese label shown to users.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            /// Parses the stable text or the Chinese label.
            pub fn parse(text: &str) -> Option<Self> {
                let text = text.trim();
                $name::ALL.iter().copied().find(|v| v.as_str() == text || v.label_zh() == text)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// Enterprise size class (大中小微, NBS 统计上大中小微型企业划分办法 2017).
    SizeClass {
        Large = "large" / "大型",
        Medium = "medium" / "中型",
        Small = "small" / "小型",
        Micro = "micro" / "微型",
    }
}

string_enum! {
    /// Where a chain node sits in its chain.
    Segment {
        Upstream = "upstream" / "上游",
        Midstream = "midstream" / "中游",
        Downstream = "downstream" / "下游",
    }
}

string_enum! {
    /// An enterprise's role in a chain node.
    MembershipRole {
        /// 链主: leading enterprise that organises the chain.
        ChainMaster = "chain_master" / "链主",
        /// 链核: potential chain-master or core supplier of a chain-master.
        ChainCore = "chain_core" / "链核",
        Member = "member" / "成员",
    }
}

string_enum! {
    /// How strongly the evidence ties an enterprise to a node (strong: bids, patents,
    /// certifications; medium: business scope; weak: name or industry code alone).
    EvidenceGrade {
        Strong = "strong" / "强",
        Medium = "medium" / "中",
        Weak = "weak" / "弱",
    }
}

string_enum! {
    /// Chain level: a provincial key chain, or a city chain linked to a provincial one.
    ChainLevel {
        Province = "province" / "省级",
        City = "city" / "市级",
    }
}

string_enum! {
    /// How an indicator's enterprise values combine into a group value.
    Aggregation {
        /// Flows and stocks that add up (output value, revenue, electricity).
        Sum = "sum" / "求和",
        /// Averages (prices, rates reported per enterprise).
        Mean = "mean" / "平均",
        /// Ratios recomputed from their numerator and denominator indicators.
        Ratio = "ratio" / "比率",
        /// Stocks such as employees: add up over enterprises; over months (累计) the average is
        /// taken, not the sum.
        Stock = "stock" / "时点",
    }
}

string_enum! {
    /// How often an indicator is reported.
    Frequency {
        Monthly = "monthly" / "月度",
        Quarterly = "quarterly" / "季度",
        Annual = "annual" / "年度",
    }
}

string_enum! {
    /// Titles and designations an enterprise or place can hold (梯度培育 tiers and chain roles).
    TitleKind {
        InnovativeSme = "innovative_sme" / "创新型中小企业",
        SpecialisedSme = "specialised_sme" / "专精特新中小企业",
        LittleGiant = "little_giant" / "专精特新“小巨人”企业",
        SingleChampion = "single_champion" / "制造业单项冠军",
        HighTech = "high_tech" / "高新技术企业",
        ChainMaster = "chain_master" / "链主企业",
        ChainCore = "chain_core" / "链核企业",
    }
}

string_enum! {
    /// Status of a designation in its decision trail.
    DesignationStatus {
        Applied = "applied" / "已申报",
        CityReviewed = "city_reviewed" / "市级审核",
        ExpertReviewed = "expert_reviewed" / "专家评审",
        Approved = "approved" / "已认定",
        Published = "published" / "已公示",
        Revoked = "revoked" / "已撤销",
        Expired = "expired" / "已到期",
    }
}

/// 规模以上工业企业: annual main-business (operating) revenue at or above 20 million yuan (NBS, since
/// 2011).
pub const ABOVE_DESIGNATED_SIZE_REVENUE_YUAN: f64 = 20_000_000.0;

/// A registered enterprise: local, or outside the province (suppliers there are enterprises too,
/// which makes external dependency measurable).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enterprise {
    pub uscc: Uscc,
    pub name: String,
    pub region: RegionCode,
    pub industry: IndustryCode,
    pub size_class: SizeClass,
    /// 规上: the NBS above-designated-size flag as reported by statistics.
    pub above_designated_size: bool,
    /// Park code, when the enterprise sits in a park.
    pub park: Option<String>,
    /// Founding year, for niche-market years and similar rules.
    pub founded: Option<u16>,
}

/// A key industrial chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chain {
    /// Stable short code, e.g. `SX-01`.
    pub code: String,
    pub name: String,
    pub level: ChainLevel,
    /// Province or city the chain belongs to.
    pub region: RegionCode,
    /// For a city chain: the provincial chain it links to.
    pub parent: Option<String>,
    /// 链长: the official who leads the chain.
    pub chief: Option<String>,
    /// 牵头单位 and co-departments.
    pub lead_department: Option<String>,
    pub co_departments: Vec<String>,
}

/// A link of a chain map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainNode {
    pub chain: String,
    /// Unique within the chain, e.g. `SX-01-03`.
    pub code: String,
    pub name: String,
    pub segment: Segment,
    pub parent: Option<String>,
    pub industries: Vec<IndustryCode>,
    pub key_products: Vec<String>,
}

/// `from` supplies inputs to `to` within a chain map (a small DAG).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeRelation {
    pub chain: String,
    pub from: String,
    pub to: String,
}

/// An enterprise's place in a chain node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub uscc: Uscc,
    pub chain: String,
    pub node: String,
    pub role: MembershipRole,
    pub evidence: EvidenceGrade,
    /// Where the evidence came from (a bid, a patent, a business-scope match…).
    pub source: String,
}

/// Supplier → customer trade in one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupplyLink {
    pub supplier: Uscc,
    pub customer: Uscc,
    pub year: u16,
    /// Yuan.
    pub value: f64,
    pub product: Option<String>,
}

/// An indicator definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Stable code, e.g. `output_value`.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Unit of stored values (`yuan`, `kwh`, `person`, `tce`, `m3`).
    pub unit: String,
    pub frequency: Frequency,
    pub aggregation: Aggregation,
    /// Growth of this indicator is real, at comparable prices (industrial value added).
    pub comparable_price: bool,
    /// For ratios: numerator and denominator indicator codes.
    pub numerator: Option<String>,
    pub denominator: Option<String>,
}

/// One value of one indicator for one enterprise in one reporting period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub uscc: Uscc,
    pub indicator: String,
    pub period: Period,
    pub value: f64,
    pub source: Option<String>,
}

/// A development zone or industrial park.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Park {
    pub code: String,
    pub name: String,
    pub region: RegionCode,
    /// 国家级 / 省级 …
    pub level: String,
    /// Capacity figures used by investment recommendations (hectares, square metres).
    pub available_land_ha: Option<f64>,
    pub standard_factory_m2: Option<f64>,
}

/// A professional town (专业镇): a county or district specialised in one field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfessionalTown {
    pub code: String,
    pub name: String,
    pub region: RegionCode,
    /// province / city / county tier of the designation.
    pub tier: String,
    pub field: String,
    pub industries: Vec<IndustryCode>,
    pub designated: Option<String>,
    pub batch: Option<u16>,
    /// Caveats, e.g. a designation not yet verified against the official list.
    pub note: Option<String>,
}

/// A title or role held (or applied for) by an enterprise, with its decision trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Designation {
    pub uscc: Uscc,
    pub title: TitleKind,
    /// Chain code for chain-master / chain-core designations.
    pub chain: Option<String>,
    pub status: DesignationStatus,
    /// Rule version the title was granted under, e.g. `miit-2022`.
    pub rule_version: Option<String>,
    /// ISO dates.
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub decision: Option<String>,
}

/// A chain's target for one indicator in one year (链长制 annual targets), with its baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainTarget {
    pub chain: String,
    pub indicator: String,
    pub target_year: u16,
    pub value: f64,
    pub baseline_year: Option<u16>,
    pub baseline_value: Option<f64>,
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_parse_their_text_and_chinese_label() {
        assert_eq!(Segment::parse("上游"), Some(Segment::Upstream));
        assert_eq!(Segment::parse("downstream"), Some(Segment::Downstream));
        assert_eq!(
            MembershipRole::parse("链主"),
            Some(MembershipRole::ChainMaster)
        );
        assert_eq!(SizeClass::parse("huge"), None);
        for role in MembershipRole::ALL {
            assert_eq!(MembershipRole::parse(role.as_str()), Some(*role));
        }
    }
}
