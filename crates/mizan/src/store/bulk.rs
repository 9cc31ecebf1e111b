//! Bulk loads: a million rows go in far faster when a table's secondary indexes (and, on SQLite, the
//! triggers that feed its full-text index) are set aside and rebuilt once from the finished table
//! than when every row updates them in random order. Definitions are read from the store's own
//! catalogue, so the migrations stay their only source. Whoever suspends a search trigger rebuilds
//! that search index afterwards (`people::search_keys::rebuild_search`).

use sqlx::pool::PoolConnection;
use sqlx::sqlite::{Sqlite, SqlitePoolOptions};
use sqlx::{AssertSqlSafe, ConnectOptions};

use super::{Db, StoreResult, Tx};

/// A bulk load in progress in a transaction: the tables' indexes (and SQLite triggers) set aside,
/// and on SQLite a page cache large enough for the working set, two sorter threads for the rebuild.
#[derive(Debug)]
pub struct BulkLoad {
    suspended: Option<SuspendedIndexes>,
    /// This process's writing connection, held while the load writes on a connection of its own
    /// ([`BulkLoad::begin`]), so that the process's other writes wait their turn as they always
    /// do; given back when the load is dropped, after its commit.
    _writer_turn: Option<PoolConnection<Sqlite>>,
}

/// The writer's usual page cache (see `store::connect`), given back after a load.
const USUAL_CACHE: &str = "PRAGMA cache_size = -65536";

impl BulkLoad {
    /// Starts a bulk load of `tables` in a transaction already open.
    pub async fn start(tx: &mut Tx, tables: &[&str]) -> StoreResult<BulkLoad> {
        if let Tx::Sqlite(t) = tx {
            for pragma in ["PRAGMA cache_size = -1048576", "PRAGMA threads = 2"] {
                sqlx::query(pragma).execute(&mut **t).await?;
            }
        }
        Ok(BulkLoad {
            suspended: Some(suspend_indexes(tx, tables).await?),
            _writer_turn: None,
        })
    }

    /// Begins a write transaction and a bulk load of `tables` in it, for a loader that checks
    /// every reference it writes itself (an import: its branch, organization and places, and the
    /// people it matched). On SQLite the transaction runs on a connection of its own that does not
    /// check foreign keys, which cost the writer a third of its inserting (a million people and
    /// memberships: 1.4 s): the loader holds the store's write lock from its first row to its
    /// commit, so no reference it checked can go stale meanwhile. Elsewhere, as `Db::begin`.
    pub async fn begin(db: &Db, tables: &[&str]) -> StoreResult<(Tx, BulkLoad)> {
        let (mut tx, turn) = match db {
            Db::Sqlite { writer, .. } => {
                let turn = writer.acquire().await?;
                // Its statements are long by nature (a few hundred rows each, then whole indexes):
                // sqlx's warnings about slow statements would only be noise on the console.
                let unchecked = writer
                    .connect_options()
                    .as_ref()
                    .clone()
                    .foreign_keys(false)
                    .disable_statement_logging();
                let own = SqlitePoolOptions::new()
                    .max_connections(1)
                    .connect_with(unchecked)
                    .await?;
                (Tx::Sqlite(own.begin_with("BEGIN IMMEDIATE").await?), Some(turn))
            }
            Db::Postgres(_) => (db.begin().await?, None),
        };
        let mut load = BulkLoad::start(&mut tx, tables).await?;
        load._writer_turn = turn;
        Ok((tx, load))
    }

    /// Rebuilds the indexes set aside and gives the page cache back (search indexes fed by the
    /// triggers are the caller's to rebuild). SQLite sizes its sorter's runs by the page cache: with
    /// a small one, the rows of each index are sorted in runs of a few MiB, two at a time on the
    /// sorter threads and within the processor's caches, then merged; with the load's large cache
    /// they were one run, sorted on one core (a million people: indexes in 4.5–5 s instead of 6,
    /// and the pages the load dirtied reach the WAL during the rebuild rather than at commit).
    pub async fn finish(&mut self, tx: &mut Tx) -> StoreResult<()> {
        if let Tx::Sqlite(t) = tx {
            sqlx::query("PRAGMA cache_size = -8192").execute(&mut **t).await?;
        }
        if let Some(suspended) = self.suspended.take() {
            restore_indexes(tx, suspended).await?;
        }
        if let Tx::Sqlite(t) = tx {
            sqlx::query(USUAL_CACHE).execute(&mut **t).await?;
        }
        Ok(())
    }
}

/// Index definitions set aside by [`suspend_indexes`], to give back to [`restore_indexes`].
#[derive(Debug)]
pub struct SuspendedIndexes(Vec<(String, String)>);

/// Drops the named (non-primary) indexes of `tables`, and their triggers on SQLite, inside the
/// transaction.
async fn suspend_indexes(tx: &mut Tx, tables: &[&str]) -> StoreResult<SuspendedIndexes> {
    let mut found: Vec<(String, String)> = Vec::new();
    for table in tables {
        let rows: Vec<(String, String)> = match tx {
            Tx::Sqlite(t) => sqlx::query_as(
                "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = $1 \
                     AND sql IS NOT NULL ORDER BY type, name",
            )
            .bind(table)
            .fetch_all(&mut **t)
            .await?,
            Tx::Postgres(t) => {
                sqlx::query_as(
                    "SELECT i.indexname::TEXT, i.indexdef FROM pg_indexes i \
                     LEFT JOIN pg_constraint c ON c.conname = i.indexname \
                     WHERE i.schemaname = current_schema() AND i.tablename = $1 AND c.conname IS NULL",
                )
                .bind(table)
                .fetch_all(&mut **t)
                .await?
            }
        };
        found.extend(rows);
    }
    for (name, definition) in &found {
        let kind = if definition
            .trim_start()
            .to_uppercase()
            .starts_with("CREATE TRIGGER")
        {
            "TRIGGER"
        } else {
            "INDEX"
        };
        let sql = format!("DROP {kind} {name}");
        crate::on_tx!(tx, |c| sqlx::query(AssertSqlSafe(sql.as_str()))
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(SuspendedIndexes(found))
}

/// Rebuilds the indexes set aside (a unique index that no longer holds fails here, and the
/// transaction with it).
async fn restore_indexes(tx: &mut Tx, suspended: SuspendedIndexes) -> StoreResult<()> {
    for (_, sql) in suspended.0 {
        crate::on_tx!(tx, |c| sqlx::query(AssertSqlSafe(sql.as_str()))
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}
