//! The photos' SQL: kept as JPEG bytes with their thumbnail, in the store.

use chrono::{DateTime, Utc};

use super::super::model::ActivityRow;
use crate::auth::Visible;
use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

/// Keeps a photo (already re-encoded, see `mizan_photo`) as evidence of an activity.
pub async fn insert_photo(
    tx: &mut Tx,
    activity: i64,
    photo: &mizan_photo::Photo,
    by: &str,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO activity_photos (activity_id, width, height, photo, thumbnail, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"
    )
    .bind(activity)
    .bind(i64::from(photo.width))
    .bind(i64::from(photo.height))
    .bind(&photo.jpeg)
    .bind(&photo.thumbnail)
    .bind(by)
    .bind(now)
    .fetch_one(c)
    .await
    })?)
}

/// The photos of an activity, oldest first: (id, width, height).
pub async fn photos_of(db: &Db, activity: &Visible<ActivityRow>) -> StoreResult<Vec<(i64, i64, i64)>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT id, width, height FROM activity_photos WHERE activity_id = $1 ORDER BY id"
    )
    .bind(activity.id)
    .fetch_all(c)
    .await)?)
}

/// One photo of an activity as JPEG bytes, or its thumbnail.
pub async fn photo(db: &Db, activity: i64, id: i64, thumbnail: bool) -> StoreResult<Option<Vec<u8>>> {
    let sql = if thumbnail {
        "SELECT thumbnail FROM activity_photos WHERE activity_id = $1 AND id = $2"
    } else {
        "SELECT photo FROM activity_photos WHERE activity_id = $1 AND id = $2"
    };
    Ok(on_db!(db, |c| sqlx::query_scalar(sql)
        .bind(activity)
        .bind(id)
        .fetch_optional(c)
        .await)?)
}

/// Takes a photo away from an activity; whether there was one.
pub async fn delete_photo(tx: &mut Tx, activity: i64, id: i64) -> StoreResult<bool> {
    Ok(on_tx!(tx, |c| sqlx::query(
        "DELETE FROM activity_photos WHERE activity_id = $1 AND id = $2"
    )
    .bind(activity)
    .bind(id)
    .execute(c)
    .await
    .map(|r| r.rows_affected() == 1))?)
}
