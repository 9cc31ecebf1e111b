//! Errors shown to people: a page in their language, or `application/problem+json` (RFC 9457)
//! under `/api/`, with the same stable code in both.

use askama::Template;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::PageCtx;
use crate::app::AppState;
use crate::error::ErrorReport;
use crate::http::RequestCtx;

#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorPage<'a> {
    ctx: PageCtx,
    title: String,
    message: String,
    report: &'a ErrorReport,
}

/// The message key of an error code: `not_found` → `error-not-found`.
pub fn message_key(code: &str) -> String {
    format!("error-{}", code.replace('_', "-"))
}

pub fn render(state: &AppState, ctx: &RequestCtx, report: &ErrorReport) -> Response {
    let page = PageCtx::new(state, ctx);
    let title = page.t(&message_key(report.code));
    if ctx.is_api {
        let errors: Vec<_> = report
            .fields
            .iter()
            .map(|f| json!({"field": f.field, "code": f.code, "message": page.t(f.code)}))
            .collect();
        let mut body = json!({
            "type": format!("urn:mizan:error:{}", report.code),
            "title": title,
            "status": report.status.as_u16(),
            "code": report.code,
            "instance": ctx.uri,
            "request_id": ctx.request_id,
        });
        if let Some(detail) = &report.detail {
            body["detail"] = json!(detail);
        }
        if !errors.is_empty() {
            body["errors"] = json!(errors);
        }
        return (
            report.status,
            [(CONTENT_TYPE, "application/problem+json")],
            body.to_string(),
        )
            .into_response();
    }
    if report.status == axum::http::StatusCode::UNAUTHORIZED {
        return crate::auth::pages::login_required(page, &ctx.uri);
    }
    let first = match report.code {
        "password_change_required" => Some("/account/password"),
        "two_factor_required" => Some("/account/two-factor"),
        _ => None,
    };
    if let Some(location) = first {
        return (
            axum::http::StatusCode::SEE_OTHER,
            [(axum::http::header::LOCATION, location)],
        )
            .into_response();
    }
    let message = page.t(&format!("{}-help", message_key(report.code)));
    let html = ErrorPage {
        ctx: page,
        title,
        message,
        report,
    }
    .render();
    match html {
        Ok(html) => (report.status, axum::response::Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page failed to render");
            (report.status, "error").into_response()
        }
    }
}
