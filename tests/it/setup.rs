//! The first run of a real installation: the national administrator lands on the setup, names the
//! party, applies the template of a Moroccan party (or starts blank), once; then administers its
//! organizations; and a coordinator can add members at once.

use axum::http::StatusCode;
use mizan::auth::Role;

use crate::helpers::{TestApp, scalar};

#[tokio::test]
async fn a_fresh_install_is_set_up_from_the_browser_with_the_template_once() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("national", Role::NationalAdmin, None).await;
    let home = admin.get("/").await;
    assert_eq!(home.status, StatusCode::SEE_OTHER);
    assert_eq!(home.location(), Some("/setup"), "the setup comes first");
    let form = admin.get("/setup").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.count("input[name=template]"), 2, "the template, or blank");

    let wrong = admin
        .post_form(
            "/setup",
            &[
                ("name_ar", "Horizon"),
                ("name_fr", ""),
                ("template", "moroccan-party"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.count("input[aria-invalid=true]"), 2, "{}", wrong.body);
    assert_eq!(
        scalar(&app.state.db, "SELECT COUNT(*) FROM organizations").await,
        0
    );

    let done = admin
        .post_form(
            "/setup",
            &[
                ("name_ar", "حزب النهضة المغربية"),
                ("name_fr", "Parti de la Renaissance marocaine"),
                ("short_name", "PRM"),
                ("template", "moroccan-party"),
            ],
        )
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
    assert_eq!(admin.get("/").await.status, StatusCode::OK, "the home page, now");
    assert_eq!(admin.get("/setup").await.location(), Some("/admin/organizations"));
    let again = admin
        .post_form(
            "/setup",
            &[
                ("name_ar", "حزب آخر"),
                ("name_fr", "Autre"),
                ("template", "blank"),
            ],
        )
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
        .post_form(
            "/territory/03.561.01.01/new",
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
        .post_form(
            &format!("/territory/{code}/people/new"),
            &[("given_ar", "سعيد"), ("family_ar", "البقالي")],
        )
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
        .post_form(
            "/setup",
            &[
                ("name_ar", "حزب الأفق"),
                ("name_fr", "Parti de l'Horizon"),
                ("template", "blank"),
            ],
        )
        .await;
    assert_eq!(blank.status, StatusCode::SEE_OTHER);
    assert_eq!(
        scalar(&app.state.db, "SELECT COUNT(*) FROM organizations").await,
        1
    );
    assert_eq!(scalar(&app.state.db, "SELECT COUNT(*) FROM body_types").await, 0);

    let taken = admin
        .post_form(
            "/admin/organizations",
            &[("code", "party"), ("name_ar", "نقابة"), ("name_fr", "Syndicat")],
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(taken.texts("#new .field-error").len(), 1, "beside the code");
    let added = admin
        .post_form(
            "/admin/organizations",
            &[
                ("code", "union"),
                ("name_ar", "الاتحاد العام للشغل"),
                ("name_fr", "Union générale du travail"),
                ("walled", "on"),
            ],
        )
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
        .post_form(
            "/admin/organizations/party",
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
        .post_form(
            "/admin/organizations/party",
            &[
                ("name_ar", "حزب الأفق الوطني"),
                ("name_fr", "Parti de l'Horizon national"),
            ],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER);
    let page = admin.get("/admin/organizations").await;
    assert!(page.body.contains("حزب الأفق الوطني"));
    let coordinator = app.signed_in("coord", Role::Coordinator, Some("03.561")).await;
    let mut coordinator = coordinator;
    assert_eq!(
        coordinator.get("/admin/organizations").await.status,
        StatusCode::FORBIDDEN
    );
}
