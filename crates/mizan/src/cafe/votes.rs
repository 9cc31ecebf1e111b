//! The vote writer: votes from every request of this process go through one queue and are written
//! in batches (group commit). A session's votes reach its screens in pushes at least a
//! [`live::VOTE_WINDOW`] apart, so a batch gathers what arrives until the next push of its first
//! vote's session is due, and that push leaves once the batch is written: a vote waits for the
//! push as it would have without the store, and the write's time on top (beginning the batch
//! ahead of the push by its expected time would make every vote wait that much, or the write's
//! time when longer). A vote after a quiet spell (or in a session nobody watches in this
//! process), whose push is due at once, is written at once. A request is answered only
//! once its batch has committed, so an acknowledged vote is never lost; a full hall voting at
//! once costs one transaction per push, not one per vote (a transaction costs far more than a vote
//! in it: the hops to the store's thread, its locks, the journal's pages). The (question, device)
//! primary key makes a second vote of a device a no-op, whatever the timing.

use std::sync::OnceLock;

use tokio::sync::{mpsc, oneshot};

use super::live::{self, Change};
use super::store::{self, Ballot};
use crate::app::AppState;
use crate::error::{AppError, AppResult};

/// The most ballots written in one transaction.
const MAX_BATCH: usize = 2_000;
/// Ballots waiting beyond this are refused (503-like "too many requests") rather than queued.
const QUEUE: usize = 20_000;

struct Request {
    ballot: Ballot,
    reply: oneshot::Sender<Result<Outcome, ()>>,
}

/// What a ballot did, once its batch committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// A first vote, or the withdrawal of an existing one; false for a second vote, a question
    /// no longer published, or the device's limit reached.
    pub changed: bool,
    /// The question's count after the batch, if it is published.
    pub votes: Option<i64>,
}

#[derive(Debug, Default)]
pub struct VoteWriter {
    queue: OnceLock<mpsc::Sender<Request>>,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request").field("ballot", &self.ballot).finish()
    }
}

/// Casts or withdraws a vote, answered once it is written.
pub async fn submit(state: &AppState, ballot: Ballot) -> AppResult<Outcome> {
    let queue = state.cafe.votes.queue.get_or_init(|| {
        let (sender, receiver) = mpsc::channel(QUEUE);
        tokio::spawn(write_batches(state.clone(), receiver));
        sender
    });
    let (reply, answer) = oneshot::channel();
    queue
        .try_send(Request { ballot, reply })
        .map_err(|_| AppError::TooManyRequests)?;
    answer
        .await
        .map_err(|_| AppError::Internal(anyhow::anyhow!("the vote writer stopped")))?
        .map_err(|()| AppError::Internal(anyhow::anyhow!("a batch of votes was not written")))
}

async fn write_batches(state: AppState, mut receiver: mpsc::Receiver<Request>) {
    let mut batch: Vec<Request> = Vec::new();
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        if let Some(first) = batch.first() {
            tokio::time::sleep_until(live::push_due(&state, first.ballot.session_id).into()).await;
        }
        while batch.len() < MAX_BATCH
            && let Ok(request) = receiver.try_recv()
        {
            batch.push(request);
        }
        let ballots: Vec<Ballot> = batch.iter().map(|r| r.ballot).collect();
        match write(&state, &ballots).await {
            Ok((changed, counts)) => {
                let mut touched: std::collections::BTreeMap<i64, std::collections::BTreeSet<i64>> =
                    Default::default();
                for (request, changed) in batch.drain(..).zip(changed) {
                    let question = request.ballot.question_id;
                    if changed {
                        touched
                            .entry(request.ballot.session_id)
                            .or_default()
                            .insert(question);
                    }
                    let votes = counts
                        .get(&question)
                        .filter(|(_, published)| *published)
                        .map(|(votes, _)| *votes);
                    request.reply.send(Ok(Outcome { changed, votes })).ok();
                }
                for (session, questions) in touched {
                    let moved = questions
                        .into_iter()
                        .filter_map(|q| counts.get(&q).map(|(votes, published)| (q, *votes, *published)))
                        .collect();
                    live::votes_written(&state, session, moved);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, ballots = batch.len(), "cafe: a batch of votes failed");
                for request in batch.drain(..) {
                    request.reply.send(Err(())).ok();
                }
            }
        }
    }
}

/// The ballots' outcomes, and the count of each question they touched.
type Written = (Vec<bool>, std::collections::HashMap<i64, store::Count>);

async fn write(state: &AppState, ballots: &[Ballot]) -> crate::store::StoreResult<Written> {
    let mut tx = state.db.begin().await?;
    let (changed, counts) = store::write_ballots(&mut tx, ballots, state.clock.now()).await?;
    let mut touched: std::collections::BTreeMap<i64, std::collections::BTreeSet<i64>> = Default::default();
    for (b, c) in ballots.iter().zip(&changed) {
        if *c {
            touched.entry(b.session_id).or_default().insert(b.question_id);
        }
    }
    for (session, questions) in touched {
        let questions: Vec<i64> = questions.into_iter().collect();
        // NOTIFY payloads stay under 8,000 bytes: 500 ids at most in one.
        for chunk in questions.chunks(500) {
            let change = Change::Votes(session, chunk.to_vec());
            store::notify(&mut tx, &change.payload()).await?;
        }
    }
    tx.commit().await?;
    Ok((changed, counts))
}
