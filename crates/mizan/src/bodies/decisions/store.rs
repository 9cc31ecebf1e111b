//! The decisions' SQL.

use chrono::{DateTime, NaiveDate, Utc};

use super::super::model::{Decision, Meeting};
use crate::auth::Visible;
use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

pub async fn decisions(db: &Db, meeting: &Visible<Meeting>) -> StoreResult<Vec<Decision>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT id, meeting_id, text, owner_person_id, due_on, status, done_on FROM decisions \
         WHERE meeting_id = $1 ORDER BY id"
    )
    .bind(meeting.id)
    .fetch_all(c)
    .await)?)
}

pub async fn insert_decision(
    tx: &mut Tx,
    meeting: (i64, &str),
    text: &str,
    owner: Option<i64>,
    due_on: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "INSERT INTO decisions (meeting_id, unit_path, text, owner_person_id, due_on, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'open', $6) RETURNING id"
    )
    .bind(meeting.0)
    .bind(meeting.1)
    .bind(text)
    .bind(owner)
    .bind(due_on)
    .bind(now)
    .fetch_one(c)
    .await)?)
}

/// Marks an open decision of the meeting done; false when there was none.
pub async fn decision_done(
    tx: &mut Tx,
    meeting_id: i64,
    decision_id: i64,
    day: NaiveDate,
) -> StoreResult<bool> {
    let n = on_tx!(tx, |c| {
        sqlx::query(
        "UPDATE decisions SET status = 'done', done_on = $1 WHERE id = $2 AND meeting_id = $3 AND status = 'open'"
    )
    .bind(day)
    .bind(decision_id)
    .bind(meeting_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}
