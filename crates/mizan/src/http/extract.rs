//! Our own `Form` and `Json` extractors: a body that cannot be read becomes an [`AppError`], so it
//! is answered in the caller's language and in our error shape (never axum's plain text).

use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::error::AppError;

pub struct Form<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|axum::Form(v)| Form(v))
            .map_err(|e| AppError::Malformed(e.body_text()))
    }
}

pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Json::<T>::from_request(req, state)
            .await
            .map(|axum::Json(v)| Json(v))
            .map_err(|e| AppError::Malformed(e.body_text()))
    }
}

/// The file sent in the multipart form's field `field`, as (its name, its bytes), read up to
/// `limit` bytes and no further: a larger file is an error beside that field (`too_large`), said
/// in the caller's language; the route's body limit is only the last guard.
pub async fn uploaded_file(
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
    field: &str,
    limit: usize,
    too_large: &'static str,
) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let mut multipart = multipart.map_err(|e| AppError::Malformed(e.body_text()))?;
    // A body cut off by its route's limit on its way in is too large, not malformed.
    // (axum recognizes the limit one wrapping deep; the route's limit comes wrapped twice.)
    let malformed = |e: axum::extract::multipart::MultipartError| {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        while let Some(c) = cause {
            if c.is::<http_body_util::LengthLimitError>() {
                return AppError::TooLarge;
            }
            cause = c.source();
        }
        AppError::Malformed(e.body_text())
    };
    let mut file = None;
    while let Some(mut part) = multipart.next_field().await.map_err(malformed)? {
        if part.name() != Some(field) {
            continue;
        }
        let name = part.file_name().unwrap_or(field).to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = part.chunk().await.map_err(malformed)? {
            if bytes.len() + chunk.len() > limit {
                return Err(AppError::invalid(field, too_large));
            }
            bytes.extend_from_slice(&chunk);
        }
        file = Some((name, bytes));
    }
    Ok(file)
}
