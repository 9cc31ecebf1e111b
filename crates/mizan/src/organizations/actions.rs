//! Adding a parallel organization and changing an organization's names or wall, from the
//! administration page or the API; each change audited.

use serde::Deserialize;
use serde_json::json;

use super::Organization;
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::error::{AppError, AppResult, FieldError};

/// An organization as typed.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct OrganizationDraft {
    /// A short stable code: lower-case letters, digits and `_` (only for a new organization).
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name_ar: String,
    #[serde(default)]
    pub name_fr: String,
    #[serde(default)]
    pub name_en: String,
    /// `on` (a form's checkbox) or `true`: only its own officers see who belongs to it.
    #[serde(default)]
    pub walled: Option<String>,
}

impl OrganizationDraft {
    fn walled(&self) -> bool {
        matches!(self.walled.as_deref(), Some("on" | "true" | "1"))
    }

    /// The names checked, field by field; the English one is the French when not given.
    fn names(&self, errors: &mut Vec<FieldError>) -> (String, String, String) {
        let (ar, fr, en) = crate::ui::forms::names(errors, &self.name_ar, &self.name_fr, &self.name_en, 200);
        let en = if en.is_empty() { fr.clone() } else { en };
        (ar, fr, en)
    }
}

/// Adds a parallel organization.
pub async fn add(state: &AppState, actor: &Actor, draft: &OrganizationDraft) -> AppResult<Organization> {
    let mut errors = Vec::new();
    let code = draft.code.trim().to_owned();
    if code.len() < 2
        || code.len() > 30
        || !code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        errors.push(FieldError::new("code", "organization-code-format"));
    }
    let (name_ar, name_fr, name_en) = draft.names(&mut errors);
    let existing = super::all(&state.db).await?;
    if existing.iter().any(|o| o.code == code) {
        errors.push(FieldError::new("code", "organization-code-taken"));
    }
    if !existing.iter().any(|o| o.kind == "party") {
        return Err(AppError::Conflict("no_party"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut org = Organization {
        id: 0,
        code,
        kind: "parallel".to_owned(),
        name_ar,
        name_fr,
        name_en,
        walled: draft.walled(),
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    org.id = super::insert(&mut tx, &org, now).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "organization.add",
            target_kind: "organization",
            target_id: &org.code,
            details: json!({ "names": [&org.name_ar, &org.name_fr, &org.name_en], "walled": org.walled }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(org)
}

/// Changes an organization's names, and whether it is walled (the party never is).
pub async fn change(
    state: &AppState,
    actor: &Actor,
    code: &str,
    draft: &OrganizationDraft,
) -> AppResult<Organization> {
    let before = super::all(&state.db)
        .await?
        .into_iter()
        .find(|o| o.code == code)
        .ok_or(AppError::NotFound)?;
    let mut errors = Vec::new();
    let (name_ar, name_fr, name_en) = draft.names(&mut errors);
    if draft.walled() && before.kind == "party" {
        errors.push(FieldError::new("walled", "organization-party-not-walled"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let after = Organization {
        name_ar,
        name_fr,
        name_en,
        walled: draft.walled(),
        ..before.clone()
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    super::update(&mut tx, &after).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "organization.change",
            target_kind: "organization",
            target_id: &after.code,
            details: json!({ "names": [&after.name_ar, &after.name_fr, &after.name_en],
                             "walled": [before.walled, after.walled] }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
