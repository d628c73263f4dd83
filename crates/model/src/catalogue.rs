//! The standard indicator catalogue: the codes, names, units and aggregation rules every crate
//! uses for the monthly figures the platform collects. Stored values are in the unit given here
//! (money in yuan); importers convert to it.

use crate::{Aggregation, Frequency, Indicator};

/// `(code, 中文, English, unit, aggregation)` of each standard monthly indicator.
pub const STANDARD_INDICATORS: [(&str, &str, &str, &str, Aggregation); 10] = [
    (
        "output_value",
        "工业总产值",
        "gross industrial output value",
        "yuan",
        Aggregation::Sum,
    ),
    (
        "operating_revenue",
        "营业收入",
        "operating revenue",
        "yuan",
        Aggregation::Sum,
    ),
    (
        "total_profit",
        "利润总额",
        "total profit",
        "yuan",
        Aggregation::Sum,
    ),
    (
        "electricity",
        "用电量",
        "electricity consumption",
        "kWh",
        Aggregation::Sum,
    ),
    ("tax", "实缴税金", "taxes paid", "yuan", Aggregation::Sum),
    (
        "employees",
        "从业人员",
        "employees",
        "person",
        Aggregation::Stock,
    ),
    (
        "export_value",
        "出口交货值",
        "export delivery value",
        "yuan",
        Aggregation::Sum,
    ),
    (
        "energy_consumption",
        "综合能源消费量",
        "total energy consumption",
        "tce",
        Aggregation::Sum,
    ),
    ("water_use", "用水量", "water use", "m3", Aggregation::Sum),
    (
        "rd_expenditure",
        "研发费用",
        "R&D expenditure",
        "yuan",
        Aggregation::Sum,
    ),
];

/// The standard indicators as definitions (monthly, nominal prices).
pub fn standard_indicators() -> Vec<Indicator> {
    STANDARD_INDICATORS
        .iter()
        .map(|&(code, zh, en, unit, aggregation)| Indicator {
            code: code.to_owned(),
            name_zh: zh.to_owned(),
            name_en: en.to_owned(),
            unit: unit.to_owned(),
            frequency: Frequency::Monthly,
            aggregation,
            comparable_price: false,
            numerator: None,
            denominator: None,
        })
        .collect()
}
