//! `mizan audit verify`: walk the hash chain of the audit log.

use std::process::ExitCode;

use clap::Subcommand;

use super::Cli;
use crate::audit::{Verdict, verify};
use crate::store;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that no entry was edited, deleted or reordered.
    Verify,
}

pub async fn run(cli: &Cli, command: &AuditCommand) -> anyhow::Result<ExitCode> {
    let AuditCommand::Verify = command;
    let config = cli.load_config(None)?;
    let db = store::connect(&config.store_url()).await?;
    let verdict = verify(&db).await?;
    db.close().await;
    match verdict {
        Verdict::Intact { entries } => {
            println!("The audit log is intact: {entries} entries, every link checked.");
            Ok(ExitCode::SUCCESS)
        }
        Verdict::Broken { seq, reason } => {
            println!("The audit log is BROKEN at entry {seq}: {reason}.");
            Ok(ExitCode::FAILURE)
        }
    }
}
