//! The JSON API's shared parts: the OpenAPI document (generated from the handlers' annotations,
//! served at `/api/openapi.json`) and the caller's own description.

use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::auth::Role;
use crate::error::{AppError, AppResult};
use crate::http::RequestCtx;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Mizan API",
        description = "The organizing platform of a political party. Authenticate with a personal access token (`mizan token create USER`) as `Authorization: Bearer mzn_…`. Errors are `application/problem+json` with a stable `code`, and a `title` in the caller's language (Accept-Language).",
    ),
    paths(
        me,
        crate::setup::api::templates,
        crate::setup::api::apply,
        crate::organizations::api::list,
        crate::organizations::api::add,
        crate::bodies::api::body_types,
        crate::bodies::api::create_body_type,
        crate::auth::users::api::list,
        crate::auth::users::api::invite,
        crate::auth::users::api::grant,
        crate::territory::api::unit,
        crate::territory::api::children,
        crate::territory::api::create_unit,
        crate::people::api::search,
        crate::people::api::person,
        crate::people::api::create,
        crate::bodies::api::meeting_rate,
        crate::renewal::api::renewal,
        crate::activities::api::activities,
        crate::cafe::api::session,
    ),
    modifiers(&TokenAuth),
    tags((name = "territory", description = "Morocco's map and the party's units"), (name = "account", description = "The caller"), (name = "administration", description = "Setting the party up: templates, organizations, body types, users and their roles"), (name = "people", description = "The registry: people and memberships, within the caller's reach"), (name = "figures", description = "The report's figures, each with its definition and the records behind it"), (name = "cafe", description = "Policy Café: live Q&A sessions, public by their join code"))
)]
pub struct ApiDoc;

struct TokenAuth;

impl Modify for TokenAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// `GET /api/openapi.json`
pub async fn openapi() -> AppResult<Response> {
    let json = ApiDoc::openapi()
        .to_json()
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(([(CONTENT_TYPE, "application/json")], json).into_response())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct GrantJson {
    pub role: Role,
    /// The unit the role covers, or null for everywhere.
    pub scope: Option<String>,
    pub organization_id: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    pub username: String,
    pub display_name: String,
    pub locale: String,
    pub grants: Vec<GrantJson>,
}

/// The caller: who they are and which roles they hold where.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "account",
    responses((status = 200, body = Me), (status = 401, description = "No session or token")),
    security(("token" = []))
)]
pub async fn me(req: RequestCtx) -> AppResult<axum::Json<Me>> {
    let user = req.caller.user().ok_or(AppError::Unauthenticated)?;
    Ok(axum::Json(Me {
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        locale: req.locale.code().to_owned(),
        grants: user
            .grants
            .iter()
            .map(|g| GrantJson {
                role: g.role,
                scope: g.scope_code.clone(),
                organization_id: g.organization_id,
            })
            .collect(),
    }))
}
