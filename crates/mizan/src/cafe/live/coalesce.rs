//! Vote counts coalesced: a session's pushes of votes leave at least `VOTE_WINDOW` apart, each
//! carrying every count that moved since the last (a vote after a quiet spell goes out at once).

use super::*;

/// A session's votes waiting for their push.
#[derive(Debug, Default)]
pub(super) struct VoteWindow {
    /// The questions whose votes moved: their count and whether they are published when the
    /// writer knows them (else read when the push leaves).
    pub(super) moved: BTreeMap<i64, Option<(i64, bool)>>,
    /// When the session's latest push of votes leaves (if `moved` waits for it) or left.
    pub(super) leaves: Option<Instant>,
}

pub(super) async fn push_in_order(
    state: AppState,
    mut changes: tokio::sync::mpsc::UnboundedReceiver<Change>,
) {
    while let Some(change) = changes.recv().await {
        match change {
            Change::Questions(session, ids) => match store::questions_by_id(&state.db, &ids).await {
                Ok(questions) => {
                    for q in questions {
                        state.cafe.live.send(session, question_push(&q));
                    }
                }
                Err(e) => tracing::warn!(error = %e, "cafe: questions not pushed"),
            },
            Change::Session(session) => match store::session_by_id(&state.db, session).await {
                Ok(Some(s)) => {
                    let text = session_json(&s, state.clock.now()).to_string();
                    state
                        .cafe
                        .live
                        .send(session, Push::new("session", Some(text.clone()), text));
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "cafe: session not pushed"),
            },
            Change::Votes(session, ids) => {
                votes_pending(&state, session, ids.into_iter().map(|id| (id, None)));
            }
        }
    }
}

/// After a batch of votes is written by this process, with the counts the writer read: on SQLite
/// they go to the screens without another read; on PostgreSQL the batch's NOTIFY does it.
pub fn votes_written(state: &AppState, session: i64, counts: Vec<(i64, i64, bool)>) {
    if matches!(state.db, Db::Sqlite { .. }) && state.cafe.live.room(session).is_some() {
        votes_pending(
            state,
            session,
            counts
                .into_iter()
                .map(|(id, votes, published)| (id, Some((votes, published)))),
        );
    }
}

/// When a session's next push of votes leaves, given when its last left: at once after a quiet
/// spell, else a [`VOTE_WINDOW`] after the last.
pub fn next_push(last: Option<Instant>, now: Instant) -> Instant {
    last.map_or(now, |at| (at + VOTE_WINDOW).max(now))
}

/// When the next push of the session's votes that a batch written now makes leaves: the vote
/// writer gathers the batch until then, so that no vote waits for a push window on top of its
/// batch's gathering.
pub fn push_due(state: &AppState, session: i64) -> Instant {
    let pending = crate::locks::locked(&state.cafe.live.pending_votes);
    let window = pending.get(&session);
    let scheduled = window.is_some_and(|w| !w.moved.is_empty());
    first_push_made(window.and_then(|w| w.leaves), scheduled, Instant::now())
}

/// The first push that votes written at `written` make, given the session's latest push (which
/// has not left yet if `scheduled`).
pub(super) fn first_push_made(latest: Option<Instant>, scheduled: bool, written: Instant) -> Instant {
    match latest {
        Some(at) if scheduled && at >= written => at,
        _ => next_push(latest, written),
    }
}

/// Votes written wait for the session's next push: at once if the last left a [`VOTE_WINDOW`]
/// ago or more, else a window after it; one push carries every count that moved meanwhile (those
/// not known yet are read then). Under a steady flow of votes, a push every window.
pub(super) fn votes_pending(
    state: &AppState,
    session: i64,
    counts: impl Iterator<Item = (i64, Option<(i64, bool)>)>,
) {
    let leaves = {
        let mut pending = crate::locks::locked(&state.cafe.live.pending_votes);
        let window = pending.entry(session).or_default();
        let first = window.moved.is_empty();
        for (id, count) in counts {
            match count {
                Some(_) => {
                    window.moved.insert(id, count);
                }
                None => {
                    window.moved.entry(id).or_insert(None);
                }
            }
        }
        // Only the first votes since the last push schedule the next.
        if !first {
            return;
        }
        let leaves = next_push(window.leaves, Instant::now());
        window.leaves = Some(leaves);
        leaves
    };
    let state = state.clone();
    tokio::spawn(async move {
        tokio::time::sleep_until(leaves.into()).await;
        let moved = {
            let mut pending = crate::locks::locked(&state.cafe.live.pending_votes);
            std::mem::take(&mut pending.entry(session).or_default().moved)
        };
        let unknown: Vec<i64> = moved
            .iter()
            .filter(|(_, c)| c.is_none())
            .map(|(id, _)| *id)
            .collect();
        let mut counts: Vec<(i64, i64, bool)> = moved
            .iter()
            .filter_map(|(id, c)| c.map(|(votes, published)| (*id, votes, published)))
            .collect();
        match store::vote_counts(&state.db, &unknown).await {
            Ok(read) => counts.extend(read),
            Err(e) => tracing::warn!(error = %e, "cafe: vote counts not read"),
        }
        counts.sort_unstable();
        state.cafe.live.send(session, votes_push(&counts));
    });
}
