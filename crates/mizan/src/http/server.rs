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

use std::collections::VecDeque;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, mpsc};
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

/// Sends a stream's response on its connection, then keeps its seat: writes what the fanout
/// could not write at once, until the phone goes away, falls too far behind, or the server stops.
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
    if send(&tcp, response.as_bytes()).await.is_err() {
        return;
    }
    drop(response);
    for bytes in stream.opening {
        if send(&tcp, &bytes).await.is_err() {
            return;
        }
    }
    let seat = stream.seat;
    let tcp = Arc::new(tcp);
    // From now on the fanout writes straight on the connection, whenever nothing waits before.
    seat.place.lock().tcp = Some(tcp.clone());
    // Made once, not once per wait: each registers with the connection or the stop signal.
    let mut gone = std::pin::pin!(went_away(&tcp));
    let mut stopped = std::pin::pin!(stop.changed());
    // How much of the first thing waiting is written.
    let mut written = 0;
    loop {
        let waiting = {
            let place = seat.place.lock();
            if place.closed {
                return;
            }
            place.waiting.front().cloned()
        };
        // What waits is taken off only once written whole: meanwhile the fanout queues behind.
        if let Some(bytes) = &waiting {
            match tcp.try_write(&bytes[written..]) {
                Ok(n) => {
                    written += n;
                    if written == bytes.len() {
                        let mut place = seat.place.lock();
                        place.waiting.pop_front();
                        place.behind -= written;
                        written = 0;
                    }
                    continue;
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => return,
            }
        }
        // Wait for room on the connection (if something waits), or for the fanout to queue
        // more or close the seat.
        let writable = async {
            if waiting.is_some() {
                tcp.writable().await
            } else {
                std::future::pending().await
            }
        };
        tokio::select! {
            ready = writable => if ready.is_err() { return },
            () = seat.place.wake.notified() => {}
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

// ------------------------------------------------------------------------------------------------
// Fanout

/// The connections that are sent the same events (a session's phones): an event sent is written
/// to each in turn by the fanout threads, the same bytes for all.
#[derive(Clone, Default)]
pub struct Fanout(Arc<Seats>);

/// A fanout's connections, in one share per fanout thread: each thread writes its share, so that
/// a hall's connections are written to on every core at once.
struct Seats {
    shares: Vec<Mutex<Vec<Arc<Place>>>>,
    /// Seats taken and not given back.
    taken: AtomicUsize,
    /// Seats ever taken: the next goes to the share this counts to.
    joined: AtomicUsize,
}

impl Default for Seats {
    fn default() -> Seats {
        Seats {
            shares: (0..writers().len().max(1)).map(|_| Mutex::default()).collect(),
            taken: AtomicUsize::new(0),
            joined: AtomicUsize::new(0),
        }
    }
}

/// One connection's seat: given back (and its connection no longer written to) when dropped.
pub struct Seat {
    place: Arc<Place>,
    seats: Arc<Seats>,
}

#[derive(Default)]
struct Place {
    state: Mutex<PlaceState>,
    /// Wakes the connection's task: something waits for it, or the seat is closed.
    wake: Notify,
}

#[derive(Default)]
struct PlaceState {
    /// The connection, once its opening is sent: the fanout writes on it straight when nothing
    /// waits before.
    tcp: Option<Arc<TcpStream>>,
    /// What the connection could not take yet, in order (the first maybe the rest of a write
    /// begun), written by its own task.
    waiting: VecDeque<Bytes>,
    /// The bytes in `waiting`.
    behind: usize,
    /// The phone went away or fell too far behind: nothing more is written.
    closed: bool,
}

fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Place {
    fn lock(&self) -> MutexGuard<'_, PlaceState> {
        locked(&self.state)
    }

    /// Writes `bytes` on the connection, or queues them; false once the seat is closed.
    fn offer(&self, bytes: &Bytes) -> bool {
        let mut state = self.lock();
        if state.closed {
            return false;
        }
        let rest = match &state.tcp {
            Some(tcp) if state.waiting.is_empty() => match tcp.try_write(bytes) {
                Ok(n) if n == bytes.len() => return true,
                Ok(n) => Some(bytes.slice(n..)),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Some(bytes.clone()),
                // The phone is gone.
                Err(_) => None,
            },
            // The task is sending what waits (or the opening): it gets to this in turn.
            _ => Some(bytes.clone()),
        };
        match rest {
            Some(rest) if state.behind + rest.len() <= BEHIND_MAX => {
                state.behind += rest.len();
                state.waiting.push_back(rest);
            }
            _ => state.closed = true,
        }
        let open = !state.closed;
        drop(state);
        self.wake.notify_one();
        open
    }
}

impl std::fmt::Debug for Fanout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fanout")
            .field("watching", &self.watching())
            .finish()
    }
}

