//! The users' administration SQL: users with their grants, sessions and tokens as a manager sees
//! them, grants by id, invitations.

use chrono::{DateTime, Utc};

use crate::auth::caller::UserId;
use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

/// A user as the list shows them.
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct UserSummary {
    #[serde(skip)]
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub disabled_at: Option<DateTime<Utc>>,
    pub last_sign_in_at: Option<DateTime<Utc>>,
    /// Not signed in since they were invited (or reset).
    pub must_change_password: bool,
    /// Signs in with a second factor.
    pub two_factor: bool,
}

/// A grant with its id, its unit's path and names, and its organization's names.
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct GrantRow {
    pub id: i64,
    #[serde(skip)]
    pub user_id: i64,
    pub role: String,
    pub scope_code: Option<String>,
    #[serde(skip)]
    pub scope_path: Option<String>,
    #[serde(skip)]
    pub scope_ar: Option<String>,
    #[serde(skip)]
    pub scope_fr: Option<String>,
    pub organization_id: Option<i64>,
    #[serde(skip)]
    pub organization_code: Option<String>,
    #[serde(skip)]
    pub walled: Option<bool>,
}

impl GrantRow {
    /// As the policy knows a grant.
    pub fn grant(&self) -> Option<crate::auth::Grant> {
        Some(crate::auth::Grant {
            role: crate::auth::Role::parse(&self.role)?,
            scope_code: self.scope_code.clone(),
            scope_path: self.scope_path.clone(),
            organization_id: self.organization_id,
        })
    }
}

const GRANT_SELECT: &str = "SELECT g.id, g.user_id, g.role, g.scope_code, t.path AS scope_path, \
     t.name_ar AS scope_ar, t.name_fr AS scope_fr, g.organization_id, o.code AS organization_code, o.walled \
     FROM role_grants g LEFT JOIN territory_units t ON t.code = g.scope_code \
     LEFT JOIN organizations o ON o.id = g.organization_id";

/// Every user (a few hundred at most: the manager's view is made from them in Rust).
pub async fn users(db: &Db) -> StoreResult<Vec<UserSummary>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT id, username, display_name, disabled_at, last_sign_in_at, must_change_password, \
         totp_enabled_at IS NOT NULL AS two_factor FROM users ORDER BY username"
    )
    .fetch_all(c)
    .await)?)
}

pub async fn user(db: &Db, username: &str) -> StoreResult<Option<UserSummary>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT id, username, display_name, disabled_at, last_sign_in_at, must_change_password, \
         totp_enabled_at IS NOT NULL AS two_factor FROM users WHERE username = $1"
    )
    .bind(username)
    .fetch_optional(c)
    .await)?)
}

/// Every grant, with its unit and organization.
pub async fn grants(db: &Db) -> StoreResult<Vec<GrantRow>> {
    let sql = format!("{GRANT_SELECT} ORDER BY g.user_id, g.id");
    Ok(on_db!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .fetch_all(c)
        .await)?)
}

/// One user's grants.
pub async fn grants_of(db: &Db, user: UserId) -> StoreResult<Vec<GrantRow>> {
    let sql = format!("{GRANT_SELECT} WHERE g.user_id = $1 ORDER BY g.id");
    Ok(on_db!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(user)
        .fetch_all(c)
        .await)?)
}

pub async fn delete_grant(tx: &mut Tx, user: UserId, grant: i64) -> StoreResult<bool> {
    let n = on_tx!(tx, |c| sqlx::query(
        "DELETE FROM role_grants WHERE id = $1 AND user_id = $2"
    )
    .bind(grant)
    .bind(user)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A session of a user, as the manager sees it (never its id).
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct SessionSeen {
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

pub async fn sessions_of(db: &Db, user: UserId, now: DateTime<Utc>) -> StoreResult<Vec<SessionSeen>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT created_at, last_seen_at, ip, user_agent FROM sessions \
         WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC"
    )
    .bind(user)
    .bind(now)
    .fetch_all(c)
    .await)?)
}

/// An access token of a user, as its owner or a manager sees it (never the token).
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct TokenSeen {
    pub id: i64,
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

pub async fn tokens_of(db: &Db, user: UserId) -> StoreResult<Vec<TokenSeen>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT id, label, created_at, expires_at, last_used_at FROM api_tokens \
         WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC"
    )
    .bind(user)
    .fetch_all(c)
    .await)?)
}

/// Revokes one of a user's tokens.
pub async fn revoke_token(tx: &mut Tx, user: UserId, token: i64, now: DateTime<Utc>) -> StoreResult<bool> {
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL"
    )
    .bind(now)
    .bind(token)
    .bind(user)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn insert_invitation(
    tx: &mut Tx,
    user: UserId,
    token_hash: &str,
    by: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> StoreResult<()> {
    // A new link replaces any link given before.
    on_tx!(tx, |c| sqlx::query(
        "UPDATE invitations SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL"
    )
    .bind(now)
    .bind(user)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO invitations (user_id, token_hash, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(user)
    .bind(token_hash)
    .bind(by)
    .bind(now)
    .bind(expires_at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The user an invitation link is for, if it is still good (unused, not expired, its user not
/// disabled).
pub async fn invitation(db: &Db, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<(i64, String)>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT u.id, u.username FROM invitations i JOIN users u ON u.id = i.user_id \
         WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2 AND u.disabled_at IS NULL"
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(c)
    .await)?)
}

/// Marks a link used; false if it was no longer good (used meanwhile).
pub async fn use_invitation(tx: &mut Tx, token_hash: &str, now: DateTime<Utc>) -> StoreResult<bool> {
    let n = on_tx!(tx, |c| {
        sqlx::query(
        "UPDATE invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1"
    )
    .bind(now)
    .bind(token_hash)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// When the user last signed in.
pub async fn signed_in(tx: &mut Tx, user: UserId, now: DateTime<Utc>) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE users SET last_sign_in_at = $1 WHERE id = $2"
    )
    .bind(now)
    .bind(user)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
