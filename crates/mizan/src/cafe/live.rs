//! What the screens of a session see change, as it changes: one room per session in this
//! process, fed by every write (and, on PostgreSQL, by every other `mizan serve` process through
//! LISTEN/NOTIFY), sent to the screens as Server-Sent Events.
//!
//! A push carries the data (a question as it now is, or a batch of vote counts), serialized once
//! for all the screens: the public text (participants, stage) and the staff text (moderators, who
//! also see pending and hidden questions). Vote counts are coalesced: a session's pushes of votes
//! leave at least [`VOTE_WINDOW`] apart, each carrying every count that moved since the last (a
//! vote after a quiet spell goes out at once). The phones, each on a connection of its own, are
//! a session's [`Fanout`] (written to by `http::server`'s fanout threads); the other screens
//! (moderators, and a stream asked on a connection already used) each read the session's
//! broadcast channel. A screen that falls behind the channel gets a fresh snapshot instead of the
//! pushes it missed; a phone too far behind, or that loses the connection, reconnects by itself
//! (EventSource) and starts again from a snapshot, so nothing is lost either way.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::{Body, Bytes};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, stream};
use serde::Serialize;
use serde_json::json;
use tokio::sync::broadcast;

use super::model::{Question, Session};
use super::store;
use crate::app::AppState;
use crate::http::headers::{Hsts, add_security_headers};
use crate::http::server::{EventStream, Fanout, Streams};
use crate::store::Db;

/// The least time between two pushes of a session's votes: those written meanwhile go out as one.
pub const VOTE_WINDOW: Duration = Duration::from_millis(40);
/// Pushes a slow screen may fall behind before it is sent a snapshot instead.
const CHANNEL_CAPACITY: usize = 256;
/// The NOTIFY channel shared by every server process on one PostgreSQL.
pub const CHANNEL: &str = "mizan_cafe";

/// Who watches: the public screens see published questions only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Audience {
    Public,
    Staff,
}

/// What changed in a session: the message sent between processes, and handled in each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Questions asked or moderated.
    Questions(i64, Vec<i64>),
    /// Votes cast or withdrawn on these questions.
    Votes(i64, Vec<i64>),
    /// The session's settings or its kill switch.
    Session(i64),
}

impl Change {
    /// `q 12 4,5`, `v 12 4`, `s 12`: short, well under NOTIFY's 8,000 bytes (ids, never texts).
    pub fn payload(&self) -> String {
        let ids = |ids: &[i64]| ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        match self {
            Change::Questions(s, q) => format!("q {s} {}", ids(q)),
            Change::Votes(s, q) => format!("v {s} {}", ids(q)),
            Change::Session(s) => format!("s {s}"),
        }
    }

    pub fn parse(payload: &str) -> Option<Change> {
        let mut parts = payload.split(' ');
        let kind = parts.next()?;
        let session: i64 = parts.next()?.parse().ok()?;
        let ids = || -> Option<Vec<i64>> {
            let list = payload.splitn(3, ' ').nth(2).unwrap_or_default();
            list.split(',')
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().ok())
                .collect()
        };
        match kind {
            "q" => Some(Change::Questions(session, ids()?)),
            "v" => Some(Change::Votes(session, ids()?)),
            "s" => Some(Change::Session(session)),
            _ => None,
        }
    }

    fn session(&self) -> i64 {
        match self {
            Change::Questions(s, _) | Change::Votes(s, _) | Change::Session(s) => *s,
        }
    }
}

/// One push, written once in the Server-Sent Events format for every screen of the session: the
/// same bytes go to thousands of phones without being copied or formatted again.
#[derive(Debug)]
pub struct Push {
    pub event: &'static str,
    /// What participants and the stage get; `None`: nothing for them.
    pub public: Option<Bytes>,
    pub staff: Bytes,
}

/// An event as it goes on the wire. The data is compact JSON: it holds no line break.
fn wire(event: &str, data: &str) -> Bytes {
    Bytes::from(format!("event: {event}\ndata: {data}\n\n"))
}

impl Push {
    fn new(event: &'static str, public: Option<String>, staff: String) -> Push {
        Push {
            event,
            public: public.map(|data| wire(event, &data)),
            staff: wire(event, &staff),
        }
    }

    fn bytes(&self, audience: Audience) -> Option<&Bytes> {
        match audience {
            Audience::Public => self.public.as_ref(),
            Audience::Staff => Some(&self.staff),
        }
    }
}

