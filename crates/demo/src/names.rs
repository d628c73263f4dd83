//! Clearly fictional enterprise names and valid, unique USCCs.

use std::collections::HashSet;

use model::{IndustryCode, RegionCode, Uscc};

use crate::rng::Rng;

/// Syllables for trade names (字号). Every name also ends in （演示）, so no demo firm can be
/// mistaken for a real one.
const SYLLABLES: [&str; 40] = [
    "晋", "汾", "龙", "城", "华", "恒", "泰", "瑞", "鑫", "嘉", "宏", "盛", "德", "丰", "诚", "信",
    "源", "通", "达", "兴", "远", "航", "峰", "锦", "新", "元", "和", "安", "昌", "宝", "坤", "乾",
    "川", "岳", "阳", "明", "启", "正", "联", "创",
];

/// The word after the trade name, by GB/T 4754 大类.
fn industry_word(industry: IndustryCode) -> &'static str {
    match industry.division().map(|d| d.as_str()).unwrap_or("") {
        "01" | "02" | "03" | "04" | "05" => "农业科技",
        "06" => "煤业",
        "07" | "08" | "09" | "10" | "11" | "12" => "矿业",
        "13" | "14" => "食品",
        "15" => "酿造",
        "17" | "18" | "19" => "纺织",
        "24" => "工艺品",
        "25" => "焦化",
        "26" => "化工",
        "27" => "药业",
        "28" => "新材料",
        "29" => "橡塑",
        "30" => "建材",
        "31" => "特钢",
        "32" => "有色金属",
        "33" => "金属制品",
        "34" => "机械",
        "35" => "装备",
        "36" => "汽车",
        "37" => "交通装备",
        "38" => "电气",
        "39" => "电子",
        "40" => "仪器仪表",
        "42" => "再生资源",
        "43" => "设备维修",
        "44" => "电力",
        "45" => "燃气",
        "47" | "48" | "49" | "50" => "建设",
        "65" => "信息技术",
        _ => "实业",
    }
}

/// The county's name without its suffix: 小店区 → 小店, 清徐县 → 清徐.
fn place_word(region: RegionCode) -> String {
    let name = region.name();
    let trimmed = name.trim_end_matches(['区', '县', '市', '旗']);
    if trimmed.chars().count() >= 2 {
        trimmed.to_owned()
    } else {
        name.to_owned()
    }
}

/// Hands out names and codes, never the same one twice.
#[derive(Debug, Default)]
pub struct Registry {
    names: HashSet<String>,
    codes: HashSet<Uscc>,
}

impl Registry {
    pub fn name(&mut self, rng: &mut Rng, region: RegionCode, industry: IndustryCode) -> String {
        let place = place_word(region);
        let word = industry_word(industry);
        loop {
            let trade = format!("{}{}", rng.pick(&SYLLABLES), rng.pick(&SYLLABLES));
            let mut name = format!("{place}{trade}{word}有限公司（演示）");
            if self.names.contains(&name) {
                name = format!("{place}{trade}{word}{}号有限公司（演示）", self.names.len());
            }
            if self.names.insert(name.clone()) {
                return name;
            }
        }
    }

    /// A valid code registered in `region`: authority 9 (market regulation), category 1
    /// (enterprise), an organisation code starting MA like those issued since 2015.
    pub fn uscc(&mut self, rng: &mut Rng, region: RegionCode) -> Uscc {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
        loop {
            let mut organisation = *b"MA000000";
            for c in organisation.iter_mut().skip(2) {
                *c = ALPHABET[rng.below(ALPHABET.len())];
            }
            if let Some(code) = Uscc::assemble(b'9', b'1', &region.to_string(), &organisation)
                && self.codes.insert(code)
            {
                return code;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_marked_fictional_and_unique() {
        let mut registry = Registry::default();
        let mut rng = Rng::new(9);
        let region = RegionCode::parse("140105").unwrap();
        let industry = IndustryCode::parse("3130").unwrap();
        let names: HashSet<String> = (0..5000)
            .map(|_| registry.name(&mut rng, region, industry))
            .collect();
        assert_eq!(names.len(), 5000);
        assert!(names.iter().all(
            |n| n.starts_with("小店") && n.ends_with("特钢有限公司（演示）")
                || n.contains("号有限公司")
        ));
        let code = registry.uscc(&mut rng, region);
        assert_eq!(code.division(), "140105");
        assert!(Uscc::parse(code.as_str()).is_ok());
    }
}
