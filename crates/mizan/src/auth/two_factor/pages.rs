//! Pages of the second factor: the code asked after the password, and the account's setup.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use super::actions::{self, Finish, Status};
use crate::app::AppState;
use crate::auth::pages::safe_next;
use crate::auth::session::{self, SECOND_FACTOR_COOKIE, SESSION_COOKIE};
use crate::error::{AppError, AppResult};
use crate::http::{Form, RequestCtx};
use crate::ui::{FormErrors, PageCtx, render, see_other};

/// Where the sign-in form sends a user whose password was right and who has a second factor.
pub fn ask_for_code(next: &str) -> String {
    let query = serde_urlencoded::to_string([("next", safe_next(next))]).unwrap_or_default();
    format!("/login/second-factor?{query}")
}

fn with_cookie(
    mut response: Response,
    cookie: axum_extra::extract::cookie::Cookie<'_>,
) -> AppResult<Response> {
    response.headers_mut().append(
        SET_COOKIE,
        cookie.to_string().parse().map_err(anyhow::Error::from)?,
    );
    Ok(response)
}

/// Sends a user to the sign-in waiting for its code, under its cookie.
pub fn pending_response(state: &AppState, pending_token: String, next: &str) -> AppResult<Response> {
    let mut cookie = session::cookie(SECOND_FACTOR_COOKIE, pending_token, state.config.secure_cookies());
    cookie.set_max_age(cookie::time::Duration::minutes(actions::PENDING_MINUTES));
    with_cookie(see_other(&ask_for_code(next)), cookie)
}

#[derive(Template)]
#[template(path = "auth/second_factor.html")]
struct CodePage {
    ctx: PageCtx,
    next: String,
    notice: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// `GET /login/second-factor`: the code of the authenticator app, or a recovery code.
pub async fn code_page(ctx: PageCtx, jar: CookieJar, Query(q): Query<NextQuery>) -> AppResult<Response> {
    if jar.get(SECOND_FACTOR_COOKIE).is_none() {
        return Ok(see_other("/login"));
    }
    render(&CodePage {
        ctx,
        next: safe_next(q.next.as_deref().unwrap_or("/")).to_owned(),
        notice: None,
    })
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

/// `POST /login/second-factor`
pub async fn submit_code(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    jar: CookieJar,
    Form(form): Form<CodeForm>,
) -> AppResult<Response> {
    let Some(pending) = jar.get(SECOND_FACTOR_COOKIE).map(|c| c.value().to_owned()) else {
        return Ok(see_other("/login"));
    };
    let previous = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned());
    let outcome = actions::finish(
        &state,
        &pending,
        &form.code,
        &req.ip,
        req.user_agent.as_deref(),
        previous.as_deref(),
    )
    .await?;
    let next = safe_next(&form.next).to_owned();
    let (status, notice) = match outcome {
        Finish::SignedIn {
            session_token,
            must_change_password,
        } => {
            let target = if must_change_password {
                "/account/password"
            } else {
                next.as_str()
            };
            let cookie = session::cookie(SESSION_COOKIE, session_token, state.config.secure_cookies());
            let response = with_cookie(see_other(target), cookie)?;
            return with_cookie(response, session::removal(SECOND_FACTOR_COOKIE));
        }
        Finish::Expired => {
            let response = see_other(&format!(
                "/login?{}",
                serde_urlencoded::to_string([("next", next.as_str())]).unwrap_or_default()
            ));
            return with_cookie(response, session::removal(SECOND_FACTOR_COOKIE));
        }
        Finish::Refused => (StatusCode::UNAUTHORIZED, "second-factor-refused"),
        Finish::Throttled => (StatusCode::TOO_MANY_REQUESTS, "login-throttled"),
    };
    let mut response = (
        status,
        render(&CodePage {
            ctx,
            next,
            notice: Some(notice),
        })?,
    )
        .into_response();
    if status == StatusCode::TOO_MANY_REQUESTS {
        response.headers_mut().insert(
            RETRY_AFTER,
            HeaderValue::from(crate::auth::sign_in::THROTTLE_WINDOW_MINUTES * 60),
        );
    }
    Ok(response)
}

#[derive(Template)]
#[template(path = "auth/two_factor.html")]
struct SetupPage {
    ctx: PageCtx,
    status: Status,
    /// Whether the user's roles require it (they cannot use anything else until it is on).
    required: bool,
    /// The recovery codes, shown once: just after turning on, or after asking for new ones.
    codes: Vec<String>,
    qr: String,
    errors: FormErrors,
}

impl SetupPage {
    /// The secret in groups of four, as people copy it by hand.
    fn grouped(&self, secret: &super::totp::Secret) -> String {
        let text = secret.base32();
        text.as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn day(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        self.ctx.date(&at.date_naive())
    }

    /// The recovery codes as a text file to keep, in a `data:` link (nothing leaves the page).
    fn codes_file(&self) -> String {
        let mut text = format!("{}\n\n", self.ctx.t("two-factor-codes-file-title"));
        for (n, code) in self.codes.iter().enumerate() {
            text.push_str(&format!("{}. {code}\n", n + 1));
        }
        let encoded: String = text
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        format!("data:text/plain;charset=utf-8,{encoded}")
    }
}

async fn setup_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    codes: Vec<String>,
    errors: FormErrors,
) -> AppResult<SetupPage> {
    let user = req.caller.user().ok_or(AppError::Unauthenticated)?;
    let status = actions::status(state, user.id, &user.username).await?;
    let qr = match &status {
        Status::Off { uri, .. } => qrcode::QrCode::new(uri.as_bytes())
            .map_err(|e| AppError::Internal(anyhow::anyhow!("QR code: {e}")))?
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
        Status::On { .. } => String::new(),
    };
    Ok(SetupPage {
        ctx,
        status,
        required: super::required(&user.grants),
        codes,
        qr,
        errors,
    })
}

/// `GET /account/two-factor`
pub async fn setup(State(state): State<AppState>, ctx: PageCtx, req: RequestCtx) -> AppResult<Response> {
    render(&setup_page(&state, ctx, &req, Vec::new(), FormErrors::default()).await?)
}

/// What the page asks: `do` = on (the first code), recovery (new codes), off; with a `code`.
#[derive(Deserialize)]
pub struct SetupForm {
    #[serde(default, rename = "do")]
    what: String,
    #[serde(default)]
    code: String,
}

/// `POST /account/two-factor`
pub async fn change(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Form(form): Form<SetupForm>,
) -> AppResult<Response> {
    let user = req.caller.user().ok_or(AppError::Unauthenticated)?;
    let actor = req.actor();
    let done = match form.what.as_str() {
        "on" => actions::turn_on(&state, &actor, user.id, &form.code).await,
        "recovery" => actions::renew_recovery_codes(&state, &actor, user.id, &form.code).await,
        "off" => actions::turn_off(&state, &actor, user.id, &form.code)
            .await
            .map(|()| Vec::new()),
        _ => Err(AppError::invalid("do", "field-unknown-choice")),
    };
    match done {
        // The codes are shown on this answer only: never behind a link that could be reloaded.
        Ok(codes) if !codes.is_empty() => {
            render(&setup_page(&state, ctx, &req, codes, FormErrors::default()).await?)
        }
        Ok(_) => Ok(see_other("/account/two-factor")),
        Err(AppError::Invalid(errors)) => {
            let page = setup_page(&state, ctx, &req, Vec::new(), FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
