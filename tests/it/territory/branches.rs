//! Branches: created within the province and counted at once above, sections abroad, bad input.

use super::*;

#[tokio::test]
async fn a_new_branch_counts_at_once_in_its_commune_province_region_and_country() {
    let app = TestApp::new().await;
    let token = app.token_for("coord.taza", Role::Coordinator, Some(TAZA)).await;
    let children = api(
        &app,
        Method::GET,
        &format!("/api/v1/territory/{TAZA}/children"),
        Some(&token),
        None,
    )
    .await;
    // Taza's urban communes sit directly in the province.
    let commune = children.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|u| u["level"] == "commune")
        .map(|u| u["code"].as_str().unwrap_or_default().to_owned())
        .expect("an urban commune of Taza");
    let created = api(
        &app,
        Method::POST,
        &format!("/api/v1/territory/{commune}/units"),
        Some(&token),
        Some(json!({"name_ar": "فرع تازة العليا", "name_fr": "Section Taza-Haut"})),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let branch = created.json();
    assert_eq!(branch["level"], "branch");
    assert_eq!(branch["kind"], "branch");
    assert_eq!(branch["code"], format!("{commune}-1"));

    let admin = app.token_for("admin2", Role::NationalAdmin, None).await;
    for code in [commune.as_str(), TAZA, "03", "MA"] {
        let unit = api(
            &app,
            Method::GET,
            &format!("/api/v1/territory/{code}"),
            Some(&admin),
            None,
        )
        .await;
        assert_eq!(unit.json()["branches"], 1, "branches counted at {code}");
    }
    let taounate = api(
        &app,
        Method::GET,
        &format!("/api/v1/territory/{TAOUNATE}"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(taounate.json()["branches"], 0);
}

#[tokio::test]
async fn a_coordinator_cannot_create_a_branch_outside_their_province() {
    let app = TestApp::new().await;
    let token = app.token_for("coord.taza", Role::Coordinator, Some(TAZA)).await;
    let admin = app.token_for("admin2", Role::NationalAdmin, None).await;
    let children = api(
        &app,
        Method::GET,
        &format!("/api/v1/territory/{TAOUNATE}/children"),
        Some(&admin),
        None,
    )
    .await;
    let commune = children.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|u| u["level"] == "commune")
        .map(|u| u["code"].as_str().unwrap_or_default().to_owned())
        .expect("an urban commune of Taounate");
    let refused = api(
        &app,
        Method::POST,
        &format!("/api/v1/territory/{commune}/units"),
        Some(&token),
        Some(json!({"name_ar": "فرع", "name_fr": "Section"})),
    )
    .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let viewer = app.token_for("viewer", Role::Viewer, None).await;
    let forbidden = api(
        &app,
        Method::POST,
        &format!("/api/v1/territory/{commune}/units"),
        Some(&viewer),
        Some(json!({"name_ar": "فرع", "name_fr": "Section"})),
    )
    .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let unit = api(
        &app,
        Method::GET,
        &format!("/api/v1/territory/{commune}"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(unit.json()["branches"], 0, "nothing was written");
}

#[tokio::test]
async fn a_malformed_branch_form_comes_back_with_the_error_beside_the_field_in_french() {
    let app = TestApp::new().await;
    let mut browser = app.signed_in("coord.taza", Role::Coordinator, Some(TAZA)).await;
    browser.accept_language = Some("fr".to_owned());
    let province = browser.territory(TAZA).await;
    let commune = province.attr("tr[data-code]", "data-code").expect("a commune");
    let form = browser.new_unit_form(&commune).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.attr("input[name=name_ar]", "value")
            .is_some_and(|v| v.starts_with("فرع "))
    );

    let response = browser
        .create_unit(&commune, &[("name_ar", "Section latine"), ("name_fr", "")])
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.texts("#name_ar-error"),
        vec!["Écrivez ce nom en caractères arabes."]
    );
    assert_eq!(
        response.texts("#name_fr-error"),
        vec!["Ce champ est obligatoire."]
    );
    assert_eq!(response.attr("#name_ar", "aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        response.attr("#name_ar", "value").as_deref(),
        Some("Section latine"),
        "what was typed is kept"
    );

    let ok = browser
        .create_unit(
            &commune,
            &[("name_ar", "فرع الحي الجديد"), ("name_fr", "Section Hay Jadid")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let page = browser.get(ok.location().expect("the new branch")).await;
    assert_eq!(page.texts("h1"), vec!["Section Hay Jadid"]);
}

#[tokio::test]
async fn a_json_body_that_cannot_be_read_is_a_400_problem_that_says_why() {
    let app = TestApp::new().await;
    let token = app.token_for("admin2", Role::NationalAdmin, None).await;
    let mut request = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/v1/territory/ABROAD/units")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .header("accept-language", "en")
        .body(axum::body::Body::from("{\"name_ar\": "))
        .expect("request");
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(crate::helpers::remote_peer()));
    let response = app.send(request).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    let problem = response.json();
    assert_eq!(problem["code"], "malformed_request");
    assert!(
        problem["detail"].as_str().is_some_and(|d| d.contains("line 1")),
        "{problem}"
    );

    let invalid = api(
        &app,
        Method::POST,
        "/api/v1/territory/ABROAD/units",
        Some(&token),
        Some(json!({"name_ar": "فرنسا", "name_fr": "France", "country_code": "France"})),
    )
    .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = invalid.json();
    assert_eq!(problem["errors"][0]["field"], "country_code");
    assert_eq!(problem["errors"][0]["code"], "field-country-code");
}

#[tokio::test]
async fn sections_abroad_sit_beside_the_country_as_country_city_section() {
    let app = TestApp::new().await;
    let token = app.token_for("admin2", Role::NationalAdmin, None).await;
    let post = |path: String, body: serde_json::Value| {
        let app = &app;
        let token = token.clone();
        async move { api(app, Method::POST, &path, Some(&token), Some(body)).await }
    };
    let france = post(
        "/api/v1/territory/ABROAD/units".into(),
        json!({"name_ar": "فرنسا", "name_fr": "France", "country_code": "fr"}),
    )
    .await;
    assert_eq!(france.status, StatusCode::CREATED, "{}", france.body);
    assert_eq!(france.json()["code"], "FR");
    let paris = post(
        "/api/v1/territory/FR/units".into(),
        json!({"name_ar": "باريس", "name_fr": "Paris"}),
    )
    .await;
    assert_eq!(paris.json()["level"], "abroad_city");
    let city = paris.json()["code"].as_str().expect("code").to_owned();
    let section = post(
        format!("/api/v1/territory/{city}/units"),
        json!({"name_ar": "فرع باريس", "name_fr": "Section de Paris"}),
    )
    .await;
    assert_eq!(section.json()["kind"], "section");
    let again = post(
        "/api/v1/territory/ABROAD/units".into(),
        json!({"name_ar": "فرنسا", "name_fr": "France", "country_code": "FR"}),
    )
    .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    let abroad = api(&app, Method::GET, "/api/v1/territory/ABROAD", Some(&token), None).await;
    assert_eq!(abroad.json()["branches"], 1);
    let morocco = api(
        &app,
        Method::GET,
        "/api/v1/territory/MA/children",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(
        morocco.json()["items"].as_array().map(Vec::len),
        Some(12),
        "abroad is not a region"
    );
}
