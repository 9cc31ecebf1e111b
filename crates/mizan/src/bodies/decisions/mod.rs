//! A held meeting's decisions: what was decided, who carries it (someone who attended), by when;
//! marked done, or overdue in the follow-up figure.

pub mod pages;
pub mod store;

use serde_json::json;

use super::model::MeetingStatus;
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::Permit;
use crate::error::{AppError, AppResult, FieldError};
use crate::ui::forms::parse_date;

/// Records a decision of a held meeting: what, who carries it (a member of the body, by uid,
/// optional), and by when.
pub async fn add_decision(
    state: &AppState,
    permit: &Permit,
    meeting_id: i64,
    text: &str,
    owner_uid: &str,
    due_on: &str,
) -> AppResult<i64> {
    let actor = &permit.actor;
    let meeting = super::actions::held_meeting(state, permit, meeting_id).await?;
    let mut errors = Vec::new();
    if meeting.status() != MeetingStatus::Held {
        return Err(AppError::Conflict("decision_meeting_not_held"));
    }
    let text = text.trim();
    if text.is_empty() {
        errors.push(FieldError::new("text", "field-required"));
    } else if text.chars().count() > 2_000 {
        errors.push(FieldError::new("text", "field-too-long"));
    }
    let due = parse_date(due_on.trim());
    if due.is_none() {
        errors.push(FieldError::new("due_on", "field-date-format"));
    }
    // The owner is someone who attended the meeting (a member of the body then).
    let owner = match owner_uid.trim() {
        "" => None,
        uid => {
            let id = super::store::attendee(&state.db, &meeting, uid).await?;
            if id.is_none() {
                errors.push(FieldError::new("owner", "decision-owner-not-member"));
            }
            id
        }
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = state.db.begin().await?;
    let now = state.clock.now();
    let due = due.expect("checked");
    let id = store::insert_decision(&mut tx, (meeting.id, &meeting.unit_path), text, owner, due, now).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "decision.add",
            target_kind: "meeting",
            target_id: &meeting.id.to_string(),
            details: json!({ "decision": id, "due": due }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Marks a decision done today.
pub async fn decision_done(
    state: &AppState,
    permit: &Permit,
    meeting_id: i64,
    decision_id: i64,
) -> AppResult<()> {
    let actor = &permit.actor;
    let meeting = super::actions::held_meeting(state, permit, meeting_id).await?;
    let mut tx = state.db.begin().await?;
    let today = state.clock.today();
    // Not a decision of this meeting, or done already.
    if !store::decision_done(&mut tx, meeting.id, decision_id, today).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &state.key,
        state.clock.now(),
        actor,
        Event {
            action: "decision.done",
            target_kind: "meeting",
            target_id: &meeting.id.to_string(),
            details: json!({ "decision": decision_id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
