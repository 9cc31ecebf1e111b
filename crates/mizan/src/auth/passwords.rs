//! Passwords: chosen by their user (long enough, not obvious), set or reset by an administrator
//! (a one-time password to change at the next sign-in).

use serde_json::json;

use super::actions::user_id_of;
use super::secret::one_time_password;
use super::sign_in::open_session;
use super::store;
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::error::{AppError, AppResult, FieldError};

/// Minimum length of a chosen password (OWASP, for accounts without a second factor: 15; we ask
/// 12 and forbid the obvious).
pub const PASSWORD_MIN: usize = 12;
const PASSWORD_MAX: usize = 256;
/// Gives a user a new one-time password (and ends their sessions).
pub async fn reset_password(state: &AppState, actor: &Actor, username: &str) -> AppResult<String> {
    let password = one_time_password();
    replace_password(state, actor, username, &password, true, "user.password.reset").await?;
    Ok(password)
}

/// Sets a user's password as an operator (no change required at sign-in): for the demo logins,
/// whose passwords are printed for the person trying Mizan.
pub async fn set_password(state: &AppState, actor: &Actor, username: &str, password: &str) -> AppResult<()> {
    replace_password(state, actor, username, password, false, "user.password.set").await
}

/// An operator replaces a user's password: their sessions end, and the audit log says so.
async fn replace_password(
    state: &AppState,
    actor: &Actor,
    username: &str,
    password: &str,
    must_change: bool,
    action: &str,
) -> AppResult<()> {
    let hash = state.hashing.hash(password.to_owned()).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let id = user_id_of(&mut tx, username).await?;
    store::set_password(&mut tx, id, &hash, must_change, now).await?;
    store::delete_sessions_of(&mut tx, id).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action,
            target_kind: "user",
            target_id: &id.to_string(),
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What is wrong with a password being chosen (in the field `new`, repeated in `confirm`): too
/// short or long, the user name in it, the one it replaces.
pub(crate) fn new_password_problems(
    new: &str,
    confirm: &str,
    username: &str,
    current: Option<&str>,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let length = new.chars().count();
    if length < PASSWORD_MIN {
        errors.push(FieldError::new("new", "password-too-short"));
    } else if length > PASSWORD_MAX {
        errors.push(FieldError::new("new", "field-too-long"));
    } else if current == Some(new) || new.to_lowercase().contains(username) {
        errors.push(FieldError::new("new", "password-too-obvious"));
    }
    if confirm != new {
        errors.push(FieldError::new("confirm", "password-mismatch"));
    }
    errors
}

/// A password change as submitted.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PasswordChange {
    #[serde(default)]
    pub current: String,
    #[serde(default)]
    pub new: String,
    #[serde(default)]
    pub confirm: String,
}

/// Changes the caller's own password; every session of the user ends and a new one begins
/// (returned as the new cookie value).
pub async fn change_password(
    state: &AppState,
    actor: &Actor,
    username: &str,
    change: &PasswordChange,
    ip: Option<&str>,
    user_agent: Option<&str>,
) -> AppResult<String> {
    let user = store::user_by_username(&state.db, username)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = Vec::new();
    let verified = state
        .hashing
        .verify(change.current.clone(), Some(user.password_hash.clone()))
        .await?;
    if !verified {
        errors.push(FieldError::new("current", "password-current-wrong"));
    }
    errors.extend(new_password_problems(
        &change.new,
        &change.confirm,
        &user.username,
        Some(&change.current),
    ));
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let hash = state.hashing.hash(change.new.clone()).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    store::set_password(&mut tx, user.id, &hash, false, now).await?;
    store::delete_sessions_of(&mut tx, user.id).await?;
    let token = open_session(state, &mut tx, user.id, ip, user_agent).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "user.password.change",
            target_kind: "user",
            target_id: &user.id.to_string(),
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}
