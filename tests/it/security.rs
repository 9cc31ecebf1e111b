//! What an attacker with a party account tried in an afternoon (issue 22), each as a test that
//! failed before its fix: dues recorded across territories, sign-in tries in parallel, personal
//! text in the audit log, a merged record's address, café cookies made up by a script and a
//! flood of votes from one address, redirects out of the site, control characters in names, an
//! oversized upload, files readable by others. (The import and the organization walls have theirs
//! in `security_reach.rs`; the audit chain in `audit.rs`; memory bombs in `security_memory.rs`.)

use std::net::SocketAddr;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use mizan::auth::{Permit, Role};
use mizan::people::actions::create_person;
use mizan::people::draft::PersonDraft;

use crate::helpers::{PASSWORD, StoreKind, TestApp, api, execute, scalar};

const TAZA: &str = "03.561";

/// A commune (urban or rural) of a province, with its path.
async fn commune_of(app: &TestApp, province: &str) -> (String, String) {
    let sql = format!(
        "SELECT code FROM territory_units WHERE level = 'commune' AND parent_code = '{province}' ORDER BY code LIMIT 1"
    );
    let code: String = match &app.state.db {
        mizan::store::Db::Sqlite { reader, .. } => {
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(reader)
                .await
        }
        mizan::store::Db::Postgres(pool) => {
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(pool).await
        }
    }
    .expect("a commune");
    let path = mizan::territory::store::visible_unit(&app.state.db, &code, &mizan::auth::Scope::Everywhere)
        .await
        .expect("unit")
        .expect("the commune")
        .path;
    (code, path)
}

async fn add(app: &TestApp, place: &str, draft: &PersonDraft) -> String {
    create_person(&app.state, &Permit::cli(), place, draft)
        .await
        .expect("created")
}

fn person(given: &str, family: &str, cin: &str, phone: &str) -> PersonDraft {
    PersonDraft {
        given_ar: given.into(),
        family_ar: family.into(),
        cin: cin.into(),
        phone: phone.into(),
        ..PersonDraft::default()
    }
}

#[tokio::test]
async fn dues_are_recorded_only_on_a_membership_held_within_reach() {
    let (app, report) = TestApp::with_demo().await;
    // A member of a Taounate branch who lives in Taza: Taza's coordinator sees the person (they
    // live there), but the membership and its dues are Taounate's.
    let branch = crate::helpers::rural_branch(&report);
    let uid = add(&app, &branch, &person("رشيد", "المنتقل", "ZD40001", "")).await;
    let (commune, path) = commune_of(&app, TAZA).await;
    execute(
        &app.state.db,
        &format!(
            "UPDATE people SET residence_code = '{commune}', residence_path = '{path}' WHERE uid = '{uid}'"
        ),
    )
    .await;
    let paid = || async {
        scalar(
            &app.state.db,
            &format!(
                "SELECT COUNT(*) FROM dues d JOIN memberships m ON m.id = d.membership_id \
                 JOIN people p ON p.id = m.person_id WHERE p.uid = '{uid}'"
            ),
        )
        .await
    };
    let dues = [("organization", "party"), ("year", "2026"), ("amount", "120")];
    let mut taza = app.browser();
    taza.login("coord.taza", PASSWORD).await;
    assert_eq!(taza.person(&uid).await.status, StatusCode::OK);
    let refused = taza.record_dues(&uid, &dues).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(paid().await, 0, "nothing written");

    let mut taounate = app.browser();
    taounate.login("coord.taounate", PASSWORD).await;
    let recorded = taounate.record_dues(&uid, &dues).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    assert_eq!(paid().await, 1);
}

