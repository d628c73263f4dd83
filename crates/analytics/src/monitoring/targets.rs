//! Which targets a chain-chief office follows, and how far along each one is: the chains' own
//! annual targets (链长制, stored) and the MIIT 2027 targets (shipped with the engine).

use model::ChainTarget;
use monitor::{MonitorError, Progress, RollupSpec, Target, TargetKind, standard};

use super::MonitoringData;

/// Progress toward each stored chain target and, when `with_miit`, the MIIT 2027 targets, each
/// named in the chosen language, over the enterprises `data` holds. A target whose chain has no
/// figures, or whose indicator nobody reports, has no progress to show and is left out.
pub fn target_progress(
    data: &MonitoringData,
    stored: &[ChainTarget],
    with_miit: bool,
    chinese: bool,
) -> Result<Vec<(String, Progress)>, MonitorError> {
    let name = |target: &Target| {
        if chinese {
            target.name_zh.clone()
        } else {
            target.name_en.clone()
        }
    };
    let mut items = Vec::new();
    let by_chain = data.monitor.rollup(&RollupSpec::by(&[standard::CHAIN]))?;
    for t in stored {
        let Some(group) = by_chain.find_group(&[t.chain.as_str()]) else {
            continue;
        };
        let target = Target {
            name_zh: format!(
                "{} {}",
                data.name_of(standard::CHAIN, &t.chain),
                t.indicator
            ),
            name_en: format!("{} {}", t.chain, t.indicator),
            text: format!("≥ {}", t.value),
            kind: TargetKind::Level {
                comparison: monitor::Comparison::GreaterOrEqual,
                value: t.value,
            },
            target_year: t.target_year,
            measure: Some(t.indicator.clone()),
            source: t.note.clone().unwrap_or_default(),
        };
        let annual = match monitor::annual_values(&by_chain, &t.indicator, group) {
            Ok(annual) => annual,
            Err(MonitorError::UnknownIndicator(_)) => continue,
            Err(e) => return Err(e),
        };
        if let Some(progress) = monitor::progress(&target, &annual) {
            items.push((name(&target), progress));
        }
    }
    if with_miit {
        let total = data.monitor.rollup(&RollupSpec::by(&[]))?;
        if total.groups() > 0 {
            for target in Target::miit_2027()? {
                let Some(measure) = &target.measure else {
                    continue;
                };
                let Ok(annual) = monitor::annual_values(&total, measure, 0) else {
                    continue;
                };
                if let Some(progress) = monitor::progress(&target, &annual) {
                    items.push((name(&target), progress));
                }
            }
        }
    }
    Ok(items)
}
