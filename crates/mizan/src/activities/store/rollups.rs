//! The activities' rollups: what each activity adds to its unit's and campaign's figures, added on
//! write and taken away on change, rebuilt whole on demand.

use chrono::NaiveDate;

use crate::activities::model::Contribution;
use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

/// Adds (`sign` 1) or takes away (`sign` -1) one activity's contribution; rows that fall to zero go.
pub(super) async fn add(tx: &mut Tx, c: &Contribution, sign: i64) -> StoreResult<()> {
    for (category, amount) in &c.amounts {
        on_tx!(tx, |conn| sqlx::query(
            "INSERT INTO activity_rollups (commune_code, commune_path, day, type_id, campaign_id, status, \
             category_id, amount) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (commune_code, day, type_id, campaign_id, status, category_id) \
             DO UPDATE SET amount = activity_rollups.amount + excluded.amount"
        )
        .bind(&c.commune_code)
        .bind(&c.commune_path)
        .bind(c.day)
        .bind(c.type_id)
        .bind(c.campaign_id)
        .bind(&c.status)
        .bind(*category)
        .bind(sign * amount)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    }
    on_tx!(tx, |conn| {
        sqlx::query(
        "DELETE FROM activity_rollups WHERE commune_code = $1 AND day = $2 AND type_id = $3 AND campaign_id = $4 \
         AND status = $5 AND amount = 0"
    )
    .bind(&c.commune_code)
    .bind(c.day)
    .bind(c.type_id)
    .bind(c.campaign_id)
    .bind(&c.status)
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Recomputes the rollups from the activities and their counts (`mizan rollups rebuild`).
pub async fn rebuild_rollups(tx: &mut Tx) -> StoreResult<()> {
    for sql in [
        "DELETE FROM activity_rollups",
        "INSERT INTO activity_rollups (commune_code, commune_path, day, type_id, campaign_id, status, category_id, amount) \
         SELECT commune_code, commune_path, starts_on, type_id, COALESCE(campaign_id, 0), status, 0, COUNT(*) \
         FROM activities GROUP BY commune_code, commune_path, starts_on, type_id, COALESCE(campaign_id, 0), status",
        "INSERT INTO activity_rollups (commune_code, commune_path, day, type_id, campaign_id, status, category_id, amount) \
         SELECT a.commune_code, a.commune_path, a.starts_on, a.type_id, COALESCE(a.campaign_id, 0), a.status, \
                n.category_id, SUM(n.count) \
         FROM activities a JOIN activity_counts n ON n.activity_id = a.id \
         GROUP BY a.commune_code, a.commune_path, a.starts_on, a.type_id, COALESCE(a.campaign_id, 0), a.status, \
                  n.category_id HAVING SUM(n.count) <> 0",
    ] {
        on_tx!(tx, |c| sqlx::query(sql)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    crate::activities::links::store::rebuild_reach(tx).await
}

/// Every rollup row, in a stable order (to compare an incremental state with a rebuild).
pub type RollupRow = (String, NaiveDate, i64, i64, String, i64, i64);

pub async fn rollup_rows(db: &Db) -> StoreResult<Vec<RollupRow>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT commune_code, day, type_id, campaign_id, status, category_id, amount FROM activity_rollups \
         ORDER BY commune_code, day, type_id, campaign_id, status, category_id"
    )
    .fetch_all(c)
    .await)?)
}
