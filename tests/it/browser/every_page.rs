//! Every page of the route table, in Chromium on phones, on the demo party (with the route walk's
//! records in Taza, so that every page names a real record): signed in as every role that may
//! see it (and anonymously where a visitor may), at 360×640 and 390×844, in Arabic, French and
//! English. A page fails when it scrolls sideways, when a number is cut by the screen or by its
//! container, when it has more than 3,000 elements, when a cold visit transfers more than 60 KB
//! compressed, when it asks another host for anything or logs an error, or when axe-core
//! (vendored in tests/vendor/axe-core) reports a serious or critical violation.
//!
//! axe-core runs on each page in the three languages at 390×844, as the first role that sees it.
//! On PostgreSQL (the same HTML), every page as every role at 360×640 in Arabic only.
//!
//! With `MIZAN_SCREENS=DIR` (`scripts/screens`), the main pages are also kept as screenshots in
//! DIR, as the coordinator of Taza sees them at 390×844 in Arabic.

use axum::http::Method;
use serde_json::json;

use super::{DevTools, chromium, launch, serve, tab};
use crate::helpers::{TestApp, scalar};
use crate::routes::records::{self, place_in};
use crate::routes::table::{self, CALLERS};
use crate::routes::{TAZA, sign_in_callers, upload_waiting, url};

const SIZES: [(u32, u32); 2] = [(360, 640), (390, 844)];
const MAX_NODES: u64 = 3_000;
const MAX_COLD_BYTES: u64 = 60 * 1024;
const AXE: &str = include_str!("../../vendor/axe-core/axe.min.js");

/// The main pages kept as screenshots, by the name of their file.
fn screen_name(path: &str) -> Option<&'static str> {
    let name = match path {
        "/" => "home",
        p if p.starts_with("/territory/") && p.matches('/').count() == 2 => "territory",
        "/figures/activities" => "activities",
        "/figures/meeting-rate" => "meeting-rate",
        "/renewal" => "renewal",
        "/people" => "people",
        "/cafe" => "cafe",
        p if p.ends_with("/activities/new") => "activity-form",
        p if p.starts_with("/bodies/") && p.ends_with("/meetings/new") => "meeting-form",
        p if p.starts_with("/bodies/") => "body",
        p if p.starts_with("/cafe/") => "cafe-console",
        p if p.starts_with("/people/") && p.matches('/').count() == 2 => "person",
        _ => return None,
    };
    Some(name)
}

/// A route that answers a file, a stream or data, not a page to look at.
fn not_a_page(template: &str) -> bool {
    template.starts_with("/api/")
        || template.starts_with("/assets/")
        || ["/healthz", "/metrics", "/logo"].contains(&template)
        || [
            ".csv",
            ".xlsx",
            ".json",
            ".svg",
            "/export",
            "/events",
            "/thumbnail",
        ]
        .iter()
        .any(|end| template.ends_with(end))
        || template.contains("/photos/")
        || template.contains("/minutes/")
}

/// What the page looks like on this screen: its width against the screen's, its elements, and
/// the numbers that do not show whole (off the screen, or cut by a container that does not
/// scroll).
const LAYOUT: &str = r#"(() => {
  const width = window.innerWidth;
  const cut = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/\d/.test(node.data)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      let why = (r.left < -1 || r.right > width + 1) ? 'off the screen' : null;
      for (let e = node.parentElement; e && !why; e = e.parentElement) {
        const style = getComputedStyle(e);
        const clips = (v) => v === 'hidden' || v === 'clip';
        if (!clips(style.overflowX) && !clips(style.overflowY) && e.tagName !== 'svg') continue;
        const box = e.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1) break; // visually hidden on purpose
        if (r.left < box.left - 1 || r.right > box.right + 1
            || r.top < box.top - 1 || r.bottom > box.bottom + 1) why = 'cut by ' + e.tagName.toLowerCase() + (e.className ? '.' + e.className : '');
      }
      if (why) { cut.push(JSON.stringify(node.data.trim().slice(0, 40)) + ' ' + why); break; }
    }
    if (cut.length >= 5) break;
  }
  return {
    scrolls: document.documentElement.scrollWidth > width,
    scrollWidth: document.documentElement.scrollWidth,
    nodes: document.getElementsByTagName('*').length,
    cut,
  };
})()"#;

