//! Use cases of branch renewal: open a campaign, and move a branch through its steps (convene the
//! general assembly, hold it with the attendance of eligible members, elect the bureau, validate
//! at the province; or lapse, or merge). Each is one transaction with its audit entry.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde_json::json;

use super::model::{BranchRenewal, Campaign, Stage};
use super::store::{self, Step};
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::auth::{Action, Held, Permit, Scope, Visible};
use crate::bodies::Quorum;
use crate::error::{AppError, AppResult, FieldError};
use crate::ui::forms::parse_date;

/// A campaign by code, or 404.
pub async fn campaign(state: &AppState, code: &str) -> AppResult<Campaign> {
    store::campaign(&state.db, code).await?.ok_or(AppError::NotFound)
}

/// A branch of a campaign inside the caller's scope, or 404: its stage is for anyone who sees
/// its territory.
pub async fn branch(
    state: &AppState,
    scope: &Scope,
    campaign: &Campaign,
    code: &str,
) -> AppResult<Visible<BranchRenewal>> {
    store::renewal(&state.db, campaign.id, code, scope)
        .await?
        .ok_or(AppError::NotFound)
}

/// A branch of a campaign whose records the permit covers (its place, and the party), or 404:
/// what moves it, or names its members.
pub async fn held_branch(
    state: &AppState,
    permit: &Permit,
    campaign: &Campaign,
    code: &str,
) -> AppResult<Held<BranchRenewal>> {
    store::renewal_held(&state.db, campaign.id, code, permit)
        .await?
        .ok_or(AppError::NotFound)
}

/// A campaign as typed by a national administrator.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct CampaignDraft {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name_ar: String,
    #[serde(default)]
    pub name_fr: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub min_paid_members: String,
}

