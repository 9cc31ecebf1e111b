//! `mizan backup FILE`: a consistent copy of a live SQLite store (`VACUUM INTO`), taken while
//! Mizan keeps serving. PostgreSQL has its own tools (pg_dump).

use std::path::PathBuf;
use std::process::ExitCode;

use super::Cli;
use crate::store::{self, Db};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the copy; must not exist yet.
    pub file: PathBuf,
}

pub async fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let config = cli.load_config(None)?;
    if config.database_url.is_some() {
        anyhow::bail!("the store is PostgreSQL: back it up with pg_dump");
    }
    if args.file.exists() {
        anyhow::bail!("{} already exists; choose a new file", args.file.display());
    }
    if !config.data_dir.join("mizan.db").exists() {
        anyhow::bail!("no store in {}", config.data_dir.display());
    }
    let db = store::connect(&config.store_url()).await?;
    let Db::Sqlite { writer, .. } = &db else {
        anyhow::bail!("backup copies SQLite stores only");
    };
    let target = args.file.to_string_lossy().into_owned();
    sqlx::query("VACUUM INTO $1")
        .bind(&target)
        .execute(writer)
        .await?;
    db.close().await;
    crate::ops::files::restrict_file(&args.file)?;
    println!("Wrote a consistent copy of the store to {target}.");
    println!("The master key is not in it: keep a copy of the key apart from the backups.");
    Ok(ExitCode::SUCCESS)
}
