//! The settings' SQL: activity types and the categories each counts, beneficiary categories,
//! campaigns with their types and targets (and what each target reached).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use super::super::model::{ActivityType, Category};
use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

pub async fn types(db: &Db) -> StoreResult<Vec<ActivityType>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT id, code, name_ar, name_fr, name_en, icon FROM activity_types WHERE active = TRUE ORDER BY id"
    )
    .fetch_all(c)
    .await)?)
}

/// Every type, retired ones too (for the settings): (type, active).
pub async fn all_types(db: &Db) -> StoreResult<Vec<(ActivityType, bool)>> {
    let rows: Vec<(i64, String, String, String, String, String, bool)> = on_db!(db, |c| sqlx::query_as(
        "SELECT id, code, name_ar, name_fr, name_en, icon, active FROM activity_types ORDER BY id"
    )
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, code, name_ar, name_fr, name_en, icon, active)| {
            (
                ActivityType {
                    id,
                    code,
                    name_ar,
                    name_fr,
                    name_en,
                    icon,
                },
                active,
            )
        })
        .collect())
}

/// Every type, retired ones too: to name the activities recorded under them.
pub async fn every_type(db: &Db) -> StoreResult<Vec<ActivityType>> {
    Ok(all_types(db).await?.into_iter().map(|(t, _)| t).collect())
}

/// The types a form offers: those offered, and `kept` (an activity's own) even if retired.
pub async fn offered_types(db: &Db, kept: Option<i64>) -> StoreResult<Vec<ActivityType>> {
    Ok(all_types(db)
        .await?
        .into_iter()
        .filter(|(t, active)| *active || Some(t.id) == kept)
        .map(|(t, _)| t)
        .collect())
}

/// The categories each type counts, as (type, category); a type absent counts every category.
pub async fn type_categories(db: &Db) -> StoreResult<Vec<(i64, i64)>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT type_id, category_id FROM activity_type_categories ORDER BY type_id, category_id"
    )
    .fetch_all(c)
    .await)?)
}

/// A type's names, icon and whether it is offered, by its code; and the categories it counts
/// (none: every category).
pub async fn change_type(tx: &mut Tx, t: &ActivityType, active: bool, categories: &[i64]) -> StoreResult<()> {
    on_tx!(tx, |c| {
        sqlx::query(
        "UPDATE activity_types SET name_ar = $2, name_fr = $3, name_en = $4, icon = $5, active = $6 WHERE id = $1"
    )
    .bind(t.id)
    .bind(&t.name_ar)
    .bind(&t.name_fr)
    .bind(&t.name_en)
    .bind(&t.icon)
    .bind(active)
    .execute(c)
    .await
    .map(|_| ())
    })?;
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM activity_type_categories WHERE type_id = $1"
    )
    .bind(t.id)
    .execute(c)
    .await
    .map(|_| ()))?;
    for category in categories {
        on_tx!(tx, |c| sqlx::query(
            "INSERT INTO activity_type_categories (type_id, category_id) VALUES ($1, $2)"
        )
        .bind(t.id)
        .bind(*category)
        .execute(c)
        .await
        .map(|_| ()))?;
    }
    Ok(())
}

pub async fn categories(db: &Db) -> StoreResult<Vec<Category>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT id, code, name_ar, name_fr, name_en, in_total FROM beneficiary_categories ORDER BY rank, id"
    )
    .fetch_all(c)
    .await)?)
}

pub async fn insert_type(tx: &mut Tx, t: &ActivityType) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "INSERT INTO activity_types (code, name_ar, name_fr, name_en, icon, active) \
         VALUES ($1, $2, $3, $4, $5, TRUE) RETURNING id"
    )
    .bind(&t.code)
    .bind(&t.name_ar)
    .bind(&t.name_fr)
    .bind(&t.name_en)
    .bind(&t.icon)
    .fetch_one(c)
    .await)?)
}

