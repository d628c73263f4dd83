//! Units of measure as Chinese statistical forms write them, and the conversion to the unit an
//! indicator is stored in.

/// What a unit measures; values convert only within one dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// Money, stored in yuan (元).
    Money,
    /// Electricity, stored in kilowatt-hours (千瓦时, 度).
    Electricity,
    /// Energy, stored in tonnes of standard coal equivalent (吨标准煤, tce).
    Energy,
    /// Volume (water), stored in cubic metres (立方米).
    Volume,
    /// Headcount, stored in persons (人).
    Persons,
    /// Area, stored in square metres (平方米).
    Area,
    /// Land, stored in hectares (公顷).
    Land,
}

impl Dimension {
    pub fn label_zh(self) -> &'static str {
        match self {
            Dimension::Money => "金额",
            Dimension::Electricity => "电量",
            Dimension::Energy => "能源消费量",
            Dimension::Volume => "体积",
            Dimension::Persons => "人数",
            Dimension::Area => "面积",
            Dimension::Land => "土地面积",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Dimension::Money => "money",
            Dimension::Electricity => "electricity",
            Dimension::Energy => "energy",
            Dimension::Volume => "volume",
            Dimension::Persons => "headcount",
            Dimension::Area => "area",
            Dimension::Land => "land area",
        }
    }
}

/// A known unit: its dimension and how many base units one of it is, as the exact fraction
/// `numerator / denominator` (1 亩 = 1/15 公顷), so conversions round once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unit {
    pub dimension: Dimension,
    pub numerator: f64,
    pub denominator: f64,
}

/// (spellings, dimension, factor to the base unit). Spellings are compared after
/// [`normalise_unit`]: lower case, half-width, without spaces.
const UNITS: &[(&[&str], Dimension, (f64, f64))] = &[
    (
        &["元", "yuan", "cny", "rmb", "人民币元"],
        Dimension::Money,
        (1.0, 1.0),
    ),
    (&["千元", "thousandyuan"], Dimension::Money, (1e3, 1.0)),
    (
        &["万元", "10kyuan", "tenthousandyuan"],
        Dimension::Money,
        (1e4, 1.0),
    ),
    (&["百万元", "millionyuan"], Dimension::Money, (1e6, 1.0)),
    (&["千万元"], Dimension::Money, (1e7, 1.0)),
    (
        &["亿元", "100myuan", "hundredmillionyuan"],
        Dimension::Money,
        (1e8, 1.0),
    ),
    (
        &["千瓦时", "度", "kwh", "kw·h", "kw.h"],
        Dimension::Electricity,
        (1.0, 1.0),
    ),
    (&["兆瓦时", "mwh"], Dimension::Electricity, (1e3, 1.0)),
    (
        &["万千瓦时", "万度", "10kkwh"],
        Dimension::Electricity,
        (1e4, 1.0),
    ),
    (&["亿千瓦时", "亿度"], Dimension::Electricity, (1e8, 1.0)),
    (&["吉瓦时", "gwh"], Dimension::Electricity, (1e6, 1.0)),
    (
        &["吨标准煤", "吨标煤", "tce", "t标准煤"],
        Dimension::Energy,
        (1.0, 1.0),
    ),
    (&["千克标准煤", "kgce"], Dimension::Energy, (1.0, 1e3)),
    (
        &["万吨标准煤", "万吨标煤", "10ktce"],
        Dimension::Energy,
        (1e4, 1.0),
    ),
    (
        &["立方米", "m3", "m³", "方", "cubicmetre", "cubicmeter"],
        Dimension::Volume,
        (1.0, 1.0),
    ),
    (
        &["万立方米", "万方", "10km3"],
        Dimension::Volume,
        (1e4, 1.0),
    ),
    (&["亿立方米"], Dimension::Volume, (1e8, 1.0)),
    (
        &["人", "person", "persons", "people"],
        Dimension::Persons,
        (1.0, 1.0),
    ),
    (&["万人"], Dimension::Persons, (1e4, 1.0)),
    (
        &["平方米", "m2", "m²", "sqm", "squaremetre"],
        Dimension::Area,
        (1.0, 1.0),
    ),
    (&["万平方米"], Dimension::Area, (1e4, 1.0)),
    (&["公顷", "ha", "hectare"], Dimension::Land, (1.0, 1.0)),
    (&["亩", "mu"], Dimension::Land, (1.0, 15.0)),
    (&["平方公里", "km2", "km²"], Dimension::Land, (100.0, 1.0)),
];

