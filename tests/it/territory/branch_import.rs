//! A province's branches imported from a workbook, checked row by row.

use super::*;

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
    let unit = coordinator.territory(TAZA).await;
    assert_eq!(
        unit.count(&format!("a[href='/territory/{TAZA}/branches/import']")),
        1
    );
    let form = coordinator.branches_import_page(TAZA).await;
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
    let applied = coordinator.import_branches(TAZA, &fields).await;
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
    let refused = coordinator.import_branches(TAZA, &forged).await;
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
        coordinator.branches_import_page(TAOUNATE).await.status,
        StatusCode::NOT_FOUND
    );
}
