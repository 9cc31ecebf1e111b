//! `mizan configtest`: warns about settings that put the data at risk.

use std::process::ExitCode;

use super::Cli;
use crate::keys;
use crate::ops::files::world_or_group_accessible;

pub async fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    let config = cli.load_config(None)?;
    let mut warnings: Vec<String> = Vec::new();

    if config.data_dir.exists() {
        if world_or_group_accessible(&config.data_dir)? {
            warnings.push(format!(
                "the data directory {} can be read by other users (chmod 700 it)",
                config.data_dir.display()
            ));
        }
        let db = config.data_dir.join("mizan.db");
        if config.database_url.is_none() && db.exists() && world_or_group_accessible(&db)? {
            warnings.push(format!(
                "the store {} can be read by other users (chmod 600 it)",
                db.display()
            ));
        }
    } else if config.database_url.is_none() {
        warnings.push(format!(
            "the data directory {} does not exist yet (it is created at the first start)",
            config.data_dir.display()
        ));
    }

    if std::env::var("MIZAN_KEY").is_err() {
        let key = std::env::var("MIZAN_KEY_FILE")
            .map_or_else(|_| keys::default_path(&config.data_dir), std::path::PathBuf::from);
        if !key.exists() {
            warnings.push(format!(
                "missing secret: the master key {} does not exist{}",
                key.display(),
                if config.database_url.is_some() {
                    "; with PostgreSQL, every server must share the same key (MIZAN_KEY_FILE)"
                } else {
                    " (it is created at the first start)"
                }
            ));
        } else if world_or_group_accessible(&key)? {
            warnings.push(format!(
                "the master key {} can be read by other users (chmod 600 it)",
                key.display()
            ));
        }
    }

    let public_bind = !config.bind.ip().is_loopback();
    let https = config
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"));
    if public_bind && !https {
        warnings.push(format!(
            "listening on {} in plain HTTP: passwords and personal data would cross the network \
             unencrypted; bind to 127.0.0.1 behind a TLS reverse proxy and set public_url to https://…",
            config.bind
        ));
    }
    if let Some(url) = &config.database_url
        && !url.contains("sslmode=")
        && !url.contains("@127.0.0.1")
        && !url.contains("@localhost")
        && !url.contains("host=/")
    {
        warnings.push("the PostgreSQL server is remote and the URL does not set sslmode=require".to_owned());
    }

    if warnings.is_empty() {
        println!("configtest: OK ({:?})", config);
        Ok(ExitCode::SUCCESS)
    } else {
        for w in &warnings {
            println!("warning: {w}");
        }
        Ok(ExitCode::FAILURE)
    }
}
