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
pub(crate) fn trim_number(x: f64, decimals: usize) -> String {
    let text = format!("{x:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    if text == "-0" { "0".to_owned() } else { text }
}

/// A ratio as a percentage with one decimal: `0.024` → `2.4%` (zh) / `2.4 %` (en).
pub(crate) fn percent(ratio: f64, lang: Lang) -> String {
    let value = format!("{:.1}", ratio * 100.0);
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
    }
}
