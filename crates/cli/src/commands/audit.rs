//! `chainchief audit verify|export`: check the hash chain of the audit trail, or write it out.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};

use super::shared::{self, DatabaseArgs};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain and name the first event that was changed, removed or inserted.
    Verify(VerifyArgs),
    /// Write every event to a CSV file (UTF-8 with BOM, opens in Excel and WPS).
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The CSV file to write.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    #[command(flatten)]
    database: DatabaseArgs,
}

pub fn run(command: AuditCommand) -> anyhow::Result<()> {
    match command {
        AuditCommand::Verify(args) => verify(args),
        AuditCommand::Export(args) => export(args),
    }
}

fn verify(args: VerifyArgs) -> anyhow::Result<()> {
    shared::runtime()?.block_on(async {
        let store = shared::open_store(&args.database.database_url).await?;
        let verdict = store.verify_audit_chain().await?;
        store.close().await;
        match verdict.first_broken {
            None => {
                println!("audit trail intact: {} events verified", verdict.checked);
                Ok(())
            }
            Some((seq, reason)) => bail!("audit trail broken at event {seq}: {reason}"),
        }
    })
}

fn export(args: ExportArgs) -> anyhow::Result<()> {
    shared::runtime()?.block_on(async {
        let store = shared::open_store(&args.database.database_url).await?;
        let file = std::fs::File::create(&args.out)
            .with_context(|| format!("could not create {}", args.out.display()))?;
        let mut out = std::io::BufWriter::new(file);
        std::io::Write::write_all(&mut out, "\u{feff}".as_bytes())?;
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record([
            "seq",
            "at",
            "actor",
            "role",
            "action",
            "object",
            "client_ip",
            "outcome",
            "detail",
            "grant_id",
            "subjects",
            "prev_hash",
            "hash",
        ])?;
        let mut after = 0;
        let mut rows = 0;
        loop {
            let events = store.audit_events_after(after, 10_000).await?;
            let Some(last) = events.last() else { break };
            after = last.seq;
            for event in &events {
                let e = &event.record;
                writer.write_record([
                    event.seq.to_string(),
                    model::time::iso_utc(e.at),
                    e.actor.clone(),
                    e.role.clone(),
                    e.action.clone(),
                    e.object.clone(),
                    e.client_ip.clone(),
                    e.outcome.clone(),
                    e.detail.clone(),
                    e.grant_id.map(|g| g.to_string()).unwrap_or_default(),
                    e.subjects.join(" "),
                    event.prev_hash.clone(),
                    event.hash.clone(),
                ])?;
            }
            rows += events.len();
        }
        writer
            .flush()
            .with_context(|| format!("could not write {}", args.out.display()))?;
        store.close().await;
        eprintln!("wrote {rows} events to {}", args.out.display());
        Ok(())
    })
}
