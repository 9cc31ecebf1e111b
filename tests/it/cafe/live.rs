//! The live screens: what each audience's stream carries, the phones' own connections, and two
//! server processes sharing a session through PostgreSQL.

use super::*;

/// Reads Server-Sent Events from a streaming body until one of `kind` arrives.
async fn next_event(body: &mut Body, kind: &str) -> serde_json::Value {
    let mut buffer = String::new();
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let mut event = "message";
            let mut data = String::new();
            for line in block.lines() {
                if let Some(e) = line.strip_prefix("event: ") {
                    event = e;
                } else if let Some(d) = line.strip_prefix("data: ") {
                    data.push_str(d);
                }
            }
            if event == kind {
                return serde_json::from_str(&data).expect("JSON data");
            }
            continue;
        }
        let frame = tokio::time::timeout(Duration::from_secs(2), body.frame())
            .await
            .unwrap_or_else(|_| panic!("a `{kind}` event within 2 s"))
            .expect("the stream stays open")
            .expect("a frame");
        if let Ok(data) = frame.into_data() {
            buffer.push_str(&String::from_utf8_lossy(&data));
        }
    }
}

#[tokio::test]
async fn public_screens_get_only_approved_questions_live_and_moderators_get_all() {
    let app = TestApp::new().await;
    let session = open_session(&app, true).await;
    let open = |path: String| {
        let request = Request::builder().uri(path).body(Body::empty()).expect("request");
        app.open(request)
    };
    let public = open(format!("/q/{}/events", session.code)).await;
    assert_eq!(public.status(), StatusCode::OK);
    assert_eq!(
        public
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap_or_default()),
        Some("text/event-stream")
    );
    let mut public = public.into_body();
    let snapshot = next_event(&mut public, "snapshot").await;
    assert_eq!(snapshot["questions"], serde_json::json!([]));
    assert_eq!(snapshot["session"]["phase"], "open");

    let mut moderator = app
        .signed_in("moderateur.taza", Role::Moderator, Some(TAZA))
        .await;
    let cookie = moderator
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let staff = app
        .open(
            Request::builder()
                .uri(format!("/cafe/{}/events", session.id))
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(staff.status(), StatusCode::OK);
    let mut staff = staff.into_body();
    next_event(&mut staff, "snapshot").await;

    let id = ask(&app, &session, &participant(0), "سؤال ينتظر الإشراف").await;
    let seen = next_event(&mut staff, "question").await;
    assert_eq!(seen["question"]["id"], id);
    assert_eq!(seen["question"]["status"], "pending");
    let gone = next_event(&mut public, "question").await;
    assert_eq!(
        gone,
        serde_json::json!({"gone": {"id": id}}),
        "the public gets no text of it"
    );

    moderator
        .moderate_question(&session.id, &id, &[("do", "approve")])
        .await;
    let published = next_event(&mut public, "question").await;
    assert_eq!(published["question"]["body"], "سؤال ينتظر الإشراف");
    participate::vote(&app.state, &session, &participant(1), id, true)
        .await
        .expect("a vote");
    let votes = next_event(&mut public, "votes").await;
    assert_eq!(
        votes["votes"],
        serde_json::json!([[id, 1]]),
        "the push carries the count"
    );
}

