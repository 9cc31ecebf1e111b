//! Use cases of activities: record one (a phone form, no script needed), verify or reject it (a
//! coordinator above the organizer). Each is one transaction, with the rollups and the audit entry.

use chrono::NaiveDate;
use serde_json::json;

use super::draft::{ActivityDraft, check_with_places};
use super::model::{ActivityRow, Status};
use super::store::{self, NewActivity, Revision};
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::{Held, Permit, Scope, Visible};
use crate::error::{AppError, AppResult};
use crate::store::new_uid;
use crate::territory::{Level, Unit};

/// Where an activity is recorded from: a branch (its commune, its bureau organizes), a commune,
/// or, for a section abroad, its city.
pub async fn place(state: &AppState, scope: &Scope, code: &str) -> AppResult<(Unit, Unit)> {
    let unit = crate::territory::store::unit_within(&state.db, code, scope)
        .await?
        .ok_or(AppError::NotFound)?;
    if unit.closed_on.is_some() {
        return Err(AppError::Conflict("branch_closed"));
    }
    // Where activities take place: a commune, an arrondissement, or a city abroad.
    let a_place = |u: &Unit| {
        matches!(
            u.level,
            Level::Commune | Level::Arrondissement | Level::AbroadCity
        )
    };
    match unit.level {
        _ if a_place(&unit) => Ok((unit.clone(), unit)),
        Level::Branch => {
            let parent = unit.parent_code.clone().ok_or(AppError::NotFound)?;
            let commune = crate::territory::store::unit_by_code(&state.db, &parent)
                .await?
                .filter(a_place)
                .ok_or(AppError::NotFound)?;
            Ok((commune, unit))
        }
        _ => Err(AppError::NotFound),
    }
}

/// A body that may be named as an activity's organizer, with its type and unit.
#[derive(Clone, Debug)]
pub struct Organizer {
    pub body: crate::bodies::model::Body,
    pub kind: crate::bodies::model::BodyType,
    pub unit: Unit,
}

/// The bodies that may organize an activity recorded at `place` (of `commune`): those sitting at
/// the place or any unit above it (a branch's bureau, its parallel organizations' bureaus, the
/// provincial council…), still in office, whose records the recorder's permit covers (its place
/// and its organization: a youth-wing officer names the youth wing's bureaus); the nearest first.
pub async fn organizers(
    state: &AppState,
    permit: &Permit,
    place: &Unit,
    commune: &Unit,
) -> AppResult<Vec<Organizer>> {
    let types = crate::bodies::types::store::body_types(&state.db).await?;
    let walled: Vec<i64> = crate::organizations::all(&state.db)
        .await?
        .into_iter()
        .filter(|o| o.walled)
        .map(|o| o.id)
        .collect();
    let mut codes: Vec<&str> = vec![place.code.as_str()];
    codes.extend(
        commune
            .path
            .split('/')
            .filter(|c| !c.is_empty() && *c != place.code)
            .rev(),
    );
    let units = crate::territory::store::units_by_code(&state.db, &codes).await?;
    let today = state.clock.today();
    let mut found = Vec::new();
    for code in codes {
        let Some(unit) = units.iter().find(|u| u.code == code) else {
            continue;
        };
        for body in crate::bodies::store::bodies_at(&state.db, code).await? {
            let in_office = body.dissolved_on.is_none_or(|d| d > today);
            if !in_office {
                continue;
            }
            if let Some(kind) = types.iter().find(|t| t.id == body.body_type_id).filter(|t| {
                permit.holds(
                    &body.unit_path,
                    t.organization_id,
                    walled.contains(&t.organization_id),
                )
            }) {
                found.push(Organizer {
                    kind: kind.clone(),
                    unit: unit.clone(),
                    body,
                });
            }
        }
    }
    Ok(found)
}

