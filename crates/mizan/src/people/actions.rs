//! Use cases of the registry: opening a person's file (audited), revealing a CIN (with a reason,
//! audited), adding a person where they live (and, at a branch, their party membership).

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde_json::json;

use super::holders::{self, CinHolder};
use super::model::{MembershipRow, MembershipView, PersonRow, index, seal_context};
use super::search::join;
use super::store;
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::auth::{Permit, Reach, Scope};
use crate::error::{AppError, AppResult, FieldError};
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
}

/// Opens a person's file for the caller; the opening is audited.
pub async fn open_person(
    state: &AppState,
    reaches: &[Reach],
    actor: &Actor,
    uid: &str,
) -> AppResult<PersonFile> {
    let record = store::person_by_uid(&state.db, reaches, uid)
        .await?
        .ok_or(AppError::NotFound)?;
    let memberships = store::memberships_of(&state.db, reaches, record.id).await?;
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
    reaches: &[Reach],
    actor: &Actor,
    uid: &str,
    reason: &str,
) -> AppResult<Option<String>> {
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

/// A new person as typed in a form or a JSON body.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct PersonDraft {
    #[serde(default)]
    pub given_ar: String,
    #[serde(default)]
    pub family_ar: String,
    #[serde(default)]
    pub given_latin: String,
    #[serde(default)]
    pub family_latin: String,
    /// `f` or `m`, or empty.
    #[serde(default)]
    pub sex: String,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub cin: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub profession: String,
    /// The level of studies, as written.
    #[serde(default)]
    pub education: String,
    /// Where the person lives, street and number (sealed like the CIN).
    #[serde(default)]
    pub address: String,
    /// What the branch notes about the person (several lines).
    #[serde(default)]
    pub notes: String,
}

/// The longest profession or education kept, in characters.
const SHORT_TEXT_MAX: usize = 120;
const ADDRESS_MAX: usize = 300;
const NOTES_MAX: usize = 2_000;

/// A draft that passed every rule.
pub(crate) struct CheckedPerson {
    given_ar: Option<String>,
    family_ar: Option<String>,
    given_latin: Option<String>,
    family_latin: Option<String>,
    sex: Option<&'static str>,
    birth_date: Option<NaiveDate>,
    cin: Option<mizan_text::Cin>,
    phone: Option<mizan_text::Phone>,
    email: Option<String>,
    profession: Option<String>,
    education: Option<String>,
    address: Option<String>,
    notes: Option<String>,
}

/// A free text field: at most `max` characters, no hidden controls (`lines`: line breaks and
/// tabs allowed, as in notes).
fn free_text(
    errors: &mut Vec<FieldError>,
    field: &str,
    text: &str,
    max: usize,
    lines: bool,
) -> Option<String> {
    let text = non_empty(&text.replace("\r\n", "\n"))?;
    let visible: String = if lines {
        text.chars().filter(|c| !matches!(c, '\n' | '\t')).collect()
    } else {
        text.clone()
    };
    if text.chars().count() > max {
        errors.push(FieldError::new(field, "field-too-long"));
    } else if mizan_text::has_hidden_controls(&visible) {
        errors.push(FieldError::new(field, "field-control-characters"));
    }
    Some(text)
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// An optional field: empty is fine, anything else must parse (or the error is noted).
fn optional<T>(
    errors: &mut Vec<FieldError>,
    field: &str,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
    error: &'static str,
) -> Option<T> {
    let text = non_empty(text)?;
    let parsed = parse(&text);
    if parsed.is_none() {
        errors.push(FieldError::new(field, error));
    }
    parsed
}

/// A date as branches write it: `yyyy-mm-dd`, `dd/mm/yyyy`, `dd-mm-yyyy` or `dd.mm.yyyy`.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    // `NaiveDate::parse_from_str`, with the formats parsed once rather than at every call (an
    // import parses a date per row).
    static FORMATS: std::sync::LazyLock<Vec<Vec<chrono::format::Item<'static>>>> =
        std::sync::LazyLock::new(|| {
            ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"]
                .into_iter()
                .map(|f| {
                    chrono::format::StrftimeItems::new(f)
                        .parse_to_owned()
                        .expect("a valid date format")
                })
                .collect()
        });
    let s = s.trim();
    FORMATS.iter().find_map(|items| {
        let mut parsed = chrono::format::Parsed::new();
        chrono::format::parse(&mut parsed, s, items.iter()).ok()?;
        parsed.to_naive_date().ok()
    })
}

