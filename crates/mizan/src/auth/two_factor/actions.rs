//! Use cases of the second factor: setting it up (a secret, confirmed by a first code, and ten
//! recovery codes shown once), signing in with it, new recovery codes, turning it off. Each runs
//! in one transaction with its audit entry, which never holds a code.

use chrono::Duration;
use serde_json::json;

use super::store;
use super::totp::{self, Secret};
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::auth::caller::{Grant, UserId};
use crate::auth::secret::{digest, random_token};
use crate::auth::sign_in::{THROTTLE_PER_ACCOUNT, THROTTLE_PER_ADDRESS, THROTTLE_WINDOW_MINUTES};
use crate::auth::{Role, store as accounts};
use crate::error::{AppError, AppResult};
use crate::store::Tx;

/// How many recovery codes a user holds: each signs in once, without the phone.
pub const RECOVERY_CODES: usize = 10;
/// How long a correct password waits for its code.
pub const PENDING_MINUTES: i64 = 10;
/// The name authenticator apps list the code under.
const ISSUER: &str = "Mizan";

/// Whether a role requires a second factor: those that reach every personal record.
pub fn role_requires(role: Role) -> bool {
    matches!(role, Role::NationalAdmin | Role::DataProtectionOfficer)
}

/// Whether these grants require a second factor.
pub fn required(grants: &[Grant]) -> bool {
    grants.iter().any(|g| role_requires(g.role))
}

fn seal_context(user: UserId) -> String {
    format!("users.totp_sealed/{user}")
}

/// A code as typed: Arabic-Indic digits read as digits, spaces and dashes dropped, lower case.
fn cleaned(typed: &str) -> String {
    mizan_text::fold(typed).replace(' ', "")
}

fn recovery_digest(state: &AppState, user: UserId, cleaned: &str) -> String {
    state
        .key
        .blind_index("recovery-code", &format!("{user}:{cleaned}"))
}

/// Ten new codes of two groups of five letters and digits, without look-alikes (about 49 bits
/// each, tried at most ten times in a quarter of an hour).
fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u16; 10];
            rand::fill(&mut bytes);
            let chars: String = bytes
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// A user's second factor as their account page shows it.
#[derive(Debug)]
pub enum Status {
    On {
        since: chrono::DateTime<chrono::Utc>,
        recovery_codes_left: i64,
    },
    /// Not on: the secret being set up, to scan or type, and its link.
    Off { secret: Secret, uri: String },
}

fn open_secret(state: &AppState, user: UserId, sealed: Option<&[u8]>) -> Option<Secret> {
    state
        .key
        .open(&seal_context(user), sealed?)
        .and_then(|bytes| Secret::from_bytes(&bytes))
}

/// The user's second factor; when it is off, the secret to set it up with (made on first sight,
/// then the same until it is confirmed, so that a reload does not undo a scan).
pub async fn status(state: &AppState, user: UserId, username: &str) -> AppResult<Status> {
    let row = store::secret_of(&state.db, user)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(since) = row.totp_enabled_at {
        let recovery_codes_left = store::recovery_codes_left(&state.db, user).await?;
        return Ok(Status::On {
            since,
            recovery_codes_left,
        });
    }
    let secret = match open_secret(state, user, row.totp_sealed.as_deref()) {
        Some(secret) => secret,
        None => {
            let secret = Secret::generate();
            let sealed = state.key.seal(&seal_context(user), secret.as_bytes());
            let mut tx = state.db.begin().await?;
            store::set_pending_secret(&mut tx, user, &sealed).await?;
            tx.commit().await?;
            secret
        }
    };
    let uri = secret.uri(ISSUER, username);
    Ok(Status::Off { secret, uri })
}

async fn audit_user(
    state: &AppState,
    tx: &mut Tx,
    actor: &Actor,
    action: &'static str,
    user: UserId,
) -> AppResult<()> {
    audit::record(
        tx,
        &state.key,
        state.clock.now(),
        actor,
        Event {
            action,
            target_kind: "user",
            target_id: &user.to_string(),
            details: json!({}),
        },
    )
    .await?;
    Ok(())
}

async fn store_recovery_codes(state: &AppState, tx: &mut Tx, user: UserId) -> AppResult<Vec<String>> {
    let codes = new_recovery_codes();
    let digests: Vec<String> = codes
        .iter()
        .map(|c| recovery_digest(state, user, &cleaned(c)))
        .collect();
    store::replace_recovery_codes(tx, user, &digests, state.clock.now()).await?;
    Ok(codes)
}

/// Turns the second factor on with the first code of the secret being set up; the recovery
/// codes, to show once.
pub async fn turn_on(state: &AppState, actor: &Actor, user: UserId, typed: &str) -> AppResult<Vec<String>> {
    let row = store::secret_of(&state.db, user)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.totp_enabled_at.is_some() {
        return Err(AppError::Conflict("two_factor_on_already"));
    }
    let secret = open_secret(state, user, row.totp_sealed.as_deref())
        .ok_or_else(|| AppError::invalid("code", "two-factor-code-wrong"))?;
    let now = state.clock.now();
    let step = totp::matching_step(&secret, &cleaned(typed), now, row.totp_last_step)
        .ok_or_else(|| AppError::invalid("code", "two-factor-code-wrong"))?;
    let mut tx = state.db.begin().await?;
    store::enable(&mut tx, user, now, step).await?;
    let codes = store_recovery_codes(state, &mut tx, user).await?;
    audit_user(state, &mut tx, actor, "two_factor.on", user).await?;
    tx.commit().await?;
    Ok(codes)
}

