//! Builds a framework's dataset for one year from the store: its units, one column per indicator
//! found through the indicator's source, and the indicators no unit has data for, with why.

use std::collections::{HashMap, HashSet};

use evaluate::{Dataset, Framework, Rollup, Source};
use model::Period;
use monitor::{DerivedIndicator, RollupSpec};
use serde::{Deserialize, Serialize};
use store::Store;

use super::EvaluationError;
use super::sources::{
    self, Column, Context, Counted, Extras, Quantity, Rollups, Scope, SupplyData,
};
use super::units::{self, UnitKind};
use crate::AnalyticsError;
use crate::monitoring::{self, MonitoringData};

/// An indicator left out of a run because no unit has data for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DroppedIndicator {
    pub code: String,
    /// Why: the framework's `not_in_store`, a name the store has nothing for, or no data this year.
    pub reason: String,
}

/// A unit left out of a run because it lacks an indicator the framework requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitNotEvaluated {
    pub code: String,
    pub name: String,
    /// The required indicators it has no value for.
    pub lacks: Vec<String>,
}

/// A framework's inputs for one year, as found in the store.
#[derive(Debug, Clone)]
pub struct EvaluationInput {
    /// The framework as given (shipped or the user's).
    pub framework: Framework,
    pub year: u16,
    /// Units × every indicator of the framework (`NaN`: no value; dropped indicators are all
    /// `NaN`), with group columns for group imputation.
    pub dataset: Dataset,
    /// Display names of the units, in dataset order.
    pub names: Vec<String>,
    pub dropped: Vec<DroppedIndicator>,
    /// Units without a value for a required indicator (`required = true`), left out.
    pub not_evaluated: Vec<UnitNotEvaluated>,
    /// The reporting periods of the year on the data's axis (first, last).
    pub periods: (Period, Period),
    /// Things an analyst should know (a partial year, unreadable facts …).
    pub warnings: Vec<String>,
}

/// How one indicator's values are found.
struct Plan {
    numerator: Result<Quantity, String>,
    /// `None` for a value that is not a ratio, or a ratio the monitoring engine takes whole.
    denominator: Option<Result<Quantity, String>>,
}

fn quantity(name: &str) -> Result<Quantity, String> {
    sources::parse(name).ok_or_else(|| format!("the store holds nothing named `{name}`"))
}

/// A ratio of two monthly flows summed over the year, same scope: the monitoring engine's ratio
/// of sums over the enterprises that reported both.
fn derived_ratio(source: &Source) -> Option<(DerivedIndicator, Scope)> {
    let per = source.per.as_deref()?;
    let (
        Some(Quantity::Monthly { code: n, scope: a }),
        Some(Quantity::Monthly { code: d, scope: b }),
    ) = (sources::parse(&source.indicator), sources::parse(per))
    else {
        return None;
    };
    let sums = source.rollup == Rollup::AnnualSum && source.per_rollup == Some(Rollup::AnnualSum);
    (sums && a == b).then(|| {
        let code = format!("{n}/{d}");
        (
            DerivedIndicator {
                name_zh: code.clone(),
                name_en: code.clone(),
                numerator: n,
                denominator: d,
                scale: 1.0,
                unit: String::new(),
                code,
            },
            a,
        )
    })
}

fn plan(source: &Source) -> Plan {
    if let Some(reason) = &source.not_in_store {
        return Plan {
            numerator: Err(reason.clone()),
            denominator: None,
        };
    }
    if let Some((d, scope)) = derived_ratio(source) {
        return Plan {
            numerator: Ok(Quantity::Monthly {
                code: d.code,
                scope,
            }),
            denominator: None,
        };
    }
    Plan {
        numerator: quantity(&source.indicator),
        denominator: source.per.as_deref().map(quantity),
    }
}

/// Axis indices of `year`'s reporting periods, when the year starts on the axis (1–2月).
fn periods_of(data: &MonitoringData, year: u16) -> Vec<usize> {
    let axis = data.monitor.axis();
    let found: Vec<usize> = (0..axis.len())
        .filter(|&t| axis.period(t).year() == year)
        .collect();
    match found.first() {
        Some(&t) if axis.period(t).is_jan_feb() => found,
        _ => Vec::new(),
    }
}

