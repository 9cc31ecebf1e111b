//! The same person registered twice: candidates (the same CIN, typed where the other record could
//! not be seen; the same phone number; or names with the same skeletons in the same commune),
//! always within the caller's reach: a pair shows only to whoever sees both; and the merge, where the
//! caller chooses field by field. Nothing is lost: the record that disappears is kept sealed in
//! `person_merges` with the fields taken from it, its memberships move to the survivor, its old
//! address leads to the survivor, and the merge is audited.

pub mod pages;

use std::collections::HashMap;

use serde_json::json;
use sqlx::AssertSqlSafe;

use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::{Permit, Reach};
use crate::error::{AppError, AppResult};
use crate::people::actions::PersonFile;
use crate::people::draft::PersonDraft;
use crate::people::search::{Driven, PersonSummary, visible};
use crate::people::store::{self, PersonRecord};
use crate::store::{Db, SqlArgs, StoreResult, Tx};
use crate::{on_db, on_tx};

/// Why two records are shown as a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Likeness {
    /// The same CIN: one of them was typed where the other could not be seen (`people::holders`);
    /// one person, or one CIN typed wrong.
    SameCin,
    SamePhone,
    SimilarNames,
}

/// Two records that may be one person.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub first: PersonSummary,
    pub second: PersonSummary,
    pub likeness: Likeness,
}

#[derive(sqlx::FromRow)]
struct Numbered {
    id: i64,
    #[sqlx(flatten)]
    summary: PersonSummary,
}

/// Pairs of people within the reaches that may be one person, `limit` of them from `offset`.
pub async fn candidates(db: &Db, reaches: &[Reach], limit: i64, offset: i64) -> StoreResult<Vec<Candidate>> {
    let mut args = SqlArgs::after(0);
    let condition = visible(reaches, &mut args, Driven::ByReach).unwrap_or_else(|| "1 = 1".to_owned());
    let limit = args.push(limit);
    let offset = args.push(offset);
    let sql = format!(
        "WITH v AS (SELECT p.id, p.cin_index, p.phone_index, p.dedupe_key, p.residence_code FROM people p WHERE {condition}) \
         SELECT a.id, b.id, 'cin', CAST(0 AS BIGINT) FROM v a JOIN v b ON b.cin_index = a.cin_index AND b.id > a.id \
         UNION ALL \
         SELECT a.id, b.id, 'phone', CAST(1 AS BIGINT) FROM v a JOIN v b ON b.phone_index = a.phone_index AND b.id > a.id \
         WHERE a.cin_index IS NULL OR b.cin_index IS NULL OR a.cin_index <> b.cin_index \
         UNION ALL \
         SELECT a.id, b.id, 'names', CAST(2 AS BIGINT) FROM v a JOIN v b ON b.dedupe_key = a.dedupe_key \
           AND b.residence_code = a.residence_code AND b.id > a.id \
         WHERE a.dedupe_key <> '' AND (a.phone_index IS NULL OR b.phone_index IS NULL OR a.phone_index <> b.phone_index) \
           AND (a.cin_index IS NULL OR b.cin_index IS NULL OR a.cin_index <> b.cin_index) \
         ORDER BY 4, 1, 2 LIMIT {limit} OFFSET {offset}"
    );
    // The strongest likeness first: a CIN held twice, then a phone, then names.
    let pairs: Vec<(i64, i64, String, i64)> = on_db!(db, |c| {
        args.bind(sqlx::query_as(AssertSqlSafe(sql.as_str())))
            .fetch_all(c)
            .await
    })?;
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = pairs
        .iter()
        .flat_map(|(a, b, _, _)| [a.to_string(), b.to_string()])
        .collect();
    let sql = format!(
        "SELECT p.id, p.uid, p.given_ar, p.family_ar, p.given_latin, p.family_latin, p.sex, p.birth_year, \
         p.residence_code, u.name_ar AS residence_ar, u.name_fr AS residence_fr, p.phone_sealed, p.email_sealed \
         FROM people p LEFT JOIN territory_units u ON u.code = p.residence_code WHERE p.id IN ({})",
        ids.join(", ")
    );
    let people: HashMap<i64, PersonSummary> =
        on_db!(db, |c| sqlx::query_as::<_, Numbered>(AssertSqlSafe(sql.as_str()))
            .fetch_all(c)
            .await)?
        .into_iter()
        .map(|n| (n.id, n.summary))
        .collect();
    Ok(pairs
        .into_iter()
        .filter_map(|(a, b, why, _)| {
            Some(Candidate {
                first: people.get(&a)?.clone(),
                second: people.get(&b)?.clone(),
                likeness: match why.as_str() {
                    "cin" => Likeness::SameCin,
                    "phone" => Likeness::SamePhone,
                    _ => Likeness::SimilarNames,
                },
            })
        })
        .collect())
}

