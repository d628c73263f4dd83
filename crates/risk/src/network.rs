//! The supply network as compressed sparse rows in both directions.
//!
//! Firms are dense indices `0..firms` (`u32`); a link is "supplier sells `value` to customer in a
//! year". The out-adjacency (supplier → customers) and the in-adjacency (customer → suppliers)
//! hold the same links, each sorted by the other end, so a cascade can push a change to the
//! customers of a firm or pull it to its suppliers in O(degree).

/// One supplier → customer trade, as the caller has it (before duplicates are summed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkTriple {
    pub supplier: u32,
    pub customer: u32,
    /// Yearly value, non-negative and finite.
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NetworkError {
    #[error("link {link}: firm {firm} is out of range (the network has {firms} firms)")]
    FirmOutOfRange {
        link: usize,
        firm: u32,
        firms: usize,
    },
    #[error("link {link}: firm {firm} supplies itself; intra-firm deliveries are not supply links")]
    SelfLink { link: usize, firm: u32 },
    #[error("link {link}: value {value} is not a finite non-negative number")]
    BadValue { link: usize, value: f64 },
    #[error("the network has {firms} firms, more than u32 indices can address")]
    TooManyFirms { firms: usize },
}

/// A supply network in CSR form, both directions. Immutable once built.
#[derive(Debug, Clone)]
pub struct SupplyNetwork {
    firms: usize,
    out_offsets: Vec<usize>,
    out_customers: Vec<u32>,
    out_values: Vec<f64>,
    in_offsets: Vec<usize>,
    in_suppliers: Vec<u32>,
    in_values: Vec<f64>,
    s_out: Vec<f64>,
    s_in: Vec<f64>,
}

impl SupplyNetwork {
    /// Builds the network from `(supplier, customer, value)` triples.
    ///
    /// Duplicate supplier → customer pairs are summed (several products or invoices between the
    /// same two firms are one link). Links of value 0 are dropped: they carry no flow and would
    /// make an essential-input share 0/0. Self-links are refused (`NetworkError::SelfLink`).
    pub fn from_links(firms: usize, links: &[LinkTriple]) -> Result<Self, NetworkError> {
        if u32::try_from(firms).is_err() {
            return Err(NetworkError::TooManyFirms { firms });
        }
        let mut sorted: Vec<LinkTriple> = Vec::with_capacity(links.len());
        for (index, link) in links.iter().enumerate() {
            for firm in [link.supplier, link.customer] {
                if firm as usize >= firms {
                    return Err(NetworkError::FirmOutOfRange {
                        link: index,
                        firm,
                        firms,
                    });
                }
            }
            if link.supplier == link.customer {
                return Err(NetworkError::SelfLink {
                    link: index,
                    firm: link.supplier,
                });
            }
            if !(link.value.is_finite() && link.value >= 0.0) {
                return Err(NetworkError::BadValue {
                    link: index,
                    value: link.value,
                });
            }
            if link.value > 0.0 {
                sorted.push(*link);
            }
        }
        // Stable sort: duplicates are summed in input order, so the result is reproducible.
        sorted.sort_by_key(|l| (l.supplier, l.customer));
        let mut merged: Vec<LinkTriple> = Vec::with_capacity(sorted.len());
        for link in sorted {
            match merged.last_mut() {
                Some(last) if last.supplier == link.supplier && last.customer == link.customer => {
                    last.value += link.value;
                }
                _ => merged.push(link),
            }
        }

        let mut out_offsets = vec![0usize; firms + 1];
        let mut in_offsets = vec![0usize; firms + 1];
        for link in &merged {
            out_offsets[link.supplier as usize + 1] += 1;
            in_offsets[link.customer as usize + 1] += 1;
        }
        for i in 0..firms {
            out_offsets[i + 1] += out_offsets[i];
            in_offsets[i + 1] += in_offsets[i];
        }
        // `merged` is sorted by (supplier, customer): it is the out-adjacency as it stands.
        let out_customers: Vec<u32> = merged.iter().map(|l| l.customer).collect();
        let out_values: Vec<f64> = merged.iter().map(|l| l.value).collect();
        // Scattering in supplier order keeps each customer's suppliers sorted.
        let mut in_suppliers = vec![0u32; merged.len()];
        let mut in_values = vec![0f64; merged.len()];
        let mut cursor = in_offsets.clone();
        for link in &merged {
            let slot = &mut cursor[link.customer as usize];
            in_suppliers[*slot] = link.supplier;
            in_values[*slot] = link.value;
            *slot += 1;
        }
        let s_out = (0..firms)
            .map(|i| out_values[out_offsets[i]..out_offsets[i + 1]].iter().sum())
            .collect();
        let s_in = (0..firms)
            .map(|j| in_values[in_offsets[j]..in_offsets[j + 1]].iter().sum())
            .collect();
        Ok(SupplyNetwork {
            firms,
            out_offsets,
            out_customers,
            out_values,
            in_offsets,
            in_suppliers,
            in_values,
            s_out,
            s_in,
        })
    }

