//! The people an activity reached by name: its volunteers and its registered beneficiaries (with
//! their consent), each found within the recorder's reach (`people::picker`); and the distinct
//! people reached, kept per unit and campaign on every link.

pub mod pages;
pub mod store;

use serde_json::json;
use store::Link;

use super::model::Status;
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::Permit;
use crate::error::{AppError, AppResult, FieldError};

/// Adds a volunteer to an activity: a person of the registry within the caller's reach, by the
/// uid of their file. Any activity but a rejected one (volunteers are known before it happens).
pub async fn add_volunteer(
    state: &AppState,
    permit: &Permit,
    uid: &str,
    person_uid: &str,
) -> AppResult<bool> {
    let activity = super::actions::held(state, permit, uid).await?;
    if Status::parse(&activity.status) == Some(Status::Rejected) {
        return Err(AppError::Conflict("activity_not_done"));
    }
    let person = crate::people::picker::pick(state, &permit.reaches, person_uid)
        .await?
        .map_err(|code| AppError::invalid("volunteer", code))?;
    let actor = &permit.actor;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let added = store::link(
        &mut tx,
        Link::Volunteer,
        activity.id,
        person.id,
        &actor.label,
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "activity.volunteer",
            target_kind: "person",
            target_id: &person.uid,
            details: json!({ "activity": activity.uid, "new": added }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(added)
}

/// A registration as typed: the person's uid, how their consent was collected, and whether they
/// gave it (the box ticked: `given`).
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct Registration {
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub consent: Option<String>,
}

/// Links a registered person (within the caller's reach) to a done or verified activity, with
/// their consent to be kept as a beneficiary, recorded in the ledger in the same transaction.
pub async fn register(
    state: &AppState,
    permit: &Permit,
    uid: &str,
    registration: &Registration,
) -> AppResult<bool> {
    let actor = &permit.actor;
    let (person_uid, method) = (registration.person.as_str(), registration.method.as_str());
    let consent = registration.consent.as_deref() == Some("given");
    let activity = super::actions::held(state, permit, uid).await?;
    if !Status::parse(&activity.status).is_some_and(Status::counts) {
        return Err(AppError::Conflict("activity_not_done"));
    }
    let mut errors = Vec::new();
    let person = match crate::people::picker::pick(state, &permit.reaches, person_uid).await? {
        Ok(person) => Some(person),
        Err(code) => {
            errors.push(FieldError::new("person", code));
            None
        }
    };
    if !crate::people::rights::METHODS.contains(&method) {
        errors.push(FieldError::new("method", "field-required"));
    }
    if !consent {
        errors.push(FieldError::new("consent", "activity-consent-needed"));
    }
    let (Some(person), true) = (person, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let form = crate::people::rights::ConsentForm {
        purpose: "beneficiary_records".into(),
        answer: "given".into(),
        method: method.into(),
        collected_by: String::new(),
        notice_version: crate::people::rights::NOTICE_VERSION.into(),
    };
    crate::people::rights::insert_consent(
        &mut tx,
        person.id,
        &form,
        true,
        crate::people::rights::NOTICE_VERSION,
        None,
        &actor.label,
        now,
    )
    .await?;
    let added = store::link(
        &mut tx,
        Link::Beneficiary,
        activity.id,
        person.id,
        &actor.label,
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "activity.register",
            target_kind: "person",
            target_id: &person.uid,
            details: json!({ "activity": activity.uid, "method": method, "new": added }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(added)
}
