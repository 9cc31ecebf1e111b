//! The minutes files' SQL.

use chrono::{DateTime, Utc};

use super::super::model::Meeting;
use crate::auth::{Held, Visible};
use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

/// A file of minutes, as listed: (id, name, content type, size).
pub type MinutesFile = (i64, String, String, i64);

pub async fn insert_file(
    tx: &mut Tx,
    meeting_id: i64,
    name: &str,
    content_type: &str,
    content: &[u8],
    by: &str,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "INSERT INTO meeting_files (meeting_id, name, content_type, size, content, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"
    )
    .bind(meeting_id)
    .bind(name)
    .bind(content_type)
    .bind(content.len() as i64)
    .bind(content)
    .bind(by)
    .bind(now)
    .fetch_one(c)
    .await)?)
}

pub async fn files_of(db: &Db, meeting: &Visible<Meeting>) -> StoreResult<Vec<MinutesFile>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT id, name, content_type, size FROM meeting_files WHERE meeting_id = $1 ORDER BY id"
    )
    .bind(meeting.id)
    .fetch_all(c)
    .await)?)
}

/// One file of a meeting: (name, content type, bytes).
pub async fn file(
    db: &Db,
    meeting: &Held<Meeting>,
    id: i64,
) -> StoreResult<Option<(String, String, Vec<u8>)>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT name, content_type, content FROM meeting_files WHERE meeting_id = $1 AND id = $2"
    )
    .bind(meeting.id)
    .bind(id)
    .fetch_optional(c)
    .await)?)
}
