//! A real headless Chromium, driven through the DevTools protocol: sign in, switch to Arabic,
//! check the direction, and prove that the pages asked no other host for anything.
//!
//! Runs when Chromium is installed (`MIZAN_TEST_CHROMIUM`, else `/usr/bin/chromium`); with
//! `MIZAN_REQUIRE_BROWSER=1` (as in `.ci/run`) a missing browser is a failure, not a skip.

use std::process::Stdio;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{PASSWORD, TestApp};
use mizan::clock::Clock;

mod every_page;
mod first_week;

fn chromium() -> Option<String> {
    let path = std::env::var("MIZAN_TEST_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    if std::path::Path::new(&path).exists() {
        return Some(path);
    }
    assert!(
        std::env::var("MIZAN_REQUIRE_BROWSER").is_err(),
        "MIZAN_REQUIRE_BROWSER is set but there is no Chromium at {path}"
    );
    None
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The smallest DevTools client that does the job: commands with ids, events kept in order.
struct DevTools {
    socket: Socket,
    next_id: u64,
    session: Option<String>,
    events: Vec<Value>,
}

impl DevTools {
    async fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = &self.session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .await
            .expect("send to the browser");
        loop {
            let value = self.receive().await;
            if value["id"] == id {
                assert!(value.get("error").is_none(), "{method} failed: {value}");
                return value["result"].clone();
            }
            self.events.push(value);
        }
    }

    async fn receive(&mut self) -> Value {
        let message = tokio::time::timeout(Duration::from_secs(30), self.socket.next())
            .await
            .expect("the browser answers within 30 s")
            .expect("the connection stays open")
            .expect("a message");
        serde_json::from_str(message.to_text().expect("text")).expect("JSON")
    }

    /// Waits for an event that arrives after `from` (an index in `events`).
    async fn wait_for(&mut self, method: &str, from: usize) -> Value {
        loop {
            if let Some(found) = self.events[from..].iter().find(|e| e["method"] == method) {
                return found.clone();
            }
            let value = self.receive().await;
            self.events.push(value);
        }
    }

    async fn eval(&mut self, expression: &str) -> Value {
        let result = self
            .call(
                "Runtime.evaluate",
                json!({"expression": expression, "returnByValue": true}),
            )
            .await;
        result["result"]["value"].clone()
    }

    /// Runs script that navigates (a click, a form submit) and waits for the new page to load.
    async fn navigate_by(&mut self, expression: &str) {
        let from = self.events.len();
        self.eval(expression).await;
        self.wait_for("Page.loadEventFired", from).await;
    }

    async fn goto(&mut self, url: &str) {
        let from = self.events.len();
        self.call("Page.navigate", json!({"url": url})).await;
        self.wait_for("Page.loadEventFired", from).await;
    }
}

/// Serves the application on a free port of this machine; its base URL.
async fn serve(state: &mizan::app::AppState) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("address");
    let router = mizan::router::build(state.clone());
    let streams = mizan::cafe::live::public_streams(state.clone());
    tokio::spawn(async move {
        mizan::http::server::serve(listener, router, Some(streams), std::future::pending()).await;
    });
    format!("http://{addr}")
}

/// A headless Chromium with a fresh profile, and its DevTools endpoint.
async fn launch(chromium: &str) -> (tokio::process::Child, String, tempfile::TempDir) {
    let profile = tempfile::tempdir().expect("a profile folder");
    let mut child = tokio::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--remote-debugging-port=0",
            "about:blank",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("Chromium starts");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let endpoint = tokio::time::timeout(Duration::from_secs(30), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(url) = line.split("DevTools listening on ").nth(1) {
                return url.trim().to_owned();
            }
        }
        panic!("Chromium exited without a DevTools endpoint");
    })
    .await
    .expect("Chromium opens its DevTools endpoint");
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, endpoint, profile)
}

/// A new tab of the browser, on its own DevTools connection, with the domains the tests read.
async fn tab(endpoint: &str) -> DevTools {
    let (socket, _) = tokio_tungstenite::connect_async(endpoint)
        .await
        .expect("DevTools connects");
    let mut tools = DevTools {
        socket,
        next_id: 0,
        session: None,
        events: Vec::new(),
    };
    let target = tools
        .call("Target.createTarget", json!({"url": "about:blank"}))
        .await;
    let attached = tools
        .call(
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        )
        .await;
    tools.session = attached["sessionId"].as_str().map(str::to_owned);
    for domain in ["Page.enable", "Network.enable", "Runtime.enable", "Log.enable"] {
        tools.call(domain, json!({})).await;
    }
    tools
}

