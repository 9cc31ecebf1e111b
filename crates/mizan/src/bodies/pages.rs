//! Pages of bodies: a body (members, past members, meetings) and a meeting (attendance, quorum,
//! decisions). Recording a meeting is `meeting_form`, the meeting-rate figure `rate_page`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;

use super::actions::{self};
use super::model::{Attendee, Body, BodyType, Decision, Mandate, Meeting, Position, Theme};
use super::store;
use crate::app::AppState;
use crate::auth::{Action, Held, Scope};
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::territory::Unit;
use crate::ui::{FormErrors, PageCtx, render, see_other};

pub(super) async fn unit_of(state: &AppState, code: &str) -> AppResult<Unit> {
    crate::territory::store::unit_by_code(&state.db, code)
        .await?
        .ok_or(AppError::NotFound)
}

/// Whether the caller's grants for `action` cover this body's records: its place and its
/// organization (a youth-wing officer sees the party's bureaus, not who sits on them).
async fn holds(
    state: &AppState,
    req: &RequestCtx,
    action: Action,
    body: &Body,
) -> AppResult<Option<Held<Body>>> {
    let Ok(permit) = req.permit(action) else {
        return Ok(None);
    };
    Ok(store::body_held(&state.db, body.id, &permit).await?)
}

#[derive(Template)]
#[template(path = "bodies/body.html")]
pub(super) struct BodyPage {
    ctx: PageCtx,
    body: Body,
    body_type: BodyType,
    unit: Unit,
    positions: Vec<Position>,
    current: Vec<Mandate>,
    past: Vec<Mandate>,
    meetings: Vec<Meeting>,
    /// Whether the caller may see who sits on it (roles that may open people of its organization).
    names_shown: bool,
    can_record: bool,
    errors: FormErrors,
    today: NaiveDate,
    /// The people the seat's search found, to choose from.
    pub(super) pickers: crate::people::picker::Pickers,
    /// Where a person not yet in the registry is added (a branch's body).
    new_person: Option<String>,
    /// The seat as typed, kept while its person is chosen.
    pub(super) seat: super::mandates::SeatDraft,
}

impl BodyPage {
    fn seat_is(&self, code: &str) -> bool {
        self.seat.position == code
    }

    /// The seat's first day: as typed, or today.
    fn seat_from(&self) -> String {
        match self.seat.started_on.trim() {
            "" => self.today.to_string(),
            typed => typed.to_owned(),
        }
    }

    fn position_name(&self, code: &str) -> String {
        self.positions
            .iter()
            .find(|p| p.code == code)
            .map_or_else(|| code.to_owned(), |p| p.name(self.ctx.locale).to_owned())
    }
}

pub(super) async fn body_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    scope: &Scope,
    id: i64,
    errors: FormErrors,
) -> AppResult<BodyPage> {
    let (body, body_type) = actions::visible_body(state, scope, id).await?;
    let unit = unit_of(state, &body.unit_code).await?;
    let positions = super::types::store::positions(&state.db, body_type.id).await?;
    // Names of members are personal data: only for roles that may open people of this body's
    // organization here.
    let named = holds(state, req, Action::ViewPeople, &body).await?;
    let names_shown = named.is_some();
    let (current, past) = match &named {
        Some(body) => super::mandates::store::mandates(&state.db, body)
            .await?
            .into_iter()
            .partition(|m| m.ended_on.is_none()),
        None => (Vec::new(), Vec::new()),
    };
    let meetings = store::meetings_of(&state.db, &body).await?;
    let can_record = holds(state, req, Action::RecordMeetings, &body).await?.is_some();
    let body = body.into_inner();
    let new_person = (can_record && unit.level == crate::territory::Level::Branch)
        .then(|| format!("/territory/{}/people/new", unit.code));
    Ok(BodyPage {
        new_person,
        ctx,
        body,
        body_type,
        unit,
        positions,
        current,
        past,
        meetings,
        names_shown,
        can_record,
        errors,
        today: state.clock.today(),
        pickers: crate::people::picker::Pickers::default(),
        seat: super::mandates::SeatDraft::default(),
    })
}