#[tokio::test]
async fn three_hundred_wrong_passwords_at_once_check_ten_and_the_rest_wait() {
    let app = TestApp::new().await;
    app.create_user("targeted", Role::NationalAdmin, None).await;
    let mut visitor = app.browser();
    let csrf = visitor.csrf().await;
    let cookie = format!("mizan_csrf={}", visitor.cookies["mizan_csrf"]);
    let attempt = |n: u32, password: &'static str| {
        let body = serde_urlencoded::to_string([
            ("_csrf", csrf.as_str()),
            ("username", "targeted"),
            ("password", password),
            ("next", "/"),
        ])
        .expect("encodable");
        let request = Request::builder()
            .method(Method::POST)
            .uri("/login")
            .header(header::COOKIE, cookie.clone())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("a request");
        // Each from an address of its own: only the account's limit applies.
        let peer = SocketAddr::from(([198, 51, (n / 250) as u8, (n % 250) as u8 + 1], 40000));
        app.send_from(request, peer)
    };
    let answers = futures_util::future::join_all((0..300).map(|n| attempt(n, "not the password"))).await;
    let checked = answers
        .iter()
        .filter(|a| a.status == StatusCode::UNAUTHORIZED)
        .count();
    let waiting: Vec<_> = answers
        .iter()
        .filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    // Each try is counted before its password is checked: however they interleave, no more than
    // ten get that far (fewer when many are counted before any is checked).
    assert!(checked <= 10, "{checked} passwords checked");
    assert_eq!(waiting.len(), 300 - checked);
    assert!(
        waiting.iter().all(|a| a
            .header("retry-after")
            .is_some_and(|s| s.parse::<u32>().is_ok_and(|s| s > 0))),
        "each refusal says when to come back"
    );
    // One by one afterwards, the tries left in the window are checked, and no more.
    let mut later = Vec::new();
    for n in 300..320 {
        later.push(attempt(n, "another guess").await.status);
    }
    let checked_later = later.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    assert_eq!(checked + checked_later, 10, "ten in all: {later:?}");
    assert_eq!(later.last(), Some(&StatusCode::TOO_MANY_REQUESTS));
}

