//! The national administrator's settings: activity types, campaigns and their targets.

use super::*;

#[tokio::test]
async fn the_national_admin_adds_a_type_and_a_campaign_whose_targets_show_what_they_reached() {
    let (app, report) = TestApp::with_demo().await;
    let branch = crate::helpers::rural_branch(&report);
    let mut admin = app.signed_in("admin.settings", Role::NationalAdmin, None).await;
    let shipped = admin.activity_types().await;
    assert_eq!(shipped.status, StatusCode::OK);
    assert_eq!(
        shipped.count("table.activity-types tbody tr"),
        6,
        "the shipped types"
    );

    // A clean-up campaign's type, counting women and children only; a wrong form keeps what was typed.
    let mut fields = vec![
        ("code", "Clean Up"),
        ("name_ar", "حملة نظافة"),
        ("name_fr", ""),
        ("name_en", "Clean-up"),
        ("icon", "environment"),
        ("category", "women"),
        ("category", "children"),
    ];
    let wrong = admin.add_activity_type(&fields).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (wrong.count("#code-error"), wrong.count("#name_fr-error")),
        (1, 1)
    );
    assert_eq!(wrong.attr("#name_ar", "value").as_deref(), Some("حملة نظافة"));
    fields[0] = ("code", "cleanup");
    fields[2] = ("name_fr", "Campagne de propreté");
    let added = admin.add_activity_type(&fields).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let again = admin.add_activity_type(&fields).await;
    assert_eq!(again.count("#code-error"), 1, "a code is used once");

    // A coordinator reads the settings but does not change them.
    let mut coordinator = app
        .signed_in("coord.settings", Role::Coordinator, Some("03"))
        .await;
    assert_eq!(coordinator.activity_types().await.status, StatusCode::OK);
    assert_eq!(
        coordinator.add_activity_type(&fields).await.status,
        StatusCode::FORBIDDEN
    );

    // The branch records one at once; it counts no men.
    let mut volunteer = app.browser();
    volunteer.login("branch.rural", crate::helpers::PASSWORD).await;
    let path = format!("/territory/{branch}/activities/new");
    assert_eq!(volunteer.get(&path).await.count("option[value=cleanup]"), 1);
    let mut cleanup = vec![
        ("type", "cleanup"),
        ("status", "done"),
        ("date", "2025-12-20"),
        ("count-women", "40"),
        ("count-men", "15"),
    ];
    let men = volunteer.post_form(&path, &cleanup).await;
    assert_eq!(men.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(men.count("#count-men-error"), 1);
    cleanup[4] = ("count-children", "25");
    let recorded = volunteer.post_form(&path, &cleanup).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let cleanup_activity = activity_at(&recorded);

    // Last December's clean-up campaign in the province, opened afterwards: the activity,
    // in no campaign until then, joins it and its figures.
    let campaign = [
        ("code", "clean-2025"),
        ("name_ar", "حملة النظافة 2025"),
        ("name_fr", "Propreté 2025"),
        ("name_en", "Clean-up 2025"),
        ("scope", "03.531"),
        ("from", "2025-12-01"),
        ("to", "2025-12-31"),
        ("type", "cleanup"),
        ("target_activities", "10"),
        ("target_beneficiaries", "1000"),
    ];
    let opened = admin.add_campaign(&campaign).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    assert_eq!(opened.location(), Some("/campaigns/clean-2025"));
    let figures = api(
        &app,
        Method::GET,
        "/api/v1/figures/activities?campaign=clean-2025",
        Some(&app.token_for("admin.api", Role::NationalAdmin, None).await),
        None,
    )
    .await
    .json();
    assert_eq!(
        (figures["activities"].as_i64(), figures["beneficiaries"].as_i64()),
        (Some(1), Some(65))
    );
    let dashboard = admin
        .activities_dashboard("?campaign=clean-2025&territory=03.531")
        .await;
    assert_eq!(dashboard.count(".progress-activities"), 1, "10 % of its target");

    // A target for a type in the province; one outside the campaign's territory is refused.
    let outside = admin
        .set_campaign_targets("clean-2025", &[("territory", "03.561"), ("activities", "5")])
        .await;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(outside.count("#territory-error"), 1);
    let set = admin
        .set_campaign_targets(
            "clean-2025",
            &[
                ("territory", "03.531"),
                ("type", "cleanup"),
                ("activities", "4"),
                ("beneficiaries", "260"),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    let page = admin.campaign_page("clean-2025").await;
    assert_eq!(
        page.texts("tr[data-territory='03.531'][data-type=cleanup] .reached-beneficiaries"),
        vec!["65"]
    );
    assert_eq!(
        crate::helpers::scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('activity_type.add', 'campaign.create', 'campaign.target')"
        )
        .await,
        3
    );

    // Retired, the type is no longer offered; its activities keep it, and can still be corrected.
    let retired = admin
        .change_activity_type(
            "cleanup",
            &[
                ("name_ar", "حملة نظافة"),
                ("name_fr", "Campagne de propreté"),
                ("name_en", "Clean-up"),
                ("icon", "environment"),
                ("category", "women"),
                ("category", "children"),
            ],
        )
        .await;
    assert_eq!(retired.status, StatusCode::SEE_OTHER, "{}", retired.body);
    assert_eq!(volunteer.get(&path).await.count("option[value=cleanup]"), 0);
    let edit = volunteer.activity_edit_form(&cleanup_activity).await;
    assert_eq!(edit.count("option[value=cleanup][selected]"), 1);
    let mut corrected = cleanup.clone();
    corrected[3] = ("count-women", "42");
    let again = volunteer.correct_activity(&cleanup_activity, &corrected).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
}
