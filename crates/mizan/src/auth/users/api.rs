//! Users in JSON, with the same rules as the pages: the users a manager sees, inviting one (the
//! one-time link in the answer), giving a role.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::actions::{self, GrantDraft, InviteDraft};
use super::store::{GrantRow, UserSummary};
use crate::app::AppState;
use crate::auth::Action;
use crate::error::AppResult;
use crate::http::{Json, RequestCtx};

#[derive(Serialize, utoipa::ToSchema)]
pub struct UserJson {
    #[serde(flatten)]
    pub user: UserSummary,
    pub grants: Vec<GrantRow>,
    /// Whether the caller may change this user (all of their roles are ones the caller gives).
    pub manageable: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct UserList {
    pub items: Vec<UserJson>,
}

/// The users the caller manages or sees: every user for a national administrator, those with a
/// role in their subtree for a coordinator.
#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "administration",
    responses(
        (status = 200, body = UserList),
        (status = 401, description = "No session or token"),
        (status = 403, description = "The caller manages no users"),
    ),
    security(("token" = []))
)]
pub async fn list(State(state): State<AppState>, req: RequestCtx) -> AppResult<axum::Json<UserList>> {
    let items = actions::visible_users(&state, &req.permit(Action::ManageUsers)?)
        .await?
        .into_iter()
        .map(|m| UserJson {
            user: m.user,
            grants: m.grants,
            manageable: m.manageable,
        })
        .collect();
    Ok(axum::Json(UserList { items }))
}

/// An invitation made: the sign-up link, to hand over once.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Invited {
    pub username: String,
    /// Where the invited user chooses their password (once, within 72 hours).
    pub link: String,
}

/// Invites a user with one role (`role`, `scope`: a unit's code or `all`, `organization`: an
/// organization's code or empty). Refused, with nothing written and an audit entry, for a role or
/// a place the caller may not give.
#[utoipa::path(
    post,
    path = "/api/v1/users",
    tag = "administration",
    request_body = InviteDraft,
    responses(
        (status = 201, body = Invited),
        (status = 401, description = "No session or token"),
        (status = 403, description = "A role or a place the caller may not give"),
        (status = 422, description = "Invalid fields, listed in `errors`"),
    ),
    security(("token" = []))
)]
pub async fn invite(
    State(state): State<AppState>,
    req: RequestCtx,
    Json(draft): Json<InviteDraft>,
) -> AppResult<Response> {
    let token = actions::invite(&state, &req.permit(Action::ManageUsers)?, &draft).await?;
    let invited = Invited {
        username: draft.username.trim().to_lowercase(),
        link: super::pages::link(&state, &token),
    };
    Ok((StatusCode::CREATED, axum::Json(invited)).into_response())
}

/// Gives a user one more role, with the same bounds as the page.
#[utoipa::path(
    post,
    path = "/api/v1/users/{name}/grants",
    tag = "administration",
    params(("name" = String, Path, description = "The user's name")),
    request_body = GrantDraft,
    responses(
        (status = 204, description = "Given"),
        (status = 401, description = "No session or token"),
        (status = 403, description = "A role or a place the caller may not give"),
        (status = 404, description = "No such user among those the caller sees"),
        (status = 422, description = "Invalid fields, listed in `errors`"),
    ),
    security(("token" = []))
)]
pub async fn grant(
    State(state): State<AppState>,
    req: RequestCtx,
    Path(name): Path<String>,
    Json(draft): Json<GrantDraft>,
) -> AppResult<StatusCode> {
    actions::grant(&state, &req.permit(Action::ManageUsers)?, &name, &draft).await?;
    Ok(StatusCode::NO_CONTENT)
}
