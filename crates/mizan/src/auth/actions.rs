//! Use cases of accounts from the command line and the first run: creating users, granting roles,
//! disabling, tokens for scripts, a user's language. Signing in is `sign_in`, passwords
//! `passwords`. Each runs in one transaction with its audit entry.

use chrono::Duration;
use serde_json::json;

use super::caller::UserId;
use super::secret::{digest, one_time_password, random_token};
use super::{Role, store};
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::error::{AppError, AppResult};
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

pub(super) async fn user_id_of(tx: &mut Tx, username: &str) -> AppResult<UserId> {
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
    store::tokens::revoke_tokens_of(&mut tx, id, now).await?;
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
    let token_id = store::tokens::insert_token(&mut tx, id, &digest(&token), label, now, expires).await?;
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
