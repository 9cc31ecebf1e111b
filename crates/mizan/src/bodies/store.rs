//! The bodies module's SQL, and the only place it lives. Queries that list bodies, meetings or
//! mandates take the caller's [`Scope`] and filter on the unit's path in SQL.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use super::model::{AttendanceRecord, Attendee, Body, BodyType, Meeting, Presence};
use crate::auth::{Held, Permit, Scope, Visible};
use crate::store::{Db, SqlArgs, StoreResult, Tx};
use crate::{on_db, on_tx};

const BODY_COLUMNS: &str = "b.id, b.body_type_id, b.unit_code, b.unit_path, b.formed_on, b.dissolved_on, b.meetings_held, b.last_held_on";
const MEETING_COLUMNS: &str = "m.id, m.body_id, m.unit_path, m.status, m.scheduled_on, m.held_on, m.place, m.agenda, \
     m.theme_id, m.members, m.present, m.excused, m.absent, m.guests, m.minutes, m.recorded_by";

/// One body of `type` for every unit of its level that has none yet (official units, or the
/// party's branches for the `branch` level), formed on `formed_on`. Returns how many were made.
pub async fn create_bodies_for_level(
    tx: &mut Tx,
    t: &BodyType,
    formed_on: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    Ok(on_tx!(tx, |c| sqlx::query(
        "INSERT INTO bodies (body_type_id, unit_code, unit_path, formed_on, created_at) \
         SELECT $1, u.code, u.path, $2, $3 FROM territory_units u \
         WHERE u.level = $4 AND (u.level <> 'branch' OR (u.kind = 'branch' AND u.closed_on IS NULL)) \
         ON CONFLICT (body_type_id, unit_code) DO NOTHING"
    )
    .bind(t.id)
    .bind(formed_on)
    .bind(now)
    .bind(&t.level)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?)
}

/// The bodies every new unit of `level` gets (types made one per unit).
pub async fn create_bodies_for_unit(
    tx: &mut Tx,
    unit_code: &str,
    unit_path: &str,
    level: &str,
    formed_on: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    Ok(on_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO bodies (body_type_id, unit_code, unit_path, formed_on, created_at) \
         SELECT t.id, $1, $2, $3, $4 FROM body_types t WHERE t.level = $5 AND t.one_per_unit = TRUE AND t.retired_on IS NULL \
         ON CONFLICT (body_type_id, unit_code) DO NOTHING"
    )
    .bind(unit_code)
    .bind(unit_path)
    .bind(formed_on)
    .bind(now)
    .bind(level)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?)
}

/// Every body of a type (for the demo, inside its transaction).
pub async fn bodies_of_type(tx: &mut Tx, body_type_id: i64) -> StoreResult<Vec<Body>> {
    let sql = format!("SELECT {BODY_COLUMNS} FROM bodies b WHERE b.body_type_id = $1 ORDER BY b.unit_code");
    Ok(on_tx!(tx, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(body_type_id)
        .fetch_all(c)
        .await)?)
}

/// The row of `sql` whose `$1` is `id`, its other arguments `args` (a scoped lookup's).
async fn row_by_id<T>(db: &Db, sql: &str, id: i64, args: SqlArgs) -> StoreResult<Option<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
        + Send
        + Unpin,
{
    Ok(on_db!(db, |c| {
        args.bind(sqlx::query_as(AssertSqlSafe(sql)).bind(id))
            .fetch_optional(c)
            .await
    })?)
}

/// A body inside the caller's scope.
pub async fn body(db: &Db, id: i64, scope: &Scope) -> StoreResult<Option<Visible<Body>>> {
    let mut args = SqlArgs::after(1);
    let inside = scope.sql_contains("b.unit_path", &mut args);
    let sql = format!("SELECT {BODY_COLUMNS} FROM bodies b WHERE b.id = $1 AND {inside}");
    Ok(row_by_id(db, &sql, id, args).await?.map(Visible::found))
}

/// A body whose records the permit covers: at its place, and of its type's organization (a
/// youth-wing officer's grant covers the youth wing's bureaus, not the party's).
pub async fn body_held(db: &Db, id: i64, permit: &Permit) -> StoreResult<Option<Held<Body>>> {
    let mut args = SqlArgs::after(1);
    let held = permit.sql_holds("b.unit_path", "t.organization_id", &mut args);
    let sql = format!(
        "SELECT {BODY_COLUMNS} FROM bodies b JOIN body_types t ON t.id = b.body_type_id \
         WHERE b.id = $1 AND {held}"
    );
    Ok(row_by_id(db, &sql, id, args).await?.map(Held::found))
}

