//! What-if scenarios on the stored network: shut down or cut to a fraction of capacity a firm, a
//! region (a county under a flood), a chain node or every supplier outside the province, and see
//! the output lost per chain, node, city and county and the firms hit hardest.

use std::collections::HashMap;

use ::risk::CascadeOptions;
use ::risk::scenario::{FirmGroups, GroupingLoss, run_scenario, shocks};
use model::RegionCode;
use serde::{Deserialize, Serialize};

use super::{RiskData, RiskFirm};
use crate::AnalyticsError;
use crate::monitoring::node_label;

/// Which firms a scenario shocks; several targets shock their union.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ShockTarget {
    /// One enterprise, by unified social credit code.
    Firm { uscc: String },
    /// Every enterprise registered in the region or below it (GB/T 2260: a county, a city, a
    /// province).
    Region { code: u32 },
    /// Every member of a chain node, stored or attached from outside the province.
    Node { chain: String, node: String },
    /// Every firm outside the home province that sells to a firm inside it.
    OutsideSuppliers,
}

impl ShockTarget {
    /// A node target from its label `SX-01/03`.
    pub fn node(label: &str) -> Option<ShockTarget> {
        let (chain, node) = label.trim().split_once('/')?;
        (!chain.is_empty() && !node.is_empty()).then(|| ShockTarget::Node {
            chain: chain.to_owned(),
            node: node.to_owned(),
        })
    }

    /// The firms this target shocks, sorted.
    fn firms(&self, data: &RiskData) -> Result<Vec<u32>, AnalyticsError> {
        let firms = match self {
            ShockTarget::Firm { uscc } => {
                vec![
                    data.firm_index(uscc)
                        .ok_or_else(|| AnalyticsError::NotFound {
                            what: "enterprise",
                            key: uscc.clone(),
                        })?,
                ]
            }
            ShockTarget::Region { code } => {
                let region = RegionCode::from_u32(*code).map_err(|_| AnalyticsError::NotFound {
                    what: "region",
                    key: code.to_string(),
                })?;
                (0..data.firms.len() as u32)
                    .filter(|&f| {
                        data.firms[f as usize]
                            .region_code()
                            .is_some_and(|r| r.is_within(region))
                    })
                    .collect()
            }
            ShockTarget::Node { chain, node } => {
                let stored = data.chain(chain)?;
                let index = stored
                    .node_index(node)
                    .ok_or_else(|| AnalyticsError::NotFound {
                        what: "chain node",
                        key: node_label(chain, node),
                    })?;
                stored.node_firms(index)
            }
            ShockTarget::OutsideSuppliers => (0..data.firms.len() as u32)
                .filter(|&f| {
                    !data.firms[f as usize].local
                        && data
                            .network
                            .customers(f)
                            .0
                            .iter()
                            .any(|&c| data.firms[c as usize].local)
                })
                .collect(),
        };
        Ok(firms)
    }

    fn describe(&self) -> String {
        match self {
            ShockTarget::Firm { uscc } => format!("enterprise {uscc}"),
            ShockTarget::Region { code } => format!("region {code}"),
            ShockTarget::Node { chain, node } => format!("node {}", node_label(chain, node)),
            ShockTarget::OutsideSuppliers => "suppliers outside the province".to_owned(),
        }
    }
}

/// A scenario: the targets, the capacity they keep, how many hardest-hit firms to list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioSpec {
    pub targets: Vec<ShockTarget>,
    /// Capacity the shocked firms keep: 0 shuts them down, 0.5 halves their output.
    pub capacity: f64,
    /// How many of the firms hit hardest (not shocked themselves) to list.
    pub top: usize,
}

/// Output lost in one group (a chain, a node, a city, a county).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupOutcome {
    pub code: String,
    pub name: String,
    pub firms: usize,
    pub firms_hit: usize,
    pub output: f64,
    pub loss: f64,
    pub loss_share: f64,
}

/// The losses of every group of one grouping, largest loss first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupingOutcome {
    /// `chain`, `node`, `city` or `county`.
    pub grouping: String,
    pub groups: Vec<GroupOutcome>,
}

/// A firm the cascade reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirmOutcome {
    pub firm: u32,
    pub enterprise: RiskFirm,
    /// Production level at the end, `min(downstream, upstream)` (1 = unaffected).
    pub level: f64,
    pub level_down: f64,
    pub level_up: f64,
    /// Output lost: weight × (1 − level).
    pub loss: f64,
}

/// The outcome of a scenario. Output is measured as in ESRI: each firm's sales in the network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioOutcome {
    pub year: u16,
    pub spec: ScenarioSpec,
    /// Firms the targets shocked.
    pub shocked: usize,
    pub total_output: f64,
    pub total_loss: f64,
    /// `total_loss / total_output`: the scenario's systemic risk.
    pub loss_share: f64,
    /// Lost in the shocked firms themselves.
    pub direct_loss: f64,
    /// Lost in the firms the cascade reached.
    pub indirect_loss: f64,
    pub firms_hit: usize,
    pub iterations: u32,
    pub converged: bool,
    pub groupings: Vec<GroupingOutcome>,
    pub hardest_hit: Vec<FirmOutcome>,
}

