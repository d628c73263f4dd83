//! The kinds of file the importer takes and the columns of each: Chinese and English names,
//! common aliases, the unit a number is stored in, a note and an example (templates are written
//! from the same table, so a template always imports).

use std::fmt;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Parks,
    Towns,
    Indicators,
    Enterprises,
    Chains,
    ChainNodes,
    NodeRelations,
    Memberships,
    Designations,
    SupplyLinks,
    Observations,
    Facts,
}

impl Kind {
    /// In the order a whole data set imports (what a row refers to comes first), which is also
    /// the order of the demo's export files.
    pub const ALL: [Kind; 12] = [
        Kind::Parks,
        Kind::Towns,
        Kind::Indicators,
        Kind::Enterprises,
        Kind::Chains,
        Kind::ChainNodes,
        Kind::NodeRelations,
        Kind::Memberships,
        Kind::Designations,
        Kind::SupplyLinks,
        Kind::Observations,
        Kind::Facts,
    ];

    /// Every stable name, comma-separated, in import order (for messages that list them).
    pub fn names() -> String {
        Kind::ALL.map(Kind::as_str).join(", ")
    }

    /// The stable name (also the demo's file stem): `chain_nodes`, `observations`…
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Parks => "parks",
            Kind::Towns => "towns",
            Kind::Indicators => "indicators",
            Kind::Enterprises => "enterprises",
            Kind::Chains => "chains",
            Kind::ChainNodes => "chain_nodes",
            Kind::NodeRelations => "node_relations",
            Kind::Memberships => "memberships",
            Kind::Designations => "designations",
            Kind::SupplyLinks => "supply_links",
            Kind::Observations => "observations",
            Kind::Facts => "facts",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Kind::Parks => "园区",
            Kind::Towns => "专业镇",
            Kind::Indicators => "指标",
            Kind::Enterprises => "企业",
            Kind::Chains => "产业链",
            Kind::ChainNodes => "产业链环节",
            Kind::NodeRelations => "环节关系",
            Kind::Memberships => "链上企业",
            Kind::Designations => "认定称号",
            Kind::SupplyLinks => "供应关系",
            Kind::Observations => "指标数据",
            Kind::Facts => "企业申报事实",
        }
    }

    /// Parses the stable name (with `-` or `_`), a singular, or the Chinese label.
    pub fn parse(text: &str) -> Option<Kind> {
        let key = text.trim().to_ascii_lowercase().replace('-', "_");
        Kind::ALL.iter().copied().find(|k| {
            k.as_str() == key
                || k.as_str().strip_suffix('s') == Some(key.as_str())
                || k.label_zh() == text.trim()
                || (*k == Kind::Towns && key == "professional_towns")
                || (*k == Kind::Observations && key == "data")
        })
    }

    /// The columns this kind reads, in template order.
    pub fn fields(self) -> &'static [&'static Field] {
        match self {
            Kind::Parks => &PARKS_FIELDS,
            Kind::Towns => &TOWNS_FIELDS,
            Kind::Indicators => &INDICATORS_FIELDS,
            Kind::Enterprises => &ENTERPRISES_FIELDS,
            Kind::Chains => &CHAINS_FIELDS,
            Kind::ChainNodes => &CHAIN_NODES_FIELDS,
            Kind::NodeRelations => &NODE_RELATIONS_FIELDS,
            Kind::Memberships => &MEMBERSHIPS_FIELDS,
            Kind::Designations => &DESIGNATIONS_FIELDS,
            Kind::SupplyLinks => &SUPPLY_LINKS_FIELDS,
            Kind::Observations => &OBSERVATIONS_FIELDS,
            Kind::Facts => &FACTS_FIELDS,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One column a kind reads.
#[derive(Debug, PartialEq, Eq)]
pub struct Field {
    /// Stable key, also the English header the demo export writes.
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// Other headers that mean this column (compared after [`crate::header::normalise`]).
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// Unit numbers are stored in; a header may give another one of the same dimension.
    pub unit: Option<&'static str>,
    pub note_zh: &'static str,
    pub note_en: &'static str,
    pub example: &'static str,
}

macro_rules! field {
    ($name:ident, $key:literal, $zh:literal, $en:literal, [$($alias:literal),* $(,)?], $($rest:tt)*) => {
        field!($name, $key, $zh, $en, &[$($alias),*], $($rest)*);
    };
    ($name:ident, $key:literal, $zh:literal, $en:literal, $aliases:expr, $required:expr,
     $unit:expr, $note_zh:literal, $note_en:literal, $example:literal) => {
        pub static $name: Field = Field {
            key: $key,
            zh: $zh,
            en: $en,
            aliases: $aliases,
            required: $required,
            unit: $unit,
            note_zh: $note_zh,
            note_en: $note_en,
            example: $example,
        };
    };
}

/// Headers that name an enterprise.
const NAME_ALIASES: &[&str] = &[
    "名称",
    "单位名称",
    "企业",
    "公司名称",
    "单位详细名称",
    "enterprise",
    "company",
    "company name",
    "enterprise name",
];

field!(
    USCC,
    "uscc",
    "统一社会信用代码",
    "USCC",
    [
        "信用代码",
        "社会信用代码",
        "统一代码",
        "企业信用代码",
        "统一社会信用代码(18位)",
        "credit code",
        "unified social credit code",
        "social credit code",
        "企业统一社会信用代码"
    ],
    true,
    None,
    "18位，含校验位（GB 32100）",
    "18 characters with check character (GB 32100)",
    "91140100MA0GRKXB3G"
);
field!(
    ENTERPRISE_NAME,
    "name",
    "企业名称",
    "Enterprise name",
    NAME_ALIASES,
    true,
    None,
    "营业执照上的名称",
    "registered name",
    "山西示例装备制造有限公司"
);
field!(
    ENTERPRISE_NAME_IGNORED,
    "name",
    "企业名称",
    "Enterprise name",
    NAME_ALIASES,
    false,
    None,
    "仅供核对，不导入",
    "for checking only, not imported",
    "山西示例装备制造有限公司"
);
field!(
    REGION,
    "region",
    "行政区划代码",
    "Region code",
    [
        "区划代码",
        "地区代码",
        "所属地区代码",
        "行政区划",
        "所在地区代码",
        "region code",
        "division code",
        "area code",
        "地区",
        "所属地区"
    ],
    true,
    None,
    "6位GB/T 2260代码（县级或市级）",
    "6-digit GB/T 2260 code (county or city)",
    "140105"
);
field!(
    INDUSTRY,
    "industry",
    "国民经济行业代码",
    "Industry code",
    [
        "行业代码",
        "所属行业代码",
        "行业",
        "国民经济行业",
        "industry code",
        "gb/t 4754",
        "gbt4754"
    ],
    true,
    None,
    "GB/T 4754-2017代码，如3670或C3670",
    "GB/T 4754-2017 code, e.g. 3670 or C3670",
    "3670"
);
field!(
    SIZE_CLASS,
    "size_class",
    "企业规模",
    "Size class",
    [
        "规模",
        "规模类型",
        "企业规模类型",
        "大中小微",
        "size",
        "scale",
        "size class"
    ],
    true,
    None,
    "大型/中型/小型/微型",
    "large / medium / small / micro",
    "中型"
);
field!(
    ABOVE_DESIGNATED_SIZE,
    "above_designated_size",
    "是否规上",
    "Above designated size",
    [
        "规上企业",
        "规模以上",
        "规上",
        "是否规模以上",
        "规模以上工业企业",
        "above designated size",
        "ads"
    ],
    true,
    None,
    "是/否",
    "yes / no",
    "是"
);
field!(
    PARK,
    "park",
    "所在园区",
    "Park",
    ["园区代码", "园区", "开发区", "所在开发区", "park code"],
    false,
    None,
    "园区代码，须已导入",
    "park code, imported before",
    ""
);
field!(
    FOUNDED,
    "founded",
    "成立年份",
    "Founded",
    [
        "成立时间",
        "成立日期",
        "成立年度",
        "year founded",
        "established",
        "founding year"
    ],
    false,
    None,
    "四位年份",
    "four-digit year",
    "2008"
);

field!(
    PARK_CODE,
    "code",
    "园区代码",
    "Park code",
    ["代码", "编码", "园区编码", "park code"],
    true,
    None,
    "唯一编码",
    "unique code",
    "P-140100-01"
);
field!(
    PARK_NAME,
    "name",
    "园区名称",
    "Park name",
    ["名称", "开发区名称", "park name"],
    true,
    None,
    "",
    "",
    "太原示例经济技术开发区"
);
field!(
    PARK_LEVEL,
    "level",
    "园区级别",
    "Level",
    ["级别", "等级", "park level"],
    true,
    None,
    "国家级/省级/市级",
    "national / provincial / city",
    "省级"
);
field!(
    AVAILABLE_LAND,
    "available_land_ha",
    "可用土地",
    "Available land",
    [
        "可供土地",
        "可用土地面积",
        "可供土地面积",
        "available land",
        "available land ha"
    ],
    false,
    Some("公顷"),
    "可供招商的土地",
    "land available for investment",
    "120"
);
field!(
    STANDARD_FACTORY,
    "standard_factory_m2",
    "标准厂房面积",
    "Standard factory area",
    [
        "标准厂房",
        "可用标准厂房",
        "standard factory",
        "standard factory m2"
    ],
    false,
    Some("平方米"),
    "可用标准厂房",
    "standard factory space available",
    "50000"
);

field!(
    TOWN_CODE,
    "code",
    "专业镇代码",
    "Town code",
    ["代码", "编码", "town code"],
    true,
    None,
    "唯一编码",
    "unique code",
    "SXT-01"
);
field!(
    TOWN_NAME,
    "name",
    "专业镇名称",
    "Town name",
    ["名称", "专业镇", "town name", "town"],
    true,
    None,
    "",
    "",
    "示例县不锈钢专业镇"
);
field!(
    TOWN_TIER,
    "tier",
    "认定级别",
    "Tier",
    ["级别", "层级", "tier"],
    true,
    None,
    "省级/市级/县级",
    "province / city / county",
    "省级"
);
field!(
    TOWN_FIELD,
    "field",
    "主导产业",
    "Field",
    ["领域", "特色产业", "产业领域", "field", "industry field"],
    true,
    None,
    "",
    "",
    "不锈钢"
);
field!(
    INDUSTRIES,
    "industries",
    "行业代码",
    "Industry codes",
    [
        "涉及行业",
        "行业代码列表",
        "所属行业代码",
        "industry codes",
        "industries"
    ],
    false,
    None,
    "GB/T 4754代码，多个用逗号或顿号分隔",
    "GB/T 4754 codes separated by commas",
    "3120,3130"
);
field!(
    DESIGNATED,
    "designated",
    "认定时间",
    "Designated",
    ["认定日期", "认定年份", "designated on", "designation date"],
    false,
    None,
    "",
    "",
    "2023-06"
);
field!(
    TOWN_BATCH,
    "batch",
    "批次",
    "Batch",
    ["认定批次", "batch"],
    false,
    None,
    "第几批",
    "designation batch number",
    "1"
);
field!(
    NOTE,
    "note",
    "备注",
    "Note",
    ["说明", "note", "remark", "remarks"],
    false,
    None,
    "",
    "",
    ""
);

field!(
    INDICATOR_CODE,
    "code",
    "指标代码",
    "Indicator code",
    ["代码", "编码", "indicator code"],
    true,
    None,
    "唯一编码，字母数字下划线",
    "unique code: letters, digits, underscore",
    "output_value"
);
field!(
    INDICATOR_NAME_ZH,
    "name_zh",
    "指标名称",
    "Chinese name",
    [
        "中文名称",
        "名称",
        "指标中文名称",
        "name zh",
        "chinese name"
    ],
    true,
    None,
    "",
    "",
    "工业总产值"
);
field!(
    INDICATOR_NAME_EN,
    "name_en",
    "英文名称",
    "English name",
    ["指标英文名称", "name en", "english name"],
    true,
    None,
    "",
    "",
    "gross industrial output value"
);
field!(
    INDICATOR_UNIT,
    "unit",
    "计量单位",
    "Unit",
    ["单位", "unit"],
    true,
    None,
    "存储单位：yuan、kWh、tce、m3、person等",
    "stored unit: yuan, kWh, tce, m3, person…",
    "yuan"
);
field!(
    FREQUENCY,
    "frequency",
    "频度",
    "Frequency",
    ["频率", "报告频率", "frequency"],
    true,
    None,
    "月度/季度/年度",
    "monthly / quarterly / annual",
    "monthly"
);
field!(
    AGGREGATION,
    "aggregation",
    "汇总方式",
    "Aggregation",
    ["聚合方式", "汇总方法", "aggregation"],
    true,
    None,
    "求和/平均/比率/时点",
    "sum / mean / ratio / stock",
    "sum"
);
field!(
    COMPARABLE_PRICE,
    "comparable_price",
    "可比价",
    "Comparable price",
    ["是否可比价", "comparable price"],
    false,
    None,
    "增速按可比价计算时填“是”",
    "yes when growth is at comparable prices",
    "否"
);
field!(
    NUMERATOR,
    "numerator",
    "分子指标",
    "Numerator",
    ["分子", "numerator"],
    false,
    None,
    "比率指标的分子指标代码",
    "numerator indicator of a ratio",
    ""
);
field!(
    DENOMINATOR,
    "denominator",
    "分母指标",
    "Denominator",
    ["分母", "denominator"],
    false,
    None,
    "比率指标的分母指标代码",
    "denominator indicator of a ratio",
    ""
);

field!(
    CHAIN_CODE,
    "code",
    "产业链代码",
    "Chain code",
    ["链代码", "代码", "编码", "chain code"],
    true,
    None,
    "唯一编码",
    "unique code",
    "SX-01"
);
field!(
    CHAIN_NAME,
    "name",
    "产业链名称",
    "Chain name",
    ["名称", "产业链", "chain name"],
    true,
    None,
    "",
    "",
    "特种金属材料产业链"
);
field!(
    CHAIN_LEVEL,
    "level",
    "产业链级别",
    "Level",
    ["级别", "层级", "level"],
    true,
    None,
    "省级/市级",
    "province / city",
    "省级"
);
field!(
    PARENT_CHAIN,
    "parent",
    "上级产业链",
    "Parent chain",
    ["所属省级产业链", "上级链", "parent chain", "parent"],
    false,
    None,
    "市级链所属的省级链代码",
    "for a city chain: its provincial chain",
    ""
);
field!(
    CHIEF,
    "chief",
    "链长",
    "Chain chief",
    ["链长姓名", "chief", "chain chief"],
    false,
    None,
    "",
    "",
    ""
);
field!(
    LEAD_DEPARTMENT,
    "lead_department",
    "牵头单位",
    "Lead department",
    ["牵头部门", "lead department"],
    false,
    None,
    "",
    "",
    "省工业和信息化厅"
);
field!(
    CO_DEPARTMENTS,
    "co_departments",
    "配合单位",
    "Co-departments",
    [
        "协同单位",
        "配合部门",
        "责任单位",
        "co departments",
        "codepartments"
    ],
    false,
    None,
    "多个用逗号或顿号分隔",
    "separated by commas",
    "省发展改革委,省科技厅"
);

field!(
    CHAIN,
    "chain",
    "产业链代码",
    "Chain",
    ["产业链", "链代码", "所属产业链", "chain code"],
    true,
    None,
    "须已导入",
    "imported before",
    "SX-01"
);
field!(
    OPTIONAL_CHAIN,
    "chain",
    "产业链代码",
    "Chain",
    ["产业链", "链代码", "所属产业链", "chain code"],
    false,
    None,
    "链主、链核称号须填",
    "required for chain-master and chain-core titles",
    "SX-01"
);
field!(
    NODE_CODE,
    "code",
    "环节代码",
    "Node code",
    ["节点代码", "代码", "编码", "node code"],
    true,
    None,
    "链内唯一",
    "unique within the chain",
    "SX-01-03"
);
field!(
    NODE_NAME,
    "name",
    "环节名称",
    "Node name",
    ["节点名称", "名称", "环节", "node name"],
    true,
    None,
    "",
    "",
    "高端装备用特种钢"
);
field!(
    SEGMENT,
    "segment",
    "上中下游",
    "Segment",
    ["环节位置", "所处环节", "链位", "segment"],
    true,
    None,
    "上游/中游/下游",
    "upstream / midstream / downstream",
    "中游"
);
field!(
    PARENT_NODE,
    "parent",
    "上级环节",
    "Parent node",
    ["上级节点", "父环节", "parent node", "parent"],
    false,
    None,
    "同一产业链内的环节代码",
    "node code in the same chain",
    ""
);
field!(
    KEY_PRODUCTS,
    "key_products",
    "重点产品",
    "Key products",
    ["主要产品", "关键产品", "key products"],
    false,
    None,
    "多个用分号、逗号或顿号分隔",
    "separated by semicolons or commas",
    "特种钢材;不锈钢板"
);
field!(
    FROM_NODE,
    "from",
    "上游环节",
    "From node",
    ["供给环节", "起始环节", "from node", "from"],
    true,
    None,
    "环节代码",
    "node code",
    "SX-01-01"
);
field!(
    TO_NODE,
    "to",
    "下游环节",
    "To node",
    ["需求环节", "目标环节", "to node", "to"],
    true,
    None,
    "环节代码",
    "node code",
    "SX-01-03"
);
field!(
    NODE,
    "node",
    "环节代码",
    "Node",
    ["环节", "节点代码", "节点", "node code"],
    true,
    None,
    "须已导入",
    "imported before",
    "SX-01-03"
);
field!(
    ROLE,
    "role",
    "链上角色",
    "Role",
    ["角色", "企业角色", "role"],
    true,
    None,
    "链主/链核/成员",
    "chain_master / chain_core / member",
    "成员"
);
field!(
    EVIDENCE,
    "evidence",
    "证据等级",
    "Evidence",
    ["证据", "证据强度", "evidence grade", "evidence"],
    true,
    None,
    "强/中/弱",
    "strong / medium / weak",
    "强"
);
field!(
    SOURCE,
    "source",
    "依据来源",
    "Source",
    ["来源", "依据", "数据来源", "source"],
    true,
    None,
    "招投标、专利、经营范围等",
    "bids, patents, business scope…",
    "经营范围匹配"
);

field!(
    TITLE,
    "title",
    "称号",
    "Title",
    ["认定类型", "称号类型", "荣誉称号", "title"],
    true,
    None,
    "如专精特新“小巨人”企业、链主企业",
    "e.g. little_giant, chain_master",
    "专精特新中小企业"
);
field!(
    STATUS,
    "status",
    "状态",
    "Status",
    ["认定状态", "status"],
    true,
    None,
    "已申报/已认定/已公示/已撤销/已到期…",
    "applied / approved / published / revoked / expired…",
    "已认定"
);
field!(
    RULE_VERSION,
    "rule_version",
    "规则版本",
    "Rule version",
    ["认定标准版本", "rule version"],
    false,
    None,
    "",
    "",
    "miit-2022"
);
field!(
    VALID_FROM,
    "valid_from",
    "有效期起",
    "Valid from",
    ["起始日期", "认定日期", "生效日期", "valid from"],
    false,
    None,
    "日期",
    "date",
    "2025-01-01"
);
field!(
    VALID_UNTIL,
    "valid_until",
    "有效期止",
    "Valid until",
    ["截止日期", "到期日期", "失效日期", "valid until"],
    false,
    None,
    "日期",
    "date",
    "2027-12-31"
);
field!(
    DECISION,
    "decision",
    "认定文件",
    "Decision",
    ["决定", "文号", "认定文号", "decision"],
    false,
    None,
    "",
    "",
    "晋工信〔2025〕1号"
);

field!(
    SUPPLIER,
    "supplier",
    "供应方信用代码",
    "Supplier USCC",
    [
        "供应商信用代码",
        "供应方统一社会信用代码",
        "供应商统一社会信用代码",
        "供应商",
        "供方",
        "supplier uscc",
        "supplier"
    ],
    true,
    None,
    "须已导入（省外企业也须作为企业导入）",
    "imported before (out-of-province suppliers too)",
    "91140100MA0GRKXB3G"
);
field!(
    CUSTOMER,
    "customer",
    "采购方信用代码",
    "Customer USCC",
    [
        "客户信用代码",
        "采购方统一社会信用代码",
        "客户统一社会信用代码",
        "客户",
        "需方",
        "采购方",
        "customer uscc",
        "customer"
    ],
    true,
    None,
    "须已导入",
    "imported before",
    "91140100MA0GRKXC1B"
);
field!(
    YEAR,
    "year",
    "年份",
    "Year",
    ["年度", "year"],
    true,
    None,
    "四位年份",
    "four-digit year",
    "2025"
);
field!(
    LINK_VALUE,
    "value",
    "交易额",
    "Value",
    ["采购额", "供应金额", "交易金额", "金额", "value", "amount"],
    true,
    Some("yuan"),
    "全年交易额；表头可写单位，如“交易额(万元)”",
    "yearly trade; the header may give a unit, e.g. 交易额(万元)",
    "1250000"
);
field!(
    PRODUCT,
    "product",
    "产品",
    "Product",
    ["主要产品", "产品名称", "供应产品", "product"],
    false,
    None,
    "",
    "",
    "特种钢材"
);

field!(
    INDICATOR,
    "indicator",
    "指标",
    "Indicator",
    ["指标代码", "指标名称", "indicator code", "indicator"],
    true,
    None,
    "指标代码或名称，须已导入",
    "indicator code or name, imported before",
    "output_value"
);
field!(
    PERIOD,
    "period",
    "报告期",
    "Period",
    [
        "期别",
        "时期",
        "统计期",
        "月份",
        "年月",
        "统计月份",
        "报告期别",
        "reporting period",
        "month",
        "period"
    ],
    true,
    None,
    "2025-03、2025年3月、202503、2025年1-2月；1月不单独报告",
    "2025-03, 2025年3月, 202503, 2025年1-2月; January is not reported alone",
    "2025-03"
);
field!(
    VALUE,
    "value",
    "数值",
    "Value",
    [
        "值",
        "本期值",
        "指标值",
        "数据",
        "本月",
        "本期",
        "value",
        "amount"
    ],
    true,
    None,
    "空白表示无数据，不是0",
    "blank means no data, not zero",
    "125000"
);
field!(
    UNIT,
    "unit",
    "计量单位",
    "Unit",
    ["单位", "unit"],
    false,
    None,
    "如万元、万千瓦时；空白时按指标的存储单位",
    "e.g. 万元, 万千瓦时; blank means the indicator's stored unit",
    "元"
);

// Filed facts (what eligibility rules and assessments read beyond the monthly figures), long
// form: one row per enterprise and fact, names as in crates/rules/FACTS_TABLE.md.
field!(
    FACT_NAME,
    "fact",
    "事实",
    "Fact",
    ["事实名称", "事项", "字段", "fact name", "field"],
    true,
    None,
    "事实表列名，见 crates/rules/FACTS_TABLE.md（如 revenue_2025、2025年营业收入、ip_class1）",
    "a facts-table column, see crates/rules/FACTS_TABLE.md (revenue_2025, ip_class1…)",
    "revenue_2025"
);
field!(
    FACT_VALUE,
    "value",
    "取值",
    "Value",
    ["值", "内容", "申报值", "value"],
    true,
    None,
    "按该事实的格式填写（金额以元计，可写 3500万、1.2亿；比例可写 12%）",
    "in the fact's own format (amounts in yuan, 3500万 and 1.2亿 are read; shares as 12%)",
    "35000000"
);
field!(
    FACT_SOURCE,
    "source",
    "来源",
    "Source",
    ["数据来源", "依据", "source"],
    false,
    None,
    "申报材料、财务报表等",
    "filing, financial statements…",
    "2025年度申报"
);

// The columns of each kind, in template order.
static PARKS_FIELDS: [&Field; 6] = [
    &PARK_CODE,
    &PARK_NAME,
    &REGION,
    &PARK_LEVEL,
    &AVAILABLE_LAND,
    &STANDARD_FACTORY,
];
static TOWNS_FIELDS: [&Field; 9] = [
    &TOWN_CODE,
    &TOWN_NAME,
    &REGION,
    &TOWN_TIER,
    &TOWN_FIELD,
    &INDUSTRIES,
    &DESIGNATED,
    &TOWN_BATCH,
    &NOTE,
];
static INDICATORS_FIELDS: [&Field; 9] = [
    &INDICATOR_CODE,
    &INDICATOR_NAME_ZH,
    &INDICATOR_NAME_EN,
    &INDICATOR_UNIT,
    &FREQUENCY,
    &AGGREGATION,
    &COMPARABLE_PRICE,
    &NUMERATOR,
    &DENOMINATOR,
];
static ENTERPRISES_FIELDS: [&Field; 8] = [
    &USCC,
    &ENTERPRISE_NAME,
    &REGION,
    &INDUSTRY,
    &SIZE_CLASS,
    &ABOVE_DESIGNATED_SIZE,
    &PARK,
    &FOUNDED,
];
static CHAINS_FIELDS: [&Field; 8] = [
    &CHAIN_CODE,
    &CHAIN_NAME,
    &CHAIN_LEVEL,
    &REGION,
    &PARENT_CHAIN,
    &CHIEF,
    &LEAD_DEPARTMENT,
    &CO_DEPARTMENTS,
];
static CHAIN_NODES_FIELDS: [&Field; 7] = [
    &CHAIN,
    &NODE_CODE,
    &NODE_NAME,
    &SEGMENT,
    &PARENT_NODE,
    &INDUSTRIES,
    &KEY_PRODUCTS,
];
static NODE_RELATIONS_FIELDS: [&Field; 3] = [&CHAIN, &FROM_NODE, &TO_NODE];
static MEMBERSHIPS_FIELDS: [&Field; 6] = [&USCC, &CHAIN, &NODE, &ROLE, &EVIDENCE, &SOURCE];
static DESIGNATIONS_FIELDS: [&Field; 8] = [
    &USCC,
    &TITLE,
    &OPTIONAL_CHAIN,
    &STATUS,
    &RULE_VERSION,
    &VALID_FROM,
    &VALID_UNTIL,
    &DECISION,
];
static FACTS_FIELDS: [&Field; 4] = [&USCC, &FACT_NAME, &FACT_VALUE, &FACT_SOURCE];
static SUPPLY_LINKS_FIELDS: [&Field; 5] = [&SUPPLIER, &CUSTOMER, &YEAR, &LINK_VALUE, &PRODUCT];
static OBSERVATIONS_FIELDS: [&Field; 6] = [
    &USCC,
    &ENTERPRISE_NAME_IGNORED,
    &INDICATOR,
    &PERIOD,
    &VALUE,
    &UNIT,
];