/// `GET /bodies/{id}`
pub async fn body(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&body_page(&state, ctx, &req, &scope, id, FormErrors::default()).await?)
}

#[derive(Template)]
#[template(path = "bodies/meeting.html")]
pub(super) struct MeetingPage {
    ctx: PageCtx,
    meeting: Meeting,
    body: Body,
    body_type: BodyType,
    unit: Unit,
    theme: Option<Theme>,
    attendance: Vec<Attendee>,
    guests: Vec<super::guests::Guest>,
    /// The guest form's person search, and its quality as typed.
    pub(super) pickers: crate::people::picker::Pickers,
    pub(super) guest_quality: String,
    new_person: Option<String>,
    decisions: Vec<Decision>,
    /// Files of minutes: (id, name, content type, size).
    files: Vec<super::minutes::store::MinutesFile>,
    quorum_required: i64,
    quorum_reached: bool,
    /// Whether the caller may see who attended and who carries a decision.
    names_shown: bool,
    can_record: bool,
    /// What became of it, oldest first.
    history: Vec<store::MeetingEvent>,
    errors: FormErrors,
    today: NaiveDate,
}

impl MeetingPage {
    /// The name of a decision's owner (an attendee), or that it is not the caller's to see.
    fn owner_name(&self, owner: &Option<i64>) -> String {
        match owner {
            None => String::new(),
            Some(_) if !self.names_shown => self.ctx.t("name-withheld"),
            Some(id) => self
                .attendance
                .iter()
                .find(|a| a.id == *id)
                .map_or_else(String::new, |a| a.name(self.ctx.locale)),
        }
    }
}

pub(super) async fn meeting_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    scope: &Scope,
    id: i64,
    errors: FormErrors,
) -> AppResult<MeetingPage> {
    let meeting = store::meeting(&state.db, id, scope)
        .await?
        .ok_or(AppError::NotFound)?;
    let (body, body_type) = actions::visible_body(state, scope, meeting.body_id).await?;
    let unit = unit_of(state, &body.unit_code).await?;
    let theme = match meeting.theme_id {
        Some(t) => super::types::store::themes(&state.db)
            .await?
            .into_iter()
            .find(|x| x.id == t),
        None => None,
    };
    let named = holds(state, req, Action::ViewPeople, &body).await?;
    let names_shown = named.is_some();
    let attendance = match &named {
        Some(body) => store::attendance(&state.db, body, &meeting).await?,
        None => Vec::new(),
    };
    let guests = super::guests::of_meeting(&state.db, &meeting).await?;
    let decisions = super::decisions::store::decisions(&state.db, &meeting).await?;
    let files = super::minutes::store::files_of(&state.db, &meeting).await?;
    let quorum = body_type.quorum();
    let can_record = holds(state, req, Action::RecordMeetings, &body).await?.is_some();
    let history = store::events_of(&state.db, &meeting).await?;
    let (meeting, body) = (meeting.into_inner(), body.into_inner());
    let new_person = (can_record && unit.level == crate::territory::Level::Branch)
        .then(|| format!("/territory/{}/people/new", unit.code));
    Ok(MeetingPage {
        history,
        pickers: Default::default(),
        guest_quality: String::new(),
        new_person,
        ctx,
        quorum_required: quorum.required(meeting.members),
        quorum_reached: quorum.reached(meeting.members, meeting.present),
        meeting,
        body,
        body_type,
        unit,
        theme,
        attendance,
        guests,
        decisions,
        files,
        names_shown,
        can_record,
        errors,
        today: state.clock.today(),
    })
}

/// `GET /meetings/{id}`
pub async fn meeting(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&meeting_page(&state, ctx, &req, &scope, id, FormErrors::default()).await?)
}

/// `POST /meetings/{id}/status`: postponed or cancelled.
pub async fn set_status(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    permit: Authorized,
    Path(id): Path<i64>,
    Form(draft): Form<actions::StatusDraft>,
) -> AppResult<Response> {
    match actions::set_meeting_status(&state, &permit, id, &draft).await {
        Ok(_) => Ok(see_other(&format!("/meetings/{id}"))),
        Err(AppError::Invalid(errors)) => {
            let page = meeting_page(&state, ctx, &req, &permit.scope, id, FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