/// Everything the plans need beyond the monitoring data.
async fn extras(
    store: &Store,
    data: &MonitoringData,
    units: &units::UnitSet,
    quantities: &[&Quantity],
    titles: Vec<store::TitleRow>,
    year: u16,
) -> Result<(Extras, Vec<String>), AnalyticsError> {
    let mut warnings = Vec::new();
    let mut extras = Extras {
        titles,
        index_of: data
            .enterprises
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id, i as u32))
            .collect(),
        ..Extras::default()
    };
    let any = |f: fn(&Quantity) -> bool| quantities.iter().any(|q| f(q));
    if any(|q| {
        matches!(
            q,
            Quantity::Fact(_) | Quantity::Count(Counted::RdInstitution { .. })
        )
    }) {
        let mut unreadable = 0usize;
        for (id, name, value) in store.fact_rows().await? {
            let Some(&e) = extras.index_of.get(&id) else {
                unreadable += 1;
                continue;
            };
            extras.fact_names.insert(name.clone());
            extras.facts.insert((e, name), value);
        }
        if unreadable > 0 {
            warnings.push(format!("{unreadable} fact(s) name no known enterprise"));
        }
    }
    if any(|q| {
        matches!(
            q,
            Quantity::Purchases { .. }
                | Quantity::Count(Counted::LocalPartners | Counted::ChainCoreSupplier)
        )
    }) {
        extras.supply = Some(SupplyData {
            links: store.supply_link_columns(year).await?,
            enterprises: store.enterprise_supply_totals(year).await?,
            chains: store.chain_purchase_totals(year).await?,
        });
    }
    if units.kind == UnitKind::Chain
        && any(|q| {
            matches!(
                q,
                Quantity::Count(Counted::ChainNodes | Counted::ChainNodesWithLocalMembers)
            )
        })
    {
        let provinces = units::labels_of(data, monitor::standard::PROVINCE)?;
        let mut local: HashMap<&str, HashSet<String>> = HashMap::new();
        let memberships = store.membership_rows().await?;
        for m in &memberships {
            let home = extras
                .index_of
                .get(&m.enterprise_id)
                .and_then(|&e| provinces[e as usize].as_ref())
                .is_some_and(|p| units.home.contains(p));
            if home {
                local
                    .entry(m.chain.as_str())
                    .or_default()
                    .insert(m.node.clone());
            }
        }
        for code in &units.codes {
            let nodes = store
                .chain_nodes(&store::EnterpriseScope::everything(), code)
                .await?
                .len();
            let with_local = local.get(code.as_str()).map_or(0, HashSet::len);
            extras.chain_nodes.insert(code.clone(), (nodes, with_local));
        }
    }
    Ok((extras, warnings))
}

