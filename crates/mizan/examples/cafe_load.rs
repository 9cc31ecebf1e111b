//! The Policy Café load harness (bench/cafe): a bare SSE broadcast server (the reference), and a load
//! generator that connects N live screens (phones) and casts votes at a given rate, measuring how
//! long each vote takes to reach every screen, with the server's memory and CPU.
//!
//!   cafe_load bare PORT
//!       an SSE broadcast server with in-memory counts and the same grouping of votes as
//!       Mizan, served the same way, nothing else: no store, no sessions, no moderation, no limits
//!   cafe_load plain PORT
//!       the same hall served by plain `axum::serve`, each screen an axum `Sse` stream fed by a
//!       tokio broadcast channel: what the stream path (`http::server`) must clearly beat
//!   cafe_load load BASE CODE PID CLIENTS RATE SECONDS [bare]
//!       against Mizan's session CODE (or either bare server), whose process is PID
//!   cafe_load burst BASE CODE DEVICES
//!       DEVICES phones vote for one question at the same instant; prints how many were counted
//!
//! Screens connect to `/q/CODE/events` (`/events` on the bare server). Votes come from distinct
//! devices (each opened the session's page first, as a phone does: its device cookie and its
//! anti-forgery token), spread over the session's published questions, each device voting once
//! per question. Latency: the moment a screen first sees a question's count reach k, minus the
//! moment the k-th vote for it was sent; every (screen, vote) pair is one sample.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("bare") => bare(&args[1]).await,
        Some("plain") => plain(&args[1]).await,
        Some("load") => {
            let bare = args.get(7).is_some_and(|a| a == "bare");
            load(
                &args[1],
                &args[2],
                args[3].parse()?,
                args[4].parse()?,
                args[5].parse()?,
                args[6].parse()?,
                bare,
            )
            .await
        }
        Some("burst") => burst(&args[1], &args[2], args[3].parse()?).await,
        _ => anyhow::bail!(
            "usage: cafe_load bare PORT | plain PORT | load BASE CODE PID CLIENTS RATE SECONDS [bare] | burst BASE CODE DEVICES"
        ),
    }
}

// ------------------------------------------------------------------------------------------------
// The reference: a bare SSE broadcast server

