//! `chainchief serve`: the web UI and the API over an existing database.

use clap::Args;

use super::shared::{self, DatabaseArgs, ListenArgs, ServerArgs};

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    #[command(flatten)]
    listen: ListenArgs,
    #[command(flatten)]
    server: ServerArgs,
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    shared::init_logging("info,sqlx=warn");
    shared::runtime()?.block_on(async {
        let store = shared::open_store(&args.database.database_url).await?;
        shared::serve(store, args.listen.listen, args.server.config()).await
    })
}
