//! Opening a store from its URL, and bringing its schema up to date.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::{Db, StoreError, StoreResult};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Opens the store named by `url`: `sqlite://PATH` (created if missing) or `postgres://…`.
pub async fn connect(url: &str) -> StoreResult<Db> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        Ok(Db::Postgres(pool))
    } else if url.starts_with("sqlite:") {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        private_store_file(options.get_filename())?;
        // The writer keeps more pages in memory (64 MiB) than SQLite's default (2 MiB): index pages
        // are then rewritten in place instead of being fetched back from the WAL over and over.
        // A store it creates has pages of 16 KiB instead of 4: a tree of a million people is a
        // level shallower and a large write goes out in a quarter of the writes (an import of a
        // million rows 10 % faster). An existing store keeps the size it was created with.
        // A connection to a file cannot drop as a network's can: it is not pinged (a round trip
        // to its thread) each time it is taken from its pool.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_with(options.clone().page_size(16384).pragma("cache_size", "-65536"))
            .await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(8)
            .test_before_acquire(false)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Db::Sqlite { writer, reader })
    } else {
        Err(StoreError::Invalid(format!(
            "unsupported database URL (expected sqlite:// or postgres://): {}",
            redact_url(url)
        )))
    }
}

/// Creates a store file that does not exist yet as readable by its owner alone, before SQLite
/// opens it: SQLite gives its journal (`-wal`) and shared-memory index (`-shm`) the mode of the
/// store file, so they are private from their first byte too. A store already there (created by
/// an older version) is made private with its companions.
fn private_store_file(path: &Path) -> StoreResult<()> {
    if path.as_os_str().is_empty() || path.to_str() == Some(":memory:") {
        return Ok(());
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            for suffix in ["", "-wal", "-shm"] {
                let mut companion = path.as_os_str().to_owned();
                companion.push(suffix);
                let companion = std::path::PathBuf::from(companion);
                if companion.exists() {
                    crate::ops::files::restrict_file(&companion)
                        .map_err(|e| StoreError::Invalid(e.to_string()))?;
                }
            }
            Ok(())
        }
        Err(e) => Err(StoreError::Invalid(format!(
            "cannot create the store file {}: {e}",
            path.display()
        ))),
    }
}

/// The SQLite URL of the store file inside a data directory.
pub fn sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}", data_dir.join("mizan.db").display())
}

/// Applies the migrations this binary carries that the store has not seen yet.
pub async fn migrate(db: &Db) -> StoreResult<()> {
    match db {
        Db::Sqlite { writer, .. } => SQLITE_MIGRATIONS.run(writer).await?,
        Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
    }
    Ok(())
}

/// A database URL fit for a log line: the password, if any, replaced by `***`.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &userinfo[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn a_password_in_a_database_url_never_reaches_a_log() {
        assert_eq!(
            redact_url("postgres://mizan:s3cret@db:5432/mizan"),
            "postgres://mizan:***@db:5432/mizan"
        );
        assert_eq!(
            redact_url("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
    }
}
