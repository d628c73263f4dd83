//! Gaps: what an enterprise must change to meet a failed test, with an amount in yuan (or items,
//! years) where the facts allow one, and the bilingual sentence that says it.

use model::SizeClass;
use serde::Serialize;

use crate::facts::{ClusterKind, EnterpriseFacts, Field, ProductField, RdInstitution};
use crate::interval::Edge;
use crate::measure::{Measure, ReadContext, Reading, Unit};
use crate::ruleset::{Condition, Predicate, Test};
use crate::text::{Lang, Text, percent, trim_number, yuan};
use crate::tri::Tri;

/// Where the value must go.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Reach this edge of the required range.
    Edge(Edge),
    /// The flag must have this value.
    Flag(bool),
    /// The code must be one of these (indices into the measure's levels).
    OneOf(Vec<usize>),
}

/// What closing a gap takes, in the unit the firm acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountKind {
    /// More R&D expense at the current revenue.
    MoreRdAtRevenue,
    MoreRd,
    MoreRevenue,
    MoreMainBusiness,
    MoreNicheProductRevenue,
    MoreNetProfit,
    MoreEquity,
    MoreTrade,
    /// Liabilities to repay out of assets.
    RepayDebt,
    MoreItems,
    MoreRdStaff,
    MoreYears,
    MorePoints,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Amount {
    pub kind: AmountKind,
    pub value: f64,
}

/// One thing to change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap<'r> {
    pub test: &'r Test,
    /// The value now (for a partly known value, the bound nearest the target).
    pub current: f64,
    pub target: Target,
    /// Distance to the target relative to the threshold; infinite for flags and codes, which do
    /// not move by degrees.
    pub relative: f64,
    pub amount: Option<Amount>,
}

impl Gap<'_> {
    /// Whether the move is by degrees (a number), as opposed to a yes/no fact or a code.
    pub fn is_numeric(&self) -> bool {
        matches!(self.target, Target::Edge(_))
    }

    /// "R&D intensity (last year) 2.4 %, needs 3.0 %: about 1.1 million yuan more R&D at this
    /// revenue" and its Chinese.
    pub fn message(&self) -> Text {
        Text::new(self.message_in(Lang::Zh), self.message_in(Lang::En))
    }

    /// The sentence in one language.
    pub fn message_in(&self, lang: Lang) -> String {
        let measure = &self.test.measure;
        let label = self.test.label.get(lang);
        match &self.target {
            Target::Flag(wanted) => match (lang, wanted) {
                (Lang::Zh, true) => format!("尚未满足：{label}"),
                (Lang::Zh, false) => format!("不应满足：{label}"),
                (Lang::En, true) => format!("not met: {label}"),
                (Lang::En, false) => format!("must not hold: {label}"),
            },
            Target::OneOf(codes) => {
                let names: Vec<String> = codes
                    .iter()
                    .map(|code| format_value(measure, *code as f64, lang))
                    .collect();
                let current = format_value(measure, self.current, lang);
                match lang {
                    Lang::Zh => format!("{label}为{current}，需为{}", names.join("或")),
                    Lang::En => format!("{label} is {current}, needs {}", names.join(" or ")),
                }
            }
            Target::Edge(edge) => {
                let current = format_value(measure, self.current, lang);
                let target = format_value(measure, edge.value, lang);
                let need = match (lang, edge.raise, edge.closed) {
                    (Lang::Zh, true, true) => format!("需达到{target}"),
                    (Lang::Zh, true, false) => format!("需高于{target}"),
                    (Lang::Zh, false, true) => format!("需不高于{target}"),
                    (Lang::Zh, false, false) => format!("需低于{target}"),
                    (Lang::En, true, true) => format!("needs {target}"),
                    (Lang::En, true, false) => format!("needs more than {target}"),
                    (Lang::En, false, true) => format!("needs at most {target}"),
                    (Lang::En, false, false) => format!("needs less than {target}"),
                };
                let amount = self
                    .amount
                    .map(|amount| amount_phrase(amount, lang))
                    .unwrap_or_default();
                match lang {
                    Lang::Zh => format!("{label}{current}，{need}{amount}"),
                    Lang::En => format!("{label} {current}, {need}{amount}"),
                }
            }
        }
    }
}

