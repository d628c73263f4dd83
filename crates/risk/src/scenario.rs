//! What-if disruption scenarios: shut down or cut any set of firms (a firm, a county under a
//! flood, a chain node, every supplier outside the province), run one ESRI cascade from that
//! capacity vector `psi`, and report the output lost per group and the firms hit hardest.

use crate::esri::{CascadeOptions, Convergence, EsriError, EsriModel, Shock};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    #[error(
        "grouping {grouping:?}: membership {index} names firm {firm}, but there are {firms} firms"
    )]
    FirmOutOfRange {
        grouping: String,
        index: usize,
        firm: u32,
        firms: usize,
    },
    #[error(
        "grouping {grouping:?}: membership {index} names group {group}, but there are {groups} groups"
    )]
    GroupOutOfRange {
        grouping: String,
        index: usize,
        group: u32,
        groups: usize,
    },
    #[error(transparent)]
    Esri(#[from] EsriError),
}

/// One way of grouping firms (by chain, by node, by region …): group names and their members. A
/// firm may be in several groups (a firm in two chain nodes) or in none.
#[derive(Debug, Clone, PartialEq)]
pub struct FirmGroups {
    grouping: String,
    names: Vec<String>,
    offsets: Vec<usize>,
    members: Vec<u32>,
}

impl FirmGroups {
    /// `memberships` are `(firm, group)` pairs; groups index `names`; duplicates count once.
    pub fn new(
        grouping: &str,
        names: Vec<String>,
        memberships: &[(u32, u32)],
        firms: usize,
    ) -> Result<Self, ScenarioError> {
        for (index, &(firm, group)) in memberships.iter().enumerate() {
            if firm as usize >= firms {
                return Err(ScenarioError::FirmOutOfRange {
                    grouping: grouping.to_owned(),
                    index,
                    firm,
                    firms,
                });
            }
            if group as usize >= names.len() {
                return Err(ScenarioError::GroupOutOfRange {
                    grouping: grouping.to_owned(),
                    index,
                    group,
                    groups: names.len(),
                });
            }
        }
        let mut pairs: Vec<(u32, u32)> = memberships.iter().map(|&(f, g)| (g, f)).collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut offsets = vec![0usize; names.len() + 1];
        for &(group, _) in &pairs {
            offsets[group as usize + 1] += 1;
        }
        for g in 0..names.len() {
            offsets[g + 1] += offsets[g];
        }
        Ok(FirmGroups {
            grouping: grouping.to_owned(),
            names,
            offsets,
            members: pairs.into_iter().map(|(_, firm)| firm).collect(),
        })
    }

    /// One label per firm (`None`: in no group), e.g. each firm's county.
    pub fn from_labels(
        grouping: &str,
        names: Vec<String>,
        labels: &[Option<u32>],
    ) -> Result<Self, ScenarioError> {
        let pairs: Vec<(u32, u32)> = labels
            .iter()
            .enumerate()
            .filter_map(|(firm, label)| label.map(|g| (firm as u32, g)))
            .collect();
        Self::new(grouping, names, &pairs, labels.len())
    }

    pub fn grouping(&self) -> &str {
        &self.grouping
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Members of group `group`, sorted.
    pub fn members(&self, group: usize) -> &[u32] {
        &self.members[self.offsets[group]..self.offsets[group + 1]]
    }

    /// Shocks that cut every member of `group` to `capacity` (0 = shut down).
    pub fn shock_group(&self, group: usize, capacity: f64) -> Vec<Shock> {
        shocks(self.members(group).iter().copied(), capacity)
    }
}

/// Shocks that cut each of `firms` to `capacity`.
pub fn shocks(firms: impl IntoIterator<Item = u32>, capacity: f64) -> Vec<Shock> {
    firms
        .into_iter()
        .map(|firm| Shock { firm, capacity })
        .collect()
}

/// Output lost in one group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupLoss {
    pub group: usize,
    pub name: String,
    pub firms: usize,
    /// Members whose production fell (`h < 1`).
    pub firms_hit: usize,
    /// `Σ w` over the members.
    pub output: f64,
    /// `Σ w·(1 − h)` over the members.
    pub loss: f64,
    /// `loss / output` (0 for a group without output).
    pub loss_share: f64,
}

/// Losses of every group of one grouping, largest loss first.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupingLoss {
    pub grouping: String,
    pub groups: Vec<GroupLoss>,
}

