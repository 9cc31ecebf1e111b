//! A real headless Chromium, driven through the DevTools protocol: sign in, switch to Arabic,
//! check the direction, and prove that the pages asked no other host for anything.
//!
//! Runs when Chromium is installed (`MIZAN_TEST_CHROMIUM`, else `/usr/bin/chromium`); with
//! `MIZAN_REQUIRE_BROWSER=1` (as in `.ci/run`) a missing browser is a failure, not a skip.

mod cafe;
mod signed_in;

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

    /// What this tab asked of other hosts (nothing, for a page of Mizan).
    fn requested_elsewhere(&self, base: &str) -> Vec<&str> {
        self.events
            .iter()
            .filter(|e| e["method"] == "Network.requestWillBeSent")
            .filter_map(|e| e["params"]["request"]["url"].as_str())
            .filter(|u| !u.starts_with(base) && !u.starts_with("data:") && !u.starts_with("about:"))
            .collect()
    }

    /// The errors this tab saw (a CSP violation, a script error); a form answered 422 says what
    /// to correct or choose, the page's own answer, not an error.
    fn errors(&self) -> Vec<&Value> {
        self.events
            .iter()
            .filter(|e| {
                e["method"] == "Runtime.exceptionThrown"
                    || (e["method"] == "Log.entryAdded" && e["params"]["entry"]["level"] == "error")
            })
            .filter(|e| {
                let entry = &e["params"]["entry"];
                !(entry["source"] == "network"
                    && entry["text"]
                        .as_str()
                        .is_some_and(|t| t.contains("status of 422")))
            })
            .collect()
    }

    /// Requests to other hosts and errors seen by this tab: none.
    fn assert_clean(&self, base: &str) {
        let elsewhere = self.requested_elsewhere(base);
        assert!(elsewhere.is_empty(), "requests to other hosts: {elsewhere:?}");
        let errors = self.errors();
        assert!(errors.is_empty(), "errors in the page: {errors:?}");
    }
}
