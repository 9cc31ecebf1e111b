//! The Server-Sent Events endpoints: a staff or public stream on the router, and the phones'
//! streams served on their own connections (`http::server`'s fast path).

use super::*;

/// What a stream's response says of itself, whoever serves it.
pub(super) const STREAM_HEADERS: [(HeaderName, &str); 2] =
    [(CONTENT_TYPE, "text/event-stream"), (CACHE_CONTROL, "no-store")];

/// The Server-Sent Events stream of a session's screen, as the router answers it.
pub async fn stream(state: AppState, session_id: i64, audience: Audience) -> Response {
    let body = screen(state, session_id, audience)
        .await
        .map(Ok::<Bytes, std::convert::Infallible>);
    (STREAM_HEADERS, Body::from_stream(body)).into_response()
}

/// The route whose streams `public_streams` serves past the router, and so past its gate.
const PUBLIC_STREAM_ROUTE: &str = "/q/{code}/events";

/// The public screens' streams (`GET /q/{code}/events`), served by `http::server` straight on
/// their connection: a hall's phones hold thousands of them. No gate sees these requests: the
/// route must be open to anyone in the route table, or the server does not start.
pub fn public_streams(state: AppState) -> Streams {
    let public = crate::router::routes().iter().any(|r| {
        r.method == axum::http::Method::GET
            && r.path == PUBLIC_STREAM_ROUTE
            && matches!(r.access, crate::http::Access::Public)
    });
    assert!(
        public,
        "the stream path serves {PUBLIC_STREAM_ROUTE} past the gate, but the route table does not give it to anyone"
    );
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
            let session = crate::cafe::actions::by_code(&state, &code?).await.ok()?;
            metrics::counter!("mizan_http_requests_total", "route" => PUBLIC_STREAM_ROUTE, "method" => "GET", "status" => "200")
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
pub(super) async fn opening(state: &AppState, session_id: i64, audience: Audience) -> [Bytes; 2] {
    let first = snapshot(state, session_id, audience).await;
    [
        Bytes::from_static(b"retry: 1000\n"),
        first.unwrap_or_else(|| Bytes::from_static(b"event: refresh\ndata: {}\n\n")),
    ]
}

/// What a session's screen is sent: a snapshot, then every push, until the screen goes away or
/// the server stops. The pushes' bytes are shared, not copied, per screen.
pub(super) async fn screen(
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
