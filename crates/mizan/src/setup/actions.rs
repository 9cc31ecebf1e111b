//! Applying the setup: the party's names, then a template's organizations, organs and themes (or
//! the party alone), in one transaction with its audit entry. Once the party exists the setup is
//! done; what it wrote stays editable in the administration pages.

use serde::Deserialize;
use serde_json::json;

use super::template::{self, Template};
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::error::{AppError, AppResult, FieldError};
use crate::organizations::{self, Organization};
use crate::store::{Db, StoreResult};
use crate::{on_db, on_tx};

/// The setup as the national administrator types it.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct SetupDraft {
    /// The party's name in Arabic (required), French (required) and English (the French one when
    /// empty).
    #[serde(default)]
    pub name_ar: String,
    #[serde(default)]
    pub name_fr: String,
    #[serde(default)]
    pub name_en: String,
    /// Its short name or acronym, as people write it (optional).
    #[serde(default)]
    pub short_name: String,
    /// A shipped template's code (`moroccan-party`), or `blank` for the party alone.
    #[serde(default)]
    pub template: String,
}

/// Starting with the party alone.
pub const BLANK: &str = "blank";

/// Whether the party is set up (its organization exists).
pub async fn is_done(db: &Db) -> StoreResult<bool> {
    Ok(organizations::all(db).await?.iter().any(|o| o.kind == "party"))
}

/// Whether the party is set up, remembered once it is (a setup is never undone): the home page
/// asks on every request of a national administrator.
#[derive(Debug, Default)]
pub struct SetUp(std::sync::atomic::AtomicBool);

impl SetUp {
    pub async fn check(&self, db: &Db) -> StoreResult<bool> {
        use std::sync::atomic::Ordering::Relaxed;
        if self.0.load(Relaxed) {
            return Ok(true);
        }
        let done = is_done(db).await?;
        self.0.store(done, Relaxed);
        Ok(done)
    }
}

/// The party's short name, if the setup gave one.
pub async fn short_name(db: &Db) -> StoreResult<Option<String>> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT value FROM settings WHERE key = 'party.short_name'"
    )
    .fetch_optional(c)
    .await)?)
}

/// What the setup wrote.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct SetupDone {
    pub organizations: usize,
    pub body_types: usize,
    pub bodies: u64,
    pub themes: usize,
}

/// Applies the setup, once.
pub async fn apply(state: &AppState, actor: &Actor, draft: &SetupDraft) -> AppResult<SetupDone> {
    let mut errors = Vec::new();
    let (name_ar, name_fr, name_en) =
        crate::ui::forms::names(&mut errors, &draft.name_ar, &draft.name_fr, &draft.name_en, 200);
    let short_name = draft.short_name.trim().to_owned();
    if short_name.chars().count() > 20 {
        errors.push(FieldError::new("short_name", "field-too-long"));
    } else if mizan_text::has_hidden_controls(&short_name) {
        errors.push(FieldError::new("short_name", "field-control-characters"));
    }
    let chosen = draft.template.trim();
    let template = match chosen {
        BLANK => None,
        code => match template::builtin(code) {
            Some(t) => Some(t),
            None => {
                errors.push(FieldError::new("template", "field-unknown-choice"));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if is_done(&state.db).await? {
        return Err(AppError::Conflict("setup_done"));
    }
    let party = Organization {
        id: 0,
        code: "party".to_owned(),
        kind: "party".to_owned(),
        name_en: if name_en.is_empty() {
            name_fr.clone()
        } else {
            name_en
        },
        name_ar,
        name_fr,
        walled: false,
    };
    // The party's own names in the template's first place; its parallel organizations after.
    let mut plan = template.unwrap_or_else(|| Template {
        organization: Vec::new(),
        body_type: Vec::new(),
        theme: Vec::new(),
    });
    plan.organization.retain(|o| o.kind != "party");
    plan.organization.insert(0, party);
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    template::insert_organizations(&mut tx, &mut plan.organization, now).await?;
    let organs = template::insert_organs(&mut tx, &plan, &plan.organization, state.clock.today(), now)
        .await
        .map_err(AppError::Internal)?;
    if !short_name.is_empty() {
        on_tx!(&mut tx, |c| sqlx::query(
            "INSERT INTO settings (key, value) VALUES ('party.short_name', $1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        )
        .bind(&short_name)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))
        .map_err(crate::store::StoreError::from)?;
    }
    let done = SetupDone {
        organizations: plan.organization.len(),
        body_types: organs.body_types.len(),
        bodies: organs.bodies,
        themes: organs.theme_ids.len(),
    };
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "setup.apply",
            target_kind: "party",
            target_id: "party",
            details: json!({ "template": chosen, "organizations": done.organizations,
                             "body_types": done.body_types, "bodies": done.bodies, "themes": done.themes }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(done)
}
