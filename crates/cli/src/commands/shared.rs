//! What several subcommands share: the database option, the async runtime, logging, progress.

use std::net::SocketAddr;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// Database: a SQLite file path (created if missing) or a postgres://user:pass@host/db URL.
    #[arg(
        long,
        env = "CHAINCHIEF_DATABASE_URL",
        default_value = "chainchief.sqlite"
    )]
    pub database_url: String,
}

/// Where the server listens.
#[derive(Debug, Clone, Args)]
pub struct ListenArgs {
    /// Address and port to serve on; use 0.0.0.0:8080 to accept connections from other machines.
    #[arg(long, env = "CHAINCHIEF_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
}

/// How a command shows a result table.
#[derive(Debug, Clone, Args)]
pub struct TableOutput {
    /// Column headers and labels in Chinese (zh) or English (en).
    #[arg(long, default_value = "zh", value_parser = ["zh", "en"])]
    pub lang: String,
    /// Write the table to this file instead of printing it: .xlsx (numbers kept as numbers), or
    /// CSV (UTF-8 with BOM, opens in Excel and WPS) for any other extension.
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
}

impl TableOutput {
    pub fn chinese(&self) -> bool {
        self.lang == "zh"
    }

    /// Prints `table` aligned, or writes it to `--out`.
    pub fn emit(&self, table: &analytics::table::Table) -> anyhow::Result<()> {
        let chinese = self.chinese();
        let Some(path) = &self.out else {
            print!("{}", table.to_text(chinese));
            return Ok(());
        };
        let xlsx = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        let bytes = if xlsx {
            analytics::table::workbook(&[("结果", "result", table)], chinese)?
        } else {
            // A byte-order mark makes Excel read the file as UTF-8.
            let mut bytes = "\u{feff}".as_bytes().to_vec();
            let mut writer = csv::Writer::from_writer(&mut bytes);
            writer.write_record(table.headers(chinese))?;
            for row in table.rendered_rows() {
                writer.write_record(row)?;
            }
            writer.flush()?;
            drop(writer);
            bytes
        };
        std::fs::write(path, bytes)
            .with_context(|| format!("could not write {}", path.display()))?;
        eprintln!("wrote {} rows to {}", table.rows.len(), path.display());
        Ok(())
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    now()[..10].to_owned()
}

/// The current time (UTC) in ISO 8601, e.g. `2026-11-02T08:00:00Z`.
pub fn now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    model::time::iso_utc(seconds)
}

/// How the server protects itself.
#[derive(Debug, Clone, Args)]
pub struct ServerArgs {
    /// Mark the session cookie Secure and send HSTS: use when clients reach the server over
    /// HTTPS (through a TLS-terminating proxy).
    #[arg(long, env = "CHAINCHIEF_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Requests per second allowed per client address, on average.
    #[arg(long, env = "CHAINCHIEF_RATE_LIMIT", default_value_t = 50)]
    pub rate_limit: u32,
    /// Requests a client address may send in a burst.
    #[arg(long, env = "CHAINCHIEF_RATE_BURST", default_value_t = 200)]
    pub rate_burst: u32,
}

impl ServerArgs {
    pub fn config(&self) -> server::Config {
        server::Config {
            secure_cookies: self.secure_cookies,
            rate_per_second: self.rate_limit,
            rate_burst: self.rate_burst,
            ..server::Config::default()
        }
    }
}

/// A multi-threaded tokio runtime for one command.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")
}

/// Logs to stderr; `RUST_LOG` overrides the default level.
pub fn init_logging(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Opens the store, naming the database in the error.
pub async fn open_store(url: &str) -> anyhow::Result<store::Store> {
    store::Store::open(url)
        .await
        .with_context(|| format!("could not open the database {}", redact(url)))
}

/// An API error as one English line for the terminal.
pub fn api_error(error: server::ApiError) -> anyhow::Error {
    match &error.field {
        Some(field) => anyhow::anyhow!("{} ({field})", error.message_en),
        None => anyhow::anyhow!("{}", error.message_en),
    }
}

/// Records a change made from the command line in the audit trail (actor `cli`).
pub async fn audit_cli(store: &store::Store, action: &str, object: &str) -> anyhow::Result<()> {
    let record = store::AuditRecord {
        at: server::now(),
        actor: "cli".to_owned(),
        role: "administrator".to_owned(),
        action: action.to_owned(),
        object: object.to_owned(),
        client_ip: "local".to_owned(),
        outcome: "ok".to_owned(),
        ..Default::default()
    };
    store
        .append_audit(&record)
        .await
        .context("could not record the change in the audit trail")?;
    Ok(())
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// A progress bar on stderr that shows one stage at a time (hidden when stderr is not a
/// terminal).
pub struct StageProgress {
    bar: ProgressBar,
}

impl StageProgress {
    pub fn new() -> Self {
        let bar = ProgressBar::new(1);
        bar.set_style(
            ProgressStyle::with_template("{msg:>14} [{bar:40}] {percent:>3}% {elapsed_precise}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        StageProgress { bar }
    }

    /// Updates the bar: stage name, units done, units in the stage.
    pub fn update(&self, stage: &str, done: u64, total: u64) {
        if self.bar.message() != stage {
            self.bar.set_message(stage.to_owned());
            self.bar.reset_elapsed();
        }
        self.bar.set_length(total.max(1));
        self.bar.set_position(done);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Resolves when Ctrl-C (or SIGTERM on Unix) arrives.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// Serves `store` on `listen` until Ctrl-C, printing the address once bound.
pub async fn serve(
    store: store::Store,
    listen: SocketAddr,
    config: server::Config,
) -> anyhow::Result<()> {
    let state = server::AppState::with_config(store.clone(), config);
    server::serve(
        state,
        listen,
        |address| eprintln!("serving http://{address} (Ctrl-C to stop)"),
        shutdown_signal(),
    )
    .await
    .with_context(|| format!("could not serve on {listen}"))?;
    store.close().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            super::redact("postgres://cc:secret@db:5432/cc"),
            "postgres://cc:***@db:5432/cc"
        );
        assert_eq!(super::redact("postgres://cc@db/cc"), "postgres://cc@db/cc");
        assert_eq!(super::redact("chainchief.sqlite"), "chainchief.sqlite");
    }
}
