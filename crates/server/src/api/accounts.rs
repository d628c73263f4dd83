//! Users and bearer tokens (administrators only).

use axum::extract::State;
use axum::http::StatusCode;
use model::{RegionCode, Uscc};
use serde::{Deserialize, Serialize};
use store::{Account, TokenInfo};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::{AccountSpec, check_password, create_account, create_token};
use crate::api::TAG_ACCOUNTS;
use crate::auth::{Permission, Principal, Role, secret};
use crate::request::{Json, Page, Pagination, Path, Query};
use crate::{ApiError, AppState, now};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, add_user))
        .routes(routes!(update_user))
        .routes(routes!(list_tokens, add_token))
        .routes(routes!(revoke_token))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub region: Option<String>,
    pub chains: Vec<String>,
    pub park: Option<String>,
    pub uscc: Option<String>,
    pub department: Option<String>,
    pub disabled: bool,
    /// True while logins are refused after repeated failures.
    pub locked: bool,
    /// ISO time (UTC).
    pub created_at: String,
}

impl From<Account> for User {
    fn from(a: Account) -> Self {
        User {
            locked: a.locked_until.is_some_and(|until| until > now()),
            created_at: model::time::iso_utc(a.created_at),
            region: a.region.map(|r| r.to_string()),
            uscc: a.uscc.map(|u| u.to_string()),
            id: a.id,
            username: a.username,
            display_name: a.display_name,
            role: a.role,
            chains: a.chains,
            park: a.park,
            department: a.department,
            disabled: a.disabled,
        }
    }
}

