//! The test harness: a real application on a fresh store per test, and a small browser-like client.
//!
//! The store is SQLite in a temporary directory, or PostgreSQL when `MIZAN_TEST_STORE=postgres`
//! (with `MIZAN_TEST_POSTGRES` naming a server's maintenance database). PostgreSQL test databases
//! are copied from a template that is migrated once per schema version, so each test starts in
//! milliseconds; each is dropped when its test ends.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::{TimeZone, Utc};
use http_body_util::BodyExt;
use mizan::app::AppState;
use mizan::audit::Actor;
use mizan::auth::Role;
use mizan::auth::actions::{self, NewGrant, Username};
use mizan::auth::two_factor::totp::{self, Secret};
use mizan::clock::{Clock, FixedClock};
use mizan::config::Config;
use mizan::store::Db;
use sha2::{Digest, Sha256};
use sqlx::Connection;
use tower::ServiceExt;

/// Which store this run of the suite tests.
pub fn postgres_wanted() -> bool {
    std::env::var("MIZAN_TEST_STORE").is_ok_and(|s| s == "postgres")
}

/// The PostgreSQL server for tests that need one whatever the store under test (schema comparison).
pub fn postgres_url() -> Option<String> {
    std::env::var("MIZAN_TEST_POSTGRES")
        .ok()
        .filter(|s| !s.is_empty())
}

pub struct TestApp {
    pub state: AppState,
    pub clock: Arc<FixedClock>,
    router: Router,
    pub dir: tempfile::TempDir,
    pg: Option<PgDatabase>,
}

/// The moment every test starts at.
pub fn start_time() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 10, 0, 0)
        .single()
        .expect("valid instant")
}

/// The store a test application runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreKind {
    Sqlite,
    Postgres,
}

impl StoreKind {
    /// The store under test in this run of the suite.
    pub fn under_test() -> StoreKind {
        if postgres_wanted() {
            StoreKind::Postgres
        } else {
            StoreKind::Sqlite
        }
    }
}

impl TestApp {
    /// The application on the store under test.
    pub async fn new() -> TestApp {
        TestApp::on(StoreKind::under_test()).await
    }

    pub async fn on(kind: StoreKind) -> TestApp {
        let dir = tempfile::tempdir().expect("temporary directory");
        let clock = Arc::new(FixedClock::new(start_time()));
        let mut config = Config {
            data_dir: dir.path().join("data"),
            ..Config::default()
        };
        let pg = if kind == StoreKind::Postgres {
            let db = PgDatabase::create().await;
            config.database_url = Some(db.url.clone());
            Some(db)
        } else {
            None
        };
        let state = AppState::open_with_clock(config, clock.clone())
            .await
            .expect("the application opens");
        let router = mizan::router::build(state.clone());
        TestApp {
            state,
            clock,
            router,
            dir,
            pg,
        }
    }

    /// Sends a request as if it came from `peer` (a remote address by default).
    pub async fn send_from(&self, mut req: Request<Body>, peer: SocketAddr) -> TestResponse {
        req.extensions_mut().insert(ConnectInfo(peer));
        let response = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("a body").to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    /// Sends a request and hands back the response as it comes (a live stream never ends).
    pub async fn open(&self, mut req: Request<Body>) -> axum::response::Response {
        req.extensions_mut().insert(ConnectInfo(remote_peer()));
        self.router
            .clone()
            .oneshot(req)
            .await
            .expect("the router answers")
    }

    pub async fn send(&self, req: Request<Body>) -> TestResponse {
        self.send_from(req, remote_peer()).await
    }

    /// The application on a store filled with the reduced demo party (2,000 people): the same kind
    /// of data users see. Every demo login's password is [`PASSWORD`].
    pub async fn with_demo() -> (TestApp, mizan::demo::DemoReport) {
        let app = TestApp::new().await;
        let report = mizan::demo::run(&app.state, &demo_options())
            .await
            .expect("the demo fills the store");
        (app, report)
    }

    /// The PostgreSQL URL of this test's store, if it runs on PostgreSQL.
    pub fn database_url(&self) -> Option<&str> {
        self.pg.as_ref().map(|pg| pg.url.as_str())
    }

    /// A browser with no cookies yet.
    pub fn browser(&self) -> Browser<'_> {
        Browser {
            app: self,
            cookies: HashMap::new(),
            accept_language: None,
            accept: None,
        }
    }

    /// Creates a user with one role (through the same action as `mizan user add`) and returns
    /// the one-time password.
    pub async fn create_user(&self, username: &str, role: Role, scope: Option<&str>) -> String {
        let grant = NewGrant {
            role,
            scope_code: scope.map(str::to_owned),
            organization_id: None,
        };
        self.create_user_granted(username, grant).await
    }

