//! Use cases of accounts: creating users and grants, signing in and out, passwords, tokens.
//! Each runs in one transaction with its audit entry.

use chrono::Duration;
use serde_json::json;

use super::caller::UserId;
use super::secret::{digest, one_time_password, random_token};
use super::{Role, store};
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Locale;
use crate::store::Tx;

/// A user name: 3–64 characters of `a-z 0-9 . _ -`, starting with a letter or digit; stored lowercase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(s: &str) -> Option<Username> {
        let s = s.trim().to_ascii_lowercase();
        let ok = (3..=64).contains(&s.len())
            && s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'));
        ok.then_some(Username(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A role to grant: where (a unit code, or everywhere) and optionally for which organization.
#[derive(Clone, Debug)]
pub struct NewGrant {
    pub role: Role,
    pub scope_code: Option<String>,
    pub organization_id: Option<i64>,
}

/// Minimum length of a chosen password (OWASP, for accounts without a second factor: 15; we ask
/// 12 and forbid the obvious).
pub const PASSWORD_MIN: usize = 12;
const PASSWORD_MAX: usize = 256;
/// Failed logins tolerated in [`THROTTLE_WINDOW_MINUTES`] per account name and per address.
pub const THROTTLE_PER_ACCOUNT: i64 = 10;
pub const THROTTLE_PER_ADDRESS: i64 = 50;
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;

async fn check_scope_exists(tx: &mut Tx, grant: &NewGrant) -> AppResult<()> {
    if let Some(code) = &grant.scope_code
        && !crate::territory::store::code_exists(tx, code).await?
    {
        return Err(AppError::invalid("scope", "field-unknown-unit"));
    }
    Ok(())
}

/// Creates a user with a one-time password (returned, to hand over once; it must be changed at
/// the first sign-in) and their grants.
pub async fn create_user(
    state: &AppState,
    actor: &Actor,
    username: &Username,
    display_name: &str,
    grants: &[NewGrant],
) -> AppResult<(UserId, String)> {
    let password = one_time_password();
    let hash = state.hashing.hash(password.clone()).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if store::user_by_username_tx(&mut tx, username.as_str())
        .await?
        .is_some()
    {
        return Err(AppError::Conflict("username_taken"));
    }
    let display_name = if display_name.trim().is_empty() {
        username.as_str()
    } else {
        display_name.trim()
    };
    let id = store::insert_user(&mut tx, username.as_str(), display_name, &hash, true, now).await?;
    for grant in grants {
        check_scope_exists(&mut tx, grant).await?;
        store::insert_grant(
            &mut tx,
            id,
            grant.role,
            grant.scope_code.as_deref(),
            grant.organization_id,
            now,
        )
        .await?;
    }
    let grants_json: Vec<_> = grants
        .iter()
        .map(|g| json!({"role": g.role.code(), "scope": g.scope_code, "organization": g.organization_id}))
        .collect();
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "user.create",
            target_kind: "user",
            target_id: &id.to_string(),
            details: json!({"username": username.as_str(), "grants": grants_json}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((id, password))
}

/// On a store without any user, creates the national administrator `admin` and returns its
/// one-time password. There is never a default password.
pub async fn ensure_first_admin(state: &AppState) -> AppResult<Option<String>> {
    if store::count_users(&state.db).await? > 0 {
        return Ok(None);
    }
    let username = Username::parse("admin").ok_or_else(|| anyhow::anyhow!("invalid built-in name"))?;
    let grant = NewGrant {
        role: Role::NationalAdmin,
        scope_code: None,
        organization_id: None,
    };
    match create_user(state, &Actor::system(), &username, "Administrator", &[grant]).await {
        Ok((_, password)) => Ok(Some(password)),
        // Another process created it at the same moment: it printed the password.
        Err(AppError::Conflict(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

async fn user_id_of(tx: &mut Tx, username: &str) -> AppResult<UserId> {
    store::user_by_username_tx(tx, username)
        .await?
        .map(|u| u.id)
        .ok_or(AppError::NotFound)
}

pub async fn grant_role(state: &AppState, actor: &Actor, username: &str, grant: &NewGrant) -> AppResult<()> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let id = user_id_of(&mut tx, username).await?;
    check_scope_exists(&mut tx, grant).await?;
    store::insert_grant(
        &mut tx,
        id,
        grant.role,
        grant.scope_code.as_deref(),
        grant.organization_id,
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "user.grant",
            target_kind: "user",
            target_id: &id.to_string(),
            details: json!({"role": grant.role.code(), "scope": grant.scope_code, "organization": grant.organization_id}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Disables a user: every session ends and every token is revoked, in the same transaction.
pub async fn disable_user(state: &AppState, actor: &Actor, username: &str) -> AppResult<()> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let id = user_id_of(&mut tx, username).await?;
    store::set_disabled(&mut tx, id, Some(now)).await?;
    let sessions = store::delete_sessions_of(&mut tx, id).await?;
    store::revoke_tokens_of(&mut tx, id, now).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "user.disable",
            target_kind: "user",
            target_id: &id.to_string(),
            details: json!({"sessions_ended": sessions}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

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

/// Creates a personal access token for scripts; the token is returned once and stored hashed.
pub async fn create_token(
    state: &AppState,
    actor: &Actor,
    username: &str,
    label: &str,
    valid_days: Option<i64>,
) -> AppResult<String> {
    let token = format!("mzn_{}", random_token());
    let now = state.clock.now();
    let expires = valid_days.map(|d| now + Duration::days(d));
    let mut tx = state.db.begin().await?;
    let id = user_id_of(&mut tx, username).await?;
    let token_id = store::insert_token(&mut tx, id, &digest(&token), label, now, expires).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "token.create",
            target_kind: "api_token",
            target_id: &token_id.to_string(),
            details: json!({"user": username, "label": label, "expires_at": expires}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

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
    // the limit (see `store::count_attempt`).
    let (attempt, by_account, by_address) = store::count_attempt(&state.db, &key, ip, now, since).await?;
    if by_account > THROTTLE_PER_ACCOUNT || by_address > THROTTLE_PER_ADDRESS {
        store::forget_attempt(&state.db, attempt).await?;
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
            store::clear_failures(&mut tx, &key).await?;
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

pub async fn set_language(state: &AppState, user_id: UserId, locale: Locale) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    store::set_locale(&mut tx, user_id, locale).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Username;

    #[test]
    fn user_names_are_lowercased_and_limited_to_a_safe_alphabet() {
        assert_eq!(
            Username::parse(" Coord.Taza ").map(|u| u.0),
            Some("coord.taza".to_owned())
        );
        assert!(Username::parse("ab").is_none());
        assert!(Username::parse(".hidden").is_none());
        assert!(Username::parse("محمد").is_none());
        assert!(Username::parse("a b c").is_none());
    }
}
