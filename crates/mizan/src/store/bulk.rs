//! Bulk loads: a million rows go in far faster when a table's secondary indexes (and, on SQLite, the
//! triggers that feed its full-text index) are set aside and rebuilt once from the finished table
//! than when every row updates them in random order. Definitions are read from the store's own
//! catalogue, so the migrations stay their only source. Whoever suspends a search trigger rebuilds
//! that search index afterwards (`people::store::rebuild_search`).

use sqlx::AssertSqlSafe;

use super::{StoreResult, Tx};

/// Index definitions set aside by [`suspend_indexes`], to give back to [`restore_indexes`].
#[derive(Debug)]
pub struct SuspendedIndexes(Vec<(String, String)>);

/// Drops the named (non-primary) indexes of `tables`, and their triggers on SQLite, inside the
/// transaction.
pub async fn suspend_indexes(tx: &mut Tx, tables: &[&str]) -> StoreResult<SuspendedIndexes> {
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
pub async fn restore_indexes(tx: &mut Tx, suspended: SuspendedIndexes) -> StoreResult<()> {
    for (_, sql) in suspended.0 {
        crate::on_tx!(tx, |c| sqlx::query(AssertSqlSafe(sql.as_str()))
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}
