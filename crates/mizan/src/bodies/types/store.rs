//! The SQL of body types (their seats, pace and quorum rule, retirement) and of the meetings'
//! national themes.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use super::super::model::{BodyType, Position, Theme};
use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

const TYPE_COLUMNS: &str = "id, code, organization_id, name_ar, name_fr, name_en, level, meetings_per_year, \
     quorum_rule, quorum_numerator, quorum_denominator, one_per_unit, retired_on";

pub async fn body_types(db: &Db) -> StoreResult<Vec<BodyType>> {
    let sql = format!("SELECT {TYPE_COLUMNS} FROM body_types ORDER BY id");
    Ok(on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .fetch_all(c)
        .await)?)
}

pub async fn insert_body_type(
    tx: &mut Tx,
    t: &BodyType,
    positions: &[Position],
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let id: i64 = on_tx!(tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO body_types (code, organization_id, name_ar, name_fr, name_en, level, meetings_per_year, \
         quorum_rule, quorum_numerator, quorum_denominator, one_per_unit, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id"
    )
    .bind(&t.code)
    .bind(t.organization_id)
    .bind(&t.name_ar)
    .bind(&t.name_fr)
    .bind(&t.name_en)
    .bind(&t.level)
    .bind(t.meetings_per_year)
    .bind(&t.quorum_rule)
    .bind(t.quorum_numerator)
    .bind(t.quorum_denominator)
    .bind(t.one_per_unit)
    .bind(now)
    .fetch_one(c)
    .await
    })?;
    for (rank, p) in positions.iter().enumerate() {
        on_tx!(tx, |c| sqlx::query(
            "INSERT INTO body_positions (body_type_id, code, name_ar, name_fr, name_en, single_seat, rank) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)"
        )
        .bind(id)
        .bind(&p.code)
        .bind(&p.name_ar)
        .bind(&p.name_fr)
        .bind(&p.name_en)
        .bind(p.single_seat)
        .bind(rank as i64)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(id)
}

/// Changes a type's expected pace and quorum rule; the figures follow at once.
pub async fn update_rules(tx: &mut Tx, t: &BodyType) -> StoreResult<u64> {
    Ok(on_tx!(tx, |c| sqlx::query(
        "UPDATE body_types SET meetings_per_year = $1, quorum_rule = $2, quorum_numerator = $3, \
         quorum_denominator = $4 WHERE id = $5"
    )
    .bind(t.meetings_per_year)
    .bind(&t.quorum_rule)
    .bind(t.quorum_numerator)
    .bind(t.quorum_denominator)
    .bind(t.id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?)
}

pub async fn positions(db: &Db, body_type_id: i64) -> StoreResult<Vec<Position>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT code, name_ar, name_fr, name_en, single_seat, rank FROM body_positions \
         WHERE body_type_id = $1 ORDER BY rank"
    )
    .bind(body_type_id)
    .fetch_all(c)
    .await)?)
}

/// Retires a body type on a day, or brings it back (`None`); whether it exists.
pub async fn set_type_retired(tx: &mut Tx, code: &str, retired_on: Option<NaiveDate>) -> StoreResult<bool> {
    let changed = on_tx!(tx, |c| sqlx::query(
        "UPDATE body_types SET retired_on = $2 WHERE code = $1"
    )
    .bind(code)
    .bind(retired_on)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

pub async fn themes(db: &Db) -> StoreResult<Vec<Theme>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT id, code, name_ar, name_fr, name_en FROM meeting_themes WHERE active = TRUE ORDER BY id"
    )
    .fetch_all(c)
    .await)?)
}

/// Every meeting theme, the retired ones too, and whether each is offered.
pub async fn all_themes(db: &Db) -> StoreResult<Vec<(Theme, bool)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        theme: Theme,
        active: bool,
    }
    let rows: Vec<Row> = on_db!(db, |c| sqlx::query_as(
        "SELECT id, code, name_ar, name_fr, name_en, active FROM meeting_themes ORDER BY id"
    )
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(|r| (r.theme, r.active)).collect())
}

/// Offers a theme to meetings again, or no more; whether it exists.
pub async fn set_theme_active(tx: &mut Tx, code: &str, active: bool) -> StoreResult<bool> {
    let changed = on_tx!(tx, |c| sqlx::query(
        "UPDATE meeting_themes SET active = $2 WHERE code = $1"
    )
    .bind(code)
    .bind(active)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(changed == 1)
}

pub async fn insert_theme(tx: &mut Tx, t: &Theme) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "INSERT INTO meeting_themes (code, name_ar, name_fr, name_en, active) VALUES ($1, $2, $3, $4, TRUE) \
         RETURNING id"
    )
    .bind(&t.code)
    .bind(&t.name_ar)
    .bind(&t.name_fr)
    .bind(&t.name_en)
    .fetch_one(c)
    .await)?)
}
