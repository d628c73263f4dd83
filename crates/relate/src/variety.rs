//! Related and unrelated variety (Frenken, Van Oort & Verburg 2007, Regional Studies 41(5)):
//! entropy of a location's industry mix, decomposed over industry groups (e.g. GB/T 4754 大类,
//! the 2-digit divisions) into variety between groups (unrelated) and within them (related).

use crate::RelateError;

/// One group's share of the location and the entropy of its mix.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupVariety {
    pub group: String,
    /// `P_g = Σ_{i∈g} p_i`.
    pub share: f64,
    /// `H_g = Σ_{i∈g} (p_i / P_g) log2(P_g / p_i)`.
    pub entropy: f64,
}

/// Entropy decomposition of one location's industry mix (bits).
#[derive(Debug, Clone, PartialEq)]
pub struct Variety {
    /// `Σ_i p_i log2(1 / p_i)`.
    pub entropy: f64,
    /// Unrelated variety `UV = Σ_g P_g log2(1 / P_g)`.
    pub unrelated: f64,
    /// Related variety `RV = Σ_g P_g H_g`.
    pub related: f64,
    /// Groups with a positive share, in order of first appearance.
    pub groups: Vec<GroupVariety>,
}

/// Variety of one location's `values` (one per industry, e.g. output or employment) with the
/// caller's group label per industry. Entropy = UV + RV holds exactly in exact arithmetic
/// (the entropy decomposition theorem, Theil 1972).
pub fn variety(values: &[f64], groups: &[&str]) -> Result<Variety, RelateError> {
    if values.len() != groups.len() {
        return Err(RelateError::ShapeMismatch {
            rows: 1,
            cols: values.len(),
            locations: 1,
            industries: groups.len(),
        });
    }
    if let Some(&v) = values.iter().find(|v| !(v.is_finite() && **v >= 0.0)) {
        return Err(RelateError::InvalidParameter {
            what: "industry value",
            value: v,
            rule: "values must be finite and non-negative",
        });
    }
    let total: f64 = values.iter().sum();
    if total <= 0.0 {
        return Err(RelateError::EmptyTable);
    }
    let mut order: Vec<&str> = Vec::new();
    let mut members: std::collections::HashMap<&str, Vec<f64>> = Default::default();
    for (&v, &g) in values.iter().zip(groups) {
        if v > 0.0 {
            members.entry(g).or_insert_with(|| {
                order.push(g);
                Vec::new()
            });
            if let Some(m) = members.get_mut(g) {
                m.push(v / total);
            }
        }
    }
    let entropy = values
        .iter()
        .filter(|v| **v > 0.0)
        .map(|v| v / total)
        .map(|p| p * (1.0 / p).log2())
        .sum();
    let mut out = Variety {
        entropy,
        unrelated: 0.0,
        related: 0.0,
        groups: Vec::with_capacity(order.len()),
    };
    for g in order {
        let shares = &members[g];
        let big_p: f64 = shares.iter().sum();
        let h: f64 = shares
            .iter()
            .map(|p| (p / big_p) * (big_p / p).log2())
            .sum();
        out.unrelated += big_p * (1.0 / big_p).log2();
        out.related += big_p * h;
        out.groups.push(GroupVariety {
            group: g.to_owned(),
            share: big_p,
            entropy: h,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_equal_groups_of_two_equal_industries() {
        // Four industries of 1/4 each in two groups: H = 2 bits, UV = 1, RV = 1.
        let v = variety(&[1.0, 1.0, 1.0, 1.0, 0.0], &["13", "13", "26", "26", "39"]).unwrap();
        assert!((v.entropy - 2.0).abs() < 1e-15);
        assert!((v.unrelated - 1.0).abs() < 1e-15 && (v.related - 1.0).abs() < 1e-15);
        assert_eq!(v.groups.len(), 2);
        assert!(variety(&[0.0], &["13"]).is_err());
    }
}
