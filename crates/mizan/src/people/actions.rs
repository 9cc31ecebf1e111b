//! Use cases of the registry: opening a person's file (audited), revealing a CIN (with a reason,
//! audited), adding a person where they live (and, at a branch, their party membership).

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde_json::json;

use super::draft::PersonDraft;
use super::holders::{self, CinHolder};
use super::model::{MembershipRow, MembershipView};
use super::search::join;
use super::store;
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::{Permit, Scope};
use crate::error::{AppError, AppResult};
use crate::territory::{Level, Unit, UnitCode, store as territory};

/// A person's file, personal fields opened (the CIN only masked).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PersonFile {
    pub uid: String,
    pub given_ar: Option<String>,
    pub family_ar: Option<String>,
    pub given_latin: Option<String>,
    pub family_latin: Option<String>,
    pub sex: Option<String>,
    pub birth_year: Option<i64>,
    pub birth_date: Option<NaiveDate>,
    pub cin_masked: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    #[serde(skip)]
    pub residence: Option<Unit>,
    pub residence_code: Option<String>,
    pub profession: Option<String>,
    pub education: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
    pub memberships: Vec<MembershipView>,
}

impl PersonFile {
    pub fn name_ar(&self) -> String {
        join(&self.given_ar, &self.family_ar)
    }

    pub fn name_latin(&self) -> String {
        join(&self.given_latin, &self.family_latin)
    }

    /// The name in the page's script: Arabic on an Arabic page, Latin on the others, each
    /// falling back to the other script when the person has no name in it.
    pub fn name_for(&self, locale: crate::i18n::Locale) -> String {
        let (ar, latin) = (self.name_ar(), self.name_latin());
        match (locale == crate::i18n::Locale::Ar, ar.is_empty(), latin.is_empty()) {
            (true, false, _) | (false, false, true) => ar,
            _ => latin,
        }
    }
}

/// Opens a person's file for the caller; the opening is audited.
pub async fn open_person(state: &AppState, permit: &Permit, uid: &str) -> AppResult<PersonFile> {
    let (reaches, actor) = (permit.reaches.as_slice(), &permit.actor);
    let record = store::person_by_uid(&state.db, reaches, uid)
        .await?
        .ok_or(AppError::NotFound)?;
    let memberships = store::memberships_of(&state.db, reaches, &record).await?;
    let record = record.into_inner();
    let residence = match &record.residence_code {
        Some(code) => territory::units_by_code(&state.db, &[code.as_str()])
            .await?
            .into_iter()
            .next(),
        None => None,
    };
    let key = &state.key;
    let file = PersonFile {
        cin_masked: record
            .open(key, "cin")
            .and_then(|c| mizan_text::Cin::parse(&c))
            .map(|c| c.masked()),
        phone: record.open(key, "phone"),
        email: record.open(key, "email"),
        address: record.open(key, "address"),
        birth_date: record.open(key, "birth_date").and_then(|d| d.parse().ok()),
        uid: record.uid.clone(),
        given_ar: record.given_ar,
        family_ar: record.family_ar,
        given_latin: record.given_latin,
        family_latin: record.family_latin,
        sex: record.sex,
        birth_year: record.birth_year,
        residence_code: record.residence_code,
        residence,
        profession: record.profession,
        education: record.education,
        notes: record.notes,
        memberships,
    };
    let now = state.clock.now();
    audit::record_alone(
        &state.db,
        &state.key,
        now,
        actor,
        Event {
            action: "person.read",
            target_kind: "person",
            target_id: uid,
            details: json!({}),
        },
    )
    .await?;
    Ok(file)
}