/// The code and display name of every group of one grouping, and the firms' memberships.
struct Grouping {
    key: &'static str,
    index: HashMap<String, u32>,
    codes: Vec<String>,
    names: Vec<String>,
    pairs: Vec<(u32, u32)>,
}

impl Grouping {
    fn new(key: &'static str) -> Self {
        Grouping {
            key,
            index: HashMap::new(),
            codes: Vec::new(),
            names: Vec::new(),
            pairs: Vec::new(),
        }
    }

    /// The group index of `code`, adding it with `name` the first time.
    fn group(&mut self, code: String, name: impl FnOnce() -> String) -> u32 {
        if let Some(&g) = self.index.get(&code) {
            return g;
        }
        let g = self.codes.len() as u32;
        self.index.insert(code.clone(), g);
        self.codes.push(code);
        self.names.push(name());
        g
    }

    fn firm_groups(&self, firms: usize) -> Result<FirmGroups, AnalyticsError> {
        Ok(FirmGroups::new(
            self.key,
            self.codes.clone(),
            &self.pairs,
            firms,
        )?)
    }

    fn outcome(&self, loss: &GroupingLoss) -> GroupingOutcome {
        GroupingOutcome {
            grouping: self.key.to_owned(),
            groups: loss
                .groups
                .iter()
                .map(|g| GroupOutcome {
                    code: self.codes[g.group].clone(),
                    name: self.names[g.group].clone(),
                    firms: g.firms,
                    firms_hit: g.firms_hit,
                    output: g.output,
                    loss: g.loss,
                    loss_share: g.loss_share,
                })
                .collect(),
        }
    }
}

/// The chain, node, city and county groupings of the loaded firms. Cities and counties group
/// the province's own firms; the city grouping puts every firm outside it in one group.
fn groupings(data: &RiskData) -> [Grouping; 4] {
    let (mut chains, mut nodes) = (Grouping::new("chain"), Grouping::new("node"));
    for chain in &data.chains {
        let c = chains.group(chain.code.clone(), || chain.name.clone());
        for m in &chain.memberships {
            let node = &chain.nodes[m.node as usize];
            let n = nodes.group(node_label(&chain.code, &node.code), || node.name.clone());
            chains.pairs.push((m.firm, c));
            nodes.pairs.push((m.firm, n));
        }
    }
    let (mut cities, mut counties) = (Grouping::new("city"), Grouping::new("county"));
    for (f, firm) in data.firms.iter().enumerate() {
        if !firm.local {
            let g = cities.group("outside".to_owned(), || "省外".to_owned());
            cities.pairs.push((f as u32, g));
            continue;
        }
        if let Some(city) = firm.city() {
            let g = cities.group(city.as_u32().to_string(), || city.name().to_owned());
            cities.pairs.push((f as u32, g));
        }
        let g = counties.group(firm.region.to_string(), || firm.region_name().to_owned());
        counties.pairs.push((f as u32, g));
    }
    [chains, nodes, cities, counties]
}

/// Runs the scenario: one cascade from the shocked firms' capacity (Diem et al. 2022 with an
/// arbitrary initial shock `psi`).
pub fn scenario(
    data: &RiskData,
    spec: &ScenarioSpec,
    options: &CascadeOptions,
) -> Result<ScenarioOutcome, AnalyticsError> {
    if !(0.0..1.0).contains(&spec.capacity) {
        return Err(AnalyticsError::BadCapacity {
            value: spec.capacity,
        });
    }
    let mut shocked = Vec::new();
    for target in &spec.targets {
        shocked.extend(target.firms(data)?);
    }
    shocked.sort_unstable();
    shocked.dedup();
    if shocked.is_empty() {
        let what = spec
            .targets
            .iter()
            .map(ShockTarget::describe)
            .collect::<Vec<_>>()
            .join(", ");
        return Err(AnalyticsError::EmptyScenario {
            what: if what.is_empty() {
                "no target given".to_owned()
            } else {
                format!("no enterprise matches {what}")
            },
        });
    }
    let groupings = groupings(data);
    let groups = groupings
        .iter()
        .map(|g| g.firm_groups(data.firms.len()))
        .collect::<Result<Vec<_>, _>>()?;
    let report = run_scenario(
        &data.model,
        &shocks(shocked.iter().copied(), spec.capacity),
        &groups.iter().collect::<Vec<_>>(),
        options,
        spec.top,
    )?;
    Ok(ScenarioOutcome {
        year: data.year,
        spec: spec.clone(),
        shocked: shocked.len(),
        total_output: report.total_output,
        total_loss: report.total_loss,
        loss_share: report.loss_share,
        direct_loss: report.direct_loss,
        indirect_loss: report.indirect_loss,
        firms_hit: report.firms_hit,
        iterations: report.convergence.iterations,
        converged: report.convergence.converged,
        groupings: groupings
            .iter()
            .zip(&report.groupings)
            .map(|(g, loss)| g.outcome(loss))
            .collect(),
        hardest_hit: report
            .hardest_hit
            .iter()
            .map(|h| FirmOutcome {
                firm: h.firm,
                enterprise: data.firms[h.firm as usize].clone(),
                level: h.level,
                level_down: h.level_down,
                level_up: h.level_up,
                loss: h.loss,
            })
            .collect(),
    })
}
