//! The decisions handlers: add one, mark one done.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::ui::{FormErrors, PageCtx, render, see_other};

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    due_on: String,
}

/// `POST /meetings/{id}/decisions`
pub async fn add_decision(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    permit: Authorized,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    match super::add_decision(&state, &permit, id, &form.text, &form.owner, &form.due_on).await {
        Ok(_) => Ok(see_other(&format!("/meetings/{id}#decisions"))),
        Err(AppError::Invalid(errors)) => {
            let page =
                super::super::pages::meeting_page(&state, ctx, &req, &permit.scope, id, FormErrors(errors))
                    .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `POST /meetings/{id}/decisions/{decision}/done`
pub async fn decision_done(
    State(state): State<AppState>,
    permit: Authorized,
    Path((id, decision)): Path<(i64, i64)>,
) -> AppResult<Response> {
    super::decision_done(&state, &permit, id, decision).await?;
    Ok(see_other(&format!("/meetings/{id}#decisions")))
}
