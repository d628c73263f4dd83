//! Key chains: the list with counts, and one chain with its map (nodes, input relations, targets).
//!
//! Chain maps are public; counts only include member enterprises inside the caller's scope, and a
//! chain-chief office sees only its own chains (another chain answers 404).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::TAG_CHAINS;
use crate::audit::{AuditNote, audited};
use crate::auth::{Permission, Principal};
use crate::request::Path;
use crate::response_cache::{json_response, to_bytes};
use crate::{ApiError, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_chains))
        .routes(routes!(chain_map))
        .routes(routes!(chain_leaders))
}

/// A chain with the counts the overview shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChainSummary {
    pub code: String,
    pub name: String,
    /// `province` or `city`.
    pub level: String,
    pub region: String,
    pub region_name: String,
    pub node_count: i64,
    /// Distinct member enterprises inside the caller's scope.
    pub enterprise_count: i64,
    pub chain_master_count: i64,
    pub chain_core_count: i64,
}

impl From<store::ChainSummary> for ChainSummary {
    fn from(c: store::ChainSummary) -> Self {
        ChainSummary {
            level: c.level.as_str().to_owned(),
            region: c.region.to_string(),
            region_name: c.region.name().to_owned(),
            code: c.code,
            name: c.name,
            node_count: c.node_count,
            enterprise_count: c.enterprise_count,
            chain_master_count: c.chain_master_count,
            chain_core_count: c.chain_core_count,
        }
    }
}

/// The key chains the caller may see, with node and member counts within its scope.
#[utoipa::path(
    get,
    path = "/chains",
    tag = TAG_CHAINS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_public"))),
    responses((status = 200, description = "The chains", body = Vec<ChainSummary>))
)]
async fn list_chains(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Response, ApiError> {
    principal.require(Permission::ReadPublic)?;
    let scope = &principal.scope().enterprises;
    // Dashboards poll this: one query per scope and cache period.
    let key = format!("chains|{scope:?}");
    let body = state
        .responses
        .get_or_compute(&key, || async {
            let chains = state.store.list_chain_summaries(scope).await?;
            let chains: Vec<ChainSummary> = chains.into_iter().map(ChainSummary::from).collect();
            to_bytes(&chains)
        })
        .await?;
    Ok(json_response(body))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChainNode {
    pub code: String,
    pub name: String,
    /// `upstream`, `midstream` or `downstream`.
    pub segment: String,
    pub parent: Option<String>,
    /// GB/T 4754 codes.
    pub industries: Vec<String>,
    pub key_products: Vec<String>,
    /// Member enterprises inside the caller's scope.
    pub enterprise_count: i64,
}

/// `from` supplies inputs to `to`.
#[derive(Debug, Serialize, ToSchema)]
pub struct NodeRelation {
    pub from: String,
    pub to: String,
}

/// A chain's target for one indicator in one year (链长制 annual targets).
#[derive(Debug, Serialize, ToSchema)]
pub struct ChainTarget {
    pub indicator: String,
    pub target_year: u16,
    pub value: f64,
    pub baseline_year: Option<u16>,
    pub baseline_value: Option<f64>,
    pub note: Option<String>,
}

/// One chain with its map.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChainMap {
    pub code: String,
    pub name: String,
    pub level: String,
    pub region: String,
    pub region_name: String,
    /// For a city chain, the provincial chain it links to.
    pub parent: Option<String>,
    /// 链长.
    pub chief: Option<String>,
    pub lead_department: Option<String>,
    pub co_departments: Vec<String>,
    pub nodes: Vec<ChainNode>,
    pub relations: Vec<NodeRelation>,
    pub targets: Vec<ChainTarget>,
}

/// One chain with its nodes (member counts within the caller's scope), relations and targets.
#[utoipa::path(
    get,
    path = "/chains/{code}",
    tag = TAG_CHAINS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_public"))),
    params(("code" = String, Path, description = "Chain code, e.g. SX-01")),
    responses((status = 200, description = "The chain and its map", body = ChainMap))
)]
async fn chain_map(
    State(state): State<AppState>,
    principal: Principal,
    Path(code): Path<String>,
) -> Result<Json<ChainMap>, ApiError> {
    principal.require(Permission::ReadPublic)?;
    let scope = &principal.scope().enterprises;
    let stored = state
        .store
        .chain_by_code(scope, &code)
        .await?
        .ok_or_else(|| ApiError::not_found("产业链", "chain"))?;
    let chain = stored.chain;
    let nodes = state.store.chain_nodes(scope, &chain.code).await?;
    let relations = state.store.chain_relations(&chain.code).await?;
    let targets = state.store.chain_targets(&chain.code).await?;
    Ok(Json(ChainMap {
        level: chain.level.as_str().to_owned(),
        region: chain.region.to_string(),
        region_name: chain.region.name().to_owned(),
        nodes: nodes
            .into_iter()
            .map(|n| ChainNode {
                segment: n.node.segment.as_str().to_owned(),
                industries: n
                    .node
                    .industries
                    .iter()
                    .map(|i| i.as_str().to_owned())
                    .collect(),
                code: n.node.code,
                name: n.node.name,
                parent: n.node.parent,
                key_products: n.node.key_products,
                enterprise_count: n.enterprise_count,
            })
            .collect(),
        relations: relations
            .into_iter()
            .map(|r| NodeRelation {
                from: r.from,
                to: r.to,
            })
            .collect(),
        targets: targets
            .into_iter()
            .map(|t| ChainTarget {
                indicator: t.indicator,
                target_year: t.target_year,
                value: t.value,
                baseline_year: t.baseline_year,
                baseline_value: t.baseline_value,
                note: t.note,
            })
            .collect(),
        code: chain.code,
        name: chain.name,
        parent: chain.parent,
        chief: chain.chief,
        lead_department: chain.lead_department,
        co_departments: chain.co_departments,
    }))
}

