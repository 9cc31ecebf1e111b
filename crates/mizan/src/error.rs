//! One error type for every handler, and its stable codes.
//!
//! A handler returns `Result<_, AppError>`. [`AppError`] becomes a bare response that carries an
//! [`ErrorReport`] (status, code, field errors); the request-context middleware then renders it in
//! the caller's language, as an HTML page or as `application/problem+json` under `/api/`
//! (`http::context`). Internal details are logged with the request id and never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::store::StoreError;

/// A field of a submitted form or JSON body that was rejected, and why (a message key).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    /// Message key under `locales/*/errors.ftl`, e.g. `field-required`.
    pub code: &'static str,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str) -> Self {
        FieldError {
            field: field.into(),
            code,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No session or token where one is needed: 401.
    #[error("authentication required")]
    Unauthenticated,
    /// Signed in, but no role allows this anywhere: 403.
    #[error("not allowed")]
    Forbidden,
    /// Missing, or outside the caller's territory (the two are not told apart): 404.
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    /// A state-changing request without a valid anti-forgery token: 403.
    #[error("anti-forgery token missing or wrong")]
    CsrfRejected,
    /// Input that parsed but broke a rule, field by field: 422.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    /// A body or query that could not be read at all: 400.
    #[error("malformed request: {0}")]
    Malformed(String),
    /// The request conflicts with the current state (a duplicate code…): 409.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("too many requests")]
    TooManyRequests,
    /// A body larger than its route reads (an upload cut off on its way in): 413.
    #[error("payload too large")]
    TooLarge,
    /// Signed in with a one-time password that has not been replaced yet: 403 (pages redirect).
    #[error("password change required")]
    PasswordChangeRequired,
    /// Signed in with a role that requires a second factor not set up yet: 403 (pages redirect).
    #[error("two-factor sign-in required")]
    TwoFactorRequired,
    #[error("store failure: {0}")]
    Store(#[from] StoreError),
    #[error("internal error: {0}")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn invalid(field: &str, code: &'static str) -> AppError {
        AppError::Invalid(vec![FieldError::new(field, code)])
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden
            | AppError::CsrfRejected
            | AppError::PasswordChangeRequired
            | AppError::TwoFactorRequired => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Malformed(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable, snake_case code clients may rely on; `error-<code>` is its message key.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::CsrfRejected => "csrf_rejected",
            AppError::Invalid(_) => "invalid_input",
            AppError::Malformed(_) => "malformed_request",
            AppError::Conflict(code) => code,
            AppError::TooManyRequests => "too_many_requests",
            AppError::TooLarge => "payload_too_large",
            AppError::PasswordChangeRequired => "password_change_required",
            AppError::TwoFactorRequired => "two_factor_required",
            AppError::Store(_) | AppError::Internal(_) => "internal",
        }
    }
}

/// What the renderer needs to know of an error; travels in the response's extensions.
#[derive(Clone, Debug)]
pub struct ErrorReport {
    pub status: StatusCode,
    pub code: &'static str,
    pub fields: Vec<FieldError>,
    /// What exactly could not be read (a malformed body), for the API's `detail`.
    pub detail: Option<String>,
}

impl ErrorReport {
    pub fn of_status(status: StatusCode) -> ErrorReport {
        let code = match status {
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            StatusCode::REQUEST_TIMEOUT => "timeout",
            s if s.is_client_error() => "malformed_request",
            _ => "internal",
        };
        ErrorReport {
            status,
            code,
            fields: Vec::new(),
            detail: None,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            AppError::Store(e) => tracing::error!(error = %e, "store failure"),
            AppError::Internal(e) => tracing::error!(error = ?e, "internal error"),
            AppError::Malformed(detail) => tracing::debug!(detail, "malformed request"),
            _ => {}
        }
        let (status, code) = (self.status(), self.code());
        let (fields, detail) = match self {
            AppError::Invalid(fields) => (fields, None),
            AppError::Malformed(detail) => (Vec::new(), Some(detail)),
            _ => (Vec::new(), None),
        };
        let report = ErrorReport {
            status,
            code,
            fields,
            detail,
        };
        let mut response = report.status.into_response();
        response.extensions_mut().insert(report);
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Every error code a caller can receive; each has a message `error-<code>` and `error-<code>-help`
/// in every language (checked by the test `every_key_the_code_uses_has_a_message`).
pub const ERROR_CODES: &[&str] = &[
    "unauthenticated",
    "forbidden",
    "not_found",
    "method_not_allowed",
    "csrf_rejected",
    "invalid_input",
    "malformed_request",
    "too_many_requests",
    "password_change_required",
    "two_factor_required",
    "two_factor_on_already",
    "internal",
    "payload_too_large",
    "unsupported_media_type",
    "timeout",
    "username_taken",
    "import_busy",
    "export_too_large",
    "meeting_not_pending",
    "mandate_not_current",
    "decision_meeting_not_held",
    "guest_meeting_not_held",
    "renewal_wrong_stage",
    "activity_not_done",
    "activity_verified",
    "activity_has_people",
    "cafe_paused",
    "cafe_closed",
    "cafe_no_device",
    "cafe_vote_limit",
    "cafe_question_merged",
    "cafe_question_not_published",
    "no_party",
    "branch_closed",
    "setup_done",
    "membership_ended",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_and_status_has_a_listed_code() {
        let errors = [
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::MethodNotAllowed,
            AppError::CsrfRejected,
            AppError::Invalid(Vec::new()),
            AppError::Malformed(String::new()),
            AppError::Conflict("username_taken"),
            AppError::TooManyRequests,
            AppError::TooLarge,
            AppError::PasswordChangeRequired,
            AppError::TwoFactorRequired,
            AppError::Internal(anyhow::anyhow!("x")),
        ];
        for e in errors {
            assert!(ERROR_CODES.contains(&e.code()), "{}", e.code());
        }
        for status in 400..600 {
            if let Ok(status) = StatusCode::from_u16(status) {
                let code = ErrorReport::of_status(status).code;
                assert!(ERROR_CODES.contains(&code), "{code}");
            }
        }
    }
}
