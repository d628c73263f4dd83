//! Accounts and their credentials: password hashes, browser sessions, bearer tokens, and the
//! login attempts that throttling and lockout read.
//!
//! Secrets never reach this module in clear: sessions and tokens are stored as the SHA-256 of the
//! value the client holds, passwords as argon2 PHC strings. Roles and scopes are stored as the
//! server's text; the server decides what they mean.

use model::{Id, RegionCode, Uscc};

use crate::enterprises::Page;
use crate::places::stored_region;
use crate::{Store, StoreError, on_pool};

/// An account to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub region: Option<RegionCode>,
    pub chains: Vec<String>,
    pub park: Option<String>,
    pub uscc: Option<Uscc>,
    pub department: Option<String>,
    /// argon2 PHC string.
    pub password_hash: String,
}

/// A stored account (without its password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: Id,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub region: Option<RegionCode>,
    pub chains: Vec<String>,
    pub park: Option<String>,
    pub uscc: Option<Uscc>,
    pub department: Option<String>,
    pub disabled: bool,
    pub failed_logins: i64,
    /// Unix seconds until which logins are refused after too many failures.
    pub locked_until: Option<i64>,
    pub created_at: i64,
}

/// A stored bearer token (its secret is never stored, only its hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: Id,
    pub account_id: Id,
    pub username: String,
    pub name: String,
    /// `read` or `write`.
    pub scope: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
}

type AccountRow = (
    i64,
    String,
    String,
    String,
    Option<i64>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
    i64,
    Option<i64>,
    i64,
);

const ACCOUNT_COLUMNS: &str = "a.id, a.username, a.display_name, a.role, a.region_code, a.chains, \
     a.park_code, a.uscc, a.department, a.disabled, a.failed_logins, a.locked_until, a.created_at";

fn decode_account(r: AccountRow) -> Result<Account, StoreError> {
    Ok(Account {
        id: r.0,
        username: r.1,
        display_name: r.2,
        role: r.3,
        region: r.4.map(stored_region).transpose()?,
        chains: r
            .5
            .split(',')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect(),
        park: r.6,
        uscc: r
            .7
            .map(|u| Uscc::parse(&u).map_err(|e| StoreError::corrupt("USCC", &u, e)))
            .transpose()?,
        department: r.8,
        disabled: r.9,
        failed_logins: r.10,
        locked_until: r.11,
        created_at: r.12,
    })
}

type TokenRow = (i64, i64, String, String, String, i64, i64, Option<i64>);

const TOKEN_COLUMNS: &str = "t.id, t.account_id, a.username, t.name, t.scope, t.created_at, \
     t.expires_at, t.revoked_at";

fn decode_token(r: TokenRow) -> TokenInfo {
    TokenInfo {
        id: r.0,
        account_id: r.1,
        username: r.2,
        name: r.3,
        scope: r.4,
        created_at: r.5,
        expires_at: r.6,
        revoked_at: r.7,
    }
}

impl Store {
    /// Creates an account; a taken username is a constraint violation
    /// ([`StoreError::is_constraint_violation`]).
    pub async fn create_account(&self, account: &NewAccount, now: i64) -> Result<Id, StoreError> {
        let id: (i64,) = on_pool!(self, pool => {
            sqlx::query_as(
                "INSERT INTO account (username, display_name, role, region_code, chains, park_code, uscc, \
                 department, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 RETURNING id",
            )
            .bind(&account.username)
            .bind(&account.display_name)
            .bind(&account.role)
            .bind(account.region.map(|r| i64::from(r.as_u32())))
            .bind(account.chains.join(","))
            .bind(&account.park)
            .bind(account.uscc.map(|u| u.to_string()))
            .bind(&account.department)
            .bind(&account.password_hash)
            .bind(now)
            .fetch_one(pool)
            .await?
        });
        Ok(id.0)
    }