fn amount_phrase(amount: Amount, lang: Lang) -> String {
    let value = amount.value;
    let money = || yuan(value, lang);
    let count = || trim_number(value.ceil(), 0);
    match (lang, amount.kind) {
        (Lang::Zh, AmountKind::MoreRdAtRevenue) => {
            format!("：按当前营业收入约需增加研发费用{}", money())
        }
        (Lang::En, AmountKind::MoreRdAtRevenue) => {
            format!(": about {} more R&D at this revenue", money())
        }
        (Lang::Zh, AmountKind::MoreRd) => format!("：约需增加研发费用{}", money()),
        (Lang::En, AmountKind::MoreRd) => format!(": about {} more R&D", money()),
        (Lang::Zh, AmountKind::MoreRevenue) => format!("：营业收入约需增加{}", money()),
        (Lang::En, AmountKind::MoreRevenue) => format!(": about {} more revenue", money()),
        (Lang::Zh, AmountKind::MoreMainBusiness) => format!("：主营业务收入约需增加{}", money()),
        (Lang::En, AmountKind::MoreMainBusiness) => {
            format!(": about {} more main-business revenue", money())
        }
        (Lang::Zh, AmountKind::MoreNicheProductRevenue) => {
            format!("：主营产品收入约需增加{}", money())
        }
        (Lang::En, AmountKind::MoreNicheProductRevenue) => {
            format!(": about {} more niche-product revenue", money())
        }
        (Lang::Zh, AmountKind::MoreNetProfit) => format!("：净利润约需增加{}", money()),
        (Lang::En, AmountKind::MoreNetProfit) => format!(": about {} more net profit", money()),
        (Lang::Zh, AmountKind::MoreEquity) => format!("：约需新增股权融资{}", money()),
        (Lang::En, AmountKind::MoreEquity) => format!(": about {} more equity raised", money()),
        (Lang::Zh, AmountKind::MoreTrade) => format!("：与链主交易额约需增加{}", money()),
        (Lang::En, AmountKind::MoreTrade) => {
            format!(": about {} more trade with the chain-master", money())
        }
        (Lang::Zh, AmountKind::RepayDebt) => format!("：约需偿还负债{}", money()),
        (Lang::En, AmountKind::RepayDebt) => format!(": about {} of debt to repay", money()),
        (Lang::Zh, AmountKind::MoreItems) => format!("：还需{}项", count()),
        (Lang::En, AmountKind::MoreItems) => format!(": {} more", count()),
        (Lang::Zh, AmountKind::MoreRdStaff) => format!("：约需增加研发人员{}人", count()),
        (Lang::En, AmountKind::MoreRdStaff) => format!(": about {} more R&D staff", count()),
        (Lang::Zh, AmountKind::MoreYears) => format!("：还需约{}年", trim_number(value, 1)),
        (Lang::En, AmountKind::MoreYears) => {
            format!(": about {} more years", trim_number(value, 1))
        }
        (Lang::Zh, AmountKind::MorePoints) => format!("：还差{}分", trim_number(value, 1)),
        (Lang::En, AmountKind::MorePoints) => {
            format!(": {} points short", trim_number(value, 1))
        }
    }
}

/// A measure's value as an explanation shows it.
pub fn format_value(measure: &Measure, value: f64, lang: Lang) -> String {
    let named = |zh: String, en: String| match lang {
        Lang::Zh => zh,
        Lang::En => en,
    };
    let code = |index: f64| -> Option<usize> {
        (index >= 0.0 && index.fract() == 0.0).then_some(index as usize)
    };
    match measure.unit() {
        Unit::Yuan => yuan(value, lang),
        Unit::Ratio => percent(value, lang),
        Unit::Count => trim_number(value, 0),
        Unit::Years => named(
            format!("{}年", trim_number(value, 1)),
            format!("{} years", trim_number(value, 1)),
        ),
        Unit::Points => named(
            format!("{}分", trim_number(value, 1)),
            format!("{} points", trim_number(value, 1)),
        ),
        Unit::Rank if value.is_infinite() => named("无".into(), "none".into()),
        Unit::Rank => named(
            format!("第{}名", trim_number(value, 0)),
            format!("rank {}", trim_number(value, 0)),
        ),
        Unit::Flag => named(
            (if value >= 0.5 { "是" } else { "否" }).into(),
            (if value >= 0.5 { "yes" } else { "no" }).into(),
        ),
        Unit::Level | Unit::Category => {
            let label = code(value).and_then(|index| match measure {
                Measure::RdInstitution => RdInstitution::ALL.get(index).map(|l| l.label()),
                Measure::ProductField => ProductField::ALL.get(index).map(|f| f.label()),
                Measure::Cluster => ClusterKind::ALL.get(index).map(|c| c.label()),
                Measure::SizeClass => SizeClass::ALL
                    .get(index)
                    .map(|s| Text::new(s.label_zh(), s.as_str())),
                _ => None,
            });
            match label {
                Some(label) => label.get(lang).to_owned(),
                None => named(
                    format!("{}级", trim_number(value, 0)),
                    format!("level {}", trim_number(value, 0)),
                ),
            }
        }
    }
}