/// The push that ends every stream (the server stops).
const CLOSE: &str = "close";
/// How often an idle stream gets a comment, so that proxies keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The live side of every session of this process.
#[derive(Debug)]
pub struct Live {
    rooms: Mutex<HashMap<i64, Room>>,
    /// Per session, the questions whose votes changed and wait for their push.
    pending_votes: Mutex<HashMap<i64, VoteWindow>>,
    listening: tokio::sync::OnceCell<()>,
    /// Questions and sessions changed, pushed one at a time in order (`push_in_order`).
    deliveries: std::sync::OnceLock<tokio::sync::mpsc::UnboundedSender<Change>>,
    /// The task that sends the idle streams their keep-alive comment.
    ticking: std::sync::OnceLock<()>,
    closing: AtomicBool,
    /// Snapshots recently made, shared by the screens that (re)connect together (a hall after a
    /// restart): per session and audience, with the session's version they were read at.
    snapshots: Mutex<HashMap<(i64, Audience), Snapshot>>,
    /// Bumped by every push of a session: a snapshot read before it is stale.
    versions: Mutex<HashMap<i64, u64>>,
}

/// A session's votes waiting for their push.
#[derive(Debug, Default)]
struct VoteWindow {
    /// The questions whose votes moved: their count and whether they are published when the
    /// writer knows them (else read when the push leaves).
    moved: BTreeMap<i64, Option<(i64, bool)>>,
    /// When the session's latest push of votes leaves (if `moved` waits for it) or left.
    leaves: Option<Instant>,
}

/// A snapshot's text, with the session's version it was read at and when.
type Snapshot = (u64, Instant, Bytes);

/// How long a snapshot serves the screens that connect, if nothing changed meanwhile.
const SNAPSHOT_FRESH: Duration = Duration::from_millis(500);

impl Default for Live {
    fn default() -> Live {
        Live {
            rooms: Mutex::default(),
            pending_votes: Mutex::default(),
            listening: tokio::sync::OnceCell::new(),
            deliveries: std::sync::OnceLock::new(),
            ticking: std::sync::OnceLock::new(),
            closing: AtomicBool::new(false),
            snapshots: Mutex::default(),
            versions: Mutex::default(),
        }
    }
}

/// Who watches a session in this process: the phones on connections of their own, and every
/// other screen through the channel.
#[derive(Clone, Debug)]
struct Room {
    phones: Fanout,
    channel: broadcast::Sender<Arc<Push>>,
}

impl Room {
    fn new() -> Room {
        Room {
            phones: Fanout::default(),
            channel: broadcast::channel(CHANNEL_CAPACITY).0,
        }
    }

    fn watched(&self) -> bool {
        self.channel.receiver_count() > 0 || self.phones.watching() > 0
    }

    fn send(&self, push: Arc<Push>) {
        if let Some(public) = &push.public {
            self.phones.send(public.clone());
        }
        if self.channel.receiver_count() > 0 {
            self.channel.send(push).ok();
        }
    }
}

/// A question on a screen: what the public sees of it, or an order to take it away.
#[derive(Serialize)]
struct Gone {
    id: i64,
}

impl Live {
    /// Ends every stream (the server is stopping; screens reconnect to the next one).
    pub fn close(&self) {
        self.closing.store(true, Ordering::SeqCst);
        let close = Arc::new(Push {
            event: CLOSE,
            public: Some(Bytes::new()),
            staff: Bytes::new(),
        });
        // The phones' connections end as the server stops.
        for room in self.rooms() {
            room.channel.send(close.clone()).ok();
        }
    }

    fn rooms(&self) -> Vec<Room> {
        let rooms = self
            .rooms
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        rooms.values().cloned().collect()
    }

    fn room(&self, session_id: i64) -> Option<Room> {
        let rooms = self
            .rooms
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        rooms.get(&session_id).filter(|r| r.watched()).cloned()
    }

    /// A screen enters the session's room (made if nobody watched it yet): `take` takes its
    /// place there, under the lock, so that the room cannot be dropped as unwatched meanwhile.
    fn enter<T>(&self, session_id: i64, take: impl FnOnce(&Room) -> T) -> T {
        let mut rooms = self
            .rooms
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Rooms nobody watches any more are dropped on the way.
        rooms.retain(|_, r| r.watched());
        take(rooms.entry(session_id).or_insert_with(Room::new))
    }

    fn version(&self, session_id: i64) -> u64 {
        let versions = self
            .versions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        versions.get(&session_id).copied().unwrap_or(0)
    }

