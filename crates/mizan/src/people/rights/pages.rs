//! Pages of data-subject rights: recording a consent from a person's page, the subject file (page
//! and JSON) and erasure, for the data-protection officer.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{self as rights, ConsentForm, SubjectFile};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::people::actions;
use crate::people::pages::PersonPage;
use crate::ui::{FormErrors, PageCtx, render, see_other};

/// `POST /people/{uid}/consents`
pub async fn record_consent(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    permit: Authorized,
    Path(uid): Path<String>,
    Form(form): Form<ConsentForm>,
) -> AppResult<Response> {
    match rights::record_consent(&state, &permit, &uid, &form).await {
        Ok(()) => Ok(see_other(&format!("/people/{uid}#consents"))),
        Err(AppError::Invalid(errors)) => {
            let person = actions::open_person(&state, &permit, &uid).await?;
            let page = PersonPage::of(&state, ctx, &req, person, FormErrors(errors))
                .await?
                .with_consent_form(form);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "people/subject.html")]
struct SubjectPage {
    ctx: PageCtx,
    file: SubjectFile,
    errors: FormErrors,
    reason: String,
}

/// `GET /people/{uid}/subject`: everything held about the person, and who opened the file.
pub async fn subject(
    State(state): State<AppState>,
    ctx: PageCtx,
    permit: Authorized,
    Path(uid): Path<String>,
) -> AppResult<Response> {
    let file = rights::subject_file(&state, &permit, &uid).await?;
    render(&SubjectPage {
        ctx,
        file,
        errors: FormErrors::default(),
        reason: String::new(),
    })
}

/// `GET /people/{uid}/subject.json`: the same, to hand to the person.
pub async fn subject_json(
    State(state): State<AppState>,
    permit: Authorized,
    Path(uid): Path<String>,
) -> AppResult<Response> {
    let file = rights::subject_file(&state, &permit, &uid).await?;
    let body = serde_json::to_vec_pretty(&file).map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (CONTENT_TYPE, "application/json".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"mizan-person-{uid}.json\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    reason: String,
}

/// `POST /people/{uid}/erase`: erasure for real, for a reason written in the audit log.
pub async fn erase(
    State(state): State<AppState>,
    ctx: PageCtx,
    permit: Authorized,
    Path(uid): Path<String>,
    Form(form): Form<EraseForm>,
) -> AppResult<Response> {
    match rights::erase(&state, &permit, &uid, &form.reason).await {
        Ok(()) => Ok(see_other("/people?erased=1")),
        Err(AppError::Invalid(errors)) => {
            let file = rights::subject_file(&state, &permit, &uid).await?;
            let page = SubjectPage {
                ctx,
                file,
                errors: FormErrors(errors),
                reason: form.reason,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
