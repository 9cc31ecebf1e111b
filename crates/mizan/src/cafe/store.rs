//! The Policy Café's SQL, and the only place it lives. Sessions are found by their join code
//! (public) or by id within the caller's [`Permit`] (staff).

use chrono::{DateTime, Utc};
use sqlx::AssertSqlSafe;

use super::model::{Panelist, Question, QuestionRow, Session, Status};
use crate::auth::{Held, Permit};
use crate::store::{Db, SqlArgs, StoreResult, Tx};
use crate::{on_db, on_tx};

const SESSION_COLUMNS: &str = "id, code, title, event, place, unit_code, unit_path, organizer_body_id, \
     organization_id, opens_at, closes_at, anonymous_allowed, premoderation, max_length, votes_per_device, paused";
const QUESTION_COLUMNS: &str = "id, session_id, body, first_name, age_band, status, hidden_reason, merged_into, \
     sector, pinned, answered, votes, asked_at, answer, answered_by";

/// A session as its organizer types it, checked.
#[derive(Clone, Debug)]
pub struct NewSession<'a> {
    pub code: &'a str,
    pub title: &'a str,
    pub event: &'a str,
    pub place: &'a str,
    pub unit_code: &'a str,
    pub unit_path: &'a str,
    pub organizer_body_id: Option<i64>,
    pub organization_id: i64,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub anonymous_allowed: bool,
    pub premoderation: bool,
    pub max_length: i64,
    pub votes_per_device: i64,
    pub created_by: &'a str,
}

pub async fn insert_session(tx: &mut Tx, s: &NewSession<'_>, now: DateTime<Utc>) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO cafe_sessions (code, title, event, place, unit_code, unit_path, organizer_body_id, opens_at, \
         closes_at, anonymous_allowed, premoderation, max_length, votes_per_device, paused, created_by, created_at, \
         organization_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, FALSE, $14, $15, $16) RETURNING id"
    )
    .bind(s.code)
    .bind(s.title)
    .bind(s.event)
    .bind(s.place)
    .bind(s.unit_code)
    .bind(s.unit_path)
    .bind(s.organizer_body_id)
    .bind(s.opens_at)
    .bind(s.closes_at)
    .bind(s.anonymous_allowed)
    .bind(s.premoderation)
    .bind(s.max_length)
    .bind(s.votes_per_device)
    .bind(s.created_by)
    .bind(now)
    .bind(s.organization_id)
    .fetch_one(c)
    .await
    })?)
}

pub async fn session_by_code(db: &Db, code: &str) -> StoreResult<Option<Session>> {
    let sql = format!("SELECT {SESSION_COLUMNS} FROM cafe_sessions WHERE code = $1");
    Ok(on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(code)
        .fetch_optional(c)
        .await)?)
}

pub async fn session_by_id(db: &Db, id: i64) -> StoreResult<Option<Session>> {
    let sql = format!("SELECT {SESSION_COLUMNS} FROM cafe_sessions WHERE id = $1");
    Ok(on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(id)
        .fetch_optional(c)
        .await)?)
}

/// A session the permit covers: its event in the permit's territory, and of its organization.
pub async fn session_held(db: &Db, id: i64, permit: &Permit) -> StoreResult<Option<Held<Session>>> {
    let mut args = SqlArgs::after(1);
    let held = permit.sql_holds("unit_path", "organization_id", &mut args);
    let sql = format!("SELECT {SESSION_COLUMNS} FROM cafe_sessions WHERE id = $1 AND {held}");
    let found: Option<Session> = on_db!(db, |c| {
        args.bind(sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(id))
            .fetch_optional(c)
            .await
    })?;
    Ok(found.map(Held::found))
}

/// The sessions the permit covers (see [`session_held`]), latest first.
pub async fn sessions(db: &Db, permit: &Permit) -> StoreResult<Vec<Session>> {
    let mut args = SqlArgs::after(0);
    let held = permit.sql_holds("unit_path", "organization_id", &mut args);
    let sql =
        format!("SELECT {SESSION_COLUMNS} FROM cafe_sessions WHERE {held} ORDER BY opens_at DESC, id DESC");
    Ok(on_db!(db, |c| {
        args.bind(sqlx::query_as(AssertSqlSafe(sql.as_str())))
            .fetch_all(c)
            .await
    })?)
}

