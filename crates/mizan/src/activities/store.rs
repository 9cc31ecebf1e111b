//! The activities module's SQL, and the only place it lives. The rollups are changed in the
//! transaction of each write (what the activity added before is taken away, what it adds now is
//! put in), and can be rebuilt from the activities alone.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use super::model::{ActivityRow, ActivityType, Category, Contribution};
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

const ACTIVITY_COLUMNS: &str = "id, uid, type_id, campaign_id, title, starts_on, ends_on, commune_code, commune_path, \
     organizer_body_id, organizer_path, status";

/// An activity to write.
pub struct NewActivity<'a> {
    pub uid: &'a str,
    pub type_id: i64,
    pub campaign_id: Option<i64>,
    pub title: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub commune: (&'a str, &'a str),
    pub rural: bool,
    pub organizer: (Option<i64>, &'a str),
    pub description: &'a str,
    pub status: &'a str,
    pub recorded_by: &'a str,
}

/// Writes an activity and its counts (category, count), and adds it to the rollups.
pub async fn insert(
    tx: &mut Tx,
    a: &NewActivity<'_>,
    counts: &[(i64, i64)],
    now: DateTime<Utc>,
) -> StoreResult<ActivityRow> {
    let sql = format!(
        "INSERT INTO activities (uid, type_id, campaign_id, title, starts_on, ends_on, commune_code, commune_path, \
         rural, organizer_body_id, organizer_path, description, status, recorded_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING {ACTIVITY_COLUMNS}"
    );
    let row: ActivityRow = on_tx!(tx, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(a.uid)
        .bind(a.type_id)
        .bind(a.campaign_id)
        .bind(a.title)
        .bind(a.starts_on)
        .bind(a.ends_on)
        .bind(a.commune.0)
        .bind(a.commune.1)
        .bind(a.rural)
        .bind(a.organizer.0)
        .bind(a.organizer.1)
        .bind(a.description)
        .bind(a.status)
        .bind(a.recorded_by)
        .bind(now)
        .fetch_one(c)
        .await)?;
    write_counts(tx, row.id, counts).await?;
    add(tx, &Contribution::of(&row, counts), 1).await?;
    Ok(row)
}

async fn write_counts(tx: &mut Tx, activity: i64, counts: &[(i64, i64)]) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM activity_counts WHERE activity_id = $1"
    )
    .bind(activity)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    for (category, count) in counts.iter().filter(|(_, n)| *n != 0) {
        on_tx!(tx, |c| sqlx::query(
            "INSERT INTO activity_counts (activity_id, category_id, count) VALUES ($1, $2, $3)"
        )
        .bind(activity)
        .bind(*category)
        .bind(*count)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// The activity with this uid, and its counts.
pub async fn by_uid(tx: &mut Tx, uid: &str) -> StoreResult<Option<(ActivityRow, Vec<(i64, i64)>)>> {
    let sql = format!("SELECT {ACTIVITY_COLUMNS} FROM activities WHERE uid = $1");
    let row: Option<ActivityRow> = on_tx!(tx, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(uid)
        .fetch_optional(c)
        .await)?;
    let Some(row) = row else { return Ok(None) };
    let counts: Vec<(i64, i64)> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT category_id, count FROM activity_counts WHERE activity_id = $1 ORDER BY category_id"
    )
    .bind(row.id)
    .fetch_all(c)
    .await)?;
    Ok(Some((row, counts)))
}

/// What a change sets: the status, and what a correction may change.
pub struct Revision<'a> {
    pub status: &'a str,
    pub type_id: i64,
    pub campaign_id: Option<i64>,
    pub title: &'a str,
    pub days: (NaiveDate, NaiveDate),
}

impl<'a> Revision<'a> {
    /// The activity as it is, with another status.
    pub fn status(row: &'a ActivityRow, status: &'a str) -> Revision<'a> {
        Revision {
            status,
            type_id: row.type_id,
            campaign_id: row.campaign_id,
            title: &row.title,
            days: (row.starts_on, row.ends_on),
        }
    }
}