/// A push to every screen: the event's name and its data.
type Push = Arc<dyn Fn(&'static str, String) + Send + Sync>;

#[derive(Clone)]
struct Hall {
    counts: Arc<Mutex<HashMap<i64, i64>>>,
    /// The questions voted for since the last push, and when the latest push leaves or left
    /// (Mizan's rule: pushes at least a window apart, at once after a quiet spell).
    dirty: Arc<Mutex<(Vec<i64>, Option<Instant>)>>,
    push: Push,
}

impl Hall {
    fn new(push: Push) -> Hall {
        Hall {
            counts: Arc::default(),
            dirty: Arc::default(),
            push,
        }
    }

    /// The hall's one route: a vote, pushed to the screens with the others of its window.
    fn router(self) -> axum::Router {
        axum::Router::new()
            .route("/vote", axum::routing::post(count_vote))
            .with_state(self)
    }
}

async fn count_vote(
    axum::extract::State(hall): axum::extract::State<Hall>,
    axum::extract::Query(q): axum::extract::Query<HashMap<String, i64>>,
) -> axum::Json<serde_json::Value> {
    let id = q.get("q").copied().unwrap_or(0);
    let count = {
        let mut counts = mizan::locks::locked(&hall.counts);
        let c = counts.entry(id).or_default();
        *c += 1;
        *c
    };
    let leaves = {
        let mut dirty = mizan::locks::locked(&hall.dirty);
        dirty.0.push(id);
        (dirty.0.len() == 1).then(|| {
            let leaves = mizan::cafe::live::next_push(dirty.1, Instant::now());
            dirty.1 = Some(leaves);
            leaves
        })
    };
    if let Some(leaves) = leaves {
        let hall = hall.clone();
        tokio::spawn(async move {
            tokio::time::sleep_until(leaves.into()).await;
            let mut ids: Vec<i64> = std::mem::take(&mut mizan::locks::locked(&hall.dirty).0);
            ids.sort_unstable();
            ids.dedup();
            let pairs: Vec<(i64, i64)> = {
                let counts = mizan::locks::locked(&hall.counts);
                ids.iter().map(|id| (*id, counts[id])).collect()
            };
            (hall.push)("votes", serde_json::json!({ "votes": pairs }).to_string());
        });
    }
    axum::Json(serde_json::json!({ "votes": count }))
}

/// The reference: the hall's screens served as Mizan serves its own (`http::server`).
async fn bare(port: &str) -> anyhow::Result<()> {
    use axum::body::Bytes;

    // Each push written once in the event-stream format, its bytes shared by every screen.
    let screens = mizan::http::server::Fanout::default();
    let hall = Hall::new({
        let screens = screens.clone();
        Arc::new(move |event, data| screens.send(Bytes::from(format!("event: {event}\ndata: {data}\n\n"))))
    });
    // The screens' streams, served straight on their connection as Mizan's are.
    let streams: mizan::http::server::Streams = Arc::new(move |path: &str| {
        let seat = (path == "/events").then(|| screens.join());
        Box::pin(async move {
            let mut headers = axum::http::HeaderMap::new();
            headers.insert(
                "content-type",
                axum::http::HeaderValue::from_static("text/event-stream"),
            );
            Some(mizan::http::server::EventStream {
                headers,
                // Like Mizan's screens, a first event at once (Mizan's is the snapshot).
                opening: vec![Bytes::from_static(b"event: snapshot\ndata: {}\n\n")],
                seat: seat?,
            })
        })
    });
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    mizan::http::server::serve(listener, hall.router(), Some(streams), std::future::pending()).await;
    Ok(())
}

/// The third column: the same hall by plain `axum::serve`, each screen an `Sse` response
/// reading a tokio broadcast channel (a screen that falls behind the channel skips to its end).
async fn plain(port: &str) -> anyhow::Result<()> {
    use axum::response::sse::{Event, Sse};
    use futures_util::StreamExt;
    use tokio::sync::broadcast;

    let (sender, _) = broadcast::channel::<(&'static str, Arc<str>)>(1024);
    let hall = Hall::new({
        let sender = sender.clone();
        Arc::new(move |event, data| {
            // No screen yet is not an error.
            let _ = sender.send((event, Arc::from(data)));
        })
    });
    let events = move || {
        let receiver = sender.subscribe();
        async move {
            let opening = futures_util::stream::once(async {
                Ok::<_, std::convert::Infallible>(Event::default().event("snapshot").data("{}"))
            });
            let pushes = futures_util::stream::unfold(receiver, |mut receiver| async move {
                loop {
                    match receiver.recv().await {
                        Ok((event, data)) => {
                            return Some((Ok(Event::default().event(event).data(&*data)), receiver));
                        }
                        Err(broadcast::error::RecvError::Lagged(_)) => {}
                        Err(broadcast::error::RecvError::Closed) => return None,
                    }
                }
            });
            Sse::new(opening.chain(pushes))
        }
    };
    let app = hall.router().route("/events", axum::routing::get(events));
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

// ------------------------------------------------------------------------------------------------
// A minimal HTTP/1.1 client: keep-alive requests with a Content-Length answer, and event streams

struct Connection {
    reader: BufReader<TcpStream>,
    host: String,
}

impl Connection {
    async fn open(base: &str) -> anyhow::Result<Connection> {
        let host = base
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let stream = TcpStream::connect(&host).await?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            reader: BufReader::new(stream),
            host,
        })
    }

    /// Sends a request; returns the status, the `set-cookie` values and the body.
    async fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &str,
        body: &str,
    ) -> anyhow::Result<(u16, Vec<String>, String)> {
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\n{headers}Content-Length: {}\r\n\r\n{body}",
            self.host,
            body.len()
        );
        self.reader.get_mut().write_all(request.as_bytes()).await?;
        let mut line = String::new();
        self.reader.read_line(&mut line).await?;
        let status: u16 = line.split(' ').nth(1).unwrap_or("0").parse()?;
        let mut length = 0usize;
        let mut cookies = Vec::new();
        loop {
            line.clear();
            self.reader.read_line(&mut line).await?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let lower = l.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length: ") {
                length = v.parse()?;
            } else if lower.starts_with("set-cookie: ") {
                cookies.push(l["set-cookie: ".len()..].to_owned());
            }
        }
        let mut body = vec![0u8; length];
        self.reader.read_exact(&mut body).await?;
        Ok((status, cookies, String::from_utf8_lossy(&body).into_owned()))
    }
}

