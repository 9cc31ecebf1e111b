//! `mizan serve`: migrate, make sure an administrator exists, then serve until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::process::ExitCode;

use super::Cli;
use crate::app::AppState;
use crate::auth::actions::ensure_first_admin;
use crate::store::redact_url;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on [default: 127.0.0.1:8080]. Env: MIZAN_BIND.
    #[arg(long)]
    pub bind: Option<SocketAddr>,
    /// On a fresh store, first fill it with the demo party (see `mizan demo --help`).
    #[arg(long)]
    pub demo: bool,
    #[command(flatten)]
    pub demo_args: super::demo::Args,
}

pub async fn run(cli: &Cli, args: &Args) -> anyhow::Result<ExitCode> {
    let config = cli.load_config(args.bind)?;
    tracing::info!(store = %redact_url(&config.store_url()), "opening the store");
    let state = AppState::open(config).await?;
    if args.demo {
        if crate::demo::is_fresh(&state).await? {
            println!(
                "Filling the store with the demo party ({} people)…",
                args.demo_args.people
            );
            let report = crate::demo::run(&state, &args.demo_args.options()).await?;
            print!("{}", report.describe());
        } else {
            println!("The store already holds a party: serving it as it is.");
        }
    }
    if let Some(password) = ensure_first_admin(&state).await? {
        println!();
        println!("  A national administrator was created for this new store.");
        println!("  User name:          admin");
        println!("  One-time password:  {password}");
        println!("  It works once: you will choose your own password at the first sign-in.");
        println!();
    }
    let listener = tokio::net::TcpListener::bind(state.config.bind).await?;
    let addr = listener.local_addr()?;
    println!("Mizan is listening on http://{addr}/");
    let maintenance = tokio::spawn(crate::ops::maintenance(state.clone()));
    let app = crate::router::build(state.clone());
    let live = state.cafe.clone();
    let streams = crate::cafe::live::public_streams(state.clone());
    crate::http::server::serve(listener, app, Some(streams), async move {
        shutdown_signal().await;
        // Live screens hold their connection open: end their streams (they reconnect to the
        // next server) so that the shutdown does not wait for them.
        live.live.close();
    })
    .await;
    maintenance.abort();
    if let Err(e) = crate::audit::checkpoints::keep(&state).await {
        tracing::warn!(error = %e, "could not keep a checkpoint of the audit log");
    }
    state.db.close().await;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// Resolves on Ctrl-C or SIGTERM; requests in flight are finished before the process exits.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
