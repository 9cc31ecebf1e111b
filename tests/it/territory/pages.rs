//! The territory's pages: the country, a region, a commune, within the caller's reach, current
//! and in few queries.

use super::*;

#[tokio::test]
async fn the_country_lists_its_twelve_regions_with_arabic_and_french_names() {
    let app = TestApp::new().await;
    let token = app.token_for("analyst", Role::Viewer, None).await;
    let response = api(
        &app,
        Method::GET,
        "/api/v1/territory/MA/children",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let body = response.json();
    let items = body["items"].as_array().expect("items");
    assert_eq!(items.len(), 12);
    let fes = items.iter().find(|r| r["code"] == "03").expect("Fès-Meknès");
    assert_eq!(fes["name_ar"], "فاس-مكناس");
    assert_eq!(fes["name_fr"], "Fès-Meknès");
    assert_eq!(fes["level"], "region");
    let communes: i64 = items
        .iter()
        .map(|r| r["urban_communes"].as_i64().unwrap_or(0) + r["rural_communes"].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(communes, 1503);
}

#[tokio::test]
async fn a_commune_page_shows_its_population_and_whether_it_is_urban_or_rural() {
    let app = TestApp::new().await;
    let mut browser = app.signed_in("reader", Role::Viewer, None).await;
    // Taounate (the town) is an urban commune of Taounate province; find a rural one in the province.
    let province = browser.territory(TAOUNATE).await;
    assert_eq!(province.status, StatusCode::OK);
    let rural_kind = province.texts("tr td:nth-child(2)");
    assert!(rural_kind.iter().any(|k| k == "جماعة قروية"), "{rural_kind:?}");
    let selector = scraper::Selector::parse("tr[data-code]").expect("selector");
    let html = province.html();
    let rural_code = html
        .select(&selector)
        .find(|row| row.text().any(|t| t.contains("جماعة قروية")))
        .and_then(|row| row.value().attr("data-code").map(str::to_owned))
        .expect("a rural commune row");

    let page = browser.territory(&rural_code).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.texts(".kind").join(" ").contains("جماعة قروية"));
    let population = page.texts("dd.population");
    assert_eq!(population.len(), 1);
    assert!(
        population[0].chars().any(|c| c.is_ascii_digit()),
        "{population:?}"
    );
    // The breadcrumb leads back through the cercle, the province and the region.
    let crumbs = page.texts(".crumbs li");
    assert!(crumbs.iter().any(|c| c == "تاونات"), "{crumbs:?}");
    assert!(crumbs.iter().any(|c| c == "فاس-مكناس"), "{crumbs:?}");
}

#[tokio::test]
async fn an_unknown_territory_code_is_a_404_in_the_callers_language() {
    let app = TestApp::new().await;
    let token = app.token_for("analyst", Role::Viewer, None).await;
    for code in ["99.999", "not-a-code", "%25"] {
        let response = api(
            &app,
            Method::GET,
            &format!("/api/v1/territory/{code}"),
            Some(&token),
            None,
        )
        .await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{code}");
        assert_eq!(response.header("content-type"), Some("application/problem+json"));
        let problem = response.json();
        assert_eq!(problem["code"], "not_found");
        assert_eq!(problem["title"], "غير موجود");
    }
    let mut browser = app.signed_in("reader", Role::Viewer, None).await;
    browser.accept_language = Some("fr-FR,fr;q=0.9".to_owned());
    let page = browser.territory("99.999").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(page.texts("h1"), vec!["Introuvable"]);
}

#[tokio::test]
async fn a_taza_coordinator_sees_taza_and_nothing_of_taounate() {
    let app = TestApp::new().await;
    let token = app.token_for("coord.taza", Role::Coordinator, Some(TAZA)).await;
    let taza = api(
        &app,
        Method::GET,
        &format!("/api/v1/territory/{TAZA}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(taza.status, StatusCode::OK);
    let taounate = api(
        &app,
        Method::GET,
        &format!("/api/v1/territory/{TAOUNATE}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(taounate.status, StatusCode::NOT_FOUND);
    // From above, the region shows Taza alone among its provinces.
    let region = api(
        &app,
        Method::GET,
        "/api/v1/territory/03/children",
        Some(&token),
        None,
    )
    .await;
    let codes: Vec<_> = region.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|u| u["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(codes, vec![TAZA]);
    let country = api(
        &app,
        Method::GET,
        "/api/v1/territory/MA/children",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(country.json()["items"].as_array().map(Vec::len), Some(1));
}

/// The pages keep the map and the member counts in memory: what another writer changed in the
/// store (another `mizan serve` on the same PostgreSQL, the command line's import on SQLite), of
/// which this server was told nothing, shows on the very next page all the same.
#[tokio::test]
async fn a_change_written_behind_the_servers_back_shows_on_the_next_page() {
    let app = TestApp::new().await;
    let party = crate::helpers::ensure_party(&app.state).await;
    let mut coordinator = app.signed_in("coord.taza", Role::Coordinator, Some(TAZA)).await;
    let province = coordinator.territory(TAZA).await;
    let commune = province.attr("tr[data-code]", "data-code").expect("a commune");
    let page = coordinator.territory(&commune).await;
    assert_eq!(page.texts("dd.members"), ["0"]);
    assert!(!page.body.contains("جماعة الاختبار"));

    // Plain statements on the store: no code of the server runs for them.
    crate::helpers::execute(
        &app.state.db,
        &format!("UPDATE territory_units SET name_ar = 'جماعة الاختبار' WHERE code = '{commune}'"),
    )
    .await;
    crate::helpers::execute(
        &app.state.db,
        &format!(
            "INSERT INTO membership_rollups (unit_code, organization_id, active_members) \
             VALUES ('{commune}', {party}, 7)"
        ),
    )
    .await;
    let page = coordinator.territory(&commune).await;
    assert_eq!(page.texts("dd.members"), ["7"]);
    assert!(
        page.texts("h1").join(" ").contains("جماعة الاختبار"),
        "{:?}",
        page.texts("h1")
    );
    let province = coordinator.territory(TAZA).await;
    assert!(province.body.contains("جماعة الاختبار"));
    // A visitor's home reads the same map: a renamed region shows there too.
    crate::helpers::execute(
        &app.state.db,
        "UPDATE territory_units SET name_ar = 'جهة الاختبار' WHERE code = '03'",
    )
    .await;
    let mut visitor = app.browser();
    assert!(visitor.home().await.body.contains("جهة الاختبار"));
}

/// The pages everyone opens first cost the caller's session query and little more: the map with
/// its member counts, the bodies and the renewal campaigns come from memory while the store's
/// generations hold (a branch's page adds its stage in the campaign).
#[tokio::test]
async fn the_territory_pages_run_at_most_three_queries() {
    let (app, report) = TestApp::with_demo().await;
    let branch = crate::helpers::rural_branch(&report);
    let mut viewer = app.signed_in("reader", Role::Viewer, None).await;
    for path in [
        "/".to_owned(),
        "/territory/03".to_owned(),
        format!("/territory/{TAOUNATE}"),
        format!("/territory/{branch}"),
        format!("/api/v1/territory/{TAZA}/children"),
    ] {
        // The first page of a server takes the copies.
        assert_eq!(viewer.get(&path).await.status, StatusCode::OK, "{path}");
        let (page, queries) = mizan::store::counted(viewer.get(&path)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            (1..=3).contains(&queries),
            "{path} ran {queries} queries (the session's, and at most two more)"
        );
    }
}