fn cookie_value(cookies: &[String], name: &str) -> Option<String> {
    cookies
        .iter()
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .map(str::to_owned)
}

/// A phone as Mizan knows it: its cookies and its anti-forgery token.
#[derive(Clone)]
struct Device {
    cookie: String,
    csrf: String,
}

async fn devices(base: &str, code: &str, n: usize) -> anyhow::Result<Vec<Device>> {
    let mut out = Vec::with_capacity(n);
    let mut conn = Connection::open(base).await?;
    for _ in 0..n {
        let (status, cookies, _) = conn.request("GET", &format!("/q/{code}"), "", "").await?;
        anyhow::ensure!(status == 200, "the session page answered {status}");
        let device =
            cookie_value(&cookies, "mizan_device").ok_or_else(|| anyhow::anyhow!("no device cookie"))?;
        let csrf = cookie_value(&cookies, "mizan_csrf").ok_or_else(|| anyhow::anyhow!("no csrf cookie"))?;
        out.push(Device {
            cookie: format!("mizan_device={device}; mizan_csrf={csrf}"),
            csrf,
        });
    }
    Ok(out)
}

/// The session's published questions and their counts now.
async fn published_questions(base: &str, code: &str) -> anyhow::Result<Vec<(i64, u64)>> {
    let mut conn = Connection::open(base).await?;
    let (status, _, body) = conn
        .request("GET", &format!("/api/v1/cafe/{code}"), "", "")
        .await?;
    anyhow::ensure!(status == 200, "the session's API answered {status}");
    let json: serde_json::Value = serde_json::from_str(&body)?;
    Ok(json["questions"]
        .as_array()
        .map(|qs| {
            qs.iter()
                .filter_map(|q| Some((q["id"].as_i64()?, q["votes"].as_u64()?)))
                .collect()
        })
        .unwrap_or_default())
}

async fn vote(
    conn: &mut Connection,
    code: &str,
    device: Option<&Device>,
    question: i64,
) -> anyhow::Result<u16> {
    let (status, _, _) = match device {
        Some(d) => {
            let body = format!("_csrf={}&cast=1", d.csrf);
            conn.request(
                "POST",
                &format!("/q/{code}/questions/{question}/vote"),
                &format!(
                    "Cookie: {}\r\nAccept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n",
                    d.cookie
                ),
                &body,
            )
            .await?
        }
        None => {
            conn.request("POST", &format!("/vote?q={question}"), "", "")
                .await?
        }
    };
    Ok(status)
}

// ------------------------------------------------------------------------------------------------
// Measures

/// Latencies in 0.1 ms buckets up to 10 s.
struct Histogram(Vec<AtomicU64>);

impl Histogram {
    fn new() -> Histogram {
        Histogram((0..100_001).map(|_| AtomicU64::new(0)).collect())
    }

    fn add(&self, d: Duration) {
        let i = ((d.as_micros() / 100) as usize).min(self.0.len() - 1);
        self.0[i].fetch_add(1, Ordering::Relaxed);
    }

