//! Creating accounts and tokens, shared by the API (administrators) and the CLI
//! (`chainchief user add`, `chainchief token create`, the demo's accounts).
//!
//! Each role is bound to exactly what its scope needs — a region for a city or county bureau,
//! chains for a chain-chief office, a park, an enterprise, a department — and to nothing else, so
//! that an account cannot carry a scope its role ignores.

use model::{RegionCode, RegionLevel, Uscc};
use store::{EnterpriseScope, NewAccount, Store};

use crate::auth::{Role, secret};
use crate::{ApiError, now};

/// An account to create.
#[derive(Debug, Clone, Default)]
pub struct AccountSpec {
    pub username: String,
    pub display_name: String,
    pub role: Option<Role>,
    pub region: Option<RegionCode>,
    pub chains: Vec<String>,
    pub park: Option<String>,
    pub uscc: Option<Uscc>,
    pub department: Option<String>,
    /// `None` generates one (returned once by [`create_account`]).
    pub password: Option<String>,
}

/// Shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 12;

fn bad(field: &str, zh: &str, en: &str) -> ApiError {
    ApiError::invalid(field, zh, en)
}

/// Checks a username: 1–64 letters, digits, `.`, `_` or `-`.
pub fn check_username(username: &str) -> Result<(), ApiError> {
    let ok = (1..=64).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(bad(
            "username",
            "用户名须为 1–64 个字母、数字或 . _ -",
            "username must be 1–64 letters, digits, '.', '_' or '-'",
        ))
    }
}

pub fn check_password(password: &str) -> Result<(), ApiError> {
    if password.chars().count() >= MIN_PASSWORD_LEN {
        Ok(())
    } else {
        Err(bad(
            "password",
            "密码至少 12 个字符",
            "password must have at least 12 characters",
        ))
    }
}

/// Checks that the spec binds its role to what the role's scope needs and to nothing else.
async fn check_scope(store: &Store, spec: &AccountSpec, role: Role) -> Result<(), ApiError> {
    let needs = |field: &str, present: bool, zh: &str, en: &str| -> Result<(), ApiError> {
        if present {
            Ok(())
        } else {
            Err(bad(field, zh, en))
        }
    };
    let allowed = |field: &str, present: bool| -> Result<(), ApiError> {
        if present {
            Err(bad(
                field,
                &format!("角色 {} 不使用 {field}", role.as_str()),
                &format!("role {} does not take {field}", role.as_str()),
            ))
        } else {
            Ok(())
        }
    };
    allowed(
        "region",
        spec.region.is_some() && role != Role::RegionBureau,
    )?;
    allowed(
        "chains",
        !spec.chains.is_empty() && role != Role::ChainOffice,
    )?;
    allowed("park", spec.park.is_some() && role != Role::ParkOffice)?;
    allowed("uscc", spec.uscc.is_some() && role != Role::Enterprise)?;
    allowed(
        "department",
        spec.department.is_some() && role != Role::Department,
    )?;
    match role {
        Role::RegionBureau => {
            let region = spec.region.ok_or_else(|| {
                bad(
                    "region",
                    "市县工信部门须指定地区代码",
                    "a city or county bureau needs --region",
                )
            })?;
            if region.level() == RegionLevel::Province {
                return Err(bad(
                    "region",
                    "市县工信部门的地区须为市或县级",
                    "a bureau's region must be a city or a county",
                ));
            }
        }
        Role::ChainOffice => {
            needs(
                "chains",
                !spec.chains.is_empty(),
                "链长办须指定至少一条产业链",
                "a chain-chief office needs at least one chain",
            )?;
            for chain in &spec.chains {
                if store
                    .chain_by_code(&EnterpriseScope::everything(), chain)
                    .await?
                    .is_none()
                {
                    return Err(bad(
                        "chains",
                        &format!("产业链 {chain} 不存在"),
                        &format!("chain {chain} does not exist"),
                    ));
                }
            }
        }
        Role::ParkOffice => {
            let park = spec
                .park
                .as_ref()
                .ok_or_else(|| bad("park", "园区管委会须指定园区", "a park office needs --park"))?;
            if !store.list_parks().await?.iter().any(|p| &p.code == park) {
                return Err(bad(
                    "park",
                    &format!("园区 {park} 不存在"),
                    &format!("park {park} does not exist"),
                ));
            }
        }
        Role::Enterprise => needs(
            "uscc",
            spec.uscc.is_some(),
            "企业账户须指定统一社会信用代码",
            "an enterprise account needs --uscc",
        )?,
        Role::Department => needs(
            "department",
            spec.department
                .as_deref()
                .is_some_and(|d| !d.trim().is_empty()),
            "共享部门账户须指定部门名称",
            "a department account needs --department",
        )?,
        Role::Administrator | Role::ProvinceAnalyst | Role::Viewer => {}
    }
    Ok(())
}