/// Three numbers between separators, like a date that does not exist (31/02/2001).
fn looks_like_a_date(s: &str) -> bool {
    let parts: Vec<&str> = s.trim().split(['/', '-', '.']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// A new public identifier of a person (96 random bits, hex).
pub(crate) fn new_uid() -> String {
    let mut bytes = [0u8; 12];
    rand::fill(&mut bytes);
    crate::keys::hex_digits(&bytes)
}

impl PersonDraft {
    pub(crate) fn check(&self, today: NaiveDate) -> Result<CheckedPerson, Vec<FieldError>> {
        let mut errors = Vec::new();
        let arabic = |s: &str| s.chars().any(|c| ('\u{0620}'..='\u{064A}').contains(&c));
        let latin = |s: &str| {
            s.chars()
                .any(|c| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c))
        };
        let mut name =
            |field: &str, value: &str, script_ok: &dyn Fn(&str) -> bool, script_error: &'static str| {
                let v = non_empty(value);
                if let Some(v) = &v {
                    if v.chars().count() > 80 {
                        errors.push(FieldError::new(field, "field-too-long"));
                    } else if mizan_text::has_hidden_controls(v) {
                        errors.push(FieldError::new(field, "field-control-characters"));
                    } else if !script_ok(v) {
                        errors.push(FieldError::new(field, script_error));
                    }
                }
                v
            };
        let given_ar = name("given_ar", &self.given_ar, &arabic, "field-arabic-script");
        let family_ar = name("family_ar", &self.family_ar, &arabic, "field-arabic-script");
        let given_latin = name("given_latin", &self.given_latin, &latin, "field-latin-script");
        let family_latin = name("family_latin", &self.family_latin, &latin, "field-latin-script");
        if given_ar.is_none() && given_latin.is_none() {
            errors.push(FieldError::new("given_ar", "field-name-required"));
        }
        if family_ar.is_none() && family_latin.is_none() {
            errors.push(FieldError::new("family_ar", "field-name-required"));
        }
        let sex = match self.sex.trim() {
            "" => None,
            "f" => Some("f"),
            "m" => Some("m"),
            _ => {
                errors.push(FieldError::new("sex", "field-invalid"));
                None
            }
        };
        let birth_date = match non_empty(&self.birth_date) {
            None => None,
            Some(text) => match parse_date(&text) {
                Some(d) if (14..=110).contains(&(today.year() - d.year())) && d <= today => Some(d),
                Some(_) => {
                    errors.push(FieldError::new("birth_date", "field-date-impossible"));
                    None
                }
                None if looks_like_a_date(&text) => {
                    errors.push(FieldError::new("birth_date", "field-date-nonexistent"));
                    None
                }
                None => {
                    errors.push(FieldError::new("birth_date", "field-date-format"));
                    None
                }
            },
        };
        let cin = optional(
            &mut errors,
            "cin",
            &self.cin,
            mizan_text::Cin::parse,
            "field-cin-invalid",
        );
        let phone = optional(
            &mut errors,
            "phone",
            &self.phone,
            mizan_text::Phone::parse,
            "field-phone-invalid",
        );
        let email = non_empty(&self.email).map(|e| e.to_lowercase());
        if let Some(e) = &email {
            let ok = e.len() <= 200
                && e.split_once('@')
                    .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.'))
                && !e.contains(char::is_whitespace);
            if !ok {
                errors.push(FieldError::new("email", "field-email-invalid"));
            }
        }
        let profession = free_text(&mut errors, "profession", &self.profession, SHORT_TEXT_MAX, false);
        let education = free_text(&mut errors, "education", &self.education, SHORT_TEXT_MAX, false);
        let address = free_text(&mut errors, "address", &self.address, ADDRESS_MAX, false);
        let notes = free_text(&mut errors, "notes", &self.notes, NOTES_MAX, true);
        if errors.is_empty() {
            Ok(CheckedPerson {
                given_ar,
                family_ar,
                given_latin,
                family_latin,
                sex,
                birth_date,
                cin,
                phone,
                email,
                profession,
                education,
                address,
                notes,
            })
        } else {
            Err(errors)
        }
    }
}

impl CheckedPerson {
    /// The fields as they will be stored, in the form's shape: what a rectification compares.
    pub(crate) fn as_draft(&self) -> PersonDraft {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        PersonDraft {
            given_ar: s(&self.given_ar),
            family_ar: s(&self.family_ar),
            given_latin: s(&self.given_latin),
            family_latin: s(&self.family_latin),
            sex: self.sex.unwrap_or_default().to_owned(),
            birth_date: self.birth_date.map(|d| d.to_string()).unwrap_or_default(),
            cin: self
                .cin
                .as_ref()
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            phone: self
                .phone
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            email: s(&self.email),
            profession: s(&self.profession),
            education: s(&self.education),
            address: s(&self.address),
            notes: s(&self.notes),
        }
    }