    fn count(&self) -> u64 {
        self.0.iter().map(|c| c.load(Ordering::Relaxed)).sum()
    }

    fn quantile(&self, q: f64) -> f64 {
        let total = self.count();
        let target = ((total as f64) * q).ceil() as u64;
        let mut seen = 0;
        for (i, c) in self.0.iter().enumerate() {
            seen += c.load(Ordering::Relaxed);
            if seen >= target.max(1) {
                return i as f64 / 10.0;
            }
        }
        f64::NAN
    }
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// CPU time of a process (user + system), in seconds.
fn cpu_seconds(pid: u32) -> f64 {
    let ticks = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            let after = s.rsplit_once(')')?.1.to_owned();
            let fields: Vec<&str> = after.split_whitespace().collect();
            Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0);
    ticks as f64 / 100.0
}

/// When each vote was sent: the k-th vote for a question at `sent[k]` (microseconds after
/// `epoch`, plus one; 0 while not sent), written once by the voter and read by every screen
/// without a lock, so that thousands of screens reading it do not slow each other (nor the voters)
/// down; and when the first screen saw it (`seen[k]`, microseconds after `epoch`; `u64::MAX`
/// while none has).
struct Sent {
    epoch: Instant,
    questions: HashMap<i64, Votes>,
}

struct Votes {
    next: AtomicU64,
    sent: Vec<AtomicU64>,
    seen: Vec<AtomicU64>,
}

impl Sent {
    fn new(questions: &[i64], per_question: usize) -> Sent {
        let slots = |value: u64| (0..per_question).map(|_| AtomicU64::new(value)).collect();
        Sent {
            epoch: Instant::now(),
            questions: questions
                .iter()
                .map(|q| {
                    let votes = Votes {
                        next: AtomicU64::new(0),
                        sent: slots(0),
                        seen: slots(u64::MAX),
                    };
                    (*q, votes)
                })
                .collect(),
        }
    }

    /// A vote for `question` leaves now.
    fn record(&self, question: i64) {
        if let Some(votes) = self.questions.get(&question) {
            let k = votes.next.fetch_add(1, Ordering::Relaxed) as usize;
            if let Some(at) = votes.sent.get(k) {
                at.store(self.now() + 1, Ordering::Release);
            }
        }
    }

    /// Now, in microseconds after `epoch`.
    fn now(&self) -> u64 {
        self.epoch.elapsed().as_micros() as u64
    }

    /// A screen sees, at `now`, the votes for `question` from the `from`-th to before the
    /// `to`-th: how long each took to reach it, in 0.1 ms.
    fn seen(&self, question: i64, from: usize, to: usize, now: u64, samples: &mut Vec<u32>) {
        let Some(votes) = self.questions.get(&question) else {
            return;
        };
        let to = to.min(votes.sent.len());
        for k in from..to {
            let at = votes.sent[k].load(Ordering::Acquire);
            if at > 0 {
                samples.push((now.saturating_sub(at - 1) / 100) as u32);
            }
            // Read first, written only by the first screen: the others only read.
            if votes.seen[k].load(Ordering::Relaxed) > now {
                votes.seen[k].fetch_min(now, Ordering::Relaxed);
            }
        }
    }

    /// How long each vote took to reach the first screen that saw it.
    fn first_seen(&self) -> Histogram {
        let firsts = Histogram::new();
        for votes in self.questions.values() {
            for (sent, seen) in votes.sent.iter().zip(&votes.seen) {
                let (sent, seen) = (sent.load(Ordering::Relaxed), seen.load(Ordering::Relaxed));
                if sent > 0 && seen < u64::MAX {
                    firsts.add(Duration::from_micros(seen.saturating_sub(sent - 1)));
                }
            }
        }
        firsts
    }
}

/// The latencies one screen saw, in 0.1 ms: kept by the screen (a lock nobody else takes while
/// the votes run) and gathered into one histogram at the end.
type Samples = Arc<Mutex<Vec<u32>>>;

