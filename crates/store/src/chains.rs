//! Chains, chain maps (nodes and node relations), memberships, designations and chain targets.

use std::collections::HashMap;

use model::{
    Chain, ChainLevel, ChainNode, ChainTarget, Designation, DesignationStatus, EvidenceGrade, Id,
    Membership, MembershipRole, NodeRelation, RegionCode, Segment, TitleKind,
};
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::bulk::{Value, bind_values, insert_rows};
use crate::places::{join_codes, split_codes, stored_region};
use crate::scope::{Conditions, EnterpriseScope};
use crate::{Store, StoreError, Transaction, on_pool, on_tx};

/// A chain-master or chain-core of a chain, as [`Store::chain_leaders`] lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainLeaderRow {
    pub uscc: String,
    pub name: String,
    pub node: String,
    pub node_name: String,
    pub role: MembershipRole,
    /// Its county (or city), when the stored code is a known one.
    pub region: Option<model::RegionCode>,
}

/// A chain with the counts the chain list shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainSummary {
    pub code: String,
    pub name: String,
    pub level: ChainLevel,
    pub region: RegionCode,
    pub node_count: i64,
    /// Distinct member enterprises (inside the scope asked for).
    pub enterprise_count: i64,
    pub chain_master_count: i64,
    pub chain_core_count: i64,
}

