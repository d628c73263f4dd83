//! The groups of one rollup: every combination of dimension keys that some enterprise has
//! (chain × city, say), each with the enterprises inside it.
//!
//! An enterprise with several keys in a dimension (two chains) falls into every combination of
//! its keys; one with no key in some dimension (outside every park) falls into none. Groups are
//! numbered in lexicographic order of their keys, members in ascending enterprise order, so the
//! result does not depend on the number of threads.

use rayon::slice::ParallelSliceMut;

use crate::{EnterpriseFrame, MonitorError};

/// Groups as CSR: group `g` has keys `keys[g·d..(g+1)·d]` (one per dimension) and members
/// `members[offsets[g]..offsets[g+1]]`.
#[derive(Debug, Clone)]
pub(crate) struct GroupIndex {
    dimensions: usize,
    keys: Vec<u32>,
    offsets: Vec<u32>,
    members: Vec<u32>,
}

impl GroupIndex {
    /// Groups the enterprises that pass `keep` by the dimensions at `dims` (positions in the
    /// frame), using only key `restrict[i]` of dimension `dims[i]` where one is given. No
    /// dimensions: one group holding every kept enterprise.
    pub(crate) fn build(
        frame: &EnterpriseFrame,
        dims: &[usize],
        restrict: &[Option<u32>],
        keep: impl Fn(usize) -> bool,
    ) -> Result<Self, MonitorError> {
        let dimensions: Vec<_> = dims.iter().map(|&d| &frame.dimensions()[d]).collect();
        // Mixed-radix code of a key combination; lexicographic order of keys = order of codes.
        let mut strides = vec![1u64; dims.len()];
        let mut span = 1u64;
        for (i, d) in dimensions.iter().enumerate().rev() {
            strides[i] = span;
            span = span
                .checked_mul(d.labels().len().max(1) as u64)
                .ok_or_else(|| {
                    MonitorError::TooManyCombinations(
                        dimensions.iter().map(|d| d.code().to_owned()).collect(),
                    )
                })?;
        }
        let mut pairs: Vec<(u64, u32)> = Vec::with_capacity(frame.len());
        let mut odometer = vec![0usize; dims.len()];
        let mut lists: Vec<&[u32]> = Vec::with_capacity(dims.len());
        for e in (0..frame.len()).filter(|&e| keep(e)) {
            lists.clear();
            lists.extend(dimensions.iter().zip(restrict).map(|(d, only)| {
                let keys = d.keys_of(e);
                match only {
                    Some(k) => keys.binary_search(k).map_or(&keys[..0], |i| &keys[i..=i]),
                    None => keys,
                }
            }));
            if lists.iter().any(|l| l.is_empty()) {
                continue;
            }
            odometer.fill(0);
            'combinations: loop {
                let code = lists
                    .iter()
                    .zip(&odometer)
                    .zip(&strides)
                    .map(|((list, &i), &stride)| u64::from(list[i]) * stride)
                    .sum();
                pairs.push((code, e as u32));
                for level in (0..lists.len()).rev() {
                    odometer[level] += 1;
                    if odometer[level] < lists[level].len() {
                        continue 'combinations;
                    }
                    odometer[level] = 0;
                }
                break;
            }
        }
        pairs.par_sort_unstable();

        let mut keys = Vec::new();
        let mut offsets = vec![0u32];
        let mut members = Vec::with_capacity(pairs.len());
        let mut current = None;
        for &(code, e) in &pairs {
            if current != Some(code) {
                if current.is_some() {
                    offsets.push(members.len() as u32);
                }
                current = Some(code);
                keys.extend(
                    strides.iter().zip(&dimensions).map(|(&stride, d)| {
                        ((code / stride) % d.labels().len().max(1) as u64) as u32
                    }),
                );
            }
            members.push(e);
        }
        if current.is_some() {
            offsets.push(members.len() as u32);
        }
        Ok(GroupIndex {
            dimensions: dims.len(),
            keys,
            offsets,
            members,
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    pub(crate) fn keys(&self, group: usize) -> &[u32] {
        &self.keys[group * self.dimensions..(group + 1) * self.dimensions]
    }

    pub(crate) fn members(&self, group: usize) -> &[u32] {
        &self.members[self.offsets[group] as usize..self.offsets[group + 1] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dimension;

    fn labels(n: usize) -> Vec<String> {
        (0..n).map(|i| i.to_string()).collect()
    }

    #[test]
    fn many_to_many_memberships_expand_into_every_combination() {
        // e0: chains {0,1}, city 1; e1: chain 1, city 0; e2: no chain; e3: chain 0, no city
        let chain = Dimension::from_pairs(
            "chain",
            "链",
            "chain",
            labels(2),
            4,
            &[(0, 0), (0, 1), (1, 1), (3, 0)],
        )
        .unwrap();
        let city = Dimension::single("city", "市", "city", labels(2), &[1, 0, 0, Dimension::NONE])
            .unwrap();
        let frame = EnterpriseFrame::new(vec![true; 4])
            .with_dimension(chain)
            .unwrap()
            .with_dimension(city)
            .unwrap();
        let g = GroupIndex::build(&frame, &[0, 1], &[None, None], |_| true).unwrap();
        let got: Vec<(Vec<u32>, Vec<u32>)> = (0..g.len())
            .map(|i| (g.keys(i).to_vec(), g.members(i).to_vec()))
            .collect();
        assert_eq!(
            got,
            vec![
                (vec![0, 1], vec![0]),
                (vec![1, 0], vec![1]),
                (vec![1, 1], vec![0]),
            ]
        );
        let total = GroupIndex::build(&frame, &[], &[], |e| e != 2).unwrap();
        assert_eq!(total.len(), 1);
        assert_eq!(total.members(0), &[0, 1, 3]);
        // Only chain 1: enterprise 0 keeps its chain-1 membership alone.
        let one = GroupIndex::build(&frame, &[0, 1], &[Some(1), None], |_| true).unwrap();
        let keys: Vec<Vec<u32>> = (0..one.len()).map(|i| one.keys(i).to_vec()).collect();
        assert_eq!(keys, vec![vec![1, 0], vec![1, 1]]);
        assert_eq!(total.len(), 1);
        assert_eq!(total.members(0), &[0, 1, 3]);
    }
}