    fn send(&self, session_id: i64, push: Push) {
        *self
            .versions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(session_id)
            .or_default() += 1;
        if let Some(room) = self.room(session_id) {
            room.send(Arc::new(push));
        }
    }
}

/// After a write's commit: on SQLite, push the change to this process's screens; on PostgreSQL
/// the write's NOTIFY reaches every process's listener, this one included, which pushes it.
pub fn changed(state: &AppState, change: Change) {
    if matches!(state.db, Db::Sqlite { .. }) {
        deliver(state, change);
    }
}

/// Loads what changed and pushes it to the session's screens in this process.
fn deliver(state: &AppState, change: Change) {
    if let Change::Session(session) = change {
        state.cafe.sessions.forget(session);
    }
    let live = &state.cafe.live;
    if live.room(change.session()).is_none() {
        return;
    }
    match change {
        Change::Votes(session, ids) => {
            votes_pending(state, session, ids.into_iter().map(|id| (id, None)));
        }
        // One at a time, in the order they happened: a question published right after it was
        // asked must not reach the screens before the push saying it waits.
        change => {
            let queue = live.deliveries.get_or_init(|| {
                let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
                tokio::spawn(push_in_order(state.clone(), receiver));
                sender
            });
            queue.send(change).ok();
        }
    }
}

async fn push_in_order(state: AppState, mut changes: tokio::sync::mpsc::UnboundedReceiver<Change>) {
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
    let pending = state
        .cafe
        .live
        .pending_votes
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let window = pending.get(&session);
    let scheduled = window.is_some_and(|w| !w.moved.is_empty());
    first_push_made(window.and_then(|w| w.leaves), scheduled, Instant::now())
}

/// The first push that votes written at `written` make, given the session's latest push (which
/// has not left yet if `scheduled`).
fn first_push_made(latest: Option<Instant>, scheduled: bool, written: Instant) -> Instant {
    match latest {
        Some(at) if scheduled && at >= written => at,
        _ => next_push(latest, written),
    }
}

