//! Every route the application has, walked from the route table itself, for an anonymous caller
//! and for every role: what each gets on the records of its own territory (Taza) and, for a
//! route about a place, on the same records in Taounate, outside its reach (refused, as if they
//! did not exist). Every kind of record a route names exists in both provinces, so that no line
//! of the table can pass for want of a record; every write refused changes nothing in the store.
//! A route added to `router/`, or a role to `Role::ALL`, without its line here fails the walk.

mod contents;
pub(crate) mod records;
pub(crate) mod table;

use std::collections::HashSet;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use mizan::auth::Role;
use mizan::auth::actions::NewGrant;

use crate::helpers::{Browser, TestApp, TestResponse, remote_peer};
use contents::StoreWatch;
use records::{CAMPAIGN, Place, place_in};
use table::{CALLERS, Reach, Row, Seat};

pub(crate) const TAZA: &str = "03.561";
const TAOUNATE: &str = "03.531";

/// One column of the table, signed in twice: in a browser for pages, with a token for the API.
pub(crate) struct Caller<'a> {
    pub name: &'static str,
    everywhere: bool,
    pub browser: Browser<'a>,
    token: String,
}

pub(crate) async fn sign_in_callers<'a>(app: &'a TestApp, taza: &Place, youth_wing: i64) -> Vec<Caller<'a>> {
    let mut callers = Vec::new();
    for (n, column) in CALLERS.iter().enumerate() {
        let grant = || NewGrant {
            role: column.role,
            scope_code: match column.seat {
                Seat::Province => Some(TAZA.to_owned()),
                Seat::Commune => Some(taza.commune.clone()),
                Seat::Country => None,
            },
            organization_id: column.youth_wing.then_some(youth_wing),
        };
        let browser = app.signed_in_granted(&format!("walk.{n}"), grant()).await;
        let script = format!("walk.{n}.script");
        app.create_user_granted(&script, grant()).await;
        let token = mizan::auth::actions::create_token(
            &app.state,
            &mizan::audit::Actor::cli(),
            &script,
            "walk",
            None,
        )
        .await
        .expect("a token");
        callers.push(Caller {
            name: column.name,
            everywhere: matches!(column.seat, Seat::Country),
            browser,
            token,
        });
    }
    callers
}

/// An upload of people waiting at the place, by `browser`; its id.
pub(crate) async fn upload_waiting(browser: &mut Browser<'_>, place: &Place) -> String {
    let csv = "الاسم,النسب\nسعيد,التجريبي\n";
    let (content_type, body) = crate::helpers::multipart("file", "walk.csv", csv.as_bytes());
    let path = format!(
        "/territory/{}/people/import?_csrf={}",
        place.commune,
        browser.csrf().await
    );
    let uploaded = browser
        .request(Method::POST, &path, Some(&content_type), body)
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let location = uploaded.location().expect("the job's page").to_owned();
    location.rsplit('/').next().expect("its id").to_owned()
}