    /// Creates a user with this grant (a role for one organization, say); the one-time password.
    pub async fn create_user_granted(&self, username: &str, grant: NewGrant) -> String {
        let name = Username::parse(username).expect("a valid user name");
        let (_, password) = actions::create_user(&self.state, &Actor::cli(), &name, username, &[grant])
            .await
            .expect("the user is created");
        password
    }

    /// A browser signed in as a new user with this role, past the first password change.
    pub async fn signed_in(&self, username: &str, role: Role, scope: Option<&str>) -> Browser<'_> {
        let grant = NewGrant {
            role,
            scope_code: scope.map(str::to_owned),
            organization_id: None,
        };
        self.signed_in_granted(username, grant).await
    }

    /// A browser signed in as a new user with this grant, past the first password change.
    /// A role that requires a second factor turns it on (the phone's secret is then forgotten).
    pub async fn signed_in_granted(&self, username: &str, grant: NewGrant) -> Browser<'_> {
        let grant_role = grant.role;
        let one_time = self.create_user_granted(username, grant).await;
        let mut browser = self.browser();
        let response = browser.login(username, &one_time).await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "sign-in with the one-time password"
        );
        assert_eq!(response.location(), Some("/account/password"));
        let response = browser
            .post_form(
                "/account/password",
                &[("current", &one_time), ("new", PASSWORD), ("confirm", PASSWORD)],
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "password change: {}",
            response.body
        );
        if mizan::auth::two_factor::actions::role_requires(grant_role) {
            browser.turn_on_two_factor().await;
        }
        browser
    }

    /// A browser signed in as the demo's national administrator, who turns on two-factor sign-in
    /// where the first sign-in sends them.
    pub async fn demo_admin(&self) -> Browser<'_> {
        let mut browser = self.browser();
        let response = browser.login("admin", PASSWORD).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
        browser.turn_on_two_factor().await;
        browser
    }

    /// What `mizan audit verify` says of this store's audit log: every link checked with the
    /// store's key, and the checkpoints kept in its data directory.
    pub async fn audit_verdict(&self) -> mizan::audit::Verdict {
        let kept =
            mizan::audit::checkpoints::read(&mizan::audit::checkpoints::file(&self.state.config.data_dir))
                .expect("the checkpoints read");
        mizan::audit::verify(&self.state.db, &self.state.key, &kept)
            .await
            .expect("verify")
    }

    /// A personal access token for a new user with this role.
    pub async fn token_for(&self, username: &str, role: Role, scope: Option<&str>) -> String {
        self.create_user(username, role, scope).await;
        actions::create_token(&self.state, &Actor::cli(), username, "tests", None)
            .await
            .expect("a token")
    }
}

/// Makes sure the store has a party (a fresh store has none: the demo, or the setup, makes it);
/// returns its id.
pub async fn ensure_party(state: &AppState) -> i64 {
    let found = mizan::organizations::all(&state.db)
        .await
        .expect("organizations")
        .into_iter()
        .find(|o| o.kind == "party");
    if let Some(party) = found {
        return party.id;
    }
    let party = mizan::organizations::Organization {
        id: 0,
        code: "party".into(),
        kind: "party".into(),
        name_ar: "الحزب".into(),
        name_fr: "Le parti".into(),
        name_en: "The party".into(),
        walled: false,
    };
    let mut tx = state.db.begin().await.expect("tx");
    let id = mizan::organizations::insert(&mut tx, &party, state.clock.now())
        .await
        .expect("the party");
    tx.commit().await.expect("commit");
    id
}

/// The reduced demo of the tests.
/// The party's active members at or below a unit, as the pages read them (the map in memory, at
/// the store's generations).
pub async fn members_at(state: &AppState, code: &str) -> i64 {
    let generations = mizan::store::generations::read(&state.db)
        .await
        .expect("generations");
    let tree = mizan::territory::tree::at(state, generations)
        .await
        .expect("the map");
    tree.unit(code).and_then(|u| u.members).expect("the unit")
}

/// One number from the store (a count, a sum), on either backend.
pub async fn scalar(db: &Db, sql: &str) -> i64 {
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    match db {
        Db::Sqlite { reader, .. } => sqlx::query_scalar(sql).fetch_one(reader).await.expect("query"),
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.expect("query"),
    }
}

/// One text from the store (a code, a uid), on either backend.
pub async fn text(db: &Db, sql: &str) -> String {
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    match db {
        Db::Sqlite { reader, .. } => sqlx::query_scalar(sql).fetch_one(reader).await.expect("query"),
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.expect("query"),
    }
}

/// Runs one statement in its own transaction (fixtures a test builds by hand).
pub async fn execute(db: &Db, sql: &str) {
    let mut tx = db.begin().await.expect("a transaction");
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    mizan::on_tx!(&mut tx, |c| sqlx::query(sql)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))
    .expect("the statement");
    tx.commit().await.expect("commit");
}