/// Changes an activity (its status with who verified or why rejected; a correction's type,
/// title, days and campaign) and its counts; the rollups follow in the same transaction.
pub async fn change(
    tx: &mut Tx,
    before: &(ActivityRow, Vec<(i64, i64)>),
    after: &Revision<'_>,
    counts: &[(i64, i64)],
    note: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<ActivityRow> {
    let (old, old_counts) = before;
    add(tx, &Contribution::of(old, old_counts), -1).await?;
    let sql = format!(
        "UPDATE activities SET status = $1, updated_at = $2, \
         verified_by = CASE WHEN $1 = 'verified' THEN $3 ELSE verified_by END, \
         rejection_reason = CASE WHEN $1 = 'rejected' THEN $3 ELSE rejection_reason END, \
         type_id = $5, campaign_id = $6, title = $7, starts_on = $8, ends_on = $9 \
         WHERE id = $4 RETURNING {ACTIVITY_COLUMNS}"
    );
    let row: ActivityRow = on_tx!(tx, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(after.status)
        .bind(now)
        .bind(note)
        .bind(old.id)
        .bind(after.type_id)
        .bind(after.campaign_id)
        .bind(after.title)
        .bind(after.days.0)
        .bind(after.days.1)
        .fetch_one(c)
        .await)?;
    write_counts(tx, row.id, counts).await?;
    add(tx, &Contribution::of(&row, counts), 1).await?;
    // Its people's reach moves only when it starts or stops counting (done and verified both
    // count: a verification moves nobody), or changes campaign.
    let counts_in =
        |status: &str| super::model::Status::parse(status).is_some_and(super::model::Status::counts);
    if counts_in(&row.status) != counts_in(&old.status) || row.campaign_id != old.campaign_id {
        refresh_reach_of_activity(tx, row.id).await?;
    }
    Ok(row)
}

/// The other communes an activity went through, replaced by these (code, path).
pub async fn set_places(tx: &mut Tx, id: i64, places: &[(String, String)]) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM activity_places WHERE activity_id = $1"
    )
    .bind(id)
    .execute(c)
    .await
    .map(|_| ()))?;
    for (code, path) in places {
        on_tx!(tx, |c| sqlx::query(
            "INSERT INTO activity_places (activity_id, commune_code, commune_path) VALUES ($1, $2, $3)"
        )
        .bind(id)
        .bind(code)
        .bind(path)
        .execute(c)
        .await
        .map(|_| ()))?;
    }
    Ok(())
}

/// The codes of the other communes an activity went through.
pub async fn places_of(db: &Db, id: i64) -> StoreResult<Vec<String>> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT commune_code FROM activity_places WHERE activity_id = $1 ORDER BY commune_path"
    )
    .bind(id)
    .fetch_all(c)
    .await)?)
}

/// The partner organizations of an activity, replaced by these.
pub async fn set_partners(tx: &mut Tx, id: i64, partners: &[String]) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM activity_partners WHERE activity_id = $1"
    )
    .bind(id)
    .execute(c)
    .await
    .map(|_| ()))?;
    for name in partners {
        on_tx!(tx, |c| sqlx::query(
            "INSERT INTO activity_partners (activity_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        )
        .bind(id)
        .bind(name)
        .execute(c)
        .await
        .map(|_| ()))?;
    }
    Ok(())
}

/// The partner organizations of an activity, by name.
pub async fn partners_of(db: &Db, id: i64) -> StoreResult<Vec<String>> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT name FROM activity_partners WHERE activity_id = $1 ORDER BY name"
    )
    .bind(id)
    .fetch_all(c)
    .await)?)
}

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
pub async fn photos_of(db: &Db, activity: i64) -> StoreResult<Vec<(i64, i64, i64)>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT id, width, height FROM activity_photos WHERE activity_id = $1 ORDER BY id"
    )
    .bind(activity)
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

/// The description of an activity.
pub async fn description_of(db: &Db, id: i64) -> StoreResult<String> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT description FROM activities WHERE id = $1"
    )
    .bind(id)
    .fetch_one(c)
    .await)?)
}

/// The description of an activity, corrected.
pub async fn set_description(tx: &mut Tx, id: i64, description: &str) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE activities SET description = $2 WHERE id = $1"
    )
    .bind(id)
    .bind(description)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Deletes an activity and takes it out of the rollups.
