//! Body types and meeting themes, managed from the web by the national administrator.

use super::*;

#[tokio::test]
async fn the_administrator_adds_a_body_type_from_the_web_retires_it_and_manages_the_themes() {
    let (app, _) = TestApp::with_demo().await;
    let mut admin = app.demo_admin().await;
    let page = admin.body_types().await;
    assert_eq!(page.count("form[action='/body-types'] div.seat"), 6);

    // A Latin name where Arabic is asked, and a seat row typed in French only: said beside each,
    // on the row where it was typed; nothing written.
    let wrong = admin
        .add_body_type(&[
            ("name_ar", "Commission"),
            ("name_fr", "Commission d'arbitrage"),
            ("code", "arbitration"),
            ("organization", "party"),
            ("level", "branch"),
            ("meetings_per_year", "2"),
            ("quorum_rule", "majority"),
            ("seat_fr_2", "Président"),
        ])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.count("#name_ar-error"), 1);
    assert_eq!(
        wrong.count("div.seat[data-seat='2'] .field-error"),
        1,
        "{}",
        wrong.body
    );
    assert_eq!(
        wrong.attr("#seat_fr_2", "value").as_deref(),
        Some("Président"),
        "what was typed is kept"
    );
    let types = || scalar(&app.state.db, "SELECT COUNT(*) FROM body_types");
    let before = types().await;

    let made = admin
        .add_body_type(&[
            ("name_ar", "لجنة التحكيم"),
            ("name_fr", "Commission d'arbitrage"),
            ("code", "arbitration"),
            ("organization", "party"),
            ("level", "branch"),
            ("meetings_per_year", "2"),
            ("quorum_rule", "share"),
            ("quorum_share", "2/3"),
            ("seat_ar_0", "الرئيس"),
            ("seat_fr_0", "Président"),
            ("seat_single_0", "on"),
            ("seat_ar_3", "عضو"),
            ("seat_fr_3", "Membre"),
        ])
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    assert_eq!(types().await, before + 1);
    let bodies_of = || {
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM bodies b JOIN body_types t ON t.id = b.body_type_id WHERE t.code = 'arbitration'",
        )
    };
    let open_branches = scalar(
        &app.state.db,
        "SELECT COUNT(*) FROM territory_units WHERE level = 'branch' AND kind = 'branch' AND closed_on IS NULL",
    )
    .await;
    assert_eq!(
        bodies_of().await,
        open_branches,
        "one body per branch, made at once"
    );
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM body_positions s JOIN body_types t ON t.id = s.body_type_id WHERE t.code = 'arbitration'"
        )
        .await,
        2
    );

    // Retired: its bodies stay, the figures offer it no more, a new branch gets none.
    let retired = admin.change_body_type("arbitration", &[("do", "retire")]).await;
    assert_eq!(retired.status, StatusCode::SEE_OTHER);
    let page = admin.body_types().await;
    assert_eq!(page.count("article[data-code=arbitration][data-retired]"), 1);
    let rate = admin.meeting_rate("").await;
    assert_eq!(rate.count("option[value=arbitration]"), 0);
    let kept = bodies_of().await;
    let province = admin.territory("03.561").await;
    let commune = province.attr("tr[data-code]", "data-code").expect("a commune");
    let branch = admin
        .create_unit(
            &commune,
            &[("name_ar", "فرع التحكيم"), ("name_fr", "Section Tahkim")],
        )
        .await;
    assert_eq!(branch.status, StatusCode::SEE_OTHER, "{}", branch.body);
    assert_eq!(
        bodies_of().await,
        kept,
        "no body of a retired type for a new branch"
    );

    // Themes: one added, then retired (meetings are offered it no more).
    let theme = admin
        .add_meeting_theme(&[("name_ar", "الماء"), ("name_fr", "L'eau"), ("name_en", "")])
        .await;
    assert_eq!(theme.status, StatusCode::SEE_OTHER);
    let again = admin
        .add_meeting_theme(&[("name_ar", "الماء"), ("name_fr", "L'eau"), ("name_en", "")])
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.count("#theme_fr-error"), 1);
    let offered = || {
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM meeting_themes WHERE name_fr = 'L''eau' AND active = TRUE",
        )
    };
    assert_eq!(offered().await, 1);
    let page = admin.body_types().await;
    let code = page
        .html()
        .select(&scraper::Selector::parse("li[data-theme]").expect("selector"))
        .filter(|li| li.text().collect::<String>().contains("الماء"))
        .find_map(|li| li.value().attr("data-theme").map(str::to_owned))
        .expect("the theme is listed");
    let retired = admin.change_meeting_theme(&code, &[("do", "retire")]).await;
    assert_eq!(retired.status, StatusCode::SEE_OTHER);
    assert_eq!(offered().await, 0);
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('body_type.create', 'body_type.retire', 'theme.create', 'theme.retire')"
        )
        .await,
        4
    );

    // A coordinator changes none of it.
    let mut taza = app.browser();
    taza.login("coord.taza", PASSWORD).await;
    assert_eq!(
        taza.change_body_type("provincial_council", &[("do", "retire")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}
