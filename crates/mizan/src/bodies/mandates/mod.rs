//! Seats on a body: given to a member of its organization found by search (`people::picker`), one
//! per person and body, a single seat held by one person at a time; ended with a day and reason,
//! kept as history.

pub mod pages;
pub mod store;

use serde_json::json;

use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::Permit;
use crate::error::{AppError, AppResult, FieldError};
use crate::ui::forms::parse_date;

/// Gives a seat of `body` to the person `uid` (whom the caller must reach) from `started_on`. The
/// person must be a current member of the body's organization; a single seat has one holder at a
/// time.
/// A seat to give, as typed: the person's uid, the seat's code, the first day.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct SeatDraft {
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub started_on: String,
}

pub async fn give_mandate(
    state: &AppState,
    permit: &Permit,
    body_id: i64,
    draft: &SeatDraft,
) -> AppResult<i64> {
    let actor = &permit.actor;
    let (uid, position, started_on) = (
        draft.person.as_str(),
        draft.position.as_str(),
        draft.started_on.as_str(),
    );
    let (body, body_type) = super::actions::held_body(state, permit, body_id).await?;
    let mut errors = Vec::new();
    let person = match crate::people::picker::pick(state, &permit.reaches, uid).await? {
        Ok(person) => Some(person),
        Err(code) => {
            errors.push(FieldError::new("person", code));
            None
        }
    };
    let positions = super::types::store::positions(&state.db, body_type.id).await?;
    let seat = positions.iter().find(|p| p.code == position);
    if seat.is_none() {
        errors.push(FieldError::new("position", "field-unknown-choice"));
    }
    let started = match parse_date(started_on.trim()) {
        Some(d) if d > state.clock.today() => {
            errors.push(FieldError::new("started_on", "mandate-start-in-future"));
            None
        }
        Some(d) => Some(d),
        None => {
            errors.push(FieldError::new("started_on", "field-date-format"));
            None
        }
    };
    let mut tx = state.db.begin().await?;
    if let (Some(p), Some(day)) = (&person, started) {
        let member = store::is_member(&mut tx, p.id, body_type.organization_id, day).await?;
        if !member {
            errors.push(FieldError::new("person", "mandate-not-a-member"));
        } else if store::sits_on(&mut tx, body.id, p.id, day).await? {
            errors.push(FieldError::new("person", "mandate-sits-already"));
        } else if let Some(seat) = seat
            && seat.single_seat
            && store::seat_taken(&mut tx, body.id, &seat.code, day, None).await?
        {
            errors.push(FieldError::new("position", "mandate-seat-taken"));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let (person, day) = (person.expect("checked"), started.expect("checked"));
    let now = state.clock.now();
    let id = store::insert_mandate(&mut tx, body.id, person.id, position, day, now).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "mandate.give",
            target_kind: "person",
            target_id: &person.uid,
            details: json!({ "body": body.id, "type": body_type.code, "unit": body.unit_code,
                             "position": position, "from": day }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Ends a current mandate of `body` on `ended_on`, for a reason.
pub async fn end_mandate(
    state: &AppState,
    permit: &Permit,
    body_id: i64,
    mandate_id: i64,
    ended_on: &str,
    reason: &str,
) -> AppResult<()> {
    let actor = &permit.actor;
    let (body, _) = super::actions::held_body(state, permit, body_id).await?;
    let day =
        parse_date(ended_on.trim()).ok_or_else(|| AppError::invalid("ended_on", "field-date-format"))?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "field-required"));
    }
    let mut tx = state.db.begin().await?;
    if !store::end_mandate(&mut tx, body.id, mandate_id, day, reason).await? {
        return Err(AppError::Conflict("mandate_not_current"));
    }
    let now = state.clock.now();
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "mandate.end",
            target_kind: "mandate",
            target_id: &mandate_id.to_string(),
            details: json!({ "body": body.id, "on": day, "reason": reason }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