pub async fn delete(tx: &mut Tx, before: &(ActivityRow, Vec<(i64, i64)>)) -> StoreResult<()> {
    let (old, old_counts) = before;
    add(tx, &Contribution::of(old, old_counts), -1).await?;
    let volunteers = linked_ids(tx, Link::Volunteer, old.id).await?;
    let beneficiaries = linked_ids(tx, Link::Beneficiary, old.id).await?;
    for sql in [
        "DELETE FROM activity_counts WHERE activity_id = $1",
        "DELETE FROM activity_partners WHERE activity_id = $1",
        "DELETE FROM activity_volunteers WHERE activity_id = $1",
        "DELETE FROM activity_photos WHERE activity_id = $1",
        "DELETE FROM activity_places WHERE activity_id = $1",
        "DELETE FROM activity_people WHERE activity_id = $1",
        "DELETE FROM activities WHERE id = $1",
    ] {
        on_tx!(tx, |c| sqlx::query(sql)
            .bind(old.id)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    refresh_reach(tx, Link::Volunteer, &volunteers).await?;
    refresh_reach(tx, Link::Beneficiary, &beneficiaries).await?;
    Ok(())
}

/// Adds (`sign` 1) or takes away (`sign` -1) one activity's contribution; rows that fall to zero go.
async fn add(tx: &mut Tx, c: &Contribution, sign: i64) -> StoreResult<()> {
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
    rebuild_reach(tx).await
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

/// A volunteer campaign by code.
pub async fn campaign_by_code(db: &Db, code: &str) -> StoreResult<Option<super::model::Campaign>> {
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
        rebuild_rollups(tx).await?;
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
        let mut q = sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(campaign);
        for v in args.values() {
            q = q.bind(v);
        }
        q.fetch_all(c).await
    })?)
}

/// Every campaign, the latest first.
pub async fn campaigns(db: &Db) -> StoreResult<Vec<super::model::Campaign>> {
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

/// An activity whose commune, or organizer (a branch below the commune), lies inside the caller's
/// scope.
pub async fn visible(db: &Db, uid: &str, scope: &crate::auth::Scope) -> StoreResult<Option<ActivityRow>> {
    let mut args = crate::store::SqlArgs::after(1);
    let commune = scope.sql_contains("commune_path", &mut args);
    let organizer = scope.sql_contains("organizer_path", &mut args);
    let sql =
        format!("SELECT {ACTIVITY_COLUMNS} FROM activities WHERE uid = $1 AND ({commune} OR {organizer})");
    Ok(on_db!(db, |c| {
        let mut q = sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(uid);
        for v in args.values() {
            q = q.bind(v);
        }
        q.fetch_optional(c).await
    })?)
}

/// The organization an activity is of, and whether it is walled: its organizing body's, else
/// (recorded at a commune without naming a body) the party's.
pub async fn organization_of(db: &Db, organizer_body: Option<i64>) -> StoreResult<(i64, bool)> {
    let found: Option<(i64, bool)> = match organizer_body {
        Some(body) => on_db!(db, |c| sqlx::query_as(
            "SELECT o.id, o.walled FROM bodies b JOIN body_types t ON t.id = b.body_type_id \
             JOIN organizations o ON o.id = t.organization_id WHERE b.id = $1"
        )
        .bind(body)
        .fetch_optional(c)
        .await)?,
        None => on_db!(db, |c| sqlx::query_as(
            "SELECT id, walled FROM organizations WHERE kind = 'party' ORDER BY id LIMIT 1"
        )
        .fetch_optional(c)
        .await)?,
    };
    Ok(found.unwrap_or((0, false)))
}

/// An activity's counts with their categories: (category code, count).
pub async fn counts_of(db: &Db, activity: i64) -> StoreResult<Vec<(String, i64)>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT c.code, n.count FROM activity_counts n JOIN beneficiary_categories c ON c.id = n.category_id \
         WHERE n.activity_id = $1 ORDER BY c.rank"
    )
    .bind(activity)
    .fetch_all(c)
    .await)?)
}

