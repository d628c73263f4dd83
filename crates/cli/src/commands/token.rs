//! `chainchief token create`: a bearer token for a machine client, printed once.

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use server::accounts::{MAX_TOKEN_DAYS, create_token};

use super::shared::{self, DatabaseArgs};

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token for an account and print it once (only its hash is stored).
    Create(CreateArgs),
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The account the token acts as.
    #[arg(long)]
    user: String,
    /// Expiry: a number of days (`90`, `90d`) or a date (`2027-06-30`); at most 730 days.
    #[arg(long, default_value = "90")]
    expires: String,
    /// A name to recognise the token by (e.g. the client's purpose).
    #[arg(long, default_value = "cli")]
    name: String,
    /// Allow the token to change data (default: read only).
    #[arg(long)]
    write: bool,
    #[command(flatten)]
    database: DatabaseArgs,
}

pub fn run(command: TokenCommand) -> anyhow::Result<()> {
    match command {
        TokenCommand::Create(args) => create(args),
    }
}

/// Days from now until `expires` (`90`, `90d` or `YYYY-MM-DD`), rounded up.
fn days(expires: &str, now: i64) -> anyhow::Result<i64> {
    let text = expires.trim();
    if let Ok(days) = text.trim_end_matches('d').parse::<i64>() {
        return Ok(days);
    }
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        bail!("--expires {expires}: give a number of days or a date YYYY-MM-DD");
    };
    let parse = |s: &str| {
        s.parse::<i64>()
            .with_context(|| format!("--expires {expires}"))
    };
    let (year, month, day) = (parse(year)?, parse(month)?, parse(day)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        bail!("--expires {expires}: not a date");
    }
    // Days since 1970-01-01 of a Gregorian date (H. Hinnant's days_from_civil).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let target = era * 146_097 + doe - 719_468;
    let left = target * 86_400 + 86_400 - now;
    if left <= 0 {
        bail!("--expires {expires} is in the past");
    }
    Ok((left + 86_399) / 86_400)
}

fn create(args: CreateArgs) -> anyhow::Result<()> {
    let days = days(&args.expires, server::now())?;
    if !(1..=MAX_TOKEN_DAYS).contains(&days) {
        bail!(
            "--expires {}: a token lives 1 to {MAX_TOKEN_DAYS} days",
            args.expires
        );
    }
    shared::runtime()?.block_on(async {
        let store = shared::open_store(&args.database.database_url).await?;
        let (account, _) = store
            .account_credentials(&args.user)
            .await?
            .with_context(|| format!("no account named {}", args.user))?;
        let (id, secret) = create_token(&store, account.id, &args.name, args.write, days)
            .await
            .map_err(shared::api_error)?;
        shared::audit_cli(&store, "token.create", &format!("{} token {id}", args.user)).await?;
        store.close().await;
        eprintln!(
            "token {id} for {} ({}, {days} days); shown once, send it as `Authorization: Bearer …`",
            args.user,
            if args.write {
                "read and write"
            } else {
                "read only"
            }
        );
        println!("{secret}");
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn expiry_in_days_or_as_a_date() {
        let now = 1_767_225_600; // 2026-01-01T00:00:00Z
        assert_eq!(super::days("30", now).unwrap(), 30);
        assert_eq!(super::days("7d", now).unwrap(), 7);
        assert_eq!(super::days("2026-01-31", now).unwrap(), 31);
        assert!(super::days("2025-12-31", now).is_err());
        assert!(super::days("soon", now).is_err());
    }
}
