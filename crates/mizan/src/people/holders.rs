//! Who already holds a CIN or a phone number, as far as the caller may know.
//!
//! A CIN typed in a form or a file may belong to someone registered where the caller may not look
//! (another province, the walled union): saying "taken", "already a member" or "matched" would
//! tell whether that person is registered, a political opinion. So lookups by CIN or phone are
//! answered within the caller's reach only; a holder outside it is as if there were none, and the
//! new record is kept as typed, marked `cin_shared` (migration 0019), for someone who sees both to
//! merge or correct (`people::dedupe` shows them the pair). Nothing of the existing record reaches
//! the typist meanwhile.

use std::collections::HashSet;

use sqlx::AssertSqlSafe;

use super::search::{Driven, visible};
use crate::auth::Reach;
use crate::store::{Db, SqlArgs, StoreResult, Tx};
use crate::{on_db, on_tx};

/// `SELECT p.id … WHERE p.id IN (ids) AND <within the reaches>`, with its arguments.
fn within_sql(reaches: &[Reach], ids: &[i64]) -> (String, SqlArgs) {
    let mut args = SqlArgs::after(0);
    let condition = visible(reaches, &mut args, Driven::ByLookup).unwrap_or_else(|| "1 = 1".to_owned());
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    (
        format!(
            "SELECT p.id FROM people p WHERE p.id IN ({}) AND {condition}",
            list.join(", ")
        ),
        args,
    )
}

/// Those of `ids` the reaches cover (read from what is committed).
pub async fn within_reach(db: &Db, reaches: &[Reach], ids: &[i64]) -> StoreResult<HashSet<i64>> {
    let mut out = HashSet::new();
    for chunk in ids.chunks(500) {
        let (sql, args) = within_sql(reaches, chunk);
        let found: Vec<i64> = on_db!(db, |c| {
            args.bind(sqlx::query_scalar(AssertSqlSafe(sql.as_str())))
                .fetch_all(c)
                .await
        })?;
        out.extend(found);
    }
    Ok(out)
}

/// Those of `ids` the reaches cover, read in a transaction (a form's, which then writes).
pub async fn within_reach_in(tx: &mut Tx, reaches: &[Reach], ids: &[i64]) -> StoreResult<HashSet<i64>> {
    let mut out = HashSet::new();
    for chunk in ids.chunks(500) {
        let (sql, args) = within_sql(reaches, chunk);
        let found: Vec<i64> = on_tx!(tx, |c| {
            args.bind(sqlx::query_scalar(AssertSqlSafe(sql.as_str())))
                .fetch_all(c)
                .await
        })?;
        out.extend(found);
    }
    Ok(out)
}

/// Who holds a CIN (by its keyed digest), as the caller may know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CinHolder {
    /// Nobody else.
    Nobody,
    /// Someone the caller sees: they may be told (and shown who).
    Seen,
    /// Only people outside the caller's reach: the record is kept apart, `cin_shared`.
    Unseen,
}

/// Who other than `except` (0: nobody) holds this CIN, for a form about to write a person.
pub async fn cin_holder(
    tx: &mut Tx,
    reaches: &[Reach],
    cin_index: &str,
    except: i64,
) -> StoreResult<CinHolder> {
    let holders: Vec<i64> = on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT id FROM people WHERE cin_index = $1 AND id <> $2"
    )
    .bind(cin_index)
    .bind(except)
    .fetch_all(c)
    .await)?;
    if holders.is_empty() {
        return Ok(CinHolder::Nobody);
    }
    Ok(if within_reach_in(tx, reaches, &holders).await?.is_empty() {
        CinHolder::Unseen
    } else {
        CinHolder::Seen
    })
}

/// Makes `person` the CIN's holder of record if nobody else is (after a merge, a correction or an
/// erasure took the other record away), so that the CIN is unique again among such holders.
pub async fn settle_cin(tx: &mut Tx, person: i64) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE people SET cin_shared = FALSE WHERE id = $1 AND cin_shared = TRUE \
         AND NOT EXISTS (SELECT 1 FROM people o WHERE o.cin_index = people.cin_index \
                         AND o.id <> people.id AND o.cin_shared = FALSE)"
    )
    .bind(person)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