/// Reads a raw connection until `needle` has come (within 2 s); everything read so far.
async fn read_until(socket: &mut tokio::net::TcpStream, seen: &mut String, needle: &str) {
    use tokio::io::AsyncReadExt;
    let mut buffer = [0u8; 4096];
    tokio::time::timeout(Duration::from_secs(2), async {
        while !seen.contains(needle) {
            let n = socket.read(&mut buffer).await.expect("read");
            assert!(n > 0, "the connection stays open until {needle:?}: {seen}");
            seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
    })
    .await
    .unwrap_or_else(|_| panic!("{needle:?} within 2 s, after: {seen}"));
}

#[tokio::test]
async fn a_phones_stream_is_served_on_its_own_connection_and_everything_else_by_the_router() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::new().await;
    let session = open_session(&app, false).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("address").to_string();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = {
        let router = mizan::router::build(app.state.clone());
        let streams = mizan::cafe::live::public_streams(app.state.clone());
        tokio::spawn(mizan::http::server::serve(
            listener,
            router,
            Some(streams),
            async move {
                stopped.await.ok();
            },
        ))
    };
    let connect = || tokio::net::TcpStream::connect(&addr);

    // A phone's stream, first request of its connection: the live events, with the same
    // security headers as every page, delimited by the connection's end.
    let mut phone = connect().await.expect("connect");
    phone
        .write_all(
            format!(
                "GET /q/{}/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n",
                session.code
            )
            .as_bytes(),
        )
        .await
        .expect("send");
    let mut seen = String::new();
    read_until(&mut phone, &mut seen, "event: snapshot").await;
    let (head, _) = seen.split_once("\r\n\r\n").expect("a response head");
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    for line in [
        "content-type: text/event-stream",
        "cache-control: no-store",
        "connection: close",
        "x-frame-options: DENY",
        "x-content-type-options: nosniff",
    ] {
        assert!(head.lines().any(|l| l == line), "{line:?} in {head}");
    }
    assert!(
        head.contains("content-security-policy: default-src 'self'"),
        "{head}"
    );
    let id = ask(&app, &session, &participant(0), "متى تفتح دار الشباب مساءً؟").await;
    read_until(&mut phone, &mut seen, "متى تفتح دار الشباب مساءً؟").await;
    participate::vote(&app.state, &session, &participant(1), id, true)
        .await
        .expect("a vote");
    read_until(
        &mut phone,
        &mut seen,
        &format!("event: votes\ndata: {{\"votes\":[[{id},1]]}}"),
    )
    .await;

    // Anything else on a fresh connection is the router's: a page, and an unknown session's
    // stream (its 404 in the user's language).
    let page = http(
        &addr,
        &format!(
            "GET /q/{} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n",
            session.code
        ),
    )
    .await;
    assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
    assert!(
        page.contains("متى تفتح دار الشباب مساءً؟"),
        "the page shows the question"
    );
    let unknown = http(
        &addr,
        &format!("GET /q/NOSUCH/events HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(unknown.starts_with("HTTP/1.1 404"), "{unknown}");

    // A stream asked on a connection already used is served too (by the router, chunked).
    let mut reused = connect().await.expect("connect");
    reused
        .write_all(format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\nGET /q/{}/events HTTP/1.1\r\nHost: {addr}\r\n\r\n", session.code).as_bytes())
        .await
        .expect("send");
    let mut again = String::new();
    read_until(&mut reused, &mut again, "event: snapshot").await;
    assert!(again.contains("transfer-encoding: chunked"), "{again}");
    assert!(
        again.contains("متى تفتح دار الشباب مساءً؟"),
        "the snapshot holds the question"
    );

    // The server stops: the phone's stream ends (it reconnects to the next server), and the
    // server returns without waiting for it.
    app.state.cafe.live.close();
    stop.send(()).ok();
    let mut rest = Vec::new();
    tokio::time::timeout(Duration::from_secs(2), phone.read_to_end(&mut rest))
        .await
        .expect("the stream ends when the server stops")
        .expect("read");
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server stops")
        .expect("the server task");
}

/// A `mizan serve` process on the test's store; killed when dropped.
struct Server {
    _child: tokio::process::Child,
    addr: String,
}

async fn serve(app: &TestApp, url: &str) -> Server {
    use tokio::io::AsyncBufReadExt;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_mizan"))
        .arg("--data-dir")
        .arg(app.dir.path().join("data"))
        .arg("--database-url")
        .arg(url)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("MIZAN_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("mizan serve starts");
    let mut lines = tokio::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
    let addr = tokio::time::timeout(Duration::from_secs(30), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(rest) = line.split("listening on http://").nth(1) {
                return rest.trim_end_matches('/').to_owned();
            }
        }
        panic!("the server stopped before listening");
    })
    .await
    .expect("the server listens within 30 s");
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Server { _child: child, addr }
}

/// One HTTP/1.1 exchange on a fresh connection; the raw answer (headers and body).
async fn http(addr: &str, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut socket = tokio::net::TcpStream::connect(addr).await.expect("connect");
    socket.write_all(request.as_bytes()).await.expect("send");
    let mut answer = Vec::new();
    socket.read_to_end(&mut answer).await.expect("read");
    String::from_utf8_lossy(&answer).into_owned()
}

fn set_cookie(answer: &str, name: &str) -> String {
    answer
        .lines()
        .filter_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .expect("the cookie is set")
        .to_owned()
}

#[tokio::test]
async fn two_server_processes_on_one_postgresql_share_a_session_live() {
    let app = TestApp::new().await;
    let Some(url) = app.database_url().map(str::to_owned) else {
        eprintln!("SKIPPED on SQLite: several server processes share a PostgreSQL store only");
        return;
    };
    // The other process keeps the real time: this one's clock is set to it, and the session
    // opened around it.
    let now = chrono::Utc::now().with_timezone(&mizan::clock::LOCAL_OFFSET);
    app.clock
        .advance(chrono::Utc::now().signed_duration_since(app.state.clock.now()));
    let draft = SessionDraft {
        title: "جلسة بين خادمين".into(),
        event: "منتدى الشباب".into(),
        territory: TAZA.into(),
        opens_at: (now - chrono::Duration::hours(1))
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        minutes: "240".into(),
        premoderation: None,
        ..Default::default()
    };
    crate::helpers::ensure_party(&app.state).await;
    let session = actions::create_session(&app.state, &mizan::auth::Permit::cli(), &draft)
        .await
        .expect("the session opens");
    let other = serve(&app, &url).await;

    // A stage screen connected to the other process…
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stage = tokio::net::TcpStream::connect(&other.addr)
        .await
        .expect("connect");
    stage
        .write_all(
            format!(
                "GET /q/{}/events HTTP/1.1\r\nHost: {}\r\n\r\n",
                session.code, other.addr
            )
            .as_bytes(),
        )
        .await
        .expect("send");
    let mut seen = String::new();
    let mut read_until = async |stage: &mut tokio::net::TcpStream, needle: &str| {
        let mut buffer = [0u8; 4096];
        while !seen.contains(needle) {
            let n = stage.read(&mut buffer).await.expect("read");
            assert!(n > 0, "the stream stays open");
            seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
    };
    tokio::time::timeout(Duration::from_secs(5), read_until(&mut stage, "event: snapshot"))
        .await
        .expect("a snapshot first");

    // …sees, within a second, a question asked through this process…
    let asked = std::time::Instant::now();
    ask(&app, &session, &participant(0), "سؤال عبر الخادم الأول").await;
    tokio::time::timeout(
        Duration::from_secs(1),
        read_until(&mut stage, "سؤال عبر الخادم الأول"),
    )
    .await
    .expect("the other process pushes it within a second");
    eprintln!("delivered across processes in {:?}", asked.elapsed());

    // …and a phone using the other process reaches this one's screens.
    let request = Request::builder()
        .uri(format!("/q/{}/events", session.code))
        .body(Body::empty())
        .expect("request");
    let mut here = app.open(request).await.into_body();
    next_event(&mut here, "snapshot").await;
    let page = http(
        &other.addr,
        &format!(
            "GET /q/{} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            session.code, other.addr
        ),
    )
    .await;
    let device = set_cookie(&page, "mizan_device");
    let csrf = set_cookie(&page, "mizan_csrf");
    let body = serde_urlencoded::to_string([("_csrf", csrf.as_str()), ("body", "سؤال عبر الخادم الثاني")])
        .expect("form");
    let posted = http(
        &other.addr,
        &format!(
            "POST /q/{}/questions HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nCookie: mizan_device={device}; mizan_csrf={csrf}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            session.code,
            other.addr,
            body.len()
        ),
    )
    .await;
    assert!(posted.starts_with("HTTP/1.1 303"), "{posted}");
    let pushed = next_event(&mut here, "question").await;
    assert_eq!(pushed["question"]["body"], "سؤال عبر الخادم الثاني");
    drop(other);
}
