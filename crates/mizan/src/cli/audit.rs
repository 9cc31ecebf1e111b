//! `mizan audit verify`: walk the keyed chain of the audit log, and check the checkpoints kept
//! outside the store; `mizan audit checkpoint`: print the head, and keep it in the data directory.

use std::process::ExitCode;

use clap::Subcommand;

use super::Cli;
use crate::audit::{Checkpoint, Verdict, checkpoints, head, verify};
use crate::keys::MasterKey;
use crate::store;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that no entry was edited, deleted, reordered or cut off since a checkpoint.
    Verify {
        /// A checkpoint kept elsewhere (`SEQ:LINK`, as `mizan audit checkpoint` prints it),
        /// checked with those of the data directory's `audit-checkpoints`. May be repeated.
        #[arg(long = "checkpoint", value_name = "SEQ:LINK")]
        checkpoints: Vec<String>,
    },
    /// Print the head of the chain (to keep apart from the server) and append it to the data
    /// directory's `audit-checkpoints`.
    Checkpoint,
}

pub async fn run(cli: &Cli, command: &AuditCommand) -> anyhow::Result<ExitCode> {
    let config = cli.load_config(None)?;
    let key = MasterKey::load(&config.data_dir)?;
    let db = store::connect(&config.store_url()).await?;
    let file = checkpoints::file(&config.data_dir);
    let outcome = match command {
        AuditCommand::Verify { checkpoints: given } => {
            let mut kept = checkpoints::read(&file)?;
            for text in given {
                kept.push(
                    Checkpoint::parse(text)
                        .ok_or_else(|| anyhow::anyhow!("not a checkpoint (SEQ:LINK): {text}"))?,
                );
            }
            match verify(&db, &key, &kept).await? {
                Verdict::Intact { entries } => {
                    println!(
                        "The audit log is intact: {entries} entries, every link checked, {} checkpoints found.",
                        kept.len()
                    );
                    ExitCode::SUCCESS
                }
                Verdict::Broken { seq, reason } => {
                    println!("The audit log is BROKEN at entry {seq}: {reason}.");
                    ExitCode::FAILURE
                }
            }
        }
        AuditCommand::Checkpoint => {
            let now = head(&db).await?;
            checkpoints::append(&file, &now, chrono::Utc::now())?;
            println!("{now}");
            ExitCode::SUCCESS
        }
    };
    db.close().await;
    Ok(outcome)
}
