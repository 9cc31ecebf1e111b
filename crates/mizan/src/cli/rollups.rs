//! `mizan rollups rebuild`: recompute the activity rollups from the activities themselves (after a
//! restore, or to check them: the figures must not change).

use std::process::ExitCode;

use clap::Subcommand;

use super::Cli;
use crate::clock::SystemClock;
use crate::store;

#[derive(Debug, Subcommand)]
pub enum RollupsCommand {
    /// Recompute the activity rollups from the activities and their counts.
    Rebuild,
}

pub async fn run(cli: &Cli, cmd: &RollupsCommand) -> anyhow::Result<ExitCode> {
    let RollupsCommand::Rebuild = cmd;
    let config = cli.load_config(None)?;
    let db = store::connect(&config.store_url()).await?;
    crate::app::prepare(&db, &SystemClock).await?;
    let before = crate::activities::store::rollup_rows(&db).await?;
    let mut tx = db.begin().await?;
    crate::activities::store::rebuild_rollups(&mut tx).await?;
    tx.commit().await?;
    let after = crate::activities::store::rollup_rows(&db).await?;
    let changed = before != after;
    println!(
        "activity rollups rebuilt: {} rows{}",
        after.len(),
        if changed {
            " (they differed from the incremental ones)"
        } else {
            ", unchanged"
        }
    );
    db.close().await;
    Ok(ExitCode::SUCCESS)
}