/// Seats a panelist, who may be a person of the registry (`person`, their id).
pub async fn insert_panelist(
    tx: &mut Tx,
    session_id: i64,
    p: &Panelist,
    person: Option<i64>,
) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| {
        sqlx::query_scalar(
            "INSERT INTO cafe_panelists (session_id, name_ar, name_latin, role, sectors, person_id) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(session_id)
        .bind(&p.name_ar)
        .bind(&p.name_latin)
        .bind(&p.role)
        .bind(&p.sectors)
        .bind(person)
        .fetch_one(c)
        .await
    })?)
}

pub async fn panelists(db: &Db, session_id: i64) -> StoreResult<Vec<Panelist>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT c.id, c.name_ar, c.name_latin, c.role, c.sectors, p.uid AS person_uid FROM cafe_panelists c \
         LEFT JOIN people p ON p.id = c.person_id WHERE c.session_id = $1 ORDER BY c.id"
    )
    .bind(session_id)
    .fetch_all(c)
    .await)?)
}

/// The device of a token's digest, made on its first question or vote.
pub async fn device(tx: &mut Tx, digest: &str, now: DateTime<Utc>) -> StoreResult<i64> {
    on_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO cafe_devices (token_digest, created_at) VALUES ($1, $2) ON CONFLICT (token_digest) DO NOTHING"
    )
    .bind(digest)
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|_| ())
    })?;
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT id FROM cafe_devices WHERE token_digest = $1"
    )
    .bind(digest)
    .fetch_one(c)
    .await)?)
}

/// The device of a token's digest, if it ever asked or voted.
pub async fn known_device(db: &Db, digest: &str) -> StoreResult<Option<i64>> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT id FROM cafe_devices WHERE token_digest = $1"
    )
    .bind(digest)
    .fetch_optional(c)
    .await)?)
}

/// A question as asked.
pub struct NewQuestion<'a> {
    pub session_id: i64,
    pub device_id: i64,
    pub body: &'a str,
    pub first_name: &'a str,
    pub age_band: &'a str,
    pub status: Status,
}

pub async fn insert_question(tx: &mut Tx, q: &NewQuestion<'_>, now: DateTime<Utc>) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO cafe_questions (session_id, device_id, body, first_name, age_band, status, sector, pinned, \
         answered, votes, asked_at, answer) VALUES ($1, $2, $3, $4, $5, $6, '', FALSE, FALSE, 0, $7, '') RETURNING id"
    )
    .bind(q.session_id)
    .bind(q.device_id)
    .bind(q.body)
    .bind(q.first_name)
    .bind(q.age_band)
    .bind(q.status.code())
    .bind(now)
    .fetch_one(c)
    .await
    })?)
}

/// A question of a session.
pub async fn question(db: &Db, session_id: i64, id: i64) -> StoreResult<Option<Question>> {
    let sql = format!("SELECT {QUESTION_COLUMNS} FROM cafe_questions WHERE id = $1 AND session_id = $2");
    let row: Option<QuestionRow> = on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(id)
        .bind(session_id)
        .fetch_optional(c)
        .await)?;
    Ok(row.map(Question::from))
}

/// The published questions of a session, what its public screens show; pinned first, then by
/// votes, the older first among equals.
pub async fn published_questions(db: &Db, session_id: i64) -> StoreResult<Vec<Question>> {
    questions(db, session_id, " AND status = 'published'").await
}

/// Every question of a session, those waiting, hidden or merged too: for those who hold it (its
/// moderators); in the same order.
pub async fn all_questions(db: &Db, session: &Held<Session>) -> StoreResult<Vec<Question>> {
    questions(db, session.id, "").await
}

async fn questions(db: &Db, session_id: i64, only: &str) -> StoreResult<Vec<Question>> {
    let sql = format!(
        "SELECT {QUESTION_COLUMNS} FROM cafe_questions WHERE session_id = $1{only} \
         ORDER BY pinned DESC, votes DESC, id"
    );
    let rows: Vec<QuestionRow> = on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(session_id)
        .fetch_all(c)
        .await)?;
    Ok(rows.into_iter().map(Question::from).collect())
}

