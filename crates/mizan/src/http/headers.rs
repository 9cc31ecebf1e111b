//! Security headers on every response.
//!
//! The Content-Security-Policy allows nothing but this origin and no inline script or style, so a
//! page can neither run injected code nor ask another host for anything. Inline SVG is fine: its
//! `fill` attributes are presentation attributes, not styles.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

/// Whether to add `Strict-Transport-Security` (only when users reach Mizan over HTTPS).
#[derive(Clone, Copy, Debug)]
pub struct Hsts(pub bool);

pub async fn security_headers(State(hsts): State<Hsts>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    add_security_headers(response.headers_mut(), hsts);
    response
}

/// The security headers, on a response the router does not make (the live screens' streams).
pub fn add_security_headers(h: &mut HeaderMap, hsts: Hsts) {
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    );
    if hsts.0 {
        h.insert(
            "strict-transport-security",
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
}
