//! The HTTP server: HTTP/1.1 on a TCP listener, each connection served by hyper, until a shutdown
//! signal, after which the requests in flight finish.
//!
//! Mizan speaks HTTP/1.1, to browsers directly or to the TLS proxy in front of it (browsers speak
//! HTTP/2 only over TLS). Served by hyper's HTTP/1 connection alone, a connection holds hyper's
//! 8 KiB read buffer and 8 KiB write buffer for as long as it is open (`axum::serve`, which first
//! tells HTTP/1 from HTTP/2 on every connection, held more).
//!
//! A live screen of the Policy Café holds its connection open for hours, and a hall holds
//! thousands: a connection whose first request opens such an event stream ([`Streams`]) is served
//! here directly, without hyper: its request's head is read (peeked, so that any other request is
//! left untouched to the router), the response's head written, then the stream's opening events,
//! and from then on it is one seat of a [`Fanout`]: every event sent to the fanout is written to
//! each of its connections in turn, straight from the shared bytes, by the fanout threads (one
//! per core, each writing its share of the seats). No task wakes per screen and per event; a
//! connection that cannot take an event at once (its window is full) keeps the rest in order and
//! its own task sends it when it can. Events that queue up while a thread is still writing the
//! one before go out together, one write per connection: however fast events come, a hall's
//! connections are each written to once per round, and no queue grows.
//! Such a connection holds a few hundred bytes (bench/cafe measures it). The body is delimited by
//! the connection's end (`connection: close`), as HTTP/1.1 allows and EventSource expects.

mod fanout;
mod stream;

pub use fanout::Fanout;
use fanout::*;
use stream::*;

use std::collections::VecDeque;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, mpsc};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::ConnectInfo;
use axum::extract::Request;
use axum::http::HeaderMap;
use futures_util::future::BoxFuture;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tower::ServiceExt;

/// An event stream served straight on its connection: the response's headers (its status is
/// 200), the events it opens with, then every event of the fanout it has a seat in.
pub struct EventStream {
    pub headers: HeaderMap,
    /// Sent first, in order (a snapshot of what the screen shows).
    pub opening: Vec<Bytes>,
    /// Taken before the opening was made: an event sent meanwhile waits for it, none is lost.
    pub seat: Seat,
}

/// The event streams served without hyper: given the path (and query) of a connection's first
/// request, a `GET`, the stream it opens, or `None` to leave the request to the router (which
/// serves any request these do not, a stream asked on a connection already used included).
pub type Streams = Arc<dyn Fn(&str) -> BoxFuture<'static, Option<EventStream>> + Send + Sync>;

/// How long a client may take to send a request's head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest request head looked at for a stream (a phone's, cookies included, is well under).
const STREAM_HEAD_MAX: usize = 4096;
/// How far behind a connection may fall (its phone reads too slowly), in bytes waiting, before it
/// is closed: the phone reconnects by itself and starts again from a fresh opening. Thousands of
/// pushes of a few hundred bytes.
const BEHIND_MAX: usize = 1 << 20;
/// The most bytes written to a connection in one round: events queued beyond go in the next.
const ROUND_MAX: usize = 64 * 1024;

/// Serves `router` (and `streams`, if any) on `listener` until `shutdown` resolves; then stops
/// accepting, lets every connection finish the request it is serving, and returns once all are
/// closed (a stream ends at once). Handlers see the peer's address as `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    streams: Option<Streams>,
    shutdown: impl Future<Output = ()>,
) {
    // Each connection holds a receiver; the sender's `closed` resolves when the last one is gone.
    let (stopping, stop) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before it was accepted:
                    // the listener itself is fine; wait a little rather than spin.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Live screens get small writes one after another: without TCP_NODELAY each could wait
        // for the previous one's acknowledgement (Nagle's algorithm against delayed ACKs).
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
        tokio::spawn(connection(
            tcp,
            peer,
            router.clone(),
            streams.clone(),
            stop.clone(),
        ));
    }
    stopping.send(true).ok();
    drop(stop);
    stopping.closed().await;
}