/// Records an activity at `code` (a branch or a commune). Done activities need their date in the
/// past and at least one counted beneficiary; planned ones a date ahead.
pub async fn record(
    state: &AppState,
    permit: &Permit,
    code: &str,
    draft: &ActivityDraft,
) -> AppResult<String> {
    let actor = &permit.actor;
    let (commune, organizer) = place(state, &permit.scope, code).await?;
    let (checked, places) = check_with_places(state, draft, &commune.path, None).await?;
    let campaign =
        super::settings::store::campaign_on(&state.db, checked.days.0, &commune.path, checked.kind.id)
            .await?;
    // The body named on the form, else the branch's own bureau.
    let (organizer_body, organizer_path) = match draft.organizer.trim() {
        "" if organizer.level == Level::Branch => (
            crate::bodies::store::bodies_at(&state.db, &organizer.code)
                .await?
                .first()
                .map(|b| b.id),
            organizer.path.clone(),
        ),
        "" => (None, organizer.path.clone()),
        chosen => {
            let body = organizers(state, permit, &organizer, &commune)
                .await?
                .into_iter()
                .find(|o| o.body.id.to_string() == chosen)
                .ok_or_else(|| AppError::invalid("organizer", "field-unknown-choice"))?
                .body;
            (Some(body.id), body.unit_path)
        }
    };
    // Without a body named, the branch's bureau (or, at a commune, the party) organizes: the
    // recorder must be one who acts for it (a parallel organization's officer names their own).
    let (org, walled) = store::organization_of(&state.db, organizer_body).await?;
    if !permit.holds(&organizer_path, org, walled) {
        return Err(AppError::invalid("organizer", "field-required"));
    }
    let uid = new_uid();
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let row = store::insert(
        &mut tx,
        &NewActivity {
            uid: &uid,
            type_id: checked.kind.id,
            campaign_id: campaign,
            title: &checked.title,
            starts_on: checked.days.0,
            ends_on: checked.days.1,
            commune: (&commune.code, &commune.path),
            rural: commune.kind.as_deref() == Some("rural"),
            organizer: (organizer_body, &organizer_path),
            description: &checked.description,
            status: checked.status.code(),
            recorded_by: &actor.label,
        },
        &checked.counts,
        now,
    )
    .await?;
    store::details::set_partners(&mut tx, row.id, &checked.partners).await?;
    store::details::set_places(&mut tx, row.id, &places).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "activity.record",
            target_kind: "activity",
            target_id: &uid,
            details: json!({ "type": checked.kind.code, "commune": commune.code, "day": checked.days.0,
                             "until": checked.days.1, "status": checked.status.code(),
                             "also": places.iter().map(|(code, _)| code).collect::<Vec<_>>(),
                             "organizer": organizer_body, "organizer_path": organizer_path,
                             "beneficiaries": checked.in_total }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(uid)
}

/// An activity inside the caller's scope.
pub async fn visible(state: &AppState, scope: &Scope, uid: &str) -> AppResult<Visible<ActivityRow>> {
    store::visible(&state.db, uid, scope)
        .await?
        .ok_or(AppError::NotFound)
}

/// Whether the permit covers the activity's records: at its commune or at its organizer's place,
/// and of its organization (`store::organization_of`).
pub async fn holds(state: &AppState, permit: &Permit, activity: &ActivityRow) -> AppResult<bool> {
    let (org, walled) = store::organization_of(&state.db, activity.organizer_body_id).await?;
    Ok(permit.holds(&activity.commune_path, org, walled)
        || permit.holds(&activity.organizer_path, org, walled))
}

/// An activity whose records the permit covers (see [`holds`]), or 404.
pub async fn held(state: &AppState, permit: &Permit, uid: &str) -> AppResult<Held<ActivityRow>> {
    let activity = visible(state, &permit.scope, uid).await?;
    held_of(state, permit, activity).await?.ok_or(AppError::NotFound)
}

/// The visible activity as held, if the permit covers it (see [`holds`]).
pub async fn held_of(
    state: &AppState,
    permit: &Permit,
    activity: Visible<ActivityRow>,
) -> AppResult<Option<Held<ActivityRow>>> {
    Ok(holds(state, permit, &activity)
        .await?
        .then(|| Held::found(activity.into_inner())))
}

/// Whether a permit to verify activities covers this one: for the activity's organization, on a
/// territory that holds the organizer's unit and sits above it (never the organizing branch
/// itself).
pub async fn may_review(state: &AppState, permit: &Permit, activity: &ActivityRow) -> AppResult<bool> {
    let (org, walled) = store::organization_of(&state.db, activity.organizer_body_id).await?;
    let above = |reach: &crate::auth::Reach| match &reach.path {
        None => true,
        Some(root) => activity.organizer_path.starts_with(root.as_str()) && activity.organizer_path != *root,
    };
    Ok(permit.reaches.iter().any(|r| {
        above(r)
            && match r.organization {
                Some(own) => own == org,
                None => r.path.is_none() || !walled,
            }
    }))
}

/// Verifies a done activity, or rejects it with a reason: for a coordinator (or national) whose
/// territory holds the organizer and sits above it.
pub async fn review(
    state: &AppState,
    permit: &Permit,
    uid: &str,
    verdict: &str,
    reason: &str,
) -> AppResult<()> {
    let activity = visible(state, &permit.scope, uid).await?;
    if !may_review(state, permit, &activity).await? {
        return Err(AppError::Forbidden);
    }
    let to = match verdict {
        "verify" => Status::Verified,
        "reject" => Status::Rejected,
        _ => return Err(AppError::invalid("verdict", "field-unknown-choice")),
    };
    let reason = reason.trim();
    if to == Status::Rejected && reason.is_empty() {
        return Err(AppError::invalid("reason", "field-required"));
    }
    let actor = &permit.actor;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let before = store::by_uid(&mut tx, uid).await?.ok_or(AppError::NotFound)?;
    if Status::parse(&before.0.status) != Some(Status::Done) {
        return Err(AppError::Conflict("activity_not_done"));
    }
    let note = if to == Status::Verified {
        actor.label.as_str()
    } else {
        reason
    };
    let counts = before.1.clone();
    store::change(
        &mut tx,
        &before,
        &Revision::status(&before.0, to.code()),
        &counts,
        Some(note),
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "activity.review",
            target_kind: "activity",
            target_id: uid,
            details: json!({ "to": to.code(), "reason": (to == Status::Rejected).then_some(reason) }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a permit to record activities may correct or delete this one: in a territory that
/// holds its organizer; never once verified (the verification would no longer vouch for what it
/// says).
pub async fn may_correct(state: &AppState, permit: &Permit, activity: &ActivityRow) -> AppResult<bool> {
    if Status::parse(&activity.status) == Some(Status::Verified) {
        return Ok(false);
    }
    let (org, walled) = store::organization_of(&state.db, activity.organizer_body_id).await?;
    Ok(permit.holds(&activity.organizer_path, org, walled))
}

/// An activity whose records the caller covers that they may still change: not verified (409 if
/// it is), and theirs to correct (403).
pub(super) async fn correctable(
    state: &AppState,
    permit: &Permit,
    uid: &str,
) -> AppResult<Held<ActivityRow>> {
    let activity = held(state, permit, uid).await?;
    if Status::parse(&activity.status) == Some(Status::Verified) {
        return Err(AppError::Conflict("activity_verified"));
    }
    if !may_correct(state, permit, &activity).await? {
        return Err(AppError::Forbidden);
    }
    Ok(activity)
}

/// Corrects an activity: planned becomes done, counts are corrected, the description amended;
/// a rejected activity corrected is done again, to be reviewed anew. The rollups follow in the
/// same transaction.
pub async fn correct(state: &AppState, permit: &Permit, uid: &str, draft: &ActivityDraft) -> AppResult<()> {
    let activity = correctable(state, permit, uid).await?;
    let (checked, places) =
        check_with_places(state, draft, &activity.commune_path, Some(activity.type_id)).await?;
    let campaign = super::settings::store::campaign_on(
        &state.db,
        checked.days.0,
        &activity.commune_path,
        checked.kind.id,
    )
    .await?;
    let categories = super::settings::store::categories(&state.db).await?;
    let actor = &permit.actor;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let before = store::by_uid(&mut tx, uid).await?.ok_or(AppError::NotFound)?;
    if Status::parse(&before.0.status) == Some(Status::Verified) {
        return Err(AppError::Conflict("activity_verified"));
    }
    let before_total: i64 = before
        .1
        .iter()
        .filter(|(id, _)| categories.iter().any(|c| c.id == *id && c.in_total))
        .map(|(_, n)| n)
        .sum();
    let revision = Revision {
        status: checked.status.code(),
        type_id: checked.kind.id,
        campaign_id: campaign,
        title: &checked.title,
        days: checked.days,
    };
    store::change(&mut tx, &before, &revision, &checked.counts, None, now).await?;
    store::details::set_description(&mut tx, before.0.id, &checked.description).await?;
    store::details::set_partners(&mut tx, before.0.id, &checked.partners).await?;
    store::details::set_places(&mut tx, before.0.id, &places).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "activity.correct",
            target_kind: "activity",
            target_id: uid,
            details: json!({ "from": before.0.status, "to": checked.status.code(),
                             "type": checked.kind.code, "days": [checked.days.0, checked.days.1],
                             "days_before": [before.0.starts_on, before.0.ends_on],
                             "beneficiaries_before": before_total, "beneficiaries": checked.in_total }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes an activity recorded by mistake (never a verified one, nor one with registered
/// beneficiaries: their consent and their link would go with it). Audited with what it held.
pub async fn delete(state: &AppState, permit: &Permit, uid: &str) -> AppResult<()> {
    let activity = correctable(state, permit, uid).await?;
    if super::links::store::linked_count(&state.db, super::links::store::Link::Beneficiary, &activity).await?
        > 0
    {
        return Err(AppError::Conflict("activity_has_people"));
    }
    let actor = &permit.actor;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let before = store::by_uid(&mut tx, uid).await?.ok_or(AppError::NotFound)?;
    if Status::parse(&before.0.status) == Some(Status::Verified) {
        return Err(AppError::Conflict("activity_verified"));
    }
    store::delete(&mut tx, &before).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "activity.delete",
            target_kind: "activity",
            target_id: uid,
            details: json!({ "title": before.0.title, "day": before.0.starts_on, "status": before.0.status,
                             "commune": before.0.commune_code, "counts": before.1 }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The day a figure's period ends by default.
pub fn default_period(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    crate::bodies::actions::this_year(today)
}
