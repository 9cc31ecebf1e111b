//! The setup page (`/setup`): the national administrator names the party and chooses a template
//! (or to start blank), once; until then, their home page leads here.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::actions::{self, BLANK, SetupDraft};
use super::template::TEMPLATES;
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::http::{Form, RequestCtx};
use crate::ui::{FormErrors, PageCtx, render, see_other};

#[derive(Template)]
#[template(path = "setup/setup.html")]
struct SetupPage {
    ctx: PageCtx,
    draft: SetupDraft,
    errors: FormErrors,
    /// The shipped templates: (code, message key of its name), then starting blank.
    choices: Vec<(&'static str, &'static str)>,
}

impl SetupPage {
    fn new(ctx: PageCtx, draft: SetupDraft, errors: FormErrors) -> SetupPage {
        let mut choices = TEMPLATES.to_vec();
        choices.push((BLANK, "setup-template-blank"));
        SetupPage {
            ctx,
            draft,
            errors,
            choices,
        }
    }

    /// The name fields: (field, label, direction, what was typed).
    fn fields(&self) -> Vec<(&'static str, &'static str, &'static str, String)> {
        let d = &self.draft;
        vec![
            ("name_ar", "setup-name-ar", "rtl", d.name_ar.clone()),
            ("name_fr", "setup-name-fr", "ltr", d.name_fr.clone()),
            ("name_en", "setup-name-en", "ltr", d.name_en.clone()),
            ("short_name", "setup-short-name", "auto", d.short_name.clone()),
        ]
    }

    fn chosen(&self, code: &str) -> bool {
        self.draft.template == code || (self.draft.template.is_empty() && code == TEMPLATES[0].0)
    }
}

/// `GET /setup`: the form, until the party exists (then its administration).
pub async fn setup_form(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    if actions::is_done(&state.db).await? {
        return Ok(see_other("/admin/organizations"));
    }
    render(&SetupPage::new(ctx, SetupDraft::default(), FormErrors::default()))
}

/// `POST /setup`
pub async fn setup(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Form(draft): Form<SetupDraft>,
) -> AppResult<Response> {
    match actions::apply(&state, &req.actor(), &draft).await {
        Ok(_) => Ok(see_other("/admin/organizations?setup=done")),
        Err(AppError::Invalid(errors)) => {
            let page = SetupPage::new(ctx, draft, FormErrors(errors));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
