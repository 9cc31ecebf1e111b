//! `mizan token create USER`: a personal access token for scripts, printed once.

use std::process::ExitCode;

use clap::Subcommand;

use super::Cli;
use crate::app::AppState;
use crate::audit::Actor;
use crate::auth::actions;

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token carrying the user's roles; prints it once.
    Create {
        username: String,
        /// What the token is for.
        #[arg(long, default_value = "script")]
        label: String,
        /// Expire after this many days (never, if not given).
        #[arg(long)]
        days: Option<i64>,
    },
}

pub async fn run(cli: &Cli, command: &TokenCommand) -> anyhow::Result<ExitCode> {
    let state = AppState::open(cli.load_config(None)?).await?;
    let TokenCommand::Create {
        username,
        label,
        days,
    } = command;
    let result = actions::create_token(&state, &Actor::cli(), &username.to_lowercase(), label, *days).await;
    state.db.close().await;
    match result {
        Ok(token) => {
            println!("{token}");
            eprintln!("Keep it secret: it is shown once. Use it as `Authorization: Bearer <token>`.");
            Ok(ExitCode::SUCCESS)
        }
        Err(crate::error::AppError::NotFound) => anyhow::bail!("no such user: {username}"),
        Err(e) => Err(anyhow::anyhow!("{e}")),
    }
}
