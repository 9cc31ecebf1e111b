//! Recording a meeting of a body: the form (date, place, theme, kind) and its submission.

use super::pages::unit_of;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;

use super::actions::{self, MeetingDraft};
use super::model::{Body, BodyType, Presence, Theme};
use crate::app::AppState;
use crate::auth::Permit;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form};
use crate::territory::Unit;
use crate::ui::{FormErrors, PageCtx, render, see_other};

#[derive(Template)]
#[template(path = "bodies/new_meeting.html")]
struct NewMeetingPage {
    ctx: PageCtx,
    body: Body,
    body_type: BodyType,
    unit: Unit,
    /// Current members: (uid, name, seat).
    members: Vec<(String, String, String)>,
    themes: Vec<Theme>,
    draft: MeetingDraft,
    /// The day a scheduled meeting being recorded as held was planned for.
    planned_on: Option<NaiveDate>,
    errors: FormErrors,
}

impl NewMeetingPage {
    const PRESENCES: [Presence; 3] = Presence::ALL;
}

async fn new_meeting_page(
    state: &AppState,
    ctx: PageCtx,
    permit: &Permit,
    id: i64,
    draft: MeetingDraft,
    errors: FormErrors,
) -> AppResult<NewMeetingPage> {
    let (body, body_type) = actions::held_body(state, permit, id).await?;
    let unit = unit_of(state, &body.unit_code).await?;
    let positions = super::types::store::positions(&state.db, body_type.id).await?;
    let members = super::mandates::store::mandates(&state.db, &body)
        .await?
        .into_iter()
        .filter(|m| m.ended_on.is_none())
        .map(|m| {
            let seat = positions
                .iter()
                .find(|p| p.code == m.position_code)
                .map_or_else(|| m.position_code.clone(), |p| p.name(ctx.locale).to_owned());
            (m.uid.clone(), m.holder(ctx.locale), seat)
        })
        .collect();
    let themes = super::types::store::themes(&state.db).await?;
    let planned_on = match draft.scheduled {
        Some(id) => Some(actions::held_meeting(state, permit, id).await?.scheduled_on),
        None => None,
    };
    Ok(NewMeetingPage {
        ctx,
        body: body.into_inner(),
        body_type,
        unit,
        members,
        themes,
        draft,
        planned_on,
        errors,
    })
}

#[derive(Deserialize)]
pub struct NewMeetingQuery {
    /// A meeting of the body scheduled earlier, to record as held.
    #[serde(default)]
    meeting: Option<i64>,
}

/// `GET /bodies/{id}/meetings/new`; with `?meeting=`, the form that records a scheduled meeting
/// as held, filled with what was planned.
pub async fn new_meeting_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    permit: Authorized,
    Path(id): Path<i64>,
    Query(query): Query<NewMeetingQuery>,
) -> AppResult<Response> {
    let today = state.clock.today();
    let mut draft = MeetingDraft {
        status: "held".into(),
        date: today.format("%Y-%m-%d").to_string(),
        ..MeetingDraft::default()
    };
    if let Some(meeting) = query.meeting {
        let meeting = actions::held_meeting(&state, &permit, meeting)
            .await?
            .into_inner();
        if meeting.body_id != id {
            return Err(AppError::NotFound);
        }
        let theme = match meeting.theme_id {
            Some(t) => super::types::store::themes(&state.db)
                .await?
                .into_iter()
                .find(|x| x.id == t),
            None => None,
        };
        draft = MeetingDraft {
            scheduled: Some(meeting.id),
            date: meeting.scheduled_on.min(today).format("%Y-%m-%d").to_string(),
            place: meeting.place,
            agenda: meeting.agenda,
            theme: theme.map(|t| t.code).unwrap_or_default(),
            ..draft
        };
    }
    render(&new_meeting_page(&state, ctx, &permit, id, draft, FormErrors::default()).await?)
}

/// `POST /bodies/{id}/meetings/new`
pub async fn record_meeting(
    State(state): State<AppState>,
    ctx: PageCtx,
    permit: Authorized,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let draft = MeetingDraft::from_fields(fields);
    match actions::record_meeting(&state, &permit, id, &draft).await {
        Ok(meeting) => Ok(see_other(&format!("/meetings/{meeting}"))),
        Err(AppError::Invalid(errors)) => {
            let page = new_meeting_page(&state, ctx, &permit, id, draft, FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
