//! The links' SQL: who volunteered at or benefited from an activity, and the distinct people
//! reached per unit and campaign (`activity_reach`), kept current on every link and rebuildable.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use super::super::model::ActivityRow;
use crate::auth::{Held, Visible};
use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

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

    pub(crate) fn table(self) -> &'static str {
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

pub(crate) async fn linked_ids(tx: &mut Tx, kind: Link, activity: i64) -> StoreResult<Vec<i64>> {
    let sql = format!("SELECT person_id FROM {} WHERE activity_id = $1", kind.table());
    Ok(on_tx!(tx, |c| sqlx::query_scalar(AssertSqlSafe(sql.as_str()))
        .bind(activity)
        .fetch_all(c)
        .await)?)
}

/// Recomputes `activity_reach` and its counts from the links alone (part of `rebuild_rollups`).
pub(crate) async fn rebuild_reach(tx: &mut Tx) -> StoreResult<()> {
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
pub async fn linked_count(db: &Db, kind: Link, activity: &Visible<ActivityRow>) -> StoreResult<i64> {
    let sql = format!("SELECT COUNT(*) FROM {} WHERE activity_id = $1", kind.table());
    Ok(on_db!(db, |c| sqlx::query_scalar(AssertSqlSafe(sql.as_str()))
        .bind(activity.id)
        .fetch_one(c)
        .await)?)
}

/// The people linked to an activity whom the caller's `reaches` see (a beneficiary who lives and
/// is a member elsewhere, or only in a walled organization, is counted but not named), in the
/// order they were added.
pub async fn linked(
    db: &Db,
    kind: Link,
    activity: &Held<ActivityRow>,
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
        args.bind(sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(activity.id))
            .fetch_all(c)
            .await
    })?)
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
