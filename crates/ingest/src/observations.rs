//! Observations in the three layouts people keep:
//!
//! * long: one row per value (enterprise, indicator, period, value [, unit]);
//! * wide by period: one row per enterprise, one column per month (`2025-03`, `2025年3月`, a
//!   date); the indicator in a column or given as an option;
//! * wide by indicator: one row per enterprise, one column per indicator (`营业收入(万元)`, or the
//!   indicator code); the period in a column or given as an option.
//!
//! The layout is read from the header. Values are converted to the indicator's stored unit (the
//! unit comes from the cell, a unit column, the header, the option, in that order). Blank cells
//! of wide layouts are "no data", never zero.
//!
//! NBS calendar: January is not reported alone; `2025-01` is refused with the rule in the message.
//! `2025-02` (and `2025年2月`) is the canonical name of 1–2月. With
//! [`crate::ImportOptions::combine_jan_feb`] the file is read as calendar months instead: January
//! and February values are combined into 1–2月 by the indicator's aggregation (flows add up,
//! stocks take February, means average; ratios cannot be combined and are refused), and a
//! period with only one of the two months is refused.

use std::collections::HashMap;

use model::{Aggregation, Id, Indicator, Period, Uscc};

use crate::cell::{Cell, CellError, StatedMonth, number_of, period_of};
use crate::header::{IndicatorNames, Layout, Wide};
use crate::kind::{self, Kind};
use crate::records::{Context, Records, duplicate, unknown};
use crate::refusal::Refusal;
use crate::report::{Issue, Problem, Severity};
use crate::row::{Issues, Row, code_of, code_text};

/// Which layout the header showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Plan {
    #[default]
    Long,
    WidePeriods,
    WideIndicators,
}

/// Where one value stands, for issues raised after the row was read.
#[derive(Debug, Clone)]
struct Place {
    row: u64,
    column: usize,
    column_name: String,
    value: f64,
}

/// January and February values waiting to be combined into 1–2月.
#[derive(Debug, Clone, Default)]
struct JanFeb {
    january: Option<Place>,
    february: Option<Place>,
}

/// True for indicators that measure a difference and may be negative (profit 利润, growth 增长,
/// net change 净变动…). Every other indicator (output value, revenue, electricity, employees…)
/// is refused below zero.
pub fn allows_negative(indicator: &Indicator) -> bool {
    const SIGNED: &[&str] = &[
        "profit",
        "利润",
        "growth",
        "增长",
        "增速",
        "增幅",
        "change",
        "变动",
        "差额",
        "net",
        "净",
        "损益",
        "margin",
        "balance_of",
    ];
    let text = format!(
        "{} {} {}",
        indicator.code.to_lowercase(),
        indicator.name_zh,
        indicator.name_en.to_lowercase()
    );
    SIGNED.iter().any(|word| text.contains(word))
}

/// Reads observation rows of one layout.
#[derive(Debug, Default)]
pub struct Observations {
    plan: Plan,
    names: IndicatorNames,
    definitions: HashMap<Id, Indicator>,
    /// Indicator given as an option (wide by period).
    indicator: Option<Id>,
    /// Period given as an option (wide by indicator).
    period: Option<StatedMonth>,
    /// First row of each (enterprise, indicator, period).
    seen: HashMap<(Id, Id, i32), u64>,
    parts: HashMap<(Id, Id, u16), JanFeb>,
    out: Vec<(Id, Id, Period, f64)>,
    pub blank_values: u64,
    /// Indicator and period texts seen, parsed once: a file repeats a handful of each a million
    /// times.
    indicator_texts: HashMap<String, Option<Id>>,
    period_texts: HashMap<String, Result<Option<StatedMonth>, CellError>>,
}

