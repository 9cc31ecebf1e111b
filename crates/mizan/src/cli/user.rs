//! `mizan user …`: add users, grant roles, disable, reset passwords, list.

use std::process::ExitCode;

use clap::Subcommand;

use super::Cli;
use crate::app::AppState;
use crate::audit::Actor;
use crate::auth::actions::{self, NewGrant, Username};
use crate::auth::{Role, store};
use crate::error::AppError;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user with a role; prints a one-time password.
    Add {
        username: String,
        /// One of: national_admin, coordinator, branch_secretary, organization_officer,
        /// data_entry, viewer, moderator, nomination_reviewer, data_protection_officer.
        #[arg(long)]
        role: String,
        /// The territory unit the role covers (an HCP code such as 03.561), or `all`.
        #[arg(long)]
        scope: String,
        /// Limit the role to one organization (its id).
        #[arg(long)]
        org: Option<i64>,
        /// The name shown in the interface.
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Grant one more role to a user.
    Grant {
        username: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        scope: String,
        #[arg(long)]
        org: Option<i64>,
    },
    /// Disable a user: their sessions end and their tokens stop working at once.
    Disable { username: String },
    /// Give a user a new one-time password.
    ResetPassword { username: String },
    /// List users and their roles.
    List,
}

fn grant(role: &str, scope: &str, org: Option<i64>) -> anyhow::Result<NewGrant> {
    let role = Role::parse(role).ok_or_else(|| {
        let known: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        anyhow::anyhow!("unknown role {role:?}; one of: {}", known.join(", "))
    })?;
    let scope_code = match scope {
        "all" => None,
        code => Some(
            crate::territory::UnitCode::parse(code)
                .ok_or_else(|| anyhow::anyhow!("{code:?} is not a territory code (like 03.561, or all)"))?
                .to_string(),
        ),
    };
    Ok(NewGrant {
        role,
        scope_code,
        organization_id: org,
    })
}

fn username(s: &str) -> anyhow::Result<Username> {
    Username::parse(s).ok_or_else(|| {
        anyhow::anyhow!(
            "{s:?} is not a valid user name (3–64 of a-z 0-9 . _ -, starting with a letter or digit)"
        )
    })
}

/// Says what went wrong in the operator's terms.
fn explain(e: AppError) -> anyhow::Error {
    match e {
        AppError::NotFound => anyhow::anyhow!("no such user"),
        AppError::Conflict(_) => anyhow::anyhow!("that user name is taken"),
        AppError::Invalid(f) if f.iter().any(|f| f.code == "field-unknown-unit") => {
            anyhow::anyhow!("no territory unit has that code")
        }
        other => anyhow::anyhow!("{other}"),
    }
}

pub async fn run(cli: &Cli, command: &UserCommand) -> anyhow::Result<ExitCode> {
    let state = AppState::open(cli.load_config(None)?).await?;
    let actor = Actor::cli();
    let result = run_with(&state, &actor, command).await;
    state.db.close().await;
    result.map(|()| ExitCode::SUCCESS)
}

async fn run_with(state: &AppState, actor: &Actor, command: &UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            username: name,
            role,
            scope,
            org,
            name: display,
        } => {
            let g = grant(role, scope, *org)?;
            let u = username(name)?;
            let (_, password) = actions::create_user(state, actor, &u, display, &[g])
                .await
                .map_err(explain)?;
            println!("Created {}. One-time password: {password}", u.as_str());
            println!("It must be changed at the first sign-in.");
            Ok(())
        }
        UserCommand::Grant {
            username: name,
            role,
            scope,
            org,
        } => {
            let g = grant(role, scope, *org)?;
            actions::grant_role(state, actor, username(name)?.as_str(), &g)
                .await
                .map_err(explain)?;
            println!("Granted {role} on {scope} to {name}.");
            Ok(())
        }
        UserCommand::Disable { username: name } => {
            actions::disable_user(state, actor, username(name)?.as_str())
                .await
                .map_err(explain)?;
            println!("Disabled {name}: their sessions ended and their tokens are revoked.");
            Ok(())
        }
        UserCommand::ResetPassword { username: name } => {
            let password = crate::auth::passwords::reset_password(state, actor, username(name)?.as_str())
                .await
                .map_err(explain)?;
            println!("New one-time password for {name}: {password}");
            Ok(())
        }
        UserCommand::List => {
            for u in store::list_users(&state.db).await? {
                let status = if u.disabled_at.is_some() {
                    " (disabled)"
                } else {
                    ""
                };
                println!(
                    "{}\t{}{}\t{}",
                    u.username,
                    u.display_name,
                    status,
                    u.grants.unwrap_or_default()
                );
            }
            Ok(())
        }
    }
}
