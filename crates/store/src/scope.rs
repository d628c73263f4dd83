//! Row visibility: which enterprises a caller may see.
//!
//! Every query that returns enterprise rows, or counts and aggregates over them, takes an
//! [`EnterpriseScope`] and applies it in SQL, so an out-of-scope row is never loaded, counted or
//! summed. The server turns a signed-in principal into a scope; the store only applies it.

use model::{RegionCode, RegionLevel, Uscc};

use crate::bulk::Value;

/// Which enterprises are visible. Every restriction narrows; `None` means no restriction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnterpriseScope {
    /// Enterprises in any of these regions or below them; `Some(vec![])` sees nothing.
    pub regions: Option<Vec<RegionCode>>,
    /// Members of any node of any of these chains; `Some(vec![])` sees nothing.
    pub chains: Option<Vec<String>>,
    /// Enterprises in this park (park code).
    pub park: Option<String>,
    /// Only this enterprise.
    pub uscc: Option<Uscc>,
}

impl EnterpriseScope {
    /// No restriction (administrators, province analysts, the CLI).
    pub fn everything() -> Self {
        EnterpriseScope::default()
    }

    /// No enterprise at all.
    pub fn nothing() -> Self {
        EnterpriseScope {
            regions: Some(Vec::new()),
            ..Default::default()
        }
    }

    /// Enterprises in `region` or below it.
    pub fn region(region: RegionCode) -> Self {
        EnterpriseScope {
            regions: Some(vec![region]),
            ..Default::default()
        }
    }

    pub fn is_everything(&self) -> bool {
        *self == EnterpriseScope::default()
    }

    /// Appends this scope's conditions on the enterprise table aliased `e`.
    pub(crate) fn push_conditions(&self, conditions: &mut Conditions) {
        if let Some(regions) = &self.regions {
            if regions.is_empty() {
                conditions.push_fixed("1 = 0");
            } else {
                let parts: Vec<String> = regions
                    .iter()
                    .map(|r| format!("{} = ?", region_column(*r)))
                    .collect();
                conditions.push(
                    &format!("({})", parts.join(" OR ")),
                    regions
                        .iter()
                        .map(|r| Value::Int(i64::from(r.as_u32())))
                        .collect(),
                );
            }
        }
        if let Some(chains) = &self.chains {
            if chains.is_empty() {
                conditions.push_fixed("1 = 0");
            } else {
                let marks = vec!["?"; chains.len()].join(", ");
                conditions.push(
                    &format!(
                        "e.id IN (SELECT m.enterprise_id FROM membership m \
                         JOIN chain_node n ON n.id = m.node_id JOIN chain c ON c.id = n.chain_id \
                         WHERE c.code IN ({marks}))"
                    ),
                    chains.iter().map(|c| Value::Text(c.clone())).collect(),
                );
            }
        }
        if let Some(park) = &self.park {
            conditions.push(
                "e.park_id IN (SELECT id FROM park WHERE code = ?)",
                vec![Value::Text(park.clone())],
            );
        }
        if let Some(uscc) = &self.uscc {
            conditions.push("e.uscc = ?", vec![Value::Text(uscc.to_string())]);
        }
    }
}

/// The column of the enterprise table (aliased `e`) that holds codes of `region`'s level.
pub(crate) fn region_column(region: RegionCode) -> &'static str {
    match region.level() {
        RegionLevel::Province => "e.province_code",
        RegionLevel::City => "e.city_code",
        RegionLevel::County => "e.region_code",
    }
}

/// SQL conditions joined by `AND`, with their values. Conditions are written with `?`; each `?`
/// becomes the next `$N`, counting from the placeholders already used before this list.
#[derive(Debug, Clone, Default)]
pub(crate) struct Conditions {
    first: usize,
    sql: Vec<String>,
    pub values: Vec<Value>,
}

impl Conditions {
    /// An empty list whose first placeholder will be `$(used + 1)`.
    pub fn after(used: usize) -> Self {
        Conditions {
            first: used,
            ..Default::default()
        }
    }

    /// Adds `condition`, whose `?` marks take `values` in order.
    pub fn push(&mut self, condition: &str, values: Vec<Value>) {
        let mut sql = String::with_capacity(condition.len() + 8);
        let mut n = self.used();
        for c in condition.chars() {
            if c == '?' {
                n += 1;
                sql.push('$');
                sql.push_str(&n.to_string());
            } else {
                sql.push(c);
            }
        }
        debug_assert_eq!(n - self.used(), values.len(), "{condition}");
        self.values.extend(values);
        self.sql.push(sql);
    }

    /// A condition without values.
    pub fn push_fixed(&mut self, condition: &str) {
        self.sql.push(condition.to_owned());
    }

    /// Placeholders used so far, including those before this list.
    pub fn used(&self) -> usize {
        self.first + self.values.len()
    }

    /// `" WHERE a AND b"`, or nothing.
    pub fn where_clause(&self) -> String {
        if self.sql.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.sql.join(" AND "))
        }
    }

    /// `" AND a AND b"`, or nothing (to extend an existing `WHERE`).
    pub fn and_clause(&self) -> String {
        self.sql.iter().map(|c| format!(" AND {c}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_conditions_number_their_placeholders_after_earlier_ones() {
        let scope = EnterpriseScope {
            regions: Some(vec![
                RegionCode::parse("140100").unwrap(),
                RegionCode::parse("140105").unwrap(),
            ]),
            chains: Some(vec!["SX-01".into(), "SX-02".into()]),
            park: Some("P1".into()),
            uscc: None,
        };
        let mut conditions = Conditions::after(1);
        scope.push_conditions(&mut conditions);
        let sql = conditions.where_clause();
        assert!(
            sql.contains("(e.city_code = $2 OR e.region_code = $3)"),
            "{sql}"
        );
        assert!(sql.contains("c.code IN ($4, $5)"), "{sql}");
        assert!(sql.contains("WHERE code = $6"), "{sql}");
        assert_eq!(conditions.used(), 6);
        assert_eq!(conditions.values[2], Value::Text("SX-01".into()));
    }

    #[test]
    fn empty_lists_see_nothing() {
        let mut conditions = Conditions::default();
        EnterpriseScope::nothing().push_conditions(&mut conditions);
        assert_eq!(conditions.where_clause(), " WHERE 1 = 0");
        assert!(EnterpriseScope::everything().is_everything());
    }
}
