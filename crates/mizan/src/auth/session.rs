//! Finding the caller of a request: a session cookie (browsers) or a bearer token (scripts).
//! The cookies Mizan sets are all here; `/cookies` lists them for users.

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use chrono::Duration;

use super::caller::{Caller, Credential, SignedIn};
use super::secret::digest;
use super::store::{self, UserRow};
use crate::app::AppState;
use crate::error::AppResult;
use crate::store::Generations;

/// The session id (HttpOnly): keeps a user signed in.
pub const SESSION_COOKIE: &str = "mizan_session";
/// The anti-forgery token of a visitor who is not signed in (the sign-in form needs one too).
pub const CSRF_COOKIE: &str = "mizan_csrf";
/// A sign-in whose password was right, waiting for its second factor (HttpOnly, 10 minutes).
pub const SECOND_FACTOR_COOKIE: &str = "mizan_second_factor";
/// The chosen language of a visitor who is not signed in.
pub const LANG_COOKIE: &str = "mizan_lang";

/// A session's `last_seen_at` is written at most this often, not on every request.
const TOUCH_EVERY_SECONDS: i64 = 60;

fn signed_in(user: UserRow, grants: Vec<super::Grant>, by_browser: bool) -> SignedIn {
    SignedIn {
        two_factor_missing: by_browser
            && user.totp_enabled_at.is_none()
            && super::two_factor::required(&grants),
        id: user.id,
        locale: user.locale(),
        username: user.username,
        display_name: user.display_name,
        must_change_password: user.must_change_password,
        grants,
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Who is calling (a token holder, a signed-in browser, or nobody), and for those signed in, the
/// generations of the tables kept in memory, read in the same query.
pub async fn resolve(
    state: &AppState,
    headers: &HeaderMap,
    jar: &CookieJar,
) -> AppResult<(Caller, Option<Generations>)> {
    let now = state.clock.now();
    if let Some(token) = bearer(headers) {
        let Some(live) = store::tokens::live_token(&state.db, &digest(token), now).await? else {
            return Ok((Caller::anonymous(), None));
        };
        let row = live.credential;
        if row.last_used_at.is_none_or(|t| now - t > Duration::minutes(5)) {
            let mut tx = state.db.begin().await?;
            store::tokens::touch_token(&mut tx, row.token_id, now).await?;
            tx.commit().await?;
        }
        let caller = Caller::signed_in(
            signed_in(row.user, live.grants, false),
            Credential::Token {
                token_id: row.token_id,
            },
        );
        return Ok((caller, Some(live.generations)));
    }
    let Some(cookie) = jar.get(SESSION_COOKIE) else {
        return Ok((Caller::anonymous(), None));
    };
    let id_hash = digest(cookie.value());
    let idle_since = now - Duration::minutes(state.config.session_idle_minutes);
    let Some(live) = store::live_session(&state.db, &id_hash, now, idle_since).await? else {
        return Ok((Caller::anonymous(), None));
    };
    let row = live.credential;
    if now - row.last_seen_at >= Duration::seconds(TOUCH_EVERY_SECONDS) {
        let mut tx = state.db.begin().await?;
        store::touch_session(&mut tx, &id_hash, now).await?;
        tx.commit().await?;
    }
    let caller = Caller::signed_in(
        signed_in(row.user, live.grants, true),
        Credential::Session {
            id_hash,
            csrf: row.csrf_token,
        },
    );
    Ok((caller, Some(live.generations)))
}

/// A cookie as Mizan sets them all: HttpOnly, SameSite=Lax, path `/`, Secure over HTTPS.
pub fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .build()
}

/// The cookie that removes `name` from the browser.
pub fn removal(name: &'static str) -> Cookie<'static> {
    let mut c = Cookie::build((name, "")).path("/").build();
    c.make_removal();
    c
}
