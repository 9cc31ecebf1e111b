//! What moderators and organizers do to a session's questions: publish, hide (the reason in the
//! public log), merge (each device counted once), pin, tag by sector, pause (the kill switch), and
//! answer with a commitment. Each step is one transaction with its log line and audit entry, and
//! is pushed to the screens.

pub mod store;

use serde::Deserialize;
use serde_json::json;
use store::NewCommitment;

use super::live::{self, Change};
use super::model::{SECTORS, Session, Status};
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::error::{AppError, AppResult, FieldError};
use crate::ui::forms::parse_date;

/// What a moderator does to a question, as posted by the console.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Moderation {
    /// approve, hide, merge, tag, pin, unpin, answered
    #[serde(default, rename = "do")]
    pub action: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub sector: String,
    /// The question a duplicate is merged into.
    #[serde(default)]
    pub into: String,
}

/// Applies a moderator's action, writes it in the session's public log, and pushes the change.
pub async fn moderate(
    state: &AppState,
    actor: &Actor,
    session: &Session,
    question_id: i64,
    m: &Moderation,
) -> AppResult<()> {
    let question = super::store::question(&state.db, session.id, question_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let reason = m.reason.trim();
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let mut touched = vec![question_id];
    let mut logged_reason = reason.to_owned();
    let mut logged_action = m.action.as_str();
    match m.action.as_str() {
        "approve" => {
            if question.status == Status::Merged {
                return Err(AppError::Conflict("cafe_question_merged"));
            }
            store::set_status(&mut tx, question_id, Status::Published, None, None).await?;
        }
        "hide" => {
            if reason.is_empty() {
                return Err(AppError::invalid("reason", "cafe-reason-needed"));
            }
            if reason.chars().count() > 200 {
                return Err(AppError::invalid("reason", "field-too-long"));
            }
            store::set_status(&mut tx, question_id, Status::Hidden, Some(reason), None).await?;
        }
        "merge" => {
            let into: i64 = m
                .into
                .trim()
                .trim_start_matches('#')
                .parse()
                .map_err(|_| AppError::invalid("into", "cafe-merge-target"))?;
            let target = super::store::question(&state.db, session.id, into)
                .await?
                .filter(|t| t.id != question_id && !matches!(t.status, Status::Merged | Status::Hidden))
                .ok_or_else(|| AppError::invalid("into", "cafe-merge-target"))?;
            store::set_status(&mut tx, question_id, Status::Merged, None, Some(target.id)).await?;
            store::carry_votes(&mut tx, question_id, target.id).await?;
            touched.push(target.id);
            logged_reason = format!("#{question_id} → #{}", target.id);
        }
        "tag" => {
            // No sector takes the tag off.
            if !m.sector.is_empty() && !SECTORS.contains(&m.sector.as_str()) {
                return Err(AppError::invalid("sector", "cafe-unknown-sector"));
            }
            store::set_sector(&mut tx, question_id, &m.sector).await?;
            if m.sector.is_empty() {
                logged_action = "untag";
            }
            logged_reason = m.sector.clone();
        }
        "pin" => {
            if question.status != Status::Published {
                return Err(AppError::Conflict("cafe_question_not_published"));
            }
            touched = store::pin(&mut tx, session.id, Some(question_id)).await?;
        }
        "unpin" => {
            touched = store::pin(&mut tx, session.id, None).await?;
            touched.push(question_id);
        }
        "answered" => store::set_answered(&mut tx, question_id).await?,
        _ => return Err(AppError::invalid("do", "cafe-unknown-action")),
    }
    store::log(
        &mut tx,
        session.id,
        Some(question_id),
        logged_action,
        &logged_reason,
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
            action: "cafe.question.moderate",
            target_kind: "cafe_question",
            target_id: &question_id.to_string(),
            details: json!({ "session": session.id, "do": m.action, "reason": logged_reason }),
        },
    )
    .await?;
    touched.sort_unstable();
    touched.dedup();
    let change = Change::Questions(session.id, touched);
    super::store::notify(&mut tx, &change.payload()).await?;
    tx.commit().await?;
    live::changed(state, change);
    Ok(())
}