impl Fanout {
    /// A seat for a connection about to open: events sent from now on reach it, after its opening.
    pub fn join(&self) -> Seat {
        let place = Arc::new(Place::default());
        let share = self.0.joined.fetch_add(1, Ordering::Relaxed) % self.0.shares.len();
        locked(&self.0.shares[share]).push(place.clone());
        self.0.taken.fetch_add(1, Ordering::Relaxed);
        Seat {
            place,
            seats: self.0.clone(),
        }
    }

    /// How many connections have a seat.
    pub fn watching(&self) -> usize {
        self.0.taken.load(Ordering::Relaxed)
    }

    /// Sends `bytes` to every seat, in the order of the calls (from any thread, at once: the
    /// writing is the fanout threads').
    pub fn send(&self, bytes: Bytes) {
        let writers = writers();
        if writers.is_empty() {
            for share in 0..self.0.shares.len() {
                self.0.write(share, &bytes);
            }
        }
        for (share, writer) in writers.iter().enumerate() {
            if let Err(mpsc::SendError((seats, bytes))) = writer.send((self.0.clone(), bytes.clone())) {
                seats.write(share, &bytes);
            }
        }
    }
}

impl Seats {
    fn write(&self, share: usize, bytes: &Bytes) {
        locked(&self.shares[share]).retain(|place| place.offer(bytes));
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        let mut state = self.place.lock();
        state.closed = true;
        state.tcp = None;
        state.waiting.clear();
        state.behind = 0;
        drop(state);
        self.seats.taken.fetch_sub(1, Ordering::Relaxed);
    }
}

type Job = (Arc<Seats>, Bytes);

/// The fanout threads, one per core (at most 8), started at the first fanout: a hall's
/// thousands of writes leave the requests' threads free, and the system shares the cores between
/// them. The n-th writes the n-th share of every fanout. None if no thread could be started: the
/// sender writes then.
fn writers() -> &'static [mpsc::Sender<Job>] {
    static WRITERS: OnceLock<Vec<mpsc::Sender<Job>>> = OnceLock::new();
    WRITERS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let mut writers = Vec::with_capacity(cores);
        for share in 0..cores {
            let (sender, jobs) = mpsc::channel::<Job>();
            let started = std::thread::Builder::new()
                .name("mizan-fanout".into())
                .spawn(move || write_jobs(share, &jobs));
            match started {
                Ok(_) => writers.push(sender),
                Err(e) => {
                    tracing::warn!(error = %e, started = writers.len(), "a fanout thread could not be started (with none, events are written by their senders)");
                    break;
                }
            }
        }
        writers
    })
}

fn write_jobs(share: usize, jobs: &mpsc::Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        // What queued while the last round was written goes out in this one (up to
        // ROUND_MAX bytes): each fanout's events joined in their order, one write per connection.
        let mut round: Vec<(Arc<Seats>, Vec<Bytes>)> = Vec::new();
        let mut size = 0;
        let mut next = Some(first);
        while let Some((seats, bytes)) = next.take() {
            size += bytes.len();
            match round.iter_mut().find(|(s, _)| Arc::ptr_eq(s, &seats)) {
                Some((_, queued)) => queued.push(bytes),
                None => round.push((seats, vec![bytes])),
            }
            if size < ROUND_MAX {
                next = jobs.try_recv().ok();
            }
        }
        for (seats, mut queued) in round {
            let bytes = if queued.len() == 1 {
                queued.swap_remove(0)
            } else {
                Bytes::from(queued.concat())
            };
            seats.write(share, &bytes);
        }
    }
}

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
