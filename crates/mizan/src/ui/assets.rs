//! Static files (stylesheet, the café's script, icons), embedded in the binary and served under names
//! that carry a hash of their content, so browsers may keep them forever.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::app::AppState;
use crate::error::AppError;

#[derive(rust_embed::RustEmbed)]
#[folder = "../../assets/"]
#[exclude = "*LICENSE*"]
struct AssetFiles;

#[derive(Debug)]
pub struct Assets {
    /// `app.css` → `app.1a2b3c4d5e.css`
    by_name: HashMap<String, String>,
    /// `app.1a2b3c4d5e.css` → content
    by_hashed: HashMap<String, (Cow<'static, [u8]>, &'static str)>,
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

impl Assets {
    pub fn load() -> Assets {
        let mut by_name = HashMap::new();
        let mut by_hashed = HashMap::new();
        for name in AssetFiles::iter() {
            let Some(file) = AssetFiles::get(&name) else {
                continue;
            };
            let hash = hex::encode(&Sha256::digest(&file.data)[..5]);
            let hashed = match name.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
                None => format!("{name}.{hash}"),
            };
            by_hashed.insert(hashed.clone(), (file.data, content_type(&name)));
            by_name.insert(name.to_string(), hashed);
        }
        Assets { by_name, by_hashed }
    }

    /// The URL of an asset by its plain name (`app.css`).
    pub fn url(&self, name: &str) -> String {
        match self.by_name.get(name) {
            Some(hashed) => format!("/assets/{hashed}"),
            None => {
                tracing::warn!(name, "unknown asset");
                format!("/assets/{name}")
            }
        }
    }
}

/// `GET /assets/{file}`
pub async fn serve(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, AppError> {
    let (data, content_type) = state.assets.by_hashed.get(&file).ok_or(AppError::NotFound)?;
    Ok((
        [
            (CONTENT_TYPE, *content_type),
            (CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        data.clone().into_owned(),
    )
        .into_response())
}
