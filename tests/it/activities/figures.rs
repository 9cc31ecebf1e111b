//! The dashboard's figures and map, for each caller's reach.

use super::*;

#[tokio::test]
async fn a_branch_secretary_sees_the_figures_of_the_activities_the_branch_organized() {
    let (app, report) = TestApp::with_demo().await;
    let branch = crate::helpers::rural_branch(&report);
    let organized = crate::helpers::scalar(
        &app.state.db,
        &format!(
            "SELECT COUNT(*) FROM activities a JOIN volunteer_campaigns v ON v.id = a.campaign_id \
             WHERE v.code = 'volunteering-2026' AND a.status IN ('done', 'verified') \
             AND a.organizer_path = (SELECT path FROM territory_units WHERE code = '{branch}')"
        ),
    )
    .await;
    assert!(organized > 0, "the demo's rural branch organized activities");
    let token = app
        .token_for("secretary.figures", Role::BranchSecretary, Some(&branch))
        .await;
    let figure = api(
        &app,
        Method::GET,
        "/api/v1/figures/activities?campaign=volunteering-2026",
        Some(&token),
        None,
    )
    .await
    .json();
    assert_eq!(figure["territory"], branch.as_str(), "their branch by default");
    assert_eq!(figure["activities"].as_i64(), Some(organized));
    assert!(figure["beneficiaries"].as_i64().is_some_and(|n| n > 0));

    // The page says the same, and the list behind the number holds those activities.
    let mut secretary = app.browser();
    secretary.login("branch.rural", crate::helpers::PASSWORD).await;
    let dashboard = secretary
        .activities_dashboard("?campaign=volunteering-2026")
        .await;
    assert_eq!(dashboard.status, StatusCode::OK);
    let link = dashboard
        .attr("dd.activities a", "href")
        .expect("the number links to its records");
    let list = secretary.get(&link.replace("&amp;", "&")).await;
    assert_eq!(list.count("tr[data-uid]") as i64, organized);
}

#[tokio::test]
async fn the_map_colours_coverage_activities_verification_or_progress_to_target() {
    let (app, _) = TestApp::with_demo().await;
    let mut admin = app.signed_in("admin.map", Role::NationalAdmin, None).await;
    let coverage = admin.activities_dashboard("?campaign=volunteering-2026").await;
    assert_eq!(
        coverage.count(".map-metrics a"),
        4,
        "four other colourings offered"
    );
    assert_eq!(coverage.count("#map path"), 12, "the twelve regions");
    for metric in ["activities", "beneficiaries", "verification"] {
        let page = admin
            .activities_dashboard(&format!("?campaign=volunteering-2026&map={metric}"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        // Counts are coloured by the regions' own quantiles (as many colours as distinct
        // classes), shares by fifths: every colour of the legend is on the map.
        let html = page.html();
        let selector = scraper::Selector::parse(".legend .swatch").expect("selector");
        let classes: Vec<String> = html
            .select(&selector)
            .filter_map(|s| s.value().attr("class"))
            .map(|c| c.trim_start_matches("swatch ").to_owned())
            .collect();
        assert!((3..=5).contains(&classes.len()), "{metric}: {classes:?}");
        if metric != "verification" {
            for class in &classes {
                assert!(
                    page.count(&format!("#map path.{class}")) >= 1,
                    "{metric}: {class} is on the map"
                );
            }
        }
        assert!(
            page.count(&format!("#map path.{}", classes.last().expect("a class"))) >= 1,
            "{metric}: the highest region takes the darkest colour"
        );
    }
    // Progress: in Fès-Meknès only Taounate and Taza have targets; the other provinces stay uncoloured.
    let progress = admin
        .activities_dashboard("?campaign=volunteering-2026&territory=03&map=progress")
        .await;
    let coloured: Vec<String> = {
        let html = progress.html();
        let selector = scraper::Selector::parse("#map path").expect("selector");
        html.select(&selector)
            .filter(|p| p.value().attr("class").is_some_and(|c| !c.starts_with("q0")))
            .filter_map(|p| p.value().attr("data-code").map(str::to_owned))
            .collect()
    };
    assert_eq!(coloured, vec!["03.531".to_owned(), "03.561".to_owned()]);
}