pub async fn insert_category(tx: &mut Tx, cat: &Category, rank: i64) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "INSERT INTO beneficiary_categories (code, name_ar, name_fr, name_en, in_total, rank) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"
    )
    .bind(&cat.code)
    .bind(&cat.name_ar)
    .bind(&cat.name_fr)
    .bind(&cat.name_en)
    .bind(cat.in_total)
    .bind(rank)
    .fetch_one(c)
    .await)?)
}

/// A volunteer campaign: (code, names, scope, period, targets).
pub struct NewCampaign<'a> {
    pub code: &'a str,
    pub names: [&'a str; 3],
    pub scope: (&'a str, &'a str),
    pub period: (NaiveDate, NaiveDate),
    pub target_activities: i64,
    pub target_beneficiaries: i64,
}

pub async fn insert_campaign(tx: &mut Tx, c: &NewCampaign<'_>, now: DateTime<Utc>) -> StoreResult<i64> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_scalar(
        "INSERT INTO volunteer_campaigns (code, name_ar, name_fr, name_en, scope_code, scope_path, starts_on, \
         ends_on, target_activities, target_beneficiaries, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"
    )
    .bind(c.code)
    .bind(c.names[0])
    .bind(c.names[1])
    .bind(c.names[2])
    .bind(c.scope.0)
    .bind(c.scope.1)
    .bind(c.period.0)
    .bind(c.period.1)
    .bind(c.target_activities)
    .bind(c.target_beneficiaries)
    .bind(now)
    .fetch_one(conn)
    .await
    })?)
}

/// A volunteer campaign by code.
pub async fn campaign_by_code(db: &Db, code: &str) -> StoreResult<Option<super::super::model::Campaign>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
        "SELECT id, code, name_ar, name_fr, name_en, scope_code, scope_path, starts_on, ends_on, target_activities, \
         target_beneficiaries FROM volunteer_campaigns WHERE code = $1"
    )
    .bind(code)
    .fetch_optional(c)
    .await
    })?)
}

/// The campaign an activity of `type_id` on `day` at `path` counts in: the latest whose period
/// holds the day, whose scope holds the place, and which counts the type (a campaign without
/// types counts them all).
pub async fn campaign_on(db: &Db, day: NaiveDate, path: &str, type_id: i64) -> StoreResult<Option<i64>> {
    let rows: Vec<(i64, String)> = on_db!(db, |c| sqlx::query_as(
        "SELECT id, scope_path FROM volunteer_campaigns v WHERE starts_on <= $1 AND ends_on >= $1 \
         AND (NOT EXISTS (SELECT 1 FROM campaign_types t WHERE t.campaign_id = v.id) \
              OR EXISTS (SELECT 1 FROM campaign_types t WHERE t.campaign_id = v.id AND t.type_id = $2)) \
         ORDER BY starts_on DESC, id DESC"
    )
    .bind(day)
    .bind(type_id)
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .find(|(_, s)| path.starts_with(s.as_str()))
        .map(|(id, _)| id))
}

