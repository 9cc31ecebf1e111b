//! The second factor's SQL: a user's sealed secret and last step, recovery codes, sign-ins
//! waiting for their code.

use chrono::{DateTime, Utc};

use crate::auth::caller::UserId;
use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

#[derive(Debug, sqlx::FromRow)]
pub struct SecretRow {
    pub totp_sealed: Option<Vec<u8>>,
    pub totp_enabled_at: Option<DateTime<Utc>>,
    pub totp_last_step: Option<i64>,
}

pub async fn secret_of(db: &Db, user: UserId) -> StoreResult<Option<SecretRow>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT totp_sealed, totp_enabled_at, totp_last_step FROM users WHERE id = $1"
    )
    .bind(user)
    .fetch_optional(c)
    .await)?)
}

pub async fn secret_of_tx(tx: &mut Tx, user: UserId) -> StoreResult<Option<SecretRow>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "SELECT totp_sealed, totp_enabled_at, totp_last_step FROM users WHERE id = $1"
    )
    .bind(user)
    .fetch_optional(c)
    .await)?)
}

/// Keeps a secret being set up (not on yet): the page shows the same one until it is confirmed.
pub async fn set_pending_secret(tx: &mut Tx, user: UserId, sealed: &[u8]) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE users SET totp_sealed = $2, totp_last_step = NULL \
         WHERE id = $1 AND totp_enabled_at IS NULL"
    )
    .bind(user)
    .bind(sealed)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Turns the second factor on, the confirming code's step used.
pub async fn enable(tx: &mut Tx, user: UserId, now: DateTime<Utc>, step: i64) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE users SET totp_enabled_at = $2, totp_last_step = $3 WHERE id = $1"
    )
    .bind(user)
    .bind(now)
    .bind(step)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Marks `step` used, unless it or a later one was used already (two requests racing with the
/// same code: one wins). Whether it was marked.
pub async fn use_step(tx: &mut Tx, user: UserId, step: i64) -> StoreResult<bool> {
    let marked = on_tx!(tx, |c| sqlx::query(
        "UPDATE users SET totp_last_step = $2 \
         WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)"
    )
    .bind(user)
    .bind(step)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(marked == 1)
}

/// Turns the second factor off: the secret and the recovery codes are gone.
pub async fn clear(tx: &mut Tx, user: UserId) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE users SET totp_sealed = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1"
    )
    .bind(user)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM recovery_codes WHERE user_id = $1"
    )
    .bind(user)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Replaces the user's recovery codes with these (their keyed digests).
pub async fn replace_recovery_codes(
    tx: &mut Tx,
    user: UserId,
    digests: &[String],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM recovery_codes WHERE user_id = $1"
    )
    .bind(user)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    for digest in digests {
        on_tx!(tx, |c| sqlx::query(
            "INSERT INTO recovery_codes (user_id, code_digest, created_at) VALUES ($1, $2, $3)"
        )
        .bind(user)
        .bind(digest)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Uses up the recovery code with this digest; whether there was one left.
pub async fn use_recovery_code(
    tx: &mut Tx,
    user: UserId,
    digest: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let used = on_tx!(tx, |c| {
        sqlx::query(
        "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_digest = $2 AND used_at IS NULL"
    )
    .bind(user)
    .bind(digest)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(used > 0)
}

pub async fn recovery_codes_left(db: &Db, user: UserId) -> StoreResult<i64> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL"
    )
    .bind(user)
    .fetch_one(c)
    .await)?)
}

pub async fn insert_pending(
    tx: &mut Tx,
    id_hash: &str,
    user: UserId,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO pending_sign_ins (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)"
    )
    .bind(id_hash)
    .bind(user)
    .bind(now)
    .bind(expires_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Whose sign-in with this id waits for its code: not expired, its user not disabled.
pub async fn pending(db: &Db, id_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<UserId>> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT p.user_id FROM pending_sign_ins p JOIN users u ON u.id = p.user_id \
         WHERE p.id_hash = $1 AND p.expires_at > $2 AND u.disabled_at IS NULL \
         AND u.totp_enabled_at IS NOT NULL"
    )
    .bind(id_hash)
    .bind(now)
    .fetch_optional(c)
    .await)?)
}

pub async fn delete_pending(tx: &mut Tx, id_hash: &str) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM pending_sign_ins WHERE id_hash = $1"
    )
    .bind(id_hash)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