    pub fn firms(&self) -> usize {
        self.firms
    }

    /// Number of distinct supplier → customer links (after summing duplicates).
    pub fn links(&self) -> usize {
        self.out_customers.len()
    }

    /// Customers of `supplier` (sorted) and the value sold to each.
    pub fn customers(&self, supplier: u32) -> (&[u32], &[f64]) {
        let range = self.out_offsets[supplier as usize]..self.out_offsets[supplier as usize + 1];
        (&self.out_customers[range.clone()], &self.out_values[range])
    }

    /// Suppliers of `customer` (sorted) and the value bought from each.
    pub fn suppliers(&self, customer: u32) -> (&[u32], &[f64]) {
        let range = self.in_offsets[customer as usize]..self.in_offsets[customer as usize + 1];
        (&self.in_suppliers[range.clone()], &self.in_values[range])
    }

    /// Value of the link `supplier → customer`, 0 when there is none.
    pub fn value(&self, supplier: u32, customer: u32) -> f64 {
        let (customers, values) = self.customers(supplier);
        customers
            .binary_search(&customer)
            .map_or(0.0, |position| values[position])
    }

    /// Out-strength `s_out[i] = Σ_j W[i][j]`: what each firm sells in the network.
    pub fn out_strength(&self) -> &[f64] {
        &self.s_out
    }

    /// In-strength `s_in[j] = Σ_i W[i][j]`: what each firm buys in the network.
    pub fn in_strength(&self) -> &[f64] {
        &self.s_in
    }

    /// Every link as `(supplier, customer, value)`, sorted by supplier then customer.
    pub fn iter_links(&self) -> impl Iterator<Item = LinkTriple> + '_ {
        (0..self.firms as u32).flat_map(move |supplier| {
            let (customers, values) = self.customers(supplier);
            customers
                .iter()
                .zip(values)
                .map(move |(&customer, &value)| LinkTriple {
                    supplier,
                    customer,
                    value,
                })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(supplier: u32, customer: u32, value: f64) -> LinkTriple {
        LinkTriple {
            supplier,
            customer,
            value,
        }
    }

    #[test]
    fn duplicates_are_summed_and_both_directions_agree() {
        let net = SupplyNetwork::from_links(
            4,
            &[
                link(2, 0, 1.0),
                link(0, 1, 2.0),
                link(0, 1, 3.0),
                link(3, 1, 4.0),
                link(0, 2, 0.0),
            ],
        )
        .unwrap();
        assert_eq!(net.links(), 3);
        assert_eq!(net.customers(0), (&[1u32][..], &[5.0][..]));
        assert_eq!(net.suppliers(1), (&[0u32, 3][..], &[5.0, 4.0][..]));
        assert_eq!(net.value(2, 0), 1.0);
        assert_eq!(net.value(0, 2), 0.0);
        assert_eq!(net.out_strength(), &[5.0, 0.0, 1.0, 4.0]);
        assert_eq!(net.in_strength(), &[1.0, 9.0, 0.0, 0.0]);
        assert_eq!(net.iter_links().count(), 3);
    }

    #[test]
    fn bad_links_name_the_link() {
        assert_eq!(
            SupplyNetwork::from_links(2, &[link(0, 1, 1.0), link(1, 1, 1.0)]).unwrap_err(),
            NetworkError::SelfLink { link: 1, firm: 1 }
        );
        assert_eq!(
            SupplyNetwork::from_links(2, &[link(0, 5, 1.0)]).unwrap_err(),
            NetworkError::FirmOutOfRange {
                link: 0,
                firm: 5,
                firms: 2
            }
        );
        assert!(matches!(
            SupplyNetwork::from_links(2, &[link(0, 1, -1.0)]).unwrap_err(),
            NetworkError::BadValue { link: 0, .. }
        ));
        assert!(SupplyNetwork::from_links(2, &[link(0, 1, f64::NAN)]).is_err());
    }
}