/// The numbers in a `votes` push (`{"votes":[[id,count],…]}`), as (question, count) pairs,
/// read without building a JSON tree: a screen reads thousands of them a second.
fn vote_pairs(data: &[u8]) -> Vec<(i64, u64)> {
    let mut numbers = Vec::new();
    let mut current: Option<u64> = None;
    for &b in data {
        if b.is_ascii_digit() {
            current = Some(current.unwrap_or(0) * 10 + u64::from(b - b'0'));
        } else if let Some(n) = current.take() {
            numbers.push(n);
        }
    }
    numbers
        .chunks_exact(2)
        .map(|pair| (pair[0] as i64, pair[1]))
        .collect()
}

async fn screen(
    base: String,
    path: String,
    before: Arc<HashMap<i64, u64>>,
    sent: Arc<Sent>,
    samples: Samples,
    connected: Arc<AtomicU64>,
    dropped: Arc<AtomicU64>,
) {
    watch_screen(&base, &path, &before, &sent, &samples, &connected).await;
    dropped.fetch_add(1, Ordering::Relaxed);
}

async fn watch_screen(
    base: &str,
    path: &str,
    before: &HashMap<i64, u64>,
    sent: &Sent,
    samples: &Mutex<Vec<u32>>,
    connected: &AtomicU64,
) {
    // A hall connecting at once can overflow the listen queue: a phone tries again.
    let mut conn = None;
    for attempt in 0..5u64 {
        match Connection::open(base).await {
            Ok(c) => {
                conn = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200 * (attempt + 1))).await,
        }
    }
    let Some(conn) = conn else { return };
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        conn.host
    );
    let mut tcp = conn.reader.into_inner();
    if tcp.write_all(request.as_bytes()).await.is_err() {
        return;
    }
    let mut seen: HashMap<i64, usize> = HashMap::new();
    let mut votes_event = false;
    let mut counted = false;
    // What arrived and is not read yet (a line begun); grown if a line does not fit.
    let mut buffer = vec![0u8; 8192];
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            buffer.resize(buffer.len() * 2, 0);
        }
        match read_arrived(&tcp, &mut buffer[filled..]).await {
            Ok(0) | Err(_) => return,
            Ok(n) => filled += n,
        }
        // Timed once per arrival: the harness shares the cores with the server it measures.
        let now = sent.now();
        let mut lines = buffer[..filled].split_inclusive(|b| *b == b'\n').peekable();
        let mut read = 0;
        while let Some(line) = lines.next_if(|l| l.ends_with(b"\n")) {
            read += line.len();
            let l = line.trim_ascii_end();
            if let Some(e) = l.strip_prefix(b"event: ") {
                votes_event = e == b"votes";
                if !counted && (e == b"snapshot" || votes_event) {
                    counted = true;
                    connected.fetch_add(1, Ordering::Relaxed);
                }
            } else if let Some(data) = l.strip_prefix(b"data: ")
                && votes_event
            {
                let mut samples = samples.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                for (q, count) in vote_pairs(data) {
                    // Only the votes of this run: the question's count before it is taken off.
                    let count = count.saturating_sub(before.get(&q).copied().unwrap_or(0)) as usize;
                    let last = seen.entry(q).or_insert(0);
                    sent.seen(q, *last, count, now, &mut samples);
                    *last = (*last).max(count);
                }
            } else if !counted && l.starts_with(b":") {
                // A keep-alive comment before any event: the stream is open.
                counted = true;
                connected.fetch_add(1, Ordering::Relaxed);
            }
        }
        buffer.copy_within(read..filled, 0);
        filled -= read;
    }
}

