//! What a push carries: a change (a question as it now is, a batch of vote counts, the session's
//! state), serialized once for the public and once for the staff; and a room's snapshot.

use super::*;

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

    pub(super) fn session(&self) -> i64 {
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
pub(super) fn wire(event: &str, data: &str) -> Bytes {
    Bytes::from(format!("event: {event}\ndata: {data}\n\n"))
}

impl Push {
    pub(super) fn new(event: &'static str, public: Option<String>, staff: String) -> Push {
        Push {
            event,
            public: public.map(|data| wire(event, &data)),
            staff: wire(event, &staff),
        }
    }

    pub(super) fn bytes(&self, audience: Audience) -> Option<&Bytes> {
        match audience {
            Audience::Public => self.public.as_ref(),
            Audience::Staff => Some(&self.staff),
        }
    }
}

pub(super) fn question_push(q: &Question) -> Push {
    let staff = json!({"question": q, "hidden_reason": q.hidden_reason}).to_string();
    let public = if q.is_public() {
        json!({ "question": q }).to_string()
    } else {
        serde_json::to_string(&json!({ "gone": Gone { id: q.id } })).unwrap_or_default()
    };
    Push::new("question", Some(public), staff)
}

pub(super) fn votes_push(counts: &[(i64, i64, bool)]) -> Push {
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
pub(super) async fn snapshot(state: &AppState, session_id: i64, audience: Audience) -> Option<Bytes> {
    let live = &state.cafe.live;
    let version = live.version(session_id);
    {
        let cache = crate::locks::locked(&live.snapshots);
        if let Some((v, at, text)) = cache.get(&(session_id, audience))
            && *v == version
            && at.elapsed() < SNAPSHOT_FRESH
        {
            return Some(text.clone());
        }
    }
    let session = store::session_by_id(&state.db, session_id).await.ok()??;
    let questions = match audience {
        Audience::Public => store::published_questions(&state.db, session_id).await.ok()?,
        // A staff screen's stream opens only for a moderator the session's permit covers
        // (`cafe::live`'s staff route): that check is this one's.
        Audience::Staff => store::all_questions(&state.db, &crate::auth::Held::found(session.clone()))
            .await
            .ok()?,
    };
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
    let mut cache = crate::locks::locked(&live.snapshots);
    cache.retain(|_, (_, at, _)| at.elapsed() < SNAPSHOT_FRESH);
    cache.insert((session_id, audience), (version, Instant::now(), text.clone()));
    Some(text)
}
