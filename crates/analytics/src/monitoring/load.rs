//! Monitoring inputs from the store: the enterprise frame (chain, node, segment, province, city,
//! county, park, town, title, size and enterprise dimensions) and one panel per stored indicator.

use std::collections::HashMap;

use model::{Aggregation, Id, IndustryCode, Period, RegionCode};
use monitor::{
    DerivedIndicator, Dimension, EnterpriseFrame, IndicatorInfo, Monitor, Panel, PeriodAxis,
    standard,
};
use store::Store;

use crate::AnalyticsError;

/// An enterprise as the frame numbers it.
#[derive(Debug, Clone, PartialEq)]
pub struct EnterpriseKey {
    pub id: Id,
    pub uscc: String,
    pub name: String,
    /// GB/T 4754 code of its main industry.
    pub industry: String,
}

/// The monitoring engine's inputs, loaded, with the names of every group label.
#[derive(Debug)]
pub struct MonitoringData {
    pub monitor: Monitor,
    /// Dense enterprise index → the enterprise.
    pub enterprises: Vec<EnterpriseKey>,
    names: HashMap<(String, String), String>,
}

impl MonitoringData {
    /// The display name of `label` in `dimension` (a chain's, region's, park's… name); the label
    /// itself when it has no other name.
    pub fn name_of(&self, dimension: &str, label: &str) -> String {
        self.names
            .get(&(dimension.to_owned(), label.to_owned()))
            .cloned()
            .unwrap_or_else(|| label.to_owned())
    }

    /// The same data over only the enterprises `keep` admits (by database id): the engine's
    /// inputs themselves are restricted, so every total, count and growth rate computed from the
    /// result covers those enterprises and nobody else, and no other enterprise is named.
    pub fn restricted(&self, keep: impl Fn(Id) -> bool) -> Result<MonitoringData, AnalyticsError> {
        let indices: Vec<usize> = self
            .enterprises
            .iter()
            .enumerate()
            .filter(|(_, e)| keep(e.id))
            .map(|(i, _)| i)
            .collect();
        let monitor = self.monitor.restrict(&indices)?;
        let enterprises: Vec<EnterpriseKey> = indices
            .iter()
            .map(|&i| self.enterprises[i].clone())
            .collect();
        let kept: std::collections::HashSet<&str> =
            enterprises.iter().map(|e| e.uscc.as_str()).collect();
        let names = self
            .names
            .iter()
            .filter(|((dimension, label), _)| {
                dimension != standard::ENTERPRISE || kept.contains(label.as_str())
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(MonitoringData {
            monitor,
            enterprises,
            names,
        })
    }

    /// The dense index of an enterprise by USCC.
    pub fn enterprise_index(&self, uscc: &str) -> Option<usize> {
        self.enterprises.iter().position(|e| e.uscc == uscc)
    }
}

/// Labels of one dimension, numbered in first-seen order.
#[derive(Default)]
struct Labels {
    index: HashMap<String, u32>,
    labels: Vec<String>,
}

impl Labels {
    fn key(&mut self, label: &str) -> u32 {
        if let Some(&k) = self.index.get(label) {
            return k;
        }
        let k = self.labels.len() as u32;
        self.index.insert(label.to_owned(), k);
        self.labels.push(label.to_owned());
        k
    }
}

/// The dimension grouping every member of any key chain into one label, [`KEY_CHAIN_MEMBERS`]
/// (重点产业链企业: the chains' totals without counting a firm in two chains twice).
pub const KEY_CHAINS: &str = "key_chains";
/// The one label of [`KEY_CHAINS`].
pub const KEY_CHAIN_MEMBERS: &str = "members";

/// A node's label: `SX-01/06`.
pub fn node_label(chain: &str, node: &str) -> String {
    format!("{chain}/{node}")
}

fn region_name(code: i64) -> String {
    u32::try_from(code)
        .ok()
        .and_then(|c| RegionCode::from_u32(c).ok())
        .map(|r| r.name().to_owned())
        .unwrap_or_default()
}

fn single(
    code: &str,
    zh: &str,
    en: &str,
    values: impl Iterator<Item = Option<String>>,
) -> Result<Dimension, AnalyticsError> {
    let mut labels = Labels::default();
    let keys: Vec<u32> = values
        .map(|v| v.map_or(Dimension::NONE, |v| labels.key(&v)))
        .collect();
    Ok(Dimension::single(code, zh, en, labels.labels, &keys)?)
}

/// Loads everything the monitoring engine needs. Titles are those valid on `titles_on`
/// (an ISO date) with an approved or published designation.
pub async fn load(store: &Store, titles_on: &str) -> Result<MonitoringData, AnalyticsError> {
    load_with(store, titles_on, &[]).await
}

/// [`load`], with derived indicators (ratios of sums) reported beside the shipped ones, e.g.
/// those an evaluation framework divides.
pub async fn load_with(
    store: &Store,
    titles_on: &str,
    extra_derived: &[DerivedIndicator],
) -> Result<MonitoringData, AnalyticsError> {
    let (first, last) = store
        .observation_period_range()
        .await?
        .ok_or(AnalyticsError::NoObservations)?;
    let attributes = store.enterprise_attributes().await?;
    let n = attributes.len();
    let index_of: HashMap<Id, u32> = attributes
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, i as u32))
        .collect();
    let mut names: HashMap<(String, String), String> = HashMap::new();