/// How the second factor was proven.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proof {
    Code,
    RecoveryCode,
}

/// Checks a code of the authenticator app, or else a recovery code, and uses it up in `tx`.
async fn prove(state: &AppState, tx: &mut Tx, user: UserId, typed: &str) -> AppResult<Option<Proof>> {
    let Some(row) = store::secret_of_tx(tx, user).await? else {
        return Ok(None);
    };
    if row.totp_enabled_at.is_none() {
        return Ok(None);
    }
    let typed = cleaned(typed);
    let now = state.clock.now();
    if let Some(secret) = open_secret(state, user, row.totp_sealed.as_deref())
        && let Some(step) = totp::matching_step(&secret, &typed, now, row.totp_last_step)
    {
        return Ok(store::use_step(tx, user, step).await?.then_some(Proof::Code));
    }
    if typed.len() == 10 {
        let digest = recovery_digest(state, user, &typed);
        if store::use_recovery_code(tx, user, &digest, now).await? {
            return Ok(Some(Proof::RecoveryCode));
        }
    }
    Ok(None)
}

/// Ten new recovery codes (the old ones no longer work), with a code of the app.
pub async fn renew_recovery_codes(
    state: &AppState,
    actor: &Actor,
    user: UserId,
    typed: &str,
) -> AppResult<Vec<String>> {
    let mut tx = state.db.begin().await?;
    if prove(state, &mut tx, user, typed).await? != Some(Proof::Code) {
        return Err(AppError::invalid("code", "two-factor-code-wrong"));
    }
    let codes = store_recovery_codes(state, &mut tx, user).await?;
    audit_user(state, &mut tx, actor, "two_factor.recovery_codes", user).await?;
    tx.commit().await?;
    Ok(codes)
}

/// Turns the second factor off, proven with a code or a recovery code (a lost phone: off, then
/// set up on the new one; a role that requires it is sent to the setup at once).
pub async fn turn_off(state: &AppState, actor: &Actor, user: UserId, typed: &str) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    if prove(state, &mut tx, user, typed).await?.is_none() {
        return Err(AppError::invalid("code", "two-factor-code-wrong"));
    }
    store::clear(&mut tx, user).await?;
    audit_user(state, &mut tx, actor, "two_factor.off", user).await?;
    tx.commit().await?;
    Ok(())
}

/// Turns a user's second factor off for them (a manager, for someone who lost both phone and
/// codes): in the caller's transaction, with its audit entry and the user's sessions ended.
pub(crate) async fn reset(tx: &mut Tx, user: UserId) -> AppResult<()> {
    store::clear(tx, user).await?;
    accounts::delete_sessions_of(tx, user).await?;
    Ok(())
}

/// Opens a sign-in that waits for its code (the password was right); the cookie value.
pub(crate) async fn begin(state: &AppState, tx: &mut Tx, user: UserId) -> AppResult<String> {
    let token = random_token();
    let now = state.clock.now();
    store::insert_pending(
        tx,
        &digest(&token),
        user,
        now,
        now + Duration::minutes(PENDING_MINUTES),
    )
    .await?;
    Ok(token)
}

/// What became of a code typed to finish signing in.
#[derive(Debug)]
pub enum Finish {
    SignedIn {
        session_token: String,
        must_change_password: bool,
    },
    Refused,
    Throttled,
    /// No sign-in waits under this cookie (too late, or never): sign in again.
    Expired,
}

/// Finishes a sign-in with its code: a session opens and the waiting sign-in ends. Failures are
/// counted per user and per address, with the passwords'.
pub async fn finish(
    state: &AppState,
    pending_token: &str,
    typed: &str,
    ip: &str,
    user_agent: Option<&str>,
    previous_session: Option<&str>,
) -> AppResult<Finish> {
    let now = state.clock.now();
    let pending_hash = digest(pending_token);
    let Some(user) = store::pending(&state.db, &pending_hash, now).await? else {
        return Ok(Finish::Expired);
    };
    let key = state.key.blind_index("second-factor", &user.to_string());
    let since = now - Duration::minutes(THROTTLE_WINDOW_MINUTES);
    let (attempt, by_account, by_address) =
        accounts::attempts::count_attempt(&state.db, &key, ip, now, since).await?;
    if by_account > THROTTLE_PER_ACCOUNT || by_address > THROTTLE_PER_ADDRESS {
        accounts::attempts::forget_attempt(&state.db, attempt).await?;
        return Ok(Finish::Throttled);
    }
    let mut tx = state.db.begin().await?;
    let Some(proof) = prove(state, &mut tx, user, typed).await? else {
        // The attempt stays counted as a failure.
        return Ok(Finish::Refused);
    };
    let user_row = accounts::user_by_id_tx(&mut tx, user)
        .await?
        .ok_or(AppError::NotFound)?;
    store::delete_pending(&mut tx, &pending_hash).await?;
    accounts::attempts::clear_failures(&mut tx, &key).await?;
    let method = match proof {
        Proof::Code => "code",
        Proof::RecoveryCode => "recovery_code",
    };
    let session_token = crate::auth::sign_in::start_session(
        state,
        &mut tx,
        &user_row,
        ip,
        user_agent,
        previous_session,
        json!({"second_factor": method}),
    )
    .await?;
    tx.commit().await?;
    Ok(Finish::SignedIn {
        session_token,
        must_change_password: user_row.must_change_password,
    })
}
