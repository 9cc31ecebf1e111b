//! The session's panel: ministers and officials seated on it, found in the registry or named as
//! guests.

use serde::Deserialize;
use serde_json::json;

use super::model::{Panelist, SECTORS, Session};
use super::store::{self};
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::Permit;
use crate::error::{AppError, AppResult, FieldError};

#[derive(Clone, Debug, Default, Deserialize)]
pub struct PanelistDraft {
    /// A person of the registry, searched and chosen (`people::picker`); else the names below.
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub name_ar: String,
    #[serde(default)]
    pub name_latin: String,
    #[serde(default)]
    pub role: String,
    /// The sectors' codes, separated by commas.
    #[serde(default)]
    pub sectors: String,
}

impl PanelistDraft {
    /// The draft from a form's fields, where each sector ticked is a field `sectors` of its own.
    pub fn from_fields(fields: Vec<(String, String)>) -> PanelistDraft {
        let mut draft = PanelistDraft::default();
        let mut sectors = Vec::new();
        for (name, value) in fields {
            match name.as_str() {
                "person" => draft.person = value,
                "name_ar" => draft.name_ar = value,
                "name_latin" => draft.name_latin = value,
                "role" => draft.role = value,
                "sectors" => sectors.push(value),
                _ => {}
            }
        }
        draft.sectors = sectors.join(",");
        draft
    }

    /// Whether the form had this sector ticked.
    pub fn has_sector(&self, code: &str) -> bool {
        self.sectors.split(',').any(|s| s.trim() == code)
    }
}

/// Seats a minister or official on the session's panel: a person of the registry found within
/// `reaches` (their names taken from the record), or a guest named on the form.
pub async fn add_panelist(
    state: &AppState,
    permit: &Permit,
    session: &Session,
    draft: &PanelistDraft,
) -> AppResult<i64> {
    let (reaches, actor) = (permit.reaches.as_slice(), &permit.actor);
    let mut errors = Vec::new();
    let mut person = None;
    let (mut name_ar, mut name_latin) = (
        draft.name_ar.trim().to_owned(),
        draft.name_latin.trim().to_owned(),
    );
    if !draft.person.trim().is_empty() {
        match crate::people::picker::pick(state, reaches, &draft.person).await? {
            Ok(record) => {
                let full = |given: &Option<String>, family: &Option<String>| {
                    [given, family]
                        .into_iter()
                        .flatten()
                        .map(|s| s.trim())
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                name_ar = full(&record.given_ar, &record.family_ar);
                name_latin = full(&record.given_latin, &record.family_latin);
                person = Some(record.id);
            }
            Err(code) => errors.push(FieldError::new("person", code)),
        }
    } else if name_ar.is_empty() && name_latin.is_empty() {
        errors.push(FieldError::new("name_ar", "cafe-panelist-name"));
    }
    if draft.role.trim().is_empty() {
        errors.push(FieldError::new("role", "field-required"));
    }
    let sectors: Vec<&str> = draft
        .sectors
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if sectors.iter().any(|s| !SECTORS.contains(s)) {
        errors.push(FieldError::new("sectors", "cafe-unknown-sector"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let p = Panelist {
        id: 0,
        name_ar,
        name_latin,
        role: draft.role.trim().to_owned(),
        sectors: sectors.join(","),
        person_uid: None,
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let id = store::insert_panelist(&mut tx, session.id, &p, person).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "cafe.panelist.add",
            target_kind: "cafe_session",
            target_id: &session.id.to_string(),
            details: json!({ "panelist": id, "role": p.role, "from_registry": person.is_some() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
