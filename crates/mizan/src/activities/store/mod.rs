//! The activities module's SQL, and the only place it lives (what a page tells besides the counts
//! in `details`, the rollups in `rollups`). The rollups are changed in the
//! transaction of each write (what the activity added before is taken away, what it adds now is
//! put in), and can be rebuilt from the activities alone.

pub mod details;
pub mod rollups;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use super::model::{ActivityRow, Contribution};
use crate::auth::Visible;
use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};
use rollups::add;

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
        super::links::store::refresh_reach_of_activity(tx, row.id).await?;
    }
    Ok(row)
}

/// Deletes an activity and takes it out of the rollups.
pub async fn delete(tx: &mut Tx, before: &(ActivityRow, Vec<(i64, i64)>)) -> StoreResult<()> {
    let (old, old_counts) = before;
    add(tx, &Contribution::of(old, old_counts), -1).await?;
    let volunteers =
        super::links::store::linked_ids(tx, super::links::store::Link::Volunteer, old.id).await?;
    let beneficiaries =
        super::links::store::linked_ids(tx, super::links::store::Link::Beneficiary, old.id).await?;
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
    super::links::store::refresh_reach(tx, super::links::store::Link::Volunteer, &volunteers).await?;
    super::links::store::refresh_reach(tx, super::links::store::Link::Beneficiary, &beneficiaries).await?;
    Ok(())
}

/// An activity whose commune, or organizer (a branch below the commune), lies inside the caller's
/// scope.
pub async fn visible(
    db: &Db,
    uid: &str,
    scope: &crate::auth::Scope,
) -> StoreResult<Option<Visible<ActivityRow>>> {
    let mut args = crate::store::SqlArgs::after(1);
    let commune = scope.sql_contains("commune_path", &mut args);
    let organizer = scope.sql_contains("organizer_path", &mut args);
    let sql =
        format!("SELECT {ACTIVITY_COLUMNS} FROM activities WHERE uid = $1 AND ({commune} OR {organizer})");
    let found: Option<ActivityRow> = on_db!(db, |c| {
        args.bind(sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(uid))
            .fetch_optional(c)
            .await
    })?;
    Ok(found.map(Visible::found))
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
pub async fn counts_of(db: &Db, activity: &Visible<ActivityRow>) -> StoreResult<Vec<(String, i64)>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT c.code, n.count FROM activity_counts n JOIN beneficiary_categories c ON c.id = n.category_id \
         WHERE n.activity_id = $1 ORDER BY c.rank"
    )
    .bind(activity.id)
    .fetch_all(c)
    .await)?)
}

/// The records behind a number: activities in `path` (inside the scope) over [from, to], of a
/// type and status if given, of a campaign if given; latest first, `limit` of them after the first
/// `offset`.
pub struct ListFilter<'a> {
    pub place: Place<'a>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub type_id: Option<i64>,
    pub status: Option<&'a str>,
    pub campaign: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

/// A listed activity: the row, its commune's names, its counted beneficiaries.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Listed {
    #[sqlx(flatten)]
    pub activity: ActivityRow,
    pub commune_ar: String,
    pub commune_fr: String,
    pub counted: i64,
    /// How many activities the filter finds in all (every row says it).
    pub total: i64,
}

pub async fn list(db: &Db, scope: &crate::auth::Scope, f: &ListFilter<'_>) -> StoreResult<Vec<Listed>> {
    let mut args = crate::store::SqlArgs::after(7);
    let (inside, reach) = f.place.conditions(scope, &mut args);
    let sql = format!(
        "SELECT a.id, a.uid, a.type_id, a.campaign_id, a.title, a.starts_on, a.ends_on, a.commune_code, \
         a.commune_path, a.organizer_body_id, a.organizer_path, a.status, u.name_ar AS commune_ar, \
         u.name_fr AS commune_fr, \
         CAST(COALESCE((SELECT SUM(n.count) FROM activity_counts n JOIN beneficiary_categories c \
           ON c.id = n.category_id AND c.in_total = TRUE WHERE n.activity_id = a.id), 0) AS BIGINT) AS counted, \
         CAST(COUNT(*) OVER () AS BIGINT) AS total \
         FROM activities a JOIN territory_units u ON u.code = a.commune_code \
         WHERE a.starts_on >= $1 AND a.starts_on <= $2 AND ($3 = 0 OR a.type_id = $3) \
           AND ($4 = '' OR a.status = $4 OR ($4 = 'counted' AND a.status IN ('done', 'verified'))) AND ($5 = 0 OR a.campaign_id = $5) AND {inside} AND {reach} \
         ORDER BY a.starts_on DESC, a.id DESC LIMIT $6 OFFSET $7"
    );
    Ok(on_db!(db, |c| {
        args.bind(
            sqlx::query_as(AssertSqlSafe(sql.as_str()))
                .bind(f.from)
                .bind(f.to)
                .bind(f.type_id.unwrap_or(0))
                .bind(f.status.unwrap_or(""))
                .bind(f.campaign.unwrap_or(0))
                .bind(f.limit)
                .bind(f.offset),
        )
        .fetch_all(c)
        .await
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
    kind: super::links::store::Link,
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
        args.bind(
            sqlx::query_scalar(AssertSqlSafe(sql.as_str()))
                .bind(from)
                .bind(to)
                .bind(campaign.unwrap_or(0)),
        )
        .fetch_one(c)
        .await
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