impl Observations {
    /// Chooses the layout from the header and the options.
    pub fn plan(layout: &Layout, cx: &Context<'_>) -> Result<Observations, Refusal> {
        let options = cx.options;
        let definitions: HashMap<Id, Indicator> = cx
            .keys
            .indicators
            .values()
            .map(|(id, i)| (*id, i.clone()))
            .collect();
        let names = IndicatorNames::new(definitions.iter().map(|(id, i)| (*id, i)));
        let has = |field| layout.column_of(Kind::Observations, field).is_some();
        let periods = layout
            .wide
            .iter()
            .any(|(_, w)| matches!(w, Wide::Period(_)));
        let indicators = layout
            .wide
            .iter()
            .any(|(_, w)| matches!(w, Wide::Indicator(_)));
        let plan = if has(&kind::VALUE) {
            Plan::Long
        } else if periods {
            Plan::WidePeriods
        } else if indicators {
            Plan::WideIndicators
        } else {
            return Err(Refusal::Layout {
                what: "no value column: expected a 数值/value column (long form), one column per period \
                       (2025-03, 2025年3月…) or one column per indicator (营业收入(万元), or its code)"
                    .into(),
                what_zh: "找不到数值列：应有“数值”列（长表），或每个报告期一列（2025-03、2025年3月…），\
                          或每个指标一列（如“营业收入(万元)”或指标代码）"
                    .into(),
            });
        };
        let indicator = match &options.indicator {
            Some(text) => Some(names.find(text).ok_or_else(|| Refusal::Layout {
                what: format!("the indicator {text:?} given as an option does not exist"),
                what_zh: format!("选项中给出的指标“{text}”不存在"),
            })?),
            None => None,
        };
        let period = match &options.period {
            Some(text) => Some(
                period_of(&crate::cell::Cell::Text(text), options.year)
                    .ok()
                    .flatten()
                    .ok_or_else(|| Refusal::Layout {
                        what: format!("the period {text:?} given as an option is not a period"),
                        what_zh: format!("选项中给出的报告期“{text}”无法识别"),
                    })?,
            ),
            None => None,
        };
        if plan != Plan::WideIndicators && !has(&kind::INDICATOR) && indicator.is_none() {
            return Err(Refusal::Layout {
                what: "no indicator: add an 指标/indicator column or give the indicator as an option (--indicator)".into(),
                what_zh: "缺少指标：请增加“指标”列，或用选项（--indicator）指定指标".into(),
            });
        }
        if plan != Plan::WidePeriods && !has(&kind::PERIOD) && period.is_none() {
            return Err(Refusal::Layout {
                what: "no period: add a 报告期/period column or give the period as an option (--period)".into(),
                what_zh: "缺少报告期：请增加“报告期”列，或用选项（--period）指定报告期".into(),
            });
        }
        Ok(Observations {
            plan,
            names,
            definitions,
            indicator,
            period,
            ..Observations::default()
        })
    }

    fn indicator_named(&mut self, text: &str) -> Option<Id> {
        if let Some(&found) = self.indicator_texts.get(text) {
            return found;
        }
        let found = self.names.find(text);
        self.indicator_texts.insert(text.to_owned(), found);
        found
    }

    fn period_in(
        &mut self,
        cell: &Cell<'_>,
        year: Option<u16>,
    ) -> Result<Option<StatedMonth>, CellError> {
        let Cell::Text(text) = cell else {
            return period_of(cell, year);
        };
        if let Some(found) = self.period_texts.get(*text) {
            return found.clone();
        }
        let found = period_of(cell, year);
        self.period_texts.insert((*text).to_owned(), found.clone());
        found
    }

    /// The columns this layout reads values from.
    pub fn value_columns(&self, layout: &Layout) -> Vec<usize> {
        match self.plan {
            Plan::Long => layout
                .column_of(Kind::Observations, &kind::VALUE)
                .into_iter()
                .collect(),
            Plan::WidePeriods => layout
                .wide
                .iter()
                .filter(|(_, w)| matches!(w, Wide::Period(_)))
                .map(|(c, _)| *c)
                .collect(),
            Plan::WideIndicators => layout
                .wide
                .iter()
                .filter(|(_, w)| matches!(w, Wide::Indicator(_)))
                .map(|(c, _)| *c)
                .collect(),
        }
    }

