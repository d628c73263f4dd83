//! The tree of an index: indicators (level 1) under aggregates (levels 2 … L), each node with its
//! weight inside its parent; indicators also carry their direction and optional normalisation
//! parameters (target, goalposts). COINr's iMeta in struct form.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{EvalError, Result};

/// One node of the tree as a framework or an iMeta table declares it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub code: String,
    #[serde(default)]
    pub name: String,
    /// Code of the aggregate this node feeds; `None` only for the top aggregate.
    #[serde(default)]
    pub parent: Option<String>,
    /// Weight inside the parent (renormalised over the parent's children when aggregating).
    #[serde(default = "one")]
    pub weight: f64,
    /// `1` when more is better, `-1` when less is better (indicators only).
    #[serde(default = "one")]
    pub direction: f64,
    /// Target value for distance-to-target normalisation, in the indicator's own units.
    #[serde(default)]
    pub target: Option<f64>,
    /// Goalposts `[lower, upper]` in the indicator's own units (COINr iMeta `goalpost_lower/upper`).
    #[serde(default)]
    pub goalposts: Option<[f64; 2]>,
}

fn one() -> f64 {
    1.0
}

impl Node {
    /// A node with weight 1, direction 1 and no normalisation parameters.
    pub fn new(code: impl Into<String>, parent: Option<&str>) -> Self {
        Self {
            code: code.into(),
            name: String::new(),
            parent: parent.map(str::to_owned),
            weight: 1.0,
            direction: 1.0,
            target: None,
            goalposts: None,
        }
    }
}

/// A validated tree. Node order: indicators first (as given), then aggregates level by level.
#[derive(Debug, Clone, PartialEq)]
pub struct Hierarchy {
    nodes: Vec<Node>,
    levels: Vec<usize>,
    parents: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    n_indicators: usize,
    max_level: usize,
}

impl Hierarchy {
    /// Builds the tree from indicators and aggregates; levels are inferred (indicators are level
    /// 1, an aggregate is one above its children, which must all be at the same level) and there
    /// must be exactly one top aggregate.
    pub fn new(indicators: Vec<Node>, aggregates: Vec<Node>) -> Result<Self> {
        if indicators.is_empty() {
            return Err(EvalError::NoIndicators);
        }
        let n_indicators = indicators.len();
        let mut nodes = indicators;
        nodes.extend(aggregates);
        let mut index = HashMap::new();
        for (i, node) in nodes.iter().enumerate() {
            if index.insert(node.code.clone(), i).is_some() {
                return Err(EvalError::DuplicateCode(node.code.clone()));
            }
            if !(node.weight.is_finite() && node.weight >= 0.0) {
                return Err(EvalError::Weight {
                    code: node.code.clone(),
                    value: node.weight,
                });
            }
            if i < n_indicators && node.direction != 1.0 && node.direction != -1.0 {
                return Err(EvalError::Direction {
                    code: node.code.clone(),
                    value: node.direction,
                });
            }
        }
        let mut parents = vec![None; nodes.len()];
        for (i, node) in nodes.iter().enumerate() {
            if let Some(p) = &node.parent {
                match index.get(p) {
                    Some(&pi) if pi >= n_indicators => parents[i] = Some(pi),
                    _ => {
                        return Err(EvalError::UnknownParent {
                            code: node.code.clone(),
                            parent: p.clone(),
                        });
                    }
                }
            }
        }
        let roots: Vec<String> = (0..nodes.len())
            .filter(|&i| parents[i].is_none())
            .map(|i| nodes[i].code.clone())
            .collect();
        if roots.len() != 1 || index.get(&roots[0]).is_some_and(|&r| r < n_indicators) {
            return Err(EvalError::Roots(roots));
        }
        let mut children = vec![Vec::new(); nodes.len()];
        for (i, p) in parents.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(i);
            }
        }
        for (i, c) in children.iter().enumerate().skip(n_indicators) {
            if c.is_empty() {
                return Err(EvalError::EmptyAggregate(nodes[i].code.clone()));
            }
        }
        let levels = infer_levels(&nodes, &parents, n_indicators)?;
        // Order aggregates by level (stable), so that every aggregate comes after its children.
        let mut order: Vec<usize> = (0..n_indicators).collect();
        let mut aggs: Vec<usize> = (n_indicators..nodes.len()).collect();
        aggs.sort_by_key(|&i| levels[i]);
        order.extend(aggs);
        let nodes: Vec<Node> = order.iter().map(|&i| nodes[i].clone()).collect();
        let parent_codes: Vec<Option<String>> = nodes.iter().map(|n| n.parent.clone()).collect();
        let new_index: HashMap<&str, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.code.as_str(), i))
            .collect();
        let parents: Vec<Option<usize>> = parent_codes
            .iter()
            .map(|p| p.as_deref().and_then(|p| new_index.get(p).copied()))
            .collect();
        let mut children = vec![Vec::new(); nodes.len()];
        for (i, p) in parents.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(i);
            }
        }
        let levels: Vec<usize> = order.iter().map(|&i| levels[i]).collect();
        let max_level = levels.iter().copied().max().unwrap_or(1);
        Ok(Self {
            nodes,
            levels,
            parents,
            children,
            n_indicators,
            max_level,
        })
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn n_indicators(&self) -> usize {
        self.n_indicators
    }

    pub fn indicators(&self) -> &[Node] {
        &self.nodes[..self.n_indicators]
    }

    pub fn level(&self, node: usize) -> usize {
        self.levels[node]
    }

    pub fn max_level(&self) -> usize {
        self.max_level
    }

    pub fn parent(&self, node: usize) -> Option<usize> {
        self.parents[node]
    }

    pub fn children(&self, node: usize) -> &[usize] {
        &self.children[node]
    }

    /// Index of the top aggregate (the index itself).
    pub fn root(&self) -> usize {
        self.nodes.len() - 1
    }

    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.code == code)
    }

    /// Aggregates at `level`, in node order.
    pub fn aggregates_at(&self, level: usize) -> impl Iterator<Item = usize> + '_ {
        (self.n_indicators..self.nodes.len()).filter(move |&i| self.levels[i] == level)
    }

    /// The weights declared on the nodes, in node order.
    pub fn declared_weights(&self) -> Vec<f64> {
        self.nodes.iter().map(|n| n.weight).collect()
    }
}