    /// Accounts in username order.
    pub async fn list_accounts(
        &self,
        limit: i64,
        offset: i64,
    ) -> Result<Page<Account>, StoreError> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS} FROM account a ORDER BY a.username LIMIT $1 OFFSET $2"
        );
        let (total, rows): ((i64,), Vec<AccountRow>) = on_pool!(self, pool => {
            let total = sqlx::query_as("SELECT COUNT(*) FROM account").fetch_one(pool).await?;
            let rows = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(limit).bind(offset).fetch_all(pool).await?;
            (total, rows)
        });
        Ok(Page {
            total: total.0,
            offset,
            limit,
            items: rows
                .into_iter()
                .map(decode_account)
                .collect::<Result<_, _>>()?,
        })
    }

    pub async fn account_by_id(&self, id: Id) -> Result<Option<Account>, StoreError> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM account a WHERE a.id = $1");
        let row: Option<AccountRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await?
        });
        row.map(decode_account).transpose()
    }

    /// The account and its password hash, for a login.
    pub async fn account_credentials(
        &self,
        username: &str,
    ) -> Result<Option<(Account, String)>, StoreError> {
        let row: Option<(i64, String)> = on_pool!(self, pool => {
            sqlx::query_as("SELECT id, password_hash FROM account WHERE username = $1")
                .bind(username)
                .fetch_optional(pool)
                .await?
        });
        let Some((id, hash)) = row else {
            return Ok(None);
        };
        Ok(self.account_by_id(id).await?.map(|account| (account, hash)))
    }

    /// Disables or re-enables an account; disabling also ends its sessions. False when no such
    /// account exists.
    pub async fn set_account_disabled(&self, id: Id, disabled: bool) -> Result<bool, StoreError> {
        let changed = on_pool!(self, pool => {
            let changed = sqlx::query("UPDATE account SET disabled = $2 WHERE id = $1")
                .bind(id)
                .bind(disabled)
                .execute(pool)
                .await?
                .rows_affected();
            if disabled {
                sqlx::query("DELETE FROM account_session WHERE account_id = $1").bind(id).execute(pool).await?;
            }
            changed
        });
        Ok(changed > 0)
    }

    pub async fn set_password_hash(&self, id: Id, hash: &str) -> Result<bool, StoreError> {
        let changed = on_pool!(self, pool => {
            sqlx::query("UPDATE account SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE id = $1")
                .bind(id)
                .bind(hash)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(changed > 0)
    }

    /// Records a login attempt; a failure counts against the account (when it exists) and locks it
    /// until `now + lock_seconds` once `lock_after` failures follow each other. Returns the
    /// account's consecutive failures.
    pub async fn record_login(
        &self,
        username: &str,
        client_ip: &str,
        now: i64,
        success: bool,
        lock_after: i64,
        lock_seconds: i64,
    ) -> Result<i64, StoreError> {
        let failures: Option<(i64,)> = on_pool!(self, pool => {
            sqlx::query("INSERT INTO login_attempt (username, client_ip, at, success) VALUES ($1, $2, $3, $4)")
                .bind(username)
                .bind(client_ip)
                .bind(now)
                .bind(success)
                .execute(pool)
                .await?;
            if success {
                sqlx::query_as(
                    "UPDATE account SET failed_logins = 0, locked_until = NULL WHERE username = $1 \
                     RETURNING failed_logins",
                )
                .bind(username)
                .fetch_optional(pool)
                .await?
            } else {
                sqlx::query_as(
                    "UPDATE account SET failed_logins = failed_logins + 1, \
                     locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END \
                     WHERE username = $1 RETURNING failed_logins",
                )
                .bind(username)
                .bind(lock_after)
                .bind(now + lock_seconds)
                .fetch_optional(pool)
                .await?
            }
        });
        Ok(failures.map_or(0, |f| f.0))
    }

    /// Failed logins from `client_ip` since `since` (whatever the username).
    pub async fn failed_logins_from(&self, client_ip: &str, since: i64) -> Result<i64, StoreError> {
        let n: (i64,) = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT COUNT(*) FROM login_attempt WHERE client_ip = $1 AND at >= $2 AND NOT success",
            )
            .bind(client_ip)
            .bind(since)
            .fetch_one(pool)
            .await?
        });
        Ok(n.0)
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        account: Id,
        csrf_token: &str,
        now: i64,
        expires_at: i64,
        client_ip: &str,
    ) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            sqlx::query("DELETE FROM account_session WHERE expires_at < $1").bind(now).execute(pool).await?;
            sqlx::query(
                "INSERT INTO account_session (token_hash, account_id, csrf_token, created_at, expires_at, client_ip) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(token_hash)
            .bind(account)
            .bind(csrf_token)
            .bind(now)
            .bind(expires_at)
            .bind(client_ip)
            .execute(pool)
            .await
            .map(|_| ())?
        });
        Ok(())
    }

    /// The account of a live session and the session's CSRF token and expiry.
    pub async fn session_account(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<(Account, String, i64)>, StoreError> {
        let row: Option<(i64, String, i64)> = on_pool!(self, pool => {
            sqlx::query_as(
                "SELECT s.account_id, s.csrf_token, s.expires_at FROM account_session s \
                 JOIN account a ON a.id = s.account_id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT a.disabled",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?
        });
        let Some((id, csrf, expires_at)) = row else {
            return Ok(None);
        };
        Ok(self
            .account_by_id(id)
            .await?
            .map(|account| (account, csrf, expires_at)))
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        on_pool!(self, pool => {
            sqlx::query("DELETE FROM account_session WHERE token_hash = $1").bind(token_hash).execute(pool).await.map(|_| ())?
        });
        Ok(())
    }

    /// Stores a new bearer token (its hash) and returns its id.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_token(
        &self,
        account: Id,
        name: &str,
        token_hash: &str,
        scope: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<Id, StoreError> {
        let id: (i64,) = on_pool!(self, pool => {
            sqlx::query_as(
                "INSERT INTO api_token (account_id, name, token_hash, scope, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(account)
            .bind(name)
            .bind(token_hash)
            .bind(scope)
            .bind(now)
            .bind(expires_at)
            .fetch_one(pool)
            .await?
        });
        Ok(id.0)
    }

    /// The account behind a live (unexpired, unrevoked) token of an enabled account.
    pub async fn token_account(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<(Account, TokenInfo)>, StoreError> {
        let sql = format!(
            "SELECT {TOKEN_COLUMNS} FROM api_token t JOIN account a ON a.id = t.account_id \
             WHERE t.token_hash = $1 AND t.expires_at > $2 AND t.revoked_at IS NULL AND NOT a.disabled"
        );
        let row: Option<TokenRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(token_hash).bind(now).fetch_optional(pool).await?
        });
        let Some(token) = row.map(decode_token) else {
            return Ok(None);
        };
        Ok(self
            .account_by_id(token.account_id)
            .await?
            .map(|account| (account, token)))
    }

    /// Tokens, newest first; only `account`'s when given.
    pub async fn list_tokens(
        &self,
        account: Option<Id>,
        limit: i64,
        offset: i64,
    ) -> Result<Page<TokenInfo>, StoreError> {
        // Account ids start at 1, so 0 stands for "every account".
        let account = account.unwrap_or(0);
        let sql = format!(
            "SELECT {TOKEN_COLUMNS} FROM api_token t JOIN account a ON a.id = t.account_id \
             WHERE ($3 = 0 OR t.account_id = $3) ORDER BY t.id DESC LIMIT $1 OFFSET $2"
        );
        let count_sql = "SELECT COUNT(*) FROM api_token t WHERE ($1 = 0 OR t.account_id = $1)";
        let (total, rows): ((i64,), Vec<TokenRow>) = on_pool!(self, pool => {
            let total = sqlx::query_as(count_sql).bind(account).fetch_one(pool).await?;
            let rows = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(limit).bind(offset).bind(account).fetch_all(pool).await?;
            (total, rows)
        });
        Ok(Page {
            total: total.0,
            offset,
            limit,
            items: rows.into_iter().map(decode_token).collect(),
        })
    }

    pub async fn token_by_id(&self, id: Id) -> Result<Option<TokenInfo>, StoreError> {
        let sql = format!(
            "SELECT {TOKEN_COLUMNS} FROM api_token t JOIN account a ON a.id = t.account_id WHERE t.id = $1"
        );
        let row: Option<TokenRow> = on_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await?
        });
        Ok(row.map(decode_token))
    }

    /// Revokes a token; false when it does not exist or was already revoked.
    pub async fn revoke_token(&self, id: Id, now: i64) -> Result<bool, StoreError> {
        let changed = on_pool!(self, pool => {
            sqlx::query("UPDATE api_token SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
                .bind(id)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(changed > 0)
    }
}