/// A chain-master or chain-core inside the caller's scope.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChainLeader {
    pub uscc: String,
    pub name: String,
    /// Code of the node it leads in.
    pub node: String,
    pub node_name: String,
    /// Its county's (or city's) name; null when a sharing grant does not include the region.
    pub region_name: Option<String>,
}

/// The named chain-masters (链主) and chain-cores (链核) of a chain.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChainLeaders {
    pub chain_masters: Vec<ChainLeader>,
    pub chain_cores: Vec<ChainLeader>,
}

/// The chain's chain-masters and chain-cores inside the caller's scope, by node.
#[utoipa::path(
    get,
    path = "/chains/{code}/leaders",
    tag = TAG_CHAINS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("read_enterprises"))),
    params(("code" = String, Path, description = "Chain code, e.g. SX-01")),
    responses((status = 200, description = "Chain-masters and chain-cores", body = ChainLeaders))
)]
async fn chain_leaders(
    State(state): State<AppState>,
    principal: Principal,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    principal.require(Permission::ReadEnterprises)?;
    let scope = principal.scope();
    state
        .store
        .chain_by_code(&scope.enterprises, &code)
        .await?
        .ok_or_else(|| ApiError::not_found("产业链", "chain"))?;
    let rows = state.store.chain_leaders(&scope.enterprises, &code).await?;
    let show_region = scope.shows_field("region");
    let mut leaders = ChainLeaders {
        chain_masters: Vec::new(),
        chain_cores: Vec::new(),
    };
    let mut subjects = Vec::new();
    for row in rows {
        if !subjects.contains(&row.uscc) {
            subjects.push(row.uscc.clone());
        }
        let leader = ChainLeader {
            region_name: row
                .region
                .filter(|_| show_region)
                .map(|r| r.name().to_owned()),
            uscc: row.uscc,
            name: row.name,
            node: row.node,
            node_name: row.node_name,
        };
        match row.role {
            model::MembershipRole::ChainMaster => leaders.chain_masters.push(leader),
            _ => leaders.chain_cores.push(leader),
        }
    }
    if !scope.is_shared() {
        return Ok(axum::response::IntoResponse::into_response(Json(leaders)));
    }
    // Through a sharing grant: recorded and counted like every shared read.
    let rows = subjects.len() as i64;
    Ok(audited(
        Json(leaders),
        AuditNote {
            subjects,
            grant: scope.grants.first().copied(),
            rows,
            ..Default::default()
        },
    ))
}