/// The records behind a number: activities in `path` (inside the scope) over [from, to], of a
/// type and status if given, of a campaign if given; latest first, at most `limit`.
pub struct ListFilter<'a> {
    pub place: Place<'a>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub type_id: Option<i64>,
    pub status: Option<&'a str>,
    pub campaign: Option<i64>,
    pub limit: i64,
}

/// A listed activity: the row, its commune's names, its counted beneficiaries.
pub type Listed = (ActivityRow, String, String, i64);

pub async fn list(db: &Db, scope: &crate::auth::Scope, f: &ListFilter<'_>) -> StoreResult<Vec<Listed>> {
    let mut args = crate::store::SqlArgs::after(6);
    let (inside, reach) = f.place.conditions(scope, &mut args);
    let sql = format!(
        "SELECT a.id, a.uid, a.type_id, a.campaign_id, a.title, a.starts_on, a.ends_on, a.commune_code, \
         a.commune_path, a.organizer_body_id, a.organizer_path, a.status, u.name_ar, u.name_fr, \
         CAST(COALESCE((SELECT SUM(n.count) FROM activity_counts n JOIN beneficiary_categories c \
           ON c.id = n.category_id AND c.in_total = TRUE WHERE n.activity_id = a.id), 0) AS BIGINT) \
         FROM activities a JOIN territory_units u ON u.code = a.commune_code \
         WHERE a.starts_on >= $1 AND a.starts_on <= $2 AND ($3 = 0 OR a.type_id = $3) \
           AND ($4 = '' OR a.status = $4 OR ($4 = 'counted' AND a.status IN ('done', 'verified'))) AND ($5 = 0 OR a.campaign_id = $5) AND {inside} AND {reach} \
         ORDER BY a.starts_on DESC, a.id DESC LIMIT $6"
    );
    type Row = (
        i64,
        String,
        i64,
        Option<i64>,
        String,
        NaiveDate,
        NaiveDate,
        String,
        String,
        Option<i64>,
        String,
        String,
        String,
        String,
        i64,
    );
    let rows: Vec<Row> = on_db!(db, |c| {
        let mut q = sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(f.from)
            .bind(f.to)
            .bind(f.type_id.unwrap_or(0))
            .bind(f.status.unwrap_or(""))
            .bind(f.campaign.unwrap_or(0))
            .bind(f.limit);
        for v in args.values() {
            q = q.bind(v);
        }
        q.fetch_all(c).await
    })?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                ActivityRow {
                    id: r.0,
                    uid: r.1,
                    type_id: r.2,
                    campaign_id: r.3,
                    title: r.4,
                    starts_on: r.5,
                    ends_on: r.6,
                    commune_code: r.7,
                    commune_path: r.8,
                    organizer_body_id: r.9,
                    organizer_path: r.10,
                    status: r.11,
                },
                r.12,
                r.13,
                r.14,
            )
        })
        .collect())
}

/// The two ways a person of the registry is linked to an activity, each its own table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// A registered beneficiary (with their consent), `activity_people`.
    Beneficiary,
    /// Someone who gave their time to it, `activity_volunteers`.
    Volunteer,
}

impl Link {
    pub const ALL: [Link; 2] = [Link::Beneficiary, Link::Volunteer];

    fn table(self) -> &'static str {
        match self {
            Link::Beneficiary => "activity_people",
            Link::Volunteer => "activity_volunteers",
        }
    }

    /// Its name in `activity_reach`.
    fn kind(self) -> &'static str {
        match self {
            Link::Beneficiary => "beneficiary",
            Link::Volunteer => "volunteer",
        }
    }
}