#[tokio::test]
async fn a_coordinator_signs_in_switches_to_arabic_and_nothing_leaves_the_site() {
    let Some(chromium) = chromium() else {
        eprintln!("SKIPPED: no Chromium (install Debian's chromium or set MIZAN_TEST_CHROMIUM)");
        return;
    };
    // The reduced demo party: the coordinator of Taza signs in with the demo password.
    let (app, _) = TestApp::with_demo().await;
    let base = serve(&app.state).await;
    let (mut child, endpoint, _profile) = launch(&chromium).await;
    let mut tools = tab(&endpoint).await;
    tools
        .call(
            "Network.setExtraHTTPHeaders",
            json!({"headers": {"Accept-Language": "fr-FR,fr;q=0.9"}}),
        )
        .await;

    tools.goto(&format!("{base}/login")).await;
    assert_eq!(
        tools.eval("document.documentElement.lang").await,
        "fr",
        "the browser's language first"
    );
    assert_eq!(tools.eval("document.documentElement.dir").await, "ltr");
    tools.sign_in("coord.taza").await;
    assert_eq!(tools.eval("location.pathname").await, "/");
    assert_eq!(
        tools
            .eval("document.querySelectorAll('ul.tasks a').length > 2")
            .await,
        true,
        "the coordinator lands on their tasks"
    );

    tools
        .navigate_by("document.querySelector('button[name=locale][value=ar]').click();")
        .await;
    assert_eq!(tools.eval("document.documentElement.lang").await, "ar");
    assert_eq!(tools.eval("document.documentElement.dir").await, "rtl");
    assert_eq!(
        tools.eval("getComputedStyle(document.body).direction").await,
        "rtl"
    );

    tools.goto(&format!("{base}/territory/03.561")).await;
    assert_eq!(tools.eval("document.querySelector('h1').innerText").await, "تازة");
    assert_eq!(tools.eval("document.documentElement.dir").await, "rtl");
    assert_eq!(
        tools.eval("String(document.scripts.length)").await,
        "0",
        "a territory page needs no script"
    );

    // The report's figures, in Arabic: the meeting rate of Taza's council, the renewal dashboard.
    tools.goto(&format!("{base}/figures/meeting-rate")).await;
    assert_eq!(
        tools.eval("document.querySelector('h1').innerText").await,
        "المجلس الإقليمي"
    );
    assert_eq!(
        tools
            .eval("getComputedStyle(document.querySelector('section.figure')).direction")
            .await,
        "rtl"
    );
    tools.goto(&format!("{base}/renewal")).await;
    tools
        .navigate_by("document.querySelector('ul.campaigns a').click();")
        .await;
    assert_eq!(
        tools
            .eval("document.querySelectorAll('table.stages tbody tr').length")
            .await,
        3,
        "all, urban and rural"
    );
    // Recording a branch bureau's meeting on a phone: the form fits the screen, no script needed.
    let bureau = crate::helpers::scalar(
        &app.state.db,
        "SELECT b.id FROM bodies b JOIN body_types t ON t.id = b.body_type_id WHERE t.code = 'branch_bureau' \
         AND b.unit_path >= '/MA/03/03.561/' AND b.unit_path < '/MA/03/03.5610' ORDER BY b.id LIMIT 1",
    )
    .await;
    tools
        .call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": true}),
        )
        .await;
    tools.goto(&format!("{base}/bodies/{bureau}/meetings/new")).await;
    assert_eq!(
        tools.eval("document.querySelector('form.stack') !== null").await,
        true
    );
    assert_eq!(
        tools
            .eval("document.documentElement.scrollWidth <= window.innerWidth")
            .await,
        true,
        "no sideways scrolling on a phone"
    );

    // The province's page on the phone: its tables become cards, no number leaves the screen, the
    // header's links fold under the menu, and the page it is on is marked there.
    for page in ["/territory/03.561".to_owned(), format!("/bodies/{bureau}")] {
        tools.goto(&format!("{base}{page}")).await;
        assert_eq!(
            tools
                .eval("document.documentElement.scrollWidth <= window.innerWidth")
                .await,
            true,
            "{page} does not scroll sideways on a phone"
        );
        assert_eq!(
            tools
                .eval(
                    "[...document.querySelectorAll('table.list td')].filter(td => {                        const r = td.getBoundingClientRect();                        return r.width > 0 && (r.left < 0 || r.right > window.innerWidth || td.scrollWidth > td.clientWidth + 1);                      }).length"
                )
                .await,
            0,
            "{page}: every cell of its tables whole on the screen"
        );
        assert_eq!(
            tools
                .eval(
                    "document.querySelector('header .menu summary').checkVisibility() \
                     && !document.querySelector('header .menu .nav').checkVisibility()"
                )
                .await,
            true,
            "the links wait under the menu button"
        );
    }
    tools.goto(&format!("{base}/territory/03.561")).await;
    assert_eq!(
        tools
            .eval("document.querySelectorAll('table.list td[data-label]').length > 100")
            .await,
        true,
        "the communes' table was there, as cards"
    );
    assert_eq!(
        tools
            .eval("document.querySelector('header .nav a[aria-current=page]').getAttribute('href')")
            .await,
        "/territory/MA",
        "the header marks the section the page is in"
    );

    // With scripts off, still on the phone: a volunteer's activity at a rural branch of Taza.
    let branch: String = mizan::on_db!(&app.state.db, |c| sqlx::query_scalar(
        "SELECT b.code FROM territory_units b JOIN territory_units c ON c.code = b.parent_code \
         WHERE b.kind = 'branch' AND c.kind = 'rural' AND b.path >= '/MA/03/03.561/' AND b.path < '/MA/03/03.5610' \
         ORDER BY b.code LIMIT 1"
    )
    .fetch_one(c)
    .await)
    .expect("a rural branch of Taza");
    tools
        .call("Emulation.setScriptExecutionDisabled", json!({"value": true}))
        .await;
    tools
        .goto(&format!("{base}/territory/{branch}/activities/new"))
        .await;
    assert_eq!(tools.eval("document.documentElement.dir").await, "rtl");
    assert_eq!(
        tools.eval("String(document.scripts.length)").await,
        "0",
        "the activity form is a plain form"
    );
    assert_eq!(
        tools
            .eval("document.documentElement.scrollWidth <= window.innerWidth")
            .await,
        true
    );
    tools
        .navigate_by(
            "document.querySelector('#type').value = 'medical_caravan';\
             document.querySelector('#count-women').value = '120';\
             document.querySelector('#count-men').value = '80';\
             document.querySelector('form.stack').submit();",
        )
        .await;
    assert_eq!(
        tools
            .eval("document.querySelector('section.activity').dataset.status")
            .await,
        "done",
        "recorded without any script of the page"
    );
    tools
        .call("Emulation.setScriptExecutionDisabled", json!({"value": false}))
        .await;

    let requested: Vec<String> = tools
        .events
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSent")
        .filter_map(|e| e["params"]["request"]["url"].as_str().map(str::to_owned))
        .collect();
    assert!(
        requested.len() >= 8,
        "the pages and their assets were seen: {requested:?}"
    );
    let elsewhere: Vec<&String> = requested
        .iter()
        .filter(|u| !u.starts_with(&base) && !u.starts_with("data:") && !u.starts_with("about:"))
        .collect();
    assert!(elsewhere.is_empty(), "requests to other hosts: {elsewhere:?}");
    let problems: Vec<&Value> = tools
        .events
        .iter()
        .filter(|e| {
            e["method"] == "Runtime.exceptionThrown"
                || (e["method"] == "Log.entryAdded" && e["params"]["entry"]["level"] == "error")
        })
        .collect();
    assert!(
        problems.is_empty(),
        "errors in the pages (a CSP violation?): {problems:?}"
    );
    child.kill().await.ok();
}

