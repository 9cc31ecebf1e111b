//! Use cases of the territory module: permission, transaction, audit.

use serde::Deserialize;

use super::model::{Level, Unit};
use super::store;
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::auth::{Permit, Scope};
use crate::error::{AppError, AppResult, FieldError};
use crate::store::Tx;
use chrono::NaiveDate;

/// A party unit as submitted by a form or a JSON body; every field is text until checked.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct NewUnitDraft {
    #[serde(default)]
    pub name_ar: String,
    #[serde(default)]
    pub name_fr: String,
    /// For a country abroad only: its ISO 3166 alpha-2 code (FR, ES, BE…).
    #[serde(default)]
    pub country_code: String,
}

const NAME_MAX: usize = 120;

fn has_arabic_letter(s: &str) -> bool {
    s.chars()
        .any(|c| ('\u{0620}'..='\u{064A}').contains(&c) || ('\u{066E}'..='\u{06D3}').contains(&c))
}

fn has_latin_letter(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c))
}

/// A checked new unit: names in both scripts, and the code it will take.
#[derive(Debug)]
pub struct NewUnit {
    pub name_ar: String,
    pub name_fr: String,
    pub country_code: Option<String>,
}

impl NewUnitDraft {
    /// Checks the draft for a unit of `level`; every problem is reported at once, field by field.
    pub fn parse(&self, level: Level) -> Result<NewUnit, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name_ar = self.name_ar.trim();
        let name_fr = self.name_fr.trim();
        if name_ar.is_empty() {
            errors.push(FieldError::new("name_ar", "field-required"));
        } else if name_ar.chars().count() > NAME_MAX {
            errors.push(FieldError::new("name_ar", "field-too-long"));
        } else if mizan_text::has_hidden_controls(name_ar) {
            errors.push(FieldError::new("name_ar", "field-control-characters"));
        } else if !has_arabic_letter(name_ar) {
            errors.push(FieldError::new("name_ar", "field-arabic-script"));
        }
        if name_fr.is_empty() {
            errors.push(FieldError::new("name_fr", "field-required"));
        } else if name_fr.chars().count() > NAME_MAX {
            errors.push(FieldError::new("name_fr", "field-too-long"));
        } else if mizan_text::has_hidden_controls(name_fr) {
            errors.push(FieldError::new("name_fr", "field-control-characters"));
        } else if !has_latin_letter(name_fr) {
            errors.push(FieldError::new("name_fr", "field-latin-script"));
        }
        let country_code = if level == Level::AbroadCountry {
            let code = self.country_code.trim().to_ascii_uppercase();
            if code.is_empty() {
                errors.push(FieldError::new("country_code", "field-required"));
            } else if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) || code == "MA" {
                errors.push(FieldError::new("country_code", "field-country-code"));
            }
            Some(code)
        } else {
            None
        };
        if errors.is_empty() {
            Ok(NewUnit {
                name_ar: name_ar.to_owned(),
                name_fr: name_fr.to_owned(),
                country_code,
            })
        } else {
            Err(errors)
        }
    }
}

/// The unit a party unit may be created under, if it lies in `scope` (the caller's scope for
/// `Action::ManageUnits`), and the level the new unit will have.
pub async fn parent_for_new_unit(
    state: &AppState,
    scope: &Scope,
    parent_code: &str,
) -> AppResult<(Unit, Level)> {
    let parent = store::unit_within(&state.db, parent_code, scope)
        .await?
        .ok_or(AppError::NotFound)?;
    let level = parent.level.party_child().ok_or(AppError::NotFound)?;
    Ok((parent, level))
}

