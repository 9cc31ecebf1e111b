//! The minutes handlers: send a file, read one.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::super::actions;
use crate::app::AppState;
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, RequestCtx};
use crate::ui::{FormErrors, PageCtx, render, see_other};

/// `POST /meetings/{meeting}/minutes` (multipart: the file; the anti-forgery token in the query).
pub async fn attach_minutes(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    permit: Authorized,
    Path(id): Path<i64>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    // Out of reach is 404 before anything is read.
    actions::held_meeting(&state, &permit, id).await?;
    let attached = async {
        let (name, bytes) =
            crate::http::extract::uploaded_file(multipart, "file", super::MINUTES_LIMIT, "minutes-too-large")
                .await?
                .unwrap_or_default();
        super::attach_minutes(&state, &permit, id, &name, &bytes).await
    }
    .await;
    match attached {
        Ok(_) => Ok(see_other(&format!("/meetings/{id}#minutes"))),
        Err(AppError::Invalid(errors)) => {
            let page =
                super::super::pages::meeting_page(&state, ctx, &req, &permit.scope, id, FormErrors(errors))
                    .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `GET /meetings/{meeting}/minutes/{file}`: the file, as a download. Minutes name who spoke and
/// who was present: for roles that may open people of the body's organization there.
pub async fn minutes_file(
    State(state): State<AppState>,
    req: RequestCtx,
    Path((id, file)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let permit = req.permit(Action::ViewPeople).map_err(|_| AppError::NotFound)?;
    let meeting = actions::held_meeting(&state, &permit, id).await?;
    let (name, content_type, bytes) = super::store::file(&state.db, &meeting, file)
        .await?
        .ok_or(AppError::NotFound)?;
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, content_type),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
