//! Derived indicators (派生指标): ratios with their own aggregation rule, defined as data.
//!
//! A group's ratio is the ratio of its sums (Σ energy / Σ value added), never the mean of its
//! enterprises' ratios: a small firm with an extreme ratio must not weigh as much as a large one.

use crate::MonitorError;
use crate::table::read_rows;

/// `scale × numerator / denominator`, both base indicator codes.
#[derive(Debug, Clone, PartialEq)]
pub struct DerivedIndicator {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub numerator: String,
    pub denominator: String,
    pub scale: f64,
    pub unit: String,
}

/// The table shipped in `rules/derived_indicators.csv`.
pub const BUILTIN_DERIVED: &str = include_str!("../rules/derived_indicators.csv");

impl DerivedIndicator {
    /// The shipped definitions (energy and water per 10k yuan of value added, electricity per unit
    /// of output, profit margin, R&D intensity).
    pub fn builtin() -> Result<Vec<Self>, MonitorError> {
        DerivedIndicator::parse_table(BUILTIN_DERIVED, "rules/derived_indicators.csv")
    }

    /// Parses a table with the columns `code,name_zh,name_en,numerator,denominator,scale,unit`
    /// (`#` starts a comment line). `file` names the source in errors.
    pub fn parse_table(text: &str, file: &str) -> Result<Vec<Self>, MonitorError> {
        read_rows(text, file, 7, |row| {
            let scale: f64 = row
                .get(5)
                .parse()
                .map_err(|_| row.error(format!("scale {:?} is not a number", row.get(5))))?;
            if !scale.is_finite() || scale == 0.0 {
                return Err(row.error(format!("scale {scale} must be finite and non-zero")));
            }
            Ok(DerivedIndicator {
                code: row.get(0).to_owned(),
                name_zh: row.get(1).to_owned(),
                name_en: row.get(2).to_owned(),
                numerator: row.get(3).to_owned(),
                denominator: row.get(4).to_owned(),
                scale,
                unit: row.get(6).to_owned(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_parses() {
        let table = DerivedIndicator::builtin().unwrap();
        let margin = table.iter().find(|d| d.code == "profit_margin").unwrap();
        assert_eq!(
            (margin.numerator.as_str(), margin.denominator.as_str()),
            ("total_profit", "operating_revenue")
        );
        assert_eq!(margin.scale, 100.0);
        assert_eq!(table.len(), 5);
    }

    #[test]
    fn a_bad_scale_names_the_line() {
        let text = "code,name_zh,name_en,numerator,denominator,scale,unit\nx,甲,x,a,b,zero,%\n";
        let err = DerivedIndicator::parse_table(text, "t.csv").unwrap_err();
        assert!(
            err.to_string().starts_with("t.csv line 2: scale \"zero\""),
            "{err}"
        );
    }
}