/// Reads what has arrived on `tcp`: one read per arrival. A read that leaves room in `buffer`
/// took all there was, so the connection is marked drained then (the next arrival marks it
/// again): the read that would only answer "nothing more" is spared, half the reads of a screen.
async fn read_arrived(tcp: &TcpStream, buffer: &mut [u8]) -> std::io::Result<usize> {
    loop {
        tcp.readable().await?;
        let mut read = None;
        let done = tcp.try_io(tokio::io::Interest::READABLE, || {
            let n = tcp.try_read(buffer)?;
            read = Some(n);
            if n > 0 && n < buffer.len() {
                Err(std::io::ErrorKind::WouldBlock.into())
            } else {
                Ok(())
            }
        });
        if let Some(n) = read {
            return Ok(n);
        }
        if let Err(e) = done
            && e.kind() != std::io::ErrorKind::WouldBlock
        {
            return Err(e);
        }
    }
}

async fn load(
    base: &str,
    code: &str,
    pid: u32,
    clients: u64,
    rate: u64,
    seconds: u64,
    bare: bool,
) -> anyhow::Result<()> {
    let (questions, before): (Vec<i64>, HashMap<i64, u64>) = if bare {
        ((1..=24).collect(), HashMap::new())
    } else {
        let q = published_questions(base, code).await?;
        (q.iter().map(|(id, _)| *id).collect(), q.into_iter().collect())
    };
    let before = Arc::new(before);
    anyhow::ensure!(!questions.is_empty(), "the session has no published question");
    // Enough devices that none goes over five votes a second, each voting once per question:
    // the n-th vote is device n mod D's, for question (n div D) mod Q.
    let spread = ((rate as usize) / 2).max(((rate * seconds) as usize).div_ceil(questions.len())) + 10;
    let devices = if bare {
        Vec::new()
    } else {
        devices(base, code, spread).await?
    };
    let idle_rss = rss_kib(pid);
    let total = rate * seconds;
    let sent = Arc::new(Sent::new(&questions, total as usize));
    let mut screens: Vec<Samples> = Vec::with_capacity(clients as usize);
    let connected = Arc::new(AtomicU64::new(0));
    let dropped = Arc::new(AtomicU64::new(0));
    let path = if bare {
        "/events".to_owned()
    } else {
        format!("/q/{code}/events")
    };
    let started = Instant::now();
    for i in 0..clients {
        let samples = Samples::default();
        screens.push(samples.clone());
        tokio::spawn(screen(
            base.to_owned(),
            path.clone(),
            before.clone(),
            sent.clone(),
            samples,
            connected.clone(),
            dropped.clone(),
        ));
        if i % 200 == 199 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    while connected.load(Ordering::Relaxed) < clients {
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(120),
            "only {} of {clients} screens connected",
            connected.load(Ordering::Relaxed)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let connect_seconds = started.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let connected_rss = rss_kib(pid);

    // Votes at the rate asked, from 32 connections; pairs (device, question) never repeat.
    let cpu_before = cpu_seconds(pid);
    let wall = Instant::now();
    let rejected = Arc::new(AtomicU64::new(0));
    // How long the server takes to answer a vote (it is counted once answered).
    let answers = Arc::new(Histogram::new());
    let (tx, rx) = tokio::sync::mpsc::channel::<(Option<Device>, i64)>(4096);
    let rx = Arc::new(tokio::sync::Mutex::new(rx));
    let mut workers = Vec::new();
    for _ in 0..32 {
        let rx = rx.clone();
        let base = base.to_owned();
        let code = code.to_owned();
        let sent = sent.clone();
        let rejected = rejected.clone();
        let answers = answers.clone();
        workers.push(tokio::spawn(async move {
            let Ok(mut conn) = Connection::open(&base).await else {
                return;
            };
            loop {
                let next = rx.lock().await.recv().await;
                let Some((device, q)) = next else { return };
                sent.record(q);
                let asked = Instant::now();
                match vote(&mut conn, &code, device.as_ref(), q).await {
                    Ok(200) => answers.add(asked.elapsed()),
                    Ok(_) => {
                        rejected.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(_) => {
                        rejected.fetch_add(1, Ordering::Relaxed);
                        match Connection::open(&base).await {
                            Ok(c) => conn = c,
                            Err(_) => return,
                        }
                    }
                }
            }
        }));
    }
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let mut ticker = tokio::time::interval(interval);
    for n in 0..total as usize {
        ticker.tick().await;
        let q = questions[(n / spread) % questions.len()];
        let device = (!bare).then(|| devices[n % spread].clone());
        tx.send((device, q)).await.ok();
    }
    drop(tx);
    for w in workers {
        w.await.ok();
    }
    let send_seconds = wall.elapsed().as_secs_f64();
    // Let the last pushes arrive.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let cpu = (cpu_seconds(pid) - cpu_before) / wall.elapsed().as_secs_f64();
    let latencies = Histogram::new();
    for screen in &screens {
        let samples = screen.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for tenths in samples.iter() {
            latencies.add(Duration::from_micros(u64::from(*tenths) * 100));
        }
    }
    let samples = latencies.count();
    let firsts = sent.first_seen();
    let expected = total * clients;
    println!(
        "clients={clients} connected_in_s={connect_seconds:.1} dropped={} votes={total} sent_in_s={send_seconds:.1} rejected={} \
         samples={samples} expected_samples={expected} p50_ms={:.1} p99_ms={:.1} first_p50_ms={:.1} first_p99_ms={:.1} \
         vote_p50_ms={:.1} vote_p99_ms={:.1} rss_idle_mib={:.1} rss_connected_mib={:.1} kib_per_client={:.1} cpu_cores={cpu:.2}",
        dropped.load(Ordering::Relaxed),
        rejected.load(Ordering::Relaxed),
        latencies.quantile(0.50),
        latencies.quantile(0.99),
        firsts.quantile(0.50),
        firsts.quantile(0.99),
        answers.quantile(0.50),
        answers.quantile(0.99),
        idle_rss as f64 / 1024.0,
        connected_rss as f64 / 1024.0,
        (connected_rss.saturating_sub(idle_rss)) as f64 / clients as f64,
    );
    Ok(())
}

/// DEVICES phones vote for the same question at the same instant.
async fn burst(base: &str, code: &str, n: usize) -> anyhow::Result<()> {
    let questions = published_questions(base, code).await?;
    let question = questions
        .last()
        .ok_or_else(|| anyhow::anyhow!("no published question"))?
        .0;
    let before = count_of(base, code, question).await?;
    let devices = devices(base, code, n).await?;
    let mut conns = Vec::with_capacity(n);
    for _ in 0..n {
        conns.push(Connection::open(base).await?);
    }
    let gate = Arc::new(tokio::sync::Barrier::new(n));
    let mut handles = Vec::new();
    for (mut conn, device) in conns.into_iter().zip(devices) {
        let gate = gate.clone();
        let code = code.to_owned();
        handles.push(tokio::spawn(async move {
            gate.wait().await;
            vote(&mut conn, &code, Some(&device), question).await.unwrap_or(0)
        }));
    }
    let mut refused = 0;
    for h in handles {
        if h.await.unwrap_or(0) != 200 {
            refused += 1;
        }
    }
    let after = count_of(base, code, question).await?;
    println!("devices={n} refused={refused} counted={}", after - before);
    Ok(())
}

async fn count_of(base: &str, code: &str, question: i64) -> anyhow::Result<i64> {
    let mut conn = Connection::open(base).await?;
    let (_, _, body) = conn
        .request("GET", &format!("/api/v1/cafe/{code}"), "", "")
        .await?;
    let json: serde_json::Value = serde_json::from_str(&body)?;
    Ok(json["questions"]
        .as_array()
        .and_then(|qs| qs.iter().find(|q| q["id"] == question))
        .and_then(|q| q["votes"].as_i64())
        .unwrap_or(0))
}
