//! A person's memberships managed one by one: joining another organization (at a branch), a
//! change of role in one, its end with the day and why. Each within the caller's reach (the
//! membership's branch and organization), in one transaction with the rollups and the audit entry.
//! Ended memberships stay: they are the person's history.

pub mod dues;
pub mod pages;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;

use super::model::MembershipView;
use super::store;
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::auth::Permit;
use crate::error::{AppError, AppResult, FieldError};
use crate::on_tx;
use crate::store::Tx;
use crate::territory::{Level, Unit, store as territory};
use crate::ui::forms::parse_date;

/// The roles a member holds in an organization.
pub const ROLES: [&str; 3] = ["member", "officer", "honorary"];
/// Why a membership ends.
pub const END_REASONS: [&str; 5] = ["resigned", "excluded", "deceased", "moved", "other"];

/// The person (within the permit's reach) and their memberships the permit may see.
pub async fn of_person(
    state: &AppState,
    permit: &Permit,
    uid: &str,
) -> AppResult<(store::PersonRecord, Vec<MembershipView>)> {
    let record = store::person_by_uid(&state.db, &permit.reaches, uid)
        .await?
        .ok_or(AppError::NotFound)?;
    let memberships = store::memberships_of(&state.db, &permit.reaches, &record).await?;
    Ok((record.into_inner(), memberships))
}

/// Open branches the permit may bring members into for some organization: those of the
/// person's province (where people usually join), in the permit's scope.
pub async fn branches_near(
    state: &AppState,
    permit: &Permit,
    residence_path: Option<&str>,
) -> AppResult<Vec<Unit>> {
    let province: String = residence_path
        .map(|p| p.split_inclusive('/').take(4).collect())
        .unwrap_or_else(|| "/".to_owned());
    Ok(
        territory::descendants_within(&state.db, &province, Level::Branch, &permit.scope)
            .await?
            .into_iter()
            .filter(|b| b.closed_on.is_none())
            .take(500)
            .collect(),
    )
}

/// A membership to add, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct JoinDraft {
    /// The organization's code.
    #[serde(default)]
    pub organization: String,
    /// The branch's code.
    #[serde(default)]
    pub branch: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub joined_on: String,
}

fn joined_day(errors: &mut Vec<FieldError>, field: &str, text: &str, today: NaiveDate) -> NaiveDate {
    match text.trim() {
        "" => today,
        typed => match parse_date(typed) {
            Some(d) if d <= today => d,
            Some(_) => {
                errors.push(FieldError::new(field, "membership-day-ahead"));
                today
            }
            None => {
                errors.push(FieldError::new(field, "field-date-format"));
                today
            }
        },
    }
}

