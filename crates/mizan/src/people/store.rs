//! The people module's SQL. Bulk writes go in multi-row statements of a few hundred rows.

use chrono::{DateTime, Utc};
use sqlx::AssertSqlSafe;

use super::model::{MembershipRow, MembershipView, PersonRow};
use super::search::{Driven, visible};
use crate::auth::{Held, Reach};
use crate::store::{Db, SqlArgs, StoreResult, Tx, values_clause};
use crate::{on_db, on_tx};

const PEOPLE_CHUNK: usize = 400;
const PERSON_COLUMNS: usize = 26;
const MEMBERSHIP_CHUNK: usize = 800;
const MEMBERSHIP_COLUMNS: usize = 9;

/// Writes people, then memberships, taking the rows (their values move into the statements, no
/// copy). Each statement's parameters are bound while the one before it runs.
pub async fn insert_rows(
    tx: &mut Tx,
    people: Vec<PersonRow>,
    memberships: Vec<MembershipRow>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let backend = tx.backend();
    on_tx!(tx, |c| {
        let people = in_chunks(people, PEOPLE_CHUNK).map(|chunk| {
            let sql = format!(
                "INSERT INTO people (id, uid, given_ar, family_ar, given_latin, family_latin, search_name, dedupe_key, \
                 sex, birth_year, birth_date_sealed, cin_sealed, cin_index, cin_shared, phone_sealed, \
                 phone_index, phone_tail_index, email_sealed, address_sealed, residence_code, residence_path, \
                 profession, education, notes, created_at, updated_at) VALUES {}",
                values_clause(backend, chunk.len(), PERSON_COLUMNS)
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for p in chunk {
                q = q
                    .bind(p.id)
                    .bind(p.uid)
                    .bind(p.given_ar)
                    .bind(p.family_ar)
                    .bind(p.given_latin)
                    .bind(p.family_latin)
                    .bind(p.search_name)
                    .bind(p.dedupe_key)
                    .bind(p.sex)
                    .bind(p.birth_year)
                    .bind(p.birth_date_sealed)
                    .bind(p.cin_sealed)
                    .bind(p.cin_index)
                    .bind(p.cin_shared)
                    .bind(p.phone_sealed)
                    .bind(p.phone_index)
                    .bind(p.phone_tail_index)
                    .bind(p.email_sealed)
                    .bind(p.address_sealed)
                    .bind(p.residence_code)
                    .bind(p.residence_path)
                    .bind(p.profession)
                    .bind(p.education)
                    .bind(p.notes)
                    .bind(now)
                    .bind(now);
            }
            q
        });
        let memberships = in_chunks(memberships, MEMBERSHIP_CHUNK).map(|chunk| {
            let sql = format!(
                "INSERT INTO memberships (id, person_id, organization_id, branch_code, branch_path, status, \
                 role, joined_on, created_at) VALUES {}",
                values_clause(backend, chunk.len(), MEMBERSHIP_COLUMNS)
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for m in chunk {
                q = q
                    .bind(m.id)
                    .bind(m.person_id)
                    .bind(m.organization_id)
                    .bind(m.branch_code)
                    .bind(m.branch_path)
                    .bind(m.status)
                    .bind(m.role)
                    .bind(m.joined_on)
                    .bind(now);
            }
            q
        });
        let mut statements = people.chain(memberships);
        let mut next = statements.next();
        while let Some(statement) = next {
            let (done, built) = tokio::join!(biased; statement.execute(&mut *c), async { statements.next() });
            done?;
            next = built;
        }
        Ok::<_, sqlx::Error>(())
    })?;
    Ok(())
}

/// `rows` in vectors of `size` (the last one shorter), taken as they come.
fn in_chunks<T>(rows: Vec<T>, size: usize) -> impl Iterator<Item = Vec<T>> {
    let mut rest = rows.into_iter().peekable();
    std::iter::from_fn(move || rest.peek().is_some().then(|| rest.by_ref().take(size).collect()))
}

/// After rows were written with explicit ids, PostgreSQL's identity sequences must move past them.
pub async fn advance_sequences(tx: &mut Tx) -> StoreResult<()> {
    if let Tx::Postgres(t) = tx {
        for table in ["people", "memberships"] {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            );
            sqlx::query(AssertSqlSafe(sql)).execute(&mut **t).await?;
        }
    }
    Ok(())
}

/// Replaces the membership rollups with these counts (unit, organization, active members).
pub async fn write_rollups(tx: &mut Tx, counts: &[(String, i64, i64)]) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query("DELETE FROM membership_rollups")
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    for chunk in counts.chunks(500) {
        let sql = format!(
            "INSERT INTO membership_rollups (unit_code, organization_id, active_members) VALUES {}",
            values_clause(tx.backend(), chunk.len(), 3)
        );
        on_tx!(tx, |c| {
            let mut q = sqlx::query(AssertSqlSafe(sql.as_str()));
            for (unit, org, n) in chunk {
                q = q.bind(unit).bind(org).bind(n);
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

pub async fn count_people(db: &Db) -> StoreResult<i64> {
    Ok(on_db!(db, |c| sqlx::query_scalar("SELECT COUNT(*) FROM people")
        .fetch_one(c)
        .await)?)
}

/// The next id of a table whose ids the application assigns (after a bulk load, or one by one).
pub async fn next_id(tx: &mut Tx, table: &'static str) -> StoreResult<i64> {
    let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
    Ok(on_tx!(tx, |c| sqlx::query_scalar(AssertSqlSafe(sql.as_str()))
        .fetch_one(c)
        .await)?)
}

/// The party's organization id, if the party is configured.
pub async fn party_id(tx: &mut Tx) -> StoreResult<Option<i64>> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT id FROM organizations WHERE kind = 'party' ORDER BY id LIMIT 1"
    )
    .fetch_optional(c)
    .await)?)
}

/// Adds one active member of `organization` to the rollups of the branch and every unit above it.
pub async fn count_new_member(tx: &mut Tx, branch_path: &str, organization: i64) -> StoreResult<()> {
    for code in branch_path.split('/').filter(|s| !s.is_empty()) {
        add_members(tx, code, organization, 1).await?;
    }
    Ok(())
}

/// Adds `n` active members of `organization` to one unit's rollup.
pub async fn add_members(tx: &mut Tx, unit_code: &str, organization: i64, n: i64) -> StoreResult<()> {
    on_tx!(tx, |c| {
        sqlx::query(
            "INSERT INTO membership_rollups (unit_code, organization_id, active_members) VALUES ($1, $2, $3) \
             ON CONFLICT (unit_code, organization_id) DO UPDATE SET active_members = membership_rollups.active_members + $3",
        )
        .bind(unit_code)
        .bind(organization)
        .bind(n)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// A person's row as stored (personal fields sealed).
#[derive(Debug, sqlx::FromRow)]
pub struct PersonRecord {
    pub id: i64,
    pub uid: String,
    pub given_ar: Option<String>,
    pub family_ar: Option<String>,
    pub given_latin: Option<String>,
    pub family_latin: Option<String>,
    pub sex: Option<String>,
    pub birth_year: Option<i64>,
    pub birth_date_sealed: Option<Vec<u8>>,
    pub cin_sealed: Option<Vec<u8>>,
    pub phone_sealed: Option<Vec<u8>>,
    pub email_sealed: Option<Vec<u8>>,
    pub address_sealed: Option<Vec<u8>>,
    pub residence_code: Option<String>,
    pub residence_path: Option<String>,
    pub profession: Option<String>,
    pub education: Option<String>,
    pub notes: Option<String>,
    pub cin_shared: bool,
}

impl PersonRecord {
    /// One of the record's sealed fields (`cin`, `phone`, `email`, `birth_date`, `address`), opened.
    pub fn open(&self, key: &crate::keys::MasterKey, column: &'static str) -> Option<String> {
        let sealed = match column {
            "cin" => &self.cin_sealed,
            "phone" => &self.phone_sealed,
            "email" => &self.email_sealed,
            "birth_date" => &self.birth_date_sealed,
            "address" => &self.address_sealed,
            _ => return None,
        };
        sealed
            .as_deref()
            .and_then(|s| key.open_text(&super::model::seal_context(column, &self.uid), s))
    }
}

const RECORD_COLUMNS: &str = "p.id, p.uid, p.given_ar, p.family_ar, p.given_latin, p.family_latin, p.sex, \
    p.birth_year, p.birth_date_sealed, p.cin_sealed, p.phone_sealed, p.email_sealed, p.address_sealed, \
    p.residence_code, p.residence_path, p.profession, p.education, p.notes, p.cin_shared";

/// The person with this uid, if the reaches cover them (sealed fields still sealed): held, so
/// that what is read of them next (their memberships) takes the proof.
pub async fn person_by_uid(db: &Db, reaches: &[Reach], uid: &str) -> StoreResult<Option<Held<PersonRecord>>> {
    let mut args = SqlArgs::after(1);
    let condition = visible(reaches, &mut args, Driven::ByLookup).unwrap_or_else(|| "1 = 1".to_owned());
    let sql = format!("SELECT {RECORD_COLUMNS} FROM people p WHERE p.uid = $1 AND {condition}");
    let found: Option<PersonRecord> = on_db!(db, |c| {
        args.bind(sqlx::query_as::<_, PersonRecord>(AssertSqlSafe(sql.as_str())).bind(uid))
            .fetch_optional(c)
            .await
    })?;
    Ok(found.map(Held::found))
}

/// The records of these people (whoever calls it has checked they are within reach).
pub async fn records_by_ids(db: &Db, ids: &[i64]) -> StoreResult<Vec<PersonRecord>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let sql = format!("SELECT {RECORD_COLUMNS} FROM people p WHERE p.id IN ({list})");
        out.extend(on_db!(db, |c| sqlx::query_as::<_, PersonRecord>(AssertSqlSafe(
            sql.as_str()
        ))
        .fetch_all(c)
        .await)?);
    }
    Ok(out)
}

/// The person's memberships the reaches may see (ended ones too, with why): a walled
/// organization's only to a role of it.
pub async fn memberships_of(
    db: &Db,
    reaches: &[Reach],
    person: &Held<PersonRecord>,
) -> StoreResult<Vec<MembershipView>> {
    let unlimited = reaches.iter().any(Reach::is_unlimited);
    let own: Vec<i64> = reaches.iter().filter_map(|r| r.organization).collect();
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        view: MembershipView,
        walled: bool,
    }
    let rows: Vec<Row> = on_db!(db, |c| {
        sqlx::query_as::<_, Row>(
        "SELECT m.id, o.id AS organization_id, o.code AS organization_code, o.name_ar AS organization_ar, \
         o.name_fr AS organization_fr, o.name_en AS organization_en, m.branch_code, m.branch_path, \
         u.name_ar AS branch_ar, u.name_fr AS branch_fr, m.status, m.role, m.joined_on, m.ended_on, \
         m.end_reason, (SELECT MAX(d.year) FROM dues d WHERE d.membership_id = m.id) AS dues_paid_through, \
         o.walled FROM memberships m JOIN organizations o ON o.id = m.organization_id \
         JOIN territory_units u ON u.code = m.branch_code WHERE m.person_id = $1 \
         ORDER BY o.id, m.status = 'ended', m.joined_on"
    )
    .bind(person.id)
    .fetch_all(c)
    .await
    })?;
    Ok(rows
        .into_iter()
        .filter(|r| !r.walled || unlimited || own.contains(&r.view.organization_id))
        .map(|r| r.view)
        .collect())
}

/// Rewrites a person's fields (names, keys, sealed fields, residence) from a finished row.
pub async fn update_person(tx: &mut Tx, p: &PersonRow, now: DateTime<Utc>) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE people SET given_ar = $1, family_ar = $2, given_latin = $3, family_latin = $4, \
         search_name = $5, dedupe_key = $6, sex = $7, birth_year = $8, birth_date_sealed = $9, \
         cin_sealed = $10, cin_index = $11, phone_sealed = $12, phone_index = $13, phone_tail_index = $14, \
         email_sealed = $15, residence_code = $16, residence_path = $17, profession = $18, education = $19, \
         updated_at = $20, cin_shared = $22, address_sealed = $23, notes = $24 WHERE id = $21"
    )
    .bind(&p.given_ar)
    .bind(&p.family_ar)
    .bind(&p.given_latin)
    .bind(&p.family_latin)
    .bind(&p.search_name)
    .bind(&p.dedupe_key)
    .bind(p.sex)
    .bind(p.birth_year)
    .bind(&p.birth_date_sealed)
    .bind(&p.cin_sealed)
    .bind(&p.cin_index)
    .bind(&p.phone_sealed)
    .bind(&p.phone_index)
    .bind(&p.phone_tail_index)
    .bind(&p.email_sealed)
    .bind(&p.residence_code)
    .bind(&p.residence_path)
    .bind(&p.profession)
    .bind(&p.education)
    .bind(now)
    .bind(p.id)
    .bind(p.cin_shared)
    .bind(&p.address_sealed)
    .bind(&p.notes)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Removes a person's row (whoever calls it has moved or removed what pointed at it).
pub async fn delete_person(tx: &mut Tx, id: i64) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query("DELETE FROM people WHERE id = $1")
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
