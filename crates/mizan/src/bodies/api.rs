//! Bodies' figures in JSON, under `/api/v1/figures`.

use axum::extract::{Query, State};
use chrono::NaiveDate;
use serde::Serialize;

use super::figures::RateQuery;
use super::figures::{self, BodyInFigure, ChildRate, DecisionsFollowUp};
use crate::app::AppState;
use crate::error::AppResult;
use crate::http::Authorized;

/// The meeting rate of a body type in a territory over a period, with its definition.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MeetingRateFigure {
    pub definition: &'static str,
    pub body_type: String,
    pub territory: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Bodies that held at least one meeting (with attendance) in the period.
    pub numerator: i64,
    /// Bodies of the type in the territory that existed in the period.
    pub denominator: i64,
    /// numerator / denominator × 100, absent without bodies.
    pub rate: Option<f64>,
    /// Bodies that met at least as often as the type expects over the period.
    pub on_pace: i64,
    /// Meetings each body is expected to hold in the period.
    pub expected_meetings: i64,
    /// The same figure for each unit one level below the territory (their sums are the totals).
    pub children: Vec<ChildRate>,
    /// The bodies that met and those that did not.
    pub met: Vec<BodyInFigure>,
    pub not_met: Vec<BodyInFigure>,
    /// Decisions of these bodies' meetings in the period as they stand today: open, done, overdue
    /// (open past their due day), in total and by child territory.
    pub decisions: DecisionsFollowUp,
}

pub const DEFINITION: &str = "Bodies of the type in the territory that existed during the period (formed on or before its \
     last day, not dissolved before its first) and held at least one meeting in it, recorded as held with its \
     attendance (at least one member present); a body that met twice counts once; postponed, cancelled and \
     scheduled meetings do not count.";

/// The meeting rate ("90 % of provincial councils held"), its breakdown by child territory, and
/// the bodies behind it.
#[utoipa::path(
    get,
    path = "/api/v1/figures/meeting-rate",
    tag = "figures",
    params(RateQuery),
    responses(
        (status = 200, body = MeetingRateFigure),
        (status = 401, description = "No session or token"),
        (status = 404, description = "No such body type, or a territory outside the caller's"),
        (status = 422, description = "A date that is not YYYY-MM-DD, or a period that ends before it starts"),
    ),
    security(("token" = []))
)]
pub async fn meeting_rate(
    State(state): State<AppState>,
    Authorized { scope, .. }: Authorized,
    Query(query): Query<RateQuery>,
) -> AppResult<axum::Json<MeetingRateFigure>> {
    let (q, f, decisions) = figures::answer(&state, &scope, &query).await?;
    Ok(axum::Json(MeetingRateFigure {
        definition: DEFINITION,
        rate: f.rate(),
        body_type: q.body_type.code,
        territory: q.territory.code,
        from: f.from,
        to: f.to,
        numerator: f.numerator,
        denominator: f.denominator,
        on_pace: f.on_pace,
        expected_meetings: f.expected,
        children: f.children,
        met: f.met,
        not_met: f.not_met,
        decisions,
    }))
}

/// A body type with its seats.
#[derive(Serialize, utoipa::ToSchema)]
pub struct BodyTypeJson {
    #[serde(flatten)]
    pub body_type: super::BodyType,
    pub seats: Vec<super::model::Position>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct BodyTypeList {
    pub items: Vec<BodyTypeJson>,
}

/// The party's organs: each body type with its level, pace, quorum rule and seats.
#[utoipa::path(
    get,
    path = "/api/v1/body-types",
    tag = "administration",
    responses((status = 200, body = BodyTypeList), (status = 401, description = "No session or token")),
    security(("token" = []))
)]
pub async fn body_types(State(state): State<AppState>) -> AppResult<axum::Json<BodyTypeList>> {
    let mut items = Vec::new();
    for body_type in super::types::store::body_types(&state.db).await? {
        let seats = super::types::store::positions(&state.db, body_type.id).await?;
        items.push(BodyTypeJson { body_type, seats });
    }
    Ok(axum::Json(BodyTypeList { items }))
}

/// Adds a body type with its seats; its bodies are made at once, one per unit of its level.
#[utoipa::path(
    post,
    path = "/api/v1/body-types",
    tag = "administration",
    request_body = super::types::BodyTypeDraft,
    responses(
        (status = 201, body = super::types::Created),
        (status = 401, description = "No session or token"),
        (status = 403, description = "Only a national administrator changes the structure"),
        (status = 422, description = "Invalid fields, listed in `errors`"),
    ),
    security(("token" = []))
)]
pub async fn create_body_type(
    State(state): State<AppState>,
    req: crate::http::RequestCtx,
    crate::http::Json(draft): crate::http::Json<super::types::BodyTypeDraft>,
) -> AppResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let created = super::types::create(&state, &req.actor(), &draft).await?;
    Ok((axum::http::StatusCode::CREATED, axum::Json(created)).into_response())
}