/// Every body, by unit and type (the copy kept in memory: `bodies::organs`).
pub async fn all_bodies(db: &Db) -> StoreResult<Vec<Body>> {
    let sql = format!("SELECT {BODY_COLUMNS} FROM bodies b ORDER BY b.unit_code, b.body_type_id");
    Ok(on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .fetch_all(c)
        .await)?)
}

/// The bodies sitting at one unit.
pub async fn bodies_at(db: &Db, unit_code: &str) -> StoreResult<Vec<Body>> {
    let sql = format!("SELECT {BODY_COLUMNS} FROM bodies b WHERE b.unit_code = $1 ORDER BY b.body_type_id");
    Ok(on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(unit_code)
        .fetch_all(c)
        .await)?)
}

/// The meetings a person was expected at, and whether they came.
pub async fn attendance_of(db: &Db, uid: &str) -> StoreResult<Vec<AttendanceRecord>> {
    Ok(on_db!(db, |c| {
        sqlx::query_as(
        "SELECT m.id AS meeting_id, m.held_on, a.presence FROM meeting_attendance a \
         JOIN meetings m ON m.id = a.meeting_id WHERE a.person_id = (SELECT id FROM people WHERE uid = $1) ORDER BY m.held_on DESC, m.id DESC"
    )
    .bind(uid)
    .fetch_all(c)
    .await
    })?)
}

/// People holding a seat of the body on `day`.
pub async fn members_on(tx: &mut Tx, body_id: i64, day: NaiveDate) -> StoreResult<Vec<i64>> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT DISTINCT person_id FROM mandates WHERE body_id = $1 AND started_on <= $2 \
         AND (ended_on IS NULL OR ended_on >= $2) ORDER BY person_id"
    )
    .bind(body_id)
    .bind(day)
    .fetch_all(c)
    .await)?)
}

/// The uids of these people, in the same order.
pub async fn uids_of(tx: &mut Tx, people: &[i64]) -> StoreResult<Vec<String>> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = people.iter().map(i64::to_string).collect();
    let sql = format!("SELECT id, uid FROM people WHERE id IN ({})", list.join(", "));
    let rows: Vec<(i64, String)> = on_tx!(tx, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .fetch_all(c)
        .await)?;
    Ok(people
        .iter()
        .map(|id| {
            rows.iter()
                .find(|(i, _)| i == id)
                .map(|(_, u)| u.clone())
                .unwrap_or_default()
        })
        .collect())
}

/// The id of the person `uid` if they were expected at the meeting.
pub async fn attendee(db: &Db, meeting: &Held<Meeting>, uid: &str) -> StoreResult<Option<i64>> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT p.id FROM meeting_attendance a JOIN people p ON p.id = a.person_id \
         WHERE a.meeting_id = $1 AND p.uid = $2"
    )
    .bind(meeting.id)
    .bind(uid)
    .fetch_optional(c)
    .await)?)
}

/// A meeting to write, with its counts worked out from the attendance.
pub struct NewMeeting<'a> {
    pub body: &'a Body,
    pub status: &'static str,
    pub scheduled_on: NaiveDate,
    pub held_on: Option<NaiveDate>,
    pub place: &'a str,
    pub agenda: &'a str,
    pub theme_id: Option<i64>,
    pub attendance: &'a [(i64, Presence)],
    pub guests: &'a [(String, String)],
    pub minutes: &'a str,
    pub recorded_by: &'a str,
}

/// Writes a meeting, its attendance and guests, and (when held) the body's rollup.
pub async fn insert_meeting(tx: &mut Tx, m: &NewMeeting<'_>, now: DateTime<Utc>) -> StoreResult<i64> {
    let count = |p: Presence| m.attendance.iter().filter(|(_, x)| *x == p).count() as i64;
    let id: i64 = on_tx!(tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO meetings (body_id, unit_path, status, scheduled_on, held_on, place, agenda, theme_id, \
         members, present, excused, absent, guests, minutes, recorded_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id"
    )
    .bind(m.body.id)
    .bind(&m.body.unit_path)
    .bind(m.status)
    .bind(m.scheduled_on)
    .bind(m.held_on)
    .bind(m.place)
    .bind(m.agenda)
    .bind(m.theme_id)
    .bind(m.attendance.len() as i64)
    .bind(count(Presence::Present))
    .bind(count(Presence::Excused))
    .bind(count(Presence::Absent))
    .bind(m.guests.len() as i64)
    .bind(m.minutes)
    .bind(m.recorded_by)
    .bind(now)
    .fetch_one(c)
    .await
    })?;
    write_attendance(tx, id, m).await?;
    add_event(
        tx,
        &MeetingEventDraft {
            meeting_id: id,
            kind: m.status,
            from_on: None,
            to_on: Some(m.held_on.unwrap_or(m.scheduled_on)),
            reason: "",
            by_label: m.recorded_by,
        },
        now,
    )
    .await?;
    Ok(id)
}

