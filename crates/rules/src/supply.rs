//! Facts computed from the supply network: trade with chain-masters (链核 core suppliers) and
//! partner counts (链主 "≥ 15 upstream and downstream partner firms").

use std::collections::{HashMap, HashSet};

use model::{SupplyLink, Uscc};

use crate::facts::EnterpriseFacts;

/// A supplier's largest trade with a single chain-master in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MasterTrade {
    pub year: u16,
    pub master: Uscc,
    /// Yuan: the sum of the supplier's links to that master in that year.
    pub value: f64,
}

/// For each supplier of a chain-master, per year, its largest trade with one master (links to the
/// same master in the same year add up; links between two masters count too). Sorted by year.
pub fn chain_master_trade(
    links: &[SupplyLink],
    masters: &[Uscc],
) -> HashMap<Uscc, Vec<MasterTrade>> {
    let masters: HashSet<&Uscc> = masters.iter().collect();
    let mut totals: HashMap<(Uscc, Uscc, u16), f64> = HashMap::new();
    for link in links.iter().filter(|link| masters.contains(&link.customer)) {
        if link.supplier != link.customer {
            *totals
                .entry((link.supplier, link.customer, link.year))
                .or_default() += link.value;
        }
    }
    let mut best: HashMap<Uscc, Vec<MasterTrade>> = HashMap::new();
    for ((supplier, master, year), value) in totals {
        let trades = best.entry(supplier).or_default();
        match trades.iter_mut().find(|trade| trade.year == year) {
            // Ties go to the smaller USCC so the answer does not depend on hash order.
            Some(trade)
                if value > trade.value || (value == trade.value && master < trade.master) =>
            {
                *trade = MasterTrade {
                    year,
                    master,
                    value,
                }
            }
            Some(_) => {}
            None => trades.push(MasterTrade {
                year,
                master,
                value,
            }),
        }
    }
    for trades in best.values_mut() {
        trades.sort_by_key(|trade| trade.year);
    }
    best
}

/// Distinct upstream and downstream partners of each enterprise in `year` (suppliers and
/// customers, each counted once).
pub fn partner_counts(links: &[SupplyLink], year: u16) -> HashMap<Uscc, u32> {
    let mut partners: HashMap<Uscc, HashSet<Uscc>> = HashMap::new();
    for link in links
        .iter()
        .filter(|link| link.year == year && link.supplier != link.customer)
    {
        partners
            .entry(link.supplier)
            .or_default()
            .insert(link.customer);
        partners
            .entry(link.customer)
            .or_default()
            .insert(link.supplier);
    }
    partners
        .into_iter()
        .map(|(firm, set)| (firm, u32::try_from(set.len()).unwrap_or(u32::MAX)))
        .collect()
}

/// Writes the trade figures into the facts whose `id` is the supplier's USCC: each year's
/// `chain_master_trade`, and `0` for the given years where a firm had none (a firm absent from
/// the links then reads as "no trade", not "unknown"). A figure the facts already hold is kept:
/// what the enterprise filed beats what the network says.
pub fn fill_chain_master_trade(
    facts: &mut [EnterpriseFacts],
    trade: &HashMap<Uscc, Vec<MasterTrade>>,
    years: &[u16],
) {
    for firm in facts {
        let trades = Uscc::parse(&firm.id).ok().and_then(|uscc| trade.get(&uscc));
        for year in years {
            let value = trades
                .and_then(|trades| trades.iter().find(|trade| trade.year == *year))
                .map_or(0.0, |trade| trade.value);
            firm.year_mut(i32::from(*year))
                .chain_master_trade
                .get_or_insert(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uscc(text: &str) -> Uscc {
        Uscc::parse(text).unwrap()
    }

    fn link(supplier: Uscc, customer: Uscc, year: u16, value: f64) -> SupplyLink {
        SupplyLink {
            supplier,
            customer,
            year,
            value,
            product: None,
        }
    }

    #[test]
    fn sums_per_master_and_keeps_the_largest() {
        let (a, m1, m2) = (
            uscc("91110108551385082Q"),
            uscc("91110000600037341L"),
            Uscc::assemble(b'9', b'1', "110000", b"MA000000").unwrap(),
        );
        let links = [
            link(a, m1, 2024, 6e6),
            link(a, m1, 2024, 5e6),
            link(a, m2, 2024, 9e6),
            link(a, m2, 2023, 2e6),
            link(m1, a, 2024, 1e9), // a is no master: ignored
        ];
        let trade = chain_master_trade(&links, &[m1, m2]);
        let of_a = &trade[&a];
        assert_eq!(of_a.len(), 2);
        assert_eq!(
            (of_a[0].year, of_a[0].master, of_a[0].value),
            (2023, m2, 2e6)
        );
        assert_eq!(
            (of_a[1].year, of_a[1].master, of_a[1].value),
            (2024, m1, 11e6)
        );
        assert!(!trade.contains_key(&m1));

        let mut facts = vec![
            EnterpriseFacts::new(a.as_str()),
            EnterpriseFacts::new("not-a-uscc"),
        ];
        facts[0].year_mut(2023).chain_master_trade = Some(5e6);
        fill_chain_master_trade(&mut facts, &trade, &[2023, 2024]);
        assert_eq!(facts[0].year(2024).unwrap().chain_master_trade, Some(11e6));
        // Filed, so kept over the network's 2 million.
        assert_eq!(facts[0].year(2023).unwrap().chain_master_trade, Some(5e6));
        assert_eq!(facts[1].year(2024).unwrap().chain_master_trade, Some(0.0));
    }

    #[test]
    fn counts_distinct_partners_both_ways() {
        let (a, b) = (uscc("91110108551385082Q"), uscc("91110000600037341L"));
        let links = [
            link(a, b, 2024, 1.0),
            link(b, a, 2024, 1.0),
            link(a, b, 2023, 1.0),
        ];
        let counts = partner_counts(&links, 2024);
        assert_eq!(counts[&a], 1);
        assert_eq!(counts[&b], 1);
    }
}
