//! The handlers that add a volunteer or register a beneficiary.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::ui::{FormErrors, PageCtx, render, see_other};

#[derive(Deserialize)]
pub struct VolunteerForm {
    #[serde(default)]
    volunteer: String,
}

/// `POST /activities/{uid}/volunteers`: a person of the registry gave their time to it.
pub async fn add_volunteer(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    permit: Authorized,
    Path(uid): Path<String>,
    Form(form): Form<VolunteerForm>,
) -> AppResult<Response> {
    match super::add_volunteer(&state, &permit, &uid, &form.volunteer).await {
        Ok(_) => Ok(see_other(&format!("/activities/{uid}#volunteers"))),
        Err(AppError::Invalid(mut errors)) => {
            let pickers = crate::people::picker::Pickers::after(
                &state,
                &permit.reaches,
                ctx.locale,
                &mut errors,
                "volunteer",
                &form.volunteer,
                format!("/activities/{uid}#volunteers"),
            )
            .await?;
            let mut page = super::super::pages::activity_page(
                &state,
                ctx,
                &req,
                &permit.scope,
                &uid,
                FormErrors(errors),
            )
            .await?;
            page.pickers = pickers;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `POST /activities/{uid}/people`: a registered beneficiary, with their consent.
pub async fn register(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    permit: Authorized,
    Path(uid): Path<String>,
    Form(registration): Form<super::Registration>,
) -> AppResult<Response> {
    match super::register(&state, &permit, &uid, &registration).await {
        Ok(_) => Ok(see_other(&format!("/activities/{uid}#registered"))),
        Err(AppError::Invalid(mut errors)) => {
            let pickers = crate::people::picker::Pickers::after(
                &state,
                &permit.reaches,
                ctx.locale,
                &mut errors,
                "person",
                &registration.person,
                format!("/activities/{uid}#registered"),
            )
            .await?;
            let mut page = super::super::pages::activity_page(
                &state,
                ctx,
                &req,
                &permit.scope,
                &uid,
                FormErrors(errors),
            )
            .await?;
            page.pickers = pickers;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