/// Votes written wait for the session's next push: at once if the last left a [`VOTE_WINDOW`]
/// ago or more, else a window after it; one push carries every count that moved meanwhile (those
/// not known yet are read then). Under a steady flow of votes, a push every window.
fn votes_pending(state: &AppState, session: i64, counts: impl Iterator<Item = (i64, Option<(i64, bool)>)>) {
    let leaves = {
        let mut pending = state
            .cafe
            .live
            .pending_votes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
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
            let mut pending = state
                .cafe
                .live
                .pending_votes
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
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

fn question_push(q: &Question) -> Push {
    let staff = json!({"question": q, "hidden_reason": q.hidden_reason}).to_string();
    let public = if q.is_public() {
        json!({ "question": q }).to_string()
    } else {
        serde_json::to_string(&json!({ "gone": Gone { id: q.id } })).unwrap_or_default()
    };
    Push::new("question", Some(public), staff)
}

fn votes_push(counts: &[(i64, i64, bool)]) -> Push {
    let public: Vec<(i64, i64)> = counts
        .iter()
        .filter(|(_, _, published)| *published)
        .map(|(id, n, _)| (*id, *n))
        .collect();
    let staff: Vec<(i64, i64)> = counts.iter().map(|(id, n, _)| (*id, *n)).collect();
    Push::new(
        "votes",
        (!public.is_empty()).then(|| json!({ "votes": public }).to_string()),
        json!({ "votes": staff }).to_string(),
    )
}

pub fn session_json(s: &Session, now: chrono::DateTime<chrono::Utc>) -> serde_json::Value {
    json!({"id": s.id, "phase": s.phase(now).code(), "premoderation": s.premoderation})
}

/// Everything a screen shows, for a screen that starts (or starts again): read from the store,
/// or the one made less than [`SNAPSHOT_FRESH`] ago if nothing was pushed since.
async fn snapshot(state: &AppState, session_id: i64, audience: Audience) -> Option<Bytes> {
    let live = &state.cafe.live;
    let version = live.version(session_id);
    {
        let cache = live
            .snapshots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((v, at, text)) = cache.get(&(session_id, audience))
            && *v == version
            && at.elapsed() < SNAPSHOT_FRESH
        {
            return Some(text.clone());
        }
    }
    let session = store::session_by_id(&state.db, session_id).await.ok()??;
    let questions = store::questions(&state.db, session_id, audience == Audience::Public)
        .await
        .ok()?;
    let questions: Vec<serde_json::Value> = questions
        .iter()
        .map(|q| match audience {
            Audience::Public => json!(q),
            Audience::Staff => json!({"question": q, "hidden_reason": q.hidden_reason}),
        })
        .collect();
    let text = wire(
        "snapshot",
        &json!({
            "session": session_json(&session, state.clock.now()),
            "questions": questions,
        })
        .to_string(),
    );
    let mut cache = live
        .snapshots
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    cache.retain(|_, (_, at, _)| at.elapsed() < SNAPSHOT_FRESH);
    cache.insert((session_id, audience), (version, Instant::now(), text.clone()));
    Some(text)
}

/// What a stream's response says of itself, whoever serves it.
const STREAM_HEADERS: [(HeaderName, &str); 2] =
    [(CONTENT_TYPE, "text/event-stream"), (CACHE_CONTROL, "no-store")];

/// The Server-Sent Events stream of a session's screen, as the router answers it.
pub async fn stream(state: AppState, session_id: i64, audience: Audience) -> Response {
    let body = screen(state, session_id, audience)
        .await
        .map(Ok::<Bytes, std::convert::Infallible>);
    (STREAM_HEADERS, Body::from_stream(body)).into_response()
}

/// The public screens' streams (`GET /q/{code}/events`), served by `http::server` straight on
/// their connection: a hall's phones hold thousands of them.
pub fn public_streams(state: AppState) -> Streams {
    Arc::new(move |path: &str| {
        let code = path
            .split('?')
            .next()
            .and_then(|p| p.strip_prefix("/q/"))
            .and_then(|p| p.strip_suffix("/events"))
            .filter(|code| !code.is_empty() && !code.contains('/'))
            .map(str::to_owned);
        let state = state.clone();
        Box::pin(async move {
            // An unknown session is the router's to answer (its 404 page, in the user's language).
            let session = super::actions::by_code(&state, &code?).await.ok()?;
            metrics::counter!("mizan_http_requests_total", "route" => "/q/{code}/events", "method" => "GET", "status" => "200")
                .increment(1);
            let mut headers = HeaderMap::new();
            for (name, value) in STREAM_HEADERS {
                headers.insert(name, HeaderValue::from_static(value));
            }
            add_security_headers(&mut headers, Hsts(state.config.secure_cookies()));
            ensure_listening(&state).await;
            ensure_ticking(&state);
            // Seated first, then the snapshot: a change in between arrives twice, never not at
            // all (screens apply a question or a count idempotently).
            let seat = state.cafe.live.enter(session.id, |room| room.phones.join());
            let opening = opening(&state, session.id, Audience::Public).await;
            Some(EventStream {
                headers,
                opening: opening.into(),
                seat,
            })
        })
    })
}

/// What a screen is sent first. Screens retry a second after a drop; without a snapshot they
/// start over at once. The snapshot goes out as it is, shared with the screens that start
/// together (not copied into one buffer per screen: a hall connecting at once would leave
/// thousands of such copies).
async fn opening(state: &AppState, session_id: i64, audience: Audience) -> [Bytes; 2] {
    let first = snapshot(state, session_id, audience).await;
    [
        Bytes::from_static(b"retry: 1000\n"),
        first.unwrap_or_else(|| Bytes::from_static(b"event: refresh\ndata: {}\n\n")),
    ]
}

/// What a session's screen is sent: a snapshot, then every push, until the screen goes away or
/// the server stops. The pushes' bytes are shared, not copied, per screen.
async fn screen(
    state: AppState,
    session_id: i64,
    audience: Audience,
) -> impl futures_util::Stream<Item = Bytes> + Send + 'static {
    ensure_listening(&state).await;
    ensure_ticking(&state);
    let receiver = state.cafe.live.enter(session_id, |room| room.channel.subscribe());
    // Subscribed first, then the snapshot: a change in between arrives twice, never not at all
    // (screens apply a question or a count idempotently).
    let opening = opening(&state, session_id, audience).await;
    struct Screen {
        state: AppState,
        session_id: i64,
        audience: Audience,
        receiver: broadcast::Receiver<Arc<Push>>,
    }
    let screen = Screen {
        state,
        session_id,
        audience,
        receiver,
    };
    let pushes = stream::unfold(screen, |mut s| async move {
        if s.state.cafe.live.closing.load(Ordering::SeqCst) {
            return None;
        }
        loop {
            match s.receiver.recv().await {
                Ok(push) if push.event == CLOSE => return None,
                Ok(push) => {
                    if let Some(bytes) = push.bytes(s.audience) {
                        return Some((bytes.clone(), s));
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    // Boxed: the stream of every screen would otherwise carry the room for a
                    // store query it rarely makes.
                    let text = Box::pin(snapshot(&s.state, s.session_id, s.audience)).await?;
                    return Some((text, s));
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    stream::iter(opening).chain(pushes)
}

/// Starts (once per process) the task that sends every stream a comment when idle, so that no
/// proxy closes it for silence.
fn ensure_ticking(state: &AppState) {
    if state.cafe.live.ticking.set(()).is_err() {
        return;
    }
    let live = state.cafe.clone();
    tokio::spawn(async move {
        let comment = Arc::new(Push {
            event: "comment",
            public: Some(Bytes::from_static(b": keep-alive\n\n")),
            staff: Bytes::from_static(b": keep-alive\n\n"),
        });
        let mut ticker = tokio::time::interval(KEEP_ALIVE);
        loop {
            ticker.tick().await;
            if live.live.closing.load(Ordering::SeqCst) {
                return;
            }
            for room in live.live.rooms() {
                room.send(comment.clone());
            }
        }
    });
}

/// On PostgreSQL, starts (once per process) the task that listens for the other processes'
/// changes, and this one's, and pushes them to this process's screens; returns once it listens.
async fn ensure_listening(state: &AppState) {
    let Db::Postgres(pool) = &state.db else { return };
    state
        .cafe
        .live
        .listening
        .get_or_init(|| async {
            let (ready, listening) = tokio::sync::oneshot::channel();
            tokio::spawn(listen(state.clone(), pool.clone(), ready));
            // A store that does not answer must not hold the screens back for long.
            tokio::time::timeout(Duration::from_secs(5), listening).await.ok();
        })
        .await;
}

async fn listen(state: AppState, pool: sqlx::PgPool, ready: tokio::sync::oneshot::Sender<()>) {
    let mut ready = Some(ready);
    loop {
        let mut listener = match sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "cafe: cannot listen, retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %e, "cafe: LISTEN failed, retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        if let Some(ready) = ready.take() {
            ready.send(()).ok();
        }
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) => {
                    if let Some(change) = Change::parse(n.payload()) {
                        deliver(&state, change);
                    }
                }
                // The connection dropped; notifications may have been missed meanwhile: every
                // screen of this process starts again from a snapshot.
                Ok(None) => resnapshot_all(&state),
                Err(e) => {
                    tracing::warn!(error = %e, "cafe: listener failed");
                    resnapshot_all(&state);
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    break;
                }
            }
        }
    }
}

fn resnapshot_all(state: &AppState) {
    let sessions: Vec<i64> = {
        let rooms = state
            .cafe
            .live
            .rooms
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        rooms.keys().copied().collect()
    };
    for session in sessions {
        state.cafe.live.send(
            session,
            Push::new("refresh", Some("{}".to_owned()), "{}".to_owned()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_travel_as_short_payloads() {
        for change in [
            Change::Questions(12, vec![4, 5]),
            Change::Votes(3, vec![7]),
            Change::Session(9),
            Change::Votes(3, vec![]),
        ] {
            assert_eq!(
                Change::parse(&change.payload()),
                Some(change.clone()),
                "{change:?}"
            );
        }
        assert_eq!(Change::parse("x 1"), None);
        assert_eq!(Change::parse("q one 2"), None);
    }

    #[test]
    fn a_batch_is_written_for_the_first_push_it_can_make() {
        let now = Instant::now();
        let ms = Duration::from_millis;
        // A quiet session: at once.
        assert_eq!(first_push_made(None, false, now), now);
        assert_eq!(first_push_made(Some(now - ms(500)), false, now), now);
        // The last push left 10 ms ago: a window after it.
        assert_eq!(
            first_push_made(Some(now - ms(10)), false, now),
            now - ms(10) + VOTE_WINDOW
        );
        // A push waits to leave in 20 ms: a batch written by then goes with it…
        assert_eq!(
            first_push_made(Some(now + ms(20)), true, now + ms(5)),
            now + ms(20)
        );
        // …one written later, with the next, a window after it.
        assert_eq!(
            first_push_made(Some(now + ms(20)), true, now + ms(25)),
            now + ms(20) + VOTE_WINDOW
        );
        assert_eq!(first_push_made(Some(now), true, now + ms(100)), now + ms(100));
    }
}