/// The branch that `branch.rural` keeps (a rural branch of Taounate).
/// A multipart form carrying one file in `field`: (its content type, its body).
pub fn multipart(field: &str, name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "mizan-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub fn rural_branch(report: &mizan::demo::DemoReport) -> String {
    report
        .logins
        .iter()
        .find(|l| l.username == "branch.rural")
        .map(|l| l.scope.clone())
        .expect("branch.rural")
}

pub fn demo_options() -> mizan::demo::DemoOptions {
    mizan::demo::DemoOptions {
        people: 2_000,
        password: Some(PASSWORD.to_owned()),
        ..mizan::demo::DemoOptions::default()
    }
}

/// The password every test user chooses.
pub const PASSWORD: &str = "a long test passphrase 2026";

pub fn remote_peer() -> SocketAddr {
    SocketAddr::from(([203, 0, 113, 7], 40000))
}

pub fn local_peer() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 40000))
}

#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as text (lossy), and as it came (downloads).
    pub body: String,
    pub bytes: Vec<u8>,
}

impl TestResponse {
    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }

    /// Text of every element matching a CSS selector.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(selector).expect("a valid selector");
        self.html()
            .select(&selector)
            .map(|e| e.text().collect::<String>().trim().to_owned())
            .collect()
    }

    pub fn count(&self, selector: &str) -> usize {
        self.texts(selector).len()
    }

    /// The value of an attribute on the first element matching a selector.
    pub fn attr(&self, selector: &str, attr: &str) -> Option<String> {
        let selector = scraper::Selector::parse(selector).expect("a valid selector");
        self.html()
            .select(&selector)
            .next()
            .and_then(|e| e.value().attr(attr).map(str::to_owned))
    }
}

/// A client that keeps cookies and finds the anti-forgery token in the pages it reads.
pub struct Browser<'a> {
    app: &'a TestApp,
    pub cookies: HashMap<String, String>,
    pub accept_language: Option<String>,
    /// The `Accept` header, as a page's script sets it (a browser's own requests send none here).
    pub accept: Option<String>,
}

impl Browser<'_> {
    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&mut self, response: &TestResponse) {
        for value in response.headers.get_all(header::SET_COOKIE) {
            let Ok(text) = value.to_str() else { continue };
            let Ok(cookie) = cookie::Cookie::parse(text.to_owned()) else {
                continue;
            };
            let removed = cookie.max_age().is_some_and(|a| a.is_zero() || a.is_negative());
            if removed || cookie.value().is_empty() {
                self.cookies.remove(cookie.name());
            } else {
                self.cookies
                    .insert(cookie.name().to_owned(), cookie.value().to_owned());
            }
        }
    }

    pub async fn request(
        &mut self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: impl Into<Body>,
    ) -> TestResponse {
        let mut builder = Request::builder().method(method).uri(path);
        if !self.cookies.is_empty() {
            builder = builder.header(header::COOKIE, self.cookie_header());
        }
        if let Some(lang) = &self.accept_language {
            builder = builder.header(header::ACCEPT_LANGUAGE, lang);
        }
        if let Some(accept) = &self.accept {
            builder = builder.header(header::ACCEPT, accept);
        }
        if let Some(ct) = content_type {
            builder = builder.header(header::CONTENT_TYPE, ct);
        }
        let response = self.app.send(builder.body(body.into()).expect("a request")).await;
        self.keep_cookies(&response);
        response
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.request(Method::GET, path, None, String::new()).await
    }

    /// The anti-forgery token this browser's pages carry.
    pub async fn csrf(&mut self) -> String {
        let page = self.cookies_page().await;
        page.attr("input[name=_csrf]", "value")
            .expect("pages carry an anti-forgery token")
    }

    /// Posts a form with the page's anti-forgery token, as a browser submitting it would.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form_raw(path, &all).await
    }

    /// Posts exactly these fields (no token added).
    pub async fn post_form_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = serde_urlencoded::to_string(fields).expect("encodable");
        self.request(
            Method::POST,
            path,
            Some("application/x-www-form-urlencoded"),
            body,
        )
        .await
    }

    pub async fn login(&mut self, username: &str, password: &str) -> TestResponse {
        self.post_form(
            "/login",
            &[("username", username), ("password", password), ("next", "/")],
        )
        .await
    }

    /// Turns on two-factor sign-in from the account page as a user with their phone would: the
    /// app reads the secret from the page's link; its first code confirms. The secret, and the
    /// recovery codes shown once.
    pub async fn turn_on_two_factor(&mut self) -> TwoFactor {
        let page = self.two_factor_page().await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let link = page
            .attr("a[href^='otpauth:']", "href")
            .expect("a link for the authenticator app");
        let secret = link
            .split("secret=")
            .nth(1)
            .and_then(|rest| rest.split('&').next())
            .and_then(Secret::from_base32)
            .expect("the secret in the link");
        let code = totp::code_at(&secret, self.app.clock.now());
        let response = self.set_two_factor(&[("do", "on"), ("code", &code)]).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        let recovery_codes = response.texts("ol.recovery-codes code");
        assert_eq!(recovery_codes.len(), 10, "ten recovery codes shown");
        TwoFactor {
            secret,
            recovery_codes,
        }
    }

    /// Signs in with a password, then the code the app shows half a minute later (a code is good
    /// once: the clock moves on to the next one).
    pub async fn login_with_code(&mut self, username: &str, password: &str, secret: &Secret) -> TestResponse {
        let response = self.login(username, password).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
        assert!(
            response
                .location()
                .is_some_and(|l| l.starts_with("/login/second-factor")),
            "the password asks for the code: {:?}",
            response.location()
        );
        self.app.clock.advance(chrono::Duration::seconds(30));
        let code = totp::code_at(secret, self.app.clock.now());
        self.second_factor(&[("code", &code), ("next", "/")]).await
    }
}