#[tokio::test]
async fn every_route_is_gated_and_scoped() {
    let app = TestApp::new().await;
    let routes = mizan::router::routes();
    let table = table::expectations();
    let listed: Vec<String> = routes
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    let missing: Vec<&String> = listed
        .iter()
        .filter(|k| !table.contains_key(k.as_str()))
        .collect();
    let stale: Vec<&&str> = table.keys().filter(|k| !listed.iter().any(|l| l == *k)).collect();
    assert!(
        missing.is_empty(),
        "routes without their line in tests/it/routes/table.rs: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "lines for routes that no longer exist: {stale:?}"
    );
    let roles: Vec<Role> = CALLERS.iter().map(|c| c.role).collect();
    let unwalked: Vec<&Role> = Role::ALL.iter().filter(|r| !roles.contains(r)).collect();
    assert!(
        unwalked.is_empty(),
        "roles without their column in the walk: {unwalked:?}"
    );

    let taounate_records = place_in(&app, TAOUNATE, CALLERS.len()).await;
    let mut taza = place_in(&app, TAZA, CALLERS.len()).await;
    let mut taounate = taounate_records;
    records::campaigns_and_theme(&app).await;
    let youth_wing = records::youth_wing(&app).await;
    let mut callers = sign_in_callers(&app, &taza, youth_wing).await;
    // Uploads are their uploader's alone: the coordinator's in Taza, the administrator's in Taounate.
    let coordinator = CALLERS
        .iter()
        .position(|c| c.role == Role::Coordinator)
        .expect("a coordinator");
    let admin = CALLERS
        .iter()
        .position(|c| c.role == Role::NationalAdmin)
        .expect("an administrator");
    taza.job = upload_waiting(&mut callers[coordinator].browser, &taza).await;
    taounate.job = upload_waiting(&mut callers[admin].browser, &taounate).await;
    let mut watch = StoreWatch::new(&app).await;
    let mut wrong = Vec::new();
    let mut observed_rows = Vec::new();
    for route in &routes {
        let key = format!("{} {}", route.method, route.path);
        let row: &Row = &table[key.as_str()];
        let response = match row.anonymous {
            0 => None,
            _ => Some(anonymous(&app, &route.method, &url(&app, route.path, &taounate, 0)).await),
        };
        if let Some(response) = response
            && response.status.as_u16() != row.anonymous
        {
            wrong.push(format!(
                "anonymous, {key}: {} instead of {}",
                response.status, row.anonymous
            ));
        }
        let mut observed = [0u16; CALLERS.len()];
        for (n, caller) in callers.iter_mut().enumerate() {
            if row.inside[n] == 0 {
                continue;
            }
            let status = ask(
                &app,
                caller,
                route,
                &url(&app, route.path, &taza, n),
                &mut watch,
                &mut wrong,
            )
            .await;
            observed[n] = status.as_u16();
            if status.as_u16() != row.inside[n] {
                wrong.push(format!(
                    "{}, {key} in Taza: {status} instead of {}",
                    caller.name, row.inside[n]
                ));
            }
            // The national administrator has no outside.
            if row.reach == Reach::Here && !caller.everywhere {
                let refusal = match row.inside[n] {
                    s @ (401 | 403 | 404) => s,
                    _ => 404,
                };
                let status = ask(
                    &app,
                    caller,
                    route,
                    &url(&app, route.path, &taounate, n),
                    &mut watch,
                    &mut wrong,
                )
                .await;
                if status.as_u16() != refusal {
                    wrong.push(format!(
                        "{}, {key} in Taounate: {status} instead of {refusal}",
                        caller.name
                    ));
                }
            }
        }
        if observed != row.inside {
            observed_rows.push(table::line(&key, row, &observed));
        }
    }
    assert!(
        wrong.is_empty(),
        "{}\n\nthe lines as observed:\n{}",
        wrong.join("\n"),
        observed_rows.join("\n")
    );

    every_page_has_its_words(&app, &routes, &table, &taza, &mut callers[coordinator].browser).await;
}

/// Asks the route as this caller (a page with its browser, the API with its token); a refused
/// write that changed the store is said in `wrong`, with the rows it changed.
async fn ask(
    app: &TestApp,
    caller: &mut Caller<'_>,
    route: &mizan::router::RouteSpec,
    path: &str,
    watch: &mut StoreWatch,
    wrong: &mut Vec<String>,
) -> StatusCode {
    let write = route.method == Method::POST;
    let before = if write {
        Some(watch.contents(app).await)
    } else {
        None
    };
    let response = if path.starts_with("/api/") {
        let body = write.then(|| serde_json::from_str(&body_for(path).1).expect("json"));
        crate::helpers::api(app, route.method.clone(), path, Some(&caller.token), body).await
    } else if write {
        caller.browser.post_form(path, FIELDS).await
    } else {
        caller.browser.get(path).await
    };
    if let Some(before) = before
        && response.status.as_u16() >= 400
    {
        let after = watch.contents(app).await;
        if before != after {
            let (was, is): (HashSet<&String>, HashSet<&String>) =
                (before.iter().collect(), after.iter().collect());
            let changed: Vec<&&String> = is.difference(&was).collect();
            let gone: Vec<&&String> = was.difference(&is).collect();
            wrong.push(format!(
                "{}: {} {path} was refused ({}) but changed the store: {changed:?} {gone:?}",
                caller.name, route.method, response.status
            ));
        }
    }
    response.status
}

/// Every page the coordinator opened, in French and English too, and every page the national
/// administrator opens, in the three languages; every error's message: no message key may show
/// instead of its text.
async fn every_page_has_its_words(
    app: &TestApp,
    routes: &[mizan::router::RouteSpec],
    table: &std::collections::BTreeMap<&'static str, Row>,
    taza: &Place,
    browser: &mut Browser<'_>,
) {
    let coordinator = CALLERS
        .iter()
        .position(|c| c.role == Role::Coordinator)
        .expect("a coordinator");
    for language in ["fr", "en"] {
        browser.accept_language = Some(language.to_owned());
        for route in routes {
            let key = format!("{} {}", route.method, route.path);
            if route.method == Method::GET
                && !route.path.starts_with("/api/")
                && table[key.as_str()].inside[coordinator] == 200
            {
                browser.get(&url(app, route.path, taza, coordinator)).await;
            }
        }
    }
    let mut admin = app.signed_in("national", Role::NationalAdmin, None).await;
    for language in ["ar", "fr", "en"] {
        admin.accept_language = Some(language.to_owned());
        for route in routes
            .iter()
            .filter(|r| r.method == Method::GET && !r.path.starts_with("/api/"))
        {
            if !route.path.ends_with("/events") {
                admin.get(&url(app, route.path, taza, coordinator)).await;
            }
        }
    }
    for code in mizan::error::ERROR_CODES {
        for locale in mizan::i18n::Locale::ALL {
            let key = mizan::ui::errors::message_key(code);
            app.state.i18n.t(locale, &key);
            app.state.i18n.t(locale, &format!("{key}-help"));
        }
    }
    let missing = app.state.i18n.missing();
    assert!(
        missing.is_empty(),
        "message keys shown instead of their text: {missing:?}"
    );
}

