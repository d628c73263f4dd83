//! Bilingual messages (Chinese first, as the users read it) and the number formats they use.

use serde::{Deserialize, Serialize};

/// Language of a rendered message or table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `zh` or `en` (also `中文`, `english`).
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "zh" | "cn" | "中文" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A message in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// `x` with at most `decimals` decimals, trailing zeros dropped (`2.40` → `2.4`, `3.0` → `3`).
/// Rounds half away from zero on the scaled value, which is all explanations need, and formats
/// integers only (exact float formatting dominated the cost of screening tables).
pub(crate) fn trim_number(x: f64, decimals: usize) -> String {
    let scale = 10i64.pow(decimals.min(9) as u32);
    let scaled = (x * scale as f64).round();
    if !scaled.is_finite() || scaled.abs() >= 9e15 {
        return format!("{x}");
    }
    let scaled = scaled as i64;
    let (whole, mut fraction) = (scaled.abs() / scale, scaled.abs() % scale);
    let sign = if scaled < 0 { "-" } else { "" };
    if fraction == 0 {
        return format!("{sign}{whole}");
    }
    let mut width = decimals.min(9);
    while fraction % 10 == 0 {
        fraction /= 10;
        width -= 1;
    }
    format!("{sign}{whole}.{fraction:0width$}")
}

/// Parses a number as rule files and facts tables write it: digits with optional `_`, `,` or
/// space separators and a `%` (÷100), `万` (×10⁴) or `亿` (×10⁸) suffix; no exponent notation. The
/// exponent is shifted textually, so `3%` is exactly the double nearest 0.03, the one a ratio of
/// integers lands on.
pub(crate) fn parse_scaled(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    let (digits, exponent) = if let Some(digits) = cleaned.strip_suffix('%') {
        (digits, "e-2")
    } else if let Some(digits) = cleaned.strip_suffix('万') {
        (digits, "e4")
    } else if let Some(digits) = cleaned.strip_suffix('亿') {
        (digits, "e8")
    } else {
        (cleaned.as_str(), "")
    };
    if digits.is_empty() || digits.contains(['e', 'E']) {
        return None;
    }
    format!("{digits}{exponent}")
        .parse::<f64>()
        .ok()
        .filter(|value| value.is_finite())
}

/// A ratio as a percentage with one decimal: `0.024` → `2.4%` (zh) / `2.4 %` (en).
pub(crate) fn percent(ratio: f64, lang: Lang) -> String {
    let mut value = trim_number(ratio * 100.0, 1);
    if !value.contains('.') && !value.contains(['i', 'N']) {
        value.push_str(".0");
    }
    match lang {
        Lang::Zh => format!("{value}%"),
        Lang::En => format!("{value} %"),
    }
}

/// An amount of yuan the way each audience reads it: 万元/亿元 in Chinese, million/billion in
/// English (`1_100_000` → `110万元` / `1.1 million yuan`).
pub(crate) fn yuan(amount: f64, lang: Lang) -> String {
    let magnitude = amount.abs();
    match lang {
        Lang::Zh if magnitude >= 1e8 => format!("{}亿元", trim_number(amount / 1e8, 2)),
        Lang::Zh if magnitude >= 1e4 => format!("{}万元", trim_number(amount / 1e4, 1)),
        Lang::Zh => format!("{}元", trim_number(amount, 0)),
        Lang::En if magnitude >= 1e9 => format!("{} billion yuan", trim_number(amount / 1e9, 2)),
        Lang::En if magnitude >= 1e6 => format!("{} million yuan", trim_number(amount / 1e6, 1)),
        Lang::En if magnitude >= 1e3 => {
            format!("{} thousand yuan", trim_number(amount / 1e3, 1))
        }
        Lang::En => format!("{} yuan", trim_number(amount, 0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_amounts_for_each_audience() {
        assert_eq!(yuan(1_100_000.0, Lang::Zh), "110万元");
        assert_eq!(yuan(1_100_000.0, Lang::En), "1.1 million yuan");
        assert_eq!(yuan(5e9, Lang::Zh), "50亿元");
        assert_eq!(yuan(5e9, Lang::En), "5 billion yuan");
        assert_eq!(yuan(2500.0, Lang::Zh), "2500元");
        assert_eq!(percent(0.024, Lang::En), "2.4 %");
        assert_eq!(percent(0.03, Lang::Zh), "3.0%");
        assert_eq!(trim_number(-0.0001, 2), "0");
        assert_eq!(trim_number(-2.25, 1), "-2.3");
        assert_eq!(trim_number(1.05, 2), "1.05");
        assert_eq!(trim_number(12.0, 1), "12");
        assert_eq!(trim_number(0.5, 0), "1");
        assert_eq!(percent(-0.0125, Lang::En), "-1.3 %");
        assert_eq!(trim_number(f64::INFINITY, 1), "inf");
        assert_eq!(parse_scaled("3%"), Some(0.03));
        assert_eq!(parse_scaled("1,200万"), Some(12_000_000.0));
        assert_eq!(parse_scaled("1.5亿"), Some(150_000_000.0));
        assert_eq!(parse_scaled("1e3"), None);
        assert_eq!(parse_scaled("%"), None);
    }
}
