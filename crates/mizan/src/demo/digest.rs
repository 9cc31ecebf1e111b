//! A digest of a store's content in clear, for "the same seed gives the same party".
//!
//! It covers organizations, units, people (sealed fields opened), memberships and rollups, in a
//! fixed order. It leaves out what is random or circumstantial by design: nonces and ciphertexts
//! (the clear values are hashed instead), keyed digests (they depend on the store's key), password
//! hashes, sessions, tokens, the audit log and the instants rows were written at.

use sha2::{Digest, Sha256};

use crate::keys::MasterKey;
use crate::on_db;
use crate::people::model::seal_context;
use crate::store::{Db, StoreResult};

#[derive(sqlx::FromRow)]
struct PersonDigestRow {
    id: i64,
    uid: String,
    given_ar: Option<String>,
    family_ar: Option<String>,
    given_latin: Option<String>,
    family_latin: Option<String>,
    search_name: String,
    sex: Option<String>,
    birth_year: Option<i64>,
    birth_date_sealed: Option<Vec<u8>>,
    cin_sealed: Option<Vec<u8>>,
    phone_sealed: Option<Vec<u8>>,
    email_sealed: Option<Vec<u8>>,
    residence_code: Option<String>,
    profession: Option<String>,
    education: Option<String>,
}

/// code, parent, level, kind, names, branches
type UnitDigestRow = (
    String,
    Option<String>,
    String,
    Option<String>,
    String,
    String,
    i64,
);

/// Hashes the text form of every row a query returns.
async fn hash_rows<T>(hasher: &mut Sha256, rows: Vec<T>, line: impl Fn(&T) -> String) {
    for row in &rows {
        hasher.update(line(row).as_bytes());
        hasher.update(b"\n");
    }
}

pub async fn digest(db: &Db, key: &MasterKey) -> StoreResult<String> {
    let mut h = Sha256::new();
    let orgs: Vec<(String, String, String, String, String, bool)> = on_db!(db, |c| sqlx::query_as(
        "SELECT code, kind, name_ar, name_fr, name_en, walled FROM organizations ORDER BY code"
    )
    .fetch_all(c)
    .await)?;
    hash_rows(&mut h, orgs, |o| format!("{o:?}")).await;
    let units: Vec<UnitDigestRow> = on_db!(db, |c| {
        sqlx::query_as(
        "SELECT code, parent_code, level, kind, name_ar, name_fr, branches FROM territory_units ORDER BY code"
    )
    .fetch_all(c)
    .await
    })?;
    hash_rows(&mut h, units, |u| format!("{u:?}")).await;

    let mut after = 0i64;
    loop {
        let people: Vec<PersonDigestRow> = on_db!(db, |c| {
            sqlx::query_as(
            "SELECT id, uid, given_ar, family_ar, given_latin, family_latin, search_name, sex, birth_year, \
             birth_date_sealed, cin_sealed, phone_sealed, email_sealed, residence_code, profession, education \
             FROM people WHERE id > $1 ORDER BY id LIMIT 10000"
        )
        .bind(after)
        .fetch_all(c)
        .await
        })?;
        let Some(last) = people.last() else { break };
        after = last.id;
        let open = |column: &str, uid: &str, sealed: &Option<Vec<u8>>| {
            sealed.as_deref().map(|s| {
                key.open_text(&seal_context(column, uid), s)
                    .unwrap_or_else(|| "<unreadable>".to_owned())
            })
        };
        hash_rows(&mut h, people, |p| {
            format!(
                "{} {} {:?} {:?} {:?} {:?} {} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                p.id,
                p.uid,
                p.given_ar,
                p.family_ar,
                p.given_latin,
                p.family_latin,
                p.search_name,
                p.sex,
                p.birth_year,
                open("birth_date", &p.uid, &p.birth_date_sealed),
                open("cin", &p.uid, &p.cin_sealed),
                open("phone", &p.uid, &p.phone_sealed),
                open("email", &p.uid, &p.email_sealed),
                p.residence_code,
                p.profession,
                p.education
            )
        })
        .await;
    }
    let memberships: Vec<(i64, i64, i64, String, String, String, chrono::NaiveDate)> = on_db!(db, |c| {
        sqlx::query_as(
        "SELECT id, person_id, organization_id, branch_code, status, role, joined_on FROM memberships ORDER BY id"
    )
    .fetch_all(c)
    .await
    })?;
    hash_rows(&mut h, memberships, |m| format!("{m:?}")).await;
    let rollups: Vec<(String, i64, i64)> = on_db!(db, |c| {
        sqlx::query_as(
        "SELECT unit_code, organization_id, active_members FROM membership_rollups ORDER BY unit_code, organization_id"
    )
    .fetch_all(c)
    .await
    })?;
    hash_rows(&mut h, rollups, |r| format!("{r:?}")).await;
    let mandates: Vec<(i64, i64, String, chrono::NaiveDate)> = on_db!(db, |c| {
        sqlx::query_as("SELECT body_id, person_id, position_code, started_on FROM mandates ORDER BY id")
            .fetch_all(c)
            .await
    })?;
    hash_rows(&mut h, mandates, |m| format!("{m:?}")).await;
    type MeetingRow = (i64, String, chrono::NaiveDate, i64, i64, i64);
    let meetings: Vec<MeetingRow> = on_db!(db, |c| {
        sqlx::query_as(
            "SELECT body_id, status, scheduled_on, members, present, absent FROM meetings ORDER BY id",
        )
        .fetch_all(c)
        .await
    })?;
    hash_rows(&mut h, meetings, |m| format!("{m:?}")).await;
    type ActivityDigestRow = (String, i64, String, chrono::NaiveDate, String);
    let activities: Vec<ActivityDigestRow> = on_db!(db, |c| {
        sqlx::query_as("SELECT uid, type_id, status, starts_on, commune_code FROM activities ORDER BY uid")
            .fetch_all(c)
            .await
    })?;
    hash_rows(&mut h, activities, |a| format!("{a:?}")).await;
    Ok(hex::encode(h.finalize()))
}