/// Brings `activity_reach` and its counts up to date for these people (after their links, or
/// the activities they are linked to, changed): what their links reach now is compared with what
/// was kept, and only the difference is written.
pub async fn refresh_reach(tx: &mut Tx, kind: Link, people: &[i64]) -> StoreResult<()> {
    use std::collections::{BTreeMap, BTreeSet};
    for chunk in people.chunks(500) {
        let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let kept_sql = format!(
            "SELECT person_id, campaign_id, unit_code FROM activity_reach WHERE kind = $1 AND person_id IN ({list})"
        );
        let kept: BTreeSet<(i64, i64, String)> =
            on_tx!(tx, |c| sqlx::query_as(AssertSqlSafe(kept_sql.as_str()))
                .bind(kind.kind())
                .fetch_all(c)
                .await)?
            .into_iter()
            .collect();
        let reached_sql = format!(
            "SELECT DISTINCT l.person_id, COALESCE(a.campaign_id, 0), a.commune_path FROM {} l \
             JOIN activities a ON a.id = l.activity_id \
             WHERE l.person_id IN ({list}) AND a.status IN ('done', 'verified')",
            kind.table()
        );
        let reached: Vec<(i64, i64, String)> =
            on_tx!(tx, |c| sqlx::query_as(AssertSqlSafe(reached_sql.as_str()))
                .fetch_all(c)
                .await)?;
        // A commune's path is the chain of the units it lies in.
        let now: BTreeSet<(i64, i64, String)> = reached
            .iter()
            .flat_map(|(person, campaign, path)| {
                path.split('/')
                    .filter(|code| !code.is_empty())
                    .map(move |code| (*person, *campaign, code.to_owned()))
            })
            .collect();
        let mut counts: BTreeMap<(i64, &str), i64> = BTreeMap::new();
        for gone in kept.difference(&now) {
            on_tx!(tx, |c| {
                sqlx::query(
                "DELETE FROM activity_reach WHERE kind = $1 AND person_id = $2 AND campaign_id = $3 AND unit_code = $4"
            )
            .bind(kind.kind())
            .bind(gone.0)
            .bind(gone.1)
            .bind(&gone.2)
            .execute(c)
            .await
            .map(|_| ())
            })?;
            *counts.entry((gone.1, gone.2.as_str())).or_default() -= 1;
        }
        for new in now.difference(&kept) {
            on_tx!(tx, |c| sqlx::query(
                "INSERT INTO activity_reach (kind, person_id, campaign_id, unit_code) VALUES ($1, $2, $3, $4)"
            )
            .bind(kind.kind())
            .bind(new.0)
            .bind(new.1)
            .bind(&new.2)
            .execute(c)
            .await
            .map(|_| ()))?;
            *counts.entry((new.1, new.2.as_str())).or_default() += 1;
        }
        for ((campaign, unit), delta) in counts.into_iter().filter(|(_, d)| *d != 0) {
            on_tx!(tx, |c| {
                sqlx::query(
                "INSERT INTO activity_reach_counts (kind, campaign_id, unit_code, people) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (kind, campaign_id, unit_code) \
                 DO UPDATE SET people = activity_reach_counts.people + excluded.people"
            )
            .bind(kind.kind())
            .bind(campaign)
            .bind(unit)
            .bind(delta)
            .execute(c)
            .await
            .map(|_| ())
            })?;
            // Nobody left there: the row goes (a rebuild has none).
            if delta < 0 {
                on_tx!(tx, |c| sqlx::query(
                    "DELETE FROM activity_reach_counts \
                     WHERE kind = $1 AND campaign_id = $2 AND unit_code = $3 AND people = 0"
                )
                .bind(kind.kind())
                .bind(campaign)
                .bind(unit)
                .execute(c)
                .await
                .map(|_| ()))?;
            }
        }
    }
    Ok(())
}

/// Refreshes the reach of everyone linked to an activity (its status or campaign changed).
pub async fn refresh_reach_of_activity(tx: &mut Tx, activity: i64) -> StoreResult<()> {
    for kind in Link::ALL {
        let people = linked_ids(tx, kind, activity).await?;
        refresh_reach(tx, kind, &people).await?;
    }
    Ok(())
}

async fn linked_ids(tx: &mut Tx, kind: Link, activity: i64) -> StoreResult<Vec<i64>> {
    let sql = format!("SELECT person_id FROM {} WHERE activity_id = $1", kind.table());
    Ok(on_tx!(tx, |c| sqlx::query_scalar(AssertSqlSafe(sql.as_str()))
        .bind(activity)
        .fetch_all(c)
        .await)?)
}

