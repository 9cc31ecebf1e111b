//! The outermost application middleware: who is calling and in which language, and, on the way
//! back, errors rendered in that language (an HTML page, or problem+json under `/api/`).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, SET_COOKIE, USER_AGENT};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;

use crate::app::AppState;
use crate::audit::Actor;
use crate::auth::secret::random_token;
use crate::auth::session::{self, CSRF_COOKIE, LANG_COOKIE};
use crate::auth::{Action, Caller, Credential, Permit};
use crate::error::{AppError, ErrorReport};
use crate::i18n::Locale;
use crate::store::Generations;

/// What every handler may know about the request; inserted in its extensions.
#[derive(Clone, Debug)]
pub struct RequestCtx {
    pub caller: Caller,
    pub locale: Locale,
    /// The anti-forgery token to embed in forms (the session's, or the visitor cookie's).
    pub csrf: String,
    pub ip: String,
    pub request_id: String,
    pub user_agent: Option<String>,
    /// Path and query, for "come back here" links.
    pub uri: String,
    /// Errors are answered as problem+json: under `/api/`, or to a script asking for JSON.
    pub is_api: bool,
    /// The generations of the tables kept in memory, read with a signed-in caller's session
    /// (`territory::tree`); others read them when a page needs them.
    pub generations: Option<Generations>,
}

impl RequestCtx {
    /// The audit log's view of this caller.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.caller.user_id(),
            label: self.caller.actor_label(),
            ip: Some(self.ip.clone()),
            request_id: Some(self.request_id.clone()),
        }
    }

    /// The caller's permit for `action`, acting as this request's [`Actor`](RequestCtx::actor).
    pub fn permit(&self, action: Action) -> Result<Permit, AppError> {
        self.caller.permit(action, self.actor())
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for RequestCtx {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<RequestCtx>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("request context missing")))
    }
}

fn client_ip(req: &Request, behind_proxy: bool) -> String {
    if behind_proxy
        && let Some(forwarded) = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(last) = forwarded.rsplit(',').next()
    {
        return last.trim().to_owned();
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |ci| ci.0.ip().to_string())
}

/// The middleware; see the module documentation.
pub async fn context(
    State(state): State<AppState>,
    jar: CookieJar,
    mut req: Request,
    next: Next,
) -> Response {
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    // The API, and a page's script asking for JSON alone (a vote cast without leaving the page),
    // get their errors as problem+json.
    let wants_json = req
        .headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json") && !v.contains("text/html"));
    let is_api = req.uri().path().starts_with("/api/") || wants_json;
    let accept_language = req
        .headers()
        .get("accept-language")
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::from_accept_language);
    let visitor_locale = jar
        .get(LANG_COOKIE)
        .and_then(|c| Locale::parse(c.value()))
        .or(accept_language)
        .unwrap_or_default();

    let (caller, generations) = match session::resolve(&state, req.headers(), &jar).await {
        Ok(found) => found,
        Err(e) => {
            let ctx = minimal_ctx(visitor_locale, request_id, is_api);
            return finish(&state, &ctx, e.into_response(), None);
        }
    };
    let locale = caller.user().and_then(|u| u.locale).unwrap_or(visitor_locale);
    let (csrf, new_visitor_token) = match &caller.credential {
        Credential::Session { csrf, .. } => (csrf.clone(), None),
        Credential::Token { .. } => (String::new(), None),
        Credential::Anonymous => match jar.get(CSRF_COOKIE) {
            Some(c) if c.value().len() >= 32 => (c.value().to_owned(), None),
            _ => {
                let t = random_token();
                (t.clone(), Some(t))
            }
        },
    };
    let ctx = RequestCtx {
        caller,
        locale,
        csrf,
        ip: client_ip(&req, state.config.behind_proxy),
        request_id,
        user_agent: req
            .headers()
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        uri: req
            .uri()
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned()),
        is_api,
        generations,
    };
    req.extensions_mut().insert(ctx.clone());
    let response = next.run(req).await;
    finish(&state, &ctx, response, new_visitor_token)
}

fn minimal_ctx(locale: Locale, request_id: String, is_api: bool) -> RequestCtx {
    RequestCtx {
        caller: Caller::anonymous(),
        locale,
        csrf: String::new(),
        ip: String::new(),
        request_id,
        user_agent: None,
        uri: "/".to_owned(),
        is_api,
        generations: None,
    }
}

fn finish(
    state: &AppState,
    ctx: &RequestCtx,
    mut response: Response,
    new_visitor_token: Option<String>,
) -> Response {
    let report = response.extensions().get::<ErrorReport>().cloned().or_else(|| {
        // Errors produced outside our handlers (no route, wrong method, a body over its route's
        // limit, a multipart upload cut short) arrive as bare statuses or axum's plain-text
        // rejections: give them the same treatment (ours always carry their report).
        let status = response.status();
        let bare = response
            .headers()
            .get(CONTENT_TYPE)
            .is_none_or(|v| v.as_bytes().starts_with(b"text/plain"));
        (bare && (status.is_client_error() || status.is_server_error()))
            .then(|| ErrorReport::of_status(status))
    });
    if let Some(report) = report {
        let allow = response.headers().get("allow").cloned();
        let auth_header = (report.status == StatusCode::UNAUTHORIZED && ctx.is_api)
            .then_some(HeaderValue::from_static("Bearer"));
        response = crate::ui::errors::render(state, ctx, &report);
        if let Some(allow) = allow {
            response.headers_mut().insert("allow", allow);
        }
        if let Some(v) = auth_header {
            response.headers_mut().insert("www-authenticate", v);
        }
    }
    if ctx.caller.user().is_some() && !response.headers().contains_key(CACHE_CONTROL) {
        // Anything shown to a signed-in user may hold personal data: never keep it in a cache.
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if let Some(token) = new_visitor_token.filter(|_| is_html) {
        let cookie = session::cookie(CSRF_COOKIE, token, state.config.secure_cookies());
        if let Ok(v) = HeaderValue::from_str(&cookie.to_string()) {
            response.headers_mut().append(SET_COOKIE, v);
        }
    }
    response
}