/// axe-core's serious and critical violations on the page, one line each.
const AXE_RUN: &str = r#"axe.run(document, {resultTypes: ['violations']}).then(r =>
  r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))"#;

/// A page as seen: what is wrong with it, what a cold visit transferred, how many elements.
struct Seen {
    wrong: Vec<String>,
    bytes: u64,
    nodes: u64,
}

struct Visitor {
    name: &'static str,
    cookies: Vec<(String, String)>,
}

#[tokio::test]
async fn every_page_fits_a_phone_reads_in_three_languages_and_passes_axe() {
    let Some(chromium) = chromium() else {
        eprintln!("SKIPPED: no Chromium (install Debian's chromium or set MIZAN_TEST_CHROMIUM)");
        return;
    };
    let started = std::time::Instant::now();
    let (app, _) = TestApp::with_demo().await;
    let mut taza = place_in(&app, TAZA, 1).await;
    records::campaigns_and_theme(&app).await;
    let youth_wing = scalar(&app.state.db, "SELECT id FROM organizations WHERE code = 'youth'").await;
    let mut callers = sign_in_callers(&app, &taza, youth_wing).await;
    let coordinator = CALLERS
        .iter()
        .position(|c| c.role == mizan::auth::Role::Coordinator)
        .expect("a coordinator");
    taza.job = upload_waiting(&mut callers[coordinator].browser, &taza).await;
    let mut visitors = vec![Visitor {
        name: "anonymous",
        cookies: Vec::new(),
    }];
    visitors.extend(callers.iter().map(|c| {
        Visitor {
            name: c.name,
            cookies: c
                .browser
                .cookies
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }));

    let expectations = table::expectations();
    let pages: Vec<(String, Vec<usize>)> = mizan::router::routes()
        .iter()
        .filter(|r| r.method == Method::GET && !not_a_page(r.path))
        .map(|r| {
            let row = &expectations[format!("GET {}", r.path).as_str()];
            let mut who: Vec<usize> = Vec::new();
            if row.anonymous == 200 {
                who.push(0);
            }
            who.extend(
                (0..CALLERS.len())
                    .filter(|&n| row.inside[n] == 200)
                    .map(|n| n + 1),
            );
            (url(&app, r.path, &taza, 0), who)
        })
        .filter(|(_, who)| !who.is_empty())
        .collect();
    assert!(pages.len() > 40, "the route table's pages: {}", pages.len());

    let base = serve(&app.state).await;
    let (mut child, endpoint, _profile) = launch(&chromium).await;
    let mut tools = tab(&endpoint).await;
    tools
        .call("Network.setCacheDisabled", json!({"cacheDisabled": true}))
        .await;
    let screens = std::env::var_os("MIZAN_SCREENS").map(std::path::PathBuf::from);
    // The pages' HTML is the same on both stores: on PostgreSQL, every page as every role on the
    // narrowest phone in Arabic (that each answers, whole); the layout's matrix runs on SQLite.
    let (sizes, languages): (&[(u32, u32)], &[&str]) = if app.database_url().is_some() {
        (&SIZES[..1], &["ar"])
    } else {
        (&SIZES, &["ar", "fr", "en"])
    };
    let mut wrong: Vec<String> = Vec::new();
    let mut loads = 0;
    let (mut heaviest, mut largest) = ((0, String::new()), (0, String::new()));
    for (v, visitor) in visitors.iter().enumerate() {
        tools.call("Network.clearBrowserCookies", json!({})).await;
        for (name, value) in &visitor.cookies {
            tools
                .call(
                    "Network.setCookie",
                    json!({"name": name, "value": value, "url": base}),
                )
                .await;
        }
        for &(width, height) in sizes {
            tools
                .call(
                    "Emulation.setDeviceMetricsOverride",
                    json!({"width": width, "height": height, "deviceScaleFactor": 2, "mobile": true}),
                )
                .await;
            for &lang in languages {
                tools
                    .call(
                        "Network.setCookie",
                        json!({"name": "mizan_lang", "value": lang, "url": base}),
                    )
                    .await;
                for (path, who) in pages.iter().filter(|(_, who)| who.contains(&v)) {
                    // axe-core once per page and language, as the first role that sees it.
                    let axe = who[0] == v && width == SIZES[1].0;
                    let seen = format!("{path} ({}, {lang}, {width}×{height})", visitor.name);
                    tools.open(&base, path).await;
                    loads += 1;
                    let page = tools.check(&base, &seen, axe).await;
                    if let Some(dir) = &screens
                        && v == coordinator + 1
                        && (lang, width) == ("ar", 390)
                        && let Some(name) = screen_name(path)
                    {
                        tools.screenshot(&dir.join(format!("{name}.png"))).await;
                    }
                    wrong.extend(page.wrong);
                    if page.bytes > heaviest.0 {
                        heaviest = (page.bytes, seen.clone());
                    }
                    if page.nodes > largest.0 {
                        largest = (page.nodes, seen);
                    }
                }
            }
        }
    }
    child.kill().await.ok();
    eprintln!(
        "{loads} page loads of {} pages in {:?}; the heaviest {} bytes: {}; the largest {} elements: {}",
        pages.len(),
        started.elapsed(),
        heaviest.0,
        heaviest.1,
        largest.0,
        largest.1
    );
    assert!(
        wrong.is_empty(),
        "{} problems:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

impl DevTools {
    /// Opens the page cold; the events since kept alone.
    async fn open(&mut self, base: &str, path: &str) {
        self.events.clear();
        self.goto(&format!("{base}{path}")).await;
    }

    /// Keeps the page as a PNG, from its top down to three screens' height.
    async fn screenshot(&mut self, file: &std::path::Path) {
        let height = self
            .eval("Math.min(document.documentElement.scrollHeight, 3 * window.innerHeight)")
            .await;
        let shot = self
            .call(
                "Page.captureScreenshot",
                json!({"format": "png", "captureBeyondViewport": true,
                       "clip": {"x": 0, "y": 0, "width": 390, "height": height, "scale": 1}}),
            )
            .await;
        use base64::Engine as _;
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("the picture"))
            .expect("base64");
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("the folder");
        std::fs::write(file, png).expect("the screenshot written");
    }

    /// What is wrong with the page just opened, each said with where it was seen.
    async fn check(&mut self, base: &str, seen: &str, axe: bool) -> Seen {
        let mut wrong = Vec::new();
        let document = self
            .events
            .iter()
            .find(|e| e["method"] == "Network.responseReceived" && e["params"]["type"] == "Document")
            .map(|e| e["params"]["response"]["status"].as_u64().unwrap_or(0));
        if document != Some(200) {
            wrong.push(format!("{seen}: answered {document:?}"));
            return Seen {
                wrong,
                bytes: 0,
                nodes: 0,
            };
        }
        let layout = self.eval(LAYOUT).await;
        if layout["scrolls"] == true {
            wrong.push(format!(
                "{seen}: scrolls sideways ({} px wide)",
                layout["scrollWidth"]
            ));
        }
        let nodes = layout["nodes"].as_u64().unwrap_or(u64::MAX);
        if nodes > MAX_NODES {
            wrong.push(format!("{seen}: {} elements", layout["nodes"]));
        }
        for cut in layout["cut"].as_array().into_iter().flatten() {
            wrong.push(format!("{seen}: {}", cut.as_str().unwrap_or_default()));
        }
        let bytes: u64 = self
            .events
            .iter()
            .filter(|e| e["method"] == "Network.loadingFinished")
            .filter_map(|e| e["params"]["encodedDataLength"].as_f64())
            .map(|b| b as u64)
            .sum();
        if bytes > MAX_COLD_BYTES {
            wrong.push(format!("{seen}: {bytes} bytes transferred"));
        }
        let elsewhere = self.requested_elsewhere(base);
        if !elsewhere.is_empty() {
            wrong.push(format!("{seen}: asked other hosts: {elsewhere:?}"));
        }
        let errors = self.errors();
        if !errors.is_empty() {
            wrong.push(format!("{seen}: errors in the page: {errors:?}"));
        }
        if axe {
            self.eval(&format!("{AXE}\n;0")).await;
            let found = self
                .call(
                    "Runtime.evaluate",
                    json!({"expression": AXE_RUN, "returnByValue": true, "awaitPromise": true}),
                )
                .await;
            for violation in found["result"]["value"].as_array().into_iter().flatten() {
                wrong.push(format!("{seen}: axe {}", violation.as_str().unwrap_or_default()));
            }
        }
        Seen { wrong, bytes, nodes }
    }
}
