//! A held meeting's guests: the ones named on the meeting's form (outside the registry), and
//! people of the registry added afterwards by searching their name (`people::picker`), each with
//! the quality they came in. A registry guest's name is shown only to those who may see the
//! body's people; the meeting's count of guests follows in the same transaction.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::actions::held_meeting;
use super::model::Meeting;
use super::model::MeetingStatus;
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::{Permit, Visible};
use crate::error::{AppError, AppResult, FieldError};
use crate::http::{Authorized, Form, RequestCtx};
use crate::people::picker::{self, Pickers};
use crate::store::{Db, StoreResult, Tx};
use crate::ui::{FormErrors, PageCtx, render, see_other};
use crate::{on_db, on_tx};

/// One guest of a meeting.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Guest {
    pub name: String,
    pub quality: String,
    /// Their record, when they are a person of the registry.
    pub person_uid: Option<String>,
}

/// A meeting's guests, in the order they were added.
pub async fn of_meeting(db: &Db, meeting: &Visible<Meeting>) -> StoreResult<Vec<Guest>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT g.name, g.quality, p.uid AS person_uid FROM meeting_guests g \
         LEFT JOIN people p ON p.id = g.person_id WHERE g.meeting_id = $1 ORDER BY g.id"
    )
    .bind(meeting.id)
    .fetch_all(c)
    .await)?)
}

/// Adds a person of the registry as a guest, unless they are one already; whether it did.
async fn insert(tx: &mut Tx, meeting_id: i64, person: i64, name: &str, quality: &str) -> StoreResult<bool> {
    let added = on_tx!(tx, |c| sqlx::query(
        "INSERT INTO meeting_guests (meeting_id, name, quality, person_id) SELECT $1, $2, $3, $4 \
         WHERE NOT EXISTS (SELECT 1 FROM meeting_guests WHERE meeting_id = $1 AND person_id = $4)"
    )
    .bind(meeting_id)
    .bind(name)
    .bind(quality)
    .bind(person)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if added == 1 {
        on_tx!(tx, |c| sqlx::query(
            "UPDATE meetings SET guests = guests + 1 WHERE id = $1"
        )
        .bind(meeting_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(added == 1)
}

/// What the guest form sends: the person searched or chosen, and the quality they came in.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct GuestDraft {
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub quality: String,
}

/// Adds a person of the registry, found within the permit's reach, as a guest of a held meeting.
pub async fn add(state: &AppState, permit: &Permit, meeting_id: i64, draft: &GuestDraft) -> AppResult<()> {
    let actor = &permit.actor;
    let meeting = held_meeting(state, permit, meeting_id).await?;
    if meeting.status() != MeetingStatus::Held {
        return Err(AppError::Conflict("guest_meeting_not_held"));
    }
    let mut errors = Vec::new();
    let quality: String = draft.quality.trim().chars().take(200).collect();
    if mizan_text::has_hidden_controls(&quality) {
        errors.push(FieldError::new("quality", "field-control-characters"));
    }
    let person = match picker::pick(state, &permit.reaches, &draft.person).await? {
        Ok(person) => Some(person),
        Err(code) => {
            errors.push(FieldError::new("person", code));
            None
        }
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let person = person.expect("checked");
    let name = [
        [&person.given_ar, &person.family_ar],
        [&person.given_latin, &person.family_latin],
    ]
    .into_iter()
    .map(|parts| {
        parts
            .into_iter()
            .flatten()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    })
    .find(|name| !name.is_empty())
    .unwrap_or_default();
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if !insert(&mut tx, meeting.id, person.id, &name, &quality).await? {
        return Err(AppError::invalid("person", "meeting-guest-twice"));
    }
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "meeting.guest.add",
            target_kind: "meeting",
            target_id: &meeting.id.to_string(),
            details: json!({ "person": person.uid }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// `POST /meetings/{id}/guests`
pub async fn add_guest(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    permit: Authorized,
    Path(id): Path<i64>,
    Form(draft): Form<GuestDraft>,
) -> AppResult<Response> {
    match add(&state, &permit, id, &draft).await {
        Ok(()) => Ok(see_other(&format!("/meetings/{id}#guests"))),
        Err(AppError::Invalid(mut errors)) => {
            let pickers = Pickers::after(
                &state,
                &permit.reaches,
                ctx.locale,
                &mut errors,
                "person",
                &draft.person,
                format!("/meetings/{id}#guests"),
            )
            .await?;
            let mut page =
                super::pages::meeting_page(&state, ctx, &req, &permit.scope, id, FormErrors(errors)).await?;
            page.pickers = pickers;
            page.guest_quality = draft.quality;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
