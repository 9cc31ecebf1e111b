//! THE route table: every page and API route, the access it requires, and its handler (one file
//! per area: pages, admin, activities, cafe, api).
//!
//! Routes are data ([`routes`]) before they are an axum `Router` ([`build`]), so that the test
//! `every_route_is_gated_and_scoped` (tests/it/routes.rs) walks the very same list and fails when
//! a route is added without saying how it behaves for anonymous and out-of-scope callers.

mod activities;
mod admin;
mod api;
mod cafe;
mod pages;

use axum::Router;
use axum::http::Method;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{MethodRouter, get, post};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::app::AppState;
use crate::auth::Action::*;
use crate::http::context::context;
use crate::http::gate::{Access, gate};
use crate::http::headers::{Hsts, security_headers};
use crate::ops;

/// One route: method, path template, what it requires, and its handler.
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub handler: MethodRouter<AppState>,
    /// The largest body the route reads.
    pub body_limit: usize,
}

impl RouteSpec {
    /// A route that takes uploads larger than forms and JSON.
    fn with_body_limit(mut self, limit: usize) -> RouteSpec {
        self.body_limit = limit;
        self
    }
}

fn route(method: Method, path: &'static str, access: Access, handler: MethodRouter<AppState>) -> RouteSpec {
    RouteSpec {
        method,
        path,
        access,
        handler,
        body_limit: BODY_LIMIT,
    }
}

/// Every route of the application, in the order the route table lists them.
pub fn routes() -> Vec<RouteSpec> {
    [
        pages::routes(),
        admin::routes(),
        activities::routes(),
        cafe::routes(),
        api::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Largest request body accepted by a route, unless it says otherwise (forms and JSON).
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The application: every route behind its gate, then the shared middleware.
pub fn build(state: AppState) -> Router {
    let mut router = Router::new();
    for spec in routes() {
        // The limit sits inside the context (an oversized body is answered like any error) and
        // outside the gate (which reads a form to find its anti-forgery token).
        router = router.route(
            spec.path,
            spec.handler
                .route_layer(from_fn_with_state(spec.access, gate))
                .layer::<_, std::convert::Infallible>(RequestBodyLimitLayer::new(spec.body_limit))
                .layer(axum::extract::DefaultBodyLimit::max(spec.body_limit)),
        );
    }
    let hsts = Hsts(state.config.secure_cookies());
    router
        .fallback(|| async { crate::error::AppError::NotFound })
        .layer(from_fn(ops::metrics::track))
        // Inside the context, so that a panic is answered like any error.
        .layer(CatchPanicLayer::custom(|_: Box<dyn std::any::Any + Send>| {
            use axum::response::IntoResponse;
            crate::error::AppError::Internal(anyhow::anyhow!("handler panicked")).into_response()
        }))
        .layer(from_fn_with_state(state.clone(), context))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::extract::Request| {
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                }))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(from_fn_with_state(hsts, security_headers))
                .layer(CompressionLayer::new()),
        )
        .with_state(state)
}