fn id_list(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// These questions (of any session), as they are now.
pub async fn questions_by_id(db: &Db, ids: &[i64]) -> StoreResult<Vec<Question>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {QUESTION_COLUMNS} FROM cafe_questions WHERE id IN ({})",
        id_list(1, ids.len())
    );
    let rows: Vec<QuestionRow> = on_db!(db, |c| {
        let mut q = sqlx::query_as(AssertSqlSafe(sql.as_str()));
        for id in ids {
            q = q.bind(*id);
        }
        q.fetch_all(c).await
    })?;
    Ok(rows.into_iter().map(Question::from).collect())
}

/// The vote counts of these questions, with whether each is published.
pub async fn vote_counts(db: &Db, ids: &[i64]) -> StoreResult<Vec<(i64, i64, bool)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, votes, status = 'published' FROM cafe_questions WHERE id IN ({}) ORDER BY id",
        id_list(1, ids.len())
    );
    Ok(on_db!(db, |c| {
        let mut q = sqlx::query_as(AssertSqlSafe(sql.as_str()));
        for id in ids {
            q = q.bind(*id);
        }
        q.fetch_all(c).await
    })?)
}

/// The questions of a session a device voted for.
pub async fn voted_by(db: &Db, session_id: i64, device_id: i64) -> StoreResult<Vec<i64>> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT v.question_id FROM cafe_votes v JOIN cafe_questions q ON q.id = v.question_id \
         WHERE v.device_id = $1 AND q.session_id = $2"
    )
    .bind(device_id)
    .bind(session_id)
    .fetch_all(c)
    .await)?)
}

/// One vote to cast (or withdraw) in a batch.
#[derive(Clone, Copy, Debug)]
pub struct Ballot {
    pub session_id: i64,
    pub question_id: i64,
    pub device_id: i64,
    pub cast: bool,
    /// How many questions a device may vote for in the session (0: no limit).
    pub limit: i64,
}

/// A question's count once a batch is written, and whether it is published.
pub type Count = (i64, bool);

