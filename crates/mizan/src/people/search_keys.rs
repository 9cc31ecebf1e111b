//! The stored search keys of people's names (`mizan_text::name_keys`): rebuilt after a bulk write,
//! recomputed at start when the rules that make them changed.

use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

/// Rebuilds the people's full-text index from `people.search_name` after a bulk load that set its
/// triggers aside (SQLite); PostgreSQL's is a generated column, always current. The terms of a
/// million people gather in 64 MiB of memory during the rebuild, instead of FTS5's usual 1 MiB, so
/// that far fewer segments are written and merged (a third faster); the usual size comes back after.
pub async fn rebuild_search(tx: &mut Tx) -> StoreResult<()> {
    if let Tx::Sqlite(t) = tx {
        for sql in [
            "INSERT INTO people_search (people_search, rank) VALUES ('hashsize', 67108864)",
            "INSERT INTO people_search (people_search) VALUES ('rebuild')",
            "INSERT INTO people_search (people_search, rank) VALUES ('hashsize', 1048576)",
        ] {
            sqlx::query(sql).execute(&mut **t).await?;
        }
    }
    Ok(())
}

/// The version of `mizan_text::name_keys` that the stored search keys were made with. Bump it when
/// the keys change: `refresh_search_keys` then recomputes them at the next start.
pub const SEARCH_KEYS_VERSION: &str = "2";

/// Recomputes every person's search keys if they were made by another version of the rules.
pub async fn refresh_search_keys(db: &Db) -> StoreResult<u64> {
    let current: Option<String> = on_db!(db, |c| sqlx::query_scalar(
        "SELECT value FROM settings WHERE key = 'people.search_keys'"
    )
    .fetch_optional(c)
    .await)?;
    if current.as_deref() == Some(SEARCH_KEYS_VERSION) {
        return Ok(0);
    }
    let mut after = 0i64;
    let mut done = 0u64;
    loop {
        type Names = (
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Names> = on_db!(db, |c| {
            sqlx::query_as(
            "SELECT id, given_ar, family_ar, given_latin, family_latin FROM people WHERE id > $1 ORDER BY id LIMIT 5000"
        )
        .bind(after)
        .fetch_all(c)
        .await
        })?;
        let Some(last) = rows.last() else { break };
        after = last.0;
        let mut tx = db.begin().await?;
        for (id, a, b, c2, d) in &rows {
            let names: Vec<&str> = [a, b, c2, d].into_iter().flatten().map(String::as_str).collect();
            let keys = mizan_text::name_keys(&names);
            let arabic: Vec<&str> = [a, b].into_iter().flatten().map(String::as_str).collect();
            let latin: Vec<&str> = [c2, d].into_iter().flatten().map(String::as_str).collect();
            let dedupe = mizan_text::dedupe_key(&arabic, &latin);
            on_tx!(&mut tx, |c| sqlx::query(
                "UPDATE people SET search_name = $1, dedupe_key = $2 WHERE id = $3"
            )
            .bind(&keys)
            .bind(&dedupe)
            .bind(id)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        }
        tx.commit().await?;
        done += rows.len() as u64;
    }
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, |c| sqlx::query(
        "INSERT INTO settings (key, value) VALUES ('people.search_keys', $1) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    )
    .bind(SEARCH_KEYS_VERSION)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    tx.commit().await?;
    Ok(done)
}