impl DevTools {
    /// Signs in with the demo password from the sign-in page this tab shows.
    async fn sign_in(&mut self, username: &str) {
        self.navigate_by(&format!(
            "document.querySelector('#username').value = '{username}';\
             document.querySelector('#password').value = '{PASSWORD}';\
             document.querySelector('form.stack').submit();"
        ))
        .await;
    }

    /// Sets up two-factor sign-in where a national administrator is sent after signing in, as
    /// their phone would: the app reads the secret from the page's link, and its code at the
    /// server's time confirms.
    async fn set_up_two_factor(
        &mut self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> mizan::auth::two_factor::totp::Secret {
        assert_eq!(self.eval("location.pathname").await, "/account/two-factor");
        let link = self
            .eval("document.querySelector(\"a[href^='otpauth:']\").href")
            .await;
        let secret = link
            .as_str()
            .and_then(|l| l.split("secret=").nth(1))
            .and_then(|rest| rest.split('&').next())
            .and_then(mizan::auth::two_factor::totp::Secret::from_base32)
            .expect("the secret in the app's link");
        let code = mizan::auth::two_factor::totp::code_at(&secret, now);
        self.navigate_by(&format!(
            "document.querySelector('#code').value = '{code}';\
             document.querySelector('#code').form.submit();"
        ))
        .await;
        assert_eq!(
            self.eval("document.querySelectorAll('ol.recovery-codes code').length")
                .await,
            10,
            "the recovery codes shown"
        );
        secret
    }

    /// Waits until `expression` is true in the page; how long it took.
    async fn until(&mut self, expression: &str, within: Duration) -> Duration {
        let start = std::time::Instant::now();
        loop {
            if self.eval(expression).await == true {
                return start.elapsed();
            }
            assert!(start.elapsed() < within, "not within {within:?}: {expression}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn arabic_on(&mut self, width: u32, height: u32, mobile: bool) {
        self.call(
            "Network.setExtraHTTPHeaders",
            json!({"headers": {"Accept-Language": "ar-MA,ar;q=0.9"}}),
        )
        .await;
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 2, "mobile": mobile}),
        )
        .await;
    }