/// The small tree unit tests share: a, b under X; c under Y; X, Y under T; `b` weighs `b_weight`.
#[cfg(test)]
pub(crate) fn test_tree(b_weight: f64) -> Hierarchy {
    let mut b = Node::new("b", Some("X"));
    b.weight = b_weight;
    let indicators = vec![Node::new("a", Some("X")), b, Node::new("c", Some("Y"))];
    let aggregates = vec![
        Node::new("T", None),
        Node::new("X", Some("T")),
        Node::new("Y", Some("T")),
    ];
    Hierarchy::new(indicators, aggregates).unwrap_or_else(|e| panic!("test tree: {e}"))
}

fn infer_levels(
    nodes: &[Node],
    parents: &[Option<usize>],
    n_indicators: usize,
) -> Result<Vec<usize>> {
    let mut levels = vec![0usize; nodes.len()];
    for l in levels.iter_mut().take(n_indicators) {
        *l = 1;
    }
    // Walk up from each indicator; a parent's level is fixed by the first child that reaches it
    // and every other child must agree.
    let mut changed = true;
    let mut rounds = 0;
    while changed {
        changed = false;
        rounds += 1;
        if rounds > nodes.len() + 1 {
            return Err(EvalError::Framework("the parent links form a cycle".into()));
        }
        for i in 0..nodes.len() {
            let (Some(p), l) = (parents[i], levels[i]) else {
                continue;
            };
            if l == 0 {
                continue;
            }
            if levels[p] == 0 {
                levels[p] = l + 1;
                changed = true;
            } else if levels[p] != l + 1 {
                return Err(EvalError::LevelGap {
                    code: nodes[i].code.clone(),
                    level: l,
                    parent: nodes[p].code.clone(),
                    parent_level: levels[p],
                });
            }
        }
    }
    if let Some(i) = levels.iter().position(|&l| l == 0) {
        return Err(EvalError::EmptyAggregate(nodes[i].code.clone()));
    }
    Ok(levels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_inferred_and_aggregates_follow_children() {
        let h = Hierarchy::new(
            vec![
                Node::new("a", Some("X")),
                Node::new("b", Some("X")),
                Node::new("c", Some("Y")),
            ],
            vec![
                Node::new("Top", None),
                Node::new("X", Some("Top")),
                Node::new("Y", Some("Top")),
            ],
        )
        .expect("valid tree");
        assert_eq!(h.max_level(), 3);
        assert_eq!(h.nodes()[h.root()].code, "Top");
        let x = h.index_of("X").expect("X");
        assert_eq!(h.level(x), 2);
        assert_eq!(h.children(x), &[0, 1]);
        assert_eq!(h.aggregates_at(2).count(), 2);
    }

    #[test]
    fn unbalanced_trees_and_bad_links_are_refused() {
        let unbalanced = Hierarchy::new(
            vec![Node::new("a", Some("X")), Node::new("b", Some("Top"))],
            vec![Node::new("Top", None), Node::new("X", Some("Top"))],
        );
        assert!(
            matches!(unbalanced, Err(EvalError::LevelGap { .. })),
            "{unbalanced:?}"
        );
        let orphan = Hierarchy::new(
            vec![Node::new("a", Some("Nope"))],
            vec![Node::new("Top", None)],
        );
        assert!(matches!(orphan, Err(EvalError::UnknownParent { .. })));
        let two_roots = Hierarchy::new(
            vec![Node::new("a", Some("T"))],
            vec![Node::new("T", None), Node::new("U", None)],
        );
        assert!(matches!(two_roots, Err(EvalError::Roots(_))));
        let mut bad = Node::new("a", Some("T"));
        bad.direction = 2.0;
        assert!(matches!(
            Hierarchy::new(vec![bad], vec![Node::new("T", None)]),
            Err(EvalError::Direction { .. })
        ));
    }
}
