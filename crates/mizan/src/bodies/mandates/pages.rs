//! The seat handlers: give one, end one.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::ui::{FormErrors, PageCtx, render, see_other};

/// `POST /bodies/{id}/mandates`
pub async fn give_mandate(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    permit: Authorized,
    Path(id): Path<i64>,
    Form(draft): Form<super::SeatDraft>,
) -> AppResult<Response> {
    let given = super::give_mandate(&state, &permit, id, &draft).await;
    match given {
        Ok(_) => Ok(see_other(&format!("/bodies/{id}"))),
        Err(AppError::Invalid(mut errors)) => {
            let pickers = crate::people::picker::Pickers::after(
                &state,
                &permit.reaches,
                ctx.locale,
                &mut errors,
                "person",
                &draft.person,
                format!("/bodies/{id}#person"),
            )
            .await?;
            let mut page =
                super::super::pages::body_page(&state, ctx, &req, &permit.scope, id, FormErrors(errors))
                    .await?;
            page.pickers = pickers;
            page.seat = draft;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct EndMandateForm {
    #[serde(default)]
    ended_on: String,
    #[serde(default)]
    reason: String,
}

/// `POST /bodies/{id}/mandates/{mandate}/end`
pub async fn end_mandate(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    permit: Authorized,
    Path((id, mandate)): Path<(i64, i64)>,
    Form(form): Form<EndMandateForm>,
) -> AppResult<Response> {
    match super::end_mandate(&state, &permit, id, mandate, &form.ended_on, &form.reason).await {
        Ok(()) => Ok(see_other(&format!("/bodies/{id}"))),
        Err(AppError::Invalid(errors)) => {
            let page =
                super::super::pages::body_page(&state, ctx, &req, &permit.scope, id, FormErrors(errors))
                    .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
