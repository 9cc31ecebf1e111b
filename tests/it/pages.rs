//! The page frame: Arabic first, the map, security headers, assets, nothing from another host.

use axum::http::{Method, StatusCode};
use mizan::auth::Role;

use crate::helpers::{TestApp, api, local_peer};

/// Every `src`, `href` and `action` of a page points to this site.
fn assert_all_local(response: &crate::helpers::TestResponse) {
    let html = response.html();
    let selector =
        scraper::Selector::parse("[src], [href], [action], [formaction], [data]").expect("selector");
    for element in html.select(&selector) {
        for attr in ["src", "href", "action", "formaction", "data"] {
            if let Some(v) = element.value().attr(attr) {
                assert!(
                    (v.starts_with('/') && !v.starts_with("//")) || v.starts_with('#'),
                    "{attr}={v:?} leaves the site"
                );
            }
        }
    }
    assert!(
        !response.body.contains("http://") && !response.body.contains("https://"),
        "an absolute URL in the page"
    );
}

/// No inline script and no inline style: the CSP would block them.
fn assert_csp_clean(response: &crate::helpers::TestResponse) {
    assert_eq!(response.count("script:not([src])"), 0, "inline script");
    assert_eq!(response.count("[style]"), 0, "inline style attribute");
    assert_eq!(response.count("style"), 0, "style element");
    assert_eq!(
        response.count("[onclick], [onload], [onsubmit], [onchange], [oninput]"),
        0,
        "inline handler"
    );
}

#[tokio::test]
async fn the_home_page_is_arabic_right_to_left_with_the_map_of_the_regions() {
    let app = TestApp::new().await;
    let page = app.browser().home().await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.attr("html", "lang").as_deref(), Some("ar"));
    assert_eq!(page.attr("html", "dir").as_deref(), Some("rtl"));
    assert_eq!(page.count("figure.map svg path"), 12);
    assert_all_local(&page);
    assert_csp_clean(&page);
    assert!(
        page.body.len() < 100_000,
        "the home page weighs {} bytes",
        page.body.len()
    );
}

