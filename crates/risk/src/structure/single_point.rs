//! Single points of failure: firms whose shutdown leaves some customer with no recorded supplier
//! of an essential input, directly or through the suppliers that fail in turn.
//!
//! Model (an AND-OR supply graph): a chain member `c` *requires*, for every essential node
//! relation `A → B` with `c` in `B`, at least one working supplier among its recorded suppliers
//! that are members of `A` (one requirement per `(c, A)`; a requirement with no recorded supplier
//! is not modelled: the input comes from outside the data). `c` fails when any requirement loses
//! all its suppliers. Firm `X` is a single point of failure for every firm that fails once `X`
//! alone is shut down.
//!
//! Relation to dominators: if every firm had one requirement, "X's shutdown makes c fail" is
//! "X dominates c" in the supplier graph (Lengauer & Tarjan 1979; Cooper, Harvey & Kennedy 2001
//! compute it as the fixed point of `Dom(c) = {c} ∪ ⋂_{s ∈ pred(c)} Dom(s)`). With several
//! requirements the equation becomes `K(c) = {c} ∪ ⋃_A ⋂_{s ∈ sup(c, A)} K(s)`, and the right
//! solution is the *least* fixed point: the cascade starts with every firm producing, so a cycle
//! of suppliers that only feed each other keeps itself alive, as in the ESRI cascade. We compute it
//! directly, one counting cascade per candidate (each requirement counts its working suppliers; a
//! count reaching 0 fails the owner, whose own supplies are then withdrawn): O(size of the
//! cascade) per candidate, O(Σ cascade sizes) in all, which on real chains is far below the
//! O(n·(n+m)) worst case.

use serde::Serialize;

use super::{Indexed, Lang};

/// A firm cut off by a single point of failure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Victim {
    pub firm: u32,
    pub name: String,
    /// The essential input node that the firm lost all its suppliers of.
    pub input_node: u32,
    pub input_node_name: String,
    /// Cut off by the failing firm itself rather than by the firms that fail in turn.
    pub direct: bool,
}

/// The figures behind one single point of failure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SinglePointOfFailure {
    pub firm: u32,
    pub name: String,
    pub local: bool,
    /// Firms that fail with it (itself excluded).
    pub victims: usize,
    pub direct_victims: usize,
    /// Their total size.
    pub victim_size: f64,
    /// The victims, direct ones first, at most `top`.
    pub listed: Vec<Victim>,
}

impl SinglePointOfFailure {
    pub(crate) fn all(index: &Indexed<'_>, top: usize) -> Vec<Self> {
        let input = index.input;
        let n = input.firms.len();
        // Requirements (c, A) with their recorded suppliers.
        let mut owner: Vec<u32> = Vec::new();
        let mut input_node: Vec<u32> = Vec::new();
        let mut count: Vec<u32> = Vec::new();
        let mut supplies: Vec<(u32, u32)> = Vec::new(); // (supplier, requirement)
        for c in 0..n as u32 {
            let mut needed: Vec<u32> = input
                .relations
                .iter()
                .filter(|r| r.essential && index.is_member(c, r.to))
                .map(|r| r.from)
                .collect();
            needed.sort_unstable();
            needed.dedup();
            let (suppliers, _) = index.network.suppliers(c);
            for a in needed {
                let from_a: Vec<u32> = suppliers
                    .iter()
                    .copied()
                    .filter(|&s| index.is_member(s, a))
                    .collect();
                if from_a.is_empty() {
                    continue;
                }
                let requirement = owner.len() as u32;
                owner.push(c);
                input_node.push(a);
                count.push(from_a.len() as u32);
                supplies.extend(from_a.into_iter().map(|s| (s, requirement)));
            }
        }
        supplies.sort_unstable();
        let mut offsets = vec![0usize; n + 1];
        for &(s, _) in &supplies {
            offsets[s as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }

        let mut remaining = count.clone();
        let mut touched_requirements: Vec<u32> = Vec::new();
        let mut dead = vec![false; n];
        let mut found = Vec::new();
        for candidate in 0..n as u32 {
            if offsets[candidate as usize] == offsets[candidate as usize + 1] {
                continue;
            }
            // (firm, requirement that failed it, direct)
            let mut failed: Vec<(u32, u32, bool)> = Vec::new();
            let mut queue = vec![candidate];
            dead[candidate as usize] = true;
            while let Some(s) = queue.pop() {
                for &(_, requirement) in &supplies[offsets[s as usize]..offsets[s as usize + 1]] {
                    let r = requirement as usize;
                    if remaining[r] == count[r] {
                        touched_requirements.push(requirement);
                    }
                    remaining[r] -= 1;
                    let c = owner[r];
                    if remaining[r] == 0 && !dead[c as usize] {
                        dead[c as usize] = true;
                        failed.push((c, requirement, s == candidate));
                        queue.push(c);
                    }
                }
            }
            for &requirement in &touched_requirements {
                remaining[requirement as usize] = count[requirement as usize];
            }
            touched_requirements.clear();
            dead[candidate as usize] = false;
            for &(c, _, _) in &failed {
                dead[c as usize] = false;
            }
            if failed.is_empty() {
                continue;
            }
            failed.sort_by_key(|&(c, _, direct)| (!direct, c));
            found.push(SinglePointOfFailure {
                firm: candidate,
                name: index.firm_name(candidate).to_owned(),
                local: input.firms[candidate as usize].local,
                victims: failed.len(),
                direct_victims: failed.iter().filter(|f| f.2).count(),
                victim_size: failed
                    .iter()
                    .map(|&(c, _, _)| input.firms[c as usize].size)
                    .sum(),
                listed: failed
                    .iter()
                    .take(top)
                    .map(|&(c, requirement, direct)| {
                        let node = input_node[requirement as usize];
                        Victim {
                            firm: c,
                            name: index.firm_name(c).to_owned(),
                            input_node: node,
                            input_node_name: index.node_name(node).to_owned(),
                            direct,
                        }
                    })
                    .collect(),
            });
        }
        found.sort_by(|a, b| {
            b.victim_size
                .total_cmp(&a.victim_size)
                .then(b.victims.cmp(&a.victims))
                .then(a.firm.cmp(&b.firm))
        });
        found
    }

    pub fn explain(&self, lang: Lang) -> String {
        let (name, victims, direct) = (&self.name, self.victims, self.direct_victims);
        let (in_turn, size) = (self.victims - self.direct_victims, self.victim_size);
        let first = self.listed.first();
        match lang {
            Lang::Zh => {
                let place = if self.local { "本省" } else { "省外" };
                let example = first.map_or(String::new(), |v| {
                    format!("，如「{}」失去「{}」", v.name, v.input_node_name)
                });
                format!(
                    "单点风险：{place}企业「{name}」停产将使 {victims} 家企业失去某项关键投入的全部已知供应（直接 {direct} 家，连锁 {in_turn} 家，合计规模 {size:.0}）{example}。"
                )
            }
            Lang::En => {
                let place = if self.local { "local" } else { "outside" };
                let example = first.map_or(String::new(), |v| {
                    format!(", e.g. \"{}\" loses \"{}\"", v.name, v.input_node_name)
                });
                format!(
                    "Single point of failure: {place} firm \"{name}\" — its shutdown leaves {victims} firms without any recorded supplier of an essential input ({direct} directly, {in_turn} in turn; their size {size:.0}){example}."
                )
            }
        }
    }
}