    let mut frame =
        EnterpriseFrame::new(attributes.iter().map(|a| a.above_designated_size).collect());
    for (code, zh, en, column) in [
        (standard::PROVINCE, "省", "province", 0),
        (standard::CITY, "市", "city", 1),
        (standard::COUNTY, "县区", "county", 2),
    ] {
        let values = attributes.iter().map(|a| match column {
            0 => Some(a.province_code),
            1 => a.city_code,
            _ => Some(a.region_code),
        });
        let dimension = single(
            code,
            zh,
            en,
            values.clone().map(|v| v.map(|c| c.to_string())),
        )?;
        for value in values.flatten() {
            names
                .entry((code.to_owned(), value.to_string()))
                .or_insert_with(|| region_name(value));
        }
        frame = frame.with_dimension(dimension)?;
    }
    frame = frame.with_dimension(single(
        standard::PARK,
        "园区",
        "park",
        attributes.iter().map(|a| a.park.clone()),
    )?)?;
    for park in store.list_parks().await? {
        names.insert((standard::PARK.to_owned(), park.code), park.name);
    }
    frame = frame.with_dimension(single(
        standard::SIZE,
        "规模",
        "size class",
        attributes.iter().map(|a| Some(a.size_class.clone())),
    )?)?;
    for size in model::SizeClass::ALL {
        names.insert(
            (standard::SIZE.to_owned(), size.as_str().to_owned()),
            size.label_zh().to_owned(),
        );
    }

    // Chain nodes; chains and segments are coarsened from them so that a firm in two nodes of a
    // chain counts once in it.
    let memberships = store.membership_rows().await?;
    let mut nodes = Labels::default();
    let mut node_pairs = Vec::with_capacity(memberships.len());
    let mut node_chain: Vec<String> = Vec::new();
    let mut node_segment: Vec<String> = Vec::new();
    for m in &memberships {
        let key = nodes.key(&node_label(&m.chain, &m.node));
        if key as usize == node_chain.len() {
            node_chain.push(m.chain.clone());
            node_segment.push(m.segment.clone());
        }
        if let Some(&e) = index_of.get(&m.enterprise_id) {
            node_pairs.push((e, key));
        }
    }
    let node_dimension = Dimension::from_pairs(
        standard::NODE,
        "环节",
        "chain node",
        nodes.labels.clone(),
        n,
        &node_pairs,
    )?;
    let mut chains = Labels::default();
    let chain_parent: Vec<u32> = node_chain.iter().map(|c| chains.key(c)).collect();
    let chain_dimension = node_dimension.coarsen(
        standard::CHAIN,
        "产业链",
        "chain",
        chains.labels.clone(),
        &chain_parent,
    )?;
    let mut segments = Labels::default();
    let segment_parent: Vec<u32> = node_segment.iter().map(|s| segments.key(s)).collect();
    let segment_dimension = node_dimension.coarsen(
        standard::SEGMENT,
        "链段",
        "segment",
        segments.labels.clone(),
        &segment_parent,
    )?;
    for summary in store
        .list_chain_summaries(&store::EnterpriseScope::everything())
        .await?
    {
        for node in store
            .chain_nodes(&store::EnterpriseScope::everything(), &summary.code)
            .await?
        {
            names.insert(
                (
                    standard::NODE.to_owned(),
                    node_label(&summary.code, &node.node.code),
                ),
                node.node.name,
            );
        }
        names.insert((standard::CHAIN.to_owned(), summary.code), summary.name);
    }
    for segment in model::Segment::ALL {
        names.insert(
            (standard::SEGMENT.to_owned(), segment.as_str().to_owned()),
            segment.label_zh().to_owned(),
        );
    }
    let key_chains = chain_dimension.coarsen(
        KEY_CHAINS,
        "重点产业链企业",
        "key-chain members",
        vec![KEY_CHAIN_MEMBERS.to_owned()],
        &vec![0; chains.labels.len()],
    )?;
    names.insert(
        (KEY_CHAINS.to_owned(), KEY_CHAIN_MEMBERS.to_owned()),
        "重点产业链企业".to_owned(),
    );
    frame = frame
        .with_dimension(node_dimension)?
        .with_dimension(chain_dimension)?
        .with_dimension(segment_dimension)?
        .with_dimension(key_chains)?;