    /// Requests to other hosts and errors (a CSP violation, a script error) seen by this tab.
    fn assert_clean(&self, base: &str) {
        let elsewhere: Vec<&str> = self
            .events
            .iter()
            .filter(|e| e["method"] == "Network.requestWillBeSent")
            .filter_map(|e| e["params"]["request"]["url"].as_str())
            .filter(|u| !u.starts_with(base) && !u.starts_with("data:") && !u.starts_with("about:"))
            .collect();
        assert!(elsewhere.is_empty(), "requests to other hosts: {elsewhere:?}");
        let problems: Vec<&Value> = self
            .events
            .iter()
            .filter(|e| {
                e["method"] == "Runtime.exceptionThrown"
                    || (e["method"] == "Log.entryAdded" && e["params"]["entry"]["level"] == "error")
            })
            // A form answered 422 says what to correct or choose: the page's own answer.
            .filter(|e| {
                let entry = &e["params"]["entry"];
                !(entry["source"] == "network"
                    && entry["text"]
                        .as_str()
                        .is_some_and(|t| t.contains("status of 422")))
            })
            .collect();
        assert!(problems.is_empty(), "errors in the page: {problems:?}");
    }
}

/// A session of the youth forum in Taza, moderated before publication, open at the tests' time.
async fn cafe_session(state: &mizan::app::AppState) -> mizan::cafe::model::Session {
    let draft = mizan::cafe::actions::SessionDraft {
        title: "الشباب والتشغيل".into(),
        event: "منتدى الشباب بتازة".into(),
        territory: "03.561".into(),
        opens_at: "2026-11-29T10:30".into(),
        ..Default::default()
    };
    crate::helpers::ensure_party(state).await;
    mizan::cafe::actions::create_session(state, &mizan::auth::Permit::cli(), &draft)
        .await
        .expect("the session opens")
}

/// A moderator's action (`approve`, `pin`, `answered`…) on a question.
async fn moderate(
    state: &mizan::app::AppState,
    session: &mizan::cafe::model::Session,
    id: i64,
    action: &str,
) {
    let moderation = mizan::cafe::moderation::Moderation {
        action: action.into(),
        ..Default::default()
    };
    mizan::cafe::moderation::moderate(state, &mizan::audit::Actor::cli(), session, id, &moderation)
        .await
        .expect("moderated");
}