/// What a user keeps of their second factor: the app's secret, the recovery codes.
pub struct TwoFactor {
    pub secret: Secret,
    pub recovery_codes: Vec<String>,
}

/// Sends a JSON request with a bearer token.
pub async fn api(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> TestResponse {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = match body {
        Some(json) => {
            builder = builder.header(header::CONTENT_TYPE, "application/json");
            Body::from(json.to_string())
        }
        None => Body::empty(),
    };
    app.send(builder.body(body).expect("a request")).await
}

/// A PostgreSQL database for one test, dropped when the test ends.
struct PgDatabase {
    admin_url: String,
    name: String,
    url: String,
}

fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url, None), |(b, q)| (b, Some(q)));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// A digest of everything that shapes a fresh store: the migrations and the shipped map.
fn schema_fingerprint() -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut hasher = Sha256::new();
    for dir in ["migrations/postgres", "data/territory"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("a source folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files {
            hasher.update(f.file_name().unwrap_or_default().as_encoded_bytes());
            hasher.update(std::fs::read(&f).expect("readable"));
        }
    }
    hex::encode(&hasher.finalize()[..6])
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl PgDatabase {
    async fn create() -> PgDatabase {
        let admin_url = postgres_url().expect("MIZAN_TEST_POSTGRES names a PostgreSQL server");
        let template = format!("mizan_tpl_{}", schema_fingerprint());
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .expect("PostgreSQL answers");
        sqlx::query("SELECT pg_advisory_lock(7261)")
            .execute(&mut admin)
            .await
            .expect("lock");
        let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&template)
            .fetch_one(&mut admin)
            .await
            .expect("query");
        if !exists {
            create_utf8_database(&mut admin, &template, None).await;
            let db = mizan::store::connect(&database_url(&admin_url, &template))
                .await
                .expect("the template opens");
            mizan::app::prepare(&db, &FixedClock::new(start_time()))
                .await
                .expect("the template migrates");
            db.close().await;
        }
        sqlx::query("SELECT pg_advisory_unlock(7261)")
            .execute(&mut admin)
            .await
            .expect("unlock");
        let name = format!(
            "mizan_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            rand_suffix()
        );
        create_utf8_database(&mut admin, &name, Some(&template)).await;
        admin.close().await.ok();
        PgDatabase {
            url: database_url(&admin_url, &name),
            admin_url,
            name,
        }
    }
}

fn rand_suffix() -> String {
    let mut b = [0u8; 4];
    rand::fill(&mut b);
    hex::encode(b)
}

/// PostgreSQL databases for Mizan need a UTF-8 ctype (trigram search on Arabic depends on it).
async fn create_utf8_database(admin: &mut sqlx::PgConnection, name: &str, template: Option<&str>) {
    let template = template.unwrap_or("template0");
    let sql = format!(
        "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
    );
    // Two test processes may copy the template at the same instant; PostgreSQL refuses the second
    // while the first holds it, so try again briefly.
    for attempt in 0..50 {
        match sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
            .execute(&mut *admin)
            .await
        {
            Ok(_) => return,
            Err(e) if attempt < 49 && e.to_string().contains("being accessed by other users") => {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => panic!("cannot create database {name}: {e}"),
        }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        // Drop runs outside any runtime's async context: use a small one of its own.
        let joined = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                return;
            };
            rt.block_on(async move {
                if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                    let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                    let _ = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                        .execute(&mut admin)
                        .await;
                }
            });
        })
        .join();
        if joined.is_err() {
            eprintln!("could not drop test database {}", self.name);
        }
    }
}
