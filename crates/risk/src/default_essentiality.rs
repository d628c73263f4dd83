//! The project's default essentiality matrix over GB/T 4754-2017 divisions (大类 01–97).
//!
//! A heuristic default, decided by the rules below (see `data/README.md` for the reasoning and
//! for why users should replace it with their own survey or expert matrix). The first rule that
//! applies decides `E[supplier][customer]`:
//!
//! 1. [`DefaultRule::ListedInput`] — essential (2): the supplier division is listed as a main
//!    material input of the customer division in `data/gbt4754_essential_inputs.tsv`.
//! 2. [`DefaultRule::Power`] — essential: electricity and heat (44) for every division of
//!    sections B, C and D (mining, manufacturing, utilities stop without power).
//! 3. [`DefaultRule::OwnDivision`] — essential: a manufacturing division's purchases from its
//!    own division (components, semi-finished goods: the diagonal of an input-output table).
//! 4. [`DefaultRule::NoIntermediateSales`] — irrelevant (0): sections P, Q, R, S, T (education,
//!    health, culture and sport, public administration, international organisations) do not sell
//!    intermediate inputs to production.
//! 5. [`DefaultRule::RawProduceOutsideProcessing`] — irrelevant: farm produce (section A) for a
//!    division that does not process it (other than A itself and the divisions that list an A
//!    division in the TSV).
//! 6. [`DefaultRule::MineralsOutsideProcessing`] — irrelevant: ores, minerals and mining services
//!    (08–12) for a division outside mining that does not list a mining division in the TSV and
//!    is not construction (section E, which uses sand and gravel).
//! 7. [`DefaultRule::Linear`] — linear (1): everything else (energy, manufactured goods,
//!    construction, trade, transport, ICT, finance, real estate, business and technical services):
//!    production falls in proportion to what is missing.

use std::sync::LazyLock;

use model::{IndustryCode, IndustryLevel};

use crate::essentiality::{Essentiality, EssentialityMatrix};

/// Which rule decided a cell of the default matrix (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DefaultRule {
    ListedInput,
    Power,
    OwnDivision,
    NoIntermediateSales,
    RawProduceOutsideProcessing,
    MineralsOutsideProcessing,
    Linear,
}

impl DefaultRule {
    pub fn value(self) -> Essentiality {
        match self {
            DefaultRule::ListedInput | DefaultRule::Power | DefaultRule::OwnDivision => {
                Essentiality::Essential
            }
            DefaultRule::NoIntermediateSales
            | DefaultRule::RawProduceOutsideProcessing
            | DefaultRule::MineralsOutsideProcessing => Essentiality::Irrelevant,
            DefaultRule::Linear => Essentiality::Linear,
        }
    }

    /// One line saying why, in Chinese then English.
    pub fn explain(self) -> &'static str {
        match self {
            DefaultRule::ListedInput => {
                "主要原材料投入，缺之停产 / main material input: production stops without it"
            }
            DefaultRule::Power => {
                "采矿、制造、公用事业离不开电力热力 / mining, manufacturing and utilities stop without power"
            }
            DefaultRule::OwnDivision => {
                "本大类内的零部件和半成品 / components and semi-finished goods from the own division"
            }
            DefaultRule::NoIntermediateSales => {
                "该门类不向生产提供中间投入 / this section sells no intermediate inputs to production"
            }
            DefaultRule::RawProduceOutsideProcessing => {
                "不加工该农产品 / the buyer does not process this farm produce"
            }
            DefaultRule::MineralsOutsideProcessing => {
                "不加工该矿产品 / the buyer does not process these ores or minerals"
            }
            DefaultRule::Linear => {
                "可按比例替代或缩减的一般投入 / ordinary input: output falls in proportion"
            }
        }
    }
}

/// One line of the TSV: a customer division, its essential supplier divisions, the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedInputs {
    pub customer: &'static str,
    pub suppliers: Vec<&'static str>,
    pub reason: &'static str,
}

static LISTED: LazyLock<Vec<ListedInputs>> = LazyLock::new(|| {
    include_str!("../data/gbt4754_essential_inputs.tsv")
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .filter_map(|line| {
            let mut fields = line.split('\t');
            Some(ListedInputs {
                customer: fields.next()?,
                suppliers: fields.next()?.split_whitespace().collect(),
                reason: fields.next()?,
            })
        })
        .collect()
});

/// The main material inputs the default lists, with the reason for each customer division.
pub fn listed_inputs() -> &'static [ListedInputs] {
    &LISTED
}

