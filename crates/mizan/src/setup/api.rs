//! The setup in JSON: the shipped templates, and applying one, with the same rules as the page.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::actions::{self, BLANK, SetupDone, SetupDraft};
use super::template::{self, TEMPLATES};
use crate::app::AppState;
use crate::error::AppResult;
use crate::http::{Json, RequestCtx};
use crate::i18n::Locale;

/// A template the setup can apply.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TemplateJson {
    /// What `POST /api/v1/setup` takes as `template`.
    pub name: String,
    pub title_ar: String,
    pub title_fr: String,
    pub title_en: String,
    pub organizations: usize,
    pub body_types: usize,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TemplateList {
    pub items: Vec<TemplateJson>,
}

/// The templates a real installation starts from (`blank`: the party alone).
#[utoipa::path(
    get,
    path = "/api/v1/setup/templates",
    tag = "administration",
    responses(
        (status = 200, body = TemplateList),
        (status = 401, description = "No session or token"),
        (status = 403, description = "Only a national administrator sets the party up"),
    ),
    security(("token" = []))
)]
pub async fn templates(State(state): State<AppState>) -> AppResult<axum::Json<TemplateList>> {
    let title = |locale, key: &str| state.i18n.t_plain(locale, key, &[]);
    let mut items: Vec<TemplateJson> = TEMPLATES
        .iter()
        .filter_map(|(code, key)| {
            let t = template::builtin(code)?;
            Some(TemplateJson {
                name: (*code).to_owned(),
                title_ar: title(Locale::Ar, key),
                title_fr: title(Locale::Fr, key),
                title_en: title(Locale::En, key),
                organizations: t.organization.len(),
                body_types: t.body_type.len(),
            })
        })
        .collect();
    items.push(TemplateJson {
        name: BLANK.to_owned(),
        title_ar: title(Locale::Ar, "setup-template-blank"),
        title_fr: title(Locale::Fr, "setup-template-blank"),
        title_en: title(Locale::En, "setup-template-blank"),
        organizations: 1,
        body_types: 0,
    });
    Ok(axum::Json(TemplateList { items }))
}

/// Sets the party up, once: its names (the template's own when none are given) and the
/// template's organizations, organs and themes.
#[utoipa::path(
    post,
    path = "/api/v1/setup",
    tag = "administration",
    request_body = SetupDraft,
    responses(
        (status = 201, body = SetupDone),
        (status = 401, description = "No session or token"),
        (status = 403, description = "Only a national administrator sets the party up"),
        (status = 409, description = "`setup_done`: the party is set up already"),
        (status = 422, description = "Invalid fields, listed in `errors`"),
    ),
    security(("token" = []))
)]
pub async fn apply(
    State(state): State<AppState>,
    req: RequestCtx,
    Json(mut draft): Json<SetupDraft>,
) -> AppResult<Response> {
    if draft.name_ar.trim().is_empty()
        && draft.name_fr.trim().is_empty()
        && let Some(party) = template::builtin(draft.template.trim())
            .and_then(|t| t.organization.into_iter().find(|o| o.kind == "party"))
    {
        draft.name_ar = party.name_ar;
        draft.name_fr = party.name_fr;
        draft.name_en = party.name_en;
    }
    let done = actions::apply(&state, &req.actor(), &draft).await?;
    Ok((StatusCode::CREATED, axum::Json(done)).into_response())
}
