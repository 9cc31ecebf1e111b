//! The territory: the map in pages and JSON, drilling down, party units, and scope.

use axum::http::{Method, StatusCode};
use mizan::auth::Role;
use serde_json::json;

use crate::helpers::{TestApp, api};

const TAZA: &str = "03.561";
const TAOUNATE: &str = "03.531";

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
    let province = browser.get(&format!("/territory/{TAOUNATE}")).await;
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

    let page = browser.get(&format!("/territory/{rural_code}")).await;
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
    let page = browser.get("/territory/99.999").await;
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
    let province = browser.get(&format!("/territory/{TAZA}")).await;
    let commune = province.attr("tr[data-code]", "data-code").expect("a commune");
    let form = browser.get(&format!("/territory/{commune}/new")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.attr("input[name=name_ar]", "value")
            .is_some_and(|v| v.starts_with("فرع "))
    );

    let response = browser
        .post_form(
            &format!("/territory/{commune}/new"),
            &[("name_ar", "Section latine"), ("name_fr", "")],
        )
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
        .post_form(
            &format!("/territory/{commune}/new"),
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

/// The hidden fields of the report's form, as a browser would post them.
fn report_fields(page: &crate::helpers::TestResponse) -> Vec<(String, String)> {
    let html = page.html();
    let selector =
        scraper::Selector::parse("form[action$='/branches/import/apply'] input").expect("a selector");
    html.select(&selector)
        .filter_map(|i| {
            Some((
                i.value().attr("name")?.to_owned(),
                i.value().attr("value")?.to_owned(),
            ))
        })
        .collect()
}

#[tokio::test]
async fn a_coordinator_imports_the_branches_of_the_province_from_a_workbook_checked_row_by_row() {
    let app = TestApp::new().await;
    let db = &app.state.db;
    let communes = |province: &str| {
        format!(
            "SELECT code FROM territory_units WHERE level = 'commune' AND path LIKE '%/{province}/%' ORDER BY code"
        )
    };
    let first = crate::helpers::text(db, &format!("{} LIMIT 1", communes(TAZA))).await;
    let second = crate::helpers::text(db, &format!("{} LIMIT 1 OFFSET 1", communes(TAZA))).await;
    let second_fr = crate::helpers::text(
        db,
        &format!("SELECT name_fr FROM territory_units WHERE code = '{second}'"),
    )
    .await;
    let elsewhere = crate::helpers::text(db, &format!("{} LIMIT 1", communes(TAOUNATE))).await;
    let branches_before = crate::helpers::scalar(
        db,
        &format!("SELECT branches FROM territory_units WHERE code = '{TAZA}'"),
    )
    .await;

    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let rows: [[&str; 4]; 7] = [
        ["الجماعة", "الاسم بالعربية", "الاسم بالفرنسية", "تاريخ التأسيس"],
        [&first, "فرع الوحدة", "Al Wahda", "2019-05-12"],
        [&first, "فرع الأمل", "Al Amal", ""],
        [&second_fr, "فرع النور", "Annour", "12/03/2021"],
        [&elsewhere, "فرع تاونات", "Taounate", ""],
        [&second, "فرع الغد", "Al Ghad", "2031-01-01"],
        [&first, "فرع الوحدة", "Al Wahda 2", ""],
    ];
    sheet.write_string(0, 0, "فروع إقليم تازة").expect("a cell");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 2, c as u16, *cell).expect("a cell");
        }
    }
    let bytes = workbook.save_to_buffer().expect("a workbook");

    let mut coordinator = app.signed_in("coord.taza", Role::Coordinator, Some(TAZA)).await;
    let unit = coordinator.get(&format!("/territory/{TAZA}")).await;
    assert_eq!(
        unit.count(&format!("a[href='/territory/{TAZA}/branches/import']")),
        1
    );
    let form = coordinator
        .get(&format!("/territory/{TAZA}/branches/import"))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = coordinator.csrf().await;
    let (content_type, body) = crate::helpers::multipart("file", "فروع.xlsx", &bytes);
    let checked = coordinator
        .request(
            Method::POST,
            &format!("/territory/{TAZA}/branches/import?_csrf={csrf}"),
            Some(&content_type),
            body,
        )
        .await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert_eq!(checked.count("tr[data-verdict=ready]"), 3, "{}", checked.body);
    let refused = checked.texts("tr[data-verdict=refused] .field-error");
    assert_eq!(refused.len(), 3);
    assert!(refused[0].contains("نطاقك"), "another province: {}", refused[0]);
    assert!(refused[1].contains("المستقبل"), "a date ahead: {}", refused[1]);
    assert!(
        refused[2].contains("من قبل"),
        "the same name twice: {}",
        refused[2]
    );
    assert_eq!(
        checked.attr("tr[data-verdict=refused]", "data-row").as_deref(),
        Some("7"),
        "the spreadsheet's own row number"
    );
    assert_eq!(
        crate::helpers::scalar(
            db,
            &format!("SELECT branches FROM territory_units WHERE code = '{TAZA}'")
        )
        .await,
        branches_before,
        "a check writes nothing"
    );

    let fields = report_fields(&checked);
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .filter(|(k, _)| k != "_csrf")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let applied = coordinator
        .post_form(&format!("/territory/{TAZA}/branches/import/apply"), &fields)
        .await;
    assert_eq!(applied.status, StatusCode::OK, "{}", applied.body);
    assert_eq!(applied.count("ul.made li"), 3);
    assert_eq!(
        crate::helpers::scalar(
            db,
            &format!("SELECT branches FROM territory_units WHERE code = '{TAZA}'")
        )
        .await,
        branches_before + 3
    );
    assert_eq!(
        crate::helpers::text(
            db,
            &format!(
                "SELECT CAST(founded_on AS TEXT) FROM territory_units WHERE parent_code = '{first}' \
                 AND name_fr = 'Al Wahda'"
            )
        )
        .await,
        "2019-05-12"
    );
    assert_eq!(
        crate::helpers::scalar(
            db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'territory.unit.create'"
        )
        .await,
        3
    );

    // The same rows again, or one that a forged form slips in from another province: the check
    // runs again, refuses, and nothing is written.
    let mut forged = fields.clone();
    forged.extend([
        ("9-row", "9"),
        ("9-commune", elsewhere.as_str()),
        ("9-name_ar", "فرع"),
        ("9-name_fr", "Branche"),
    ]);
    let refused = coordinator
        .post_form(&format!("/territory/{TAZA}/branches/import/apply"), &forged)
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(
        crate::helpers::scalar(
            db,
            &format!("SELECT branches FROM territory_units WHERE code = '{TAZA}'")
        )
        .await,
        branches_before + 3
    );

    // A CSV as Arabic Excel saves it (Windows-1256, semicolons), headers in French, the commune
    // by its French name.
    let text = format!("commune;nom arabe;nom\r\n{second_fr};فرع السلام;Assalam\r\n");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&text);
    assert!(!unmappable);
    let (content_type, body) = crate::helpers::multipart("file", "sections.csv", &bytes);
    let checked = coordinator
        .request(
            Method::POST,
            &format!("/territory/{TAZA}/branches/import?_csrf={csrf}"),
            Some(&content_type),
            body,
        )
        .await;
    assert_eq!(checked.count("tr[data-verdict=ready]"), 1, "{}", checked.body);

    // A file that is no list of branches says which columns it lacks.
    let (content_type, body) =
        crate::helpers::multipart("file", "x.csv", "nom,date\nA,2020-01-01\n".as_bytes());
    let unreadable = coordinator
        .request(
            Method::POST,
            &format!("/territory/{TAZA}/branches/import?_csrf={csrf}"),
            Some(&content_type),
            body,
        )
        .await;
    assert_eq!(unreadable.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unreadable.texts("p.notice").join("").contains("الجماعة"),
        "{}",
        unreadable.body
    );

    // A coordinator of Taza cannot import in Taounate.
    assert_eq!(
        coordinator
            .get(&format!("/territory/{TAOUNATE}/branches/import"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// Active members of the party at or below a unit, from the rollups.
async fn party_members(app: &TestApp, unit: &str) -> i64 {
    crate::helpers::scalar(
        &app.state.db,
        &format!(
            "SELECT CAST(COALESCE(SUM(r.active_members), 0) AS BIGINT) FROM membership_rollups r \
             JOIN organizations o ON o.id = r.organization_id AND o.kind = 'party' WHERE r.unit_code = '{unit}'"
        ),
    )
    .await
}

async fn branches_at(app: &TestApp, unit: &str) -> i64 {
    crate::helpers::scalar(
        &app.state.db,
        &format!("SELECT branches FROM territory_units WHERE code = '{unit}'"),
    )
    .await
}

#[tokio::test]
async fn a_branch_is_renamed_then_merged_into_another_and_the_other_closed_with_its_history_kept() {
    let app = TestApp::new().await;
    crate::helpers::ensure_party(&app.state).await;
    let mut coordinator = app.signed_in("coord.taza", Role::Coordinator, Some(TAZA)).await;
    let province = coordinator.get(&format!("/territory/{TAZA}")).await;
    let commune = province.attr("tr[data-code]", "data-code").expect("a commune");
    let mut branches = Vec::new();
    for (ar, fr) in [("فرع الأمل", "Al Amal"), ("فرع النور", "Annour")] {
        let made = coordinator
            .post_form(
                &format!("/territory/{commune}/new"),
                &[("name_ar", ar), ("name_fr", fr)],
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER);
        let code = made
            .location()
            .and_then(|l| l.strip_prefix("/territory/"))
            .expect("the branch")
            .to_owned();
        branches.push(code);
    }
    let (first, second) = (branches[0].clone(), branches[1].clone());
    for (branch, given) in [
        (&first, "سعيد"),
        (&first, "ليلى"),
        (&first, "حسن"),
        (&second, "مريم"),
    ] {
        let added = coordinator
            .post_form(
                &format!("/territory/{branch}/people/new"),
                &[("given_ar", given), ("family_ar", "التازي")],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let (members_before, branches_before) = (party_members(&app, TAZA).await, branches_at(&app, TAZA).await);
    assert_eq!(party_members(&app, &first).await, 3);
    open_renewal(&app, "renewal-2026").await;

    let renamed = coordinator
        .post_form(
            &format!("/territory/{first}/rename"),
            &[("name_ar", "فرع الأمل الجديد"), ("name_fr", "Al Amal Jadid")],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    let page = coordinator.get(&format!("/territory/{first}")).await;
    assert_eq!(page.texts("h1"), vec!["فرع الأمل الجديد"]);

    let no_reason = coordinator
        .post_form(
            &format!("/territory/{first}/close"),
            &[
                ("on", "2026-11-29"),
                ("reason", ""),
                ("members", "merge"),
                ("into", &second),
            ],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_reason.count("#reason-error"), 1);
    assert_eq!(branches_at(&app, TAZA).await, branches_before, "nothing written");

    let manage = coordinator.get(&format!("/territory/{first}/manage")).await;
    assert_eq!(
        manage.count(&format!("select#into option[value='{second}']")),
        1,
        "the other branch of the province is offered"
    );
    let merged = coordinator
        .post_form(
            &format!("/territory/{first}/close"),
            &[
                ("on", "2026-11-28"),
                ("reason", "فرعان في حي واحد"),
                ("members", "merge"),
                ("into", &second),
            ],
        )
        .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    assert_eq!(party_members(&app, &second).await, 4, "the members moved");
    assert_eq!(party_members(&app, &first).await, 0);
    assert_eq!(
        party_members(&app, TAZA).await,
        members_before,
        "nobody lost on the way"
    );
    assert_eq!(branches_at(&app, TAZA).await, branches_before - 1);
    let closed = coordinator.get(&format!("/territory/{first}")).await;
    assert_eq!(closed.status, StatusCode::OK, "its page stays");
    assert!(
        closed
            .texts(".closed-notice")
            .join(" ")
            .contains("فرعان في حي واحد")
    );
    assert_eq!(
        closed.count(&format!(".closed-notice a[href='/territory/{second}']")),
        1
    );
    assert_eq!(
        closed.count(&format!("a[href='/territory/{first}/people/new']")),
        0
    );
    assert_eq!(
        coordinator
            .get(&format!("/territory/{first}/manage"))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "closed once"
    );
    let late = coordinator
        .post_form(
            &format!("/territory/{first}/people/new"),
            &[("given_ar", "نبيل"), ("family_ar", "التازي")],
        )
        .await;
    assert_eq!(
        late.status,
        StatusCode::CONFLICT,
        "a closed branch takes no new member"
    );
    assert_eq!(
        crate::helpers::scalar(
            &app.state.db,
            &format!("SELECT COUNT(*) FROM bodies WHERE unit_code = '{first}' AND dissolved_on IS NULL")
        )
        .await,
        0,
        "its bureau dissolved"
    );

    // The last branch closes, its members kept as lapsed: no longer counted.
    let lapsed = coordinator
        .post_form(
            &format!("/territory/{second}/close"),
            &[
                ("on", "2026-11-29"),
                ("reason", "توقف النشاط"),
                ("members", "lapse"),
            ],
        )
        .await;
    assert_eq!(lapsed.status, StatusCode::SEE_OTHER, "{}", lapsed.body);
    assert_eq!(party_members(&app, TAZA).await, members_before - 4);
    assert_eq!(branches_at(&app, TAZA).await, branches_before - 2);
    assert_eq!(
        crate::helpers::scalar(
            &app.state.db,
            &format!("SELECT COUNT(*) FROM memberships WHERE branch_code = '{second}' AND status = 'lapsed'")
        )
        .await,
        4
    );
    assert_eq!(
        crate::helpers::scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('territory.unit.rename', 'territory.unit.merge', 'territory.unit.close')"
        )
        .await,
        3
    );
    // Their renewals in the running campaign end with them; a later campaign leaves them out;
    // and they take no activity.
    let stage = |code: String| {
        let app = &app;
        async move {
            mizan::on_db!(&app.state.db, |c| sqlx::query_as::<_, (String, Option<String>)>(
                "SELECT r.stage, r.merged_into FROM branch_renewals r JOIN renewal_campaigns c ON c.id = r.campaign_id \
                 WHERE c.code = 'renewal-2026' AND r.branch_code = $1"
            )
            .bind(code)
            .fetch_one(c)
            .await)
            .expect("a renewal")
        }
    };
    assert_eq!(
        stage(first.clone()).await,
        ("merged".to_owned(), Some(second.clone()))
    );
    assert_eq!(stage(second.clone()).await, ("lapsed".to_owned(), None));
    open_renewal(&app, "renewal-2027").await;
    assert_eq!(
        crate::helpers::scalar(
            &app.state.db,
            &format!(
                "SELECT COUNT(*) FROM branch_renewals r JOIN renewal_campaigns c ON c.id = r.campaign_id \
                 WHERE c.code = 'renewal-2027' AND r.branch_code IN ('{first}', '{second}')"
            )
        )
        .await,
        0,
        "a closed branch is not due for renewal"
    );
    assert_eq!(
        coordinator
            .get(&format!("/territory/{second}/activities/new"))
            .await
            .status,
        StatusCode::CONFLICT,
        "a closed branch records no activity"
    );
    // Another province's coordinator cannot touch them.
    let mut other = app
        .signed_in("coord.taounate", Role::Coordinator, Some(TAOUNATE))
        .await;
    assert_eq!(
        other.get(&format!("/territory/{second}/manage")).await.status,
        StatusCode::NOT_FOUND
    );
}

/// A renewal campaign of the whole country, running from October to March.
async fn open_renewal(app: &TestApp, code: &str) {
    let draft = mizan::renewal::actions::CampaignDraft {
        code: code.into(),
        name_ar: "تجديد الفروع".into(),
        name_fr: "Renouvellement".into(),
        name_en: String::new(),
        scope: "MA".into(),
        starts_on: "2026-10-01".into(),
        ends_on: "2027-03-31".into(),
        min_paid_members: "0".into(),
    };
    mizan::renewal::actions::open_campaign(&app.state, &mizan::audit::Actor::cli(), &draft)
        .await
        .expect("a campaign");
}

/// The pages keep the map and the member counts in memory: what another writer changed in the
/// store (another `mizan serve` on the same PostgreSQL, the command line's import on SQLite), of
/// which this server was told nothing, shows on the very next page all the same.
#[tokio::test]
async fn a_change_written_behind_the_servers_back_shows_on_the_next_page() {
    let app = TestApp::new().await;
    let party = crate::helpers::ensure_party(&app.state).await;
    let mut coordinator = app.signed_in("coord.taza", Role::Coordinator, Some(TAZA)).await;
    let province = coordinator.get(&format!("/territory/{TAZA}")).await;
    let commune = province.attr("tr[data-code]", "data-code").expect("a commune");
    let page = coordinator.get(&format!("/territory/{commune}")).await;
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
    let page = coordinator.get(&format!("/territory/{commune}")).await;
    assert_eq!(page.texts("dd.members"), ["7"]);
    assert!(
        page.texts("h1").join(" ").contains("جماعة الاختبار"),
        "{:?}",
        page.texts("h1")
    );
    let province = coordinator.get(&format!("/territory/{TAZA}")).await;
    assert!(province.body.contains("جماعة الاختبار"));
    // A visitor's home reads the same map: a renamed region shows there too.
    crate::helpers::execute(
        &app.state.db,
        "UPDATE territory_units SET name_ar = 'جهة الاختبار' WHERE code = '03'",
    )
    .await;
    let mut visitor = app.browser();
    assert!(visitor.get("/").await.body.contains("جهة الاختبار"));
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
