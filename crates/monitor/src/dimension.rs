//! Enterprise attributes as dense arrays: the dimensions a rollup groups by.
//!
//! Every dimension is stored the same way, as CSR (`offsets`, `keys`): enterprise `e` belongs to
//! the groups `keys[offsets[e]..offsets[e + 1]]`. A single-valued attribute (city, size class)
//! has at most one key per enterprise; chain and node memberships are many-to-many (an enterprise
//! can supply several nodes of several chains) and simply have more. Keys index `labels`.

use crate::MonitorError;

/// Codes and names of the dimensions chainchief's loaders build (a stranger may add others).
pub mod standard {
    /// `(code, 中文, English)` of each standard dimension.
    pub const DIMENSIONS: &[(&str, &str, &str)] = &[
        (CHAIN, "产业链", "chain"),
        (NODE, "链条环节", "chain node"),
        (SEGMENT, "上中下游", "segment"),
        (PROVINCE, "省", "province"),
        (CITY, "市", "city"),
        (COUNTY, "县(市、区)", "county"),
        (PARK, "园区", "park"),
        (TOWN, "专业镇", "professional town"),
        (TITLE, "梯度培育称号", "tier title"),
        (SIZE, "企业规模", "size class"),
        (ENTERPRISE, "企业", "enterprise"),
    ];
    pub const CHAIN: &str = "chain";
    pub const NODE: &str = "node";
    pub const SEGMENT: &str = "segment";
    pub const PROVINCE: &str = "province";
    pub const CITY: &str = "city";
    pub const COUNTY: &str = "county";
    pub const PARK: &str = "park";
    pub const TOWN: &str = "town";
    pub const TITLE: &str = "title";
    pub const SIZE: &str = "size";
    pub const ENTERPRISE: &str = "enterprise";
}

/// One attribute of every enterprise, with the labels of its keys.
#[derive(Debug, Clone)]
pub struct Dimension {
    code: String,
    name_zh: String,
    name_en: String,
    labels: Vec<String>,
    offsets: Vec<u32>,
    keys: Vec<u32>,
}

impl Dimension {
    /// Marks "no key" in [`single`](Self::single) (an enterprise outside every park, say).
    pub const NONE: u32 = u32::MAX;

    /// A single-valued attribute: `keys[e]` is enterprise `e`'s key, or [`Dimension::NONE`].
    pub fn single(
        code: &str,
        name_zh: &str,
        name_en: &str,
        labels: Vec<String>,
        keys: &[u32],
    ) -> Result<Self, MonitorError> {
        let mut offsets = Vec::with_capacity(keys.len() + 1);
        let mut packed = Vec::with_capacity(keys.len());
        offsets.push(0);
        for &key in keys {
            if key != Dimension::NONE {
                packed.push(key);
            }
            offsets.push(packed.len() as u32);
        }
        Dimension::many(code, name_zh, name_en, labels, offsets, packed)
    }

    /// A many-to-many attribute in CSR form: enterprise `e` has `keys[offsets[e]..offsets[e+1]]`.
    /// Keys repeated for one enterprise are counted once.
    pub fn many(
        code: &str,
        name_zh: &str,
        name_en: &str,
        labels: Vec<String>,
        offsets: Vec<u32>,
        keys: Vec<u32>,
    ) -> Result<Self, MonitorError> {
        let ordered = offsets.first() == Some(&0)
            && offsets.windows(2).all(|w| w[0] <= w[1])
            && offsets.last().is_some_and(|&l| l as usize == keys.len());
        if !ordered {
            return Err(MonitorError::BadOffsets {
                dimension: code.to_owned(),
                keys: keys.len(),
            });
        }
        let mut dimension = Dimension {
            code: code.to_owned(),
            name_zh: name_zh.to_owned(),
            name_en: name_en.to_owned(),
            labels,
            offsets,
            keys,
        };
        dimension.check_and_dedup()?;
        Ok(dimension)
    }

