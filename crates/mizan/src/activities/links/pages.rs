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
    let done = super::add_volunteer(&state, &permit, &uid, &form.volunteer).await;
    back_to_activity(
        &state,
        ctx,
        &req,
        &permit,
        &uid,
        done,
        Linked {
            field: "volunteer",
            typed: &form.volunteer,
            section: "volunteers",
        },
    )
    .await
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
    let done = super::register(&state, &permit, &uid, &registration).await;
    back_to_activity(
        &state,
        ctx,
        &req,
        &permit,
        &uid,
        done,
        Linked {
            field: "person",
            typed: &registration.person,
            section: "registered",
        },
    )
    .await
}

/// Who was linked to an activity: the form's field, what was typed in it, and the section of
/// the activity's page that lists them.
struct Linked<'a> {
    field: &'static str,
    typed: &'a str,
    section: &'static str,
}

/// Back to the activity's list at `section` once linked; else the activity's page again, with
/// the errors and, for a person typed by name, the people it may mean to choose from.
async fn back_to_activity<T>(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    permit: &Authorized,
    uid: &str,
    done: AppResult<T>,
    linked: Linked<'_>,
) -> AppResult<Response> {
    let Linked {
        field,
        typed,
        section,
    } = linked;
    let back = format!("/activities/{uid}#{section}");
    match done {
        Ok(_) => Ok(see_other(&back)),
        Err(AppError::Invalid(mut errors)) => {
            let pickers = crate::people::picker::Pickers::after(
                state,
                &permit.reaches,
                ctx.locale,
                &mut errors,
                field,
                typed,
                back,
            )
            .await?;
            let mut page =
                super::super::pages::activity_page(state, ctx, req, &permit.scope, uid, FormErrors(errors))
                    .await?;
            page.pickers = pickers;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