/// Shows a person's CIN in full, for a reason written down in the audit log.
pub async fn reveal_cin(
    state: &AppState,
    permit: &Permit,
    uid: &str,
    reason: &str,
) -> AppResult<Option<String>> {
    let (reaches, actor) = (permit.reaches.as_slice(), &permit.actor);
    let reason = reason.trim();
    if reason.chars().count() < 5 {
        return Err(AppError::invalid("reason", "field-reason-required"));
    }
    if reason.chars().count() > 300 {
        return Err(AppError::invalid("reason", "field-too-long"));
    }
    let record = store::person_by_uid(&state.db, reaches, uid)
        .await?
        .ok_or(AppError::NotFound)?;
    let cin = record.open(&state.key, "cin");
    let now = state.clock.now();
    audit::record_alone(
        &state.db,
        &state.key,
        now,
        actor,
        Event {
            action: "person.cin.reveal",
            target_kind: "person",
            target_id: uid,
            details: json!({"reason": reason}),
        },
    )
    .await?;
    Ok(cin)
}

/// Where a person may be added: a commune, arrondissement or city abroad (they live there), or a
/// branch (they live in its commune and join the party there). It must lie in the caller's scope.
pub async fn place_for_new_person(state: &AppState, scope: &Scope, code: &str) -> AppResult<Unit> {
    let code = UnitCode::parse(code).ok_or(AppError::NotFound)?;
    let place = territory::unit_within(&state.db, code.as_str(), scope)
        .await?
        .ok_or(AppError::NotFound)?;
    if place.closed_on.is_some() {
        return Err(AppError::Conflict("branch_closed"));
    }
    match place.level {
        Level::Commune | Level::Arrondissement | Level::AbroadCity | Level::Branch => Ok(place),
        _ => Err(AppError::NotFound),
    }
}