/// The fields a merge chooses, in the order the screen shows them.
pub const FIELDS: [&str; 14] = [
    "family_ar",
    "given_ar",
    "family_latin",
    "given_latin",
    "sex",
    "birth_date",
    "cin",
    "phone",
    "email",
    "residence",
    "profession",
    "education",
    "address",
    "notes",
];

/// A record with its personal fields opened (the CIN in full: the merge may move it).
struct Opened {
    record: PersonRecord,
    draft: PersonDraft,
}

impl Opened {
    fn open(state: &AppState, record: PersonRecord) -> Opened {
        Opened {
            draft: PersonDraft::of_record(&state.key, &record),
            record,
        }
    }

    /// A field's value as text (what the person's file would show, the CIN whole).
    fn text(&self, field: &str) -> String {
        let (r, d) = (&self.record, &self.draft);
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        match field {
            "family_ar" => d.family_ar.clone(),
            "given_ar" => d.given_ar.clone(),
            "family_latin" => d.family_latin.clone(),
            "given_latin" => d.given_latin.clone(),
            "sex" => d.sex.clone(),
            "birth_date" => d.birth_date.clone(),
            "cin" => d.cin.clone(),
            "phone" => d.phone.clone(),
            "email" => d.email.clone(),
            "residence" => s(&r.residence_code),
            "profession" => d.profession.clone(),
            "education" => d.education.clone(),
            "address" => d.address.clone(),
            "notes" => d.notes.clone(),
            _ => String::new(),
        }
    }

    /// Everything held about this record, for the sealed history of the merge.
    fn snapshot(&self) -> serde_json::Value {
        let fields: serde_json::Map<String, serde_json::Value> = FIELDS
            .iter()
            .map(|f| ((*f).to_owned(), json!(self.text(f))))
            .collect();
        json!({"uid": self.record.uid, "fields": fields})
    }
}

/// Both records for the merge screen, opened for the caller (each opening audited).
pub async fn compare(
    state: &AppState,
    permit: &Permit,
    keep: &str,
    other: &str,
) -> AppResult<(PersonFile, PersonFile)> {
    let reaches = permit.reaches.as_slice();
    if keep == other {
        return Err(AppError::NotFound);
    }
    // Both must be within reach before either opening is recorded.
    for uid in [keep, other] {
        store::person_by_uid(&state.db, reaches, uid)
            .await?
            .ok_or(AppError::NotFound)?;
    }
    let a = crate::people::actions::open_person(state, permit, keep).await?;
    let b = crate::people::actions::open_person(state, permit, other).await?;
    Ok((a, b))
}