/// A concrete URL for a route, on the place's records; the records a write uses up are the
/// `caller`'s own.
pub(crate) fn url(app: &TestApp, template: &str, place: &Place, caller: usize) -> String {
    let css = app.state.assets.url("app.css");
    let asset = css.trim_start_matches("/assets/");
    let person = if template.ends_with("/erase") {
        &place.erasable[caller]
    } else {
        &place.person
    };
    // `{code}` is a territory's code, but in the structure's settings and the café's join links.
    let code = match template {
        t if t.starts_with("/admin/organizations/") => "youth",
        t if t.starts_with("/body-types/") => "commune_council",
        t if t.starts_with("/activity-types/") => "medical_caravan",
        t if t.starts_with("/meeting-themes/") => records::THEME,
        t if t.starts_with("/q/") || t.starts_with("/api/v1/cafe/") => &place.join_code,
        t if t.ends_with("/manage") || t.ends_with("/rename") => &place.branch,
        t if t.ends_with("/close") => &place.closable[caller],
        _ => &place.commune,
    };
    template
        .replace("{code}", code)
        .replace("{uid}", person)
        .replace("{other}", &place.merge_partners[caller])
        .replace("{body}", &place.body.to_string())
        .replace("{meeting}", &place.meeting.to_string())
        .replace("{session}", &place.session.to_string())
        .replace("{activity}", &place.activity)
        .replace("{campaign}", CAMPAIGN)
        .replace("{branch}", &place.branch)
        .replace("{name}", &place.user)
        .replace("{question}", &place.question.to_string())
        .replace("{mandate}", &place.mandate.to_string())
        .replace("{membership}", &place.membership.to_string())
        .replace("{decision}", &place.decisions[caller].to_string())
        .replace("{photo}", &place.photo.to_string())
        .replace("{job}", &place.job)
        .replace("/minutes/{file}", &format!("/minutes/{}", place.minutes_file))
        .replace("{file}", asset)
}

/// The fields every state-changing route of the table may need, in one body.
const FIELDS: &[(&str, &str)] = &[
    ("name_ar", "فرع التجربة"),
    ("name_fr", "Section d'essai"),
    ("given_ar", "سعيد"),
    ("family_ar", "التجريبي"),
    ("reason", "a check of the route table"),
];

fn body_for(path: &str) -> (Option<&'static str>, String) {
    if path.starts_with("/api/") {
        let object: serde_json::Map<String, serde_json::Value> = FIELDS
            .iter()
            .map(|(k, v)| ((*k).to_owned(), serde_json::json!(v)))
            .collect();
        (
            Some("application/json"),
            serde_json::Value::Object(object).to_string(),
        )
    } else {
        (
            Some("application/x-www-form-urlencoded"),
            serde_urlencoded::to_string(FIELDS).expect("encodable"),
        )
    }
}

async fn anonymous(app: &TestApp, method: &Method, path: &str) -> TestResponse {
    let (content_type, body) = body_for(path);
    let mut builder = Request::builder().method(method.clone()).uri(path);
    if *method == Method::POST
        && let Some(ct) = content_type
    {
        builder = builder.header("content-type", ct);
    }
    let body = if *method == Method::POST {
        Body::from(body)
    } else {
        Body::empty()
    };
    app.send_from(builder.body(body).expect("request"), remote_peer())
        .await
}

#[tokio::test]
async fn an_unknown_address_or_method_is_answered_in_our_error_shape() {
    let app = TestApp::new().await;
    let page = anonymous(&app, &Method::GET, "/no/such/page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(page.texts("h1"), vec!["غير موجود"]);
    let api = anonymous(&app, &Method::GET, "/api/v1/nothing").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.header("content-type"), Some("application/problem+json"));
    let method = anonymous(&app, &Method::DELETE, "/healthz").await;
    assert_eq!(method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(method.texts("h1"), vec!["طريقة غير مقبولة"]);
}
