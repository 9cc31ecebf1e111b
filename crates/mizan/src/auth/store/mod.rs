//! The accounts' SQL: users, role grants, sessions; scripts' tokens in `tokens`, failed sign-ins
//! in `attempts`.

pub mod attempts;
pub mod tokens;

use chrono::{DateTime, Utc};

use super::Role;
use super::caller::{Grant, UserId};
use crate::i18n::Locale;
use crate::store::{Db, Generations, StoreResult, Tx};
use crate::{on_db, on_tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub locale: Option<String>,
    pub must_change_password: bool,
    pub disabled_at: Option<DateTime<Utc>>,
    /// Since when the user signs in with a second factor (`two_factor`).
    pub totp_enabled_at: Option<DateTime<Utc>>,
}

impl UserRow {
    pub fn locale(&self) -> Option<Locale> {
        self.locale.as_deref().and_then(Locale::parse)
    }
}

const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.password_hash, u.locale, u.must_change_password, u.disabled_at, \
     u.totp_enabled_at";

pub async fn count_users(db: &Db) -> StoreResult<i64> {
    Ok(on_db!(db, |c| sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(c)
        .await)?)
}

pub async fn insert_user(
    tx: &mut Tx,
    username: &str,
    display_name: &str,
    password_hash: &str,
    must_change_password: bool,
    now: DateTime<Utc>,
) -> StoreResult<UserId> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "INSERT INTO users (username, display_name, password_hash, must_change_password, \
         created_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id"
    )
    .bind(username)
    .bind(display_name)
    .bind(password_hash)
    .bind(must_change_password)
    .bind(now)
    .fetch_one(c)
    .await)?)
}

pub async fn insert_grant(
    tx: &mut Tx,
    user_id: UserId,
    role: Role,
    scope_code: Option<&str>,
    organization_id: Option<i64>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO role_grants (user_id, role, scope_code, organization_id, granted_at) \
         VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(user_id)
    .bind(role.code())
    .bind(scope_code)
    .bind(organization_id)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn user_by_username(db: &Db, username: &str) -> StoreResult<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = $1");
    Ok(on_db!(db, |c| sqlx::query_as::<_, UserRow>(
        sqlx::AssertSqlSafe(sql.as_str())
    )
    .bind(username)
    .fetch_optional(c)
    .await)?)
}

pub async fn user_by_username_tx(tx: &mut Tx, username: &str) -> StoreResult<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = $1");
    Ok(on_tx!(tx, |c| sqlx::query_as::<_, UserRow>(
        sqlx::AssertSqlSafe(sql.as_str())
    )
    .bind(username)
    .fetch_optional(c)
    .await)?)
}

pub async fn user_by_id_tx(tx: &mut Tx, user: UserId) -> StoreResult<Option<UserRow>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1");
    Ok(on_tx!(tx, |c| sqlx::query_as::<_, UserRow>(
        sqlx::AssertSqlSafe(sql.as_str())
    )
    .bind(user)
    .fetch_optional(c)
    .await)?)
}

#[expect(clippy::too_many_arguments, reason = "one column each")]
pub async fn insert_session(
    tx: &mut Tx,
    id_hash: &str,
    user_id: UserId,
    csrf: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    ip: Option<&str>,
    user_agent: Option<&str>,
) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, \
         ip, user_agent) VALUES ($1, $2, $3, $4, $4, $5, $6, $7)"
    )
    .bind(id_hash)
    .bind(user_id)
    .bind(csrf)
    .bind(now)
    .bind(expires_at)
    .bind(ip)
    .bind(user_agent)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub csrf_token: String,
    pub last_seen_at: DateTime<Utc>,
    #[sqlx(flatten)]
    pub user: UserRow,
}

/// One of a user's grants, as a row of a query that joins them (all empty when the user holds
/// none).
#[derive(sqlx::FromRow)]
struct GrantColumns {
    role: Option<String>,
    scope_code: Option<String>,
    scope_path: Option<String>,
    organization_id: Option<i64>,
}

/// The columns of [`GrantColumns`] and of the store's generations, after a credential's and its
/// user's: the caller of a request in one query.
const GRANT_JOIN: &str = "LEFT JOIN role_grants g ON g.user_id = u.id \
     LEFT JOIN territory_units t ON t.code = g.scope_code";