#[tokio::test]
async fn an_export_or_a_search_by_cin_phone_email_or_name_leaves_none_of_it_in_the_audit_log() {
    let app = TestApp::new().await;
    let (commune, _) = commune_of(&app, TAZA).await;
    let planted = PersonDraft {
        given_ar: "زكرياء".into(),
        family_ar: "الوزاني".into(),
        given_latin: "Zakaria".into(),
        family_latin: "Ouazzani".into(),
        cin: "QK774411".into(),
        phone: "0677889911".into(),
        email: "z.ouazzani@example.ma".into(),
        ..PersonDraft::default()
    };
    add(&app, &commune, &planted).await;
    let token = app.token_for("national", Role::NationalAdmin, None).await;
    let mut admin = app.signed_in("admin.pages", Role::NationalAdmin, None).await;
    let typed = [
        "QK774411",
        "qk 774411",
        "0677889911",
        "+212677889911",
        "8911",
        "z.ouazzani@example.ma",
        "Zakaria Ouazzani",
        "زكرياء الوزاني",
    ];
    for q in typed {
        let q = serde_urlencoded::to_string([("q", q)]).expect("encodable");
        for path in ["/people", "/people.csv", "/people.xlsx"] {
            let answer = admin.get(&format!("{path}?{q}")).await;
            assert_eq!(answer.status, StatusCode::OK, "{path}?{q}");
        }
        let listed = api(
            &app,
            Method::GET,
            &format!("/api/v1/people?{q}"),
            Some(&token),
            None,
        )
        .await;
        assert_eq!(listed.status, StatusCode::OK);
    }
    let exports = scalar(
        &app.state.db,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'people.export'",
    )
    .await;
    assert_eq!(exports, 16, "every export is audited");
    let entries = mizan::audit::latest(&app.state.db, 10_000)
        .await
        .expect("entries");
    let needles = [
        "QK774411",
        "774411",
        "0677889911",
        "677889911",
        "ouazzani",
        "Ouazzani",
        "Zakaria",
        "زكرياء",
        "الوزاني",
    ];
    for entry in &entries {
        let text = format!("{} {} {}", entry.target_id, entry.details, entry.actor);
        for needle in needles {
            assert!(
                !text.contains(needle),
                "{} keeps {needle:?}: {}",
                entry.action,
                entry.details
            );
        }
    }
    let shapes: Vec<String> = entries
        .iter()
        .filter(|e| e.action == "people.export")
        .map(|e| e.details.clone())
        .collect();
    assert!(shapes.iter().any(|d| d.contains(r#""kind":"cin""#)), "{shapes:?}");
    assert!(shapes.iter().any(|d| d.contains(r#""kind":"phone""#)));
}

#[tokio::test]
async fn the_old_address_of_a_merged_record_leads_only_whoever_may_see_its_survivor() {
    let (app, report) = TestApp::with_demo().await;
    let branch = crate::helpers::rural_branch(&report);
    let kept = add(&app, &branch, &person("سناء", "البقالي", "ZF50001", "")).await;
    let merged = add(&app, &branch, &person("سناء", "البقالي", "", "0661002003")).await;
    mizan::people::dedupe::merge(&app.state, &Permit::cli(), &kept, &merged, &["phone".to_owned()])
        .await
        .expect("merged");
    let mut taounate = app.browser();
    taounate.login("coord.taounate", PASSWORD).await;
    let moved = taounate.person(&merged).await;
    assert_eq!(moved.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(moved.location(), Some(format!("/people/{kept}").as_str()));
    let mut taza = app.browser();
    taza.login("coord.taza", PASSWORD).await;
    let hidden = taza.person(&merged).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND, "not even where it went");
    assert_eq!(hidden.location(), None);
}

/// A session open now, without moderation, and a question published in it.
async fn open_session_and_question(app: &TestApp) -> (mizan::cafe::model::Session, i64) {
    use mizan::cafe::{actions, participate};
    let draft = actions::SessionDraft {
        title: "الشباب والتشغيل".into(),
        event: "منتدى الشباب".into(),
        territory: TAZA.into(),
        opens_at: "2026-11-29T10:30".into(),
        premoderation: None,
        ..Default::default()
    };
    crate::helpers::ensure_party(&app.state).await;
    let session = actions::create_session(&app.state, &Permit::cli(), &draft)
        .await
        .expect("a session");
    let who = participate::Participant {
        device_digest: "asker".into(),
        ip: "192.0.2.1".into(),
    };
    let question = participate::QuestionDraft {
        body: "متى؟".into(),
        ..Default::default()
    };
    let (question, _) = participate::ask(&app.state, &session, &who, &question)
        .await
        .expect("a question");
    (session, question)
}

#[tokio::test]
async fn a_cafe_cookie_made_up_by_a_script_is_no_device_and_casts_no_vote() {
    let app = TestApp::new().await;
    let (session, question) = open_session_and_question(&app).await;
    let vote = format!("/q/{}/questions/{question}/vote", session.code);
    let mut phone = app.browser();
    phone.cafe_phone(&session.code).await;
    let issued = phone.cookies["mizan_device"].clone();
    for forged in [
        "a".repeat(32),
        format!("{}.{}", "b".repeat(43), "0".repeat(32)),
        format!("{}x", issued),
    ] {
        phone.cookies.insert("mizan_device".into(), forged.clone());
        let refused = phone.post_form(&vote, &[]).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{forged}: {}", refused.body);
        // The page replaces it with a device of its own making.
        phone.cafe_phone(&session.code).await;
        assert_ne!(phone.cookies["mizan_device"], forged);
    }
    assert_eq!(scalar(&app.state.db, "SELECT COUNT(*) FROM cafe_votes").await, 0);
    let counted = phone.post_form(&vote, &[]).await;
    assert_eq!(counted.status, StatusCode::SEE_OTHER, "{}", counted.body);
    assert_eq!(scalar(&app.state.db, "SELECT COUNT(*) FROM cafe_votes").await, 1);
}

#[tokio::test]
async fn one_address_gets_a_hall_wave_of_votes_then_fifty_a_second() {
    use mizan::cafe::participate;
    let app = TestApp::new().await;
    let (session, question) = open_session_and_question(&app).await;
    let started = std::time::Instant::now();
    let from = |n: usize, ip: &str| participate::Participant {
        device_digest: format!("phone-{n}"),
        ip: ip.to_owned(),
    };
    let casts = futures_util::future::join_all((0..1_000).map(|n| {
        let who = from(n, "192.0.2.50");
        let state = &app.state;
        let session = &session;
        async move { participate::vote(state, session, &who, question, true).await }
    }))
    .await;
    let elapsed = started.elapsed().as_secs_f64();
    let counted = casts.iter().filter(|c| c.is_ok()).count();
    let refused = casts
        .iter()
        .filter(|c| matches!(c, Err(mizan::error::AppError::TooManyRequests)))
        .count();
    assert_eq!(counted + refused, 1_000);
    assert!(counted >= 600, "a hall's wave passes: {counted}");
    assert!(
        (counted as f64) <= 600.0 + 50.0 * elapsed + 1.0,
        "then fifty a second: {counted} in {elapsed:.1} s"
    );
    let other = participate::vote(&app.state, &session, &from(5_000, "192.0.2.51"), question, true).await;
    assert!(other.is_ok(), "another address has its own allowance");
}

#[tokio::test]
async fn after_signing_in_or_choosing_a_language_no_redirect_leaves_the_site() {
    let app = TestApp::new().await;
    let mut user = app.signed_in("traveller", Role::Viewer, None).await;
    user.logout(&[]).await;
    for next in [
        "/\t/evil.example",
        "/\n/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
    ] {
        let signed = user
            .post_login(&[("username", "traveller"), ("password", PASSWORD), ("next", next)])
            .await;
        assert_eq!(signed.status, StatusCode::SEE_OTHER);
        assert_eq!(signed.location(), Some("/"), "{next:?}");
        let language = user.choose_language(&[("locale", "fr"), ("next", next)]).await;
        assert_eq!(language.location(), Some("/"), "{next:?}");
        user.logout(&[]).await;
    }
    user.login("traveller", PASSWORD).await;
    let language = user
        .choose_language(&[("locale", "fr"), ("next", "/people?q=%D9%85")])
        .await;
    assert_eq!(
        language.location(),
        Some("/people?q=%D9%85"),
        "a path of the site is followed"
    );
}

#[tokio::test]
async fn a_name_with_control_characters_is_refused_beside_its_field_in_the_form_and_the_import() {
    let app = TestApp::new().await;
    let (commune, _) = commune_of(&app, TAZA).await;
    let mut coordinator = app.signed_in("coord", Role::Coordinator, Some(TAZA)).await;
    let before = scalar(&app.state.db, "SELECT COUNT(*) FROM people").await;
    for (given, family) in [
        ("سعيد\u{0}", "العلوي"),
        ("سعيد", "العلوي\u{1b}[2J"),
        ("\u{202e}سعيد", "العلوي"),
    ] {
        let refused = coordinator
            .add_person(&commune, &[("given_ar", given), ("family_ar", family)])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            refused.count("input[aria-invalid=true]"),
            1,
            "said beside the field"
        );
        assert!(refused.body.contains("رموز غير مرئية"), "{}", refused.body);
    }
    assert_eq!(scalar(&app.state.db, "SELECT COUNT(*) FROM people").await, before);

    let unit =
        mizan::territory::store::visible_unit(&app.state.db, &commune, &mizan::auth::Scope::Everywhere)
            .await
            .expect("unit")
            .expect("the commune");
    let csv = "الاسم العائلي,الاسم الشخصي\nالعلوي,سعيد\nالعلوي\u{0},كريم\n";
    let source = mizan::people::import::Source::Uploaded(std::sync::Arc::new(csv.as_bytes().to_vec()));
    let inspection = mizan::people::import::inspect(&source).expect("read");
    let (header_row, mapping) = inspection.header.expect("headers found");
    let plan = mizan::people::import::Plan {
        header_row,
        mapping,
        organization_id: None,
        branch: None,
        residence: Some(unit),
        dry_run: true,
        all_or_nothing: false,
        on_existing: Default::default(),
        file_name: "branche.csv".into(),
        headers: vec!["الاسم العائلي".into(), "الاسم الشخصي".into()],
    };
    let report = mizan::people::import::run(&app.state, &Permit::cli(), &source, &plan, &|_| {})
        .await
        .expect("checked");
    assert_eq!((report.accepted, report.rejected), (1, 1));
    let rejection = &report.rejections[0];
    assert_eq!((rejection.row, rejection.column), (3, Some(1)));
    assert_eq!(rejection.reason, "field-control-characters");
}

#[tokio::test]
async fn an_upload_over_its_limit_gets_the_usual_error_page_or_problem_json() {
    let (app, report) = TestApp::with_demo().await;
    let branch = crate::helpers::rural_branch(&report);
    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    let token = secretary.csrf().await;
    let huge = vec![0u8; 2 * mizan::activities::photos::PHOTO_LIMIT + 1024];
    let recorded = secretary
        .record_activity(
            &branch,
            &[
                ("type", "medical_caravan"),
                ("status", "done"),
                ("date", "2026-11-21"),
                ("count-women", "20"),
                ("count-men", "10"),
            ],
        )
        .await;
    let activity = recorded.location().expect("the activity").to_owned();
    let (content_type, body) = crate::helpers::multipart("photo", "big.jpg", &huge);
    let too_large = secretary
        .request(
            Method::POST,
            &format!("{activity}/photos?_csrf={token}"),
            Some(&content_type),
            body.clone(),
        )
        .await;
    assert_eq!(
        too_large.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{:?}",
        too_large.texts("main")
    );
    assert!(
        too_large
            .header("content-type")
            .is_some_and(|c| c.starts_with("text/html")),
        "{:?}",
        too_large.header("content-type")
    );
    assert_eq!(too_large.count("h1"), 1, "the usual error page");
    // As a browser sends it, its length said first: refused before it is read.
    let cookies: Vec<String> = secretary
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let request = Request::builder()
        .method(Method::POST)
        .uri(format!("{activity}/photos?_csrf={token}"))
        .header(header::COOKIE, cookies.join("; "))
        .header(header::CONTENT_TYPE, content_type.clone())
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body.clone()))
        .expect("a request");
    let announced = app.send(request).await;
    assert_eq!(announced.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        announced
            .header("content-type")
            .is_some_and(|c| c.starts_with("text/html")),
        "{:?}: {}",
        announced.header("content-type"),
        announced.body
    );
    secretary.accept = Some("application/json".into());
    let json = secretary
        .request(
            Method::POST,
            &format!("{activity}/photos?_csrf={token}"),
            Some(&content_type),
            body,
        )
        .await;
    assert_eq!(json.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json.header("content-type"), Some("application/problem+json"));
    assert_eq!(json.json()["code"], "payload_too_large");
}

#[tokio::test]
async fn every_file_the_store_keeps_is_readable_by_its_owner_alone() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::new().await;
    // Something written, so that the journal and its index exist.
    app.create_user("someone", Role::Viewer, None).await;
    mizan::audit::checkpoints::keep(&app.state)
        .await
        .expect("a checkpoint");
    let data = app.state.config.data_dir.clone();
    let mut files = vec![data.join("mizan.key"), data.join("audit-checkpoints")];
    if StoreKind::under_test() == StoreKind::Sqlite {
        files.extend(["mizan.db", "mizan.db-wal", "mizan.db-shm"].map(|f| data.join(f)));
    }
    for file in files {
        let mode = std::fs::metadata(&file)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{} is {:o}", file.display(), mode & 0o777);
    }
}