fn lists(customer: &str, supplier: &str) -> bool {
    LISTED
        .iter()
        .any(|l| l.customer == customer && l.suppliers.contains(&supplier))
}

fn lists_any(customer: &str, suppliers: impl Fn(&str) -> bool) -> bool {
    LISTED
        .iter()
        .any(|l| l.customer == customer && l.suppliers.iter().any(|s| suppliers(s)))
}

fn section(code: &str) -> &'static str {
    IndustryCode::parse(code).map_or("", |c| c.section().as_str())
}

/// The rule that decides `E[supplier][customer]` for two division codes (`"26"`, `"39"`).
pub fn rule(supplier: &str, customer: &str) -> DefaultRule {
    let (supplier_section, customer_section) = (section(supplier), section(customer));
    if lists(customer, supplier) {
        DefaultRule::ListedInput
    } else if supplier == "44" && matches!(customer_section, "B" | "C" | "D") {
        DefaultRule::Power
    } else if supplier == customer && customer_section == "C" {
        DefaultRule::OwnDivision
    } else if matches!(supplier_section, "P" | "Q" | "R" | "S" | "T") {
        DefaultRule::NoIntermediateSales
    } else if supplier_section == "A"
        && customer_section != "A"
        && !lists_any(customer, |s| section(s) == "A")
    {
        DefaultRule::RawProduceOutsideProcessing
    } else if matches!(supplier, "08" | "09" | "10" | "11" | "12")
        && !matches!(customer_section, "B" | "E")
        && !lists_any(customer, |s| matches!(s, "08" | "09" | "10" | "11" | "12"))
    {
        DefaultRule::MineralsOutsideProcessing
    } else {
        DefaultRule::Linear
    }
}

/// Every GB/T 4754 division (大类), in code order.
pub fn divisions() -> Vec<IndustryCode> {
    IndustryCode::all()
        .filter(|c| c.level() == IndustryLevel::Division)
        .collect()
}

/// The default matrix over all divisions, codes as two-digit strings.
pub fn gbt4754_divisions() -> EssentialityMatrix {
    let codes: Vec<String> = divisions().iter().map(|c| c.as_str().to_owned()).collect();
    let values = codes
        .iter()
        .flat_map(|k| codes.iter().map(move |l| rule(k, l).value()))
        .collect();
    EssentialityMatrix::new(codes, values)
        .expect("square by construction, division codes are unique")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_code_is_a_division() {
        let lines = include_str!("../data/gbt4754_essential_inputs.tsv")
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .count();
        assert_eq!(listed_inputs().len(), lines, "a malformed line in the TSV");
        for listed in listed_inputs() {
            for code in std::iter::once(listed.customer).chain(listed.suppliers.iter().copied()) {
                let parsed = IndustryCode::parse(code).unwrap();
                assert_eq!(parsed.level(), IndustryLevel::Division, "{code}");
            }
            assert!(!listed.reason.is_empty());
        }
    }

    #[test]
    fn covers_divisions_06_to_46_with_the_documented_rules() {
        let matrix = gbt4754_divisions();
        assert_eq!(matrix.len(), divisions().len());
        for code in 6..=46 {
            assert!(
                matrix.index_of(&format!("{code:02}")).is_some(),
                "{code:02} missing"
            );
        }
        let e =
            |k: &str, l: &str| matrix.get(matrix.index_of(k).unwrap(), matrix.index_of(l).unwrap());
        assert_eq!(e("08", "31"), Essentiality::Essential); // iron ore for steel
        assert_eq!(e("44", "39"), Essentiality::Essential); // power for electronics
        assert_eq!(e("39", "39"), Essentiality::Essential); // own division
        assert_eq!(e("65", "39"), Essentiality::Linear); // software services
        assert_eq!(e("01", "39"), Essentiality::Irrelevant); // crops for electronics
        assert_eq!(e("08", "39"), Essentiality::Irrelevant); // iron ore for electronics
        assert_eq!(e("10", "47"), Essentiality::Linear); // sand and gravel for construction
        assert_eq!(e("92", "36"), Essentiality::Irrelevant); // public administration
        assert_eq!(rule("01", "13"), DefaultRule::ListedInput);
        assert_eq!(rule("02", "21"), DefaultRule::RawProduceOutsideProcessing);
        // Every division has power as an essential input if it is industrial.
        for code in divisions() {
            if code.is_industrial() {
                assert_eq!(e("44", code.as_str()), Essentiality::Essential, "{code}");
            }
        }
    }
}
