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
//! left untouched to the router), the response's head written, then each event's bytes, shared
//! by every screen, until the stream ends or the phone goes away. Such a connection holds a few
//! hundred bytes (bench/cafe measures it). The body is delimited by the connection's end
//! (`connection: close`), as HTTP/1.1 allows and EventSource expects.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::ConnectInfo;
use axum::extract::Request;
use axum::http::HeaderMap;
use futures_util::StreamExt;
use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower::ServiceExt;

/// An event stream served straight on its connection: the response's headers (its status is
/// 200), and the bytes to send, event after event.
pub struct EventStream {
    pub headers: HeaderMap,
    pub body: BoxStream<'static, Bytes>,
}

/// The event streams served without hyper: given the path (and query) of a connection's first
/// request, a `GET`, the stream it opens, or `None` to leave the request to the router (which
/// serves any request these do not, a stream asked on a connection already used included).
pub type Streams = Arc<dyn Fn(&str) -> BoxFuture<'static, Option<EventStream>> + Send + Sync>;

/// How long a client may take to send a request's head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest request head looked at for a stream (a phone's, cookies included, is well under).
const STREAM_HEAD_MAX: usize = 4096;

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
    let streams = match streams {
        Some(streams) => match Pushing::start() {
            Ok(pushing) => Some((streams, pushing)),
            Err(e) => {
                tracing::warn!(error = %e, "no thread for the event streams: the router serves them");
                None
            }
        },
        None => None,
    };
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

/// The threads that send the event streams, a runtime of their own: a push fans out to
/// thousands of streams at once, and on the requests' runtime every request arriving meanwhile
/// (a vote) would wait behind all of them; on its own thread, the system shares the cores
/// between the two.
#[derive(Clone)]
struct Pushing {
    runtime: tokio::runtime::Handle,
    /// Dropped with the last clone (when the server has stopped): the runtime then ends, on the
    /// thread that holds it (a runtime cannot be dropped from within another's task).
    _running: Arc<tokio::sync::oneshot::Sender<()>>,
}

impl Pushing {
    fn start() -> std::io::Result<Pushing> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("mizan-streams")
            .enable_all()
            .build()?;
        let handle = runtime.handle().clone();
        let (running, stopped) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new()
            .name("mizan-streams".into())
            .spawn(move || {
                runtime.block_on(async {
                    stopped.await.ok();
                });
            })?;
        Ok(Pushing {
            runtime: handle,
            _running: Arc::new(running),
        })
    }

    /// Sends `stream` on `tcp` from this thread.
    fn send(&self, tcp: TcpStream, head_len: usize, stream: EventStream, stop: watch::Receiver<bool>) {
        let tcp = match tcp.into_std() {
            Ok(tcp) => tcp,
            Err(e) => {
                tracing::debug!(error = %e, "stream connection lost");
                return;
            }
        };
        let keep = self.clone();
        self.runtime.spawn(async move {
            let _keep = keep;
            match TcpStream::from_std(tcp) {
                Ok(tcp) => send_stream(tcp, head_len, stream, stop).await,
                Err(e) => tracing::debug!(error = %e, "stream connection lost"),
            }
        });
    }
}

async fn connection(
    tcp: TcpStream,
    peer: SocketAddr,
    router: Router,
    streams: Option<(Streams, Pushing)>,
    mut stop: watch::Receiver<bool>,
) {
    if let Some((streams, pushing)) = &streams {
        match first_request(&tcp, streams).await {
            First::Stream(head_len, stream) => {
                // A task of its own: this one's room for a hyper connection is given back.
                pushing.send(tcp, head_len, stream, stop);
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

/// What a connection's first request is.
enum First {
    /// A stream of `streams`, whose request's head is that many bytes.
    Stream(usize, EventStream),
    /// Anything else, for the router (nothing was read off the connection).
    Other,
    /// The client went away, or sent nothing in time.
    Gone,
}

async fn first_request(tcp: &TcpStream, streams: &Streams) -> First {
    let mut head = vec![0u8; STREAM_HEAD_MAX];
    let n = match tokio::time::timeout(HEAD_TIMEOUT, tcp.peek(&mut head)).await {
        Ok(Ok(0) | Err(_)) | Err(_) => return First::Gone,
        Ok(Ok(n)) => n,
    };
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut request = httparse::Request::new(&mut headers);
    // A head not whole yet (or too long, or not HTTP) is the router's: hyper reads it its way.
    let Ok(httparse::Status::Complete(head_len)) = request.parse(&head[..n]) else {
        return First::Other;
    };
    let (Some("GET"), Some(path)) = (request.method, request.path) else {
        return First::Other;
    };
    match streams(path).await {
        Some(stream) => First::Stream(head_len, stream),
        None => First::Other,
    }
}

/// Sends a stream's response on its connection until the stream ends, the phone goes away or
/// the server stops.
async fn send_stream(
    mut tcp: TcpStream,
    head_len: usize,
    stream: EventStream,
    mut stop: watch::Receiver<bool>,
) {
    // The request's head, peeked so far, is taken off the connection (it is already there).
    let mut request = vec![0u8; head_len];
    if tcp.read_exact(&mut request).await.is_err() {
        return;
    }
    drop(request);
    let mut response = String::from("HTTP/1.1 200 OK\r\n");
    for (name, value) in &stream.headers {
        if let Ok(value) = value.to_str() {
            response.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    response.push_str("connection: close\r\n\r\n");
    let tcp = &tcp;
    if send(tcp, response.as_bytes()).await.is_err() {
        return;
    }
    drop(response);
    // Made once, not once per event: each registers with the connection or the stop signal.
    let mut gone = std::pin::pin!(went_away(tcp));
    let mut stopped = std::pin::pin!(stop.changed());
    let mut body = stream.body;
    loop {
        tokio::select! {
            next = body.next() => match next {
                Some(bytes) => {
                    if send(tcp, &bytes).await.is_err() {
                        return;
                    }
                }
                None => return,
            },
            () = &mut gone => return,
            // The server stops (the value only ever turns true).
            _ = &mut stopped => return,
        }
    }
}

/// Resolves when the phone has gone away: it sends nothing more on a stream's connection, so
/// anything to read is its end (or its misbehaviour, read and dropped).
async fn went_away(tcp: &TcpStream) {
    let mut scrap = [0u8; 64];
    loop {
        if tcp.readable().await.is_err() {
            return;
        }
        match tcp.try_read(&mut scrap) {
            Ok(0) => return,
            Err(e) if e.kind() != std::io::ErrorKind::WouldBlock => return,
            _ => {}
        }
    }
}

/// Writes all of `bytes` (at once, unless the phone's window is full).
async fn send(tcp: &TcpStream, mut bytes: &[u8]) -> std::io::Result<()> {
    while !bytes.is_empty() {
        match tcp.try_write(bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => tcp.writable().await?,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