/// Merges `other` into `keep`, taking from `other` the fields listed in `from_other` (the rest
/// from `keep`). The result must pass the same rules as a person typed in the form.
pub async fn merge(
    state: &AppState,
    permit: &Permit,
    keep: &str,
    other: &str,
    from_other: &[String],
) -> AppResult<()> {
    let (reaches, actor) = (permit.reaches.as_slice(), &permit.actor);
    if keep == other {
        return Err(AppError::NotFound);
    }
    let db = &state.db;
    let a = store::person_by_uid(db, reaches, keep)
        .await?
        .ok_or(AppError::NotFound)?;
    let b = store::person_by_uid(db, reaches, other)
        .await?
        .ok_or(AppError::NotFound)?;
    let a = Opened::open(state, a.into_inner());
    let b = Opened::open(state, b.into_inner());
    let pick = |field: &str| {
        if from_other.iter().any(|f| f == field) {
            &b
        } else {
            &a
        }
    };
    let draft = PersonDraft {
        given_ar: pick("given_ar").text("given_ar"),
        family_ar: pick("family_ar").text("family_ar"),
        given_latin: pick("given_latin").text("given_latin"),
        family_latin: pick("family_latin").text("family_latin"),
        sex: pick("sex").text("sex"),
        birth_date: pick("birth_date").text("birth_date"),
        cin: pick("cin").text("cin"),
        phone: pick("phone").text("phone"),
        email: pick("email").text("email"),
        profession: pick("profession").text("profession"),
        education: pick("education").text("education"),
        address: pick("address").text("address"),
        notes: pick("notes").text("notes"),
    };
    let checked = draft.check(state.clock.today()).map_err(AppError::Invalid)?;
    let mut row = checked.into_row(&state.key, &a.record.uid);
    row.id = a.record.id;
    // Holder of record of its CIN only if nobody else is (settled below, once the other is gone).
    row.cin_shared = true;
    let residence = pick("residence");
    row.residence_code = residence.record.residence_code.clone();
    row.residence_path = residence.record.residence_path.clone();

    let taken: Vec<&str> = FIELDS
        .iter()
        .copied()
        .filter(|f| from_other.iter().any(|o| o == f))
        .collect();
    let history = state.key.seal(
        &format!("person_merges/{}", b.record.uid),
        b.snapshot().to_string().as_bytes(),
    );
    let now = state.clock.now();
    let mut tx = db.begin().await?;
    record_merge(
        &mut tx,
        a.record.id,
        &b.record.uid,
        history,
        &taken,
        &actor.label,
        now,
    )
    .await?;
    move_references(&mut tx, b.record.id, a.record.id).await?;
    store::delete_person(&mut tx, b.record.id).await?;
    store::update_person(&mut tx, &row, now).await?;
    crate::people::holders::settle_cin(&mut tx, a.record.id).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "person.merge",
            target_kind: "person",
            target_id: keep,
            details: json!({"merged": other, "taken": taken}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn record_merge(
    tx: &mut Tx,
    survivor: i64,
    merged_uid: &str,
    sealed: Vec<u8>,
    taken: &[&str],
    by: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> StoreResult<()> {
    let taken = serde_json::to_string(taken).unwrap_or_default();
    on_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO person_merges (survivor_id, merged_uid, merged_record, fields_taken, merged_by, merged_at) \
         VALUES ($1, $2, $3, $4, $5, $6)"
    )
    .bind(survivor)
    .bind(merged_uid)
    .bind(&sealed)
    .bind(&taken)
    .bind(by)
    .bind(at)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Everything that pointed at the merged record now points at the survivor
/// (`people::references`), and the distinct people reached by activities follow.
async fn move_references(tx: &mut Tx, from: i64, to: i64) -> StoreResult<()> {
    crate::people::references::move_all(tx, from, to).await?;
    for kind in crate::activities::links::store::Link::ALL {
        crate::activities::links::store::refresh_reach(tx, kind, &[from, to]).await?;
    }
    Ok(())
}

/// Where a merged record's address leads: the survivor's uid.
pub async fn merged_into(db: &Db, reaches: &[Reach], uid: &str) -> StoreResult<Option<String>> {
    // Only a survivor the caller may see: otherwise the old address would tell that the person
    // exists, and where their record went.
    let mut args = SqlArgs::after(1);
    let visible = visible(reaches, &mut args, Driven::ByLookup).unwrap_or_else(|| "1 = 1".to_owned());
    let sql = format!(
        "SELECT p.uid FROM person_merges m JOIN people p ON p.id = m.survivor_id \
         WHERE m.merged_uid = $1 AND {visible}"
    );
    Ok(on_db!(db, |c| {
        args.bind(sqlx::query_scalar(AssertSqlSafe(sql.as_str())).bind(uid))
            .fetch_optional(c)
            .await
    })?)
}
