//! The party's logo: a PNG or JPEG the national administrator sends (at the end of the setup, or
//! later from the administration), decoded and re-encoded like an activity's photo (no SVG, no
//! metadata), kept at most 480 pixels a side. Pages show it in their header from a version kept
//! in memory (no query per page); `/logo?v=…` is served for a year from the browser's cache.

use std::sync::atomic::{AtomicI64, Ordering};

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::json;

use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::error::{AppError, AppResult};
use crate::http::RequestCtx;
use crate::store::{Db, StoreResult, Tx};
use crate::ui::{FormErrors, PageCtx, render, see_other};
use crate::{on_db, on_tx};

/// The largest file taken as a logo.
pub const LOGO_LIMIT: usize = 5 * 1024 * 1024;

/// The logo's version (the second it was last replaced), shown in pages' addresses; 0: none.
#[derive(Debug, Default)]
pub struct LogoVersion(AtomicI64);

impl LogoVersion {
    pub async fn load(db: &Db) -> StoreResult<LogoVersion> {
        let at: Option<DateTime<Utc>> = on_db!(db, |c| sqlx::query_scalar(
            "SELECT updated_at FROM party_logo WHERE id = 1"
        )
        .fetch_optional(c)
        .await)?;
        Ok(LogoVersion(AtomicI64::new(at.map_or(0, |t| t.timestamp()))))
    }

    /// The version to put in the logo's address, if there is a logo.
    pub fn get(&self) -> Option<i64> {
        Some(self.0.load(Ordering::Relaxed)).filter(|v| *v != 0)
    }
}

async fn write(tx: &mut Tx, jpeg: &[u8], now: DateTime<Utc>) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO party_logo (id, jpeg, updated_at) VALUES (1, $1, $2) \
         ON CONFLICT (id) DO UPDATE SET jpeg = excluded.jpeg, updated_at = excluded.updated_at"
    )
    .bind(jpeg)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Replaces the logo with the picture sent (audited: its sizes, never its bytes).
pub async fn replace(state: &AppState, actor: &Actor, bytes: Vec<u8>) -> AppResult<()> {
    if bytes.is_empty() {
        return Err(AppError::invalid("logo", "photo-choose-file"));
    }
    let sent = bytes.len();
    let unpacking = state
        .unpacking
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let photo = tokio::task::spawn_blocking(move || mizan_photo::reencode(&bytes))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("re-encoding a logo: {e}")))?
        .map_err(|e| {
            AppError::invalid(
                "logo",
                match e {
                    mizan_photo::PhotoError::NotAPhoto => "logo-type",
                    mizan_photo::PhotoError::TooLarge => "photo-pixels",
                    mizan_photo::PhotoError::Damaged(_) => "photo-damaged",
                },
            )
        })?;
    drop(unpacking);
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    write(&mut tx, &photo.thumbnail, now).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "party.logo",
            target_kind: "party",
            target_id: "logo",
            details: json!({ "sent": sent, "kept": photo.thumbnail.len() }),
        },
    )
    .await?;
    tx.commit().await?;
    state.logo.0.store(now.timestamp(), Ordering::Relaxed);
    Ok(())
}

async fn kept(db: &Db) -> StoreResult<Option<Vec<u8>>> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT jpeg FROM party_logo WHERE id = 1"
    )
    .fetch_optional(c)
    .await)?)
}

/// `GET /logo`: the party's logo, for everyone (it is on the sign-in page too).
pub async fn logo(State(state): State<AppState>) -> AppResult<Response> {
    let jpeg = kept(&state.db).await?.ok_or(AppError::NotFound)?;
    Ok((
        StatusCode::OK,
        [
            (CONTENT_TYPE, "image/jpeg"),
            (CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        jpeg,
    )
        .into_response())
}

/// `POST /admin/logo`: a new logo, from the organizations' administration.
pub async fn upload(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    let sent = async {
        let (_, bytes) =
            crate::http::extract::uploaded_file(multipart, "logo", LOGO_LIMIT, "photo-too-large")
                .await?
                .unwrap_or_default();
        replace(&state, &req.actor(), bytes).await
    }
    .await;
    match sent {
        Ok(()) => Ok(see_other("/admin/organizations#logo")),
        Err(AppError::Invalid(errors)) => {
            let page = crate::organizations::pages::page(
                &state,
                ctx,
                false,
                "logo",
                Default::default(),
                FormErrors(errors),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