/// The kill switch: while paused, no question and no vote is taken.
pub async fn pause(
    state: &AppState,
    actor: &Actor,
    session: &Session,
    paused: bool,
    reason: &str,
) -> AppResult<()> {
    let now = state.clock.now();
    let action = if paused { "pause" } else { "resume" };
    let mut tx = state.db.begin().await?;
    store::set_paused(&mut tx, session.id, paused).await?;
    store::log(
        &mut tx,
        session.id,
        None,
        action,
        reason.trim(),
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
            action: "cafe.session.pause",
            target_kind: "cafe_session",
            target_id: &session.id.to_string(),
            details: json!({ "paused": paused }),
        },
    )
    .await?;
    let change = Change::Session(session.id);
    super::store::notify(&mut tx, &change.payload()).await?;
    tx.commit().await?;
    state.cafe.sessions.forget(session.id);
    live::changed(state, change);
    Ok(())
}

/// After the session: the answer given to a question, and a commitment if one was made.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct AnswerDraft {
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub panelist: String,
    #[serde(default)]
    pub commitment: String,
    #[serde(default)]
    pub sector: String,
    #[serde(default)]
    pub due_on: String,
}

pub async fn record_answer(
    state: &AppState,
    actor: &Actor,
    session: &Session,
    question_id: i64,
    draft: &AnswerDraft,
) -> AppResult<()> {
    let question = super::store::question(&state.db, session.id, question_id)
        .await?
        .filter(|q| q.status == Status::Published)
        .ok_or(AppError::NotFound)?;
    let panel = super::store::panelists(&state.db, session.id).await?;
    let mut errors = Vec::new();
    let panelist = if draft.panelist.is_empty() {
        None
    } else {
        let found = draft
            .panelist
            .parse::<i64>()
            .ok()
            .filter(|id| panel.iter().any(|p| p.id == *id));
        if found.is_none() {
            errors.push(FieldError::new("panelist", "cafe-unknown-panelist"));
        }
        found
    };
    let answer = draft.answer.trim();
    if answer.is_empty() {
        errors.push(FieldError::new("answer", "field-required"));
    }
    let commitment = draft.commitment.trim();
    let due_on = if draft.due_on.trim().is_empty() {
        None
    } else {
        let d = parse_date(&draft.due_on);
        if d.is_none() {
            errors.push(FieldError::new("due_on", "field-date-format"));
        }
        d
    };
    if !draft.sector.is_empty() && !SECTORS.contains(&draft.sector.as_str()) {
        errors.push(FieldError::new("sector", "cafe-unknown-sector"));
    }
    if commitment.is_empty() && due_on.is_some() {
        errors.push(FieldError::new("commitment", "field-required"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    store::set_answer(&mut tx, question.id, answer, panelist).await?;
    let sector = if draft.sector.is_empty() {
        question.sector.as_str()
    } else {
        draft.sector.as_str()
    };
    if !commitment.is_empty() {
        store::insert_commitment(
            &mut tx,
            &NewCommitment {
                question_id: question.id,
                panelist_id: panelist,
                commitment,
                sector,
                due_on,
                created_by: &actor.label,
            },
            now,
        )
        .await?;
    }
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "cafe.question.answer",
            target_kind: "cafe_question",
            target_id: &question.id.to_string(),
            details: json!({ "session": session.id, "panelist": panelist, "commitment": !commitment.is_empty() }),
        },
    )
    .await?;
    // In the public log with the other moderators' actions: the answer marks it answered.
    store::log(
        &mut tx,
        session.id,
        Some(question.id),
        "answer",
        "",
        &actor.label,
        now,
    )
    .await?;
    let change = Change::Questions(session.id, vec![question.id]);
    super::store::notify(&mut tx, &change.payload()).await?;
    tx.commit().await?;
    live::changed(state, change);
    Ok(())
}
