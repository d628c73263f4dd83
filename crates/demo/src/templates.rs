//! The chain maps, chain metadata and professional towns the demo is built from
//! (data/*.tsv, compiled in).

use model::{IndustryCode, RegionCode, Segment};

/// How well a chain node is covered by local enterprises in the demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Plenty of local enterprises.
    Local,
    /// Few and small local enterprises (弱链).
    Weak,
    /// No local enterprise at all (缺链): supplied from outside the province only.
    Gap,
}

#[derive(Debug, Clone)]
pub struct ChainTemplate {
    pub code: &'static str,
    pub name: &'static str,
    pub name_en: &'static str,
    pub batch: u16,
    pub lead_department: &'static str,
    /// Cities where the chain concentrates, most important first.
    pub home_cities: Vec<RegionCode>,
}

#[derive(Debug, Clone)]
pub struct NodeTemplate {
    pub chain: &'static str,
    pub code: &'static str,
    pub name: &'static str,
    pub segment: Segment,
    pub industries: Vec<IndustryCode>,
    pub key_products: Vec<&'static str>,
    /// Codes of the nodes (same chain) that supply this one.
    pub inputs: Vec<&'static str>,
    pub presence: Presence,
}

#[derive(Debug, Clone)]
pub struct TownTemplate {
    pub name: &'static str,
    pub region: RegionCode,
    pub field: &'static str,
    pub industries: Vec<IndustryCode>,
    pub batch: u16,
    pub designated: &'static str,
    pub note: Option<&'static str>,
}

/// Why a compiled-in template is wrong (caught by the crate's tests, never by users).
#[derive(Debug, thiserror::Error)]
#[error("demo template {file}, line {line}: {reason}")]
pub struct TemplateError {
    file: &'static str,
    line: usize,
    reason: String,
}

/// Data lines with their 1-based line numbers, split on tabs (the header line is skipped).
fn rows(text: &'static str) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| (i + 1, line.split('\t').collect::<Vec<_>>()))
}

fn field<'a>(
    file: &'static str,
    line: usize,
    fields: &[&'a str],
    index: usize,
) -> Result<&'a str, TemplateError> {
    fields.get(index).copied().ok_or_else(|| TemplateError {
        file,
        line,
        reason: format!("missing column {}", index + 1),
    })
}

fn industries(
    file: &'static str,
    line: usize,
    text: &str,
) -> Result<Vec<IndustryCode>, TemplateError> {
    text.split(',')
        .map(|c| {
            IndustryCode::parse(c).map_err(|e| TemplateError {
                file,
                line,
                reason: e.to_string(),
            })
        })
        .collect()
}

fn region(file: &'static str, line: usize, text: &str) -> Result<RegionCode, TemplateError> {
    RegionCode::parse(text).map_err(|e| TemplateError {
        file,
        line,
        reason: e.to_string(),
    })
}

pub fn chains() -> Result<Vec<ChainTemplate>, TemplateError> {
    const FILE: &str = "chains.tsv";
    rows(include_str!("../data/chains.tsv"))
        .map(|(line, f)| {
            Ok(ChainTemplate {
                code: field(FILE, line, &f, 0)?,
                name: field(FILE, line, &f, 1)?,
                name_en: field(FILE, line, &f, 2)?,
                batch: field(FILE, line, &f, 3)?
                    .parse()
                    .map_err(|_| TemplateError {
                        file: FILE,
                        line,
                        reason: "batch is not a year".into(),
                    })?,
                lead_department: field(FILE, line, &f, 4)?,
                home_cities: field(FILE, line, &f, 5)?
                    .split(',')
                    .map(|c| region(FILE, line, c))
                    .collect::<Result<_, _>>()?,
            })
        })
        .collect()
}