/// Finds `framework`'s indicators for every unit in `year`.
pub async fn load(
    store: &Store,
    framework: &Framework,
    year: u16,
) -> Result<EvaluationInput, AnalyticsError> {
    framework.validate()?;
    let kind = UnitKind::parse(&framework.unit_kind, framework.unit_set.as_deref())?;
    let year_end = format!("{year}-12-31");
    let plans: Vec<Plan> = framework
        .indicators
        .iter()
        .map(|i| plan(&i.source))
        .collect();
    let derived: Vec<DerivedIndicator> = framework
        .indicators
        .iter()
        .filter(|i| i.source.not_in_store.is_none())
        .filter_map(|i| derived_ratio(&i.source).map(|(d, _)| d))
        .collect();
    let data = monitoring::load_with(store, &year_end, &derived).await?;

    let periods = periods_of(&data, year);
    let axis = data.monitor.axis();
    let (Some(&first), Some(&last)) = (periods.first(), periods.last()) else {
        return Err(EvaluationError::YearNotCovered {
            year,
            first: axis.first().to_string(),
            last: axis.last().to_string(),
        }
        .into());
    };
    let mut warnings = Vec::new();
    if axis.period(last).month() != 12 {
        warnings.push(format!(
            "{year} is covered to {} only: annual figures are year-to-date",
            axis.period(last)
        ));
    }
    let titles = store.title_rows().await?;
    let units = units::unit_set(store, &data, kind, &titles, &year_end).await?;
    if units.codes.is_empty() {
        return Err(EvaluationError::NoUnits {
            framework: framework.id.clone(),
            year,
        }
        .into());
    }

    let quantities: Vec<&Quantity> = plans
        .iter()
        .flat_map(|p| [Some(&p.numerator), p.denominator.as_ref()])
        .flatten()
        .filter_map(|q| q.as_ref().ok())
        .collect();
    let (extras, more) = extras(store, &data, &units, &quantities, titles, year).await?;
    warnings.extend(more);

    let mut needs: HashMap<Scope, Vec<String>> = HashMap::new();
    for q in &quantities {
        if let Quantity::Monthly { code, scope } = *q
            && data.monitor.measure(code).is_ok()
        {
            let codes = needs.entry(*scope).or_default();
            if !codes.contains(code) {
                codes.push(code.clone());
            }
        }
    }
    let rollups = Rollups::new(&data, &units, &needs)?;
    let top5 = if quantities.contains(&&Quantity::ChainTop5Output)
        && data.monitor.measure("output_value").is_ok()
    {
        Some(
            data.monitor.rollup(
                &RollupSpec::by(&[monitor::standard::CHAIN, monitor::standard::ENTERPRISE])
                    .measures(&["output_value"]),
            )?,
        )
    } else {
        None
    };
    let previous = periods_of(&data, year.saturating_sub(1));
    let context = Context {
        data: &data,
        units: &units,
        extras: &extras,
        rollups: &rollups,
        year_end,
        periods,
        previous,
    };

    let n = units.codes.len();
    let mut values = Vec::with_capacity(n * framework.indicators.len());
    let mut dropped = Vec::new();
    for (indicator, plan) in framework.indicators.iter().zip(&plans) {
        let source = &indicator.source;
        let column = |q: &Result<Quantity, String>, rollup: Rollup| -> Column {
            context.resolve(q.as_ref().map_err(Clone::clone)?, rollup, top5.as_ref())
        };
        let resolved = column(&plan.numerator, source.rollup).and_then(|numerator| {
            match (&plan.denominator, source.per_rollup) {
                (Some(q), Some(rollup)) => {
                    let denominator = column(q, rollup)?;
                    Ok(numerator
                        .iter()
                        .zip(&denominator)
                        .map(|(a, b)| source.value(*a, *b))
                        .collect::<Vec<_>>())
                }
                // A ratio taken whole from the monitoring engine, or no ratio at all.
                _ => Ok(numerator
                    .iter()
                    .map(|a| a.and_then(|v| source.scaled(v)))
                    .collect()),
            }
        });
        match resolved {
            Ok(column) if column.iter().any(Option::is_some) => {
                values.extend(column.into_iter().map(|v| v.unwrap_or(f64::NAN)));
            }
            outcome => {
                dropped.push(DroppedIndicator {
                    code: indicator.code.clone(),
                    reason: outcome
                        .err()
                        .unwrap_or_else(|| format!("no unit has data for {year}")),
                });
                values.extend(std::iter::repeat_n(f64::NAN, n));
            }
        }
    }
    // Units without a required indicator (one that has data at all) are not evaluated.
    let required: Vec<(usize, &str)> = framework
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, i)| i.required && !dropped.iter().any(|d| d.code == i.code))
        .map(|(j, i)| (j, i.code.as_str()))
        .collect();
    let mut keep = Vec::with_capacity(n);
    let mut not_evaluated = Vec::new();
    for u in 0..n {
        let lacks: Vec<String> = required
            .iter()
            .filter(|(j, _)| values[j * n + u].is_nan())
            .map(|(_, code)| (*code).to_owned())
            .collect();
        if lacks.is_empty() {
            keep.push(u);
        } else {
            not_evaluated.push(UnitNotEvaluated {
                code: units.codes[u].clone(),
                name: units.names[u].clone(),
                lacks,
            });
        }
    }
    let kept = |all: &[String]| keep.iter().map(|&u| all[u].clone()).collect::<Vec<_>>();
    let columns: Vec<f64> = (0..framework.indicators.len())
        .flat_map(|j| keep.iter().map(move |&u| j * n + u))
        .map(|k| values[k])
        .collect();
    let mut dataset =
        Dataset::from_columns(kept(&units.codes), framework.indicator_codes(), columns)?;
    for (name, labels) in &units.groups {
        let labels = keep.iter().map(|&u| labels[u].clone()).collect();
        dataset = dataset.with_group(name.clone(), labels)?;
    }
    Ok(EvaluationInput {
        framework: framework.clone(),
        year,
        dataset,
        names: kept(&units.names),
        dropped,
        not_evaluated,
        periods: (axis.period(first), axis.period(last)),
        warnings,
    })
}
