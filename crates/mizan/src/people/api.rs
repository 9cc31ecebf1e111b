//! The registry in JSON, under `/api/v1/people`.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::actions::{self, PersonFile};
use super::draft::PersonDraft;
use super::search::{self, Filters, PersonSummary};
use crate::app::AppState;
use crate::error::AppResult;
use crate::http::{Authorized, Json};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct SearchQuery {
    /// A name in Arabic or Latin script, a CIN, a phone number, or a phone's last four digits.
    #[serde(default)]
    pub q: String,
    /// At most this many (1–200, default 50).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PeopleList {
    pub items: Vec<PersonSummary>,
}

/// People the caller may see, found by name (either script, tolerant of spellings), CIN or phone.
#[utoipa::path(
    get,
    path = "/api/v1/people",
    tag = "people",
    params(SearchQuery),
    responses((status = 200, body = PeopleList), (status = 401, description = "No session or token"), (status = 403, description = "The caller's roles cannot open personal records")),
    security(("token" = []))
)]
pub async fn search(
    State(state): State<AppState>,
    Authorized { reaches, .. }: Authorized,
    Query(query): Query<SearchQuery>,
) -> AppResult<axum::Json<PeopleList>> {
    let filters = Filters {
        query: Some(query.q).filter(|q| !q.trim().is_empty()),
        ..Filters::default()
    };
    let limit = query.limit.unwrap_or(50).clamp(1, 200);
    let offset = query.offset.unwrap_or(0).max(0);
    let items = search::search(&state.db, &state.key, &reaches, &filters, limit, offset).await?;
    Ok(axum::Json(PeopleList { items }))
}

/// A person's file (CIN masked); the reading is audited.
#[utoipa::path(
    get,
    path = "/api/v1/people/{uid}",
    tag = "people",
    params(("uid" = String, Path, description = "The person's public id")),
    responses((status = 200, body = PersonFile), (status = 401, description = "No session or token"), (status = 404, description = "No such person within the caller's reach")),
    security(("token" = []))
)]
pub async fn person(
    State(state): State<AppState>,
    permit: Authorized,
    Path(uid): Path<String>,
) -> AppResult<axum::Json<PersonFile>> {
    Ok(axum::Json(actions::open_person(&state, &permit, &uid).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Created {
    pub uid: String,
}

/// Adds a person living at a commune, arrondissement or city abroad, or joining the party at a
/// branch (they then live in its commune).
#[utoipa::path(
    post,
    path = "/api/v1/territory/{code}/people",
    tag = "people",
    params(("code" = String, Path, description = "Where the person lives, or the branch they join")),
    request_body = PersonDraft,
    responses((status = 201, body = Created), (status = 401, description = "No session or token"), (status = 404, description = "No such place within the caller's territory"), (status = 422, description = "Invalid fields, listed in `errors`")),
    security(("token" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    permit: Authorized,
    Path(code): Path<String>,
    Json(draft): Json<PersonDraft>,
) -> AppResult<Response> {
    let uid = actions::create_person(&state, &permit, &code, &draft).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { uid })).into_response())
}