#[tokio::test]
async fn a_phone_asks_in_arabic_and_votes_and_the_stage_shows_it_within_a_second() {
    let Some(chromium) = chromium() else {
        eprintln!("SKIPPED: no Chromium (install Debian's chromium or set MIZAN_TEST_CHROMIUM)");
        return;
    };
    let app = TestApp::new().await;
    let session = cafe_session(&app.state).await;
    let base = serve(&app.state).await;
    let (mut child, endpoint, _profile) = launch(&chromium).await;

    let mut stage = tab(&endpoint).await;
    stage.arabic_on(1280, 720, false).await;
    stage.goto(&format!("{base}/q/{}/stage", session.code)).await;
    assert_eq!(stage.eval("document.documentElement.dir").await, "rtl");

    let mut phone = tab(&endpoint).await;
    phone.arabic_on(390, 844, true).await;
    phone.goto(&format!("{base}/q")).await;
    phone
        .navigate_by(&format!(
            "document.querySelector('#code').value = '{}';\
             document.querySelector('form[action=\"/q\"]').submit();",
            session.code.to_lowercase()
        ))
        .await;
    assert_eq!(
        phone.eval("location.pathname").await,
        format!("/q/{}", session.code),
        "the code typed in lower case joins"
    );
    phone
        .navigate_by("document.querySelector('.ask a.button').click();")
        .await;
    phone
        .navigate_by(
            "document.querySelector('#body').value = 'هل ستُحدث الحكومة منحًا للطلبة في العالم القروي؟';\
             document.querySelector('#first_name').value = 'سلمى';\
             document.querySelector('form[action$=\"/questions\"]').submit();",
        )
        .await;
    assert_eq!(
        phone
            .eval("document.querySelector('.ask .success') !== null")
            .await,
        true,
        "the phone says the question waits for a moderator"
    );
    assert_eq!(
        phone
            .eval("document.documentElement.scrollWidth <= window.innerWidth")
            .await,
        true,
        "no sideways scrolling on a phone"
    );
    let id = crate::helpers::scalar(&app.state.db, "SELECT id FROM cafe_questions").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        stage
            .eval(&format!("document.querySelector('#q{id}') === null"))
            .await,
        true,
        "nothing unapproved on the stage"
    );

    moderate(&app.state, &session, id, "approve").await;
    let shown = stage
        .until(
            &format!(
                "document.querySelector('#q{id} .q-body')?.textContent.includes('منحًا للطلبة') === true"
            ),
            Duration::from_secs(1),
        )
        .await;
    eprintln!("the stage showed the approved question after {shown:?}");

    phone
        .until(
            &format!("document.querySelector('[data-list=top] #q{id} button') !== null"),
            Duration::from_secs(1),
        )
        .await;
    phone
        .eval(&format!(
            "document.querySelector('[data-list=top] #q{id} button').click()"
        ))
        .await;
    let counted = stage
        .until(
            &format!("document.querySelector('#q{id} .q-votes')?.textContent === '1'"),
            Duration::from_secs(1),
        )
        .await;
    eprintln!("the stage counted the phone's vote after {counted:?}");
    phone
        .until(
            &format!("document.querySelector('[data-list=top] #q{id} button').getAttribute('aria-pressed') === 'true'"),
            Duration::from_secs(1),
        )
        .await;
    assert_eq!(
        stage
            .eval(&format!(
                "document.querySelector('#q{id} .q-count .muted').textContent"
            ))
            .await,
        "صوت",
        "one vote, in the singular"
    );

    // A hall's worth of long questions, the one being answered a long link: the projector still
    // shows one screen, nothing cut sideways or below, and the phone scrolls only down.
    let link = format!("https://example.org/{}", "a".repeat(150));
    let mut pinned = 0;
    for n in 0..8 {
        let body = if n == 0 {
            format!("ما رأيكم في هذا التقرير؟ {link}")
        } else {
            format!(
                "سؤال طويل رقم {n}: {}",
                "كيف ستدعم الحكومة تشغيل الشباب في الجهة؟ ".repeat(4)
            )
        };
        let who = mizan::cafe::participate::Participant {
            device_digest: format!("hall-{n}"),
            ip: format!("192.0.2.{}", 20 + n),
        };
        let draft = mizan::cafe::participate::QuestionDraft {
            body,
            ..Default::default()
        };
        let (q, _) = mizan::cafe::participate::ask(&app.state, &session, &who, &draft)
            .await
            .expect("asked");
        moderate(&app.state, &session, q, "approve").await;
        if n == 0 {
            pinned = q;
        }
    }
    moderate(&app.state, &session, pinned, "pin").await;
    stage
        .until(
            "document.querySelector('[data-now]').hidden === false",
            Duration::from_secs(1),
        )
        .await;
    let fits = "document.documentElement.scrollWidth <= window.innerWidth \
                && document.documentElement.scrollHeight <= window.innerHeight \
                && [...document.querySelectorAll('[data-now], [data-list=top] li')] \
                     .every(e => e.getBoundingClientRect().bottom <= window.innerHeight)";
    assert_eq!(
        stage.eval(fits).await,
        true,
        "the stage fits its screen at 1280×720"
    );
    let shown = stage
        .eval("document.querySelectorAll('[data-list=top] li').length")
        .await;
    assert!(
        shown.as_i64().is_some_and(|n| (2..=6).contains(&n)),
        "the top questions that fit: {shown}"
    );
    stage.arabic_on(1920, 1080, false).await;
    stage.goto(&format!("{base}/q/{}/stage", session.code)).await;
    stage
        .until(
            "document.querySelector('[data-cafe]').getAttribute('data-connected') === 'true'",
            Duration::from_secs(2),
        )
        .await;
    assert_eq!(stage.eval(fits).await, true, "and at 1920×1080");
    assert_eq!(
        stage
            .eval("document.querySelector('[data-now-body] bdi[dir=ltr]')?.textContent")
            .await,
        link.as_str()
    );
    phone
        .until(
            "document.querySelector('[data-now]').hidden === false",
            Duration::from_secs(1),
        )
        .await;
    assert_eq!(
        phone
            .eval("document.documentElement.scrollWidth <= window.innerWidth")
            .await,
        true,
        "a long link wraps on the phone"
    );
    // Marked answered, the phone's question leaves the top for the answered, live.
    moderate(&app.state, &session, id, "answered").await;
    phone
        .until(
            &format!(
                "document.querySelector('[data-list=answered] #q{id}') !== null \
                 && document.querySelector('[data-list=top] #q{id}') === null \
                 && !document.querySelector('[data-answered]').hidden"
            ),
            Duration::from_secs(1),
        )
        .await;
    stage.assert_clean(&base);
    phone.assert_clean(&base);
    child.kill().await.ok();
}

