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

mod coalesce;
mod listen;
mod messages;
mod streams;

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

pub use coalesce::*;
use listen::*;
pub use messages::*;
pub use streams::*;

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
        let rooms = crate::locks::locked(&self.rooms);
        rooms.values().cloned().collect()
    }

    fn room(&self, session_id: i64) -> Option<Room> {
        let rooms = crate::locks::locked(&self.rooms);
        rooms.get(&session_id).filter(|r| r.watched()).cloned()
    }

    /// A screen enters the session's room (made if nobody watched it yet): `take` takes its
    /// place there, under the lock, so that the room cannot be dropped as unwatched meanwhile.
    fn enter<T>(&self, session_id: i64, take: impl FnOnce(&Room) -> T) -> T {
        let mut rooms = crate::locks::locked(&self.rooms);
        // Rooms nobody watches any more are dropped on the way.
        rooms.retain(|_, r| r.watched());
        take(rooms.entry(session_id).or_insert_with(Room::new))
    }

    fn version(&self, session_id: i64) -> u64 {
        let versions = crate::locks::locked(&self.versions);
        versions.get(&session_id).copied().unwrap_or(0)
    }

    fn send(&self, session_id: i64, push: Push) {
        *crate::locks::locked(&self.versions)
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
