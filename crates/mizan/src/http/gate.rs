//! The authorization gate: every route of `router/` declares its [`Access`], and this layer
//! enforces it before the handler runs.
//!
//! 1. A route that needs an account answers 401 to a caller without one.
//! 2. A state-changing request made with a browser session (or to a public form such as the
//!    sign-in) must carry the anti-forgery token: in the `X-CSRF-Token` header (scripts' fetches), in the
//!    `_csrf` field of a urlencoded form, or in the query string of a multipart upload.
//!    Token-authenticated scripts send no cookies, so they need none.
//! 3. The caller's roles give the [`Permit`] of the route's action (403 if none allows it
//!    anywhere); the handler receives it as [`Authorized`] and passes it down to the SQL.

use axum::body::Body;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::Method;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::context::RequestCtx;
use crate::auth::{Action, Credential, Permit};
use crate::error::AppError;

/// What a route requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone (the sign-in page, health, assets); forms still need the anti-forgery token.
    Public,
    /// Anyone; a signed-in caller also gets their scope for the action (pages that show more to
    /// members, like the home page).
    Open(Action),
    /// A signed-in caller whose roles allow the action somewhere.
    Signed(Action),
    /// A direct connection from this machine (a monitoring agent, no proxy in between), or else
    /// as [`Access::Signed`].
    LocalOrSigned(Action),
}

/// The caller's permit for the route's action, as decided by the gate: the territory scope, and
/// each grant's subtree and organization (for records of people and of organizations).
pub type Authorized = Permit;

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Authorized {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Authorized>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("handler reached without the gate")))
    }
}

impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for Authorized {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<Authorized>().cloned())
    }
}

/// The largest urlencoded form the gate reads to find `_csrf` (uploads use multipart and the header).
const FORM_LIMIT: usize = 256 * 1024;

pub async fn gate(State(access): State<Access>, req: Request, next: Next) -> Response {
    match check(access, req).await {
        Ok(req) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

async fn check(access: Access, req: Request) -> Result<Request, AppError> {
    let ctx = req
        .extensions()
        .get::<RequestCtx>()
        .cloned()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("request context missing")))?;
    let scope = match access {
        Access::Public => None,
        Access::Open(_) if ctx.caller.user().is_none() => None,
        Access::Open(action) => Some(action),
        Access::LocalOrSigned(_) if is_local(&req) => None,
        Access::Signed(action) | Access::LocalOrSigned(action) => {
            if ctx.caller.user().is_none() {
                return Err(AppError::Unauthenticated);
            }
            Some(action)
        }
    };
    let mut req =
        if is_state_changing(req.method()) && !matches!(ctx.caller.credential, Credential::Token { .. }) {
            check_csrf(req, &ctx.csrf).await?
        } else {
            req
        };
    if let Some(action) = scope {
        // A one-time password opens the password change and nothing else; then a role that
        // requires a second factor opens only the account until it is set up.
        let user = ctx.caller.user();
        if action != Action::OwnAccount && matches!(ctx.caller.credential, Credential::Session { .. }) {
            if user.is_some_and(|u| u.must_change_password) {
                return Err(AppError::PasswordChangeRequired);
            }
            if user.is_some_and(|u| u.two_factor_missing) {
                return Err(AppError::TwoFactorRequired);
            }
        }
        let permit = ctx.permit(action)?;
        req.extensions_mut().insert(permit);
    }
    Ok(req)
}

/// A connection from the loopback interface that no proxy forwarded.
fn is_local(req: &Request) -> bool {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|ci| ci.0.ip().is_loopback())
        && !req.headers().contains_key("x-forwarded-for")
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn same(a: &str, b: &str) -> bool {
    // Constant-time comparison: the token must not leak through timing.
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn check_csrf(req: Request, expected: &str) -> Result<Request, AppError> {
    if expected.is_empty() {
        return Err(AppError::CsrfRejected);
    }
    if let Some(header) = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        return if same(header, expected) {
            Ok(req)
        } else {
            Err(AppError::CsrfRejected)
        };
    }
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type.starts_with("multipart/form-data") {
        // An upload without JavaScript: the token rides in the form's action (`?_csrf=…`), so
        // that the gate need not read the file to find it.
        let found = req
            .uri()
            .query()
            .and_then(|q| form_urlencoded_field(q.as_bytes(), "_csrf"));
        return if found.as_deref().is_some_and(|t| same(t, expected)) {
            Ok(req)
        } else {
            Err(AppError::CsrfRejected)
        };
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(AppError::CsrfRejected);
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| AppError::Malformed("form too large".to_owned()))?;
    let found = form_urlencoded_field(&bytes, "_csrf");
    if !found.as_deref().is_some_and(|t| same(t, expected)) {
        return Err(AppError::CsrfRejected);
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

fn form_urlencoded_field(body: &[u8], name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}
