//! Scripts' tokens: kept as digests, found while live, touched when used, revoked with their user.

use super::{GRANT_JOIN, Live, LiveRow, USER_COLUMNS, UserRow, gather, grant_columns};
use chrono::{DateTime, Utc};

use crate::auth::caller::UserId;
use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

pub async fn insert_token(
    tx: &mut Tx,
    user_id: UserId,
    token_hash: &str,
    label: &str,
    now: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, token_hash, label, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id"
    )
    .bind(user_id)
    .bind(token_hash)
    .bind(label)
    .bind(now)
    .bind(expires_at)
    .fetch_one(c)
    .await)?)
}

#[derive(Debug, sqlx::FromRow)]
pub struct TokenRow {
    pub token_id: i64,
    pub last_used_at: Option<DateTime<Utc>>,
    #[sqlx(flatten)]
    pub user: UserRow,
}

/// The live token with this digest (not revoked, not expired, of a user who is not disabled)
/// and its user's grants, in one query.
pub async fn live_token(
    db: &Db,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<Live<TokenRow>>> {
    let sql = format!(
        "SELECT k.id AS token_id, k.last_used_at, {USER_COLUMNS}, {} FROM api_tokens k \
         JOIN users u ON u.id = k.user_id {GRANT_JOIN} \
         WHERE k.token_hash = $1 AND k.revoked_at IS NULL \
         AND (k.expires_at IS NULL OR k.expires_at > $2) AND u.disabled_at IS NULL \
         ORDER BY g.id",
        grant_columns()
    );
    let rows: Vec<LiveRow<TokenRow>> = on_db!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(token_hash)
        .bind(now)
        .fetch_all(c)
        .await)?;
    Ok(gather(rows))
}

pub async fn touch_token(tx: &mut Tx, token_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1"
    )
    .bind(token_id)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn revoke_tokens_of(tx: &mut Tx, user_id: UserId, now: DateTime<Utc>) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL"
    )
    .bind(user_id)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
