//! Photos as evidence of an activity not yet verified: decoded, turned upright, shrunk and encoded
//! again without their metadata (location included) before anything is written; at most twelve
//! per activity; shown to whoever may see the activity, taken away by whoever may correct it.

pub mod pages;
pub mod store;

use serde_json::json;

use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::Permit;
use crate::error::{AppError, AppResult};

/// The largest file a phone may send as a photo (it is shrunk before it is kept).
pub const PHOTO_LIMIT: usize = 15 * 1024 * 1024;

/// The most photos kept for one activity.
pub const PHOTOS_PER_ACTIVITY: usize = 12;

/// Keeps a photo as evidence of an activity not yet verified, for whoever may correct it: the
/// picture is decoded, turned upright, shrunk and encoded again without its metadata (location
/// included) before anything is written.
pub async fn attach_photo(state: &AppState, permit: &Permit, uid: &str, bytes: Vec<u8>) -> AppResult<i64> {
    let activity = super::actions::correctable(state, permit, uid).await?;
    if bytes.is_empty() {
        return Err(AppError::invalid("photo", "photo-choose-file"));
    }
    if bytes.len() > PHOTO_LIMIT {
        return Err(AppError::invalid("photo", "photo-too-large"));
    }
    if store::photos_of(&state.db, &activity).await?.len() >= PHOTOS_PER_ACTIVITY {
        return Err(AppError::invalid("photo", "photo-too-many"));
    }
    let size = bytes.len();
    let unpacking = state
        .unpacking
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let photo = tokio::task::spawn_blocking(move || mizan_photo::reencode(&bytes))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("re-encoding a photo: {e}")))?
        .map_err(|e| {
            AppError::invalid(
                "photo",
                match e {
                    mizan_photo::PhotoError::NotAPhoto => "photo-type",
                    mizan_photo::PhotoError::TooLarge => "photo-pixels",
                    mizan_photo::PhotoError::Damaged(_) => "photo-damaged",
                },
            )
        })?;
    drop(unpacking);
    let actor = &permit.actor;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let id = store::insert_photo(&mut tx, activity.id, &photo, &actor.label, now).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "activity.photo",
            target_kind: "activity",
            target_id: uid,
            details: json!({ "photo": id, "sent": size, "kept": photo.jpeg.len(),
                             "width": photo.width, "height": photo.height }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Takes a photo away from an activity not yet verified.
pub async fn remove_photo(state: &AppState, permit: &Permit, uid: &str, photo: i64) -> AppResult<()> {
    let activity = super::actions::correctable(state, permit, uid).await?;
    let actor = &permit.actor;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if !store::delete_photo(&mut tx, activity.id, photo).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "activity.photo_removed",
            target_kind: "activity",
            target_id: uid,
            details: json!({ "photo": photo }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
