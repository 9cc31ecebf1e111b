//! The bodies module's SQL, and the only place it lives. Queries that list bodies, meetings or
//! mandates take the caller's [`Scope`] and filter on the unit's path in SQL.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use super::model::{
    AttendanceRecord, Attendee, Body, BodyType, Decision, Mandate, MandateRecord, Meeting, Position,
    Presence, Theme,
};
use crate::auth::{Permit, Scope};
use crate::store::{Db, SqlArgs, StoreResult, Tx};
use crate::{on_db, on_tx};

const TYPE_COLUMNS: &str = "id, code, organization_id, name_ar, name_fr, name_en, level, meetings_per_year, \
     quorum_rule, quorum_numerator, quorum_denominator, one_per_unit, retired_on";
const BODY_COLUMNS: &str = "b.id, b.body_type_id, b.unit_code, b.unit_path, b.formed_on, b.dissolved_on, b.meetings_held, b.last_held_on";
const MEETING_COLUMNS: &str = "m.id, m.body_id, m.unit_path, m.status, m.scheduled_on, m.held_on, m.place, m.agenda, \
     m.theme_id, m.members, m.present, m.excused, m.absent, m.guests, m.minutes, m.recorded_by";

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

/// A body inside the caller's scope.
pub async fn body(db: &Db, id: i64, scope: &Scope) -> StoreResult<Option<Body>> {
    let mut args = SqlArgs::after(1);
    let inside = scope.sql_contains("b.unit_path", &mut args);
    let sql = format!("SELECT {BODY_COLUMNS} FROM bodies b WHERE b.id = $1 AND {inside}");
    Ok(on_db!(db, |c| {
        let mut q = sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(id);
        for v in args.values() {
            q = q.bind(v);
        }
        q.fetch_optional(c).await
    })?)
}

/// A body whose records the permit covers: at its place, and of its type's organization (a
/// youth-wing officer's grant covers the youth wing's bureaus, not the party's).
pub async fn body_held(db: &Db, id: i64, permit: &Permit) -> StoreResult<Option<Body>> {
    let mut args = SqlArgs::after(1);
    let held = permit.sql_holds("b.unit_path", "t.organization_id", &mut args);
    let sql = format!(
        "SELECT {BODY_COLUMNS} FROM bodies b JOIN body_types t ON t.id = b.body_type_id \
         WHERE b.id = $1 AND {held}"
    );
    Ok(on_db!(db, |c| {
        let mut q = sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(id);
        for v in args.values() {
            q = q.bind(v);
        }
        q.fetch_optional(c).await
    })?)
}

/// The bodies sitting at one unit.
pub async fn bodies_at(db: &Db, unit_code: &str) -> StoreResult<Vec<Body>> {
    let sql = format!("SELECT {BODY_COLUMNS} FROM bodies b WHERE b.unit_code = $1 ORDER BY b.body_type_id");
    Ok(on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(unit_code)
        .fetch_all(c)
        .await)?)
}

const MANDATE_SELECT: &str = "SELECT d.id, d.body_id, d.person_id, d.position_code, d.started_on, d.ended_on, \
     d.end_reason, p.uid, p.given_ar, p.family_ar, p.given_latin, p.family_latin \
     FROM mandates d JOIN people p ON p.id = d.person_id";

/// Every mandate of a body, current ones first, then by seat and start.
pub async fn mandates(db: &Db, body_id: i64) -> StoreResult<Vec<Mandate>> {
    let sql = format!(
        "{MANDATE_SELECT} WHERE d.body_id = $1 \
         ORDER BY CASE WHEN d.ended_on IS NULL THEN 0 ELSE 1 END, d.position_code, d.started_on DESC, d.id"
    );
    Ok(on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(body_id)
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

/// The id of the person `uid` if they were expected at the meeting.
pub async fn attendee(db: &Db, meeting_id: i64, uid: &str) -> StoreResult<Option<i64>> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT p.id FROM meeting_attendance a JOIN people p ON p.id = a.person_id \
         WHERE a.meeting_id = $1 AND p.uid = $2"
    )
    .bind(meeting_id)
    .bind(uid)
    .fetch_optional(c)
    .await)?)
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
pub async fn events_of(db: &Db, meeting_id: i64) -> StoreResult<Vec<MeetingEvent>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT kind, from_on, to_on, reason, by_label, at FROM meeting_events \
         WHERE meeting_id = $1 ORDER BY at, id"
    )
    .bind(meeting_id)
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
pub async fn meeting(db: &Db, id: i64, scope: &Scope) -> StoreResult<Option<Meeting>> {
    let mut args = SqlArgs::after(1);
    let inside = scope.sql_contains("m.unit_path", &mut args);
    let sql = format!("SELECT {MEETING_COLUMNS} FROM meetings m WHERE m.id = $1 AND {inside}");
    Ok(on_db!(db, |c| {
        let mut q = sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(id);
        for v in args.values() {
            q = q.bind(v);
        }
        q.fetch_optional(c).await
    })?)
}