/// Lower case, half-width, without spaces or brackets.
pub fn normalise_unit(text: &str) -> String {
    crate::cell::half_width(text)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '（' | '）' | '[' | ']'))
        .flat_map(char::to_lowercase)
        .collect()
}

impl Unit {
    /// A unit by any of its spellings (`万元`, `kWh`, `万千瓦时`, `吨标准煤`…).
    pub fn parse(text: &str) -> Option<Unit> {
        let key = normalise_unit(text);
        UNITS
            .iter()
            .find(|(names, ..)| names.contains(&key.as_str()))
            .map(|&(_, dimension, (numerator, denominator))| Unit {
                dimension,
                numerator,
                denominator,
            })
    }

    /// `value` in `self` expressed in `to`, when both measure the same thing: one exact integer
    /// product over another, so `30 元` is `0.003 万元` to the last bit.
    pub fn convert_to(self, value: f64, to: Unit) -> Option<f64> {
        (self.dimension == to.dimension)
            .then(|| value * (self.numerator * to.denominator) / (self.denominator * to.numerator))
    }
}

/// Converts `value` written in `written` into `stored` (the unit the indicator or field keeps).
/// Unknown units convert only to the same spelling.
pub fn convert(value: f64, written: &str, stored: &str) -> Result<f64, UnitError> {
    if normalise_unit(written) == normalise_unit(stored) {
        return Ok(value);
    }
    let from = Unit::parse(written).ok_or_else(|| UnitError::Unknown {
        unit: written.to_owned(),
    })?;
    let to = Unit::parse(stored).ok_or_else(|| UnitError::Mismatch {
        written: written.to_owned(),
        stored: stored.to_owned(),
    })?;
    from.convert_to(value, to)
        .ok_or_else(|| UnitError::Mismatch {
            written: written.to_owned(),
            stored: stored.to_owned(),
        })
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    #[error("unknown unit {unit:?}")]
    Unknown { unit: String },
    #[error("a value in {written} cannot be stored in {stored}")]
    Mismatch { written: String, stored: String },
}

impl UnitError {
    pub fn message_zh(&self) -> String {
        match self {
            UnitError::Unknown { unit } => format!("无法识别的计量单位“{unit}”"),
            UnitError::Mismatch { written, stored } => {
                format!("以“{written}”计的数值不能换算为“{stored}”")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_convert_to_the_stored_unit() {
        assert_eq!(convert(1.5, "万元", "yuan"), Ok(15_000.0));
        assert_eq!(convert(2.0, "亿元", "元"), Ok(200_000_000.0));
        assert_eq!(convert(3.0, "千元", "yuan"), Ok(3_000.0));
        assert_eq!(convert(12.0, "万千瓦时", "kWh"), Ok(120_000.0));
        assert_eq!(convert(7.0, "度", "kWh"), Ok(7.0));
        assert_eq!(convert(0.5, "万吨标准煤", "tce"), Ok(5_000.0));
        assert_eq!(convert(4.0, "万立方米", "m3"), Ok(40_000.0));
        assert_eq!(convert(9.0, "人", "person"), Ok(9.0));
        assert_eq!(convert(30.0, "元", "万元"), Ok(0.003));
        assert_eq!(convert(150.0, "亩", "公顷"), Ok(10.0));
        assert_eq!(convert(5.0, "（万元）", "yuan"), Ok(50_000.0));
        assert_eq!(convert(5.0, "ＫＷＨ", "kWh"), Ok(5.0));
    }

    #[test]
    fn mismatched_and_unknown_units_are_refused() {
        assert!(matches!(
            convert(1.0, "万千瓦时", "yuan"),
            Err(UnitError::Mismatch { .. })
        ));
        assert!(matches!(
            convert(1.0, "箱", "yuan"),
            Err(UnitError::Unknown { .. })
        ));
        // Same spelling of a unit the table does not know: kept as it is.
        assert_eq!(convert(1.0, "家", "家"), Ok(1.0));
    }
}