/// Opens a campaign: every branch of its scope is due.
pub async fn open_campaign(state: &AppState, actor: &Actor, draft: &CampaignDraft) -> AppResult<Campaign> {
    let mut errors = Vec::new();
    let code = draft.code.trim();
    if code.is_empty()
        || code.len() > 40
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        errors.push(FieldError::new("code", "renewal-code-format"));
    }
    for (field, value) in [("name_ar", &draft.name_ar), ("name_fr", &draft.name_fr)] {
        if value.trim().is_empty() {
            errors.push(FieldError::new(field, "field-required"));
        }
    }
    let scope_code = if draft.scope.trim().is_empty() {
        "MA"
    } else {
        draft.scope.trim()
    };
    let unit = crate::territory::store::unit_by_code(&state.db, scope_code).await?;
    if unit.is_none() {
        errors.push(FieldError::new("scope", "renewal-unknown-scope"));
    }
    let starts = parse_date(draft.starts_on.trim());
    let ends = parse_date(draft.ends_on.trim());
    if starts.is_none() {
        errors.push(FieldError::new("starts_on", "field-date-format"));
    }
    match (starts, ends) {
        (_, None) => errors.push(FieldError::new("ends_on", "field-date-format")),
        (Some(s), Some(e)) if e < s => errors.push(FieldError::new("ends_on", "figure-period-reversed")),
        _ => {}
    }
    let min_paid = match draft.min_paid_members.trim() {
        "" => 0,
        text => text
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=10_000).contains(n))
            .unwrap_or_else(|| {
                errors.push(FieldError::new("min_paid_members", "renewal-min-paid-range"));
                0
            }),
    };
    if store::campaign(&state.db, code).await?.is_some() {
        errors.push(FieldError::new("code", "renewal-code-taken"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let unit = unit.expect("checked");
    let mut campaign = Campaign {
        id: 0,
        code: code.to_owned(),
        name_ar: draft.name_ar.trim().to_owned(),
        name_fr: draft.name_fr.trim().to_owned(),
        name_en: Some(draft.name_en.trim())
            .filter(|s| !s.is_empty())
            .unwrap_or(draft.name_fr.trim())
            .to_owned(),
        scope_code: unit.code.clone(),
        scope_path: unit.path.clone(),
        starts_on: starts.expect("checked"),
        ends_on: ends.expect("checked"),
        min_paid_members: min_paid,
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    campaign.id = store::insert_campaign(&mut tx, &campaign, now).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "renewal.open",
            target_kind: "renewal_campaign",
            target_id: &campaign.code,
            details: json!({ "scope": campaign.scope_code, "from": campaign.starts_on, "to": campaign.ends_on,
                             "min_paid_members": campaign.min_paid_members }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(campaign)
}

/// A step as submitted from a branch's renewal page.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct StepForm {
    #[serde(default)]
    pub step: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub merged_into: String,
    #[serde(default)]
    pub secretary: String,
    #[serde(default)]
    pub treasurer: String,
    /// Uids: the members present (hold) or the bureau's other members (elect).
    #[serde(default)]
    pub people: Vec<String>,
}

impl StepForm {
    /// Reads a submitted form where `people` may repeat.
    pub fn from_fields(fields: Vec<(String, String)>) -> StepForm {
        let mut form = StepForm::default();
        for (name, value) in fields {
            match name.as_str() {
                "step" => form.step = value,
                "date" => form.date = value,
                "reason" => form.reason = value,
                "merged_into" => form.merged_into = value,
                "secretary" => form.secretary = value,
                "treasurer" => form.treasurer = value,
                "people" => form.people.push(value),
                _ => {}
            }
        }
        form
    }
}

fn day_of(text: &str, today: NaiveDate, not_after_today: bool) -> AppResult<NaiveDate> {
    let day = parse_date(text.trim()).ok_or_else(|| AppError::invalid("date", "field-date-format"))?;
    if not_after_today && day > today {
        return Err(AppError::invalid("date", "renewal-date-in-future"));
    }
    Ok(day)
}

/// Moves a branch one step. The branch must be inside the caller's scope; validation needs a
/// role that may validate (the province's coordinator, or national).
pub async fn step(
    state: &AppState,
    permit: &Permit,
    campaign: &Campaign,
    code: &str,
    form: &StepForm,
) -> AppResult<Stage> {
    let renewal = held_branch(state, permit, campaign, code).await?;
    let actor = &permit.actor;
    let today = state.clock.today();
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let stage = renewal.stage;
    let (to, details) = match form.step.as_str() {
        "convene" => {
            if !(stage == Stage::Due || (stage == Stage::Held && !renewal.quorum_reached)) {
                return Err(AppError::Conflict("renewal_wrong_stage"));
            }
            let day = day_of(&form.date, today, false)?;
            if day < campaign.starts_on {
                return Err(AppError::invalid("date", "renewal-before-campaign"));
            }
            let paid = store::paid_up_count(&state.db, &renewal, day.year()).await?;
            if paid < campaign.min_paid_members {
                return Err(AppError::invalid("date", "renewal-not-enough-paid-members"));
            }
            let from = [Stage::Due, Stage::Held];
            if !store::advance(
                &mut tx,
                campaign.id,
                code,
                &from,
                Stage::Convened,
                &Step::Convene { assembly_on: day },
                now,
            )
            .await?
            {
                return Err(AppError::Conflict("renewal_wrong_stage"));
            }
            (
                Stage::Convened,
                json!({ "assembly_on": day, "paid_members": paid }),
            )
        }
        "hold" => {
            if stage != Stage::Convened {
                return Err(AppError::Conflict("renewal_wrong_stage"));
            }
            let day = day_of(&form.date, today, true)?;
            let eligible = store::eligible_members(&state.db, &renewal, day.year()).await?;
            let mut present = Vec::new();
            for uid in &form.people {
                match eligible.iter().find(|e| &e.1 == uid) {
                    Some(e) if !present.contains(&e.0) => present.push(e.0),
                    Some(_) => {}
                    None => return Err(AppError::invalid("people", "renewal-not-eligible")),
                }
            }
            if present.is_empty() {
                return Err(AppError::invalid("people", "meeting-nobody-present"));
            }
            let (n, p) = (eligible.len() as i64, present.len() as i64);
            let quorum = Quorum::Majority.reached(n, p);
            let done = Step::Hold {
                held_on: day,
                eligible: n,
                present: p,
                quorum_reached: quorum,
            };
            if !store::advance(
                &mut tx,
                campaign.id,
                code,
                &[Stage::Convened],
                Stage::Held,
                &done,
                now,
            )
            .await?
            {
                return Err(AppError::Conflict("renewal_wrong_stage"));
            }
            store::record_attendance(&mut tx, campaign.id, code, &present).await?;
            (
                Stage::Held,
                json!({ "held_on": day, "eligible": n, "present": p, "quorum": quorum }),
            )
        }
        "elect" => {
            if stage != Stage::Held {
                return Err(AppError::Conflict("renewal_wrong_stage"));
            }
            if !renewal.quorum_reached {
                return Err(AppError::invalid("secretary", "renewal-no-quorum"));
            }
            let day = day_of(&form.date, today, true)?;
            let attended = store::attendees(&mut tx, campaign.id, code).await?;
            let pick = |uid: &str, field: &str| -> AppResult<i64> {
                attended
                    .iter()
                    .find(|(_, u)| u == uid)
                    .map(|(id, _)| *id)
                    .ok_or_else(|| AppError::invalid(field, "renewal-elected-not-present"))
            };
            let secretary = pick(form.secretary.trim(), "secretary")?;
            let treasurer = pick(form.treasurer.trim(), "treasurer")?;
            if secretary == treasurer {
                return Err(AppError::invalid("treasurer", "renewal-one-seat-each"));
            }
            let mut seats = vec![(secretary, "secretary"), (treasurer, "treasurer")];
            for uid in &form.people {
                let id = pick(uid, "people")?;
                if !seats.iter().any(|(p, _)| *p == id) {
                    seats.push((id, "member"));
                }
            }
            let bureau = store::bureau_of(&mut tx, code)
                .await?
                .ok_or_else(|| AppError::invalid("secretary", "renewal-no-bureau"))?;
            crate::bodies::mandates::store::end_all_mandates(&mut tx, bureau, day, "renewal").await?;
            let rows: Vec<(i64, i64, &str, NaiveDate)> =
                seats.iter().map(|(p, s)| (bureau, *p, *s, day)).collect();
            crate::bodies::mandates::store::insert_mandates(&mut tx, &rows, now).await?;
            if !store::advance(
                &mut tx,
                campaign.id,
                code,
                &[Stage::Held],
                Stage::Elected,
                &Step::Elect { elected_on: day },
                now,
            )
            .await?
            {
                return Err(AppError::Conflict("renewal_wrong_stage"));
            }
            (
                Stage::Elected,
                json!({ "elected_on": day, "seats": seats.len(), "bureau": bureau }),
            )
        }
        "validate" => {
            let validator = match permit.narrowed(Action::ValidateRenewal) {
                Some(validator) => store::renewal_held(&state.db, campaign.id, code, &validator).await?,
                None => None,
            };
            if validator.is_none() {
                return Err(AppError::Forbidden);
            }
            let done = Step::Validate {
                on: today,
                by: &actor.label,
            };
            if !store::advance(
                &mut tx,
                campaign.id,
                code,
                &[Stage::Elected],
                Stage::Validated,
                &done,
                now,
            )
            .await?
            {
                return Err(AppError::Conflict("renewal_wrong_stage"));
            }
            (Stage::Validated, json!({}))
        }
        "lapse" | "merge" => {
            if !stage.open() {
                return Err(AppError::Conflict("renewal_wrong_stage"));
            }
            let reason = form.reason.trim();
            if reason.is_empty() {
                return Err(AppError::invalid("reason", "field-required"));
            }
            let into = if form.step == "merge" {
                let other = form.merged_into.trim();
                if other == code
                    || store::renewal_held(&state.db, campaign.id, other, permit)
                        .await?
                        .is_none()
                {
                    return Err(AppError::invalid("merged_into", "renewal-unknown-branch"));
                }
                Some(other)
            } else {
                None
            };
            let to = if into.is_some() {
                Stage::Merged
            } else {
                Stage::Lapsed
            };
            let open = [Stage::Due, Stage::Convened, Stage::Held, Stage::Elected];
            let done = Step::Close {
                reason,
                merged_into: into,
            };
            if !store::advance(&mut tx, campaign.id, code, &open, to, &done, now).await? {
                return Err(AppError::Conflict("renewal_wrong_stage"));
            }
            (to, json!({ "reason": reason, "merged_into": into }))
        }
        _ => return Err(AppError::invalid("step", "field-unknown-choice")),
    };
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "renewal.step",
            target_kind: "branch",
            target_id: code,
            details: json!({ "campaign": campaign.code, "from": stage.code(), "to": to.code(), "step": details }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(to)
}
