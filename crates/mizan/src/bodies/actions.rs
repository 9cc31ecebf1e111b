//! Use cases of bodies: record a meeting (held only with its attendance), give and end mandates,
//! record decisions and close them, change a type's rules. Each is one transaction with its audit
//! entry.

use chrono::NaiveDate;
use serde_json::json;

use super::model::{Body, BodyType, Meeting, MeetingStatus, Presence};
use super::store::{self, NewMeeting};
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::auth::{Held, Permit, Scope, Visible};
use crate::error::{AppError, AppResult, FieldError};
use crate::ui::forms::parse_date;

/// A body inside the caller's scope, with its type, or 404: its page (what it is, its meetings)
/// is for anyone who sees its territory.
pub async fn visible_body(state: &AppState, scope: &Scope, id: i64) -> AppResult<(Visible<Body>, BodyType)> {
    let body = store::body(&state.db, id, scope)
        .await?
        .ok_or(AppError::NotFound)?;
    let body_type = type_of(state, &body).await?;
    Ok((body, body_type))
}

/// A body whose records the permit covers (its place and its organization), with its type, or
/// 404: what changes it, or names its members.
pub async fn held_body(state: &AppState, permit: &Permit, id: i64) -> AppResult<(Held<Body>, BodyType)> {
    let body = store::body_held(&state.db, id, permit)
        .await?
        .ok_or(AppError::NotFound)?;
    let body_type = type_of(state, &body).await?;
    Ok((body, body_type))
}

async fn type_of(state: &AppState, body: &Body) -> AppResult<BodyType> {
    super::types::store::body_types(&state.db)
        .await?
        .into_iter()
        .find(|t| t.id == body.body_type_id)
        .ok_or(AppError::NotFound)
}

/// A meeting of a body whose records the permit covers, or 404.
pub async fn held_meeting(state: &AppState, permit: &Permit, id: i64) -> AppResult<Held<Meeting>> {
    store::meeting_held(&state.db, id, permit)
        .await?
        .ok_or(AppError::NotFound)
}

/// What a secretary types to record a meeting: the fields, and each member's presence.
#[derive(Clone, Debug, Default)]
pub struct MeetingDraft {
    /// The scheduled meeting this records as held (none: a new meeting).
    pub scheduled: Option<i64>,
    /// `held` or `scheduled`.
    pub status: String,
    pub date: String,
    pub place: String,
    pub agenda: String,
    pub theme: String,
    pub minutes: String,
    /// One guest per line: "name — quality" (or "name, quality").
    pub guests: String,
    /// Each member's presence by uid, as chosen (`present`, `excused`, `absent`).
    pub attendance: Vec<(String, String)>,
    /// "Everyone present but those marked otherwise": a member left unmarked was present.
    pub all_present: bool,
}

impl MeetingDraft {
    /// Reads the submitted form: plain fields and one `presence-<uid>` field per member.
    pub fn from_fields(fields: Vec<(String, String)>) -> MeetingDraft {
        let mut draft = MeetingDraft::default();
        for (name, value) in fields {
            match name.as_str() {
                "status" => draft.status = value,
                "meeting" => draft.scheduled = value.trim().parse().ok(),
                "date" => draft.date = value,
                "place" => draft.place = value,
                "agenda" => draft.agenda = value,
                "theme" => draft.theme = value,
                "minutes" => draft.minutes = value,
                "guests" => draft.guests = value,
                "all_present" => draft.all_present = value == "1",
                other => {
                    if let Some(uid) = other.strip_prefix("presence-") {
                        draft.attendance.push((uid.to_owned(), value));
                    }
                }
            }
        }
        draft
    }

    /// The member's presence as marked; unmarked, `present` when everyone else was said to be.
    pub fn presence_of(&self, uid: &str) -> &str {
        self.attendance
            .iter()
            .find(|(u, _)| u == uid)
            .map(|(_, p)| p.as_str())
            .filter(|p| !p.is_empty())
            .unwrap_or(if self.all_present { "present" } else { "" })
    }
}

fn guests_of(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (name, quality) = line
                .split_once(" — ")
                .or_else(|| line.split_once(" - "))
                .or_else(|| line.split_once(','))
                .or_else(|| line.split_once('،'))
                .unwrap_or((line, ""));
            (
                name.trim().chars().take(120).collect(),
                quality.trim().chars().take(120).collect(),
            )
        })
        .collect()
}

