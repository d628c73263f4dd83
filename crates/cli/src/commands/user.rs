//! `chainchief user add|list`: local accounts with argon2 password hashes, each bound to its
//! role's scope.

use std::io::Read;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use server::accounts::{AccountSpec, create_account};
use server::auth::Role;

use super::shared::{self, DatabaseArgs};

/// Parses a role by its stable name (as `--help` lists them).
fn role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        format!("unknown role; one of {}", names.join(", "))
    })
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; prints a generated password once unless --password-stdin is given.
    Add(AddArgs),
    /// List accounts with their roles and scopes.
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Login name: 1–64 letters, digits, '.', '_' or '-'.
    #[arg(long)]
    username: String,
    /// The account's role: administrator, province_analyst, chain_office (needs --chain),
    /// region_bureau (--region), department (--department), park_office (--park), enterprise
    /// (--uscc) or viewer.
    #[arg(long, value_parser = role)]
    role: Role,
    /// Name shown in the UI.
    #[arg(long, default_value = "")]
    display_name: String,
    /// City or county code (GB/T 2260) of a region bureau.
    #[arg(long)]
    region: Option<String>,
    /// Chain code(s) of a chain-chief office (repeat or separate with commas).
    #[arg(long = "chain", value_delimiter = ',')]
    chains: Vec<String>,
    /// Park code of a park office.
    #[arg(long)]
    park: Option<String>,
    /// USCC of an enterprise account.
    #[arg(long)]
    uscc: Option<String>,
    /// Department name of a sharing department (grants name it).
    #[arg(long)]
    department: Option<String>,
    /// Read the password (at least 12 characters) from the first line of standard input.
    #[arg(long)]
    password_stdin: bool,
    #[command(flatten)]
    database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    database: DatabaseArgs,
}

pub fn run(command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add(args) => add(args),
        UserCommand::List(args) => list(args),
    }
}

fn add(args: AddArgs) -> anyhow::Result<()> {
    let password = if args.password_stdin {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("could not read the password from standard input")?;
        let line = text.lines().next().unwrap_or("").to_owned();
        if line.is_empty() {
            bail!("--password-stdin: standard input held no password");
        }
        Some(line)
    } else {
        None
    };
    let spec = AccountSpec {
        username: args.username.clone(),
        display_name: args.display_name,
        role: Some(args.role),
        region: args
            .region
            .map(|r| model::RegionCode::parse(&r).with_context(|| format!("--region {r}")))
            .transpose()?,
        chains: args.chains,
        park: args.park,
        uscc: args
            .uscc
            .map(|u| model::Uscc::parse(&u).with_context(|| format!("--uscc {u}")))
            .transpose()?,
        department: args.department,
        password,
    };
    shared::runtime()?.block_on(async {
        let store = shared::open_store(&args.database.database_url).await?;
        let (_, generated) = create_account(&store, &spec)
            .await
            .map_err(shared::api_error)?;
        shared::audit_cli(&store, "user.add", &spec.username).await?;
        store.close().await;
        let role = args.role;
        eprintln!(
            "created {} ({} {})",
            spec.username,
            role.as_str(),
            role.label_zh()
        );
        if let Some(password) = generated {
            // The only time the password is shown: it is stored as an argon2 hash.
            println!("{password}");
        }
        Ok(())
    })
}

fn list(args: ListArgs) -> anyhow::Result<()> {
    shared::runtime()?.block_on(async {
        let store = shared::open_store(&args.database.database_url).await?;
        let mut offset = 0;
        println!("{:<24} {:<17} {:<30} status", "username", "role", "scope");
        loop {
            let page = store.list_accounts(500, offset).await?;
            for a in &page.items {
                let scope = [
                    a.region.map(|r| format!("region {r}")),
                    (!a.chains.is_empty()).then(|| format!("chains {}", a.chains.join(","))),
                    a.park.as_ref().map(|p| format!("park {p}")),
                    a.uscc.map(|u| format!("uscc {u}")),
                    a.department.as_ref().map(|d| format!("department {d}")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("; ");
                let status = if a.disabled {
                    "disabled"
                } else if a.locked_until.is_some_and(|t| t > server::now()) {
                    "locked"
                } else {
                    "active"
                };
                println!("{:<24} {:<17} {:<30} {status}", a.username, a.role, scope);
            }
            offset += page.items.len() as i64;
            if page.items.is_empty() || offset >= page.total {
                break;
            }
        }
        store.close().await;
        Ok(())
    })
}

/// One account per role for the demo, with fresh random passwords (printed once, and written as
/// JSON to `file` for automated tests). The department also gets sharing grants for Taiyuan so
/// that it sees something.
pub async fn demo_accounts(
    store: &store::Store,
    file: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    use server::accounts::ensure_account;
    let taiyuan = model::RegionCode::parse("140100")?;
    let park = store.list_parks().await?.into_iter().next().map(|p| p.code);
    let filter = store::EnterpriseFilter {
        region: Some(taiyuan),
        ..Default::default()
    };
    let enterprise = store
        .list_enterprises(&filter, 1, 0)
        .await?
        .items
        .into_iter()
        .next();
    let department = "省统计局";
    let mut rows = Vec::new();
    for role in Role::ALL {
        let mut spec = AccountSpec {
            username: format!("demo_{}", role.as_str()),
            role: Some(role),
            ..Default::default()
        };
        match role {
            Role::RegionBureau => spec.region = Some(taiyuan),
            Role::ChainOffice => spec.chains = vec!["SX-01".to_owned()],
            Role::ParkOffice => spec.park = park.clone(),
            Role::Enterprise => spec.uscc = enterprise.as_ref().map(|e| e.uscc),
            Role::Department => spec.department = Some(department.to_owned()),
            _ => {}
        }
        let password = ensure_account(store, &spec)
            .await
            .map_err(shared::api_error)?;
        rows.push((spec.username, role, password));
    }
    let today = server::today(server::now());
    if store
        .active_grants(Some(department), None, &today)
        .await?
        .is_empty()
    {
        for dataset in ["enterprise_registry", "indicator_series", "supply_links"] {
            let grant = store::NewGrant {
                grantee_kind: "department".to_owned(),
                grantee: department.to_owned(),
                dataset: dataset.to_owned(),
                fields: Vec::new(),
                regions: vec![taiyuan],
                period_from: None,
                period_to: None,
                purpose: "演示：太原市工业运行监测".to_owned(),
                valid_until: "2099-12-31".to_owned(),
                created_by: "demo".to_owned(),
            };
            store.create_grant(&grant, server::now()).await?;
        }
    }
    shared::audit_cli(store, "demo.accounts", &format!("{} accounts", rows.len())).await?;
    eprintln!("demo accounts (passwords shown once; run the demo again for new ones):");
    for (username, role, password) in &rows {
        eprintln!("  {username:<26} {password}  {}", role.label_zh());
    }
    if let Some(path) = file {
        let json: Vec<serde_json::Value> = rows
            .iter()
            .map(|(username, role, password)| {
                serde_json::json!({"username": username, "role": role.as_str(), "password": password})
            })
            .collect();
        std::fs::write(path, serde_json::to_string_pretty(&json)?)
            .with_context(|| format!("could not write {}", path.display()))?;
        eprintln!("wrote the demo accounts to {}", path.display());
    }
    Ok(())
}
