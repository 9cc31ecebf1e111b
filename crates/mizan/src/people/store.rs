//! The people module's SQL. Bulk writes go in multi-row statements of a few hundred rows.

use chrono::{DateTime, Utc};
use sqlx::AssertSqlSafe;

use super::model::{MembershipRow, PersonRow};
use crate::store::{Db, StoreResult, Tx, values_clause};
use crate::{on_db, on_tx};

const PEOPLE_CHUNK: usize = 400;
const PERSON_COLUMNS: usize = 23;

/// Writes people, taking the rows (their values move into the statement, no copy).
pub async fn insert_people(tx: &mut Tx, people: Vec<PersonRow>, now: DateTime<Utc>) -> StoreResult<()> {
    let mut rest = people.into_iter().peekable();
    while rest.peek().is_some() {
        let chunk: Vec<PersonRow> = rest.by_ref().take(PEOPLE_CHUNK).collect();
        let sql = format!(
            "INSERT INTO people (id, uid, given_ar, family_ar, given_latin, family_latin, search_name, sex, \
             birth_year, birth_date_sealed, cin_sealed, cin_index, phone_sealed, phone_index, \
             phone_tail_index, email_sealed, residence_code, residence_path, profession, education, \
             notes, created_at, updated_at) VALUES {}",
            values_clause(tx.backend(), chunk.len(), PERSON_COLUMNS)
        );
        on_tx!(tx, |c| {
            let mut q = sqlx::query(AssertSqlSafe(sql.as_str()));
            for p in chunk {
                q = q
                    .bind(p.id)
                    .bind(p.uid)
                    .bind(p.given_ar)
                    .bind(p.family_ar)
                    .bind(p.given_latin)
                    .bind(p.family_latin)
                    .bind(p.search_name)
                    .bind(p.sex)
                    .bind(p.birth_year)
                    .bind(p.birth_date_sealed)
                    .bind(p.cin_sealed)
                    .bind(p.cin_index)
                    .bind(p.phone_sealed)
                    .bind(p.phone_index)
                    .bind(p.phone_tail_index)
                    .bind(p.email_sealed)
                    .bind(p.residence_code)
                    .bind(p.residence_path)
                    .bind(p.profession)
                    .bind(p.education)
                    .bind(None::<String>)
                    .bind(now)
                    .bind(now);
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

const MEMBERSHIP_CHUNK: usize = 800;
const MEMBERSHIP_COLUMNS: usize = 9;

pub async fn insert_memberships(
    tx: &mut Tx,
    rows: Vec<MembershipRow>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let mut rest = rows.into_iter().peekable();
    while rest.peek().is_some() {
        let chunk: Vec<MembershipRow> = rest.by_ref().take(MEMBERSHIP_CHUNK).collect();
        let sql = format!(
            "INSERT INTO memberships (id, person_id, organization_id, branch_code, branch_path, status, \
             role, joined_on, created_at) VALUES {}",
            values_clause(tx.backend(), chunk.len(), MEMBERSHIP_COLUMNS)
        );
        on_tx!(tx, |c| {
            let mut q = sqlx::query(AssertSqlSafe(sql.as_str()));
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
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
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

/// Fills in the party's active members of every unit of these lists, from the rollups (no row:
/// zero), in one query.
pub async fn fill_party_members(db: &Db, lists: &mut [&mut [crate::territory::Unit]]) -> StoreResult<()> {
    let mut args = crate::store::SqlArgs::after(0);
    let placeholders: Vec<String> = lists
        .iter()
        .flat_map(|l| l.iter())
        .map(|u| args.push(u.code.as_str()))
        .collect();
    if placeholders.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT r.unit_code, r.active_members FROM membership_rollups r \
         JOIN organizations o ON o.id = r.organization_id AND o.kind = 'party' \
         WHERE r.unit_code IN ({})",
        placeholders.join(", ")
    );
    let counts: std::collections::HashMap<String, i64> = on_db!(db, |c| {
        let mut q = sqlx::query_as::<_, (String, i64)>(AssertSqlSafe(sql.as_str()));
        for v in args.values() {
            q = q.bind(v);
        }
        q.fetch_all(c).await
    })?
    .into_iter()
    .collect();
    for unit in lists.iter_mut().flat_map(|l| l.iter_mut()) {
        unit.members = Some(counts.get(&unit.code).copied().unwrap_or(0));
    }
    Ok(())
}
