//! `mizan migrate`: bring the store up to date and exit.

use std::process::ExitCode;

use super::Cli;
use crate::clock::SystemClock;
use crate::store::{self, redact_url};
use crate::territory::{Level, store as territory};

pub async fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    let config = cli.load_config(None)?;
    if config.database_url.is_none() {
        std::fs::create_dir_all(&config.data_dir)?;
        crate::ops::files::restrict_dir(&config.data_dir)?;
    }
    let (key, _) = crate::keys::MasterKey::load_or_create(&config.data_dir)?;
    let db = store::connect(&config.store_url()).await?;
    crate::app::prepare(&db, &SystemClock).await?;
    crate::audit::ensure_keyed(&db, &key).await?;
    let communes = territory::count_level(&db, Level::Commune).await?;
    println!(
        "{} is up to date ({} communes on the map).",
        redact_url(&config.store_url()),
        communes
    );
    db.close().await;
    Ok(ExitCode::SUCCESS)
}
