//! What a participant does from their phone, without an account: ask a question, vote for
//! others'. Both within the session's opening hours and the limits per device and per address.

use serde::Deserialize;
use std::time::Duration;

use super::live::{self, Change};
use super::model::{self, AGE_BANDS, Phase, Session, Status};
use super::store::{self, Ballot, NewQuestion};
use crate::app::AppState;
use crate::error::{AppError, AppResult, FieldError};

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
