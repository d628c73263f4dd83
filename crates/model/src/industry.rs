//! National industry classification (GB/T 4754-2017 with amendment No. 1 of 2019).
//!
//! Four levels, each a prefix of the next: 门类 (section, one letter), 大类 (division, 2 digits),
//! 中类 (group, 3 digits), 小类 (class, 4 digits). Digit codes are written without the section
//! letter (`3670`, not `C3670`); the letter is accepted on input and checked.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndustryLevel {
    /// 门类
    Section,
    /// 大类
    Division,
    /// 中类
    Group,
    /// 小类
    Class,
}

impl IndustryLevel {
    fn of_code(code: &str) -> Option<Self> {
        match code.len() {
            1 if code.bytes().all(|b| b.is_ascii_uppercase()) => Some(IndustryLevel::Section),
            2..=4 if code.bytes().all(|b| b.is_ascii_digit()) => Some(match code.len() {
                2 => IndustryLevel::Division,
                3 => IndustryLevel::Group,
                _ => IndustryLevel::Class,
            }),
            _ => None,
        }
    }

    /// The stable text used in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            IndustryLevel::Section => "section",
            IndustryLevel::Division => "division",
            IndustryLevel::Group => "group",
            IndustryLevel::Class => "class",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            IndustryLevel::Section => "门类",
            IndustryLevel::Division => "大类",
            IndustryLevel::Group => "中类",
            IndustryLevel::Class => "小类",
        }
    }
}

/// One row of the embedded classification table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndustryRecord {
    pub code: &'static str,
    pub name: &'static str,
    pub level: IndustryLevel,
    /// The code one level up (the section letter for a division).
    pub parent: Option<&'static str>,
}

/// A GB/T 4754-2017 code known to the embedded table (an index into it).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndustryCode(u16);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndustryError {
    #[error(
        "industry code {value:?} is malformed: GB/T 4754 codes are a section letter or 2, 3 or 4 digits \
         (e.g. C, 36, 367, 3670)"
    )]
    Format { value: String },
    #[error("industry code {value:?}: {digits} belongs to section {actual}, not {given}")]
    Section {
        value: String,
        digits: String,
        given: char,
        actual: &'static str,
    },
    #[error("industry code {value} is not in GB/T 4754-2017 as chainchief ships it")]
    Unknown { value: String },
}

struct IndustryTable {
    records: Vec<IndustryRecord>,
    by_code: HashMap<&'static str, u16>,
}

static TABLE: LazyLock<IndustryTable> = LazyLock::new(|| {
    let records: Vec<IndustryRecord> = include_str!("../data/industries.tsv")
        .lines()
        .skip(1)
        .filter(|line| !line.is_empty())
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let code = fields.next()?;
            let name = fields.next()?;
            let parent = fields.next().filter(|p| !p.is_empty());
            let level = IndustryLevel::of_code(code)?;
            Some(IndustryRecord {
                code,
                name,
                level,
                parent,
            })
        })
        .collect();
    let by_code = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code, i as u16))
        .collect();
    IndustryTable { records, by_code }
});

impl IndustryCode {
    /// Parses `3670`, `C3670` or `C`.
    pub fn parse(text: &str) -> Result<Self, IndustryError> {
        let value = text.trim().to_ascii_uppercase();
        let (section, digits) = match value.as_bytes() {
            [letter, rest @ ..] if letter.is_ascii_uppercase() && !rest.is_empty() => {
                (Some(char::from(*letter)), &value[1..])
            }
            _ => (None, value.as_str()),
        };
        if IndustryLevel::of_code(digits).is_none() {
            return Err(IndustryError::Format { value });
        }
        let Some(&index) = TABLE.by_code.get(digits) else {
            return Err(IndustryError::Unknown { value });
        };
        let code = IndustryCode(index);
        if let Some(given) = section {
            let actual = code.section().as_str();
            if !actual.starts_with(given) {
                return Err(IndustryError::Section {
                    digits: digits.to_owned(),
                    value,
                    given,
                    actual,
                });
            }
        }
        Ok(code)
    }

    /// Every code in the embedded table, in code order.
    pub fn all() -> impl Iterator<Item = IndustryCode> {
        (0..TABLE.records.len() as u16).map(IndustryCode)
    }

    pub fn record(self) -> &'static IndustryRecord {
        &TABLE.records[usize::from(self.0)]
    }

    pub fn as_str(self) -> &'static str {
        self.record().code
    }

    pub fn name(self) -> &'static str {
        self.record().name
    }

    pub fn level(self) -> IndustryLevel {
        self.record().level
    }

    pub fn parent(self) -> Option<IndustryCode> {
        self.record()
            .parent
            .and_then(|p| TABLE.by_code.get(p))
            .map(|&i| IndustryCode(i))
    }

    /// The 门类 this code belongs to (itself for a section).
    pub fn section(self) -> IndustryCode {
        let mut code = self;
        while let Some(parent) = code.parent() {
            code = parent;
        }
        code
    }

    /// The 大类 this code belongs to (`None` for a section).
    pub fn division(self) -> Option<IndustryCode> {
        let mut code = self;
        loop {
            match code.level() {
                IndustryLevel::Section => return None,
                IndustryLevel::Division => return Some(code),
                _ => code = code.parent()?,
            }
        }
    }

    /// True when `self` is `ancestor` or lies below it.
    pub fn is_within(self, ancestor: IndustryCode) -> bool {
        let mut current = Some(self);
        while let Some(code) = current {
            if code == ancestor {
                return true;
            }
            current = code.parent();
        }
        false
    }

    /// Manufacturing (门类 C, 大类 13–43).
    pub fn is_manufacturing(self) -> bool {
        self.section().as_str() == "C"
    }

    /// Covered by NBS industrial statistics: sections B, C and D.
    pub fn is_industrial(self) -> bool {
        matches!(self.section().as_str(), "B" | "C" | "D")
    }
}

impl FromStr for IndustryCode {
    type Err = IndustryError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IndustryCode::parse(s)
    }
}

impl fmt::Display for IndustryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for IndustryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IndustryCode({})", self.as_str())
    }
}

impl Serialize for IndustryCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for IndustryCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        IndustryCode::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parent_exists_one_level_up_and_is_a_prefix() {
        for code in IndustryCode::all() {
            let record = code.record();
            match record.level {
                IndustryLevel::Section => assert!(record.parent.is_none(), "{}", record.code),
                level => {
                    let parent = code
                        .parent()
                        .unwrap_or_else(|| panic!("{} has no parent", record.code));
                    assert!(parent.level() < level);
                    if parent.level() != IndustryLevel::Section {
                        assert!(record.code.starts_with(parent.as_str()), "{}", record.code);
                    }
                }
            }
        }
    }

    #[test]
    fn section_letter_is_checked() {
        assert_eq!(IndustryCode::parse("C36").unwrap().as_str(), "36");
        assert_eq!(IndustryCode::parse("36").unwrap().section().as_str(), "C");
        let err = IndustryCode::parse("B36").unwrap_err();
        assert!(
            matches!(err, IndustryError::Section { actual: "C", .. }),
            "{err}"
        );
    }

    #[test]
    fn malformed_and_unknown_codes_are_refused() {
        assert!(matches!(
            IndustryCode::parse("36700"),
            Err(IndustryError::Format { .. })
        ));
        assert!(matches!(
            IndustryCode::parse("3a"),
            Err(IndustryError::Format { .. })
        ));
        assert!(matches!(
            IndustryCode::parse("99"),
            Err(IndustryError::Unknown { .. })
        ));
    }
}