/// Creates the account; returns its id and, when the spec had none, the generated password
/// (shown once, never stored in clear).
pub async fn create_account(
    store: &Store,
    spec: &AccountSpec,
) -> Result<(i64, Option<String>), ApiError> {
    check_username(&spec.username)?;
    let role = spec
        .role
        .ok_or_else(|| bad("role", "须指定角色", "role is required"))?;
    check_scope(store, spec, role).await?;
    let (password, generated) = match &spec.password {
        Some(password) => {
            check_password(password)?;
            (password.clone(), None)
        }
        None => {
            let password = secret::generate_password()?;
            (password.clone(), Some(password))
        }
    };
    let hash = tokio::task::spawn_blocking(move || secret::hash_password(&password))
        .await
        .map_err(|_| ApiError::internal())??;
    let account = NewAccount {
        username: spec.username.clone(),
        display_name: spec.display_name.clone(),
        role: role.as_str().to_owned(),
        region: spec.region,
        chains: spec.chains.clone(),
        park: spec.park.clone(),
        uscc: spec.uscc,
        department: spec.department.clone(),
        password_hash: hash,
    };
    match store.create_account(&account, now()).await {
        Ok(id) => Ok((id, generated)),
        Err(e) if e.is_constraint_violation() => Err(ApiError::conflict(
            format!("用户名 {} 已存在", spec.username),
            format!("username {} is taken", spec.username),
        )),
        Err(e) => Err(e.into()),
    }
}

/// Creates the account, or when one with this username and role exists already, gives it a new
/// password. Returns the password (generated when the spec has none). Used by the demo, whose
/// accounts get fresh passwords on every run.
pub async fn ensure_account(store: &Store, spec: &AccountSpec) -> Result<String, ApiError> {
    if let Some((account, _)) = store.account_credentials(&spec.username).await? {
        let role = spec.role.map(Role::as_str);
        if Some(account.role.as_str()) != role {
            return Err(ApiError::conflict(
                format!("用户名 {} 已被其他角色使用", spec.username),
                format!("username {} exists with another role", spec.username),
            ));
        }
        let password = match &spec.password {
            Some(p) => p.clone(),
            None => secret::generate_password()?,
        };
        let clear = password.clone();
        let hash = tokio::task::spawn_blocking(move || secret::hash_password(&clear))
            .await
            .map_err(|_| ApiError::internal())??;
        store.set_password_hash(account.id, &hash).await?;
        store.set_account_disabled(account.id, false).await?;
        return Ok(password);
    }
    let (_, generated) = create_account(store, spec).await?;
    match (generated, &spec.password) {
        (Some(generated), _) => Ok(generated),
        (None, Some(given)) => Ok(given.clone()),
        (None, None) => Err(ApiError::internal()),
    }
}

/// Longest a token may live.
pub const MAX_TOKEN_DAYS: i64 = 730;

/// Creates a bearer token for `account` valid for `days`; returns its id and its secret (shown
/// once: the database keeps only its SHA-256).
pub async fn create_token(
    store: &Store,
    account: i64,
    name: &str,
    write: bool,
    days: i64,
) -> Result<(i64, String), ApiError> {
    if !(1..=MAX_TOKEN_DAYS).contains(&days) {
        return Err(bad(
            "expires_in_days",
            "令牌有效期须为 1–730 天",
            "a token must live 1 to 730 days",
        ));
    }
    if name.trim().is_empty() || name.len() > 100 {
        return Err(bad(
            "name",
            "令牌名称须为 1–100 个字符",
            "token name must have 1–100 characters",
        ));
    }
    let secret = format!("cc_{}", secret::random_hex(32)?);
    let at = now();
    let scope = if write { "write" } else { "read" };
    let id = store
        .create_token(
            account,
            name,
            &secret::digest(&secret),
            scope,
            at,
            at + days * 86_400,
        )
        .await?;
    Ok((id, secret))
}
