//! The administration of organizations (`/admin/organizations`): the party and its parallel
//! organizations with their names in three languages and their wall, a form to change each and
//! one to add an organization; the way to the other settings. The national administrator's.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::Organization;
use super::actions::{self, OrganizationDraft};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::http::{Form, RequestCtx};
use crate::ui::{FormErrors, PageCtx, render, see_other};

#[derive(Template)]
#[template(path = "admin/organizations.html")]
pub(crate) struct OrganizationsPage {
    ctx: PageCtx,
    organizations: Vec<Organization>,
    short_name: Option<String>,
    /// Just set up: say so above the list.
    set_up: bool,
    /// The form that failed (an organization's code, or `new`), what was typed and why.
    failed: String,
    draft: OrganizationDraft,
    errors: FormErrors,
}

impl OrganizationsPage {
    /// An organization's name fields: (field, label, direction, stored value).
    fn names_of(o: &Organization) -> Vec<(&'static str, &'static str, &'static str, String)> {
        vec![
            ("name_ar", "organization-name-ar", "rtl", o.name_ar.clone()),
            ("name_fr", "organization-name-fr", "ltr", o.name_fr.clone()),
            ("name_en", "organization-name-en", "ltr", o.name_en.clone()),
        ]
    }

    /// A new organization's fields: (field, label, direction).
    const NEW: [(&'static str, &'static str, &'static str); 4] = [
        ("code", "organization-code", "ltr"),
        ("name_ar", "organization-name-ar", "rtl"),
        ("name_fr", "organization-name-fr", "ltr"),
        ("name_en", "organization-name-en", "ltr"),
    ];

    /// A field's value in `form`: what was typed if that form failed, else what is stored.
    fn value(&self, form: &str, field: &str, stored: &str) -> String {
        if self.failed != form {
            return stored.to_owned();
        }
        match field {
            "code" => self.draft.code.clone(),
            "name_ar" => self.draft.name_ar.clone(),
            "name_fr" => self.draft.name_fr.clone(),
            _ => self.draft.name_en.clone(),
        }
    }
}

#[derive(Deserialize)]
pub struct Done {
    #[serde(default)]
    setup: Option<String>,
}

pub(crate) async fn page(
    state: &AppState,
    ctx: PageCtx,
    set_up: bool,
    failed: &str,
    draft: OrganizationDraft,
    errors: FormErrors,
) -> AppResult<OrganizationsPage> {
    Ok(OrganizationsPage {
        ctx,
        organizations: super::all(&state.db).await?,
        short_name: crate::setup::actions::short_name(&state.db).await?,
        set_up,
        failed: failed.to_owned(),
        draft,
        errors,
    })
}

/// `GET /admin/organizations`
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(done): Query<Done>,
) -> AppResult<Response> {
    if !crate::setup::actions::is_done(&state.db).await? {
        return Ok(see_other("/setup"));
    }
    let set_up = done.setup.as_deref() == Some("done");
    render(
        &page(
            &state,
            ctx,
            set_up,
            "",
            OrganizationDraft::default(),
            FormErrors::default(),
        )
        .await?,
    )
}

/// `POST /admin/organizations`: a new parallel organization.
pub async fn add(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Form(draft): Form<OrganizationDraft>,
) -> AppResult<Response> {
    match actions::add(&state, &req.actor(), &draft).await {
        Ok(org) => Ok(see_other(&format!("/admin/organizations#org-{}", org.code))),
        Err(AppError::Invalid(errors)) => {
            let page = page(&state, ctx, false, "new", draft, FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `POST /admin/organizations/{code}`: its names and its wall.
pub async fn change(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Path(code): Path<String>,
    Form(draft): Form<OrganizationDraft>,
) -> AppResult<Response> {
    match actions::change(&state, &req.actor(), &code, &draft).await {
        Ok(org) => Ok(see_other(&format!("/admin/organizations#org-{}", org.code))),
        Err(AppError::Invalid(errors)) => {
            let page = page(&state, ctx, false, &code, draft, FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
