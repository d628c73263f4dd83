//! Credential → principal, remembered for a few seconds so that a busy client costs one lookup
//! per credential rather than per request.
//!
//! Every change to accounts, tokens or grants made through this server clears the cache; changes
//! made elsewhere (the CLI, another server process) take effect within [`TTL_SECONDS`].

use std::collections::HashMap;
use std::sync::Mutex;

use store::{Account, Store};

use super::{Credential, Principal, Role, Scope, secret};
use crate::{ApiError, today};

/// How long a resolved credential is trusted without asking the database again.
pub const TTL_SECONDS: i64 = 10;
/// Entries kept at most; past that the cache starts again empty.
const CAPACITY: usize = 10_000;

#[derive(Debug, Default)]
pub struct PrincipalCache {
    entries: Mutex<HashMap<String, (i64, Option<Principal>)>>,
}

impl PrincipalCache {
    /// Forgets everything (after a change to accounts, tokens or grants).
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }

    fn cached(&self, key: &str, now: i64) -> Option<Option<Principal>> {
        let entries = self.entries.lock().ok()?;
        let (at, principal) = entries.get(key)?;
        (now - at < TTL_SECONDS).then(|| principal.clone())
    }

    fn remember(&self, key: String, now: i64, principal: Option<Principal>) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= CAPACITY {
                entries.clear();
            }
            entries.insert(key, (now, principal));
        }
    }

    pub async fn by_session(
        &self,
        store: &Store,
        cookie: &str,
        now: i64,
    ) -> Result<Option<Principal>, ApiError> {
        let key = format!("s:{}", secret::digest(cookie));
        if let Some(hit) = self.cached(&key, now) {
            return Ok(hit.filter(|p| match p.credential {
                Credential::Session { expires_at, .. } => expires_at > now,
                Credential::Token { .. } => false,
            }));
        }
        let principal = match store.session_account(&key[2..], now).await? {
            Some((account, csrf_token, expires_at)) => {
                principal(
                    store,
                    account,
                    Credential::Session {
                        csrf_token,
                        expires_at,
                    },
                    now,
                )
                .await?
            }
            None => None,
        };
        self.remember(key, now, principal.clone());
        Ok(principal)
    }

    pub async fn by_token(
        &self,
        store: &Store,
        token: &str,
        now: i64,
    ) -> Result<Option<Principal>, ApiError> {
        let key = format!("t:{}", secret::digest(token));
        if let Some(hit) = self.cached(&key, now) {
            return Ok(hit);
        }
        let principal = match store.token_account(&key[2..], now).await? {
            Some((account, info)) => {
                let credential = Credential::Token {
                    id: info.id,
                    write: info.scope == "write",
                };
                principal(store, account, credential, now).await?
            }
            None => None,
        };
        self.remember(key, now, principal.clone());
        Ok(principal)
    }
}

/// Builds the principal of an account: its role, and its scope with the grants in force.
async fn principal(
    store: &Store,
    account: Account,
    credential: Credential,
    now: i64,
) -> Result<Option<Principal>, ApiError> {
    let Some(role) = Role::parse(&account.role) else {
        tracing::error!(username = %account.username, role = %account.role, "account with an unknown role");
        return Ok(None);
    };
    let token = match credential {
        Credential::Token { id, .. } => Some(id),
        Credential::Session { .. } => None,
    };
    let grants = if matches!(role, Role::Department | Role::Viewer) {
        let department = (role == Role::Department)
            .then_some(account.department.as_deref())
            .flatten();
        store.active_grants(department, token, &today(now)).await?
    } else {
        Vec::new()
    };
    let scope = Scope::of(&account, role, grants);
    Ok(Some(Principal::new(account, role, credential, scope)))
}