/// Writes a batch of ballots in the caller's transaction: each cast is one row of the unique
/// (question, device) key, taken only on a published question and within the device's limit;
/// each withdrawal deletes that row. Returns, for each ballot, whether it changed anything, and
/// the count of every question of the batch after it; the questions' counts are moved by the
/// changes in the same transaction.
///
/// Ballots are written in their order; casts that follow one another from distinct devices are
/// one statement (a batch of a busy hall is a handful of statements, not one per vote), and a
/// device's limit counts the votes it cast before, in earlier statements.
pub async fn write_ballots(
    tx: &mut Tx,
    ballots: &[Ballot],
    now: DateTime<Utc>,
) -> StoreResult<(Vec<bool>, std::collections::HashMap<i64, Count>)> {
    let mut changed = vec![false; ballots.len()];
    // The casts not written yet (their places in `ballots`), each from a different device.
    let mut casts: Vec<usize> = Vec::new();
    let mut devices = std::collections::HashSet::new();
    for (i, b) in ballots.iter().enumerate() {
        let joins = b.cast && casts.len() < CASTS_PER_STATEMENT && !devices.contains(&b.device_id);
        if !joins {
            write_casts(tx, ballots, &casts, now, &mut changed).await?;
            casts.clear();
            devices.clear();
        }
        if b.cast {
            casts.push(i);
            devices.insert(b.device_id);
        } else {
            let rows = on_tx!(tx, |c| sqlx::query(
                "DELETE FROM cafe_votes WHERE question_id = $1 AND device_id = $2 \
                 AND question_id IN (SELECT id FROM cafe_questions WHERE session_id = $3)"
            )
            .bind(b.question_id)
            .bind(b.device_id)
            .bind(b.session_id)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
            changed[i] = rows > 0;
        }
    }
    write_casts(tx, ballots, &casts, now, &mut changed).await?;
    let mut deltas: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
    for (b, _) in ballots.iter().zip(&changed).filter(|(_, changed)| **changed) {
        *deltas.entry(b.question_id).or_default() += if b.cast { 1 } else { -1 };
    }
    let deltas: Vec<(i64, i64)> = deltas.into_iter().filter(|(_, d)| *d != 0).collect();
    let mut counts = std::collections::HashMap::new();
    for chunk in deltas.chunks(500) {
        // One statement for every question moved, which says their counts: VALUES' columns
        // are column1, column2 in both stores.
        let sql = format!(
            "UPDATE cafe_questions SET votes = votes + d.column2 FROM (VALUES {}) AS d \
             WHERE cafe_questions.id = d.column1 RETURNING id, votes, status = 'published'",
            value_rows(1, 2, chunk.len())
        );
        let rows: Vec<(i64, i64, bool)> = on_tx!(tx, |c| {
            let mut q = sqlx::query_as(AssertSqlSafe(sql.as_str()));
            for (id, delta) in chunk {
                q = q.bind(*id).bind(*delta);
            }
            q.fetch_all(c).await
        })?;
        counts.extend(
            rows.into_iter()
                .map(|(id, votes, published)| (id, (votes, published))),
        );
    }
    // The counts of the questions whose votes did not move are read.
    let mut ids: Vec<i64> = ballots
        .iter()
        .map(|b| b.question_id)
        .filter(|id| !counts.contains_key(id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    for chunk in ids.chunks(500) {
        let sql = format!(
            "SELECT id, votes, status = 'published' FROM cafe_questions WHERE id IN ({})",
            id_list(1, chunk.len())
        );
        let rows: Vec<(i64, i64, bool)> = on_tx!(tx, |c| {
            let mut q = sqlx::query_as(AssertSqlSafe(sql.as_str()));
            for id in chunk {
                q = q.bind(*id);
            }
            q.fetch_all(c).await
        })?;
        counts.extend(
            rows.into_iter()
                .map(|(id, votes, published)| (id, (votes, published))),
        );
    }
    Ok((changed, counts))
}

/// The most casts written by one statement (four parameters each).
const CASTS_PER_STATEMENT: usize = 500;

/// Writes the casts of `ballots` at `casts` (each from a different device) in one statement,
/// marking in `changed` those that took a row.
async fn write_casts(
    tx: &mut Tx,
    ballots: &[Ballot],
    casts: &[usize],
    now: DateTime<Utc>,
    changed: &mut [bool],
) -> StoreResult<()> {
    if casts.is_empty() {
        return Ok(());
    }
    // b: (question, device, session, limit). The primary key settles a second vote, whatever
    // the timing; RETURNING says which casts took a row.
    let sql = format!(
        "INSERT INTO cafe_votes (question_id, device_id, cast_at) \
         SELECT b.column1, b.column2, $1 FROM (VALUES {}) AS b \
         JOIN cafe_questions q ON q.id = b.column1 AND q.session_id = b.column3 AND q.status = 'published' \
         WHERE b.column4 = 0 OR (SELECT COUNT(*) FROM cafe_votes v JOIN cafe_questions o ON o.id = v.question_id \
         WHERE v.device_id = b.column2 AND o.session_id = b.column3) < b.column4 \
         ON CONFLICT (question_id, device_id) DO NOTHING \
         RETURNING question_id, device_id",
        value_rows(2, 4, casts.len())
    );
    let taken: Vec<(i64, i64)> = on_tx!(tx, |c| {
        let mut q = sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(now);
        for b in casts.iter().map(|i| &ballots[*i]) {
            q = q
                .bind(b.question_id)
                .bind(b.device_id)
                .bind(b.session_id)
                .bind(b.limit);
        }
        q.fetch_all(c).await
    })?;
    let taken: std::collections::HashSet<(i64, i64)> = taken.into_iter().collect();
    for i in casts {
        changed[*i] = taken.contains(&(ballots[*i].question_id, ballots[*i].device_id));
    }
    Ok(())
}

/// `($first, …), (…), …`: `rows` rows of `width` parameters each, numbered from `first`.
fn value_rows(first: usize, width: usize, rows: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", id_list(first + r * width, width)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Tells every server process on this PostgreSQL that something of a session changed; their
/// listeners reload it and push it to their screens (sent when the transaction commits). On
/// SQLite there is one process, which pushes by itself.
pub async fn notify(tx: &mut Tx, payload: &str) -> StoreResult<()> {
    if let Tx::Postgres(t) = tx {
        sqlx::query("SELECT pg_notify('mizan_cafe', $1)")
            .bind(payload)
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}