fn grant_columns() -> String {
    format!(
        "g.role, g.scope_code, t.path AS scope_path, g.organization_id, {}",
        crate::store::generations::COLUMNS
    )
}

/// A live credential (a session or a token) with its user's grants, and the generations of the
/// tables kept in memory, as the store stood when it was read.
pub struct Live<T> {
    pub credential: T,
    pub grants: Vec<Grant>,
    pub generations: Generations,
}

#[derive(sqlx::FromRow)]
struct LiveRow<T> {
    #[sqlx(flatten)]
    credential: T,
    #[sqlx(flatten)]
    grant: GrantColumns,
    #[sqlx(flatten)]
    generations: Generations,
}

/// One credential's rows (one per grant) gathered into one value; `None` for no row.
fn gather<T>(rows: Vec<LiveRow<T>>) -> Option<Live<T>> {
    let mut grants = Vec::new();
    let mut first = None;
    for row in rows {
        let g = row.grant;
        if let Some(role) = g.role.as_deref().and_then(Role::parse) {
            grants.push(Grant {
                role,
                scope_code: g.scope_code,
                scope_path: g.scope_path,
                organization_id: g.organization_id,
            });
        }
        first.get_or_insert((row.credential, row.generations));
    }
    first.map(|(credential, generations)| Live {
        credential,
        grants,
        generations,
    })
}

/// The live session with this id (not past its absolute expiry, used since `idle_since`,
/// belonging to a user who is not disabled) and its user's grants, in one query: every signed-in
/// request asks it.
pub async fn live_session(
    db: &Db,
    id_hash: &str,
    now: DateTime<Utc>,
    idle_since: DateTime<Utc>,
) -> StoreResult<Option<Live<SessionRow>>> {
    let sql = format!(
        "SELECT s.csrf_token, s.last_seen_at, {USER_COLUMNS}, {} FROM sessions s \
         JOIN users u ON u.id = s.user_id {GRANT_JOIN} \
         WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.disabled_at IS NULL \
         ORDER BY g.id",
        grant_columns()
    );
    let rows: Vec<LiveRow<SessionRow>> = on_db!(db, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(id_hash)
        .bind(now)
        .bind(idle_since)
        .fetch_all(c)
        .await)?;
    Ok(gather(rows))
}

pub async fn touch_session(tx: &mut Tx, id_hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1"
    )
    .bind(id_hash)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete_session(tx: &mut Tx, id_hash: &str) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete_sessions_of(tx: &mut Tx, user_id: UserId) -> StoreResult<u64> {
    let done = on_tx!(tx, |c| sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done)
}

pub async fn set_password(
    tx: &mut Tx,
    user_id: UserId,
    password_hash: &str,
    must_change_password: bool,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE users SET password_hash = $2, must_change_password = $3, password_changed_at = $4 \
         WHERE id = $1"
    )
    .bind(user_id)
    .bind(password_hash)
    .bind(must_change_password)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_locale(tx: &mut Tx, user_id: UserId, locale: Locale) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query("UPDATE users SET locale = $2 WHERE id = $1")
        .bind(user_id)
        .bind(locale.code())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_disabled(tx: &mut Tx, user_id: UserId, at: Option<DateTime<Utc>>) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE users SET disabled_at = $2 WHERE id = $1"
    )
    .bind(user_id)
    .bind(at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Removes expired sessions and sign-ins waiting for their code, and failed logins older than `before` (periodic maintenance).
pub async fn sweep(tx: &mut Tx, now: DateTime<Utc>, before: DateTime<Utc>) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2"
    )
    .bind(now)
    .bind(before)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM pending_sign_ins WHERE expires_at <= $1"
    )
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    on_tx!(tx, |c| sqlx::query("DELETE FROM login_failures WHERE at <= $1")
        .bind(before)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
pub struct UserListRow {
    pub username: String,
    pub display_name: String,
    pub disabled_at: Option<DateTime<Utc>>,
    pub grants: Option<String>,
}

/// Every user with their grants in one line (`mizan user list`).
pub async fn list_users(db: &Db) -> StoreResult<Vec<UserListRow>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT u.username, u.display_name, u.disabled_at, \
         (SELECT STRING_AGG(g.role || '@' || COALESCE(g.scope_code, 'all'), ', ') \
          FROM role_grants g WHERE g.user_id = u.id) AS grants \
         FROM users u ORDER BY u.username"
    )
    .fetch_all(c)
    .await)?)
}
