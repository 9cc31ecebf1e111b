//! Use cases of the Policy Café: open a session, seat its panel, ask, vote, moderate (each step in
//! the public moderation log), pause, record answers and commitments. Staff changes are one
//! transaction with their audit entry; every change reaches the screens (`live`).

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;

use super::live::{self, Change};
use super::model::{self, AGE_BANDS, Panelist, Phase, SECTORS, Session, Status};
use super::store::{self, Ballot, NewQuestion, NewSession};
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::{Held, Permit};
use crate::error::{AppError, AppResult, FieldError};
use crate::organizations::Organization;

/// Events happen in Morocco: times are typed and shown in its legal time (UTC+1).
pub const EVENT_OFFSET: chrono::FixedOffset = match chrono::FixedOffset::east_opt(3600) {
    Some(offset) => offset,
    None => panic!("UTC+1 is a valid offset"),
};

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
    EVENT_OFFSET
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
    #[serde(default)]
    pub sectors: String,
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

/// Who is asking or voting: the device's token digest and the address it comes from.
#[derive(Clone, Debug)]
pub struct Participant {
    pub device_digest: String,
    pub ip: String,
}

fn open(state: &AppState, session: &Session) -> AppResult<()> {
    match session.phase(state.clock.now()) {
        Phase::Open => Ok(()),
        Phase::Paused => Err(AppError::Conflict("cafe_paused")),
        Phase::NotYetOpen | Phase::Closed => Err(AppError::Conflict("cafe_closed")),
    }
}

/// A question as typed on a phone.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct QuestionDraft {
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub age_band: String,
}

/// Takes a participant's question: published at once, or waiting for a moderator.
pub async fn ask(
    state: &AppState,
    session: &Session,
    who: &Participant,
    draft: &QuestionDraft,
) -> AppResult<(i64, Status)> {
    open(state, session)?;
    let body = model::clean_question(&draft.body);
    let first_name = draft.first_name.trim();
    let mut errors = Vec::new();
    if body.is_empty() {
        errors.push(FieldError::new("body", "field-required"));
    } else if i64::try_from(body.chars().count()).unwrap_or(i64::MAX) > session.max_length {
        errors.push(FieldError::new("body", "cafe-question-too-long"));
    }
    if first_name.chars().count() > 40 {
        errors.push(FieldError::new("first_name", "field-too-long"));
    } else if first_name.is_empty() && !session.anonymous_allowed {
        errors.push(FieldError::new("first_name", "cafe-name-needed"));
    }
    if !draft.age_band.is_empty() && !AGE_BANDS.contains(&draft.age_band.as_str()) {
        errors.push(FieldError::new("age_band", "cafe-unknown-age-band"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let limits = state.cafe.limits;
    let device_key = format!("q:d:{}", who.device_digest);
    let address_key = format!("q:a:{}", who.ip);
    if !state.cafe.limiter.allow(
        &[
            (&device_key, limits.questions_per_minute_per_device),
            (&address_key, limits.questions_per_minute_per_address),
        ],
        Duration::from_secs(60),
    ) {
        return Err(AppError::TooManyRequests);
    }
    let status = if session.premoderation {
        Status::Pending
    } else {
        Status::Published
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let device_id = store::device(&mut tx, &who.device_digest, now).await?;
    let id = store::insert_question(
        &mut tx,
        &NewQuestion {
            session_id: session.id,
            device_id,
            body: &body,
            first_name,
            age_band: &draft.age_band,
            status,
        },
        now,
    )
    .await?;
    let change = Change::Questions(session.id, vec![id]);
    store::notify(&mut tx, &change.payload()).await?;
    tx.commit().await?;
    live::changed(state, change);
    Ok((id, status))
}

/// The device of a participant, made on its first vote.
async fn device_id(state: &AppState, digest: &str) -> AppResult<i64> {
    // Remembered by this process: a phone voting again costs no read.
    if let Some(id) = state.cafe.devices.get(digest) {
        return Ok(id);
    }
    let id = match store::known_device(&state.db, digest).await? {
        Some(id) => id,
        None => {
            let mut tx = state.db.begin().await?;
            let id = store::device(&mut tx, digest, state.clock.now()).await?;
            tx.commit().await?;
            id
        }
    };
    state.cafe.devices.remember(digest, id);
    Ok(id)
}

/// Casts (or withdraws) a participant's vote for a published question; the answer is the
/// question's count once the vote is written.
pub async fn vote(
    state: &AppState,
    session: &Session,
    who: &Participant,
    question_id: i64,
    cast: bool,
) -> AppResult<(bool, i64)> {
    open(state, session)?;
    let limits = state.cafe.limits;
    let device_key = format!("v:d:{}", who.device_digest);
    let address_key = format!("v:a:{}", who.ip);
    let within = state.cafe.limiter.allow(
        &[(&device_key, limits.votes_per_second_per_device)],
        Duration::from_secs(1),
    ) && state.cafe.buckets.take(
        &address_key,
        limits.votes_per_second_per_address,
        limits.vote_burst_per_address,
    );
    if !within {
        return Err(AppError::TooManyRequests);
    }
    let device_id = device_id(state, &who.device_digest).await?;
    let outcome = super::votes::submit(
        state,
        Ballot {
            session_id: session.id,
            question_id,
            device_id,
            cast,
            limit: session.votes_per_device,
        },
    )
    .await?;
    // Not a published question of this session (never was, hidden, merged): not found.
    let votes = outcome.votes.ok_or(AppError::NotFound)?;
    let changed = outcome.changed;
    if cast && !changed && session.votes_per_device > 0 {
        let voted = store::voted_by(&state.db, session.id, device_id).await?;
        if !voted.contains(&question_id) {
            return Err(AppError::Conflict("cafe_vote_limit"));
        }
    }
    Ok((changed, votes))
}