    pub fn read(&mut self, row: &mut Row<'_, '_>, cx: &Context<'_>) {
        let options = cx.options;
        let (uscc_column, uscc_cell) = row.cell(&kind::USCC);
        let enterprise = match code_text(&uscc_cell) {
            None => {
                row.fail_at(uscc_column, String::new(), Problem::Missing);
                None
            }
            Some(text) => match cx.keys.enterprises.get(text.as_ref()) {
                Some(&id) => Some(id),
                None => match Uscc::parse(&text) {
                    Err(e) => {
                        row.fail_at(uscc_column, text.into_owned(), Problem::Uscc(e));
                        None
                    }
                    Ok(uscc) => match cx.keys.enterprises.get(uscc.as_str()) {
                        Some(&id) => Some(id),
                        None => {
                            row.fail_at(
                                uscc_column,
                                text.into_owned(),
                                unknown("enterprise", "企业", uscc.as_str()),
                            );
                            None
                        }
                    },
                },
            },
        };
        let row_indicator = if self.plan == Plan::WideIndicators {
            None
        } else {
            match row.column(&kind::INDICATOR) {
                Some(column) => match code_text(&row.cell_at(column)) {
                    None => {
                        row.fail_at(Some(column), String::new(), Problem::Missing);
                        None
                    }
                    Some(text) => match self.indicator_named(&text) {
                        Some(id) => Some(id),
                        None => {
                            row.fail_at(
                                Some(column),
                                text.to_string(),
                                unknown("indicator", "指标", &text),
                            );
                            None
                        }
                    },
                },
                None => self.indicator,
            }
        };
        let row_period = if self.plan == Plan::WidePeriods {
            None
        } else {
            match row.column(&kind::PERIOD) {
                Some(column) => {
                    let cell = row.cell_at(column);
                    match self.period_in(&cell, options.year) {
                        // The NBS rule is checked here, against the period's own column, unless
                        // January and February are to be combined.
                        Ok(Some(p)) => match p {
                            StatedMonth::Month { month: 1 | 2, .. } if options.combine_jan_feb => {
                                Some(p)
                            }
                            _ => match p.period() {
                                Ok(_) => Some(p),
                                Err(e) => {
                                    row.fail_at(Some(column), cell.display(), Problem::Period(e));
                                    None
                                }
                            },
                        },
                        Ok(None) => {
                            row.fail_at(Some(column), String::new(), Problem::Missing);
                            None
                        }
                        Err(e) => {
                            row.fail_at(Some(column), cell.display(), Problem::Cell(e));
                            None
                        }
                    }
                }
                None => self.period,
            }
        };
        let row_unit = row
            .column(&kind::UNIT)
            .and_then(|c| code_of(&row.cell_at(c)));
        let Some(enterprise) = enterprise else { return };
        let targets: Vec<(usize, Option<Id>, Option<StatedMonth>)> = match self.plan {
            Plan::Long => row
                .column(&kind::VALUE)
                .map(|c| (c, row_indicator, row_period))
                .into_iter()
                .collect(),
            Plan::WidePeriods => row
                .layout
                .wide
                .iter()
                .filter_map(|(c, w)| match w {
                    Wide::Period(p) => Some((*c, row_indicator, Some(*p))),
                    Wide::Indicator(_) => None,
                })
                .collect(),
            Plan::WideIndicators => row
                .layout
                .wide
                .iter()
                .filter_map(|(c, w)| match w {
                    Wide::Indicator(i) => Some((*c, Some(*i), row_period)),
                    Wide::Period(_) => None,
                })
                .collect(),
        };
        for (column, indicator, stated) in targets {
            let (Some(indicator), Some(stated)) = (indicator, stated) else {
                continue;
            };
            self.value(
                row,
                cx,
                column,
                enterprise,
                indicator,
                stated,
                row_unit.as_deref(),
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn value(
        &mut self,
        row: &mut Row<'_, '_>,
        cx: &Context<'_>,
        column: usize,
        enterprise: Id,
        indicator: Id,
        stated: StatedMonth,
        row_unit: Option<&str>,
    ) {
        let cell = row.cell_at(column);
        let Some(definition) = self.definitions.get(&indicator) else {
            return;
        };
        let (written, suffix) = match number_of(&cell) {
            Ok(Some(parsed)) => parsed,
            Ok(None) => {
                if self.plan == Plan::Long {
                    row.fail_at(Some(column), String::new(), Problem::Missing);
                } else {
                    self.blank_values += 1;
                }
                return;
            }
            Err(e) => {
                row.fail_at(Some(column), cell.display(), Problem::Cell(e));
                return;
            }
        };
        let mut value = written.value;
        if written.percent {
            if definition.unit.trim() == "%" {
                value *= 100.0;
            } else {
                row.fail_at(
                    Some(column),
                    cell.display(),
                    Problem::Cell(CellError::Percent),
                );
                return;
            }
        }
        let header_unit = row.layout.column_units.get(column).cloned().flatten();
        let unit = Some(suffix)
            .filter(|s| !s.is_empty())
            .or_else(|| row_unit.map(str::to_owned))
            .or(header_unit)
            .or_else(|| cx.options.unit.clone());
        if let Some(unit) = unit {
            match crate::unit::convert(value, &unit, &definition.unit) {
                Ok(v) => value = v,
                Err(e) => {
                    row.fail_at(Some(column), cell.display(), Problem::Unit(e));
                    return;
                }
            }
        }
        if value < 0.0 && !allows_negative(definition) {
            row.fail_at(Some(column), cell.display(), Problem::Negative);
            return;
        }
        let place = || Place {
            row: row.number,
            column,
            column_name: row.layout.column_name(column).to_owned(),
            value,
        };
        let period = match stated {
            StatedMonth::Month {
                year,
                month: m @ (1 | 2),
            } if cx.options.combine_jan_feb => {
                let parts = self.parts.entry((enterprise, indicator, year)).or_default();
                let slot = if m == 1 {
                    &mut parts.january
                } else {
                    &mut parts.february
                };
                if let Some(first) = slot {
                    let first = first.row;
                    row.fail_at(
                        Some(column),
                        cell.display(),
                        duplicate("value", "数值", &format!("{year}-{m:02}"), first),
                    );
                } else {
                    *slot = Some(place());
                }
                return;
            }
            other => match other.period() {
                Ok(p) => p,
                Err(e) => {
                    row.fail_at(Some(column), cell.display(), Problem::Period(e));
                    return;
                }
            },
        };
        if let Some(first) = self
            .seen
            .insert((enterprise, indicator, period.key()), row.number)
        {
            self.seen
                .insert((enterprise, indicator, period.key()), first);
            row.fail_at(
                Some(column),
                cell.display(),
                duplicate("value", "数值", &period.label_zh(), first),
            );
            return;
        }
        if !row.failed {
            self.out.push((enterprise, indicator, period, value));
        }
    }

    /// Combines January and February values, and returns the records.
    pub fn finish(mut self, issues: &mut Issues) -> Records {
        let mut fail = |place: &Place, problem: Problem| {
            issues.push(Issue {
                row: place.row,
                column: Some(place.column),
                column_name: place.column_name.clone(),
                value: crate::cell::format_number(place.value),
                problem,
                severity: Severity::Error,
            });
        };
        let mut parts: Vec<_> = self.parts.drain().collect();
        parts.sort_by_key(|(_, p)| p.january.as_ref().or(p.february.as_ref()).map(|p| p.row));
        for ((enterprise, indicator, year), JanFeb { january, february }) in parts {
            let Some(aggregation) = self.definitions.get(&indicator).map(|d| d.aggregation) else {
                continue;
            };
            let (jan, feb) = match (&january, &february) {
                (Some(j), Some(f)) => (j, f),
                (Some(only), None) | (None, Some(only)) => {
                    fail(
                        only,
                        Problem::Rule(
                            format!(
                                "{year}年1-2月须同时有1月和2月的数值才能合并（国家统计局1-2月合并报告）"
                            ),
                            format!(
                                "{year} Jan–Feb needs both the January and the February value to combine them (NBS reports 1–2月 together)"
                            ),
                        ),
                    );
                    continue;
                }
                (None, None) => continue,
            };
            let value = match aggregation {
                Aggregation::Sum => jan.value + feb.value,
                Aggregation::Stock => feb.value,
                Aggregation::Mean => (jan.value + feb.value) / 2.0,
                Aggregation::Ratio => {
                    fail(
                        feb,
                        Problem::Rule(
                            "比率指标不能由1月、2月数值合并，请直接填报1-2月的比率".into(),
                            "a ratio cannot be combined from January and February; report the Jan–Feb ratio itself".into(),
                        ),
                    );
                    continue;
                }
            };
            let Ok(period) = Period::jan_feb(year) else {
                continue;
            };
            if let Some(first) = self.seen.get(&(enterprise, indicator, period.key())) {
                fail(feb, duplicate("value", "数值", &period.label_zh(), *first));
                continue;
            }
            self.seen
                .insert((enterprise, indicator, period.key()), feb.row);
            self.out.push((enterprise, indicator, period, value));
        }
        Records::Observations(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator(code: &str, zh: &str) -> Indicator {
        Indicator {
            code: code.into(),
            name_zh: zh.into(),
            name_en: code.into(),
            unit: "yuan".into(),
            frequency: model::Frequency::Monthly,
            aggregation: Aggregation::Sum,
            comparable_price: false,
            numerator: None,
            denominator: None,
        }
    }

    #[test]
    fn only_differences_may_be_negative() {
        assert!(allows_negative(&indicator("total_profit", "利润总额")));
        assert!(allows_negative(&indicator("x", "营业收入增速")));
        assert!(!allows_negative(&indicator("output_value", "工业总产值")));
        assert!(!allows_negative(&indicator("electricity", "用电量")));
    }
}
