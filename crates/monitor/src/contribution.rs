//! Contribution to growth (贡献率) and percentage points pulled (拉动) of each child group to its
//! parent's growth.
//!
//! With the comparable sums C (current) and B (base): the parent grows g = (C_P − B_P)/|B_P|;
//! a child pulls 100·(C_c − B_c)/|B_P| percentage points and contributes
//! 100·(C_c − B_c)/(C_P − B_P) % of the change. When the children partition the parent's
//! enterprises (cities of a chain, enterprises of a node) the pulls add up to the parent's growth
//! and the contributions to 100 %. Where memberships overlap (an enterprise in two nodes of a
//! chain) or some enterprises have no child key, they do not; the table reports the residual
//! instead of hiding it.

use model::Period;

use crate::{GrowthBasis, MonitorError, Rollup, cells::growth};

/// One child's share of its parent's growth.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// Labels of the child group (all dimensions of the child rollup).
    pub child: Vec<String>,
    /// The child's own growth on its comparable set.
    pub growth: Option<f64>,
    /// 拉动: percentage points of the parent's growth.
    pub pull_pp: Option<f64>,
    /// 贡献率: percent of the parent's change (undefined when the parent did not change).
    pub share_pct: Option<f64>,
}

/// The children of one parent group.
#[derive(Debug, Clone, PartialEq)]
pub struct ContributionTable {
    pub parent: Vec<String>,
    pub parent_growth: Option<f64>,
    pub children: Vec<Contribution>,
    /// Parent growth in points minus the sum of the pulls: 0 (up to rounding) when the children
    /// partition the parent; otherwise the effect of overlapping or missing memberships.
    pub residual_pp: Option<f64>,
}

/// Contributions of the groups of `child` to the groups of `parent` for the additive measure
/// `code` in `period`. The child rollup's dimensions must start with the parent's (chain →
/// chain × city), and both must have the same 规上 scope.
pub fn contributions(
    parent: &Rollup,
    child: &Rollup,
    code: &str,
    period: Period,
    basis: GrowthBasis,
) -> Result<Vec<ContributionTable>, MonitorError> {
    let names = |r: &Rollup| {
        r.dimensions()
            .iter()
            .map(|d| d.code.clone())
            .collect::<Vec<_>>()
    };
    let depth = parent.dimensions().len();
    let nested = child.dimensions().len() > depth
        && parent.dimensions() == &child.dimensions()[..depth]
        && parent.above_designated_size_only() == child.above_designated_size_only()
        && parent.axis() == child.axis();
    if !nested {
        return Err(MonitorError::NotNested {
            parent: names(parent),
            child: names(child),
        });
    }
    let (pm, cm) = (parent.measure(code)?, child.measure(code)?);
    let t = parent.axis().index(period)?;
    let mut tables = Vec::with_capacity(parent.groups());
    // Child groups are sorted by keys, so each parent's children are one run.
    let mut c = 0;
    for p in 0..parent.groups() {
        let keys = parent.group_keys(p);
        while c < child.groups() && &child.group_keys(c)[..depth] < keys {
            c += 1;
        }
        let sums = parent.comparable_sums(pm, p, t, basis)?;
        let (change_p, base_p) =
            sums.map_or((None, None), |(cur, base)| (Some(cur - base), Some(base)));
        let mut children = Vec::new();
        let mut pulls = 0.0;
        while c < child.groups() && child.group_keys(c)[..depth] == *keys {
            let own = child.comparable_sums(cm, c, t, basis)?;
            let change = own.map_or(0.0, |(cur, base)| cur - base);
            let pull = base_p
                .filter(|b| *b != 0.0)
                .map(|b| 100.0 * change / b.abs());
            pulls += pull.unwrap_or(0.0);
            children.push(Contribution {
                child: child.group_labels(c).to_vec(),
                growth: own.and_then(|(cur, base)| growth(cur, base)),
                pull_pp: pull,
                share_pct: change_p.filter(|d| *d != 0.0).map(|d| 100.0 * change / d),
            });
            c += 1;
        }
        let parent_growth = sums.and_then(|(cur, base)| growth(cur, base));
        tables.push(ContributionTable {
            parent: parent.group_labels(p).to_vec(),
            parent_growth,
            children,
            residual_pp: parent_growth.map(|g| 100.0 * g - pulls),
        });
    }
    Ok(tables)
}