/// Writes a held meeting's attendance and guests, and counts it in its body's rollup.
async fn write_attendance(tx: &mut Tx, id: i64, m: &NewMeeting<'_>) -> StoreResult<()> {
    for chunk in m.attendance.chunks(300) {
        let sql = format!(
            "INSERT INTO meeting_attendance (meeting_id, person_id, presence) VALUES {}",
            crate::store::values_clause(tx.backend(), chunk.len(), 3)
        );
        on_tx!(tx, |c| {
            let mut q = sqlx::query(AssertSqlSafe(sql.as_str()));
            for (person, presence) in chunk {
                q = q.bind(id).bind(*person).bind(presence.code());
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    for (name, quality) in m.guests {
        on_tx!(tx, |c| sqlx::query(
            "INSERT INTO meeting_guests (meeting_id, name, quality) VALUES ($1, $2, $3)"
        )
        .bind(id)
        .bind(name)
        .bind(quality)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    }
    if let Some(day) = m.held_on.filter(|_| m.status == "held") {
        count_held(tx, m.body.id, day).await?;
    }
    Ok(())
}

/// Records a scheduled (or postponed) meeting as held, with what `m` says of it. Whether it was
/// still waiting to be held (two secretaries recording it at once: one wins).
pub async fn hold(tx: &mut Tx, id: i64, m: &NewMeeting<'_>, now: DateTime<Utc>) -> StoreResult<bool> {
    let count = |p: Presence| m.attendance.iter().filter(|(_, x)| *x == p).count() as i64;
    let n = on_tx!(tx, |c| {
        sqlx::query(
            "UPDATE meetings SET status = 'held', held_on = $2, place = $3, agenda = $4, theme_id = $5, \
         members = $6, present = $7, excused = $8, absent = $9, guests = $10, minutes = $11, \
         recorded_by = $12, updated_at = $13 WHERE id = $1 AND status IN ('scheduled', 'postponed')",
        )
        .bind(id)
        .bind(m.held_on)
        .bind(m.place)
        .bind(m.agenda)
        .bind(m.theme_id)
        .bind(m.attendance.len() as i64)
        .bind(count(Presence::Present))
        .bind(count(Presence::Excused))
        .bind(count(Presence::Absent))
        .bind(m.guests.len() as i64)
        .bind(m.minutes)
        .bind(m.recorded_by)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    if n != 1 {
        return Ok(false);
    }
    write_attendance(tx, id, m).await?;
    add_event(
        tx,
        &MeetingEventDraft {
            meeting_id: id,
            kind: "held",
            from_on: Some(m.scheduled_on),
            to_on: m.held_on,
            reason: "",
            by_label: m.recorded_by,
        },
        now,
    )
    .await?;
    Ok(true)
}

/// Moves a meeting not held yet to another day; whether it was still waiting.
pub async fn postpone(tx: &mut Tx, id: i64, to: NaiveDate, now: DateTime<Utc>) -> StoreResult<bool> {
    let n = on_tx!(tx, |c| sqlx::query(
        "UPDATE meetings SET status = 'postponed', scheduled_on = $2, updated_at = $3 \
         WHERE id = $1 AND status IN ('scheduled', 'postponed')"
    )
    .bind(id)
    .bind(to)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A step of a meeting's history, to write.
pub struct MeetingEventDraft<'a> {
    pub meeting_id: i64,
    pub kind: &'a str,
    pub from_on: Option<NaiveDate>,
    pub to_on: Option<NaiveDate>,
    pub reason: &'a str,
    pub by_label: &'a str,
}

pub async fn add_event(tx: &mut Tx, e: &MeetingEventDraft<'_>, now: DateTime<Utc>) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO meeting_events (meeting_id, kind, from_on, to_on, reason, by_label, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)"
    )
    .bind(e.meeting_id)
    .bind(e.kind)
    .bind(e.from_on)
    .bind(e.to_on)
    .bind(e.reason)
    .bind(e.by_label)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A step of a meeting's history, as its page shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MeetingEvent {
    pub kind: String,
    pub from_on: Option<NaiveDate>,
    pub to_on: Option<NaiveDate>,
    pub reason: String,
    pub by_label: String,
    pub at: DateTime<Utc>,
}

/// A meeting's history, oldest first.
pub async fn events_of(db: &Db, meeting: &Visible<Meeting>) -> StoreResult<Vec<MeetingEvent>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT kind, from_on, to_on, reason, by_label, at FROM meeting_events \
         WHERE meeting_id = $1 ORDER BY at, id"
    )
    .bind(meeting.id)
    .fetch_all(c)
    .await)?)
}

/// The body's rollup: one more meeting held, on `day`.
async fn count_held(tx: &mut Tx, body_id: i64, day: NaiveDate) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE bodies SET meetings_held = meetings_held + 1, \
         last_held_on = CASE WHEN last_held_on IS NULL OR last_held_on < $1 THEN $1 ELSE last_held_on END \
         WHERE id = $2"
    )
    .bind(day)
    .bind(body_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Moves a scheduled meeting to postponed or cancelled (held goes through the attendance).
pub async fn set_status(tx: &mut Tx, meeting_id: i64, status: &str, now: DateTime<Utc>) -> StoreResult<bool> {
    let n = on_tx!(tx, |c| {
        sqlx::query(
        "UPDATE meetings SET status = $1, updated_at = $2 WHERE id = $3 AND status IN ('scheduled', 'postponed')"
    )
    .bind(status)
    .bind(now)
    .bind(meeting_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// A meeting inside the caller's scope.
pub async fn meeting(db: &Db, id: i64, scope: &Scope) -> StoreResult<Option<Visible<Meeting>>> {
    let mut args = SqlArgs::after(1);
    let inside = scope.sql_contains("m.unit_path", &mut args);
    let sql = format!("SELECT {MEETING_COLUMNS} FROM meetings m WHERE m.id = $1 AND {inside}");
    Ok(row_by_id(db, &sql, id, args).await?.map(Visible::found))
}

/// A meeting of a body whose records the permit covers (see [`body_held`]).
pub async fn meeting_held(db: &Db, id: i64, permit: &Permit) -> StoreResult<Option<Held<Meeting>>> {
    let mut args = SqlArgs::after(1);
    let held = permit.sql_holds("m.unit_path", "t.organization_id", &mut args);
    let sql = format!(
        "SELECT {MEETING_COLUMNS} FROM meetings m JOIN bodies b ON b.id = m.body_id \
         JOIN body_types t ON t.id = b.body_type_id WHERE m.id = $1 AND {held}"
    );
    Ok(row_by_id(db, &sql, id, args).await?.map(Held::found))
}

/// A body's meetings, latest first.
pub async fn meetings_of(db: &Db, body: &Visible<Body>) -> StoreResult<Vec<Meeting>> {
    let sql = format!(
        "SELECT {MEETING_COLUMNS} FROM meetings m WHERE m.body_id = $1 \
         ORDER BY COALESCE(m.held_on, m.scheduled_on) DESC, m.id DESC"
    );
    Ok(on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(body.id)
        .fetch_all(c)
        .await)?)
}

/// Who was expected at a meeting of a body whose people the caller may name, and whether they
/// came, by name.
pub async fn attendance(
    db: &Db,
    body: &Held<Body>,
    meeting: &Visible<Meeting>,
) -> StoreResult<Vec<Attendee>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT p.id, p.uid, p.given_ar, p.family_ar, p.given_latin, p.family_latin, a.presence \
         FROM meeting_attendance a JOIN people p ON p.id = a.person_id \
         JOIN meetings m ON m.id = a.meeting_id AND m.body_id = $2 \
         WHERE a.meeting_id = $1 ORDER BY a.presence DESC, p.id"
    )
    .bind(meeting.id)
    .bind(body.id)
    .fetch_all(c)
    .await)?)
}

/// The bodies of a type by the code of their unit: (unit code, body id), by unit code.
pub async fn bodies_by_unit(tx: &mut Tx, type_code: &str) -> StoreResult<Vec<(String, i64)>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "SELECT b.unit_code, b.id FROM bodies b JOIN body_types t ON t.id = b.body_type_id \
         WHERE t.code = $1 ORDER BY b.unit_code"
    )
    .bind(type_code)
    .fetch_all(c)
    .await)?)
}