/// Recomputes `activity_reach` and its counts from the links alone (part of `rebuild_rollups`).
async fn rebuild_reach(tx: &mut Tx) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query("DELETE FROM activity_reach")
        .execute(c)
        .await
        .map(|_| ()))?;
    on_tx!(tx, |c| sqlx::query("DELETE FROM activity_reach_counts")
        .execute(c)
        .await
        .map(|_| ()))?;
    for kind in Link::ALL {
        let sql = format!(
            "INSERT INTO activity_reach (kind, person_id, campaign_id, unit_code) \
             WITH RECURSIVE above (code, unit) AS ( \
                 SELECT code, code FROM territory_units \
                 UNION ALL \
                 SELECT above.code, u.parent_code FROM above JOIN territory_units u ON u.code = above.unit \
                 WHERE u.parent_code IS NOT NULL) \
             SELECT DISTINCT '{kind}', l.person_id, COALESCE(a.campaign_id, 0), above.unit FROM {table} l \
             JOIN activities a ON a.id = l.activity_id JOIN above ON above.code = a.commune_code \
             WHERE a.status IN ('done', 'verified')",
            kind = kind.kind(),
            table = kind.table()
        );
        on_tx!(tx, |c| sqlx::query(AssertSqlSafe(sql.as_str()))
            .execute(c)
            .await
            .map(|_| ()))?;
    }
    on_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO activity_reach_counts (kind, campaign_id, unit_code, people) \
         SELECT kind, campaign_id, unit_code, COUNT(*) FROM activity_reach GROUP BY kind, campaign_id, unit_code"
    )
    .execute(c)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

/// Distinct people reached in a unit by a whole campaign (0: activities in no campaign), from
/// the rollup.
pub async fn reached(db: &Db, kind: Link, campaign: i64, unit: &str) -> StoreResult<i64> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT people FROM activity_reach_counts WHERE kind = $1 AND campaign_id = $2 AND unit_code = $3"
    )
    .bind(kind.kind())
    .bind(campaign)
    .bind(unit)
    .fetch_optional(c)
    .await)?
    .unwrap_or(0))
}

/// Every reach row and count, in a stable order (to compare an incremental state with a rebuild).
pub async fn reach_rows(
    db: &Db,
) -> StoreResult<(Vec<(String, i64, i64, String)>, Vec<(String, i64, String, i64)>)> {
    let rows = on_db!(db, |c| sqlx::query_as(
        "SELECT kind, person_id, campaign_id, unit_code FROM activity_reach ORDER BY 1, 2, 3, 4"
    )
    .fetch_all(c)
    .await)?;
    Ok((rows, reach_counts(db).await?))
}

/// The distinct people per kind, campaign and unit, in a stable order.
pub async fn reach_counts(db: &Db) -> StoreResult<Vec<(String, i64, String, i64)>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT kind, campaign_id, unit_code, people FROM activity_reach_counts ORDER BY 1, 2, 3"
    )
    .fetch_all(c)
    .await)?)
}

/// Links a person to an activity; false when they were linked already.
pub async fn link(
    tx: &mut Tx,
    kind: Link,
    activity: i64,
    person: i64,
    by: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let sql = format!(
        "INSERT INTO {} (activity_id, person_id, added_by, added_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (activity_id, person_id) DO NOTHING",
        kind.table()
    );
    let n = on_tx!(tx, |c| sqlx::query(AssertSqlSafe(sql.as_str()))
        .bind(activity)
        .bind(person)
        .bind(by)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    if n == 1 {
        refresh_reach(tx, kind, &[person]).await?;
    }
    Ok(n == 1)
}

/// A person linked to an activity: (uid, given_ar, family_ar, given_latin, family_latin).
pub type Registered = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// How many people are linked to an activity (all of them, whoever asks).
pub async fn linked_count(db: &Db, kind: Link, activity: i64) -> StoreResult<i64> {
    let sql = format!("SELECT COUNT(*) FROM {} WHERE activity_id = $1", kind.table());
    Ok(on_db!(db, |c| sqlx::query_scalar(AssertSqlSafe(sql.as_str()))
        .bind(activity)
        .fetch_one(c)
        .await)?)
}

/// The people linked to an activity whom the caller's `reaches` see (a beneficiary who lives and
/// is a member elsewhere, or only in a walled organization, is counted but not named), in the
/// order they were added.
pub async fn linked(
    db: &Db,
    kind: Link,
    activity: i64,
    reaches: &[crate::auth::Reach],
) -> StoreResult<Vec<Registered>> {
    let mut args = crate::store::SqlArgs::after(1);
    let visible = crate::people::search::visible(reaches, &mut args, crate::people::search::Driven::ByLookup)
        .unwrap_or_else(|| "1 = 1".to_owned());
    let sql = format!(
        "SELECT p.uid, p.given_ar, p.family_ar, p.given_latin, p.family_latin FROM {} l \
         JOIN people p ON p.id = l.person_id WHERE l.activity_id = $1 AND {visible} ORDER BY l.added_at, p.id",
        kind.table()
    );
    Ok(on_db!(db, |c| {
        let mut q = sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(activity);
        for v in args.values() {
            q = q.bind(v);
        }
        q.fetch_all(c).await
    })?)
}

/// Where figures and lists look: the activities that took place in a territory (their commune),
/// or, for a branch, those it organized wherever they took place.
#[derive(Clone, Copy, Debug)]
pub struct Place<'a> {
    pub path: &'a str,
    pub by_organizer: bool,
}

