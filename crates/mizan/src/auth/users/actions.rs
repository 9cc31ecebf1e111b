//! Use cases of the users' administration: invite a user (a one-time link to choose their
//! password), give and take back roles, disable and enable, reset (a new link), end sessions and
//! revoke tokens (the invited user's sign-up is `sign_up`). Each within the bounds of `bounds.rs`: a refusal
//! writes nothing but its audit entry (who tried to give what to whom).

use chrono::Duration;
use serde::Deserialize;
use serde_json::json;

use super::bounds::{self, Wanted};
use super::store::{self, GrantRow, UserSummary};
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::auth::actions::{NewGrant, Username};
use crate::auth::secret::{digest, random_token};
use crate::auth::{Grant, Permit, Role, UserId, store as accounts};
use crate::error::{AppError, AppResult, FieldError};
use crate::territory::{UnitCode, store as territory};

/// How long an invitation link (or a reset link) stays good.
pub const LINK_HOURS: i64 = 72;

/// A new one-time link for the user to choose their password (any link given before no longer
/// works); its token, shown once, is kept as its digest.
pub(super) async fn sign_in_link(
    tx: &mut crate::store::Tx,
    user: UserId,
    by: &Actor,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<String> {
    let token = random_token();
    store::insert_invitation(
        tx,
        user,
        &digest(&token),
        &by.label,
        now,
        now + Duration::hours(LINK_HOURS),
    )
    .await?;
    Ok(token)
}

/// Whether one of the grants is a national administrator's.
fn national(managers: &[Grant]) -> bool {
    managers
        .iter()
        .any(|g| g.role == Role::NationalAdmin && g.scope_path.is_none())
}

/// The grant a user holds, as the bounds know it.
fn wanted(g: &GrantRow) -> Option<Wanted<'_>> {
    Some(Wanted {
        role: Role::parse(&g.role)?,
        scope_path: g.scope_path.as_deref(),
        organization: g.organization_id,
        walled: g.walled.unwrap_or(false),
    })
}

/// Whether the managers may manage a user holding these grants: every one of them is one they
/// could give (a user without any, the national administrator alone).
fn manageable(managers: &[Grant], held: &[GrantRow]) -> bool {
    if held.is_empty() {
        return national(managers);
    }
    held.iter()
        .all(|g| wanted(g).is_some_and(|w| bounds::may_give(managers, w)))
}

/// A user in the manager's view, with their grants and whether they may manage them.
#[derive(Clone, Debug)]
pub struct Managed {
    pub user: UserSummary,
    pub grants: Vec<GrantRow>,
    pub manageable: bool,
}

/// The users a manager sees: those holding a grant inside one of their subtrees (every user, for
/// a national administrator).
pub async fn visible_users(state: &AppState, permit: &Permit) -> AppResult<Vec<Managed>> {
    let managers = &permit.grants;
    let grants = store::grants(&state.db).await?;
    let mut out = Vec::new();
    for user in store::users(&state.db).await? {
        let held: Vec<GrantRow> = grants.iter().filter(|g| g.user_id == user.id).cloned().collect();
        let seen = national(managers)
            || held
                .iter()
                .any(|g| g.grant().is_some_and(|g| bounds::sees(managers, &g)));
        if seen {
            out.push(Managed {
                manageable: manageable(managers, &held),
                user,
                grants: held,
            });
        }
    }
    Ok(out)
}

/// One user in the manager's view, or 404.
pub async fn visible_user(state: &AppState, permit: &Permit, username: &str) -> AppResult<Managed> {
    visible_users(state, permit)
        .await?
        .into_iter()
        .find(|m| m.user.username == username)
        .ok_or(AppError::NotFound)
}

/// A user the manager may manage, or 404 (not in their view) / 403 (in view, not theirs).
pub(super) async fn managed(
    state: &AppState,
    permit: &Permit,
    username: &str,
    what: &str,
) -> AppResult<Managed> {
    match visible_user(state, permit, username).await {
        Ok(m) if m.manageable => Ok(m),
        // Out of view: not found, as for a user who does not exist; the attempt is kept all the same.
        Err(AppError::NotFound) => {
            refused(state, &permit.actor, what, username, json!({})).await;
            Err(AppError::NotFound)
        }
        Ok(_) => Err(refused(state, &permit.actor, what, username, json!({})).await),
        Err(e) => Err(e),
    }
}

/// A refused attempt: its audit entry, alone; the 403 to answer.
pub(super) async fn refused(
    state: &AppState,
    actor: &Actor,
    what: &str,
    username: &str,
    details: serde_json::Value,
) -> AppError {
    let entry = audit::record_alone(
        &state.db,
        &state.key,
        state.clock.now(),
        actor,
        Event {
            action: "user.refused",
            target_kind: "user",
            target_id: username,
            details: json!({ "tried": what, "details": details }),
        },
    )
    .await;
    match entry {
        Ok(_) => AppError::Forbidden,
        Err(e) => e.into(),
    }
}

/// A role to give, as typed: the role's code, where (a unit's code, or `all`), and optionally an
/// organization's code.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct GrantDraft {
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub organization: String,
}

/// A grant typed, resolved: the grant to write, its unit's path, its organization's wall.
struct Resolved {
    grant: NewGrant,
    path: Option<String>,
    walled: bool,
}

impl Resolved {
    fn wanted(&self) -> Wanted<'_> {
        Wanted {
            role: self.grant.role,
            scope_path: self.path.as_deref(),
            organization: self.grant.organization_id,
            walled: self.walled,
        }
    }
}

