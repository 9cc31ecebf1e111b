//! Pages of accounts: sign in, sign out, the account page, the password change, the language.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use super::Credential;
use super::actions;
use super::passwords::{self, PasswordChange};
use super::session::{self, LANG_COOKIE, SESSION_COOKIE};
use super::sign_in::{self, LoginOutcome};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::http::{Form, RequestCtx};
use crate::i18n::Locale;
use crate::ui::{FormErrors, PageCtx, render, see_other};

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    ctx: PageCtx,
    next: String,
    username: String,
    notice: Option<&'static str>,
}

/// Only paths of this site are followed after signing in or choosing a language (no open
/// redirect): an absolute path whose second character starts no host (`//host`, `/\\host`), made
/// of visible ASCII only. Browsers drop tabs and line breaks from an address before following it,
/// so `/\t/evil.example` would become `//evil.example`: anything but visible characters is refused,
/// not cleaned.
pub(crate) fn safe_next(next: &str) -> &str {
    let visible = next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    let path = next.strip_prefix('/');
    let ok = visible
        && path.is_some_and(|rest| !rest.starts_with('/'))
        && next.parse::<axum::http::uri::PathAndQuery>().is_ok();
    if ok { next } else { "/" }
}

/// The sign-in page, answered with 401 where a page needs an account.
pub fn login_required(ctx: PageCtx, uri: &str) -> Response {
    let page = LoginPage {
        ctx,
        next: safe_next(uri).to_owned(),
        username: String::new(),
        notice: Some("login-required"),
    };
    match render(&page) {
        Ok(html) => (StatusCode::UNAUTHORIZED, html).into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// `GET /login`
pub async fn login_page(
    ctx: PageCtx,
    req: RequestCtx,
    axum::extract::Query(q): axum::extract::Query<NextQuery>,
) -> AppResult<Response> {
    if req.caller.user().is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    render(&LoginPage {
        ctx,
        next: safe_next(q.next.as_deref().unwrap_or("/")).to_owned(),
        username: String::new(),
        notice: None,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// `POST /login`
pub async fn login(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let previous = jar.get(SESSION_COOKIE).map(|c| c.value().to_owned());
    let outcome = sign_in::login(
        &state,
        &form.username,
        &form.password,
        &req.ip,
        req.user_agent.as_deref(),
        previous.as_deref(),
    )
    .await?;
    let (status, notice) = match outcome {
        LoginOutcome::SignedIn {
            session_token,
            must_change_password,
        } => {
            let cookie = session::cookie(SESSION_COOKIE, session_token, state.config.secure_cookies());
            let next = if must_change_password {
                "/account/password"
            } else {
                safe_next(&form.next)
            };
            let mut response = see_other(next);
            response.headers_mut().append(
                SET_COOKIE,
                cookie.to_string().parse().map_err(anyhow::Error::from)?,
            );
            return Ok(response);
        }
        LoginOutcome::SecondFactor { pending_token } => {
            return super::two_factor::pages::pending_response(&state, pending_token, &form.next);
        }
        LoginOutcome::Refused => (StatusCode::UNAUTHORIZED, "login-refused"),
        LoginOutcome::Throttled => (StatusCode::TOO_MANY_REQUESTS, "login-throttled"),
    };
    let page = LoginPage {
        ctx,
        next: safe_next(&form.next).to_owned(),
        username: form.username.chars().take(64).collect(),
        notice: Some(notice),
    };
    let mut response = (status, render(&page)?).into_response();
    if status == StatusCode::TOO_MANY_REQUESTS {
        // At the latest, the failures counted now have all left the window by then.
        response.headers_mut().insert(
            RETRY_AFTER,
            HeaderValue::from(sign_in::THROTTLE_WINDOW_MINUTES * 60),
        );
    }
    Ok(response)
}

/// `POST /logout`
pub async fn logout(State(state): State<AppState>, req: RequestCtx) -> AppResult<Response> {
    if let Credential::Session { id_hash, .. } = &req.caller.credential {
        sign_in::logout(&state, &req.actor(), id_hash).await?;
    }
    let mut response = see_other("/");
    response.headers_mut().append(
        SET_COOKIE,
        session::removal(SESSION_COOKIE)
            .to_string()
            .parse()
            .map_err(anyhow::Error::from)?,
    );
    Ok(response)
}

struct GrantView {
    role_key: String,
    scope_name: String,
    scope_href: Option<String>,
}

#[derive(Template)]
#[template(path = "auth/account.html")]
pub(crate) struct AccountPage {
    ctx: PageCtx,
    display_name: String,
    username: String,
    grants: Vec<GrantView>,
    /// May manage users (their subtree's), and the party's structure.
    manages_users: bool,
    configures: bool,
    tokens: Vec<super::users::store::TokenSeen>,
    valid_days: [i64; 3],
    errors: FormErrors,
}

impl AccountPage {
    fn day(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        self.ctx.date(&at.date_naive())
    }
}

/// The account page, with what was wrong in its token form.
pub(crate) async fn account_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    errors: FormErrors,
) -> AppResult<AccountPage> {
    let user = req.caller.user().ok_or(AppError::Unauthenticated)?;
    let codes: Vec<&str> = user
        .grants
        .iter()
        .filter_map(|g| g.scope_code.as_deref())
        .collect();
    let units = crate::territory::store::units_by_code(&state.db, &codes).await?;
    let grants = user
        .grants
        .iter()
        .map(|g| {
            let unit = g
                .scope_code
                .as_ref()
                .and_then(|c| units.iter().find(|u| &u.code == c));
            GrantView {
                role_key: g.role.message_key(),
                scope_name: unit.map(|u| u.name(ctx.locale).to_owned()).unwrap_or_default(),
                scope_href: unit.map(|u| format!("/territory/{}", u.code)),
            }
        })
        .collect();
    Ok(AccountPage {
        display_name: user.display_name.clone(),
        username: user.username.clone(),
        grants,
        manages_users: req.caller.authorize(crate::auth::Action::ManageUsers).is_ok(),
        configures: req
            .caller
            .authorize(crate::auth::Action::ConfigureStructure)
            .is_ok(),
        tokens: super::tokens::own(state, user.id).await?,
        valid_days: super::tokens::VALID_DAYS,
        errors,
        ctx,
    })
}

/// `GET /account`
pub async fn account(State(state): State<AppState>, ctx: PageCtx, req: RequestCtx) -> AppResult<Response> {
    render(&account_page(&state, ctx, &req, FormErrors::default()).await?)
}

#[derive(Template)]
#[template(path = "auth/password.html")]
struct PasswordPage {
    ctx: PageCtx,
    forced: bool,
    done: bool,
    errors: FormErrors,
}

/// `GET /account/password`
pub async fn password_page(ctx: PageCtx, req: RequestCtx) -> AppResult<Response> {
    let user = req.caller.user().ok_or(AppError::Unauthenticated)?;
    render(&PasswordPage {
        ctx,
        forced: user.must_change_password,
        done: false,
        errors: FormErrors::default(),
    })
}

/// `POST /account/password`
pub async fn change_password(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Form(change): Form<PasswordChange>,
) -> AppResult<Response> {
    let user = req.caller.user().ok_or(AppError::Unauthenticated)?;
    let result = passwords::change_password(
        &state,
        &req.actor(),
        &user.username,
        &change,
        Some(&req.ip),
        req.user_agent.as_deref(),
    )
    .await;
    match result {
        Ok(token) => {
            let cookie = session::cookie(SESSION_COOKIE, token, state.config.secure_cookies());
            let mut response = see_other("/");
            response.headers_mut().append(
                SET_COOKIE,
                cookie.to_string().parse().map_err(anyhow::Error::from)?,
            );
            Ok(response)
        }
        Err(AppError::Invalid(errors)) => {
            let page = PasswordPage {
                ctx,
                forced: user.must_change_password,
                done: false,
                errors: FormErrors(errors),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    locale: String,
    #[serde(default)]
    next: String,
}

/// `POST /language`: remembered on the account when signed in, in a cookie otherwise.
pub async fn set_language(
    State(state): State<AppState>,
    req: RequestCtx,
    Form(form): Form<LanguageForm>,
) -> AppResult<Response> {
    let locale = Locale::parse(&form.locale).ok_or_else(|| AppError::invalid("locale", "field-invalid"))?;
    if let Some(user_id) = req.caller.user_id() {
        actions::set_language(&state, user_id, locale).await?;
    }
    let mut cookie = session::cookie(
        LANG_COOKIE,
        locale.code().to_owned(),
        state.config.secure_cookies(),
    );
    cookie.set_max_age(time_one_year());
    let mut response = see_other(safe_next(&form.next));
    response.headers_mut().append(
        SET_COOKIE,
        cookie.to_string().parse().map_err(anyhow::Error::from)?,
    );
    Ok(response)
}

fn time_one_year() -> cookie::time::Duration {
    cookie::time::Duration::days(365)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next("/territory/03"), "/territory/03");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next("/\t/evil.example"), "/", "a browser drops the tab");
        assert_eq!(safe_next("/\n/evil.example"), "/");
        assert_eq!(safe_next("/ /x"), "/");
        assert_eq!(safe_next("/people?q=%D9%85"), "/people?q=%D9%85");
        assert_eq!(safe_next(""), "/");
    }
}
