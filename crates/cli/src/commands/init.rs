//! `chainchief init`: create (or bring up to date) a database and say what it holds.

use clap::Args;

use super::shared::{self, DatabaseArgs};

#[derive(Debug, Args)]
pub struct InitArgs {
    #[command(flatten)]
    database: DatabaseArgs,
}

pub fn run(args: InitArgs) -> anyhow::Result<()> {
    shared::runtime()?.block_on(async {
        let url = &args.database.database_url;
        let store = shared::open_store(url).await?;
        let chains = store
            .list_chain_summaries(&store::EnterpriseScope::everything())
            .await?;
        let enterprises = store
            .list_enterprises(&Default::default(), 1, 0)
            .await?
            .total;
        println!(
            "database {} is ready ({:?})",
            shared::redact(url),
            store.backend()
        );
        println!("{} chains, {enterprises} enterprises", chains.len());
        store.close().await;
        Ok(())
    })
}
