//! What the national admin configures about volunteering: activity types (names, icon, the
//! categories they count, offered or retired), beneficiary categories, campaigns (period, scope,
//! the types they count, their targets) and targets by territory and type. Each change is one
//! transaction with its audit entry.

pub mod pages;
pub mod store;

use chrono::NaiveDate;
use serde_json::json;
use store::{NewCampaign, Target};

use super::model::{ActivityType, Category};
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::error::{AppError, AppResult, FieldError};
use crate::ui::forms::parse_date;

/// The icons of the stylesheet's set (`assets/activity-icons.svg`), one per kind of activity.
pub const ICONS: [&str; 10] = [
    "caravan",
    "women",
    "digital",
    "training",
    "solidarity",
    "school",
    "environment",
    "culture",
    "sport",
    "other",
];

/// A form as typed: every field by name, repeated fields (checkboxes) kept in order.
#[derive(Clone, Debug, Default)]
pub struct Typed(pub Vec<(String, String)>);

impl Typed {
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.trim())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
            .collect()
    }

    pub fn has(&self, name: &str, value: &str) -> bool {
        self.all(name).contains(&value)
    }
}

/// A code: lower-case Latin letters, digits, `_` or `-`, 2 to 40 of them, starting with a letter.
fn check_code(typed: &str, errors: &mut Vec<FieldError>) -> String {
    let ok = (2..=40).contains(&typed.len())
        && typed.starts_with(|c: char| c.is_ascii_lowercase())
        && typed
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-'));
    if !ok {
        errors.push(FieldError::new("code", "settings-code-format"));
    }
    typed.to_owned()
}

/// Names in the three languages, each required and at most 120 characters.
fn check_names(form: &Typed, errors: &mut Vec<FieldError>) -> [String; 3] {
    ["name_ar", "name_fr", "name_en"].map(|field| {
        let name = form.get(field);
        if name.is_empty() {
            errors.push(FieldError::new(field, "field-required"));
        } else if name.chars().count() > 120 {
            errors.push(FieldError::new(field, "field-too-long"));
        }
        name.to_owned()
    })
}

/// The categories ticked (by code), as ids; none ticked: every category.
fn check_categories(form: &Typed, categories: &[Category], errors: &mut Vec<FieldError>) -> Vec<i64> {
    let mut ids = Vec::new();
    for code in form.all("category") {
        match categories.iter().find(|c| c.code == code) {
            Some(c) => ids.push(c.id),
            None => errors.push(FieldError::new("category", "field-unknown-choice")),
        }
    }
    ids
}

fn check_icon(form: &Typed, errors: &mut Vec<FieldError>) -> String {
    let icon = form.get("icon");
    if !ICONS.contains(&icon) {
        errors.push(FieldError::new("icon", "field-unknown-choice"));
    }
    icon.to_owned()
}