/// A firm's outcome in the scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FirmHit {
    pub firm: u32,
    /// `h = min(hd, hu)`: production level at the end (1 = unaffected).
    pub level: f64,
    pub level_down: f64,
    pub level_up: f64,
    /// `w·(1 − h)`.
    pub loss: f64,
}

/// The outcome of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioReport {
    /// `Σ w`.
    pub total_output: f64,
    /// `Σ w·(1 − h)`.
    pub total_loss: f64,
    /// `total_loss / total_output`: the scenario's systemic risk (ESRI of the shock).
    pub loss_share: f64,
    /// The part of `total_loss` in the shocked firms themselves.
    pub direct_loss: f64,
    /// The part that the cascade spread to firms that were not shocked.
    pub indirect_loss: f64,
    pub firms_hit: usize,
    pub groupings: Vec<GroupingLoss>,
    /// Firms not shocked themselves, by loss (largest first), at most `top` of them.
    pub hardest_hit: Vec<FirmHit>,
    pub convergence: Convergence,
}

/// Runs one cascade from `shocks` and reports losses per group and the `top` firms hit hardest.
pub fn run_scenario(
    model: &EsriModel,
    shocks: &[Shock],
    groupings: &[&FirmGroups],
    options: &CascadeOptions,
    top: usize,
) -> Result<ScenarioReport, ScenarioError> {
    for groups in groupings {
        if let Some(&firm) = groups
            .members
            .iter()
            .find(|&&f| f as usize >= model.firms())
        {
            return Err(ScenarioError::FirmOutOfRange {
                grouping: groups.grouping.clone(),
                index: 0,
                firm,
                firms: model.firms(),
            });
        }
    }
    let cascade = model.cascade(shocks, options)?;
    let weights = model.weights();
    let mut shocked = vec![false; model.firms()];
    for shock in shocks {
        if shock.capacity < 1.0 {
            shocked[shock.firm as usize] = true;
        }
    }
    let loss_of = |i: usize| weights[i] * (1.0 - cascade.level(i));
    let mut hits: Vec<FirmHit> = Vec::new();
    let (mut total_loss, mut direct_loss, mut firms_hit) = (0.0, 0.0, 0);
    for (i, &is_shocked) in shocked.iter().enumerate() {
        let level = cascade.level(i);
        if level < 1.0 {
            firms_hit += 1;
            let loss = loss_of(i);
            total_loss += loss;
            if is_shocked {
                direct_loss += loss;
            } else {
                hits.push(FirmHit {
                    firm: i as u32,
                    level,
                    level_down: cascade.hd[i],
                    level_up: cascade.hu[i],
                    loss,
                });
            }
        }
    }
    hits.sort_by(|a, b| {
        b.loss
            .total_cmp(&a.loss)
            .then(a.level.total_cmp(&b.level))
            .then(a.firm.cmp(&b.firm))
    });
    hits.truncate(top);

    let groupings = groupings
        .iter()
        .map(|groups| {
            let mut losses: Vec<GroupLoss> = (0..groups.names.len())
                .map(|g| {
                    let members = groups.members(g);
                    GroupLoss {
                        group: g,
                        name: groups.names[g].clone(),
                        firms: members.len(),
                        firms_hit: members
                            .iter()
                            .filter(|&&f| cascade.level(f as usize) < 1.0)
                            .count(),
                        output: members.iter().map(|&f| weights[f as usize]).sum(),
                        loss: members.iter().map(|&f| loss_of(f as usize)).sum(),
                        loss_share: 0.0,
                    }
                })
                .collect();
            for loss in &mut losses {
                if loss.output > 0.0 {
                    loss.loss_share = loss.loss / loss.output;
                }
            }
            losses.sort_by(|a, b| b.loss.total_cmp(&a.loss).then(a.group.cmp(&b.group)));
            GroupingLoss {
                grouping: groups.grouping.clone(),
                groups: losses,
            }
        })
        .collect();
    let total_output = model.weight_total();
    Ok(ScenarioReport {
        total_output,
        total_loss,
        loss_share: if total_output > 0.0 {
            total_loss / total_output
        } else {
            0.0
        },
        direct_loss,
        indirect_loss: total_loss - direct_loss,
        firms_hit,
        groupings,
        hardest_hit: hits,
        convergence: cascade.convergence,
    })
}
