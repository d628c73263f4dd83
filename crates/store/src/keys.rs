//! The natural keys already stored, read in one go: importers check every reference of a file
//! against them before they write anything.

use std::collections::{HashMap, HashSet};

use model::{Id, Indicator};

use crate::{Store, StoreError, Transaction};

/// Natural keys of the stored rows an imported file may refer to.
#[derive(Debug, Clone, Default)]
pub struct StoredKeys {
    pub parks: HashSet<String>,
    pub towns: HashSet<String>,
    /// USCC → enterprise id.
    pub enterprises: HashMap<String, Id>,
    pub chains: HashSet<String>,
    /// (chain code, node code).
    pub nodes: HashSet<(String, String)>,
    /// Indicator code → (id, definition).
    pub indicators: HashMap<String, (Id, Indicator)>,
}

impl Store {
    /// Reads every natural key an import may refer to, in one snapshot.
    pub async fn stored_keys(&self) -> Result<StoredKeys, StoreError> {
        let mut tx = self.begin().await?;
        let keys = self.stored_keys_in(&mut tx).await?;
        drop(tx);
        Ok(keys)
    }

    async fn stored_keys_in(&self, tx: &mut Transaction) -> Result<StoredKeys, StoreError> {
        let parks = self.code_ids_in(tx, "SELECT code, id FROM park").await?;
        let towns = self
            .code_ids_in(tx, "SELECT code, id FROM professional_town")
            .await?;
        let chains = self.code_ids_in(tx, "SELECT code, id FROM chain").await?;
        let nodes = self.node_ids(tx).await?;
        let enterprises = self.enterprise_ids(tx).await?;
        let ids = self
            .code_ids_in(tx, "SELECT code, id FROM indicator")
            .await?;
        let definitions = self.list_indicators_in(tx).await?;
        let indicators = definitions
            .into_iter()
            .filter_map(|i| ids.get(&i.code).map(|&id| (i.code.clone(), (id, i))))
            .collect();
        Ok(StoredKeys {
            parks: parks.into_keys().collect(),
            towns: towns.into_keys().collect(),
            enterprises,
            chains: chains.into_keys().collect(),
            nodes: nodes.into_keys().collect(),
            indicators,
        })
    }
}