async fn resolve(
    state: &AppState,
    draft: &GrantDraft,
    errors: &mut Vec<FieldError>,
) -> AppResult<Option<Resolved>> {
    let role = Role::parse(draft.role.trim());
    if role.is_none() {
        errors.push(FieldError::new("role", "field-unknown-choice"));
    }
    let scope = draft.scope.trim();
    let unit = match scope {
        "" | "all" => None,
        code => {
            let unit = match UnitCode::parse(code) {
                Some(c) => territory::unit_by_code(&state.db, c.as_str()).await?,
                None => None,
            };
            if unit.is_none() {
                errors.push(FieldError::new("scope", "field-unknown-unit"));
            }
            unit
        }
    };
    let organization = match draft.organization.trim() {
        "" => None,
        code => {
            let found = crate::organizations::all(&state.db)
                .await?
                .into_iter()
                .find(|o| o.code == code);
            if found.is_none() {
                errors.push(FieldError::new("organization", "field-unknown-choice"));
            }
            found
        }
    };
    let Some(role) = role else { return Ok(None) };
    if !scope.is_empty() && scope != "all" && unit.is_none() {
        return Ok(None);
    }
    if !draft.organization.trim().is_empty() && organization.is_none() {
        return Ok(None);
    }
    Ok(Some(Resolved {
        grant: NewGrant {
            role,
            scope_code: unit.as_ref().map(|u| u.code.clone()),
            organization_id: organization.as_ref().map(|o| o.id),
        },
        path: unit.map(|u| u.path),
        walled: organization.is_some_and(|o| o.walled),
    }))
}

/// A user to invite, as typed.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct InviteDraft {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(flatten)]
    pub grant: GrantDraft,
}

/// Invites a user with one role: the user exists at once, without a usable password, and the
/// returned link token (shown once) lets them choose one within [`LINK_HOURS`].
pub async fn invite(state: &AppState, permit: &Permit, draft: &InviteDraft) -> AppResult<String> {
    let managers = &permit.grants;
    let mut errors = Vec::new();
    let username = Username::parse(&draft.username);
    if username.is_none() {
        errors.push(FieldError::new("username", "user-name-format"));
    }
    let display_name = draft.display_name.trim();
    if display_name.chars().count() > 120 {
        errors.push(FieldError::new("display_name", "field-too-long"));
    } else if mizan_text::has_hidden_controls(display_name) {
        errors.push(FieldError::new("display_name", "field-control-characters"));
    }
    let resolved = resolve(state, &draft.grant, &mut errors).await?;
    if let Some(name) = &username
        && accounts::user_by_username(&state.db, name.as_str())
            .await?
            .is_some()
    {
        errors.push(FieldError::new("username", "user-name-taken"));
    }
    let (Some(username), Some(resolved), true) = (username, resolved, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    if !bounds::may_give(managers, resolved.wanted()) {
        return Err(refused(
            state,
            &permit.actor,
            "invite",
            username.as_str(),
            json!({ "role": resolved.grant.role.code(), "scope": resolved.grant.scope_code }),
        )
        .await);
    }
    // A password nobody knows until the link is used.
    let unusable = state.hashing.hash(random_token()).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let name = if display_name.is_empty() {
        username.as_str()
    } else {
        display_name
    };
    let id = accounts::insert_user(&mut tx, username.as_str(), name, &unusable, true, now).await?;
    let g = &resolved.grant;
    accounts::insert_grant(
        &mut tx,
        id,
        g.role,
        g.scope_code.as_deref(),
        g.organization_id,
        now,
    )
    .await?;
    let token = sign_in_link(&mut tx, id, &permit.actor, now).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        &permit.actor,
        Event {
            action: "user.invite",
            target_kind: "user",
            target_id: username.as_str(),
            details: json!({ "role": g.role.code(), "scope": g.scope_code, "organization": g.organization_id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Gives a role to a user the manager manages.
pub async fn grant(state: &AppState, permit: &Permit, username: &str, draft: &GrantDraft) -> AppResult<()> {
    let managers = &permit.grants;
    let target = managed(state, permit, username, "grant").await?;
    let mut errors = Vec::new();
    let resolved = resolve(state, draft, &mut errors).await?;
    let (Some(resolved), true) = (resolved, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    if !bounds::may_give(managers, resolved.wanted()) {
        return Err(refused(
            state,
            &permit.actor,
            "grant",
            username,
            json!({ "role": resolved.grant.role.code(), "scope": resolved.grant.scope_code }),
        )
        .await);
    }
    let now = state.clock.now();
    let g = &resolved.grant;
    let mut tx = state.db.begin().await?;
    accounts::insert_grant(
        &mut tx,
        target.user.id,
        g.role,
        g.scope_code.as_deref(),
        g.organization_id,
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        &permit.actor,
        Event {
            action: "user.grant",
            target_kind: "user",
            target_id: username,
            details: json!({ "role": g.role.code(), "scope": g.scope_code, "organization": g.organization_id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a role back.
pub async fn revoke(state: &AppState, permit: &Permit, username: &str, grant: i64) -> AppResult<()> {
    let target = managed(state, permit, username, "revoke").await?;
    let Some(held) = target.grants.iter().find(|g| g.id == grant) else {
        return Err(AppError::NotFound);
    };
    // Taking away one's own role could leave the party without an administrator: another
    // manager does it.
    if permit.actor.user_id == Some(target.user.id) {
        return Err(AppError::invalid("grant", "users-own-role"));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if !store::delete_grant(&mut tx, target.user.id, grant).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &state.key,
        now,
        &permit.actor,
        Event {
            action: "user.revoke",
            target_kind: "user",
            target_id: username,
            details: json!({ "role": held.role, "scope": held.scope_code, "organization": held.organization_id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