/// Creates a branch (below a commune or arrondissement), a country or city abroad, or a section
/// (below a city abroad), and counts it in the rollups, in one transaction with its audit entry.
pub async fn create_party_unit(
    state: &AppState,
    permit: &Permit,
    parent_code: &str,
    draft: &NewUnitDraft,
) -> AppResult<Unit> {
    let (scope, actor) = (&permit.scope, &permit.actor);
    let (parent, level) = parent_for_new_unit(state, scope, parent_code).await?;
    let new = draft.parse(level).map_err(AppError::Invalid)?;
    let mut tx = state.db.begin().await?;
    let unit = insert_party_unit(state, &mut tx, actor, &parent, level, new, state.clock.today()).await?;
    tx.commit().await?;
    Ok(unit)
}

/// Writes a new party unit of `level` under `parent` in `tx`: its code, the rollups, a branch's
/// bodies (formed on `founded_on`) and its place in open renewal campaigns, its audit entry.
pub(crate) async fn insert_party_unit(
    state: &AppState,
    tx: &mut Tx,
    actor: &Actor,
    parent: &Unit,
    level: Level,
    new: NewUnit,
    founded_on: NaiveDate,
) -> AppResult<Unit> {
    let now = state.clock.now();
    let code = match level {
        Level::AbroadCountry => new.country_code.clone().unwrap_or_default(),
        _ => {
            let separator = if level == Level::AbroadCity { '.' } else { '-' };
            let mut n = store::count_children(tx, &parent.code).await? + 1;
            loop {
                let candidate = format!("{}{separator}{n}", parent.code);
                if !store::code_exists(tx, &candidate).await? {
                    break candidate;
                }
                n += 1;
            }
        }
    };
    if store::code_exists(tx, &code).await? {
        return Err(AppError::Invalid(vec![FieldError::new(
            "country_code",
            "field-country-exists",
        )]));
    }
    let kind = match (level, parent.level) {
        (Level::Branch, Level::AbroadCity) => Some("section".to_owned()),
        (Level::Branch, _) => Some("branch".to_owned()),
        _ => None,
    };
    let unit = Unit::party(parent, code, level, kind.as_deref(), new.name_ar, new.name_fr);
    store::insert_units(tx, std::slice::from_ref(&unit), now).await?;
    store::set_founded_on(tx, &unit.code, founded_on).await?;
    if level == Level::Branch {
        store::count_new_branch(tx, &unit).await?;
    }
    if kind.as_deref() == Some("branch") {
        // Its bureau (and any body type made one per branch).
        crate::bodies::store::create_bodies_for_unit(tx, &unit.code, &unit.path, "branch", founded_on, now)
            .await?;
        // Open renewal campaigns count it as new (and its commune as newly covered if it had none).
        let first_of_commune = store::branches_under(tx, &parent.code).await? == 1;
        crate::renewal::store::add_new_branch(
            tx,
            &unit,
            parent.kind.as_deref() == Some("rural"),
            first_of_commune,
            state.clock.today(),
            now,
        )
        .await?;
    }
    audit::record(
        tx,
        &state.key,
        now,
        actor,
        Event {
            action: "territory.unit.create",
            target_kind: "territory_unit",
            target_id: &unit.code,
            details: serde_json::json!({
                "parent": parent.code,
                "level": level.code(),
                "name_ar": unit.name_ar,
                "name_fr": unit.name_fr,
                "founded_on": founded_on,
            }),
        },
    )
    .await?;
    Ok(unit)
}

/// The territory a figure is about: the one asked for, else the caller's own territory (when it is
/// one subtree), else `fallback`. It must lie inside the caller's scope (a unit above it is 404: a
/// coordinator's figures are never the country's).
pub async fn figure_territory(
    state: &AppState,
    scope: &Scope,
    asked: Option<&str>,
    fallback: &str,
) -> AppResult<Unit> {
    let code = match asked.map(str::trim).filter(|s| !s.is_empty()) {
        Some(code) => code.to_owned(),
        None => match scope {
            Scope::Within(roots) if roots.len() == 1 => roots[0]
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or(fallback)
                .to_owned(),
            _ => fallback.to_owned(),
        },
    };
    store::unit_within(&state.db, &code, scope)
        .await?
        .ok_or(AppError::NotFound)
}
