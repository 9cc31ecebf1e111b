//! The SQL of a branch's life: renamed, closed, merged; its members and rollups following.

use chrono::NaiveDate;
use sqlx::AssertSqlSafe;

use crate::store::{Db, SqlArgs, StoreResult, Tx};
use crate::territory::Unit;
use crate::{on_db, on_tx};

pub async fn rename(tx: &mut Tx, code: &str, name_ar: &str, name_fr: &str) -> StoreResult<bool> {
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE territory_units SET name_ar = $2, name_fr = $3 \
         WHERE code = $1 AND level = 'branch' AND closed_on IS NULL"
    )
    .bind(code)
    .bind(name_ar)
    .bind(name_fr)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Closes an open branch; whether it was open.
pub async fn close(
    tx: &mut Tx,
    code: &str,
    on: NaiveDate,
    reason: &str,
    merged_into: Option<&str>,
) -> StoreResult<bool> {
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE territory_units SET closed_on = $2, closed_reason = $3, merged_into = $4 \
         WHERE code = $1 AND level = 'branch' AND closed_on IS NULL"
    )
    .bind(code)
    .bind(on)
    .bind(reason)
    .bind(merged_into)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A closed branch's renewal in every campaign still running on `on` ends with the branch: lapsed,
/// or merged into `merged_into`, with the closing's reason (a renewal already validated stays).
pub async fn end_renewals(
    tx: &mut Tx,
    code: &str,
    on: NaiveDate,
    reason: &str,
    merged_into: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<u64> {
    Ok(on_tx!(tx, |c| sqlx::query(
        "UPDATE branch_renewals SET stage = CASE WHEN $4 IS NULL THEN 'lapsed' ELSE 'merged' END, \
         closed_reason = $3, merged_into = $4, updated_at = $5 \
         WHERE branch_code = $1 AND stage IN ('due', 'convened', 'held', 'elected') \
         AND campaign_id IN (SELECT id FROM renewal_campaigns WHERE ends_on >= $2)"
    )
    .bind(code)
    .bind(on)
    .bind(reason)
    .bind(merged_into)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?)
}

/// Why a closed branch closed, and into which branch it merged.
pub(crate) async fn closing(db: &Db, code: &str) -> StoreResult<Option<(Option<String>, Option<String>)>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT closed_reason, merged_into FROM territory_units WHERE code = $1 AND closed_on IS NOT NULL"
    )
    .bind(code)
    .fetch_optional(c)
    .await)?)
}

/// Takes a closed branch out of the branch rollup of every unit at and above it.
pub async fn uncount_branch(tx: &mut Tx, branch: &Unit) -> StoreResult<()> {
    let mut args = SqlArgs::after(0);
    let list: Vec<String> = branch
        .path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|c| args.push(c))
        .collect();
    let sql = format!(
        "UPDATE territory_units SET branches = branches - 1 WHERE code IN ({})",
        list.join(", ")
    );
    on_tx!(tx, |c| {
        args.bind(sqlx::query(AssertSqlSafe(sql.as_str())))
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Active members of a branch, per organization.
pub async fn active_members(tx: &mut Tx, code: &str) -> StoreResult<Vec<(i64, i64)>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "SELECT organization_id, COUNT(*) FROM memberships WHERE branch_code = $1 AND status = 'active' \
         GROUP BY organization_id"
    )
    .bind(code)
    .fetch_all(c)
    .await)?)
}

/// Adds `delta` members of each organization to the rollups of `unit` and every unit above it.
pub async fn shift_rollups(tx: &mut Tx, unit: &Unit, counts: &[(i64, i64)], sign: i64) -> StoreResult<()> {
    for code in unit.path.split('/').filter(|s| !s.is_empty()) {
        for (organization, n) in counts {
            crate::people::store::add_members(tx, code, *organization, sign * n).await?;
        }
    }
    Ok(())
}

/// A closed branch's members, kept there as lapsed (their history stays with it).
pub async fn lapse_members(tx: &mut Tx, code: &str) -> StoreResult<u64> {
    Ok(on_tx!(tx, |c| sqlx::query(
        "UPDATE memberships SET status = 'lapsed' WHERE branch_code = $1 AND status = 'active'"
    )
    .bind(code)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?)
}

/// Ends the memberships of a merged branch whose person is already a member of the same
/// organization at the branch it merges into (one membership each, not two).
pub async fn end_doubles(tx: &mut Tx, from: &str, into: &str, on: NaiveDate) -> StoreResult<u64> {
    Ok(on_tx!(tx, |c| sqlx::query(
        "UPDATE memberships SET status = 'ended', ended_on = $3, end_reason = 'branch_merged' \
         WHERE branch_code = $1 AND status <> 'ended' AND EXISTS (SELECT 1 FROM memberships o \
         WHERE o.person_id = memberships.person_id AND o.organization_id = memberships.organization_id \
         AND o.branch_code = $2 AND o.status <> 'ended')"
    )
    .bind(from)
    .bind(into)
    .bind(on)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?)
}

/// Moves a merged branch's current memberships (active or lapsed) to the branch it merges into.
pub async fn move_members(tx: &mut Tx, from: &str, into: &Unit) -> StoreResult<u64> {
    Ok(on_tx!(tx, |c| {
        sqlx::query(
        "UPDATE memberships SET branch_code = $2, branch_path = $3 WHERE branch_code = $1 AND status <> 'ended'"
    )
    .bind(from)
    .bind(&into.code)
    .bind(&into.path)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?)
}

/// Dissolves a closed branch's bodies on its last day, their seats ended; how many seats.
pub async fn dissolve_bodies(tx: &mut Tx, code: &str, on: NaiveDate) -> StoreResult<u64> {
    let ended = on_tx!(tx, |c| sqlx::query(
        "UPDATE mandates SET ended_on = CASE WHEN started_on > $2 THEN started_on ELSE $2 END, \
         end_reason = 'branch_closed' WHERE ended_on IS NULL \
         AND body_id IN (SELECT id FROM bodies WHERE unit_code = $1 AND dissolved_on IS NULL)"
    )
    .bind(code)
    .bind(on)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    on_tx!(tx, |c| sqlx::query(
        "UPDATE bodies SET dissolved_on = $2 WHERE unit_code = $1 AND dissolved_on IS NULL"
    )
    .bind(code)
    .bind(on)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(ended)
}
