//! A person as typed (the form, the API, an import's row) and its checks: names in either script,
//! the CIN, phone and e-mail as written, a birth date, free texts bounded; each mistake said beside
//! its field; what is sealed is sealed here.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::model::{PersonRow, index, seal_context};
use super::store;
use crate::error::FieldError;

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

impl PersonDraft {
    pub(crate) fn check(&self, today: NaiveDate) -> Result<CheckedPerson, Vec<FieldError>> {
        let mut errors = Vec::new();
        let (arabic, latin) = (crate::ui::forms::arabic, crate::ui::forms::latin);
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
            Some(text) => match crate::ui::forms::parse_date(&text) {
                Some(d) if (14..=110).contains(&(today.year() - d.year())) && d <= today => Some(d),
                Some(_) => {
                    errors.push(FieldError::new("birth_date", "field-date-impossible"));
                    None
                }
                None if crate::ui::forms::looks_like_a_date(&text) => {
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

impl PersonDraft {
    /// A person's fields as the edit form shows them: the CIN left empty (it is kept unless a new
    /// one is typed; showing it would reveal it without a reason).
    pub fn of_file(file: &super::actions::PersonFile) -> PersonDraft {
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
