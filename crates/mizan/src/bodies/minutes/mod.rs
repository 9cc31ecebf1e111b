//! Minutes of a meeting as uploaded files: PDF, PNG or JPEG by their first bytes, at most 10 MB,
//! kept in the store; sent by whoever records the body's meetings, read by whoever sees it.

pub mod pages;
pub mod store;

use serde_json::json;

use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::Permit;
use crate::error::{AppError, AppResult};

/// The largest file of minutes kept.
pub const MINUTES_LIMIT: usize = 10 * 1024 * 1024;

/// What a file is, from its first bytes: only PDF, PNG and JPEG are kept as minutes.
pub fn minutes_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some("image/jpeg")
    } else {
        None
    }
}

/// Keeps an uploaded file of minutes for a meeting, once its size and type are checked.
pub async fn attach_minutes(
    state: &AppState,
    permit: &Permit,
    meeting_id: i64,
    name: &str,
    bytes: &[u8],
) -> AppResult<i64> {
    let actor = &permit.actor;
    let meeting = super::actions::held_meeting(state, permit, meeting_id).await?;
    if bytes.is_empty() {
        return Err(AppError::invalid("file", "minutes-choose-file"));
    }
    if bytes.len() > MINUTES_LIMIT {
        return Err(AppError::invalid("file", "minutes-too-large"));
    }
    let content_type = minutes_type(bytes).ok_or_else(|| AppError::invalid("file", "minutes-type"))?;
    let name: String = name
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | '"'))
        .take(120)
        .collect();
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let id = store::insert_file(&mut tx, meeting.id, &name, content_type, bytes, &actor.label, now).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "meeting.minutes",
            target_kind: "meeting",
            target_id: &meeting.id.to_string(),
            details: json!({ "file": id, "type": content_type, "size": bytes.len() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