/// A meeting of a body whose records the permit covers (see [`body_held`]).
pub async fn meeting_held(db: &Db, id: i64, permit: &Permit) -> StoreResult<Option<Meeting>> {
    let mut args = SqlArgs::after(1);
    let held = permit.sql_holds("m.unit_path", "t.organization_id", &mut args);
    let sql = format!(
        "SELECT {MEETING_COLUMNS} FROM meetings m JOIN bodies b ON b.id = m.body_id \
         JOIN body_types t ON t.id = b.body_type_id WHERE m.id = $1 AND {held}"
    );
    Ok(on_db!(db, |c| {
        let mut q = sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(id);
        for v in args.values() {
            q = q.bind(v);
        }
        q.fetch_optional(c).await
    })?)
}

/// A body's meetings, latest first.
pub async fn meetings_of(db: &Db, body_id: i64) -> StoreResult<Vec<Meeting>> {
    let sql = format!(
        "SELECT {MEETING_COLUMNS} FROM meetings m WHERE m.body_id = $1 \
         ORDER BY COALESCE(m.held_on, m.scheduled_on) DESC, m.id DESC"
    );
    Ok(on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(body_id)
        .fetch_all(c)
        .await)?)
}

/// Who was expected at a meeting and whether they came, by name.
pub async fn attendance(db: &Db, meeting_id: i64) -> StoreResult<Vec<Attendee>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT p.id, p.uid, p.given_ar, p.family_ar, p.given_latin, p.family_latin, a.presence \
         FROM meeting_attendance a JOIN people p ON p.id = a.person_id \
         WHERE a.meeting_id = $1 ORDER BY a.presence DESC, p.id"
    )
    .bind(meeting_id)
    .fetch_all(c)
    .await)?)
}

pub async fn decisions(db: &Db, meeting_id: i64) -> StoreResult<Vec<Decision>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT id, meeting_id, text, owner_person_id, due_on, status, done_on FROM decisions \
         WHERE meeting_id = $1 ORDER BY id"
    )
    .bind(meeting_id)
    .fetch_all(c)
    .await)?)
}

pub async fn insert_decision(
    tx: &mut Tx,
    meeting: (i64, &str),
    text: &str,
    owner: Option<i64>,
    due_on: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "INSERT INTO decisions (meeting_id, unit_path, text, owner_person_id, due_on, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'open', $6) RETURNING id"
    )
    .bind(meeting.0)
    .bind(meeting.1)
    .bind(text)
    .bind(owner)
    .bind(due_on)
    .bind(now)
    .fetch_one(c)
    .await)?)
}

/// Marks an open decision of the meeting done; false when there was none.
pub async fn decision_done(
    tx: &mut Tx,
    meeting_id: i64,
    decision_id: i64,
    day: NaiveDate,
) -> StoreResult<bool> {
    let n = on_tx!(tx, |c| {
        sqlx::query(
        "UPDATE decisions SET status = 'done', done_on = $1 WHERE id = $2 AND meeting_id = $3 AND status = 'open'"
    )
    .bind(day)
    .bind(decision_id)
    .bind(meeting_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// A file of minutes, as listed: (id, name, content type, size).
pub type MinutesFile = (i64, String, String, i64);

pub async fn insert_file(
    tx: &mut Tx,
    meeting_id: i64,
    name: &str,
    content_type: &str,
    content: &[u8],
    by: &str,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "INSERT INTO meeting_files (meeting_id, name, content_type, size, content, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"
    )
    .bind(meeting_id)
    .bind(name)
    .bind(content_type)
    .bind(content.len() as i64)
    .bind(content)
    .bind(by)
    .bind(now)
    .fetch_one(c)
    .await)?)
}

pub async fn files_of(db: &Db, meeting_id: i64) -> StoreResult<Vec<MinutesFile>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT id, name, content_type, size FROM meeting_files WHERE meeting_id = $1 ORDER BY id"
    )
    .bind(meeting_id)
    .fetch_all(c)
    .await)?)
}

/// One file of a meeting: (name, content type, bytes).
pub async fn file(db: &Db, meeting_id: i64, id: i64) -> StoreResult<Option<(String, String, Vec<u8>)>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT name, content_type, content FROM meeting_files WHERE meeting_id = $1 AND id = $2"
    )
    .bind(meeting_id)
    .bind(id)
    .fetch_optional(c)
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