/// The gap of one failed test, or `None` when the test did not fail.
pub(crate) fn test_gap<'r>(
    test: &'r Test,
    reading: &Reading,
    facts: &EnterpriseFacts,
    context: &dyn ReadContext,
) -> Option<Gap<'r>> {
    match &test.predicate {
        Predicate::Range(interval) => {
            // A partly known value failed as a whole range: the bound nearest the interval.
            let current = if reading.hi <= interval.lo {
                reading.hi
            } else {
                reading.lo
            };
            let edge = interval.edge_to_reach(current)?;
            let distance = (edge.value - current).abs();
            let relative = if edge.value == 0.0 {
                if distance == 0.0 { 0.0 } else { f64::INFINITY }
            } else {
                distance / edge.value.abs()
            };
            let last = context.date().year() - 1;
            Some(Gap {
                test,
                current,
                target: Target::Edge(edge),
                relative,
                amount: amount(&test.measure, facts, last, current, &edge),
            })
        }
        Predicate::Is(wanted) => {
            let current = reading.value()?;
            ((current >= 0.5) != *wanted).then_some(Gap {
                test,
                current,
                target: Target::Flag(*wanted),
                relative: f64::INFINITY,
                amount: None,
            })
        }
        Predicate::In(codes) => {
            let current = reading.value()?;
            (!codes.contains(&(current as usize))).then(|| Gap {
                test,
                current,
                target: Target::OneOf(codes.clone()),
                relative: f64::INFINITY,
                amount: None,
            })
        }
    }
}

/// How hard a set of gaps is to close, to pick the cheapest alternative of an `any`: relative
/// distances, with a yes/no change counting as a whole threshold.
pub(crate) fn cost(gaps: &[Gap<'_>]) -> f64 {
    gaps.iter().map(|gap| gap.relative.min(1.0)).sum()
}

/// The gaps to close for a condition that fails; for `any`, those of the cheapest alternative.
/// Tests that cannot tell contribute nothing.
pub(crate) fn condition_gaps<'r>(
    condition: &'r Condition,
    facts: &EnterpriseFacts,
    context: &dyn ReadContext,
) -> (Tri, Vec<Gap<'r>>) {
    match condition {
        Condition::Test(test) => {
            let reading = test.measure.read(facts, context);
            let outcome = crate::evaluate::test_outcome(test, &reading);
            let gaps = if outcome == Tri::No {
                test_gap(test, &reading, facts, context)
                    .into_iter()
                    .collect()
            } else {
                Vec::new()
            };
            (outcome, gaps)
        }
        Condition::All { parts, .. } => {
            let mut outcome = Tri::Yes;
            let mut gaps = Vec::new();
            for part in parts {
                let (part_outcome, part_gaps) = condition_gaps(part, facts, context);
                outcome = outcome.and(part_outcome);
                gaps.extend(part_gaps);
            }
            (outcome, gaps)
        }
        Condition::Any { parts, .. } => {
            let mut outcome = Tri::No;
            let mut best: Option<Vec<Gap<'r>>> = None;
            for part in parts {
                let (part_outcome, part_gaps) = condition_gaps(part, facts, context);
                outcome = outcome.or(part_outcome);
                if part_outcome == Tri::No
                    && !part_gaps.is_empty()
                    && best
                        .as_ref()
                        .is_none_or(|best| cost(&part_gaps) < cost(best))
                {
                    best = Some(part_gaps);
                }
            }
            let gaps = if outcome == Tri::No {
                best.unwrap_or_default()
            } else {
                Vec::new()
            };
            (outcome, gaps)
        }
    }
}

