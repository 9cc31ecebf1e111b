//! The photo handlers: send one, see it (full or thumbnail), take it away.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::super::actions;
use crate::app::AppState;
use crate::auth::{Action, Scope};
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, RequestCtx};
use crate::ui::{FormErrors, PageCtx, render, see_other};

/// `POST /activities/{uid}/photos` (multipart: the photo; the anti-forgery token in the query).
pub async fn attach_photo(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    permit: Authorized,
    Path(uid): Path<String>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    // Out of reach is 404 before anything is read.
    actions::held(&state, &permit, &uid).await?;
    let attached = async {
        let (_, bytes) =
            crate::http::extract::uploaded_file(multipart, "photo", super::PHOTO_LIMIT, "photo-too-large")
                .await?
                .unwrap_or_default();
        super::attach_photo(&state, &permit, &uid, bytes).await
    }
    .await;
    match attached {
        Ok(_) => Ok(see_other(&format!("/activities/{uid}#photos"))),
        Err(AppError::Invalid(errors)) => {
            let page = super::super::pages::activity_page(
                &state,
                ctx,
                &req,
                &permit.scope,
                &uid,
                FormErrors(errors),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `GET /activities/{uid}/photos/{photo}` and `…/thumbnail`: the kept JPEG, for those who may
/// see the people of the activity's organization there (a photo shows people).
async fn photo_file(
    state: &AppState,
    req: &RequestCtx,
    scope: &Scope,
    uid: &str,
    photo: i64,
    thumbnail: bool,
) -> AppResult<Response> {
    let activity = actions::visible(state, scope, uid).await?;
    let people = req.permit(Action::ViewPeople).map_err(|_| AppError::NotFound)?;
    if !actions::holds(state, &people, &activity).await? {
        return Err(AppError::NotFound);
    }
    let bytes = super::store::photo(&state.db, activity.id, photo, thumbnail)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(([(axum::http::header::CONTENT_TYPE, "image/jpeg")], bytes).into_response())
}

pub async fn photo(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path((uid, photo)): Path<(String, i64)>,
) -> AppResult<Response> {
    photo_file(&state, &req, &scope, &uid, photo, false).await
}

pub async fn photo_thumbnail(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path((uid, photo)): Path<(String, i64)>,
) -> AppResult<Response> {
    photo_file(&state, &req, &scope, &uid, photo, true).await
}

/// `POST /activities/{uid}/photos/{photo}/delete`
pub async fn remove_photo(
    State(state): State<AppState>,
    permit: Authorized,
    Path((uid, photo)): Path<(String, i64)>,
) -> AppResult<Response> {
    super::remove_photo(&state, &permit, &uid, photo).await?;
    Ok(see_other(&format!("/activities/{uid}#photos")))
}
