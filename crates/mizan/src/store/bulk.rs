//! Bulk loads: a million rows go in far faster when a table's secondary indexes (and, on SQLite, the
//! triggers that feed its full-text index) are set aside and rebuilt once from the finished table
//! than when every row updates them in random order. Definitions are read from the store's own
//! catalogue, so the migrations stay their only source. Whoever suspends a search trigger rebuilds
//! that search index afterwards (`people::store::rebuild_search`).

use sqlx::AssertSqlSafe;

use super::{StoreResult, Tx};

/// A bulk load in progress in a transaction: the tables' indexes (and SQLite triggers) set aside,
/// and on SQLite a page cache large enough for the working set, two sorter threads for the rebuild.
#[derive(Debug)]
pub struct BulkLoad(SuspendedIndexes);

/// The writer's usual page cache (see `store::connect`), given back after a load.
const USUAL_CACHE: &str = "PRAGMA cache_size = -65536";

impl BulkLoad {
    pub async fn start(tx: &mut Tx, tables: &[&str]) -> StoreResult<BulkLoad> {
        if let Tx::Sqlite(t) = tx {
            for pragma in ["PRAGMA cache_size = -1048576", "PRAGMA threads = 2"] {
                sqlx::query(pragma).execute(&mut **t).await?;
            }
        }
        Ok(BulkLoad(suspend_indexes(tx, tables).await?))
    }

    /// Rebuilds the indexes set aside and gives the page cache back (search indexes fed by the
    /// triggers are the caller's to rebuild). SQLite sizes its sorter's runs by the page cache: with
    /// a small one, the rows of each index are sorted in runs of a few MiB, two at a time on the
    /// sorter threads and within the processor's caches, then merged; with the load's large cache
    /// they were one run, sorted on one core (a million people: indexes in 4.5–5 s instead of 6,
    /// and the pages the load dirtied reach the WAL during the rebuild rather than at commit).
    pub async fn finish(self, tx: &mut Tx) -> StoreResult<()> {
        if let Tx::Sqlite(t) = tx {
            sqlx::query("PRAGMA cache_size = -8192").execute(&mut **t).await?;
        }
        restore_indexes(tx, self.0).await?;
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
