//! The `mizan` command: one file per subcommand.

mod audit;
mod backup;
mod configtest;
mod demo;
mod import;
mod migrate;
mod rollups;
pub(crate) mod serve;
mod token;
mod user;

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{Config, Overrides};

#[derive(Debug, Parser)]
#[command(
    name = "mizan",
    version,
    about = "Mizan — the organizing platform of a political party"
)]
pub struct Cli {
    /// A TOML configuration file (see `mizan config-example`). Env: MIZAN_CONFIG.
    #[arg(long, global = true, env = "MIZAN_CONFIG")]
    pub config: Option<PathBuf>,
    /// Where the SQLite store, the key and backups live [default: ./mizan-data]. Env: MIZAN_DATA_DIR.
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    /// Run on PostgreSQL (postgres://…) instead of SQLite. Env: MIZAN_DATABASE_URL (or _FILE).
    #[arg(long, global = true)]
    pub database_url: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application and the API (migrating the store first).
    Serve(serve::Args),
    /// Apply the store's migrations and load the shipped map, then exit.
    Migrate,
    /// Fill a fresh store with a fictional party on the real map (branches, people, logins).
    Demo(demo::Args),
    /// Import people from a branch's file.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Manage users and their roles.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Manage personal access tokens for scripts.
    #[command(subcommand)]
    Token(token::TokenCommand),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Recompute figures kept on write from the records behind them.
    #[command(subcommand)]
    Rollups(rollups::RollupsCommand),
    /// Write a consistent copy of a live SQLite store to FILE.
    Backup(backup::Args),
    /// Check the configuration and the files for risky settings.
    Configtest,
    /// Print a commented example configuration file.
    ConfigExample,
}

impl Cli {
    pub fn load_config(&self, bind: Option<SocketAddr>) -> anyhow::Result<Config> {
        Config::load(
            self.config.as_deref(),
            &Overrides {
                bind,
                data_dir: self.data_dir.clone(),
                database_url: self.database_url.clone(),
            },
        )
    }
}

/// Runs the parsed command; the process exit code follows.
pub async fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    match &cli.command {
        Command::Serve(args) => serve::run(&cli, args).await,
        Command::Migrate => migrate::run(&cli).await,
        Command::Demo(args) => demo::run(&cli, args).await,
        Command::Import(cmd) => import::run(&cli, cmd).await,
        Command::User(cmd) => user::run(&cli, cmd).await,
        Command::Token(cmd) => token::run(&cli, cmd).await,
        Command::Audit(cmd) => audit::run(&cli, cmd).await,
        Command::Rollups(cmd) => rollups::run(&cli, cmd).await,
        Command::Backup(args) => backup::run(&cli, args).await,
        Command::Configtest => configtest::run(&cli).await,
        Command::ConfigExample => {
            print!("{}", Config::example());
            Ok(std::process::ExitCode::SUCCESS)
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap's own consistency checks (duplicate names, groups…), which otherwise only fire when a
    /// debug build parses that subcommand.
    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