/// The amount that moves `current` to `edge`, where the facts say what it is made of.
fn amount(
    measure: &Measure,
    facts: &EnterpriseFacts,
    last: i32,
    current: f64,
    edge: &Edge,
) -> Option<Amount> {
    use Measure as M;
    let t = edge.value;
    let figure = |year: i32, field: Field| -> Option<f64> {
        let figures = facts.year(year)?;
        match field {
            Field::Revenue => figures.revenue,
            Field::MainBusinessRevenue => figures.main_business_revenue,
            Field::NicheProductRevenue => figures.niche_product_revenue,
            Field::RdExpense => figures.rd_expense,
            Field::NetProfit => figures.net_profit,
            Field::TotalAssets => figures.total_assets,
            Field::TotalLiabilities => figures.total_liabilities,
            Field::Employees => figures.employees.map(f64::from),
            Field::RdStaff => figures.rd_staff.map(f64::from),
            _ => None,
        }
    };
    let make = |kind: AmountKind, value: f64| {
        (value.is_finite() && value > 0.0).then_some(Amount { kind, value })
    };
    // Shares of revenue that grow with their numerator: (n + x) / (d + x) = t.
    let share_top_up = |num: Field, kind: AmountKind| -> Option<Amount> {
        let (n, d) = (figure(last, num)?, figure(last, Field::Revenue)?);
        (t < 1.0)
            .then(|| make(kind, (t * d - n) / (1.0 - t)))
            .flatten()
    };
    if !edge.raise {
        return match measure {
            // Repaying debt from assets: (L − x) / (A − x) = t.
            M::AssetLiabilityRatio => {
                let liabilities = figure(last, Field::TotalLiabilities)?;
                let assets = figure(last, Field::TotalAssets)?;
                (t < 1.0)
                    .then(|| {
                        make(
                            AmountKind::RepayDebt,
                            (liabilities - t * assets) / (1.0 - t),
                        )
                    })
                    .flatten()
            }
            _ => None,
        };
    }
    match measure {
        M::RdIntensity => {
            let revenue = figure(last, Field::Revenue)?;
            make(
                AmountKind::MoreRdAtRevenue,
                t * revenue - figure(last, Field::RdExpense)?,
            )
        }
        M::RdIntensityMin { years } => {
            // Every year must reach the share; the largest single-year shortfall is what it takes.
            let shortfall = (0..*years as i32)
                .map(|back| {
                    let year = last - back;
                    Some(t * figure(year, Field::Revenue)? - figure(year, Field::RdExpense)?)
                })
                .collect::<Option<Vec<f64>>>()?
                .into_iter()
                .fold(0.0, f64::max);
            make(AmountKind::MoreRdAtRevenue, shortfall)
        }
        M::RdSpend | M::RdSpendMin { .. } | M::RdSpendTotal { .. } => {
            make(AmountKind::MoreRd, t - current)
        }
        M::RdSpendAvg { years } => make(AmountKind::MoreRd, (t - current) * f64::from(*years)),
        M::Revenue => make(AmountKind::MoreRevenue, t - current),
        M::MainBusinessShare => {
            share_top_up(Field::MainBusinessRevenue, AmountKind::MoreMainBusiness)
        }
        M::NicheProductShare => share_top_up(
            Field::NicheProductRevenue,
            AmountKind::MoreNicheProductRevenue,
        ),
        M::MainBusinessGrowth => {
            let before = figure(last - 1, Field::MainBusinessRevenue)?;
            let now = figure(last, Field::MainBusinessRevenue)?;
            make(AmountKind::MoreMainBusiness, before * (1.0 + t) - now)
        }
        M::MainBusinessGrowthAvg { years } => {
            let before = figure(last - *years as i32, Field::MainBusinessRevenue)?;
            let now = figure(last, Field::MainBusinessRevenue)?;
            make(
                AmountKind::MoreMainBusiness,
                before * (1.0 + t).powi(*years as i32) - now,
            )
        }
        M::MainBusinessAvg { years } => make(
            AmountKind::MoreMainBusiness,
            (t - current) * f64::from(*years),
        ),
        M::NetProfitMargin => {
            let revenue = figure(last, Field::Revenue)?;
            make(
                AmountKind::MoreNetProfit,
                t * revenue - figure(last, Field::NetProfit)?,
            )
        }
        M::EquityRaised { .. } => make(AmountKind::MoreEquity, t - current),
        M::ChainMasterTrade => make(AmountKind::MoreTrade, t - current),
        M::RdStaffShare => {
            let staff = figure(last, Field::RdStaff)?;
            let employees = figure(last, Field::Employees)?;
            (t < 1.0)
                .then(|| make(AmountKind::MoreRdStaff, (t * employees - staff) / (1.0 - t)))
                .flatten()
        }
        M::NicheYears => make(AmountKind::MoreYears, t - current),
        M::AssessedScore { .. } | M::ProvincialScore | M::ProvincialIndicator { .. } => {
            make(AmountKind::MorePoints, t - current)
        }
        _ if measure.unit() == Unit::Count => {
            // Reaching "more than t" takes one past t.
            let needed = if edge.closed {
                t.ceil()
            } else {
                t.floor() + 1.0
            };
            make(AmountKind::MoreItems, needed - current)
        }
        _ => None,
    }
}
