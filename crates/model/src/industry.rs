//! National industry classification (GB/T 4754-2017 with amendment No. 1 of 2019).
//!
//! Four levels, each a prefix of the next: 门类 (section, one letter), 大类 (division, 2 digits),
//! 中类 (group, 3 digits), 小类 (class, 4 digits). Digit codes are written without the section
//! letter (`3670`, not `C3670`); the letter is accepted on input and checked.
//!
//! The embedded table (`data/industries.tsv`, in code order) is the whole standard: 20 门类,
//! 97 大类, 473 中类 and 1,382 小类; see `data/SOURCES.md` for how it was built and checked.

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

crate::serde_as_text!(IndustryCode);

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
                    if parent.level() == IndustryLevel::Section {
                        assert_eq!(level, IndustryLevel::Division, "{}", record.code);
                    } else {
                        // One level up and a prefix: 3841 → 384 → 38.
                        assert_eq!(parent.as_str().len() + 1, record.code.len());
                        assert!(record.code.starts_with(parent.as_str()), "{}", record.code);
                    }
                }
            }
        }
    }

    /// Per 门类: its first and last 大类 (the standard's "本门类包括 06～12 大类"), and how many 中类
    /// and 小类 it holds. Source: the classification table of GB/T 4754-2017 §5 as amended by
    /// 第1号修改单 (2019), counted section by section; the columns sum to the standard's totals
    /// (97 大类, 473 中类, 1,382 小类). The amendment's one change of codes is in S: 923 becomes
    /// 监察委员会、人民法院和人民检察院 with the new 9231 监察委员会 (1,381 → 1,382 小类).
    const SECTION_COUNTS: [(&str, u8, u8, usize, usize); 20] = [
        ("A", 1, 5, 24, 72),
        ("B", 6, 12, 19, 39),
        ("C", 13, 43, 179, 609),
        ("D", 44, 46, 9, 18),
        ("E", 47, 50, 18, 44),
        ("F", 51, 52, 18, 128),
        ("G", 53, 60, 27, 67),
        ("H", 61, 62, 10, 16),
        ("I", 63, 65, 17, 34),
        ("J", 66, 69, 26, 48),
        ("K", 70, 70, 5, 5),
        ("L", 71, 72, 12, 58),
        ("M", 73, 75, 19, 48),
        ("N", 76, 79, 18, 33),
        ("O", 80, 82, 16, 32),
        ("P", 83, 83, 6, 17),
        ("Q", 84, 85, 6, 30),
        ("R", 86, 90, 27, 48),
        ("S", 91, 96, 16, 35),
        ("T", 97, 97, 1, 1),
    ];

    /// GB/T 4754-2017 (as amended in 2019): 20 门类, 97 大类, 473 中类, 1,382 小类.
    const TOTALS: [(IndustryLevel, usize); 4] = [
        (IndustryLevel::Section, 20),
        (IndustryLevel::Division, 97),
        (IndustryLevel::Group, 473),
        (IndustryLevel::Class, 1_382),
    ];

    fn count_in(section: &str, level: IndustryLevel) -> usize {
        IndustryCode::all()
            .filter(|c| c.level() == level && c.section().as_str() == section)
            .count()
    }

    #[test]
    fn every_row_of_the_data_file_is_loaded() {
        let rows = include_str!("../data/industries.tsv")
            .lines()
            .skip(1)
            .filter(|line| !line.is_empty())
            .count();
        assert_eq!(IndustryCode::all().count(), rows);
        assert_eq!(TABLE.by_code.len(), rows, "duplicate codes");
    }

    #[test]
    fn table_is_the_whole_standard() {
        for (level, expected) in TOTALS {
            let found = IndustryCode::all().filter(|c| c.level() == level).count();
            assert_eq!(found, expected, "{}", level.name_zh());
        }
        let sums = SECTION_COUNTS.iter().fold((0, 0, 0), |acc, row| {
            (
                acc.0 + usize::from(row.2 - row.1 + 1),
                acc.1 + row.3,
                acc.2 + row.4,
            )
        });
        assert_eq!(sums, (97, 473, 1_382));
    }

    #[test]
    fn counts_per_section_are_those_of_the_standard() {
        for (section, first, last, groups, classes) in SECTION_COUNTS {
            let divisions: Vec<u8> = IndustryCode::all()
                .filter(|c| c.level() == IndustryLevel::Division && c.section().as_str() == section)
                .filter_map(|c| c.as_str().parse().ok())
                .collect();
            assert_eq!(
                divisions,
                (first..=last).collect::<Vec<_>>(),
                "大类 of {section}"
            );
            assert_eq!(
                count_in(section, IndustryLevel::Group),
                groups,
                "中类 of {section}"
            );
            assert_eq!(
                count_in(section, IndustryLevel::Class),
                classes,
                "小类 of {section}"
            );
        }
    }

    #[test]
    fn codes_are_in_code_order() {
        // Sections first (A..T), then digit codes in string order, which puts every code right
        // after its parent: 01, 011, 0111, ... The derived `Ord` of `IndustryCode` relies on it.
        let codes: Vec<&str> = IndustryCode::all().map(|c| c.as_str()).collect();
        let (sections, digits) = codes.split_at(20);
        assert!(sections.iter().all(|c| c.len() == 1));
        assert!(sections.is_sorted() && digits.is_sorted());
    }

    #[test]
    fn every_group_and_division_is_subdivided() {
        // §4 of the standard: a 中类 that is not subdivided has one 小类 whose fourth digit is 0
        // and which repeats its name (0610 烟煤和无烟煤开采洗选 under 061).
        for code in IndustryCode::all().filter(|c| c.level() < IndustryLevel::Class) {
            let children: Vec<IndustryCode> = IndustryCode::all()
                .filter(|c| c.parent() == Some(code))
                .collect();
            assert!(
                !children.is_empty(),
                "{code} {} has no children",
                code.name()
            );
            let zero = children.iter().find(|c| c.as_str().ends_with('0'));
            if code.level() == IndustryLevel::Group {
                match (children.as_slice(), zero) {
                    ([only], _) => {
                        assert!(only.as_str().ends_with('0'), "{only}");
                        assert_eq!(only.name(), code.name(), "{only}");
                    }
                    (_, Some(zero)) => panic!("{zero} ends in 0 but has siblings"),
                    (_, None) => {}
                }
            }
        }
    }

    #[test]
    fn names_use_the_standards_punctuation() {
        for code in IndustryCode::all() {
            let name = code.name();
            assert!(!name.is_empty(), "{code}");
            assert!(
                !name.contains(['(', ')', ',', ' ', '\u{3000}']),
                "{code} {name}: the standard writes full-width （）and 、"
            );
        }
    }

    #[test]
    fn spot_checks_of_names() {
        for (code, name) in [
            ("B", "采矿业"),
            ("0610", "烟煤和无烟煤开采洗选"),
            ("0722", "海洋天然气及可燃冰开采"),
            ("1522", "瓶（罐）装饮用水制造"),
            ("2614", "有机化学原料制造"),
            ("2780", "药用辅料及包装材料"),
            ("3130", "钢压延加工"),
            ("339", "铸造及其他金属制品制造"),
            ("3612", "新能源车整车制造"),
            ("3670", "汽车零部件及配件制造"),
            ("3841", "锂离子电池制造"),
            ("3973", "集成电路制造"),
            ("4416", "太阳能发电"),
            ("4511", "天然气生产和供应业"),
            ("5267", "机动车充电销售"),
            ("6520", "集成电路设计"),
            ("96", "基层群众自治组织及其他组织"),
        ] {
            assert_eq!(IndustryCode::parse(code).unwrap().name(), name, "{code}");
        }
    }

    #[test]
    fn amendment_of_2019_is_applied() {
        // 第1号修改单 (2019): 监察委员会 gets its own 小类; 人民法院 and 人民检察院 move to 9232, 9233.
        let names: Vec<(&str, &str)> = IndustryCode::all()
            .filter(|c| c.parent().is_some_and(|p| p.as_str() == "923"))
            .map(|c| (c.as_str(), c.name()))
            .collect();
        assert_eq!(
            names,
            [
                ("9231", "监察委员会"),
                ("9232", "人民法院"),
                ("9233", "人民检察院")
            ]
        );
        assert_eq!(
            IndustryCode::parse("S923").unwrap().name(),
            "监察委员会、人民法院和人民检察院"
        );
    }

    #[test]
    fn classes_know_their_division_and_section() {
        let battery = IndustryCode::parse("C3841").unwrap();
        assert_eq!(battery.level(), IndustryLevel::Class);
        assert_eq!(battery.parent().unwrap().as_str(), "384");
        assert_eq!(battery.division().unwrap().as_str(), "38");
        assert!(battery.is_manufacturing() && battery.is_industrial());
        assert!(battery.is_within(IndustryCode::parse("C").unwrap()));
        assert!(IndustryCode::parse("4416").unwrap().is_industrial());
        assert!(!IndustryCode::parse("6520").unwrap().is_industrial());
        assert!(matches!(
            IndustryCode::parse("B3841"),
            Err(IndustryError::Section { actual: "C", .. })
        ));
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