    /// The row to store for this person under `uid`: personal fields sealed, lookups digested,
    /// names keyed for search (residence, id and the rest left to the caller).
    pub(crate) fn into_row(self, key: &crate::keys::MasterKey, uid: &str) -> PersonRow {
        let seal = |column: &str, value: &str| key.seal(&seal_context(column, uid), value.as_bytes());
        let names: Vec<&str> = [
            &self.given_ar,
            &self.family_ar,
            &self.given_latin,
            &self.family_latin,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
        PersonRow {
            id: 0,
            uid: uid.to_owned(),
            search_name: mizan_text::name_keys(&names),
            dedupe_key: mizan_text::dedupe_key(
                &[
                    self.given_ar.as_deref().unwrap_or(""),
                    self.family_ar.as_deref().unwrap_or(""),
                ],
                &[
                    self.given_latin.as_deref().unwrap_or(""),
                    self.family_latin.as_deref().unwrap_or(""),
                ],
            ),
            sex: self.sex,
            birth_year: self.birth_date.map(|d| i64::from(d.year())),
            birth_date_sealed: self.birth_date.map(|d| seal("birth_date", &d.to_string())),
            cin_sealed: self.cin.as_ref().map(|c| seal("cin", c.as_str())),
            cin_index: self.cin.as_ref().map(|c| key.blind_index(index::CIN, c.as_str())),
            cin_shared: false,
            phone_index: self
                .phone
                .as_ref()
                .map(|p| key.blind_index(index::PHONE, p.as_str())),
            phone_tail_index: self
                .phone
                .as_ref()
                .map(|p| key.blind_index(index::PHONE_TAIL, p.last_four())),
            phone_sealed: self.phone.as_ref().map(|p| seal("phone", p.as_str())),
            email_sealed: self.email.as_deref().map(|e| seal("email", e)),
            address_sealed: self.address.as_deref().map(|a| seal("address", a)),
            residence_code: None,
            residence_path: None,
            given_ar: self.given_ar,
            family_ar: self.family_ar,
            given_latin: self.given_latin,
            family_latin: self.family_latin,
            profession: self.profession,
            education: self.education,
            notes: self.notes,
        }
    }
}

/// Where a person may be added: a commune, arrondissement or city abroad (they live there), or a
/// branch (they live in its commune and join the party there). It must lie in the caller's scope.
pub async fn place_for_new_person(state: &AppState, scope: &Scope, code: &str) -> AppResult<Unit> {
    let code = UnitCode::parse(code).ok_or(AppError::NotFound)?;
    let place = territory::visible_unit(&state.db, code.as_str(), scope)
        .await?
        .filter(|u| scope.contains(&u.path))
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
    actor: &Actor,
    place_code: &str,
    draft: &PersonDraft,
) -> AppResult<String> {
    let place = place_for_new_person(state, &permit.scope, place_code).await?;
    let checked = draft.check(state.clock.today()).map_err(AppError::Invalid)?;
    let (branch, (residence_code, residence_path)) = if place.level == Level::Branch {
        (Some(place.clone()), super::import::branch_commune(&place))
    } else {
        (None, (place.code.clone(), place.path.clone()))
    };
    let uid = new_uid();
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

impl PersonDraft {
    /// A person's fields as the edit form shows them: the CIN left empty (it is kept unless a new
    /// one is typed; showing it would reveal it without a reason).
    pub fn of_file(file: &PersonFile) -> PersonDraft {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        PersonDraft {
            given_ar: s(&file.given_ar),
            family_ar: s(&file.family_ar),
            given_latin: s(&file.given_latin),
            family_latin: s(&file.family_latin),
            sex: s(&file.sex),
            birth_date: file.birth_date.map(|d| d.to_string()).unwrap_or_default(),
            cin: String::new(),
            phone: s(&file.phone),
            email: s(&file.email),
            profession: s(&file.profession),
            education: s(&file.education),
            address: s(&file.address),
            notes: s(&file.notes),
        }
    }
}

/// Rectifies a person's fields (the right to rectification): the same rules as a new person; an
/// empty CIN keeps the current one. Audited with the names of the fields that changed.
pub async fn rectify(
    state: &AppState,
    reaches: &[Reach],
    actor: &Actor,
    uid: &str,
    draft: &PersonDraft,
) -> AppResult<()> {
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

impl PersonDraft {
    /// The stored fields of a record, opened, in the form's shape (the CIN whole).
    pub(crate) fn of_record(key: &crate::keys::MasterKey, record: &store::PersonRecord) -> PersonDraft {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        PersonDraft {
            given_ar: s(&record.given_ar),
            family_ar: s(&record.family_ar),
            given_latin: s(&record.given_latin),
            family_latin: s(&record.family_latin),
            sex: s(&record.sex),
            birth_date: record.open(key, "birth_date").unwrap_or_default(),
            cin: record.open(key, "cin").unwrap_or_default(),
            phone: record.open(key, "phone").unwrap_or_default(),
            email: record.open(key, "email").unwrap_or_default(),
            profession: s(&record.profession),
            education: s(&record.education),
            address: record.open(key, "address").unwrap_or_default(),
            notes: s(&record.notes),
        }
    }
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
pub async fn pay_dues(
    state: &AppState,
    reaches: &[Reach],
    actor: &Actor,
    uid: &str,
    form: &DuesForm,
) -> AppResult<()> {
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
    let payment = store::Payment {
        organization: organization.id,
        year,
        amount,
        paid_on: today,
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    match store::pay_dues(&mut tx, reaches, record.id, &payment, &actor.label).await? {
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