#[tokio::test]
async fn the_stage_reconnects_by_itself_after_a_server_restart_and_shows_nothing_unapproved() {
    let Some(chromium) = chromium() else {
        eprintln!("SKIPPED: no Chromium (install Debian's chromium or set MIZAN_TEST_CHROMIUM)");
        return;
    };
    let app = TestApp::new().await;
    let session = cafe_session(&app.state).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("address");
    let base = format!("http://{addr}");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let first = {
        let router = mizan::router::build(app.state.clone());
        let live = app.state.cafe.clone();
        let streams = mizan::cafe::live::public_streams(app.state.clone());
        tokio::spawn(async move {
            mizan::http::server::serve(listener, router, Some(streams), async move {
                stopped.await.ok();
                live.live.close();
            })
            .await;
        })
    };
    let (mut child, endpoint, _profile) = launch(&chromium).await;
    let mut stage = tab(&endpoint).await;
    stage.arabic_on(1280, 720, false).await;
    stage.goto(&format!("{base}/q/{}/stage", session.code)).await;
    let who = |n: u32| mizan::cafe::participate::Participant {
        device_digest: format!("phone-{n}"),
        ip: "192.0.2.20".into(),
    };
    let ask = |text: &str| mizan::cafe::participate::QuestionDraft {
        body: text.into(),
        ..Default::default()
    };
    let (before, _) = mizan::cafe::participate::ask(&app.state, &session, &who(1), &ask("قبل إعادة التشغيل"))
        .await
        .expect("asked");
    moderate(&app.state, &session, before, "approve").await;
    stage
        .until(
            &format!("document.querySelector('#q{before}') !== null"),
            Duration::from_secs(1),
        )
        .await;

    // The server stops (its live streams end) and a new process starts on the same port.
    stop.send(()).ok();
    first.await.ok();
    stage
        .until(
            "document.querySelector('[data-cafe]').getAttribute('data-connected') === 'false'",
            Duration::from_secs(2),
        )
        .await;
    let config = mizan::config::Config {
        data_dir: app.dir.path().join("data"),
        database_url: app.database_url().map(str::to_owned),
        ..mizan::config::Config::default()
    };
    let restarted = mizan::app::AppState::open_with_clock(config, app.clock.clone())
        .await
        .expect("the new process opens the store");
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .expect("the same port again");
    let router = mizan::router::build(restarted.clone());
    let streams = mizan::cafe::live::public_streams(restarted.clone());
    tokio::spawn(async move {
        mizan::http::server::serve(listener, router, Some(streams), std::future::pending()).await;
    });
    // The screen reconnects by itself (EventSource retries after a second).
    let reconnected = stage
        .until(
            "document.querySelector('[data-cafe]').getAttribute('data-connected') === 'true'",
            Duration::from_secs(5),
        )
        .await;
    eprintln!("the stage reconnected {reconnected:?} after the new server started");

    let (waiting, _) = mizan::cafe::participate::ask(&restarted, &session, &who(2), &ask("سؤال لم يُنشر"))
        .await
        .expect("asked");
    let (after, _) = mizan::cafe::participate::ask(&restarted, &session, &who(3), &ask("بعد إعادة التشغيل"))
        .await
        .expect("asked");
    moderate(&restarted, &session, after, "approve").await;
    let back = stage
        .until(
            &format!("document.querySelector('#q{after}') !== null"),
            Duration::from_secs(3),
        )
        .await;
    eprintln!("the stage showed a question approved after the restart in {back:?}");
    assert_eq!(
        stage
            .eval(&format!("document.querySelector('#q{waiting}') === null"))
            .await,
        true,
        "a question waiting for moderation never reaches the stage"
    );
    assert_eq!(
        stage
            .eval(&format!("document.querySelector('#q{before}') !== null"))
            .await,
        true,
        "what was shown before is still shown"
    );
    child.kill().await.ok();
}

