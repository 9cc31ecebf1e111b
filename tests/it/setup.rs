//! The first run of a real installation: the national administrator lands on the setup, names the
//! party, applies the template of a Moroccan party (or starts blank), once; then administers its
//! organizations; and a coordinator can add members at once.

use axum::http::{Method, StatusCode};
use mizan::auth::Role;

use crate::helpers::{TestApp, scalar};

#[tokio::test]
async fn a_fresh_install_is_set_up_from_the_browser_with_the_template_once() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("national", Role::NationalAdmin, None).await;
    let home = admin.home().await;
    assert_eq!(home.status, StatusCode::SEE_OTHER);
    assert_eq!(home.location(), Some("/setup"), "the setup comes first");
    let form = admin.setup_page().await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.count("input[name=template]"), 2, "the template, or blank");

    let wrong = admin
        .set_up(&[
            ("name_ar", "Horizon"),
            ("name_fr", ""),
            ("template", "moroccan-party"),
        ])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.count("input[aria-invalid=true]"), 2, "{}", wrong.body);
    assert_eq!(
        scalar(&app.state.db, "SELECT COUNT(*) FROM organizations").await,
        0
    );

    let done = admin
        .set_up(&[
            ("name_ar", "حزب النهضة المغربية"),
            ("name_fr", "Parti de la Renaissance marocaine"),
            ("short_name", "PRM"),
            ("template", "moroccan-party"),
        ])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let organizations = admin.get(done.location().expect("the organizations")).await;
    assert_eq!(organizations.count("ul.organizations li"), 3);
    assert!(organizations.body.contains("حزب النهضة المغربية"));
    assert_eq!(scalar(&app.state.db, "SELECT COUNT(*) FROM body_types").await, 9);
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM bodies b JOIN body_types t ON t.id = b.body_type_id WHERE t.code = 'provincial_council'",
        )
        .await,
        scalar(&app.state.db, "SELECT COUNT(*) FROM territory_units WHERE level = 'province'").await,
        "a provincial council in every province"
    );
    assert_eq!(
        scalar(&app.state.db, "SELECT COUNT(*) FROM meeting_themes").await,
        3
    );
    assert_eq!(admin.home().await.status, StatusCode::OK, "the home page, now");
    assert_eq!(admin.setup_page().await.location(), Some("/admin/organizations"));
    let again = admin
        .set_up(&[
            ("name_ar", "حزب آخر"),
            ("name_fr", "Autre"),
            ("template", "blank"),
        ])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "once");
    assert!(
        mizan::audit::latest(&app.state.db, 20)
            .await
            .expect("entries")
            .iter()
            .any(|e| e.action == "setup.apply")
    );

    // A coordinator adds a member at a branch at once.
    let mut coordinator = app
        .signed_in("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    let branch = coordinator
        .create_unit(
            "03.561.01.01",
            &[("name_ar", "فرع أكنول"), ("name_fr", "Section d'Aknoul")],
        )
        .await;
    assert_eq!(branch.status, StatusCode::SEE_OTHER, "{}", branch.body);
    let code = branch
        .location()
        .and_then(|l| l.strip_prefix("/territory/"))
        .expect("the branch")
        .to_owned();
    let member = coordinator
        .add_person(&code, &[("given_ar", "سعيد"), ("family_ar", "البقالي")])
        .await;
    assert_eq!(member.status, StatusCode::SEE_OTHER, "{}", member.body);
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM bodies b JOIN territory_units u ON u.code = b.unit_code WHERE u.level = 'branch'",
        )
        .await,
        1,
        "the new branch got its bureau"
    );
}

