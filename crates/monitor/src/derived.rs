//! Derived indicators (派生指标): ratios with their own aggregation rule, defined as data.
//!
//! A group's ratio is the ratio of its sums (Σ energy / Σ value added), never the mean of its
//! enterprises' ratios: a small firm with an extreme ratio must not weigh as much as a large one.

use crate::MonitorError;

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
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut out = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| MonitorError::Data {
                file: file.to_owned(),
                line: e.position().map_or(0, |p| p.line() as usize),
                message: e.to_string(),
            })?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            let field = |i: usize| record.get(i).unwrap_or_default().to_owned();
            let bad = |message: String| MonitorError::Data {
                file: file.to_owned(),
                line,
                message,
            };
            if record.len() != 7 {
                return Err(bad(format!("expected 7 fields, found {}", record.len())));
            }
            let scale: f64 = field(5)
                .parse()
                .map_err(|_| bad(format!("scale {:?} is not a number", field(5))))?;
            if !scale.is_finite() || scale == 0.0 {
                return Err(bad(format!("scale {scale} must be finite and non-zero")));
            }
            out.push(DerivedIndicator {
                code: field(0),
                name_zh: field(1),
                name_en: field(2),
                numerator: field(3),
                denominator: field(4),
                scale,
                unit: field(6),
            });
        }
        Ok(out)
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
            ("profit", "revenue")
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
