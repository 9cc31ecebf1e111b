//! A branch's life after its creation: renamed, closed (with its day and why; its members kept
//! as lapsed), or merged into another branch (its members move there). Its history stays: the
//! closed branch keeps its page, its meetings, its former members; it counts nowhere and takes
//! no new record.

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;

use super::store;
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::{Permit, Scope};
use crate::error::{AppError, AppResult, FieldError};
use crate::territory::actions::NewUnitDraft;
use crate::territory::{Level, Unit, UnitCode, store as territory};
use crate::ui::forms::parse_date;

/// An open branch the caller manages (`ManageUnits` scope), or 404.
pub async fn managed_branch(state: &AppState, scope: &Scope, code: &str) -> AppResult<Unit> {
    let code = UnitCode::parse(code).ok_or(AppError::NotFound)?;
    territory::unit_within(&state.db, code.as_str(), scope)
        .await?
        .filter(|u| u.level == Level::Branch && u.kind.as_deref() == Some("branch"))
        .filter(|u| u.closed_on.is_none())
        .ok_or(AppError::NotFound)
}

/// The branches a branch may merge into: the open branches of its province that the caller
/// manages, itself excepted.
pub async fn merge_targets(state: &AppState, scope: &Scope, branch: &Unit) -> AppResult<Vec<Unit>> {
    // `/MA/03/03.561/…`: the first three codes are the country, the region and the province.
    let province: String = branch.path.split_inclusive('/').take(4).collect();
    Ok(
        territory::descendants_within(&state.db, &province, Level::Branch, scope)
            .await?
            .into_iter()
            .filter(|u| u.code != branch.code && u.closed_on.is_none())
            .filter(|u| u.kind.as_deref() == Some("branch"))
            .collect(),
    )
}

/// Renames a branch (both names, checked as at its creation).
pub async fn rename(state: &AppState, permit: &Permit, code: &str, draft: &NewUnitDraft) -> AppResult<Unit> {
    let (scope, actor) = (&permit.scope, &permit.actor);
    let branch = managed_branch(state, scope, code).await?;
    let new = draft.parse(Level::Branch).map_err(AppError::Invalid)?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if !store::rename(&mut tx, &branch.code, &new.name_ar, &new.name_fr).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "territory.unit.rename",
            target_kind: "territory_unit",
            target_id: &branch.code,
            details: json!({
                "from": [branch.name_ar, branch.name_fr],
                "to": [new.name_ar, new.name_fr],
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(branch)
}

/// What closing a branch asks: its last day, why, and what becomes of its members: `lapse`
/// (they stay, as lapsed members of the closed branch) or `merge` (they move to `into`).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct CloseDraft {
    #[serde(default)]
    pub on: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub members: String,
    #[serde(default)]
    pub into: String,
}

/// What a closing did.
#[derive(Debug)]
pub struct Closed {
    pub branch: Unit,
    pub into: Option<Unit>,
    pub moved: u64,
    pub lapsed: u64,
}

/// Closes a branch, or merges it into another: in one transaction, the branch rollups, its
/// renewals in running campaigns ended, its bodies dissolved and their seats ended, its members lapsed or moved with the membership
/// rollups following, and its audit entry.
pub async fn close(state: &AppState, permit: &Permit, code: &str, draft: &CloseDraft) -> AppResult<Closed> {
    let (scope, actor) = (&permit.scope, &permit.actor);
    let branch = managed_branch(state, scope, code).await?;
    let today = state.clock.today();
    let mut errors = Vec::new();
    let on = match draft.on.trim() {
        "" => Some(today),
        text => match parse_date(text) {
            None => {
                errors.push(FieldError::new("on", "field-date-format"));
                None
            }
            Some(d) if d > today => {
                errors.push(FieldError::new("on", "branch-close-ahead"));
                None
            }
            Some(d) => Some(d),
        },
    };
    let reason: String = draft.reason.trim().chars().take(500).collect();
    if reason.is_empty() {
        errors.push(FieldError::new("reason", "field-required"));
    } else if mizan_text::has_hidden_controls(&reason) {
        errors.push(FieldError::new("reason", "field-control-characters"));
    }
    let into = match draft.members.as_str() {
        "lapse" => None,
        "merge" => {
            let targets = merge_targets(state, scope, &branch).await?;
            match targets.into_iter().find(|t| t.code == draft.into.trim()) {
                Some(t) => Some(t),
                None => {
                    errors.push(FieldError::new("into", "branch-merge-choose"));
                    None
                }
            }
        }
        _ => {
            errors.push(FieldError::new("members", "field-required"));
            None
        }
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let on: NaiveDate = on.unwrap_or(today);
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if !store::close(
        &mut tx,
        &branch.code,
        on,
        &reason,
        into.as_ref().map(|u| u.code.as_str()),
    )
    .await?
    {
        return Err(AppError::NotFound);
    }
    store::uncount_branch(&mut tx, &branch).await?;
    let renewals_ended = store::end_renewals(
        &mut tx,
        &branch.code,
        on,
        &reason,
        into.as_ref().map(|u| u.code.as_str()),
        now,
    )
    .await?;
    let seats_ended = store::dissolve_bodies(&mut tx, &branch.code, on).await?;
    let before = store::active_members(&mut tx, &branch.code).await?;
    store::shift_rollups(&mut tx, &branch, &before, -1).await?;
    let (mut moved, mut lapsed, mut doubles) = (0, 0, 0);
    match &into {
        Some(target) => {
            doubles = store::end_doubles(&mut tx, &branch.code, &target.code, on).await?;
            let moving = store::active_members(&mut tx, &branch.code).await?;
            moved = store::move_members(&mut tx, &branch.code, target).await?;
            store::shift_rollups(&mut tx, target, &moving, 1).await?;
        }
        None => lapsed = store::lapse_members(&mut tx, &branch.code).await?,
    }
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: if into.is_some() {
                "territory.unit.merge"
            } else {
                "territory.unit.close"
            },
            target_kind: "territory_unit",
            target_id: &branch.code,
            details: json!({
                "on": on,
                "into": into.as_ref().map(|u| &u.code),
                "memberships_moved": moved,
                "memberships_lapsed": lapsed,
                "memberships_ended_as_doubles": doubles,
                "seats_ended": seats_ended,
                "renewals_ended": renewals_ended,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Closed {
        branch,
        into,
        moved,
        lapsed,
    })
}