    /// A many-to-many attribute from `(enterprise, key)` pairs, e.g. node memberships.
    pub fn from_pairs(
        code: &str,
        name_zh: &str,
        name_en: &str,
        labels: Vec<String>,
        enterprises: usize,
        pairs: &[(u32, u32)],
    ) -> Result<Self, MonitorError> {
        let mut counts = vec![0u32; enterprises + 1];
        for &(e, _) in pairs {
            if e as usize >= enterprises {
                return Err(MonitorError::EnterpriseOutOfRange {
                    index: e,
                    count: enterprises,
                });
            }
            counts[e as usize + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let mut next = counts.clone();
        let mut keys = vec![0u32; pairs.len()];
        for &(e, key) in pairs {
            let slot = &mut next[e as usize];
            keys[*slot as usize] = key;
            *slot += 1;
        }
        Dimension::many(code, name_zh, name_en, labels, counts, keys)
    }

    /// Every enterprise its own group (the enterprise level of contributions and warnings);
    /// `labels[e]` names enterprise `e` (its USCC or name).
    pub fn identity(code: &str, name_zh: &str, name_en: &str, labels: Vec<String>) -> Self {
        let n = labels.len() as u32;
        Dimension {
            code: code.to_owned(),
            name_zh: name_zh.to_owned(),
            name_en: name_en.to_owned(),
            labels,
            offsets: (0..=n).collect(),
            keys: (0..n).collect(),
        }
    }

    /// A coarser dimension through a key map: node → chain, node → segment, county → city,
    /// city → province. `parent[key]` is the coarse key (or [`Dimension::NONE`]). An enterprise in
    /// two nodes of one chain belongs to that chain once.
    pub fn coarsen(
        &self,
        code: &str,
        name_zh: &str,
        name_en: &str,
        labels: Vec<String>,
        parent: &[u32],
    ) -> Result<Self, MonitorError> {
        let mut offsets = Vec::with_capacity(self.offsets.len());
        let mut keys = Vec::with_capacity(self.keys.len());
        offsets.push(0);
        for e in 0..self.enterprises() {
            for &key in self.keys_of(e) {
                let coarse = parent.get(key as usize).copied().ok_or_else(|| {
                    MonitorError::KeyOutOfRange {
                        dimension: format!("{} → {code}", self.code),
                        enterprise: e,
                        key,
                        labels: parent.len(),
                    }
                })?;
                if coarse != Dimension::NONE {
                    keys.push(coarse);
                }
            }
            offsets.push(keys.len() as u32);
        }
        Dimension::many(code, name_zh, name_en, labels, offsets, keys)
    }

    /// The dimension over the enterprises `keep` (ascending dense indices into this one), which
    /// become `0..keep.len()`. Labels stay as they are, except that an identity dimension (one
    /// label per enterprise, as [`Dimension::identity`] builds) keeps only the labels of the kept
    /// enterprises, so that it stays an identity.
    pub fn restrict(&self, keep: &[usize]) -> Result<Self, MonitorError> {
        if let Some(&e) = keep.iter().find(|&&e| e >= self.enterprises()) {
            return Err(MonitorError::EnterpriseOutOfRange {
                index: e as u32,
                count: self.enterprises(),
            });
        }
        let n = self.enterprises();
        let identity = self.labels.len() == n
            && self.keys.len() == n
            && self.keys.iter().enumerate().all(|(i, &k)| k as usize == i);
        if identity {
            let labels = keep.iter().map(|&e| self.labels[e].clone()).collect();
            return Ok(Dimension::identity(
                &self.code,
                &self.name_zh,
                &self.name_en,
                labels,
            ));
        }
        let mut offsets = Vec::with_capacity(keep.len() + 1);
        let mut keys = Vec::new();
        offsets.push(0);
        for &e in keep {
            keys.extend_from_slice(self.keys_of(e));
            offsets.push(keys.len() as u32);
        }
        Dimension::many(
            &self.code,
            &self.name_zh,
            &self.name_en,
            self.labels.clone(),
            offsets,
            keys,
        )
    }

    /// Sorts each enterprise's keys, drops repeats, checks every key has a label.
    fn check_and_dedup(&mut self) -> Result<(), MonitorError> {
        let mut write = 0usize;
        let mut start = 0usize;
        for e in 0..self.enterprises() {
            let end = self.offsets[e + 1] as usize;
            let slice = &mut self.keys[start..end];
            slice.sort_unstable();
            let mut last = None;
            for i in start..end {
                let key = self.keys[i];
                if key as usize >= self.labels.len() {
                    return Err(MonitorError::KeyOutOfRange {
                        dimension: self.code.clone(),
                        enterprise: e,
                        key,
                        labels: self.labels.len(),
                    });
                }
                if last != Some(key) {
                    self.keys[write] = key;
                    write += 1;
                    last = Some(key);
                }
            }
            start = end;
            self.offsets[e + 1] = write as u32;
        }
        self.keys.truncate(write);
        Ok(())
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn name_zh(&self) -> &str {
        &self.name_zh
    }

    pub fn name_en(&self) -> &str {
        &self.name_en
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Number of enterprises the dimension covers.
    pub fn enterprises(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The keys of enterprise `e` (sorted, distinct; empty when it has none).
    pub fn keys_of(&self, e: usize) -> &[u32] {
        &self.keys[self.offsets[e] as usize..self.offsets[e + 1] as usize]
    }
}

/// The enterprises a monitor covers: dense indices `0..len`, the 规上 flag and the dimensions.
#[derive(Debug, Clone)]
pub struct EnterpriseFrame {
    above_designated_size: Vec<bool>,
    dimensions: Vec<Dimension>,
}

impl EnterpriseFrame {
    /// `above_designated_size[e]`: 规模以上 (annual operating revenue ≥ 20 million yuan, NBS since
    /// 2011; see [`is_above_designated_size`]) in the current survey frame. Growth compares this
    /// frame's enterprises with their own figures a year earlier, as NBS does (可比口径).
    pub fn new(above_designated_size: Vec<bool>) -> Self {
        EnterpriseFrame {
            above_designated_size,
            dimensions: Vec::new(),
        }
    }

    /// Adds a dimension; its length must match and its code must be new.
    pub fn with_dimension(mut self, dimension: Dimension) -> Result<Self, MonitorError> {
        if dimension.enterprises() != self.len() {
            return Err(MonitorError::DimensionLength {
                dimension: dimension.code.clone(),
                got: dimension.enterprises(),
                expected: self.len(),
            });
        }
        if self.dimensions.iter().any(|d| d.code == dimension.code) {
            return Err(MonitorError::RepeatedDimension(dimension.code));
        }
        self.dimensions.push(dimension);
        Ok(self)
    }

    pub fn len(&self) -> usize {
        self.above_designated_size.len()
    }

    pub fn is_empty(&self) -> bool {
        self.above_designated_size.is_empty()
    }

    pub fn above_designated_size(&self) -> &[bool] {
        &self.above_designated_size
    }

    pub fn dimensions(&self) -> &[Dimension] {
        &self.dimensions
    }

    /// Position and dimension named `code`.
    pub fn dimension(&self, code: &str) -> Result<(usize, &Dimension), MonitorError> {
        self.dimensions
            .iter()
            .enumerate()
            .find(|(_, d)| d.code == code)
            .ok_or_else(|| MonitorError::UnknownDimension(code.to_owned()))
    }
}

/// 规模以上工业企业: annual operating revenue at or above 20 million yuan (NBS, since 2011).
pub fn is_above_designated_size(annual_revenue_yuan: f64) -> bool {
    annual_revenue_yuan >= model::ABOVE_DESIGNATED_SIZE_REVENUE_YUAN
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("k{i}")).collect()
    }

    #[test]
    fn pairs_become_sorted_distinct_keys_per_enterprise() {
        let d = Dimension::from_pairs(
            "node",
            "环节",
            "node",
            labels(4),
            3,
            &[(2, 3), (0, 1), (2, 0), (2, 3)],
        )
        .unwrap();
        assert_eq!(d.keys_of(0), &[1]);
        assert_eq!(d.keys_of(1), &[] as &[u32]);
        assert_eq!(d.keys_of(2), &[0, 3]);
    }

    #[test]
    fn coarsening_counts_an_enterprise_once_per_chain() {
        let nodes = Dimension::from_pairs(
            "node",
            "环节",
            "node",
            labels(3),
            2,
            &[(0, 0), (0, 1), (1, 2)],
        )
        .unwrap();
        // nodes 0 and 1 are in chain 0, node 2 in chain 1
        let chains = nodes
            .coarsen("chain", "链", "chain", labels(2), &[0, 0, 1])
            .unwrap();
        assert_eq!(chains.keys_of(0), &[0]);
        assert_eq!(chains.keys_of(1), &[1]);
    }

    #[test]
    fn keys_without_labels_and_wrong_lengths_are_refused() {
        let bad = Dimension::single("city", "市", "city", labels(2), &[0, 5]);
        assert!(matches!(
            bad,
            Err(MonitorError::KeyOutOfRange {
                key: 5,
                enterprise: 1,
                ..
            })
        ));
        let city =
            Dimension::single("city", "市", "city", labels(2), &[0, Dimension::NONE]).unwrap();
        assert_eq!(city.keys_of(1), &[] as &[u32]);
        let frame = EnterpriseFrame::new(vec![true; 3]);
        assert!(matches!(
            frame.with_dimension(city),
            Err(MonitorError::DimensionLength { .. })
        ));
    }

    #[test]
    fn the_above_size_threshold_includes_twenty_million() {
        assert!(is_above_designated_size(20_000_000.0));
        assert!(!is_above_designated_size(19_999_999.0));
    }
}