/// Adds an activity type, offered at once in the forms.
pub async fn add_type(state: &AppState, actor: &Actor, form: &Typed) -> AppResult<i64> {
    let categories = store::categories(&state.db).await?;
    let mut errors = Vec::new();
    let code = check_code(form.get("code"), &mut errors);
    let [name_ar, name_fr, name_en] = check_names(form, &mut errors);
    let icon = check_icon(form, &mut errors);
    let counted = check_categories(form, &categories, &mut errors);
    if errors.is_empty()
        && store::all_types(&state.db)
            .await?
            .iter()
            .any(|(t, _)| t.code == code)
    {
        errors.push(FieldError::new("code", "settings-code-taken"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut kind = ActivityType {
        id: 0,
        code,
        name_ar,
        name_fr,
        name_en,
        icon,
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    kind.id = store::insert_type(&mut tx, &kind).await?;
    store::change_type(&mut tx, &kind, true, &counted).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "activity_type.add",
            target_kind: "activity_type",
            target_id: &kind.code,
            details: json!({ "names": [kind.name_ar, kind.name_fr, kind.name_en], "icon": kind.icon,
                             "categories": counted }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(kind.id)
}

/// Renames a type, changes its icon and the categories it counts, offers or retires it (a
/// retired type keeps its activities and figures; it is only no longer offered).
pub async fn change_type(state: &AppState, actor: &Actor, code: &str, form: &Typed) -> AppResult<()> {
    let (before, was_active) = store::all_types(&state.db)
        .await?
        .into_iter()
        .find(|(t, _)| t.code == code)
        .ok_or(AppError::NotFound)?;
    let categories = store::categories(&state.db).await?;
    let mut errors = Vec::new();
    let [name_ar, name_fr, name_en] = check_names(form, &mut errors);
    let icon = check_icon(form, &mut errors);
    let counted = check_categories(form, &categories, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let active = form.get("active") == "on";
    let after = ActivityType {
        name_ar,
        name_fr,
        name_en,
        icon,
        ..before.clone()
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    store::change_type(&mut tx, &after, active, &counted).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "activity_type.change",
            target_kind: "activity_type",
            target_id: code,
            details: json!({ "names_before": [before.name_ar, before.name_fr, before.name_en],
                             "names": [after.name_ar, after.name_fr, after.name_en],
                             "active_before": was_active, "active": active, "categories": counted }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a beneficiary category: part of the total (like women, men, children) or "of whom"
/// (like youth), after the others.
pub async fn add_category(state: &AppState, actor: &Actor, form: &Typed) -> AppResult<i64> {
    let categories = store::categories(&state.db).await?;
    let mut errors = Vec::new();
    let code = check_code(form.get("code"), &mut errors);
    let [name_ar, name_fr, name_en] = check_names(form, &mut errors);
    let in_total = match form.get("in_total") {
        "total" => true,
        "of_whom" => false,
        _ => {
            errors.push(FieldError::new("in_total", "field-required"));
            false
        }
    };
    if errors.is_empty() && categories.iter().any(|c| c.code == code) {
        errors.push(FieldError::new("code", "settings-code-taken"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let category = Category {
        id: 0,
        code,
        name_ar,
        name_fr,
        name_en,
        in_total,
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let id = store::insert_category(&mut tx, &category, categories.len() as i64).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "beneficiary_category.add",
            target_kind: "beneficiary_category",
            target_id: &category.code,
            details: json!({ "names": [category.name_ar, category.name_fr, category.name_en],
                             "in_total": in_total }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A whole number from 0 to a billion, as typed (empty: 0).
fn check_number(form: &Typed, field: &str, errors: &mut Vec<FieldError>) -> i64 {
    match form.get(field) {
        "" => 0,
        typed => match typed.parse::<i64>() {
            Ok(n) if (0..=1_000_000_000).contains(&n) => n,
            _ => {
                errors.push(FieldError::new(field, "settings-number"));
                0
            }
        },
    }
}

/// Opens a campaign: its period, its scope (a territory), the types it counts (none ticked:
/// all), its targets for the whole scope. Activities already recorded in its period and scope
/// that counted in no campaign join it, and the rollups follow.
pub async fn create_campaign(state: &AppState, actor: &Actor, form: &Typed) -> AppResult<String> {
    let types = store::all_types(&state.db).await?;
    let mut errors = Vec::new();
    let code = check_code(form.get("code"), &mut errors);
    let [name_ar, name_fr, name_en] = check_names(form, &mut errors);
    let scope = crate::territory::store::unit_by_code(&state.db, form.get("scope")).await?;
    if scope.is_none() {
        errors.push(FieldError::new("scope", "field-unknown-unit"));
    }
    let day = |field: &str, errors: &mut Vec<FieldError>| -> Option<NaiveDate> {
        let d = parse_date(form.get(field));
        if d.is_none() {
            errors.push(FieldError::new(field, "field-date-format"));
        }
        d
    };
    let (from, to) = (day("from", &mut errors), day("to", &mut errors));
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errors.push(FieldError::new("to", "activity-until-before"));
    }
    let activities = check_number(form, "target_activities", &mut errors);
    let beneficiaries = check_number(form, "target_beneficiaries", &mut errors);
    let mut counted = Vec::new();
    for code in form.all("type") {
        match types.iter().find(|(t, _)| t.code == code) {
            Some((t, _)) => counted.push(t.id),
            None => errors.push(FieldError::new("type", "field-unknown-choice")),
        }
    }
    if errors.is_empty() && store::campaign_by_code(&state.db, &code).await?.is_some() {
        errors.push(FieldError::new("code", "settings-code-taken"));
    }
    let (Some(scope), Some(from), Some(to)) = (scope, from, to) else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let id = store::insert_campaign(
        &mut tx,
        &NewCampaign {
            code: &code,
            names: [&name_ar, &name_fr, &name_en],
            scope: (&scope.code, &scope.path),
            period: (from, to),
            target_activities: activities,
            target_beneficiaries: beneficiaries,
        },
        now,
    )
    .await?;
    store::set_campaign_types(&mut tx, id, &counted).await?;
    let joined = store::assign_campaign(&mut tx, id).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "campaign.create",
            target_kind: "campaign",
            target_id: &code,
            details: json!({ "scope": scope.code, "from": from, "to": to, "types": counted,
                             "target_activities": activities, "target_beneficiaries": beneficiaries,
                             "activities_joined": joined }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(code)
}

/// Sets a campaign's target for a territory inside its scope, for every type or one; both
/// numbers at zero take the target away.
pub async fn set_target(state: &AppState, actor: &Actor, campaign: &str, form: &Typed) -> AppResult<()> {
    let campaign = store::campaign_by_code(&state.db, campaign)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = Vec::new();
    let unit = crate::territory::store::unit_by_code(&state.db, form.get("territory"))
        .await?
        .filter(|u| u.path.starts_with(&campaign.scope_path));
    if unit.is_none() {
        errors.push(FieldError::new("territory", "settings-outside-campaign"));
    }
    let type_id = match form.get("type") {
        "" => 0,
        code => match store::all_types(&state.db)
            .await?
            .into_iter()
            .find(|(t, _)| t.code == code)
        {
            Some((t, _)) => t.id,
            None => {
                errors.push(FieldError::new("type", "field-unknown-choice"));
                0
            }
        },
    };
    let activities = check_number(form, "activities", &mut errors);
    let beneficiaries = check_number(form, "beneficiaries", &mut errors);
    let Some(unit) = unit else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let target = Target {
        territory_code: unit.code.clone(),
        type_id,
        activities,
        beneficiaries,
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    store::set_target(&mut tx, campaign.id, &target).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "campaign.target",
            target_kind: "campaign",
            target_id: &campaign.code,
            details: json!({ "territory": unit.code, "type": type_id, "activities": activities,
                             "beneficiaries": beneficiaries }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
