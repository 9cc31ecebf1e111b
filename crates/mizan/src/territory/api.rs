//! Territory in JSON, under `/api/v1/territory`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::actions::{self, NewUnitDraft};
use super::model::{Unit, UnitCode};
use super::tree;
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Json, RequestCtx};

#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitList {
    /// The code of the unit whose children these are.
    pub parent: String,
    pub items: Vec<Unit>,
}

/// One territory unit, with its census figures and party rollups.
#[utoipa::path(
    get,
    path = "/api/v1/territory/{code}",
    tag = "territory",
    params(("code" = String, Path, description = "HCP code (`03.561`), `MA` for the country, or a party unit's code")),
    responses(
        (status = 200, body = Unit),
        (status = 401, description = "No session or token"),
        (status = 404, description = "No such unit within the caller's territory"),
    ),
    security(("token" = []))
)]
pub async fn unit(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path(code): Path<String>,
) -> AppResult<axum::Json<Unit>> {
    let tree = tree::of_request(&state, &req).await?;
    let unit = tree.visible(&code, &scope).ok_or(AppError::NotFound)?;
    Ok(axum::Json(unit.clone()))
}

/// The units directly below one unit (the country's children are the 12 regions), limited to the
/// caller's territory.
#[utoipa::path(
    get,
    path = "/api/v1/territory/{code}/children",
    tag = "territory",
    params(("code" = String, Path, description = "The parent unit's code")),
    responses(
        (status = 200, body = UnitList),
        (status = 401, description = "No session or token"),
        (status = 404, description = "No such unit within the caller's territory"),
    ),
    security(("token" = []))
)]
pub async fn children(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path(code): Path<String>,
) -> AppResult<axum::Json<UnitList>> {
    let tree = tree::of_request(&state, &req).await?;
    let parent = tree.visible(&code, &scope).ok_or(AppError::NotFound)?;
    Ok(axum::Json(UnitList {
        parent: parent.code.clone(),
        items: tree.children(&parent.code, &scope),
    }))
}

/// Creates a party unit below a unit: a branch below a commune or arrondissement, a country below
/// `ABROAD`, a city below a country, a section below a city.
#[utoipa::path(
    post,
    path = "/api/v1/territory/{code}/units",
    tag = "territory",
    params(("code" = String, Path, description = "The parent unit's code")),
    request_body = NewUnitDraft,
    responses(
        (status = 201, body = Unit),
        (status = 401, description = "No session or token"),
        (status = 403, description = "The caller's roles cannot create units"),
        (status = 404, description = "No such unit within the caller's territory, or none can be created there"),
        (status = 422, description = "Invalid fields, listed in `errors`"),
    ),
    security(("token" = []))
)]
pub async fn create_unit(
    State(state): State<AppState>,
    permit: Authorized,
    Path(code): Path<String>,
    Json(draft): Json<NewUnitDraft>,
) -> AppResult<Response> {
    let code = UnitCode::parse(&code).ok_or(AppError::NotFound)?;
    let unit = actions::create_party_unit(&state, &permit, code.as_str(), &draft).await?;
    Ok((StatusCode::CREATED, axum::Json(unit)).into_response())
}
