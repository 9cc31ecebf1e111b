//! Typed configuration: defaults < a TOML file (`--config`) < `MIZAN_*` environment < command-line
//! flags. Secrets may come from a file named by `MIZAN_<NAME>_FILE` (Docker/systemd credentials)
//! and are never printed: [`Config`]'s `Debug` redacts them.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

use crate::store::{redact_url, sqlite_url};

#[derive(Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Where the SQLite store, the keys and backups live.
    pub data_dir: PathBuf,
    /// `postgres://…` to run on PostgreSQL; unset for the embedded SQLite store in `data_dir`.
    pub database_url: Option<String>,
    /// The address users reach Mizan at (e.g. `https://mizan.example.ma`); `https` makes cookies Secure.
    pub public_url: Option<String>,
    /// Trust the last `X-Forwarded-For` address (only behind a reverse proxy that sets it).
    pub behind_proxy: bool,
    /// A session ends after this many minutes without a request…
    pub session_idle_minutes: i64,
    /// …and after this many hours in any case.
    pub session_absolute_hours: i64,
    /// Policy Café votes one address may cast a second, sustained…
    pub cafe_votes_per_second_per_address: u32,
    /// …and at once (a hall behind one address votes in waves).
    pub cafe_vote_burst_per_address: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("mizan-data"),
            database_url: None,
            public_url: None,
            behind_proxy: false,
            session_idle_minutes: 60,
            session_absolute_hours: 12,
            cafe_votes_per_second_per_address: 50,
            cafe_vote_burst_per_address: 600,
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .field("database_url", &self.database_url.as_deref().map(redact_url))
            .field("public_url", &self.public_url)
            .field("behind_proxy", &self.behind_proxy)
            .field("session_idle_minutes", &self.session_idle_minutes)
            .field("session_absolute_hours", &self.session_absolute_hours)
            .field(
                "cafe_votes_per_second_per_address",
                &self.cafe_votes_per_second_per_address,
            )
            .field("cafe_vote_burst_per_address", &self.cafe_vote_burst_per_address)
            .finish()
    }
}

/// Values given on the command line; `None` leaves the lower layers' value.
#[derive(Debug, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bind: Option<SocketAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
}

impl Config {
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> anyhow::Result<Config> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = file {
            if !file.exists() {
                anyhow::bail!("configuration file {} does not exist", file.display());
            }
            figment = figment.merge(Toml::file(file));
        }
        let mut config: Config = figment
            .merge(Env::prefixed("MIZAN_").only(&[
                "bind",
                "data_dir",
                "database_url",
                "public_url",
                "behind_proxy",
                "session_idle_minutes",
                "session_absolute_hours",
                "cafe_votes_per_second_per_address",
                "cafe_vote_burst_per_address",
            ]))
            .merge(Serialized::defaults(overrides))
            .extract()?;
        if config.database_url.is_none()
            && let Ok(path) = std::env::var("MIZAN_DATABASE_URL_FILE")
        {
            let url = std::fs::read_to_string(&path)
                .map_err(|e| anyhow::anyhow!("cannot read MIZAN_DATABASE_URL_FILE {path}: {e}"))?;
            config.database_url = Some(url.trim().to_owned());
        }
        Ok(config)
    }

    /// The store URL: PostgreSQL when configured, else the SQLite file in the data directory.
    pub fn store_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| sqlite_url(&self.data_dir))
    }

    /// Cookies carry `Secure` when users reach Mizan over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// A commented example configuration file (`mizan config example`).
    pub fn example() -> &'static str {
        include_str!("config_example.toml")
    }
}