async fn connection(
    tcp: TcpStream,
    peer: SocketAddr,
    router: Router,
    streams: Option<Streams>,
    mut stop: watch::Receiver<bool>,
) {
    if let Some(streams) = &streams {
        match first_request(&tcp, streams).await {
            First::Stream(head_len, stream) => {
                // A task of its own, sized for the stream: this one's room for a hyper
                // connection is given back (a hall holds thousands of streams for hours).
                tokio::spawn(send_stream(tcp, head_len, stream, stop));
                return;
            }
            First::Gone => return,
            First::Other => {}
        }
    }
    let service = TowerToHyperService::new(router.map_request(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        request
    }));
    let mut builder = hyper::server::conn::http1::Builder::new();
    // The timer bounds how long a client may take to send a request's head (30 s).
    builder.timer(TokioTimer::new());
    let mut conn = std::pin::pin!(builder.serve_connection(TokioIo::new(tcp), service));
    tokio::select! {
        served = conn.as_mut() => {
            if let Err(e) = served {
                tracing::debug!(error = %e, "connection ended");
            }
            return;
        }
        _ = stop.wait_for(|stopping| *stopping) => conn.as_mut().graceful_shutdown(),
    }
    if let Err(e) = conn.await {
        tracing::debug!(error = %e, "connection ended");
    }
}

// ------------------------------------------------------------------------------------------------
// Fanout

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;

    /// The numbers of the whole events in `text` (`data: N …` ended by a blank line), in order.
    fn whole_events(text: &[u8]) -> Vec<usize> {
        let text = String::from_utf8_lossy(text);
        let mut events: Vec<&str> = text.split("\n\n").collect();
        // What follows the last blank line is not a whole event.
        events.pop();
        events
            .iter()
            .filter_map(|e| e.split_once("data: ")?.1.split(' ').next()?.parse().ok())
            .collect()
    }

    #[tokio::test]
    async fn a_phone_that_stops_reading_holds_back_no_one_and_is_let_go_once_too_far_behind() {
        let fanout = Fanout::default();
        let streams: Streams = {
            let fanout = fanout.clone();
            Arc::new(move |path: &str| {
                let seat = (path == "/events").then(|| fanout.join());
                Box::pin(async move {
                    Some(EventStream {
                        headers: HeaderMap::new(),
                        opening: vec![Bytes::from_static(b"data: opening\n\n")],
                        seat: seat?,
                    })
                })
            })
        };
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let addr = listener.local_addr().expect("its address");
        tokio::spawn(serve(
            listener,
            Router::new(),
            Some(streams),
            std::future::pending(),
        ));
        let request = b"GET /events HTTP/1.1\r\nHost: mizan\r\n\r\n";
        let mut reading = TcpStream::connect(addr).await.expect("a phone");
        reading.write_all(request).await.expect("its request");
        // A phone that never reads, with a small window: its buffers fill at once.
        let sleeping = tokio::net::TcpSocket::new_v4().expect("a socket");
        sleeping.set_recv_buffer_size(4096).expect("a small window");
        let mut sleeping = sleeping.connect(addr).await.expect("another phone");
        sleeping.write_all(request).await.expect("its request");
        let mut seen = Vec::new();
        let mut buffer = vec![0u8; 1 << 16];
        while !String::from_utf8_lossy(&seen).contains("data: opening") {
            let n = reading.read(&mut buffer).await.expect("the opening");
            seen.extend_from_slice(&buffer[..n]);
        }
        while fanout.watching() < 2 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }

        // Far more than the sleeping phone's buffers and its queue hold, sent as fast as the
        // reading phone reads.
        let events = 600;
        let padding = "x".repeat(16 * 1024);
        seen.clear();
        // Events read so far (each ends with a blank line), and the last byte read.
        let (mut ended, mut last) = (0, 0u8);
        for sent in (20..=events).step_by(20) {
            for n in sent - 20..sent {
                fanout.send(Bytes::from(format!("data: {n} {padding}\n\n")));
            }
            tokio::time::timeout(Duration::from_secs(10), async {
                while ended < sent {
                    let n = reading.read(&mut buffer).await.expect("the events");
                    assert!(n > 0, "the reading phone's stream stays open");
                    for &byte in &buffer[..n] {
                        ended += usize::from(byte == b'\n' && last == b'\n');
                        last = byte;
                    }
                    seen.extend_from_slice(&buffer[..n]);
                }
            })
            .await
            .expect("the reading phone gets every event, however far behind the other is");
        }
        assert_eq!(whole_events(&seen), (0..events).collect::<Vec<_>>(), "in order");

        let mut late = Vec::new();
        tokio::time::timeout(Duration::from_secs(30), sleeping.read_to_end(&mut late))
            .await
            .expect("the sleeping phone's stream is ended")
            .expect("read");
        let got = whole_events(&late);
        assert!(
            !got.is_empty() && got.len() < events,
            "it got the start, not all: {} events",
            got.len()
        );
        assert_eq!(got, (0..got.len()).collect::<Vec<_>>(), "whole events, in order");
        assert_eq!(fanout.watching(), 1, "its seat is given back");
    }
}
