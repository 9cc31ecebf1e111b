//! Data-subject rights (Moroccan law 09-08, GDPR) and the consent ledger: everything held about a
//! person and everyone who opened their file, as JSON and as a page; consents per purpose, given
//! or withdrawn, with how and on which notice; and erasure for real, after which only audit
//! entries keyed by a random identifier (a pseudonym, linked to nothing) remain.

pub mod pages;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::Permit;
use crate::error::{AppError, AppResult};
use crate::people::actions::{PersonFile, open_person};
use crate::people::store;
use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

/// What a consent is for: the purposes messages are sent for (see PRODUCT.md, communications).
pub const PURPOSES: [&str; 5] = [
    "convocations",
    "dues_reminders",
    "invitations",
    "news",
    "beneficiary_records",
];
/// The version of the privacy notice people are shown now (proposed in the consent form).
pub const NOTICE_VERSION: &str = "2026-01";
/// How a consent was collected.
pub const METHODS: [&str; 3] = ["web", "paper", "phone"];

/// One entry of the ledger.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Consent {
    pub purpose: String,
    pub given: bool,
    pub method: String,
    pub recorded_by: String,
    pub collected_by: Option<String>,
    pub notice_version: String,
    pub recorded_at: DateTime<Utc>,
}

/// A consent as typed in the person's page.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ConsentForm {
    #[serde(default)]
    pub purpose: String,
    /// `given` or `withdrawn`.
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub collected_by: String,
    #[serde(default)]
    pub notice_version: String,
}

/// The person's ledger, oldest first (whoever calls it has checked the person is within reach).
pub async fn consents_of(db: &Db, uid: &str) -> StoreResult<Vec<Consent>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT c.purpose, c.given, c.method, c.recorded_by, c.collected_by, c.notice_version, c.recorded_at \
         FROM consents c JOIN people p ON p.id = c.person_id WHERE p.uid = $1 ORDER BY c.id"
    )
    .bind(uid)
    .fetch_all(c)
    .await)?)
}

/// Records a consent given or withdrawn for a person within reach; audited.
pub async fn record_consent(
    state: &AppState,
    permit: &Permit,
    uid: &str,
    form: &ConsentForm,
) -> AppResult<()> {
    let (reaches, actor) = (permit.reaches.as_slice(), &permit.actor);
    let person = store::person_by_uid(&state.db, reaches, uid)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = Vec::new();
    if !PURPOSES.contains(&form.purpose.as_str()) {
        errors.push(crate::error::FieldError::new("purpose", "field-required"));
    }
    let given = match form.answer.as_str() {
        "given" => true,
        "withdrawn" => false,
        _ => {
            errors.push(crate::error::FieldError::new("answer", "field-required"));
            false
        }
    };
    if !METHODS.contains(&form.method.as_str()) {
        errors.push(crate::error::FieldError::new("method", "field-required"));
    }
    let notice = form.notice_version.trim();
    if notice.is_empty() || notice.chars().count() > 40 {
        errors.push(crate::error::FieldError::new("notice_version", "field-required"));
    }
    let collected_by = Some(form.collected_by.trim())
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(120).collect::<String>());
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    insert_consent(
        &mut tx,
        person.id,
        form,
        given,
        notice,
        collected_by.as_deref(),
        &actor.label,
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: if given {
                "consent.given"
            } else {
                "consent.withdrawn"
            },
            target_kind: "person",
            target_id: uid,
            details: json!({"purpose": form.purpose, "method": form.method, "notice": notice}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One opening of, or change to, the person's file.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Access {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
}

/// Everything held about a person.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SubjectFile {
    pub person: PersonFile,
    /// The CIN in full (the person's own data, given back to them).
    pub cin: Option<String>,
    pub consents: Vec<Consent>,
    /// Seats held in the party's bodies, current and past.
    pub mandates: Vec<crate::bodies::model::MandateRecord>,
    /// Meetings they were expected at, and whether they came.
    pub attendance: Vec<crate::bodies::model::AttendanceRecord>,
    /// Activities they are registered as a beneficiary of.
    pub activities: Vec<crate::activities::links::store::LinkedActivity>,
    /// Activities they volunteered for.
    pub volunteered: Vec<crate::activities::links::store::LinkedActivity>,
    /// Records merged into this one, as they were.
    pub merged_records: Vec<serde_json::Value>,
    /// Who opened or changed the file, and when.
    pub accesses: Vec<Access>,
}

