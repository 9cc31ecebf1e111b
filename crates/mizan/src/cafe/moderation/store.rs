//! The moderation's SQL: a question's status, pin, sector and answer; votes carried by a merge;
//! the public moderation log; commitments.

use chrono::{DateTime, NaiveDate, Utc};

use super::super::model::{Commitment, LogEntry, Status};
use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

/// A moderator's change of a question's status.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    status: Status,
    hidden_reason: Option<&str>,
    merged_into: Option<i64>,
) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE cafe_questions SET status = $2, hidden_reason = $3, merged_into = $4, \
         pinned = CASE WHEN $2 = 'published' THEN pinned ELSE FALSE END WHERE id = $1"
    )
    .bind(id)
    .bind(status.code())
    .bind(hidden_reason)
    .bind(merged_into)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Pins one question of the session (the one being answered): any other pin is lifted. Returns
/// the questions whose pin changed.
pub async fn pin(tx: &mut Tx, session_id: i64, id: Option<i64>) -> StoreResult<Vec<i64>> {
    let mut changed: Vec<i64> = on_tx!(tx, |c| sqlx::query_scalar(
        "UPDATE cafe_questions SET pinned = FALSE WHERE session_id = $1 AND pinned RETURNING id"
    )
    .bind(session_id)
    .fetch_all(c)
    .await)?;
    if let Some(id) = id {
        on_tx!(tx, |c| sqlx::query(
            "UPDATE cafe_questions SET pinned = TRUE WHERE id = $1"
        )
        .bind(id)
        .execute(c)
        .await
        .map(|_| ()))?;
        changed.push(id);
    }
    Ok(changed)
}

pub async fn set_answered(tx: &mut Tx, id: i64) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE cafe_questions SET answered = TRUE, pinned = FALSE WHERE id = $1"
    )
    .bind(id)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

pub async fn set_sector(tx: &mut Tx, id: i64, sector: &str) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE cafe_questions SET sector = $2 WHERE id = $1"
    )
    .bind(id)
    .bind(sector)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// The answer given on stage, and by whom.
pub async fn set_answer(tx: &mut Tx, id: i64, answer: &str, panelist: Option<i64>) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE cafe_questions SET answer = $2, answered_by = $3, answered = TRUE WHERE id = $1"
    )
    .bind(id)
    .bind(answer)
    .bind(panelist)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Folds `from` into `into`: every device's vote is carried over once (a device that voted for
/// both keeps one vote), and the target's count is taken again from its votes.
pub async fn carry_votes(tx: &mut Tx, from: i64, into: i64) -> StoreResult<()> {
    on_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO cafe_votes (question_id, device_id, cast_at) SELECT $2, device_id, cast_at FROM cafe_votes \
         WHERE question_id = $1 ON CONFLICT (question_id, device_id) DO NOTHING"
    )
    .bind(from)
    .bind(into)
    .execute(c)
    .await
    .map(|_| ())
    })?;
    on_tx!(tx, |c| {
        sqlx::query(
        "UPDATE cafe_questions SET votes = (SELECT COUNT(*) FROM cafe_votes WHERE question_id = $1) WHERE id = $1"
    )
    .bind(into)
    .execute(c)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

pub async fn set_paused(tx: &mut Tx, session_id: i64, paused: bool) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE cafe_sessions SET paused = $2 WHERE id = $1"
    )
    .bind(session_id)
    .bind(paused)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

pub async fn log(
    tx: &mut Tx,
    session_id: i64,
    question_id: Option<i64>,
    action: &str,
    reason: &str,
    moderator: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO cafe_moderation_log (session_id, question_id, action, reason, moderator, at) \
         VALUES ($1, $2, $3, $4, $5, $6)"
    )
    .bind(session_id)
    .bind(question_id)
    .bind(action)
    .bind(reason)
    .bind(moderator)
    .bind(now)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

pub async fn moderation_log(db: &Db, session_id: i64) -> StoreResult<Vec<LogEntry>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
        "SELECT id, question_id, action, reason, moderator, at FROM cafe_moderation_log WHERE session_id = $1 \
         ORDER BY id"
    )
    .bind(session_id)
    .fetch_all(c)
    .await
    })?)
}

pub struct NewCommitment<'a> {
    pub question_id: i64,
    pub panelist_id: Option<i64>,
    pub commitment: &'a str,
    pub sector: &'a str,
    pub due_on: Option<NaiveDate>,
    pub created_by: &'a str,
}

pub async fn insert_commitment(tx: &mut Tx, c: &NewCommitment<'_>, now: DateTime<Utc>) -> StoreResult<i64> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_scalar(
        "INSERT INTO cafe_commitments (question_id, panelist_id, commitment, sector, due_on, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"
    )
    .bind(c.question_id)
    .bind(c.panelist_id)
    .bind(c.commitment)
    .bind(c.sector)
    .bind(c.due_on)
    .bind(c.created_by)
    .bind(now)
    .fetch_one(conn)
    .await
    })?)
}

pub async fn commitments(db: &Db, session_id: i64) -> StoreResult<Vec<Commitment>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT k.id, k.question_id, k.panelist_id, k.commitment, k.sector, k.due_on FROM cafe_commitments k \
         JOIN cafe_questions q ON q.id = k.question_id WHERE q.session_id = $1 ORDER BY k.id"
    )
    .bind(session_id)
    .fetch_all(c)
    .await)?)
}