    // Professional towns: enterprises in the town's county whose industry is one of its fields.
    let towns = store.list_towns().await?;
    let mut town_pairs = Vec::new();
    for (t, town) in towns.iter().enumerate() {
        let county = i64::from(town.region.as_u32());
        for (e, a) in attributes.iter().enumerate() {
            let industry = IndustryCode::parse(&a.industry_code).ok();
            let in_field =
                industry.is_some_and(|i| town.industries.iter().any(|f| i.is_within(*f)));
            if a.region_code == county && in_field {
                town_pairs.push((e as u32, t as u32));
            }
        }
        names.insert(
            (standard::TOWN.to_owned(), town.code.clone()),
            town.name.clone(),
        );
    }
    let town_labels = towns.iter().map(|t| t.code.clone()).collect();
    frame = frame.with_dimension(Dimension::from_pairs(
        standard::TOWN,
        "专业镇",
        "professional town",
        town_labels,
        n,
        &town_pairs,
    )?)?;

    let mut titles = Labels::default();
    let mut title_pairs = Vec::new();
    for t in store.title_rows().await? {
        let valid = matches!(t.status.as_str(), "approved" | "published")
            && t.valid_from.as_deref().is_none_or(|from| from <= titles_on)
            && t.valid_until
                .as_deref()
                .is_none_or(|until| until >= titles_on);
        if let (true, Some(&e)) = (valid, index_of.get(&t.enterprise_id)) {
            title_pairs.push((e, titles.key(&t.title)));
        }
    }
    for title in model::TitleKind::ALL {
        names.insert(
            (standard::TITLE.to_owned(), title.as_str().to_owned()),
            title.label_zh().to_owned(),
        );
    }
    frame = frame.with_dimension(Dimension::from_pairs(
        standard::TITLE,
        "称号",
        "title",
        titles.labels,
        n,
        &title_pairs,
    )?)?;

    let enterprises: Vec<EnterpriseKey> = attributes
        .iter()
        .map(|a| EnterpriseKey {
            id: a.id,
            uscc: a.uscc.clone(),
            name: a.name.clone(),
            industry: a.industry_code.clone(),
        })
        .collect();
    for e in &enterprises {
        names.insert(
            (standard::ENTERPRISE.to_owned(), e.uscc.clone()),
            e.name.clone(),
        );
    }
    frame = frame.with_dimension(Dimension::identity(
        standard::ENTERPRISE,
        "企业",
        "enterprise",
        enterprises.iter().map(|e| e.uscc.clone()).collect(),
    ))?;

    let axis = PeriodAxis::new(first, last)?;
    let mut panels = Vec::new();
    for indicator in store.list_indicators().await? {
        if indicator.aggregation == Aggregation::Ratio {
            continue;
        }
        let columns = store
            .observation_columns(&indicator.code, first, last)
            .await?;
        let mut enterprise = Vec::with_capacity(columns.len());
        let mut period = Vec::with_capacity(columns.len());
        for (id, key) in columns.enterprise_ids.iter().zip(&columns.periods) {
            let p = Period::from_key(i64::from(*key)).map_err(|e| AnalyticsError::Corrupt {
                value: key.to_string(),
                reason: e.to_string(),
            })?;
            enterprise.push(index_of[id]);
            period.push(axis.index(p)? as u32);
        }
        let info = IndicatorInfo {
            code: indicator.code.clone(),
            name_zh: indicator.name_zh.clone(),
            name_en: indicator.name_en.clone(),
            unit: indicator.unit.clone(),
            cumulative: indicator.aggregation == Aggregation::Sum,
        };
        panels.push(Panel::from_columns(
            info,
            axis,
            n,
            &enterprise,
            &period,
            &columns.values,
        )?);
    }
    let codes: Vec<&str> = panels.iter().map(|p| p.info().code.as_str()).collect();
    let derived: Vec<DerivedIndicator> = DerivedIndicator::builtin()?
        .into_iter()
        .chain(extra_derived.iter().cloned())
        .filter(|d| {
            codes.contains(&d.numerator.as_str()) && codes.contains(&d.denominator.as_str())
        })
        .collect();
    let monitor = Monitor::new(frame, panels, &derived)?;
    Ok(MonitoringData {
        monitor,
        enterprises,
        names,
    })
}