/// Gathers the subject file for the data-protection officer; the export itself is audited.
pub async fn subject_file(state: &AppState, permit: &Permit, uid: &str) -> AppResult<SubjectFile> {
    let (reaches, actor) = (permit.reaches.as_slice(), &permit.actor);
    let record = store::person_by_uid(&state.db, reaches, uid)
        .await?
        .ok_or(AppError::NotFound)?;
    let cin = record.open(&state.key, "cin");
    let consents = consents_of(&state.db, uid).await?;
    let mandates = crate::bodies::mandates::store::mandates_of(&state.db, &record.uid).await?;
    let attendance = crate::bodies::store::attendance_of(&state.db, &record.uid).await?;
    use crate::activities::links::store::Link;
    let activities =
        crate::activities::links::store::links_of(&state.db, Link::Beneficiary, &record.uid).await?;
    let volunteered =
        crate::activities::links::store::links_of(&state.db, Link::Volunteer, &record.uid).await?;
    let merged = merged_records(&state.db, record.id).await?;
    let merged_records = merged
        .into_iter()
        .filter_map(|(merged_uid, sealed)| {
            state
                .key
                .open_text(&format!("person_merges/{merged_uid}"), &sealed)
                .and_then(|t| serde_json::from_str(&t).ok())
        })
        .collect();
    // The access log as it stood before this export (which is itself recorded below).
    let accesses = audit::about(&state.db, "person", uid)
        .await?
        .into_iter()
        .map(|e| Access {
            at: e.at,
            actor: e.actor,
            action: e.action,
        })
        .collect();
    let person = open_person(state, permit, uid).await?;
    audit::record_alone(
        &state.db,
        &state.key,
        state.clock.now(),
        actor,
        Event {
            action: "person.subject_export",
            target_kind: "person",
            target_id: uid,
            details: json!({}),
        },
    )
    .await?;
    Ok(SubjectFile {
        person,
        cin,
        consents,
        mandates,
        attendance,
        activities,
        volunteered,
        merged_records,
        accesses,
    })
}

/// Erases a person for real: their row, memberships (and the figures counting them), consents,
/// mandates, attendance lines and merged records. The audit log keeps its entries, keyed by the person's random uid, which no
/// longer leads to anyone.
pub async fn erase(state: &AppState, permit: &Permit, uid: &str, reason: &str) -> AppResult<()> {
    let (reaches, actor) = (permit.reaches.as_slice(), &permit.actor);
    let reason = reason.trim();
    if reason.chars().count() < 5 {
        return Err(AppError::invalid("reason", "field-reason-required"));
    }
    let record = store::person_by_uid(&state.db, reaches, uid)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    uncount_memberships(&mut tx, record.id).await?;
    delete_records_of(&mut tx, record.id).await?;
    store::delete_person(&mut tx, record.id).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "person.erase",
            target_kind: "person",
            target_id: uid,
            details: json!({"reason": reason}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes the person's active memberships out of the rollups of their branches and every unit above.
async fn uncount_memberships(tx: &mut Tx, person: i64) -> StoreResult<()> {
    let active: Vec<(String, i64)> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT branch_path, organization_id FROM memberships WHERE person_id = $1 AND status = 'active'"
    )
    .bind(person)
    .fetch_all(c)
    .await)?;
    for (path, organization) in active {
        for code in path.split('/').filter(|s| !s.is_empty()) {
            store::add_members(tx, code, organization, -1).await?;
        }
    }
    Ok(())
}

#[expect(clippy::too_many_arguments, reason = "one ledger entry's columns")]
pub(crate) async fn insert_consent(
    tx: &mut Tx,
    person: i64,
    form: &ConsentForm,
    given: bool,
    notice: &str,
    collected_by: Option<&str>,
    recorded_by: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    on_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO consents (person_id, purpose, given, method, recorded_by, collected_by, notice_version, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    )
    .bind(person)
    .bind(&form.purpose)
    .bind(given)
    .bind(&form.method)
    .bind(recorded_by)
    .bind(collected_by)
    .bind(notice)
    .bind(at)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// The records merged into a person, sealed, with their uids.
async fn merged_records(db: &Db, person: i64) -> StoreResult<Vec<(String, Vec<u8>)>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT merged_uid, merged_record FROM person_merges WHERE survivor_id = $1 ORDER BY id"
    )
    .bind(person)
    .fetch_all(c)
    .await)?)
}

/// Deletes everything that hangs on a person (`people::references`: dues, consents, memberships,
/// mandates, attendance, merged records; the decisions they carried lose their owner), before
/// the person's row itself. Meetings keep their counts of members and present, so figures do not
/// change.
async fn delete_records_of(tx: &mut Tx, person: i64) -> StoreResult<()> {
    crate::people::references::erase_all(tx, person).await?;
    for kind in crate::activities::links::store::Link::ALL {
        crate::activities::links::store::refresh_reach(tx, kind, &[person]).await?;
    }
    Ok(())
}