/// Adds a person at `place`; returns their uid. A CIN already held by someone the caller sees is
/// refused (they may look that person up); one held only outside their reach is kept apart, and
/// the answer is the same as for a CIN nobody holds (`people::holders`).
pub async fn create_person(
    state: &AppState,
    permit: &Permit,
    place_code: &str,
    draft: &PersonDraft,
) -> AppResult<String> {
    let actor = &permit.actor;
    let place = place_for_new_person(state, &permit.scope, place_code).await?;
    let checked = draft.check(state.clock.today()).map_err(AppError::Invalid)?;
    let (branch, (residence_code, residence_path)) = if place.level == Level::Branch {
        (Some(place.clone()), super::import::branch_commune(&place))
    } else {
        (None, (place.code.clone(), place.path.clone()))
    };
    let uid = crate::store::new_uid();
    let mut row = checked.into_row(&state.key, &uid);
    row.residence_code = Some(residence_code);
    row.residence_path = Some(residence_path);
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if let Some(cin_index) = &row.cin_index {
        match holders::cin_holder(&mut tx, &permit.reaches, cin_index, 0).await? {
            CinHolder::Nobody => {}
            CinHolder::Seen => return Err(AppError::invalid("cin", "field-cin-taken")),
            CinHolder::Unseen => row.cin_shared = true,
        }
    }
    let id = store::next_id(&mut tx, "people").await?;
    row.id = id;
    let row_shared = row.cin_shared;
    store::insert_rows(&mut tx, vec![row], Vec::new(), now).await?;
    if let Some(branch) = &branch {
        let party = store::party_id(&mut tx)
            .await?
            .ok_or(AppError::Conflict("no_party"))?;
        let membership_id = store::next_id(&mut tx, "memberships").await?;
        store::insert_rows(
            &mut tx,
            Vec::new(),
            vec![MembershipRow {
                id: membership_id,
                person_id: id,
                organization_id: party,
                branch_code: branch.code.clone(),
                branch_path: branch.path.clone(),
                status: "active",
                role: "member",
                joined_on: state.clock.today(),
            }],
            now,
        )
        .await?;
        store::count_new_member(&mut tx, &branch.path, party).await?;
    }
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "person.create",
            target_kind: "person",
            target_id: &uid,
            details: json!({"place": place.code, "cin_shared": row_shared}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(uid)
}

/// Rectifies a person's fields (the right to rectification): the same rules as a new person; an
/// empty CIN keeps the current one. Audited with the names of the fields that changed.
pub async fn rectify(state: &AppState, permit: &Permit, uid: &str, draft: &PersonDraft) -> AppResult<()> {
    let (reaches, actor) = (permit.reaches.as_slice(), &permit.actor);
    let record = store::person_by_uid(&state.db, reaches, uid)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = PersonDraft::of_record(&state.key, &record);
    let mut draft = draft.clone();
    if draft.cin.trim().is_empty() {
        draft.cin = before.cin.clone();
    }
    let checked = draft.check(state.clock.today()).map_err(AppError::Invalid)?;
    let after = checked.as_draft();
    let changed: Vec<&str> = [
        ("given_ar", before.given_ar != after.given_ar),
        ("family_ar", before.family_ar != after.family_ar),
        ("given_latin", before.given_latin != after.given_latin),
        ("family_latin", before.family_latin != after.family_latin),
        ("sex", before.sex != after.sex),
        ("birth_date", before.birth_date != after.birth_date),
        ("cin", before.cin != after.cin),
        ("phone", before.phone != after.phone),
        ("email", before.email != after.email),
        ("profession", before.profession != after.profession),
        ("education", before.education != after.education),
        ("address", before.address != after.address),
        ("notes", before.notes != after.notes),
    ]
    .into_iter()
    .filter_map(|(field, differs)| differs.then_some(field))
    .collect();
    let mut row = checked.into_row(&state.key, uid);
    row.id = record.id;
    row.residence_code = record.residence_code.clone();
    row.residence_path = record.residence_path.clone();
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if let Some(index) = &row.cin_index {
        match holders::cin_holder(&mut tx, reaches, index, record.id).await? {
            CinHolder::Nobody => {}
            CinHolder::Seen => return Err(AppError::invalid("cin", "field-cin-taken")),
            CinHolder::Unseen => row.cin_shared = true,
        }
    }
    store::update_person(&mut tx, &row, now).await?;
    holders::settle_cin(&mut tx, record.id).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "person.rectify",
            target_kind: "person",
            target_id: uid,
            details: json!({"fields": changed}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A year of dues as typed on the person's page.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct DuesForm {
    /// The organization's code.
    #[serde(default)]
    pub organization: String,
    #[serde(default)]
    pub year: String,
    /// In dirhams.
    #[serde(default)]
    pub amount: String,
}

/// Records a year of dues paid by a person within reach, for one of their memberships; audited.
pub async fn pay_dues(state: &AppState, permit: &Permit, uid: &str, form: &DuesForm) -> AppResult<()> {
    let (reaches, actor) = (permit.reaches.as_slice(), &permit.actor);
    let record = store::person_by_uid(&state.db, reaches, uid)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = state.clock.today();
    let this_year = i64::from(today.year());
    let organization = crate::organizations::all(&state.db)
        .await?
        .into_iter()
        .find(|o| o.code == form.organization)
        .filter(|o| {
            !o.walled
                || reaches
                    .iter()
                    .any(|r| r.is_unlimited() || r.organization == Some(o.id))
        })
        .ok_or_else(|| AppError::invalid("organization", "dues-no-membership"))?;
    let year = form
        .year
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|y| (this_year - 10..=this_year + 1).contains(y))
        .ok_or_else(|| AppError::invalid("year", "field-invalid"))?;
    let amount = form
        .amount
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|a| (1..=100_000).contains(a))
        .ok_or_else(|| AppError::invalid("amount", "field-invalid"))?;
    let payment = super::memberships::dues::Payment {
        organization: organization.id,
        year,
        amount,
        paid_on: today,
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    match super::memberships::dues::pay_dues(&mut tx, reaches, record.id, &payment, &actor.label).await? {
        None => return Err(AppError::invalid("organization", "dues-no-membership")),
        Some(false) => return Err(AppError::invalid("year", "dues-already-paid")),
        Some(true) => {}
    }
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "membership.dues",
            target_kind: "person",
            target_id: uid,
            details: json!({"organization": organization.code, "year": year, "amount": amount}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