/// Accounts in username order.
#[utoipa::path(
    get,
    path = "/users",
    tag = TAG_ACCOUNTS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("manage_accounts"))),
    params(Pagination),
    responses((status = 200, description = "Accounts", body = Page<User>))
)]
async fn list_users(
    State(state): State<AppState>,
    principal: Principal,
    Query(page): Query<Pagination>,
) -> Result<axum::Json<Page<User>>, ApiError> {
    principal.require(Permission::ManageAccounts)?;
    let (limit, offset) = page.checked()?;
    let accounts = state.store.list_accounts(limit, offset).await?;
    Ok(axum::Json(Page::from_store(accounts, User::from)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    #[schema(pattern = "^[A-Za-z0-9._-]{1,64}$")]
    pub username: String,
    pub role: Role,
    #[serde(default)]
    pub display_name: String,
    /// City or county code (region_bureau).
    pub region: Option<String>,
    /// Chain codes (chain_office).
    #[serde(default)]
    pub chains: Vec<String>,
    /// Park code (park_office).
    pub park: Option<String>,
    /// The enterprise's USCC (enterprise).
    pub uscc: Option<String>,
    /// Department name (department).
    pub department: Option<String>,
    /// At least 12 characters; omit to have one generated and returned once.
    #[schema(min_length = 12)]
    pub password: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedUser {
    pub user: User,
    /// The generated password, shown this once (null when the request gave one).
    pub password: Option<String>,
}

/// Creates an account bound to its role's scope.
#[utoipa::path(
    post,
    path = "/users",
    tag = TAG_ACCOUNTS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("manage_accounts"))),
    request_body = NewUser,
    responses(
        (status = 201, description = "Created", body = CreatedUser),
        (status = 409, description = "The username is taken", body = ApiError)
    )
)]
async fn add_user(
    State(state): State<AppState>,
    principal: Principal,
    Json(body): Json<NewUser>,
) -> Result<(StatusCode, axum::Json<CreatedUser>), ApiError> {
    principal.require(Permission::ManageAccounts)?;
    let role = body.role;
    let region = body
        .region
        .map(|r| RegionCode::parse(&r))
        .transpose()
        .map_err(|e| {
            ApiError::invalid(
                "region",
                format!("地区代码有误：{e}"),
                format!("Invalid region code: {e}"),
            )
        })?;
    let uscc = body
        .uscc
        .map(|u| Uscc::parse(&u))
        .transpose()
        .map_err(|e| {
            ApiError::invalid(
                "uscc",
                format!("统一社会信用代码有误：{e}"),
                format!("Invalid USCC: {e}"),
            )
        })?;
    let spec = AccountSpec {
        username: body.username,
        display_name: body.display_name,
        role: Some(role),
        region,
        chains: body.chains,
        park: body.park,
        uscc,
        department: body.department,
        password: body.password,
    };
    let (id, password) = create_account(&state.store, &spec).await?;
    let account = state
        .store
        .account_by_id(id)
        .await?
        .ok_or_else(ApiError::internal)?;
    Ok((
        StatusCode::CREATED,
        axum::Json(CreatedUser {
            user: User::from(account),
            password,
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserChange {
    /// Disable (ends its sessions) or re-enable the account.
    pub disabled: Option<bool>,
    /// A new password (at least 12 characters); also lifts a lockout.
    #[schema(min_length = 12)]
    pub password: Option<String>,
}

/// Disables, re-enables or sets the password of an account.
#[utoipa::path(
    patch,
    path = "/users/{id}",
    tag = TAG_ACCOUNTS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("manage_accounts"))),
    params(("id" = i64, Path, description = "Account id")),
    request_body = UserChange,
    responses((status = 200, description = "The account after the change", body = User))
)]
async fn update_user(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
    Json(change): Json<UserChange>,
) -> Result<axum::Json<User>, ApiError> {
    principal.require(Permission::ManageAccounts)?;
    let missing = || ApiError::not_found("账户", "account");
    state.store.account_by_id(id).await?.ok_or_else(missing)?;
    if let Some(password) = change.password {
        check_password(&password)?;
        let hash = tokio::task::spawn_blocking(move || secret::hash_password(&password))
            .await
            .map_err(|_| ApiError::internal())??;
        state.store.set_password_hash(id, &hash).await?;
    }
    if let Some(disabled) = change.disabled {
        state.store.set_account_disabled(id, disabled).await?;
    }
    state.principals.clear();
    let account = state.store.account_by_id(id).await?.ok_or_else(missing)?;
    Ok(axum::Json(User::from(account)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Token {
    pub id: i64,
    pub username: String,
    pub name: String,
    /// `read` or `write`.
    pub scope: String,
    /// ISO times (UTC).
    pub created_at: String,
    pub expires_at: String,
    pub revoked_at: Option<String>,
}

impl From<TokenInfo> for Token {
    fn from(t: TokenInfo) -> Self {
        Token {
            id: t.id,
            username: t.username,
            name: t.name,
            scope: t.scope,
            created_at: model::time::iso_utc(t.created_at),
            expires_at: model::time::iso_utc(t.expires_at),
            revoked_at: t.revoked_at.map(model::time::iso_utc),
        }
    }
}

/// Bearer tokens, newest first (secrets are never shown again).
#[utoipa::path(
    get,
    path = "/tokens",
    tag = TAG_ACCOUNTS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("manage_accounts"))),
    params(Pagination),
    responses((status = 200, description = "Tokens", body = Page<Token>))
)]
async fn list_tokens(
    State(state): State<AppState>,
    principal: Principal,
    Query(page): Query<Pagination>,
) -> Result<axum::Json<Page<Token>>, ApiError> {
    principal.require(Permission::ManageAccounts)?;
    let (limit, offset) = page.checked()?;
    let tokens = state.store.list_tokens(None, limit, offset).await?;
    Ok(axum::Json(Page::from_store(tokens, Token::from)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// The account the token acts as.
    pub username: String,
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// May the token change data (default false: read only).
    #[serde(default)]
    pub write: bool,
    /// Lifetime in days, 1–730 (default 90).
    #[schema(minimum = 1, maximum = 730)]
    pub expires_in_days: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    pub token: Token,
    /// The secret, shown this once: send it as `Authorization: Bearer <secret>`.
    pub secret: String,
}

/// Creates a bearer token for an account.
#[utoipa::path(
    post,
    path = "/tokens",
    tag = TAG_ACCOUNTS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("manage_accounts"))),
    request_body = NewToken,
    responses((status = 201, description = "Created", body = CreatedToken))
)]
async fn add_token(
    State(state): State<AppState>,
    principal: Principal,
    Json(body): Json<NewToken>,
) -> Result<(StatusCode, axum::Json<CreatedToken>), ApiError> {
    principal.require(Permission::ManageAccounts)?;
    let (account, _) = state
        .store
        .account_credentials(&body.username)
        .await?
        .ok_or_else(|| ApiError::invalid("username", "账户不存在", "no such account"))?;
    let days = body.expires_in_days.unwrap_or(90);
    let (id, secret) = create_token(&state.store, account.id, &body.name, body.write, days).await?;
    let token = state
        .store
        .token_by_id(id)
        .await?
        .ok_or_else(ApiError::internal)?;
    Ok((
        StatusCode::CREATED,
        axum::Json(CreatedToken {
            token: Token::from(token),
            secret,
        }),
    ))
}

/// Revokes a token at once.
#[utoipa::path(
    delete,
    path = "/tokens/{id}",
    tag = TAG_ACCOUNTS,
    security(("session" = []), ("bearer" = [])),
    extensions(("x-permission" = json!("manage_accounts"))),
    params(("id" = i64, Path, description = "Token id")),
    responses((status = 204, description = "Revoked"))
)]
async fn revoke_token(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    principal.require(Permission::ManageAccounts)?;
    if !state.store.revoke_token(id, now()).await? {
        return Err(ApiError::not_found("有效令牌", "active token"));
    }
    state.principals.clear();
    Ok(StatusCode::NO_CONTENT)
}