/// Puts into a new campaign the activities already recorded that it counts and that counted in no
/// campaign (its period, its scope, its types), and rebuilds the rollups if any moved; how many.
pub async fn assign_campaign(tx: &mut Tx, campaign: i64) -> StoreResult<u64> {
    let moved = on_tx!(tx, |c| sqlx::query(
        "UPDATE activities SET campaign_id = v.id FROM volunteer_campaigns v \
         WHERE v.id = $1 AND activities.campaign_id IS NULL \
           AND activities.starts_on >= v.starts_on AND activities.starts_on <= v.ends_on \
           AND substr(activities.commune_path, 1, length(v.scope_path)) = v.scope_path \
           AND (NOT EXISTS (SELECT 1 FROM campaign_types t WHERE t.campaign_id = v.id) \
                OR activities.type_id IN (SELECT t.type_id FROM campaign_types t WHERE t.campaign_id = v.id))"
    )
    .bind(campaign)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if moved > 0 {
        super::super::store::rollups::rebuild_rollups(tx).await?;
    }
    Ok(moved)
}

/// What each of a campaign's targets has reached: (territory code, type, counted activities,
/// counted beneficiaries), from the rollups, for the targets inside `scope`.
pub async fn targets_reached(
    db: &Db,
    scope: &crate::auth::Scope,
    campaign: i64,
) -> StoreResult<Vec<(String, i64, i64, i64)>> {
    let mut args = crate::store::SqlArgs::after(1);
    let inside = scope.sql_contains("u.path", &mut args);
    let sql = format!(
        "SELECT t.territory_code, t.type_id, \
           CAST(COALESCE(SUM(CASE WHEN r.category_id = 0 THEN r.amount END), 0) AS BIGINT), \
           CAST(COALESCE(SUM(CASE WHEN k.in_total THEN r.amount END), 0) AS BIGINT) \
         FROM campaign_targets t JOIN territory_units u ON u.code = t.territory_code \
         LEFT JOIN activity_rollups r ON r.campaign_id = t.campaign_id \
           AND substr(r.commune_path, 1, length(u.path)) = u.path \
           AND r.status IN ('done', 'verified') AND (t.type_id = 0 OR r.type_id = t.type_id) \
         LEFT JOIN beneficiary_categories k ON k.id = r.category_id \
         WHERE t.campaign_id = $1 AND {inside} \
         GROUP BY t.territory_code, t.type_id ORDER BY t.territory_code, t.type_id"
    );
    Ok(on_db!(db, |c| {
        args.bind(sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(campaign))
            .fetch_all(c)
            .await
    })?)
}

/// Every campaign, the latest first.
pub async fn campaigns(db: &Db) -> StoreResult<Vec<super::super::model::Campaign>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
        "SELECT id, code, name_ar, name_fr, name_en, scope_code, scope_path, starts_on, ends_on, target_activities, \
         target_beneficiaries FROM volunteer_campaigns ORDER BY starts_on DESC, id DESC"
    )
    .fetch_all(c)
    .await
    })?)
}

/// The types a campaign counts (none: every type).
pub async fn campaign_types(db: &Db, campaign: i64) -> StoreResult<Vec<i64>> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT type_id FROM campaign_types WHERE campaign_id = $1 ORDER BY type_id"
    )
    .bind(campaign)
    .fetch_all(c)
    .await)?)
}

pub async fn set_campaign_types(tx: &mut Tx, campaign: i64, types: &[i64]) -> StoreResult<()> {
    for t in types {
        on_tx!(tx, |c| sqlx::query(
            "INSERT INTO campaign_types (campaign_id, type_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        )
        .bind(campaign)
        .bind(*t)
        .execute(c)
        .await
        .map(|_| ()))?;
    }
    Ok(())
}

/// A campaign's target for one territory, for every type (`type_id` 0) or one.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Target {
    pub territory_code: String,
    pub type_id: i64,
    pub activities: i64,
    pub beneficiaries: i64,
}

/// A campaign's targets below its own, by territory code then type.
pub async fn targets(db: &Db, campaign: i64) -> StoreResult<Vec<Target>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT territory_code, type_id, activities, beneficiaries FROM campaign_targets \
         WHERE campaign_id = $1 ORDER BY territory_code, type_id"
    )
    .bind(campaign)
    .fetch_all(c)
    .await)?)
}

/// Sets (or, with both at zero, takes away) a campaign's target for a territory and a type.
pub async fn set_target(tx: &mut Tx, campaign: i64, t: &Target) -> StoreResult<()> {
    if t.activities == 0 && t.beneficiaries == 0 {
        on_tx!(tx, |c| sqlx::query(
            "DELETE FROM campaign_targets WHERE campaign_id = $1 AND territory_code = $2 AND type_id = $3"
        )
        .bind(campaign)
        .bind(&t.territory_code)
        .bind(t.type_id)
        .execute(c)
        .await
        .map(|_| ()))?;
        return Ok(());
    }
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO campaign_targets (campaign_id, territory_code, type_id, activities, beneficiaries) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (campaign_id, territory_code, type_id) \
         DO UPDATE SET activities = excluded.activities, beneficiaries = excluded.beneficiaries"
    )
    .bind(campaign)
    .bind(&t.territory_code)
    .bind(t.type_id)
    .bind(t.activities)
    .bind(t.beneficiaries)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}