/// Records a meeting of `body`. Held needs the presence of every current member, at least one of
/// them present and a day not in the future; scheduled needs a day. With `draft.scheduled`, the
/// body's meeting scheduled earlier is the one recorded as held (it must still be waiting).
/// Returns the meeting's id.
pub async fn record_meeting(
    state: &AppState,
    permit: &Permit,
    body_id: i64,
    draft: &MeetingDraft,
) -> AppResult<i64> {
    let actor = &permit.actor;
    let (body, body_type) = held_body(state, permit, body_id).await?;
    let scheduled = match draft.scheduled {
        Some(id) => {
            let meeting = held_meeting(state, permit, id).await?;
            if meeting.body_id != body.id {
                return Err(AppError::NotFound);
            }
            if !matches!(
                meeting.status(),
                MeetingStatus::Scheduled | MeetingStatus::Postponed
            ) {
                return Err(AppError::Conflict("meeting_not_pending"));
            }
            Some(meeting)
        }
        None => None,
    };
    let today = state.clock.today();
    let mut errors = Vec::new();
    let status = match draft.status.as_str() {
        "held" => MeetingStatus::Held,
        "scheduled" => MeetingStatus::Scheduled,
        _ => {
            errors.push(FieldError::new("status", "field-required"));
            MeetingStatus::Scheduled
        }
    };
    let date = match draft.date.trim() {
        "" => {
            errors.push(FieldError::new("date", "field-required"));
            None
        }
        text => match parse_date(text) {
            None => {
                errors.push(FieldError::new("date", "field-date-format"));
                None
            }
            Some(d) if status == MeetingStatus::Held && d > today => {
                errors.push(FieldError::new("date", "meeting-held-in-future"));
                None
            }
            Some(d) if d < body.formed_on => {
                errors.push(FieldError::new("date", "meeting-before-body"));
                None
            }
            Some(d) => Some(d),
        },
    };
    if draft.place.trim().chars().count() > 200 {
        errors.push(FieldError::new("place", "field-too-long"));
    }
    if draft.agenda.chars().count() > 4_000 {
        errors.push(FieldError::new("agenda", "field-too-long"));
    }
    if draft.minutes.chars().count() > 100_000 {
        errors.push(FieldError::new("minutes", "field-too-long"));
    }
    let themes = super::types::store::themes(&state.db).await?;
    let theme_id = match draft.theme.trim() {
        "" => None,
        code => match themes.iter().find(|t| t.code == code) {
            Some(t) => Some(t.id),
            None => {
                errors.push(FieldError::new("theme", "field-unknown-choice"));
                None
            }
        },
    };

    let mut tx = state.db.begin().await?;
    // Attendance: every member holding a seat on the day, each marked.
    let mut attendance = Vec::new();
    if status == MeetingStatus::Held
        && let Some(day) = date
    {
        let members = store::members_on(&mut tx, body.id, day).await?;
        if members.is_empty() {
            errors.push(FieldError::new("attendance", "meeting-no-members"));
        }
        let uids = store::uids_of(&mut tx, &members).await?;
        let mut unmarked = Vec::new();
        for (person, uid) in members.iter().zip(&uids) {
            match Presence::parse(draft.presence_of(uid)) {
                Some(p) => attendance.push((*person, p)),
                None => unmarked.push(uid),
            }
        }
        // Nobody marked: one error, not one per member; some: each one left.
        if !unmarked.is_empty() && attendance.is_empty() {
            errors.push(FieldError::new("attendance", "meeting-presences-missing"));
        } else {
            errors.extend(
                unmarked
                    .iter()
                    .map(|uid| FieldError::new(format!("presence-{uid}"), "meeting-presence-missing")),
            );
        }
        if !members.is_empty()
            && attendance.len() == members.len()
            && !attendance.iter().any(|(_, p)| *p == Presence::Present)
        {
            errors.push(FieldError::new("attendance", "meeting-nobody-present"));
        }
    }
    if scheduled.is_some() && status != MeetingStatus::Held {
        errors.push(FieldError::new("status", "field-unknown-choice"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let date = date.expect("checked above");
    let guests = guests_of(&draft.guests);
    let held = status == MeetingStatus::Held;
    let now = state.clock.now();
    let new = NewMeeting {
        body: &body,
        status: status.code(),
        scheduled_on: scheduled.as_ref().map_or(date, |m| m.scheduled_on),
        held_on: held.then_some(date),
        place: draft.place.trim(),
        agenda: draft.agenda.trim(),
        theme_id,
        attendance: &attendance,
        guests: &guests,
        minutes: draft.minutes.trim(),
        recorded_by: &actor.label,
    };
    let id = match &scheduled {
        Some(meeting) => {
            if !store::hold(&mut tx, meeting.id, &new, now).await? {
                return Err(AppError::Conflict("meeting_not_pending"));
            }
            meeting.id
        }
        None => store::insert_meeting(&mut tx, &new, now).await?,
    };
    let present = attendance.iter().filter(|(_, p)| *p == Presence::Present).count() as i64;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "meeting.record",
            target_kind: "meeting",
            target_id: &id.to_string(),
            details: json!({
                "body": body.id,
                "type": body_type.code,
                "unit": body.unit_code,
                "status": status.code(),
                "date": date,
                "members": attendance.len(),
                "present": present,
                "quorum": body_type.quorum().reached(attendance.len() as i64, present),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// What a secretary types to postpone or cancel a meeting not held yet: `postponed` with the new
/// day, or `cancelled`; why, optionally.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct StatusDraft {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub reason: String,
}

/// Postpones a meeting not held yet to a new day, or cancels it; its history keeps each step.
pub async fn set_meeting_status(
    state: &AppState,
    permit: &Permit,
    meeting_id: i64,
    draft: &StatusDraft,
) -> AppResult<Meeting> {
    let actor = &permit.actor;
    let meeting = held_meeting(state, permit, meeting_id).await?;
    let status = match MeetingStatus::parse(&draft.status) {
        Some(s @ (MeetingStatus::Postponed | MeetingStatus::Cancelled)) => s,
        _ => return Err(AppError::invalid("status", "field-unknown-choice")),
    };
    let reason: String = draft.reason.trim().chars().take(500).collect();
    let today = state.clock.today();
    let to = if status == MeetingStatus::Postponed {
        match draft.date.trim() {
            "" => return Err(AppError::invalid("date", "field-required")),
            text => match parse_date(text) {
                None => return Err(AppError::invalid("date", "field-date-format")),
                Some(d) if d < today => return Err(AppError::invalid("date", "meeting-postponed-to-past")),
                Some(d) if d == meeting.scheduled_on => {
                    return Err(AppError::invalid("date", "meeting-postponed-same-day"));
                }
                Some(d) => Some(d),
            },
        }
    } else {
        None
    };
    let mut tx = state.db.begin().await?;
    let now = state.clock.now();
    let changed = match to {
        Some(day) => store::postpone(&mut tx, meeting.id, day, now).await?,
        None => store::set_status(&mut tx, meeting.id, status.code(), now).await?,
    };
    if !changed {
        return Err(AppError::Conflict("meeting_not_pending"));
    }
    store::add_event(
        &mut tx,
        &store::MeetingEventDraft {
            meeting_id: meeting.id,
            kind: status.code(),
            from_on: Some(meeting.scheduled_on),
            to_on: to,
            reason: &reason,
            by_label: &actor.label,
        },
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "meeting.status",
            target_kind: "meeting",
            target_id: &meeting.id.to_string(),
            details: json!({ "from": meeting.status, "to": status.code(), "day": to }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(meeting.into_inner())
}

/// Changes a body type's expected pace and quorum rule (national administrators).
pub async fn change_rules(
    state: &AppState,
    actor: &Actor,
    code: &str,
    meetings_per_year: &str,
    quorum_rule: &str,
    share: &str,
) -> AppResult<BodyType> {
    let mut body_type = super::types::store::body_types(&state.db)
        .await?
        .into_iter()
        .find(|t| t.code == code)
        .ok_or(AppError::NotFound)?;
    let mut errors = Vec::new();
    match meetings_per_year.trim().parse::<i64>() {
        Ok(n) if (1..=52).contains(&n) => body_type.meetings_per_year = n,
        _ => errors.push(FieldError::new("meetings_per_year", "body-type-pace-range")),
    }
    match quorum_rule {
        "majority" => {
            body_type.quorum_rule = "majority".into();
            (body_type.quorum_numerator, body_type.quorum_denominator) = (1, 2);
        }
        "share" => {
            let parsed = share
                .trim()
                .split_once('/')
                .and_then(|(n, d)| Some((n.trim().parse::<i64>().ok()?, d.trim().parse::<i64>().ok()?)));
            match parsed {
                Some((n, d)) if n >= 1 && d >= 1 && n <= d => {
                    body_type.quorum_rule = "share".into();
                    (body_type.quorum_numerator, body_type.quorum_denominator) = (n, d);
                }
                _ => errors.push(FieldError::new("share", "body-type-share-format")),
            }
        }
        _ => errors.push(FieldError::new("quorum_rule", "field-unknown-choice")),
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = state.db.begin().await?;
    super::types::store::update_rules(&mut tx, &body_type).await?;
    let now = state.clock.now();
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "body_type.rules",
            target_kind: "body_type",
            target_id: &body_type.code,
            details: json!({
                "meetings_per_year": body_type.meetings_per_year,
                "quorum_rule": body_type.quorum_rule,
                "quorum_share": [body_type.quorum_numerator, body_type.quorum_denominator],
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(body_type)
}

/// The period a figure covers when none is asked: this calendar year up to today.
pub fn this_year(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    use chrono::Datelike;
    (
        NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January exists"),
        today,
    )
}
