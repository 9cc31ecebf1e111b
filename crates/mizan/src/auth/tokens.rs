//! Personal access tokens from the account page: a user makes one for their scripts (shown once,
//! kept as its SHA-256, expiring), sees theirs, and revokes them.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::users::store::{self as users_store, TokenSeen};
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::error::{AppError, AppResult, FieldError};
use crate::http::{Form, RequestCtx};
use crate::ui::{FormErrors, PageCtx, render, see_other};

/// How long a token made from the page may last, in days; [`DEFAULT_DAYS`] unless chosen.
pub const VALID_DAYS: [i64; 3] = [30, 90, 365];
pub const DEFAULT_DAYS: i64 = 90;
const LABEL_MAX: usize = 80;

/// The caller's own tokens, still good or expired, not revoked.
pub async fn own(state: &AppState, user: super::UserId) -> AppResult<Vec<TokenSeen>> {
    Ok(users_store::tokens_of(&state.db, user).await?)
}

/// What the account page asks: `do` = create (with a label and how many days) or revoke (with
/// the token's id).
#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default, rename = "do")]
    what: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    days: Option<i64>,
    #[serde(default)]
    token: Option<i64>,
}

fn label_problems(label: &str) -> Vec<FieldError> {
    let length = label.chars().count();
    if length == 0 {
        vec![FieldError::new("label", "field-required")]
    } else if length > LABEL_MAX || mizan_text::has_hidden_controls(label) {
        vec![FieldError::new("label", "field-invalid")]
    } else {
        Vec::new()
    }
}

async fn revoke_own(state: &AppState, actor: &Actor, user: super::UserId, token: i64) -> AppResult<()> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if !users_store::revoke_token(&mut tx, user, token, now).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "token.revoke",
            target_kind: "api_token",
            target_id: &token.to_string(),
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Template)]
#[template(path = "auth/token_created.html")]
struct CreatedPage {
    ctx: PageCtx,
    label: String,
    token: String,
    days: i64,
}

/// `POST /account/tokens`
pub async fn act(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Form(form): Form<TokenForm>,
) -> AppResult<Response> {
    let user = req.caller.user().ok_or(AppError::Unauthenticated)?;
    // A token opens the API without a second factor: whoever must have one sets it up first.
    if user.two_factor_missing {
        return Err(AppError::TwoFactorRequired);
    }
    match form.what.as_str() {
        "create" => {
            let label = form.label.trim().to_owned();
            let problems = label_problems(&label);
            let days = form.days.unwrap_or(DEFAULT_DAYS);
            let mut problems = problems;
            if !VALID_DAYS.contains(&days) {
                problems.push(FieldError::new("days", "field-unknown-choice"));
            }
            if !problems.is_empty() {
                let page = super::pages::account_page(&state, ctx, &req, FormErrors(problems)).await?;
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
            }
            let token =
                super::actions::create_token(&state, &req.actor(), &user.username, &label, Some(days))
                    .await?;
            render(&CreatedPage {
                ctx,
                label,
                token,
                days,
            })
        }
        "revoke" => {
            revoke_own(&state, &req.actor(), user.id, form.token.unwrap_or(0)).await?;
            Ok(see_other("/account#tokens"))
        }
        _ => Err(AppError::invalid("do", "field-unknown-choice")),
    }
}
