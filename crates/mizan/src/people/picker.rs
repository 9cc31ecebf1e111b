//! Choosing a person is a search, never a typed id: a form's person field takes a name in either
//! script, a phone's last digits or a CIN (or a page's address, as before). What it finds within
//! the caller's reach comes back as choices to tick (a search-then-choose step that needs no
//! JavaScript); the form then carries the chosen person's uid. Nothing outside the reach is found,
//! so nothing says whether someone exists elsewhere.

use crate::app::AppState;
use crate::auth::Reach;
use crate::error::AppResult;
use crate::i18n::Locale;

use super::search::{self, Filters, PersonSummary};
use super::store::{self, PersonRecord};

/// At most this many people are offered to choose from.
pub const CHOICES: i64 = 8;

/// The person a field names (a uid, or an address ending with one), or why not: `field-required`,
/// `person-choose` (the text found people: the form offers them) or `person-not-found`.
pub async fn pick(
    state: &AppState,
    reaches: &[Reach],
    typed: &str,
) -> AppResult<Result<PersonRecord, &'static str>> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(Err("field-required"));
    }
    let last = typed.trim_end_matches('/').rsplit('/').next().unwrap_or(typed);
    if let Some(record) = store::person_by_uid(&state.db, reaches, last).await? {
        return Ok(Ok(record.into_inner()));
    }
    let found = found(state, reaches, typed, 1).await?;
    Ok(Err(if found.is_empty() {
        "person-not-found"
    } else {
        CHOOSE
    }))
}

async fn found(
    state: &AppState,
    reaches: &[Reach],
    typed: &str,
    limit: i64,
) -> AppResult<Vec<PersonSummary>> {
    if typed.chars().count() < 2 {
        return Ok(Vec::new());
    }
    let filters = Filters {
        query: Some(typed.to_owned()),
        ..Filters::default()
    };
    Ok(search::search(&state.db, &state.key, reaches, &filters, limit, 0).await?)
}

/// The error code that asks to choose among the people found: a step, not a mistake.
pub const CHOOSE: &str = "person-choose";

/// One person to tick: their uid, name in the reader's script, and what tells namesakes apart
/// (the name in the other script, where they live, the year they were born).
#[derive(Clone, Debug)]
pub struct Choice {
    pub uid: String,
    pub name: String,
    pub details: Vec<String>,
    pub born: Option<i64>,
}

/// The choices a person field offers after a search, on the form that asked.
#[derive(Clone, Debug)]
pub struct Picker {
    /// The form field (`person`, `volunteer`).
    pub field: &'static str,
    pub typed: String,
    pub choices: Vec<Choice>,
    /// More were found than are offered: the text should say more.
    pub more: bool,
    /// Where a new search starts (the page, without the choices).
    pub again: String,
}

/// The pickers a page shows (none, or the one whose search found people).
#[derive(Clone, Debug, Default)]
pub struct Pickers(pub Vec<Picker>);

impl Pickers {
    pub fn get(&self, field: &str) -> Option<&Picker> {
        self.0.iter().find(|p| p.field == field)
    }

    /// The choices for `field` when `errors` say its text found people to choose from. Choosing
    /// is a step, not a mistake: the other fields' errors wait until the person is chosen.
    pub async fn after(
        state: &AppState,
        reaches: &[Reach],
        locale: Locale,
        errors: &mut Vec<crate::error::FieldError>,
        field: &'static str,
        typed: &str,
        again: String,
    ) -> AppResult<Pickers> {
        let choosing = |e: &crate::error::FieldError| e.field == field && e.code == CHOOSE;
        if !errors.iter().any(choosing) {
            return Ok(Pickers::default());
        }
        errors.retain(choosing);
        let mut found = found(state, reaches, typed.trim(), CHOICES + 1).await?;
        let more = found.len() as i64 > CHOICES;
        found.truncate(CHOICES as usize);
        let choices = found
            .into_iter()
            .map(|p| {
                let place = match locale {
                    Locale::Ar => p.residence_ar.clone(),
                    _ => p.residence_fr.clone(),
                }
                .unwrap_or_default();
                Choice {
                    name: p.name(locale),
                    details: [p.other_name(locale), place]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect(),
                    born: p.birth_year,
                    uid: p.uid,
                }
            })
            .collect();
        Ok(Pickers(vec![Picker {
            field,
            typed: typed.trim().to_owned(),
            choices,
            more,
            again,
        }]))
    }
}
