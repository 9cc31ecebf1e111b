//! `mizan demo`: fill a fresh store with the demo party (see `demo/`).

use std::path::PathBuf;
use std::process::ExitCode;

use super::Cli;
use crate::app::AppState;
use crate::demo::{self, DemoOptions};

#[derive(Debug, Clone, clap::Args)]
// Its own group name: `serve` flattens these options beside its own `Args`.
#[group(id = "demo_args")]
pub struct Args {
    /// How many people (members, sympathizers, and a few planted duplicates).
    #[arg(long, default_value_t = demo::DEFAULT_PEOPLE)]
    pub people: u64,
    /// The same seed gives the same party, byte for byte.
    #[arg(long, default_value_t = demo::DEFAULT_SEED)]
    pub seed: u64,
    /// The party and its organizations, as TOML (default: the built-in fictional party).
    #[arg(long)]
    pub party: Option<PathBuf>,
    /// The password of every demo login (default: a random one each, printed).
    #[arg(long, env = "MIZAN_DEMO_PASSWORD")]
    pub password: Option<String>,
    /// Also print a digest of the content (two runs with the same seed print the same).
    #[arg(long)]
    pub digest: bool,
}

impl Args {
    pub fn options(&self) -> DemoOptions {
        DemoOptions {
            seed: self.seed,
            people: self.people,
            party: self.party.clone(),
            password: self.password.clone(),
        }
    }
}

pub async fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let state = AppState::open(cli.load_config(None)?).await?;
    let result = demo::run(&state, &args.options()).await;
    let outcome = match result {
        Ok(report) => {
            print!("{}", report.describe());
            if args.digest {
                println!("Content digest: {}", demo::digest(&state.db, &state.key).await?);
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(e),
    };
    state.db.close().await;
    outcome
}
