//! Sign-in attempts, counted per account name and per address to throttle guessing; forgotten
//! once the sign-in succeeds.

use chrono::{DateTime, Utc};

use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

/// Counts a sign-in attempt before its password is checked: the attempt is written (as a failure,
/// until it succeeds) and committed first, then the failures of its window are counted. Of many
/// simultaneous attempts, the one committed n-th sees at least n, so at most the limit of them go
/// on to the password, on either store. Returns the attempt's row and the failures counted for
/// this account name and for this address, the attempt included.
pub async fn count_attempt(
    db: &Db,
    username_key: &str,
    ip: &str,
    now: DateTime<Utc>,
    since: DateTime<Utc>,
) -> StoreResult<(i64, i64, i64)> {
    let mut tx = db.begin().await?;
    let attempt: i64 = on_tx!(&mut tx, |c| sqlx::query_scalar(
        "INSERT INTO login_failures (username_key, ip, at) VALUES ($1, $2, $3) RETURNING id"
    )
    .bind(username_key)
    .bind(ip)
    .bind(now)
    .fetch_one(c)
    .await)?;
    tx.commit().await?;
    let (by_user, by_ip) = recent_failures(db, username_key, ip, since).await?;
    Ok((attempt, by_user, by_ip))
}

/// Forgets one attempt (refused before its password was checked: it tried nothing).
pub async fn forget_attempt(db: &Db, attempt: i64) -> StoreResult<()> {
    let mut tx = db.begin().await?;
    on_tx!(&mut tx, |c| sqlx::query(
        "DELETE FROM login_failures WHERE id = $1"
    )
    .bind(attempt)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    tx.commit().await?;
    Ok(())
}

/// Failed logins since `since`, for this account name and for this address.
async fn recent_failures(
    db: &Db,
    username_key: &str,
    ip: &str,
    since: DateTime<Utc>,
) -> StoreResult<(i64, i64)> {
    let by_user: i64 = on_db!(db, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_failures WHERE username_key = $1 AND at > $2"
    )
    .bind(username_key)
    .bind(since)
    .fetch_one(c)
    .await)?;
    let by_ip: i64 = on_db!(db, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM login_failures WHERE ip = $1 AND at > $2"
    )
    .bind(ip)
    .bind(since)
    .fetch_one(c)
    .await)?;
    Ok((by_user, by_ip))
}

pub async fn clear_failures(tx: &mut Tx, username_key: &str) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM login_failures WHERE username_key = $1"
    )
    .bind(username_key)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
