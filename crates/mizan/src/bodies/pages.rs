//! Pages of bodies: a body (members, past members, meetings), recording a meeting with its
//! attendance (a phone form without JavaScript), a meeting (attendance, quorum, decisions), the
//! meeting-rate figure with its definition and the bodies behind it, and the body types' rules.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;

use super::actions::{self, MeetingDraft};
use super::figures::{self, DecisionsFollowUp, MeetingRate};
use super::figures::{RateQuery, RateQuestion, question};
use super::model::{Attendee, Body, BodyType, Decision, Mandate, Meeting, Position, Presence, Theme};
use super::store;
use crate::app::AppState;
use crate::auth::{Action, Held, Permit, Scope};
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::territory::Unit;
use crate::ui::{FormErrors, PageCtx, render, see_other};

async fn unit_of(state: &AppState, code: &str) -> AppResult<Unit> {
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

#[derive(Template)]
#[template(path = "bodies/meeting_rate.html")]
struct RatePage {
    ctx: PageCtx,
    q: RateQuestion,
    ancestors: Vec<Unit>,
    figure: MeetingRate,
    decisions: DecisionsFollowUp,
    /// The query string for the same question about another territory (without `territory`).
    same: String,
    /// The children coloured by their rate (regions, or a region's provinces).
    map: Option<crate::ui::map::MapView>,
    /// The lists behind the figure, to download (`ui/exports.html`).
    exports: Vec<(&'static str, String)>,
}

impl RatePage {
    /// Whether there is a level below the territory to break the figure down by.
    fn breakdown(&self) -> bool {
        self.figure
            .children
            .iter()
            .any(|c| c.code != self.q.territory.code)
    }

    fn quorum_label(&self) -> String {
        match self.q.body_type.quorum() {
            super::model::Quorum::Majority => self.ctx.t("quorum-majority"),
            super::model::Quorum::Share(n, d) => self.ctx.ts("quorum-share", "share", &format!("{n}/{d}")),
        }
    }
}

/// `GET /figures/meeting-rate`
pub async fn meeting_rate(
    State(state): State<AppState>,
    ctx: PageCtx,
    Authorized { scope, .. }: Authorized,
    Query(query): Query<RateQuery>,
) -> AppResult<Response> {
    let q = question(&state, &scope, &query).await?;
    let figure = figures::meeting_rate(&state.db, &scope, &q.body_type, &q.territory, q.from, q.to).await?;
    let decisions = figures::decisions_follow_up(
        &state.db,
        &scope,
        &q.body_type,
        &q.territory,
        q.from,
        q.to,
        state.clock.today(),
    )
    .await?;
    let ancestors = crate::territory::store::ancestors_within(&state.db, &q.territory, &scope).await?;
    let same = serde_urlencoded::to_string([
        ("body_type", q.body_type.code.as_str()),
        ("from", &q.from.format("%Y-%m-%d").to_string()),
        ("to", &q.to.format("%Y-%m-%d").to_string()),
    ])
    .unwrap_or_default();
    let shares: Vec<crate::ui::map::Share> = figure
        .children
        .iter()
        .map(|c| crate::ui::map::Share {
            code: c.code.clone(),
            percent: c.rate,
            title: format!(
                "{} — {} ({} / {})",
                ctx.pick(&c.name_ar, &c.name_fr, &c.name_fr),
                ctx.percent(c.rate),
                ctx.num(c.numerator),
                ctx.num(c.denominator)
            ),
            href: format!("/figures/meeting-rate?{same}&territory={}", c.code),
        })
        .collect();
    let map = crate::ui::map::choropleth(&q.territory.code, ctx.t("rate-map"), &shares);
    let exports = ["bodies", "meetings", "decisions"]
        .into_iter()
        .zip([
            "export-list-bodies",
            "export-list-meetings",
            "export-list-decisions",
        ])
        .map(|(list, label)| {
            let url = format!(
                "/figures/meeting-rate/export?{same}&territory={}&list={list}",
                q.territory.code
            );
            (label, url)
        })
        .collect();
    render(&RatePage {
        ctx,
        q,
        ancestors,
        figure,
        decisions,
        same,
        map,
        exports,
    })
}
