//! Use cases of the Policy Café's staff: open a session, find it by its code or as held. Its panel
//! is `panel`, what participants do `participate`, moderation `moderation` (each step in the public
//! moderation log: pause, hide, answers and commitments). Staff changes are one
//! transaction with their audit entry; every change reaches the screens (`live`).

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde::Deserialize;
use serde_json::json;

use super::model::{self, Session};
use super::store::{self, NewSession};
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::{Held, Permit};
use crate::error::{AppError, AppResult, FieldError};
use crate::organizations::Organization;

/// A session by its join code, or 404.
pub async fn by_code(state: &AppState, code: &str) -> AppResult<Session> {
    let code = model::normalize_code(code);
    if let Some(session) = state.cafe.sessions.get(&code) {
        return Ok(session);
    }
    let session = store::session_by_code(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    state.cafe.sessions.remember(&session);
    Ok(session)
}

/// A session the permit covers (its event's territory, its organization), or 404.
pub async fn held(state: &AppState, permit: &Permit, id: i64) -> AppResult<Held<Session>> {
    store::session_held(&state.db, id, permit)
        .await?
        .ok_or(AppError::NotFound)
}

/// The organizations a permit may open sessions for: its grants' own, or, for a grant without
/// one, every organization that is not walled (all of them, for a grant everywhere).
pub fn organizing_for(permit: &Permit, organizations: Vec<Organization>) -> Vec<Organization> {
    organizations
        .into_iter()
        .filter(|o| {
            permit.reaches.iter().any(|r| match r.organization {
                Some(own) => own == o.id,
                None => r.path.is_none() || !o.walled,
            })
        })
        .collect()
}

/// A session as typed by its organizer.
#[derive(Clone, Debug, Deserialize)]
pub struct SessionDraft {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub event: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub territory: String,
    /// The code of the organization whose event it is (the first the organizer may act for, when
    /// empty).
    #[serde(default)]
    pub organization: String,
    /// `YYYY-MM-DDTHH:MM`, Morocco's time.
    #[serde(default)]
    pub opens_at: String,
    #[serde(default)]
    pub minutes: String,
    #[serde(default)]
    pub anonymous_allowed: Option<String>,
    #[serde(default)]
    pub premoderation: Option<String>,
    #[serde(default)]
    pub max_length: String,
    #[serde(default)]
    pub votes_per_device: String,
}

impl Default for SessionDraft {
    fn default() -> SessionDraft {
        SessionDraft {
            title: String::new(),
            event: String::new(),
            place: String::new(),
            territory: String::new(),
            organization: String::new(),
            opens_at: String::new(),
            minutes: "120".to_owned(),
            anonymous_allowed: Some("on".to_owned()),
            premoderation: Some("on".to_owned()),
            max_length: "280".to_owned(),
            votes_per_device: "0".to_owned(),
        }
    }
}

fn parse_local(s: &str) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M").ok()?;
    crate::clock::LOCAL_OFFSET
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

fn number_in(s: &str, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
    s.trim().parse().ok().filter(|n| range.contains(n))
}

/// Opens a session for an event in the caller's territory; its join code is drawn at random.
pub async fn create_session(state: &AppState, permit: &Permit, draft: &SessionDraft) -> AppResult<Session> {
    let actor = &permit.actor;
    let scope = &permit.scope;
    let mut errors = Vec::new();
    for (field, value, max) in [
        ("title", &draft.title, 200),
        ("event", &draft.event, 200),
        ("place", &draft.place, 200),
    ] {
        let len = value.trim().chars().count();
        if len == 0 && field != "place" {
            errors.push(FieldError::new(field, "field-required"));
        } else if len > max {
            errors.push(FieldError::new(field, "field-too-long"));
        }
    }
    let territory = if draft.territory.trim().is_empty() {
        "MA"
    } else {
        draft.territory.trim()
    };
    let unit = match crate::territory::store::unit_within(&state.db, territory, scope).await? {
        Some(u) => Some(u),
        None => {
            errors.push(FieldError::new("territory", "cafe-territory-outside"));
            None
        }
    };
    let offered = organizing_for(permit, crate::organizations::all(&state.db).await?);
    let organization = match draft.organization.trim() {
        "" => offered.first(),
        code => offered.iter().find(|o| o.code == code),
    }
    // Its records there must be the organizer's: a youth-wing officer of Taza opens the youth
    // wing's sessions in Taza.
    .filter(|o| {
        unit.as_ref()
            .is_none_or(|u| permit.holds(&u.path, o.id, o.walled))
    })
    .map(|o| o.id);
    if organization.is_none() {
        // A store with no organization yet (a fresh install) has nobody to hold the event.
        let why = if offered.is_empty() {
            "cafe-no-organization"
        } else {
            "field-unknown-choice"
        };
        errors.push(FieldError::new("organization", why));
    }
    let opens_at = parse_local(&draft.opens_at);
    if opens_at.is_none() {
        errors.push(FieldError::new("opens_at", "cafe-time-format"));
    }
    let minutes = number_in(&draft.minutes, 10..=24 * 60);
    if minutes.is_none() {
        errors.push(FieldError::new("minutes", "cafe-minutes-range"));
    }
    let max_length = number_in(&draft.max_length, 50..=2000);
    if max_length.is_none() {
        errors.push(FieldError::new("max_length", "cafe-length-range"));
    }
    let votes_per_device = number_in(&draft.votes_per_device, 0..=1000);
    if votes_per_device.is_none() {
        errors.push(FieldError::new("votes_per_device", "cafe-votes-range"));
    }
    let (
        Some(unit),
        Some(organization),
        Some(opens_at),
        Some(minutes),
        Some(max_length),
        Some(votes_per_device),
        true,
    ) = (
        unit,
        organization,
        opens_at,
        minutes,
        max_length,
        votes_per_device,
        errors.is_empty(),
    )
    else {
        return Err(AppError::Invalid(errors));
    };
    let now = state.clock.now();
    // A fresh code; drawn again in the unlikely case it is taken.
    for _ in 0..5 {
        let code = model::new_code();
        let new = NewSession {
            code: &code,
            title: draft.title.trim(),
            event: draft.event.trim(),
            place: draft.place.trim(),
            unit_code: &unit.code,
            unit_path: &unit.path,
            organizer_body_id: None,
            organization_id: organization,
            opens_at,
            closes_at: opens_at + chrono::Duration::minutes(minutes),
            anonymous_allowed: draft.anonymous_allowed.is_some(),
            premoderation: draft.premoderation.is_some(),
            max_length,
            votes_per_device,
            created_by: &actor.label,
        };
        let mut tx = state.db.begin().await?;
        let id = match store::insert_session(&mut tx, &new, now).await {
            Ok(id) => id,
            Err(e) if e.unique_violation().is_some() => continue,
            Err(e) => return Err(e.into()),
        };
        audit::record(
            &mut tx,
            &state.key,
            now,
            actor,
            Event {
                action: "cafe.session.create",
                target_kind: "cafe_session",
                target_id: &id.to_string(),
                details: json!({ "code": code, "territory": unit.code, "organization": organization,
                                 "premoderation": new.premoderation }),
            },
        )
        .await?;
        tx.commit().await?;
        return store::session_by_id(&state.db, id)
            .await?
            .ok_or(AppError::NotFound);
    }
    Err(AppError::Internal(anyhow::anyhow!("no free join code")))
}