impl Place<'_> {
    /// The SQL conditions: inside the place, and inside the caller's scope.
    fn conditions(&self, scope: &crate::auth::Scope, args: &mut crate::store::SqlArgs) -> (String, String) {
        let column = if self.by_organizer {
            "a.organizer_path"
        } else {
            "a.commune_path"
        };
        let inside = crate::auth::Scope::Within(vec![self.path.to_owned()]).sql_contains(column, args);
        (inside, scope.sql_contains(column, args))
    }
}

/// Distinct people linked (as beneficiaries, or as volunteers) to counted activities of a place
/// (inside the scope) over [from, to], of one campaign or all.
pub async fn distinct_linked(
    db: &Db,
    kind: Link,
    scope: &crate::auth::Scope,
    place: &Place<'_>,
    campaign: Option<i64>,
    (from, to): (NaiveDate, NaiveDate),
) -> StoreResult<i64> {
    let mut args = crate::store::SqlArgs::after(3);
    let (inside, reach) = place.conditions(scope, &mut args);
    let sql = format!(
        "SELECT COUNT(DISTINCT ap.person_id) FROM {} ap JOIN activities a ON a.id = ap.activity_id \
         WHERE a.status IN ('done', 'verified') AND a.starts_on >= $1 AND a.starts_on <= $2 \
           AND ($3 = 0 OR a.campaign_id = $3) AND {inside} AND {reach}",
        kind.table()
    );
    Ok(on_db!(db, |c| {
        let mut q = sqlx::query_scalar(AssertSqlSafe(sql.as_str()))
            .bind(from)
            .bind(to)
            .bind(campaign.unwrap_or(0));
        for v in args.values() {
            q = q.bind(v);
        }
        q.fetch_one(c).await
    })?)
}

/// For the demo: up to `n` people living in a commune, (id) by id.
pub async fn residents(tx: &mut Tx, commune_path: &str, n: i64) -> StoreResult<Vec<i64>> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT id FROM people WHERE residence_path = $1 ORDER BY id LIMIT $2"
    )
    .bind(commune_path)
    .bind(n)
    .fetch_all(c)
    .await)?)
}

/// An activity a person is linked to, for their subject file.
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct LinkedActivity {
    pub activity: String,
    pub title: String,
    pub day: NaiveDate,
    pub added_by: String,
}

/// The activities a person is linked to, one way.
pub async fn links_of(db: &Db, kind: Link, person_uid: &str) -> StoreResult<Vec<LinkedActivity>> {
    let sql = format!(
        "SELECT a.uid AS activity, a.title, a.starts_on AS day, l.added_by FROM {} l \
         JOIN activities a ON a.id = l.activity_id \
         WHERE l.person_id = (SELECT id FROM people WHERE uid = $1) ORDER BY a.starts_on, a.id",
        kind.table()
    );
    Ok(on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(person_uid)
        .fetch_all(c)
        .await)?)
}
