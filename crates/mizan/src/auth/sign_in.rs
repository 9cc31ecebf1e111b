//! Signing in and out: a session opened after the password (and the second factor), failed
//! attempts throttled per account and per address.

use chrono::Duration;
use serde_json::json;

use super::caller::UserId;
use super::secret::{digest, random_token};
use super::store;
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::error::AppResult;
use crate::store::Tx;

/// Failed logins tolerated in [`THROTTLE_WINDOW_MINUTES`] per account name and per address.
pub const THROTTLE_PER_ACCOUNT: i64 = 10;
pub const THROTTLE_PER_ADDRESS: i64 = 50;
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;

/// What became of a sign-in attempt. The reasons for a refusal are never told apart.
#[derive(Debug)]
pub enum LoginOutcome {
    /// A new session: the cookie value (shown once) and whether the password must change first.
    SignedIn {
        session_token: String,
        must_change_password: bool,
    },
    /// The password was right; the sign-in waits for the second factor under this cookie value.
    SecondFactor {
        pending_token: String,
    },
    Refused,
    Throttled,
}

/// Opens a session in `tx`; returns the cookie value.
pub(crate) async fn open_session(
    state: &AppState,
    tx: &mut Tx,
    user_id: UserId,
    ip: Option<&str>,
    user_agent: Option<&str>,
) -> AppResult<String> {
    let now = state.clock.now();
    let token = random_token();
    let expires = now + Duration::hours(state.config.session_absolute_hours);
    let user_agent = user_agent.map(|ua| ua.chars().take(200).collect::<String>());
    store::insert_session(
        tx,
        &digest(&token),
        user_id,
        &random_token(),
        now,
        expires,
        ip,
        user_agent.as_deref(),
    )
    .await?;
    Ok(token)
}

/// Signs a user in whose credentials were all checked: the previous session of this browser (if
/// any) ends and a new one begins (the session id changes at every sign-in), audited with
/// `details`. Returns the new session's cookie value.
pub(crate) async fn start_session(
    state: &AppState,
    tx: &mut Tx,
    user: &store::UserRow,
    ip: &str,
    user_agent: Option<&str>,
    previous_session: Option<&str>,
    details: serde_json::Value,
) -> AppResult<String> {
    let now = state.clock.now();
    if let Some(previous) = previous_session {
        store::delete_session(tx, &digest(previous)).await?;
    }
    let session_token = open_session(state, tx, user.id, Some(ip), user_agent).await?;
    super::users::store::signed_in(tx, user.id, now).await?;
    let actor = Actor {
        user_id: Some(user.id),
        label: user.username.clone(),
        ip: Some(ip.to_owned()),
        request_id: None,
    };
    audit::record(
        tx,
        &state.key,
        now,
        &actor,
        Event {
            action: "session.login",
            target_kind: "user",
            target_id: &user.id.to_string(),
            details,
        },
    )
    .await?;
    Ok(session_token)
}

/// Checks a user name and password. A user with a second factor gets a sign-in waiting for its
/// code (`two_factor::actions::finish`); the others, a session at once.
pub async fn login(
    state: &AppState,
    username: &str,
    password: &str,
    ip: &str,
    user_agent: Option<&str>,
    previous_session: Option<&str>,
) -> AppResult<LoginOutcome> {
    // Failed attempts are counted by a keyed digest of the name typed, never the name itself
    // (people type their password in the wrong field).
    let typed: String = username.trim().to_lowercase().chars().take(64).collect();
    let key = state.key.blind_index("login-failure", &typed);
    let now = state.clock.now();
    let since = now - Duration::minutes(THROTTLE_WINDOW_MINUTES);
    // Counted before the password is hashed, so that simultaneous tries cannot all slip under
    // the limit (see `store::attempts::count_attempt`).
    let (attempt, by_account, by_address) =
        store::attempts::count_attempt(&state.db, &key, ip, now, since).await?;
    if by_account > THROTTLE_PER_ACCOUNT || by_address > THROTTLE_PER_ADDRESS {
        store::attempts::forget_attempt(&state.db, attempt).await?;
        return Ok(LoginOutcome::Throttled);
    }
    let user = store::user_by_username(&state.db, &typed).await?;
    let verified = state
        .hashing
        .verify(
            password.to_owned(),
            user.as_ref().map(|u| u.password_hash.clone()),
        )
        .await?;
    match user {
        Some(user) if verified && user.disabled_at.is_none() => {
            let mut tx = state.db.begin().await?;
            store::attempts::clear_failures(&mut tx, &key).await?;
            let outcome = if user.totp_enabled_at.is_some() {
                let pending_token = super::two_factor::actions::begin(state, &mut tx, user.id).await?;
                LoginOutcome::SecondFactor { pending_token }
            } else {
                let session_token =
                    start_session(state, &mut tx, &user, ip, user_agent, previous_session, json!({})).await?;
                LoginOutcome::SignedIn {
                    session_token,
                    must_change_password: user.must_change_password,
                }
            };
            tx.commit().await?;
            Ok(outcome)
        }
        // The attempt stays counted as a failure.
        _ => Ok(LoginOutcome::Refused),
    }
}

pub async fn logout(state: &AppState, actor: &Actor, session_id_hash: &str) -> AppResult<()> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    store::delete_session(&mut tx, session_id_hash).await?;
    if let Some(user_id) = actor.user_id {
        audit::record(
            &mut tx,
            &state.key,
            now,
            actor,
            Event {
                action: "session.logout",
                target_kind: "user",
                target_id: &user_id.to_string(),
                details: json!({}),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
