//! Organizations in JSON: the list, and adding a parallel organization (as the administration
//! page does).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::Organization;
use super::actions::{self, OrganizationDraft};
use crate::app::AppState;
use crate::error::AppResult;
use crate::http::{Json, RequestCtx};

#[derive(Serialize, utoipa::ToSchema)]
pub struct OrganizationList {
    pub items: Vec<Organization>,
}

/// The party and its parallel organizations.
#[utoipa::path(
    get,
    path = "/api/v1/organizations",
    tag = "administration",
    responses((status = 200, body = OrganizationList), (status = 401, description = "No session or token")),
    security(("token" = []))
)]
pub async fn list(State(state): State<AppState>) -> AppResult<axum::Json<OrganizationList>> {
    Ok(axum::Json(OrganizationList {
        items: super::all(&state.db).await?,
    }))
}

/// Adds a parallel organization (`walled`: `true` when only its own officers may see its members).
#[utoipa::path(
    post,
    path = "/api/v1/organizations",
    tag = "administration",
    request_body = OrganizationDraft,
    responses(
        (status = 201, body = Organization),
        (status = 401, description = "No session or token"),
        (status = 403, description = "Only a national administrator changes the structure"),
        (status = 422, description = "Invalid fields, listed in `errors`"),
    ),
    security(("token" = []))
)]
pub async fn add(
    State(state): State<AppState>,
    req: RequestCtx,
    Json(draft): Json<OrganizationDraft>,
) -> AppResult<Response> {
    let organization = actions::add(&state, &req.actor(), &draft).await?;
    Ok((StatusCode::CREATED, axum::Json(organization)).into_response())
}