#[tokio::test]
async fn a_signed_in_home_shows_the_regions_of_the_callers_scope_only() {
    let app = TestApp::new().await;
    // A party set up (before, the national administrator's home is the setup).
    crate::helpers::ensure_party(&app.state).await;
    let mut admin = app.signed_in("national", Role::NationalAdmin, None).await;
    let page = admin.home().await;
    assert_eq!(
        page.count("figure.map a path"),
        12,
        "every region links to its page"
    );
    assert_eq!(page.count("tbody tr[data-code]"), 12);
    assert_all_local(&page);
    assert_csp_clean(&page);

    let mut taza = app
        .signed_in("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    let page = taza.home().await;
    assert_eq!(
        page.count("figure.map"),
        0,
        "a province's coordinator starts with their tasks"
    );
    assert_eq!(page.texts(".roots a"), vec!["تازة"]);
    let tasks = hrefs(&page, "ul.tasks a");
    assert!(
        tasks.contains(&"/activities?territory=03.561&status=done".to_owned())
            && tasks.contains(&"/people?place=03.561".to_owned()),
        "{tasks:?}"
    );
    assert!(
        !tasks.iter().any(|t| t.starts_with("/figures/meeting-rate")),
        "no meeting rate before the party has bodies: {tasks:?}"
    );
    for href in &tasks {
        assert_eq!(taza.get(href).await.status, StatusCode::OK, "{href}");
    }
}

fn hrefs(page: &crate::helpers::TestResponse, selector: &str) -> Vec<String> {
    let html = page.html();
    let selector = scraper::Selector::parse(selector).expect("selector");
    html.select(&selector)
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_branch_secretary_lands_on_what_they_record_one_tap_away() {
    let (app, _) = TestApp::with_demo().await;
    let branch = crate::helpers::text(
        &app.state.db,
        "SELECT code FROM territory_units WHERE level = 'branch' AND path LIKE '/MA/03/03.561/%' ORDER BY code LIMIT 1",
    )
    .await;
    let bureau = crate::helpers::scalar(
        &app.state.db,
        &format!("SELECT id FROM bodies WHERE unit_code = '{branch}' ORDER BY id LIMIT 1"),
    )
    .await;
    let mut secretary = app
        .signed_in("secretary.home", Role::BranchSecretary, Some(&branch))
        .await;
    let page = secretary.home().await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.count("figure.map"), 0, "no national map for a branch");
    let tasks = hrefs(&page, "ul.tasks a");
    assert_eq!(
        tasks.first().map(String::as_str),
        Some(format!("/territory/{branch}/activities/new").as_str()),
        "recording an activity comes first: {tasks:?}"
    );
    assert!(
        tasks.contains(&format!("/bodies/{bureau}/meetings/new")),
        "{tasks:?}"
    );
    assert!(
        tasks
            .iter()
            .any(|t| t.starts_with("/renewal/") && t.ends_with(&branch)),
        "{tasks:?}"
    );
    for href in &tasks {
        assert_eq!(secretary.get(href).await.status, StatusCode::OK, "{href}");
    }

    // A national viewer who is also a branch's secretary records there first, not for the country.
    let mut both = app
        .signed_in("secretary.reader", Role::BranchSecretary, Some(&branch))
        .await;
    mizan::auth::actions::grant_role(
        &app.state,
        &mizan::audit::Actor::cli(),
        "secretary.reader",
        &mizan::auth::actions::NewGrant {
            role: Role::Viewer,
            scope_code: None,
            organization_id: None,
        },
    )
    .await
    .expect("a second role");
    let tasks = hrefs(&both.home().await, "ul.tasks a");
    assert_eq!(
        tasks.first().map(String::as_str),
        Some(format!("/territory/{branch}/activities/new").as_str()),
        "{tasks:?}"
    );
    assert!(
        tasks.contains(&"/figures/meeting-rate?territory=MA".to_owned()),
        "and the country's figures after: {tasks:?}"
    );
    assert!(
        !tasks.iter().any(|t| t.starts_with("/activities?territory=MA")),
        "nothing to verify for the country: {tasks:?}"
    );
}

#[tokio::test]
async fn a_region_page_draws_its_provinces_and_lists_them() {
    let app = TestApp::new().await;
    let mut browser = app.signed_in("reader", Role::Viewer, None).await;
    let page = browser.territory("03").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts("h1"), vec!["فاس-مكناس"]);
    assert!(
        page.count("figure.map a path") >= 9,
        "the provinces of Fès-Meknès"
    );
    assert_eq!(page.count("tbody tr[data-code]"), 9);
    assert_all_local(&page);
    assert_csp_clean(&page);
    // In English the country is Morocco (places keep their French names, the map's own).
    browser.accept_language = Some("en".into());
    let country = browser.territory("MA").await;
    assert_eq!(country.texts("h1"), vec!["Morocco"]);
    assert_eq!(browser.territory("03").await.texts("h1"), vec!["Fès-Meknès"]);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::new().await;
    let page = app.browser().login_page().await;
    let csp = page.header("content-security-policy").expect("a CSP");
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("referrer-policy"), Some("same-origin"));
    assert!(page.header("x-request-id").is_some());
    let cookie = page
        .header("set-cookie")
        .expect("the visitor's anti-forgery cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

#[tokio::test]
async fn pages_for_a_signed_in_user_are_never_cached_and_assets_are_kept_forever() {
    let app = TestApp::new().await;
    let mut browser = app
        .signed_in("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    let page = browser.territory("03.561").await;
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let css = page.attr("link[rel=stylesheet]", "href").expect("a stylesheet");
    assert!(css.starts_with("/assets/app.") && css.ends_with(".css") && css.len() > "/assets/app.css".len());
    let asset = browser.get(&css).await;
    assert_eq!(asset.status, StatusCode::OK);
    assert_eq!(
        asset.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert!(
        asset
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/css"))
    );
    assert_eq!(
        page.count("script"),
        0,
        "a territory page loads no script (17 KB saved on every cold visit)"
    );
    assert_eq!(
        browser.get("/assets/app.css").await.status,
        StatusCode::NOT_FOUND,
        "only hashed names"
    );
}

#[tokio::test]
async fn health_answers_and_metrics_open_to_localhost_and_administrators_only() {
    let app = TestApp::new().await;
    let health = app.browser().get("/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    let request = |path: &str| {
        axum::http::Request::builder()
            .uri(path)
            .body(axum::body::Body::empty())
            .expect("request")
    };
    let remote = app.send(request("/metrics")).await;
    assert_eq!(remote.status, StatusCode::UNAUTHORIZED);
    let local = app.send_from(request("/metrics"), local_peer()).await;
    assert_eq!(local.status, StatusCode::OK);
    assert!(local.body.contains("mizan_http_requests_total"), "{}", local.body);
    let mut forwarded = request("/metrics");
    forwarded
        .headers_mut()
        .insert("x-forwarded-for", "198.51.100.9".parse().expect("header"));
    assert_eq!(
        app.send_from(forwarded, local_peer()).await.status,
        StatusCode::UNAUTHORIZED,
        "through a proxy"
    );
    let coordinator = app
        .token_for("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    assert_eq!(
        api(&app, Method::GET, "/metrics", Some(&coordinator), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let admin = app.token_for("national", Role::NationalAdmin, None).await;
    assert_eq!(
        api(&app, Method::GET, "/metrics", Some(&admin), None)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let app = TestApp::new().await;
    let doc = app.browser().get("/api/openapi.json").await;
    assert_eq!(doc.status, StatusCode::OK);
    let doc = doc.json();
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    for route in mizan::router::routes() {
        if !route.path.starts_with("/api/v1/") {
            continue;
        }
        let method = route.method.as_str().to_lowercase();
        assert!(
            doc["paths"][route.path][&method].is_object(),
            "{} {} is missing from /api/openapi.json",
            route.method,
            route.path
        );
    }
    assert_eq!(doc["components"]["securitySchemes"]["token"]["scheme"], "bearer");
}

#[tokio::test]
async fn the_cookie_page_lists_the_five_cookies_and_pages_set_no_others() {
    let app = TestApp::new().await;
    let page = app.browser().cookies_page().await;
    let names = page.texts("tbody td:first-child code");
    assert_eq!(
        names,
        vec![
            "mizan_session",
            "mizan_second_factor",
            "mizan_csrf",
            "mizan_lang",
            "mizan_device"
        ]
    );
    // A Policy Café participant gets the device cookie, and only the listed ones.
    let draft = mizan::cafe::actions::SessionDraft {
        title: "جلسة".into(),
        event: "منتدى".into(),
        opens_at: "2026-11-29T10:30".into(),
        ..Default::default()
    };
    crate::helpers::ensure_party(&app.state).await;
    let session = mizan::cafe::actions::create_session(&app.state, &mizan::auth::Permit::cli(), &draft)
        .await
        .expect("a session");
    let mut phone = app.browser();
    phone.cafe_phone(&session.code).await;
    assert!(phone.cookies.contains_key("mizan_device"));
    for name in phone.cookies.keys() {
        assert!(names.contains(name), "an unlisted cookie: {name}");
    }
    let mut browser = app
        .signed_in("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    browser.choose_language(&[("locale", "fr"), ("next", "/")]).await;
    for name in browser.cookies.keys() {
        assert!(names.contains(name), "an unlisted cookie: {name}");
    }
}