pub fn nodes() -> Result<Vec<NodeTemplate>, TemplateError> {
    const FILE: &str = "chain_nodes.tsv";
    let nodes: Vec<NodeTemplate> = rows(include_str!("../data/chain_nodes.tsv"))
        .map(|(line, f)| {
            let segment = field(FILE, line, &f, 3)?;
            let presence = match field(FILE, line, &f, 7)? {
                "local" => Presence::Local,
                "weak" => Presence::Weak,
                "gap" => Presence::Gap,
                other => {
                    return Err(TemplateError {
                        file: FILE,
                        line,
                        reason: format!("presence {other:?}"),
                    });
                }
            };
            Ok(NodeTemplate {
                chain: field(FILE, line, &f, 0)?,
                code: field(FILE, line, &f, 1)?,
                name: field(FILE, line, &f, 2)?,
                segment: Segment::parse(segment).ok_or_else(|| TemplateError {
                    file: FILE,
                    line,
                    reason: format!("segment {segment:?}"),
                })?,
                industries: industries(FILE, line, field(FILE, line, &f, 4)?)?,
                key_products: field(FILE, line, &f, 5)?
                    .split(';')
                    .filter(|p| !p.is_empty())
                    .collect(),
                inputs: field(FILE, line, &f, 6)?
                    .split(',')
                    .filter(|p| !p.is_empty())
                    .collect(),
                presence,
            })
        })
        .collect::<Result<_, _>>()?;
    for node in &nodes {
        for input in &node.inputs {
            if !nodes
                .iter()
                .any(|n| n.chain == node.chain && n.code == *input)
            {
                return Err(TemplateError {
                    file: FILE,
                    line: 0,
                    reason: format!(
                        "{}/{} takes input from unknown node {input}",
                        node.chain, node.code
                    ),
                });
            }
        }
    }
    Ok(nodes)
}

pub fn towns() -> Result<Vec<TownTemplate>, TemplateError> {
    const FILE: &str = "towns.tsv";
    rows(include_str!("../data/towns.tsv"))
        .map(|(line, f)| {
            Ok(TownTemplate {
                name: field(FILE, line, &f, 0)?,
                region: region(FILE, line, field(FILE, line, &f, 1)?)?,
                field: field(FILE, line, &f, 2)?,
                industries: industries(FILE, line, field(FILE, line, &f, 3)?)?,
                batch: field(FILE, line, &f, 4)?
                    .parse()
                    .map_err(|_| TemplateError {
                        file: FILE,
                        line,
                        reason: "batch is not a number".into(),
                    })?,
                designated: field(FILE, line, &f, 5)?,
                note: f.get(6).copied().filter(|n| !n.is_empty()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_chains_of_eight_to_twenty_nodes_in_three_segments() {
        let chains = chains().unwrap();
        assert_eq!(chains.len(), 16);
        let nodes = nodes().unwrap();
        for chain in &chains {
            let own: Vec<_> = nodes.iter().filter(|n| n.chain == chain.code).collect();
            assert!(
                (8..=20).contains(&own.len()),
                "{} has {} nodes",
                chain.code,
                own.len()
            );
            for segment in Segment::ALL {
                assert!(
                    own.iter().any(|n| n.segment == *segment),
                    "{} lacks {segment}",
                    chain.code
                );
            }
            assert!(own.iter().any(|n| n.presence == Presence::Local));
            for city in &chain.home_cities {
                assert!(city.is_within(RegionCode::parse("140000").unwrap()));
            }
        }
    }

    #[test]
    fn chain_maps_are_acyclic() {
        let nodes = nodes().unwrap();
        // Repeatedly remove nodes whose inputs are all removed; a cycle would stop this early.
        let mut remaining: Vec<&NodeTemplate> = nodes.iter().collect();
        let mut done: Vec<(&str, &str)> = Vec::new();
        while !remaining.is_empty() {
            let before = remaining.len();
            remaining.retain(|n| {
                let ready = n.inputs.iter().all(|i| done.contains(&(n.chain, *i)));
                if ready {
                    done.push((n.chain, n.code));
                }
                !ready
            });
            assert!(
                remaining.len() < before,
                "cycle among {:?}",
                remaining.iter().map(|n| n.code).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn professional_towns_are_shanxi_counties() {
        let towns = towns().unwrap();
        assert_eq!(towns.len(), 16);
        for town in towns {
            assert_eq!(town.region.level(), model::RegionLevel::County);
            assert!(town.region.is_within(RegionCode::parse("140000").unwrap()));
        }
    }
}