#[tokio::test]
async fn the_administrator_adds_and_renames_organizations_and_walls_one() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("national", Role::NationalAdmin, None).await;
    let blank = admin
        .set_up(&[
            ("name_ar", "حزب الأفق"),
            ("name_fr", "Parti de l'Horizon"),
            ("template", "blank"),
        ])
        .await;
    assert_eq!(blank.status, StatusCode::SEE_OTHER);
    assert_eq!(
        scalar(&app.state.db, "SELECT COUNT(*) FROM organizations").await,
        1
    );
    assert_eq!(scalar(&app.state.db, "SELECT COUNT(*) FROM body_types").await, 0);

    let taken = admin
        .add_organization(&[("code", "party"), ("name_ar", "نقابة"), ("name_fr", "Syndicat")])
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(taken.texts("#new .field-error").len(), 1, "beside the code");
    let added = admin
        .add_organization(&[
            ("code", "union"),
            ("name_ar", "الاتحاد العام للشغل"),
            ("name_fr", "Union générale du travail"),
            ("walled", "on"),
        ])
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM organizations WHERE code = 'union' AND walled = TRUE"
        )
        .await,
        1
    );
    let renamed = admin
        .change_organization(
            "party",
            &[
                ("name_ar", "حزب الأفق الوطني"),
                ("name_fr", "Parti de l'Horizon national"),
                ("walled", "on"),
            ],
        )
        .await;
    assert_eq!(
        renamed.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the party is never walled"
    );
    let renamed = admin
        .change_organization(
            "party",
            &[
                ("name_ar", "حزب الأفق الوطني"),
                ("name_fr", "Parti de l'Horizon national"),
            ],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER);
    let page = admin.organizations().await;
    assert!(page.body.contains("حزب الأفق الوطني"));
    let coordinator = app.signed_in("coord", Role::Coordinator, Some("03.561")).await;
    let mut coordinator = coordinator;
    assert_eq!(coordinator.organizations().await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_script_sets_the_party_up_through_the_api_with_the_same_rules_as_the_pages() {
    use crate::helpers::api;
    use axum::http::Method;
    use serde_json::json;
    let app = TestApp::new().await;
    let token = app.token_for("national.script", Role::NationalAdmin, None).await;
    let templates = api(&app, Method::GET, "/api/v1/setup/templates", Some(&token), None).await;
    assert_eq!(templates.status, StatusCode::OK, "{}", templates.body);
    let names: Vec<String> = templates.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|t| t["name"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(names, vec!["moroccan-party", "blank"]);

    let set_up = api(
        &app,
        Method::POST,
        "/api/v1/setup",
        Some(&token),
        Some(json!({"template": "moroccan-party"})),
    )
    .await;
    assert_eq!(set_up.status, StatusCode::CREATED, "{}", set_up.body);
    assert!(set_up.json()["body_types"].as_i64().unwrap_or(0) > 3);
    let again = api(
        &app,
        Method::POST,
        "/api/v1/setup",
        Some(&token),
        Some(json!({"template": "blank", "name_ar": "حزب", "name_fr": "Parti"})),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.json()["code"], "setup_done");

    let organizations = api(&app, Method::GET, "/api/v1/organizations", Some(&token), None).await;
    assert!(organizations.body.contains("\"youth\""), "{}", organizations.body);
    let bad = api(
        &app,
        Method::POST,
        "/api/v1/organizations",
        Some(&token),
        Some(json!({"code": "teachers", "name_ar": "Teachers", "name_fr": "Enseignants"})),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["errors"][0]["field"], "name_ar");
    let union = api(
        &app,
        Method::POST,
        "/api/v1/organizations",
        Some(&token),
        Some(json!({"code": "teachers", "name_ar": "نقابة الأساتذة", "name_fr": "Syndicat des enseignants", "walled": "true"})),
    )
    .await;
    assert_eq!(union.status, StatusCode::CREATED, "{}", union.body);
    assert_eq!(union.json()["walled"], true);

    let council = api(
        &app,
        Method::POST,
        "/api/v1/body-types",
        Some(&token),
        Some(json!({
            "code": "youth_national_council",
            "organization": "youth",
            "name_ar": "المجلس الوطني للشبيبة",
            "name_fr": "Conseil national de la jeunesse",
            "level": "country",
            "meetings_per_year": 2,
            "quorum_rule": "share",
            "quorum_share": "2/3",
            "seats": [
                {"name_ar": "الرئيس", "name_fr": "Président", "single_seat": true},
                {"name_ar": "عضو", "name_fr": "Membre"}
            ]
        })),
    )
    .await;
    assert_eq!(council.status, StatusCode::CREATED, "{}", council.body);
    assert_eq!(council.json()["bodies"], 1, "one body for the country");
    assert_eq!(council.json()["seats"][0]["code"], "president");
    let types = api(&app, Method::GET, "/api/v1/body-types", Some(&token), None).await;
    let listed = types.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|t| t["code"] == "youth_national_council")
        .cloned()
        .expect("listed");
    assert_eq!(listed["seats"].as_array().map(Vec::len), Some(2));
    assert_eq!(listed["quorum_numerator"], 2);
    let twice = api(
        &app,
        Method::POST,
        "/api/v1/body-types",
        Some(&token),
        Some(
            json!({"code": "youth_national_council", "organization": "youth", "name_ar": "مجلس",
                    "name_fr": "Conseil", "level": "planet", "meetings_per_year": 0, "seats": []}),
        ),
    )
    .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = twice.json()["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str().map(str::to_owned))
        .collect();
    for field in ["code", "level", "meetings_per_year", "seats"] {
        assert!(fields.contains(&field.to_owned()), "{field}: {fields:?}");
    }

    // Users: the administrator invites the coordinator of Taza; the coordinator's script may not
    // make a national administrator, nor give a role in Taounate; nothing is written.
    let invited = api(
        &app,
        Method::POST,
        "/api/v1/users",
        Some(&token),
        Some(json!({"username": "coord.taza", "display_name": "منسق تازة", "role": "coordinator", "scope": "03.561"})),
    )
    .await;
    assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.body);
    assert!(
        invited.json()["link"]
            .as_str()
            .is_some_and(|l| l.contains("/signup/"))
    );
    let coordinator = app
        .token_for("coord.taza.script", Role::Coordinator, Some("03.561"))
        .await;
    let users_before = scalar(&app.state.db, "SELECT COUNT(*) FROM users").await;
    let grants_before = scalar(&app.state.db, "SELECT COUNT(*) FROM role_grants").await;
    let admin = api(
        &app,
        Method::POST,
        "/api/v1/users",
        Some(&coordinator),
        Some(json!({"username": "not.admin", "role": "national_admin", "scope": "all"})),
    )
    .await;
    assert_eq!(admin.status, StatusCode::FORBIDDEN, "{}", admin.body);
    let elsewhere = api(
        &app,
        Method::POST,
        "/api/v1/users/coord.taza/grants",
        Some(&coordinator),
        Some(json!({"role": "data_entry", "scope": "03.531"})),
    )
    .await;
    assert!(
        [StatusCode::FORBIDDEN, StatusCode::NOT_FOUND].contains(&elsewhere.status),
        "{}",
        elsewhere.body
    );
    assert_eq!(
        scalar(&app.state.db, "SELECT COUNT(*) FROM users").await,
        users_before
    );
    assert_eq!(
        scalar(&app.state.db, "SELECT COUNT(*) FROM role_grants").await,
        grants_before
    );
    let listed = api(&app, Method::GET, "/api/v1/users", Some(&coordinator), None).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(
        !listed.body.contains("national.script"),
        "a coordinator does not see the national users: {}",
        listed.body
    );
    let viewer = app.token_for("viewer", Role::Viewer, None).await;
    assert_eq!(
        api(&app, Method::GET, "/api/v1/users", Some(&viewer), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

/// A PNG picture: a green square on transparent corners, `side` pixels a side.
fn png_logo(side: u32) -> Vec<u8> {
    use image::ImageEncoder;
    let pixels: Vec<u8> = (0..side * side)
        .flat_map(|i| {
            let (x, y) = (i % side, i / side);
            let inside = x > side / 8 && x < side - side / 8 && y > side / 8 && y < side - side / 8;
            if inside { [11, 110, 79, 255] } else { [0, 0, 0, 0] }
        })
        .collect();
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&pixels, side, side, image::ExtendedColorType::Rgba8)
        .expect("a PNG");
    out
}

#[tokio::test]
async fn the_party_logo_is_sent_as_a_picture_never_svg_and_shown_in_every_header() {
    let app = TestApp::new().await;
    crate::helpers::ensure_party(&app.state).await;
    let mut admin = app.signed_in("national", Role::NationalAdmin, None).await;
    let page = admin.organizations().await;
    assert_eq!(page.count("#logo input[type=file][name=logo]"), 1);
    assert_eq!(page.count("header img.logo"), 0, "no logo yet");
    let token = admin.csrf().await;
    let path = format!("/admin/logo?_csrf={token}");

    let svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>";
    let (ct, body) = crate::helpers::multipart("logo", "logo.svg", svg);
    let refused = admin.request(Method::POST, &path, Some(&ct), body).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.texts("#logo-error").concat().contains("PNG"));
    assert_eq!(
        admin.get("/logo").await.status,
        StatusCode::NOT_FOUND,
        "nothing kept"
    );

    let (ct, body) = crate::helpers::multipart("logo", "logo.png", &png_logo(1200));
    let sent = admin.request(Method::POST, &path, Some(&ct), body).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let home = admin.territory("MA").await;
    let src = home
        .attr("header img.logo", "src")
        .expect("the logo in the header");
    assert!(src.starts_with("/logo?v="), "{src}");
    let logo = app.browser().get(&src).await;
    assert_eq!(logo.status, StatusCode::OK, "the sign-in page shows it too");
    assert_eq!(logo.header("content-type"), Some("image/jpeg"));
    let kept = image::load_from_memory(&logo.bytes).expect("a picture");
    assert_eq!((kept.width(), kept.height()), (480, 480), "kept small");
    assert!(
        app.browser().login_page().await.count("header img.logo") == 1,
        "on the sign-in page"
    );
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'party.logo'"
        )
        .await,
        1
    );

    let mut coordinator = app.signed_in("coord", Role::Coordinator, Some("03.561")).await;
    let token = coordinator.csrf().await;
    let (ct, body) = crate::helpers::multipart("logo", "logo.png", &png_logo(64));
    let other = coordinator
        .request(
            Method::POST,
            &format!("/admin/logo?_csrf={token}"),
            Some(&ct),
            body,
        )
        .await;
    assert_eq!(
        other.status,
        StatusCode::FORBIDDEN,
        "the national administrator's"
    );
}