#[tokio::test]
async fn the_coverage_map_and_its_legend_read_left_to_right_in_french_and_right_to_left_in_arabic() {
    let Some(chromium) = chromium() else {
        eprintln!("SKIPPED: no Chromium (install Debian's chromium or set MIZAN_TEST_CHROMIUM)");
        return;
    };
    let (app, _) = TestApp::with_demo().await;
    let base = serve(&app.state).await;
    let (mut child, endpoint, _profile) = launch(&chromium).await;
    let mut tools = tab(&endpoint).await;
    tools
        .call(
            "Network.setExtraHTTPHeaders",
            json!({"headers": {"Accept-Language": "fr-FR,fr;q=0.9"}}),
        )
        .await;
    tools.goto(&format!("{base}/login")).await;
    tools.sign_in("admin").await;
    tools.set_up_two_factor(app.clock.now()).await;
    // Fès-Meknès: its provinces coloured by beneficiaries per 100,000 inhabitants.
    tools
        .goto(&format!("{base}/figures/activities?territory=03"))
        .await;
    let provinces = tools
        .eval("document.querySelectorAll('figure.map path').length")
        .await;
    assert!(
        provinces.as_u64().is_some_and(|n| n >= 8),
        "the region's provinces: {provinces}"
    );
    assert_eq!(
        tools
            .eval("document.querySelectorAll('figure.map path[class^=q]:not(.q0)').length > 0")
            .await,
        true,
        "provinces are coloured"
    );
    // The legend may wrap on a phone: its first two colours share a line, in the page's direction.
    let legend_order = "(function () {\
        var s = document.querySelectorAll('.legend .swatch');\
        var a = s[0].getBoundingClientRect(), b = s[1].getBoundingClientRect();\
        return s.length === 5 && a.top === b.top && a.left < b.left;\
    })()";
    assert_eq!(tools.eval("document.documentElement.dir").await, "ltr");
    assert_eq!(
        tools.eval(legend_order).await,
        true,
        "in French the legend runs from the lowest on the left"
    );
    tools
        .navigate_by("document.querySelector('button[name=locale][value=ar]').click();")
        .await;
    assert_eq!(tools.eval("document.documentElement.dir").await, "rtl");
    assert_eq!(
        tools.eval(legend_order).await,
        false,
        "in Arabic it runs from the lowest on the right"
    );
    assert_eq!(
        tools
            .eval("document.querySelectorAll('.legend .swatch').length")
            .await,
        5
    );
    assert_eq!(
        tools
            .eval("document.documentElement.scrollWidth <= window.innerWidth")
            .await,
        true,
        "the map fits the page"
    );
    tools.assert_clean(&base);
    child.kill().await.ok();
}