/// Adds the person to an organization at a branch; one current membership per organization.
pub async fn join(state: &AppState, permit: &Permit, uid: &str, draft: &JoinDraft) -> AppResult<()> {
    let actor = &permit.actor;
    let (person, memberships) = of_person(state, permit, uid).await?;
    let person = person.id;
    let today = state.clock.today();
    let mut errors = Vec::new();
    let organization = crate::organizations::all(&state.db)
        .await?
        .into_iter()
        .find(|o| o.code == draft.organization.trim());
    let branch = territory::unit_within(&state.db, draft.branch.trim(), &permit.scope)
        .await?
        .filter(|b| b.level == Level::Branch && b.closed_on.is_none());
    match (&organization, &branch) {
        (None, _) => errors.push(FieldError::new("organization", "field-unknown-choice")),
        (Some(_), None) => errors.push(FieldError::new("branch", "field-unknown-choice")),
        (Some(o), Some(b)) if !permit.holds(&b.path, o.id, o.walled) => {
            errors.push(FieldError::new("branch", "membership-not-yours"));
        }
        (Some(o), _)
            if memberships
                .iter()
                .any(|m| m.organization_id == o.id && m.status != "ended") =>
        {
            errors.push(FieldError::new("organization", "membership-exists"));
        }
        _ => {}
    }
    let role = draft.role.trim();
    let role = if role.is_empty() { "member" } else { role };
    if !ROLES.contains(&role) {
        errors.push(FieldError::new("role", "field-unknown-choice"));
    }
    let joined_on = joined_day(&mut errors, "joined_on", &draft.joined_on, today);
    let (Some(organization), Some(branch), true) = (organization, branch, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let id = store::next_id(&mut tx, "memberships").await?;
    store::insert_rows(
        &mut tx,
        Vec::new(),
        vec![super::model::MembershipRow {
            id,
            person_id: person,
            organization_id: organization.id,
            branch_code: branch.code.clone(),
            branch_path: branch.path.clone(),
            status: "active",
            role: ROLES.iter().find(|r| **r == role).copied().unwrap_or("member"),
            joined_on,
        }],
        now,
    )
    .await?;
    store::count_new_member(&mut tx, &branch.path, organization.id).await?;
    audit(
        state,
        &mut tx,
        actor,
        "membership.join",
        uid,
        json!({"organization": organization.code, "branch": branch.code, "role": role, "joined_on": joined_on}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn audit(
    state: &AppState,
    tx: &mut Tx,
    actor: &Actor,
    action: &'static str,
    uid: &str,
    details: serde_json::Value,
) -> AppResult<()> {
    audit::record(
        tx,
        &state.key,
        state.clock.now(),
        actor,
        Event {
            action,
            target_kind: "person",
            target_id: uid,
            details,
        },
    )
    .await?;
    Ok(())
}

/// One of the person's current memberships that the permit holds (its branch and organization).
async fn held(state: &AppState, permit: &Permit, uid: &str, id: i64) -> AppResult<MembershipView> {
    let (_, memberships) = of_person(state, permit, uid).await?;
    let Some(m) = memberships.into_iter().find(|m| m.id == id) else {
        return Err(AppError::NotFound);
    };
    let walled = crate::organizations::all(&state.db)
        .await?
        .into_iter()
        .any(|o| o.id == m.organization_id && o.walled);
    if !permit.holds(&m.branch_path, m.organization_id, walled) {
        return Err(AppError::NotFound);
    }
    Ok(m)
}

/// What the membership's row asks: `do` = role (with `role`) or end (with `ended_on`, `reason`).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ChangeDraft {
    #[serde(default, rename = "do")]
    pub what: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub ended_on: String,
    #[serde(default)]
    pub reason: String,
}

/// Changes a membership's role, or ends it (taken out of the figures if it counted).
pub async fn change(
    state: &AppState,
    permit: &Permit,
    uid: &str,
    id: i64,
    draft: &ChangeDraft,
) -> AppResult<()> {
    let actor = &permit.actor;
    let membership = held(state, permit, uid, id).await?;
    if membership.status == "ended" {
        return Err(AppError::Conflict("membership_ended"));
    }
    let today = state.clock.today();
    let mut errors = Vec::new();
    let mut tx = state.db.begin().await?;
    match draft.what.as_str() {
        "role" => {
            let Some(role) = ROLES.iter().find(|r| **r == draft.role.trim()) else {
                return Err(AppError::invalid("role", "field-unknown-choice"));
            };
            on_tx!(&mut tx, |c| sqlx::query(
                "UPDATE memberships SET role = $2 WHERE id = $1"
            )
            .bind(id)
            .bind(*role)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))
            .map_err(crate::store::StoreError::from)?;
            audit(
                state,
                &mut tx,
                actor,
                "membership.role",
                uid,
                json!({"organization": membership.organization_code, "from": membership.role, "to": role}),
            )
            .await?;
        }
        "end" => {
            let ended_on = joined_day(&mut errors, "ended_on", &draft.ended_on, today);
            if ended_on < membership.joined_on {
                errors.push(FieldError::new("ended_on", "membership-end-before-join"));
            }
            let reason = END_REASONS.iter().find(|r| **r == draft.reason.trim());
            if reason.is_none() {
                errors.push(FieldError::new("reason", "field-required"));
            }
            let (Some(reason), true) = (reason, errors.is_empty()) else {
                return Err(AppError::Invalid(errors));
            };
            on_tx!(&mut tx, |c| sqlx::query(
                "UPDATE memberships SET status = 'ended', ended_on = $2, end_reason = $3 WHERE id = $1"
            )
            .bind(id)
            .bind(ended_on)
            .bind(*reason)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))
            .map_err(crate::store::StoreError::from)?;
            if membership.status == "active" {
                for code in membership.branch_path.split('/').filter(|s| !s.is_empty()) {
                    store::add_members(&mut tx, code, membership.organization_id, -1).await?;
                }
            }
            audit(
                state,
                &mut tx,
                actor,
                "membership.end",
                uid,
                json!({"organization": membership.organization_code, "ended_on": ended_on, "reason": reason}),
            )
            .await?;
        }
        _ => return Err(AppError::invalid("do", "field-unknown-choice")),
    }
    tx.commit().await?;
    Ok(())
}
