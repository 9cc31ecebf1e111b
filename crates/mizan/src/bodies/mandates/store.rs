//! The mandates' SQL.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use super::super::model::{Body, Mandate, MandateRecord};
use crate::auth::Held;
use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

const MANDATE_SELECT: &str = "SELECT d.id, d.body_id, d.person_id, d.position_code, d.started_on, d.ended_on, \
     d.end_reason, p.uid, p.given_ar, p.family_ar, p.given_latin, p.family_latin \
     FROM mandates d JOIN people p ON p.id = d.person_id";

/// Every mandate of a body, current ones first, then by seat and start.
/// Names people: for a body whose people the caller may name.
pub async fn mandates(db: &Db, body: &Held<Body>) -> StoreResult<Vec<Mandate>> {
    let sql = format!(
        "{MANDATE_SELECT} WHERE d.body_id = $1 \
         ORDER BY CASE WHEN d.ended_on IS NULL THEN 0 ELSE 1 END, d.position_code, d.started_on DESC, d.id"
    );
    Ok(on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(body.id)
        .fetch_all(c)
        .await)?)
}

/// The seats a person holds or held, latest first.
pub async fn mandates_of(db: &Db, uid: &str) -> StoreResult<Vec<MandateRecord>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
        "SELECT b.id AS body_id, t.code AS body_type, t.name_ar AS type_ar, t.name_fr AS type_fr, \
         t.name_en AS type_en, b.unit_code, d.position_code AS position, \
         COALESCE(s.name_ar, d.position_code) AS position_ar, COALESCE(s.name_fr, d.position_code) AS position_fr, \
         COALESCE(s.name_en, d.position_code) AS position_en, d.started_on, d.ended_on, d.end_reason \
         FROM mandates d JOIN bodies b ON b.id = d.body_id JOIN body_types t ON t.id = b.body_type_id \
         LEFT JOIN body_positions s ON s.body_type_id = t.id AND s.code = d.position_code \
         WHERE d.person_id = (SELECT id FROM people WHERE uid = $1) ORDER BY d.started_on DESC, d.id DESC"
    )
    .bind(uid)
    .fetch_all(c)
    .await
    })?)
}

/// Whether the person had joined `organization` by `day` and has not left it.
pub async fn is_member(tx: &mut Tx, person: i64, organization: i64, day: NaiveDate) -> StoreResult<bool> {
    let n: i64 = on_tx!(tx, |c| {
        sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE person_id = $1 AND organization_id = $2 AND status <> 'ended' \
         AND joined_on <= $3"
    )
    .bind(person)
    .bind(organization)
    .bind(day)
    .fetch_one(c)
    .await
    })?;
    Ok(n > 0)
}

/// Whether a single seat is taken on some day of [from, to] by someone else.
pub async fn seat_taken(
    tx: &mut Tx,
    body_id: i64,
    position: &str,
    from: NaiveDate,
    to: Option<NaiveDate>,
) -> StoreResult<bool> {
    let n: i64 = on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM mandates WHERE body_id = $1 AND position_code = $2 \
         AND (ended_on IS NULL OR ended_on >= $3) AND ($4 IS NULL OR started_on <= $4)"
    )
    .bind(body_id)
    .bind(position)
    .bind(from)
    .bind(to)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// Whether a person holds a seat of the body on `day` or after it (one seat per person and body:
/// they would be counted twice at its meetings).
pub async fn sits_on(tx: &mut Tx, body_id: i64, person_id: i64, day: NaiveDate) -> StoreResult<bool> {
    let n: i64 = on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM mandates WHERE body_id = $1 AND person_id = $2 \
         AND (ended_on IS NULL OR ended_on >= $3)"
    )
    .bind(body_id)
    .bind(person_id)
    .bind(day)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

pub async fn insert_mandate(
    tx: &mut Tx,
    body_id: i64,
    person_id: i64,
    position: &str,
    started_on: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "INSERT INTO mandates (body_id, person_id, position_code, started_on, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id"
    )
    .bind(body_id)
    .bind(person_id)
    .bind(position)
    .bind(started_on)
    .bind(now)
    .fetch_one(c)
    .await)?)
}

/// Ends a current mandate of the body; false when there was none with that id.
pub async fn end_mandate(
    tx: &mut Tx,
    body_id: i64,
    mandate_id: i64,
    ended_on: NaiveDate,
    reason: &str,
) -> StoreResult<bool> {
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE mandates SET ended_on = $1, end_reason = $2 \
         WHERE id = $3 AND body_id = $4 AND ended_on IS NULL AND started_on <= $1"
    )
    .bind(ended_on)
    .bind(reason)
    .bind(mandate_id)
    .bind(body_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Ends every current seat of a body (a new bureau is elected).
pub async fn end_all_mandates(
    tx: &mut Tx,
    body_id: i64,
    ended_on: NaiveDate,
    reason: &str,
) -> StoreResult<u64> {
    Ok(on_tx!(tx, |c| sqlx::query(
        "UPDATE mandates SET ended_on = $1, end_reason = $2 WHERE body_id = $3 AND ended_on IS NULL"
    )
    .bind(ended_on)
    .bind(reason)
    .bind(body_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?)
}

/// Seats given in bulk: (body, person, position, from).
pub async fn insert_mandates(
    tx: &mut Tx,
    rows: &[(i64, i64, &str, NaiveDate)],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    for chunk in rows.chunks(500) {
        let sql = format!(
            "INSERT INTO mandates (body_id, person_id, position_code, started_on, created_at) VALUES {}",
            crate::store::values_clause(tx.backend(), chunk.len(), 5)
        );
        on_tx!(tx, |c| {
            let mut q = sqlx::query(AssertSqlSafe(sql.as_str()));
            for (body, person, position, from) in chunk {
                q = q.bind(*body).bind(*person).bind(*position).bind(*from).bind(now);
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}
