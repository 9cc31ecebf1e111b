//! Keeping rooms current across processes: the tick that sends coalesced votes, and, on
//! PostgreSQL, LISTEN/NOTIFY from every other `mizan serve` (a lost connection re-snapshots all).

use super::*;

/// Starts (once per process) the task that sends every stream a comment when idle, so that no
/// proxy closes it for silence.
pub(super) fn ensure_ticking(state: &AppState) {
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
pub(super) async fn ensure_listening(state: &AppState) {
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

pub(super) async fn listen(state: AppState, pool: sqlx::PgPool, ready: tokio::sync::oneshot::Sender<()>) {
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

pub(super) fn resnapshot_all(state: &AppState) {
    let sessions: Vec<i64> = {
        let rooms = crate::locks::locked(&state.cafe.live.rooms);
        rooms.keys().copied().collect()
    };
    for session in sessions {
        state.cafe.live.send(
            session,
            Push::new("refresh", Some("{}".to_owned()), "{}".to_owned()),
        );
    }
}
