//! A managed user's access: disabled or enabled (their sessions and tokens end at once), a new
//! sign-in link in place of a forgotten password, two-factor sign-in reset, sessions ended, a token
//! revoked. Each within the manager's bounds (`bounds.rs`), refused and audited otherwise.

use serde_json::json;

use super::actions::{managed, sign_in_link};
use super::store;
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::secret::random_token;
use crate::auth::{Permit, store as accounts};
use crate::error::{AppError, AppResult};

/// Disables a user (their sessions end and their tokens are revoked at once), or enables them.
pub async fn set_disabled(
    state: &AppState,
    permit: &Permit,
    username: &str,
    disabled: bool,
) -> AppResult<()> {
    let what = if disabled { "disable" } else { "enable" };
    let target = managed(state, permit, username, what).await?;
    if permit.actor.user_id == Some(target.user.id) {
        return Err(AppError::invalid("user", "user-not-yourself"));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    accounts::set_disabled(&mut tx, target.user.id, disabled.then_some(now)).await?;
    let mut ended = 0;
    if disabled {
        ended = accounts::delete_sessions_of(&mut tx, target.user.id).await?;
        accounts::tokens::revoke_tokens_of(&mut tx, target.user.id, now).await?;
    }
    audit::record(
        &mut tx,
        &state.key,
        now,
        &permit.actor,
        Event {
            action: if disabled { "user.disable" } else { "user.enable" },
            target_kind: "user",
            target_id: username,
            details: json!({ "sessions_ended": ended }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Resets a user's password: their sessions end, and the returned link (shown once) lets them
/// choose a new one within [`LINK_HOURS`].
pub async fn reset(state: &AppState, permit: &Permit, username: &str) -> AppResult<String> {
    let target = managed(state, permit, username, "reset").await?;
    let unusable = state.hashing.hash(random_token()).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    accounts::set_password(&mut tx, target.user.id, &unusable, true, now).await?;
    accounts::delete_sessions_of(&mut tx, target.user.id).await?;
    let token = sign_in_link(&mut tx, target.user.id, &permit.actor, now).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        &permit.actor,
        Event {
            action: "user.reset",
            target_kind: "user",
            target_id: username,
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Turns a user's second factor off for them (phone and recovery codes both lost): their
/// sessions end; a role that requires it sets it up again at the next sign-in.
pub async fn reset_two_factor(state: &AppState, permit: &Permit, username: &str) -> AppResult<()> {
    let target = managed(state, permit, username, "reset_two_factor").await?;
    let mut tx = state.db.begin().await?;
    crate::auth::two_factor::actions::reset(&mut tx, target.user.id).await?;
    audit::record(
        &mut tx,
        &state.key,
        state.clock.now(),
        &permit.actor,
        Event {
            action: "user.two_factor.reset",
            target_kind: "user",
            target_id: username,
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends every session of a user.
pub async fn end_sessions(state: &AppState, permit: &Permit, username: &str) -> AppResult<u64> {
    let target = managed(state, permit, username, "end_sessions").await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let ended = accounts::delete_sessions_of(&mut tx, target.user.id).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        &permit.actor,
        Event {
            action: "user.sessions.end",
            target_kind: "user",
            target_id: username,
            details: json!({ "sessions_ended": ended }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// Revokes one of a user's access tokens.
pub async fn revoke_token(state: &AppState, permit: &Permit, username: &str, token: i64) -> AppResult<()> {
    let target = managed(state, permit, username, "revoke_token").await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if !store::revoke_token(&mut tx, target.user.id, token, now).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &state.key,
        now,
        &permit.actor,
        Event {
            action: "token.revoke",
            target_kind: "user",
            target_id: username,
            details: json!({ "token": token }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