/// A membership with the names lists show next to the codes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MembershipListing {
    #[serde(flatten)]
    pub membership: Membership,
    pub enterprise: String,
    pub node_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredChain {
    pub id: Id,
    #[serde(flatten)]
    pub chain: Chain,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredNode {
    pub id: Id,
    #[serde(flatten)]
    pub node: ChainNode,
    /// Member enterprises of this node (inside the scope asked for).
    pub enterprise_count: i64,
}

fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `c.code IN (…)` when `scope` names chains: a chain outside them is not visible at all.
fn chain_condition(scope: &EnterpriseScope, conditions: &mut Conditions) {
    if let Some(chains) = &scope.chains {
        if chains.is_empty() {
            conditions.push_fixed("1 = 0");
        } else {
            conditions.push(
                &format!("c.code IN ({})", vec!["?"; chains.len()].join(", ")),
                chains.iter().map(|c| Value::Text(c.clone())).collect(),
            );
        }
    }
}

/// The enterprise and (optional) chain ids a designation refers to.
fn designation_ids(
    d: &Designation,
    enterprises: &HashMap<String, Id>,
    chains: &HashMap<String, Id>,
) -> Result<(Id, Option<Id>), StoreError> {
    let enterprise = *enterprises
        .get(d.uscc.as_str())
        .ok_or_else(|| StoreError::NotFound {
            what: "enterprise",
            key: d.uscc.to_string(),
        })?;
    let chain = match &d.chain {
        Some(code) => Some(*chains.get(code).ok_or_else(|| StoreError::NotFound {
            what: "chain",
            key: code.clone(),
        })?),
        None => None,
    };
    Ok((enterprise, chain))
}

impl Store {
    /// Inserts or updates chains by code (parents first); returns code → id for all chains.
    pub async fn upsert_chains(
        &self,
        tx: &mut Transaction,
        chains: &[Chain],
    ) -> Result<HashMap<String, Id>, StoreError> {
        // Provincial chains first, so that city chains find their parent.
        let mut ordered: Vec<&Chain> = chains.iter().collect();
        ordered.sort_by_key(|c| c.parent.is_some());
        let mut ids = self.code_ids_in(tx, "SELECT code, id FROM chain").await?;
        for chain in ordered {
            let parent = match &chain.parent {
                Some(code) => Some(*ids.get(code).ok_or_else(|| StoreError::NotFound {
                    what: "parent chain",
                    key: code.clone(),
                })?),
                None => None,
            };
            let id: (i64,) = on_tx!(tx, conn => {
                sqlx::query_as(
                    "INSERT INTO chain (code, name, level, region_code, parent_id, chief, lead_department, \
                     co_departments) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                     ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, \
                     region_code = excluded.region_code, parent_id = excluded.parent_id, chief = excluded.chief, \
                     lead_department = excluded.lead_department, co_departments = excluded.co_departments \
                     RETURNING id",
                )
                .bind(&chain.code)
                .bind(&chain.name)
                .bind(chain.level.as_str())
                .bind(i64::from(chain.region.as_u32()))
                .bind(parent)
                .bind(&chain.chief)
                .bind(&chain.lead_department)
                .bind(chain.co_departments.join(","))
                .fetch_one(conn)
                .await?
            });
            ids.insert(chain.code.clone(), id.0);
        }
        Ok(ids)
    }

    /// (chain code, node code) → node id for every stored node.
    pub async fn node_ids(
        &self,
        tx: &mut Transaction,
    ) -> Result<HashMap<(String, String), Id>, StoreError> {
        let rows: Vec<(String, String, i64)> = on_tx!(tx, conn => {
            sqlx::query_as("SELECT c.code, n.code, n.id FROM chain_node n JOIN chain c ON c.id = n.chain_id")
                .fetch_all(conn)
                .await?
        });
        Ok(rows.into_iter().map(|(c, n, id)| ((c, n), id)).collect())
    }

    /// Inserts or updates the nodes of chain maps (parent nodes first, so `parent` may name a node
    /// of the same batch), then their input relations.
    pub async fn upsert_chain_maps(
        &self,
        tx: &mut Transaction,
        nodes: &[ChainNode],
        relations: &[NodeRelation],
    ) -> Result<HashMap<(String, String), Id>, StoreError> {
        let chains = self.code_ids_in(tx, "SELECT code, id FROM chain").await?;
        let mut ids = self.node_ids(tx).await?;
        let mut pending: Vec<&ChainNode> = nodes.iter().collect();
        // Repeatedly insert the nodes whose parent is known; a cycle or a missing parent stops it.
        while !pending.is_empty() {
            let (ready, waiting): (Vec<&ChainNode>, Vec<&ChainNode>) =
                pending.into_iter().partition(|n| {
                    n.parent
                        .as_ref()
                        .is_none_or(|p| ids.contains_key(&(n.chain.clone(), p.clone())))
                });
            if ready.is_empty() {
                let node = waiting[0];
                return Err(StoreError::NotFound {
                    what: "parent node",
                    key: format!("{}/{}", node.chain, node.parent.clone().unwrap_or_default()),
                });
            }
            let mut values = Vec::with_capacity(ready.len() * 7);
            for node in &ready {
                let chain = *chains
                    .get(&node.chain)
                    .ok_or_else(|| StoreError::NotFound {
                        what: "chain",
                        key: node.chain.clone(),
                    })?;
                let parent = node
                    .parent
                    .as_ref()
                    .map(|p| ids[&(node.chain.clone(), p.clone())]);
                values.extend([
                    Value::Int(chain),
                    Value::Text(node.code.clone()),
                    Value::Text(node.name.clone()),
                    Value::Text(node.segment.as_str().to_owned()),
                    Value::OptInt(parent),
                    Value::Text(join_codes(&node.industries)),
                    Value::Text(node.key_products.join(",")),
                ]);
            }
            insert_rows(
                tx,
                "INSERT INTO chain_node (chain_id, code, name, segment, parent_id, industries, key_products) VALUES",
                "ON CONFLICT (chain_id, code) DO UPDATE SET name = excluded.name, segment = excluded.segment, \
                 parent_id = excluded.parent_id, industries = excluded.industries, \
                 key_products = excluded.key_products",
                7,
                &values,
            )
            .await?;
            ids = self.node_ids(tx).await?;
            pending = waiting;
        }
        let mut values = Vec::with_capacity(relations.len() * 3);
        for relation in relations {
            let node = |code: &String| {
                ids.get(&(relation.chain.clone(), code.clone()))
                    .copied()
                    .ok_or_else(|| StoreError::NotFound {
                        what: "chain node",
                        key: format!("{}/{code}", relation.chain),
                    })
            };
            values.extend([
                Value::Int(chains[&relation.chain]),
                Value::Int(node(&relation.from)?),
                Value::Int(node(&relation.to)?),
            ]);
        }
        insert_rows(
            tx,
            "INSERT INTO node_relation (chain_id, from_node_id, to_node_id) VALUES",
            "ON CONFLICT (from_node_id, to_node_id) DO NOTHING",
            3,
            &values,
        )
        .await?;
        Ok(ids)
    }

    /// Inserts or updates memberships by (enterprise, node).
    pub async fn upsert_memberships(
        &self,
        tx: &mut Transaction,
        memberships: &[Membership],
        batch: Option<Id>,
    ) -> Result<u64, StoreError> {
        let enterprises = self.enterprise_ids(tx).await?;
        let nodes = self.node_ids(tx).await?;
        let mut values = Vec::with_capacity(memberships.len() * 6);
        for m in memberships {
            let enterprise =
                *enterprises
                    .get(m.uscc.as_str())
                    .ok_or_else(|| StoreError::NotFound {
                        what: "enterprise",
                        key: m.uscc.to_string(),
                    })?;
            let node = *nodes
                .get(&(m.chain.clone(), m.node.clone()))
                .ok_or_else(|| StoreError::NotFound {
                    what: "chain node",
                    key: format!("{}/{}", m.chain, m.node),
                })?;
            values.extend([
                Value::Int(enterprise),
                Value::Int(node),
                Value::Text(m.role.as_str().to_owned()),
                Value::Text(m.evidence.as_str().to_owned()),
                Value::Text(m.source.clone()),
                Value::OptInt(batch),
            ]);
        }
        insert_rows(
            tx,
            "INSERT INTO membership (enterprise_id, node_id, role, evidence, source, batch_id) VALUES",
            "ON CONFLICT (enterprise_id, node_id) DO UPDATE SET role = excluded.role, evidence = excluded.evidence, \
             source = excluded.source, batch_id = excluded.batch_id",
            6,
            &values,
        )
        .await
    }

    /// Appends designations (titles held, chain roles granted) with their decision trail.
    pub async fn insert_designations(
        &self,
        tx: &mut Transaction,
        designations: &[Designation],
        batch: Option<Id>,
    ) -> Result<u64, StoreError> {
        let enterprises = self.enterprise_ids(tx).await?;
        let chains = self.code_ids_in(tx, "SELECT code, id FROM chain").await?;
        let mut values = Vec::with_capacity(designations.len() * 9);
        for d in designations {
            let (enterprise, chain) = designation_ids(d, &enterprises, &chains)?;
            values.extend([
                Value::Int(enterprise),
                Value::Text(d.title.as_str().to_owned()),
                Value::OptInt(chain),
                Value::Text(d.status.as_str().to_owned()),
                Value::OptText(d.rule_version.clone()),
                Value::OptText(d.valid_from.clone()),
                Value::OptText(d.valid_until.clone()),
                Value::OptText(d.decision.clone()),
                Value::OptInt(batch),
            ]);
        }
        insert_rows(
            tx,
            "INSERT INTO designation (enterprise_id, title, chain_id, status, rule_version, valid_from, valid_until, \
             decision, batch_id) VALUES",
            "",
            9,
            &values,
        )
        .await
    }

    /// Inserts or updates designations, matched on (enterprise, title, chain, valid_from): a
    /// re-imported designation updates its status, rule version, end date and decision instead of
    /// being appended twice. Returns (inserted, updated).
    pub async fn upsert_designations(
        &self,
        tx: &mut Transaction,
        designations: &[Designation],
        batch: Option<Id>,
    ) -> Result<(u64, u64), StoreError> {
        type Key = (Id, String, Option<Id>, Option<String>);
        type Row = (i64, i64, String, Option<i64>, Option<String>);
        let stored: Vec<Row> = on_tx!(tx, conn => {
            sqlx::query_as("SELECT id, enterprise_id, title, chain_id, valid_from FROM designation")
                .fetch_all(conn)
                .await?
        });
        let stored: HashMap<Key, Id> = stored
            .into_iter()
            .map(|(id, enterprise, title, chain, from)| ((enterprise, title, chain, from), id))
            .collect();
        let enterprises = self.enterprise_ids(tx).await?;
        let chains = self.code_ids_in(tx, "SELECT code, id FROM chain").await?;
        let mut fresh = Vec::new();
        let mut updated = 0;
        for d in designations {
            let (enterprise, chain) = designation_ids(d, &enterprises, &chains)?;
            let key = (
                enterprise,
                d.title.as_str().to_owned(),
                chain,
                d.valid_from.clone(),
            );
            match stored.get(&key) {
                Some(&id) => {
                    on_tx!(tx, conn => {
                        sqlx::query(
                            "UPDATE designation SET status = $2, rule_version = $3, valid_until = $4, \
                             decision = $5, batch_id = $6 WHERE id = $1",
                        )
                        .bind(id)
                        .bind(d.status.as_str())
                        .bind(&d.rule_version)
                        .bind(&d.valid_until)
                        .bind(&d.decision)
                        .bind(batch)
                        .execute(conn)
                        .await
                        .map(|_| ())?
                    });
                    updated += 1;
                }
                None => fresh.push(d.clone()),
            }
        }
        let inserted = self.insert_designations(tx, &fresh, batch).await?;
        Ok((inserted, updated))
    }

    /// Chain-masters (链主) and chain-cores (链核) of `chain` inside `scope`, ordered by node and
    /// USCC.
    pub async fn chain_leaders(
        &self,
        scope: &EnterpriseScope,
        chain: &str,
    ) -> Result<Vec<ChainLeaderRow>, StoreError> {
        let mut conditions = Conditions::default();
        conditions.push("c.code = ?", vec![Value::Text(chain.to_owned())]);
        conditions.push_fixed("m.role IN ('chain_master', 'chain_core')");
        scope.push_conditions(&mut conditions);
        let sql = format!(
            "SELECT e.uscc, e.name, n.code, n.name, m.role, e.region_code \
             FROM membership m JOIN enterprise e ON e.id = m.enterprise_id \
             JOIN chain_node n ON n.id = m.node_id JOIN chain c ON c.id = n.chain_id{} \
             ORDER BY n.code, e.uscc",
            conditions.where_clause()
        );
        type Row = (String, String, String, String, String, i64);
        let rows: Vec<Row> = on_pool!(self, pool => {
            bind_values!(sqlx::query_as(AssertSqlSafe(sql)), &conditions.values).fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(ChainLeaderRow {
                    role: MembershipRole::parse(&r.4)
                        .ok_or_else(|| StoreError::corrupt("role", &r.4, "unknown"))?,
                    uscc: r.0,
                    name: r.1,
                    node: r.2,
                    node_name: r.3,
                    region: u32::try_from(r.5)
                        .ok()
                        .and_then(|c| model::RegionCode::from_u32(c).ok()),
                })
            })
            .collect()
    }

    /// Every membership (of one chain when `chain` is given), ordered by chain, node and USCC.
    pub async fn list_memberships(
        &self,
        chain: Option<&str>,
    ) -> Result<Vec<MembershipListing>, StoreError> {
        type Row = (
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
        );
        let rows: Vec<Row> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT e.uscc, e.name, c.code, n.code, n.name, m.role, m.evidence, m.source \
                 FROM membership m JOIN enterprise e ON e.id = m.enterprise_id \
                 JOIN chain_node n ON n.id = m.node_id JOIN chain c ON c.id = n.chain_id \
                 WHERE $1 IS NULL OR c.code = $1 ORDER BY c.code, n.code, e.uscc",
            )
            .bind(chain)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(MembershipListing {
                    membership: Membership {
                        uscc: model::Uscc::parse(&r.0)
                            .map_err(|e| StoreError::corrupt("USCC", &r.0, e))?,
                        chain: r.2,
                        node: r.3,
                        role: MembershipRole::parse(&r.5)
                            .ok_or_else(|| StoreError::corrupt("role", &r.5, "unknown"))?,
                        evidence: EvidenceGrade::parse(&r.6)
                            .ok_or_else(|| StoreError::corrupt("evidence", &r.6, "unknown"))?,
                        source: r.7,
                    },
                    enterprise: r.1,
                    node_name: r.4,
                })
            })
            .collect()
    }

    /// Every designation, ordered by USCC, title and start date.
    pub async fn list_designations(&self) -> Result<Vec<Designation>, StoreError> {
        type Row = (
            String,
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT e.uscc, d.title, c.code, d.status, d.rule_version, d.valid_from, d.valid_until, \
                 d.decision FROM designation d JOIN enterprise e ON e.id = d.enterprise_id \
                 LEFT JOIN chain c ON c.id = d.chain_id ORDER BY e.uscc, d.title, d.valid_from, d.id",
            )
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(Designation {
                    uscc: model::Uscc::parse(&r.0)
                        .map_err(|e| StoreError::corrupt("USCC", &r.0, e))?,
                    title: TitleKind::parse(&r.1)
                        .ok_or_else(|| StoreError::corrupt("title", &r.1, "unknown"))?,
                    chain: r.2,
                    status: DesignationStatus::parse(&r.3).ok_or_else(|| {
                        StoreError::corrupt("designation status", &r.3, "unknown")
                    })?,
                    rule_version: r.4,
                    valid_from: r.5,
                    valid_until: r.6,
                    decision: r.7,
                })
            })
            .collect()
    }

    /// Inserts or updates chain targets by (chain, indicator, year).
    pub async fn upsert_chain_targets(
        &self,
        tx: &mut Transaction,
        targets: &[ChainTarget],
    ) -> Result<u64, StoreError> {
        let chains = self.code_ids_in(tx, "SELECT code, id FROM chain").await?;
        let mut values = Vec::with_capacity(targets.len() * 7);
        for t in targets {
            let chain = *chains.get(&t.chain).ok_or_else(|| StoreError::NotFound {
                what: "chain",
                key: t.chain.clone(),
            })?;
            values.extend([
                Value::Int(chain),
                Value::Text(t.indicator.clone()),
                Value::Int(i64::from(t.target_year)),
                Value::Float(t.value),
                Value::OptInt(t.baseline_year.map(i64::from)),
                Value::OptFloat(t.baseline_value),
                Value::OptText(t.note.clone()),
            ]);
        }
        insert_rows(
            tx,
            "INSERT INTO chain_target (chain_id, indicator, target_year, value, baseline_year, baseline_value, note) \
             VALUES",
            "ON CONFLICT (chain_id, indicator, target_year) DO UPDATE SET value = excluded.value, \
             baseline_year = excluded.baseline_year, baseline_value = excluded.baseline_value, note = excluded.note",
            7,
            &values,
        )
        .await
    }

    /// The targets of a chain.
    pub async fn chain_targets(&self, chain: &str) -> Result<Vec<ChainTarget>, StoreError> {
        type Row = (String, i64, f64, Option<i64>, Option<f64>, Option<String>);
        let rows: Vec<Row> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT t.indicator, t.target_year, t.value, t.baseline_year, t.baseline_value, t.note \
                 FROM chain_target t JOIN chain c ON c.id = t.chain_id WHERE c.code = $1 \
                 ORDER BY t.indicator, t.target_year",
            )
            .bind(chain)
            .fetch_all(pool)
            .await?
        });
        let year = |y: i64| u16::try_from(y).map_err(|e| StoreError::corrupt("target year", y, e));
        rows.into_iter()
            .map(|r| {
                Ok(ChainTarget {
                    chain: chain.to_owned(),
                    indicator: r.0,
                    target_year: year(r.1)?,
                    value: r.2,
                    baseline_year: r.3.map(year).transpose()?,
                    baseline_value: r.4,
                    note: r.5,
                })
            })
            .collect()
    }

    /// The chains `scope` may see, with node and member counts; only member enterprises inside
    /// `scope` are counted.
    pub async fn list_chain_summaries(
        &self,
        scope: &EnterpriseScope,
    ) -> Result<Vec<ChainSummary>, StoreError> {
        let mut members = Conditions::default();
        scope.push_conditions(&mut members);
        let condition = members.and_clause();
        let mut chains = Conditions::after(members.used());
        chain_condition(scope, &mut chains);
        let sql = format!(
            "SELECT c.code, c.name, c.level, c.region_code, \
               (SELECT COUNT(*) FROM chain_node n WHERE n.chain_id = c.id), \
               (SELECT COUNT(DISTINCT m.enterprise_id) FROM membership m JOIN chain_node n ON n.id = m.node_id \
                  JOIN enterprise e ON e.id = m.enterprise_id WHERE n.chain_id = c.id{condition}), \
               (SELECT COUNT(DISTINCT m.enterprise_id) FROM membership m JOIN chain_node n ON n.id = m.node_id \
                  JOIN enterprise e ON e.id = m.enterprise_id WHERE n.chain_id = c.id \
                  AND m.role = 'chain_master'{condition}), \
               (SELECT COUNT(DISTINCT m.enterprise_id) FROM membership m JOIN chain_node n ON n.id = m.node_id \
                  JOIN enterprise e ON e.id = m.enterprise_id WHERE n.chain_id = c.id \
                  AND m.role = 'chain_core'{condition}) \
             FROM chain c{} ORDER BY c.code",
            chains.where_clause()
        );
        let mut values = members.values;
        values.extend(chains.values);
        type Row = (String, String, String, i64, i64, i64, i64, i64);
        let rows: Vec<Row> = on_pool!(self, pool => {
            bind_values!(sqlx::query_as(AssertSqlSafe(sql)), &values).fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(ChainSummary {
                    level: ChainLevel::parse(&r.2)
                        .ok_or_else(|| StoreError::corrupt("chain level", &r.2, "unknown"))?,
                    code: r.0,
                    name: r.1,
                    region: stored_region(r.3)?,
                    node_count: r.4,
                    enterprise_count: r.5,
                    chain_master_count: r.6,
                    chain_core_count: r.7,
                })
            })
            .collect()
    }

    /// The chain with this code, or `None` when there is none or `scope` does not see it.
    pub async fn chain_by_code(
        &self,
        scope: &EnterpriseScope,
        code: &str,
    ) -> Result<Option<StoredChain>, StoreError> {
        type Row = (
            i64,
            String,
            String,
            String,
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
        );
        let mut conditions = Conditions::default();
        conditions.push("c.code = ?", vec![Value::Text(code.to_owned())]);
        chain_condition(scope, &mut conditions);
        let sql = format!(
            "SELECT c.id, c.code, c.name, c.level, c.region_code, p.code, c.chief, c.lead_department, \
             c.co_departments FROM chain c LEFT JOIN chain p ON p.id = c.parent_id{}",
            conditions.where_clause()
        );
        let row: Option<Row> = on_pool!(self, pool => {
            bind_values!(sqlx::query_as(AssertSqlSafe(sql)), &conditions.values).fetch_optional(pool).await?
        });
        row.map(|r| {
            Ok(StoredChain {
                id: r.0,
                chain: Chain {
                    level: ChainLevel::parse(&r.3)
                        .ok_or_else(|| StoreError::corrupt("chain level", &r.3, "unknown"))?,
                    code: r.1,
                    name: r.2,
                    region: stored_region(r.4)?,
                    parent: r.5,
                    chief: r.6,
                    lead_department: r.7,
                    co_departments: split_list(&r.8),
                },
            })
        })
        .transpose()
    }

    /// The nodes of a chain in code order, with member counts (members inside `scope` only).
    pub async fn chain_nodes(
        &self,
        scope: &EnterpriseScope,
        chain: &str,
    ) -> Result<Vec<StoredNode>, StoreError> {
        let mut members = Conditions::after(1);
        scope.push_conditions(&mut members);
        let condition = members.and_clause();
        let mut values = vec![Value::Text(chain.to_owned())];
        values.extend(members.values);
        let sql = format!(
            "SELECT n.id, n.code, n.name, n.segment, p.code, n.industries, n.key_products, \
               (SELECT COUNT(*) FROM membership m JOIN enterprise e ON e.id = m.enterprise_id \
                  WHERE m.node_id = n.id{condition}) \
             FROM chain_node n JOIN chain c ON c.id = n.chain_id LEFT JOIN chain_node p ON p.id = n.parent_id \
             WHERE c.code = $1 ORDER BY n.code"
        );
        type Row = (
            i64,
            String,
            String,
            String,
            Option<String>,
            String,
            String,
            i64,
        );
        let rows: Vec<Row> = on_pool!(self, pool => {
            bind_values!(sqlx::query_as(AssertSqlSafe(sql)), &values).fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(StoredNode {
                    id: r.0,
                    node: ChainNode {
                        chain: chain.to_owned(),
                        segment: Segment::parse(&r.3)
                            .ok_or_else(|| StoreError::corrupt("segment", &r.3, "unknown"))?,
                        code: r.1,
                        name: r.2,
                        parent: r.4,
                        industries: split_codes(&r.5)?,
                        key_products: split_list(&r.6),
                    },
                    enterprise_count: r.7,
                })
            })
            .collect()
    }

    /// The input relations of a chain map.
    pub async fn chain_relations(&self, chain: &str) -> Result<Vec<NodeRelation>, StoreError> {
        let rows: Vec<(String, String)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT f.code, t.code FROM node_relation r JOIN chain c ON c.id = r.chain_id \
                 JOIN chain_node f ON f.id = r.from_node_id JOIN chain_node t ON t.id = r.to_node_id \
                 WHERE c.code = $1 ORDER BY f.code, t.code",
            )
            .bind(chain)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(from, to)| NodeRelation {
                chain: chain.to_owned(),
                from,
                to,
            })
            .collect())
    }
}
