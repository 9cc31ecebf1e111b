//! `mizan rollups rebuild`: recompute the activity rollups (and the distinct people reached) from
//! the activities themselves (after a restore, or to check them: the figures must not change).

use std::process::ExitCode;

use clap::Subcommand;

use super::Cli;
use crate::clock::SystemClock;
use crate::store;

#[derive(Debug, Subcommand)]
pub enum RollupsCommand {
    /// Recompute the activity rollups and the distinct people reached from the activities,
    /// their counts and their links.
    Rebuild,
}

pub async fn run(cli: &Cli, cmd: &RollupsCommand) -> anyhow::Result<ExitCode> {
    let RollupsCommand::Rebuild = cmd;
    let config = cli.load_config(None)?;
    let db = store::connect(&config.store_url()).await?;
    crate::app::prepare(&db, &SystemClock).await?;
    use crate::activities::links::store::reach_counts;
    use crate::activities::store::rollups::{rebuild_rollups, rollup_rows};
    let before = (rollup_rows(&db).await?, reach_counts(&db).await?);
    let mut tx = db.begin().await?;
    rebuild_rollups(&mut tx).await?;
    tx.commit().await?;
    let after = (rollup_rows(&db).await?, reach_counts(&db).await?);
    let changed = before != after;
    println!(
        "activity rollups rebuilt: {} rows, {} counts of distinct people{}",
        after.0.len(),
        after.1.len(),
        if changed {
            " (they differed from the incremental ones)"
        } else {
            ", unchanged"
        }
    );
    db.close().await;
    Ok(ExitCode::SUCCESS)
}
