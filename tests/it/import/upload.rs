//! The import in the browser: upload, check, import.

use super::*;

/// A file as a browser uploads it.
fn multipart(file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----mizan-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Reads the job's page until its step has finished.
async fn settled(browser: &mut crate::helpers::Browser<'_>, url: &str) -> crate::helpers::TestResponse {
    for _ in 0..400 {
        let page = browser.get(url).await;
        assert_eq!(page.status, axum::http::StatusCode::OK, "{}", page.body);
        if page.count("progress") == 0 {
            return page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the import step did not finish");
}

#[tokio::test]
async fn a_branch_secretary_uploads_checks_and_imports_a_workbook_in_the_browser() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let mut browser = app.browser();
    browser.login("branch.rural", PASSWORD).await;
    let form = browser.people_import_page(&branch).await;
    assert_eq!(form.status, axum::http::StatusCode::OK, "{}", form.body);
    let action = form
        .attr("form[enctype='multipart/form-data']", "action")
        .expect("an upload form");
    let bytes = std::fs::read(branch_workbook(app.dir.path())).expect("the workbook");
    let (content_type, body) = multipart("فرع.xlsx", &bytes);

    // Without its anti-forgery token, an upload is refused.
    let path = format!("/territory/{branch}/people/import");
    let refused = browser
        .request(axum::http::Method::POST, &path, Some(&content_type), body.clone())
        .await;
    assert_eq!(refused.status, axum::http::StatusCode::FORBIDDEN);

    let uploaded = browser
        .request(axum::http::Method::POST, &action, Some(&content_type), body)
        .await;
    assert_eq!(
        uploaded.status,
        axum::http::StatusCode::SEE_OTHER,
        "{}",
        uploaded.body
    );
    let job = uploaded.location().expect("the job's page").to_owned();
    let page = browser.get(&job).await;
    assert_eq!(
        page.attr("input[name=header_row]", "value").as_deref(),
        Some("3"),
        "the header was found"
    );
    assert_eq!(
        page.attr("select[name=col_1] option[selected]", "value")
            .as_deref(),
        Some("family_name")
    );
    assert_eq!(
        page.attr("select[name=col_3] option[selected]", "value")
            .as_deref(),
        Some("cin")
    );
    assert_eq!(
        page.attr("select[name=col_0] option[selected]", "value")
            .as_deref(),
        None,
        "the row number is left out"
    );
    assert_eq!(
        page.attr("select#on_existing option[selected]", "value")
            .as_deref(),
        Some("skip"),
        "people already registered are left as they are unless the secretary says otherwise"
    );

    // Check: the per-row report, and nothing written.
    let before = people(&app).await;
    let fields = [
        ("step", "check"),
        ("header_row", "3"),
        ("col_1", "family_name"),
        ("col_2", "given_name"),
        ("col_3", "cin"),
        ("col_4", "phone"),
        ("col_5", "birth_date"),
    ];
    // Two columns into one field: said on the page, nothing runs.
    let twice: Vec<(&str, &str)> = fields.iter().copied().chain([("col_0", "phone")]).collect();
    browser.post_form(&job, &twice).await;
    let page = browser.get(&job).await;
    assert!(page.body.contains("عمودان يذهبان إلى نفس الحقل"), "{}", page.body);
    assert_eq!(page.count("progress"), 0);

    // All or nothing, with rejected rows: nothing could land, so there is nothing to confirm.
    let strict: Vec<(&str, &str)> = fields.iter().copied().chain([("all_or_nothing", "on")]).collect();
    browser.post_form(&job, &strict).await;
    let page = settled(&mut browser, &job).await;
    assert_eq!(page.texts("dd[data-count=rejected]"), vec!["2"], "{}", page.body);
    assert_eq!(
        page.count("input[name=step][value=import]"),
        0,
        "no import to confirm"
    );
    assert_eq!(
        page.count("input[name=step][value=check]"),
        1,
        "the columns can be changed and checked again"
    );

    let checked = browser.post_form(&job, &fields).await;
    assert_eq!(
        checked.status,
        axum::http::StatusCode::SEE_OTHER,
        "{}",
        checked.body
    );
    let page = settled(&mut browser, &job).await;
    assert_eq!(page.count("input[name=step][value=import]"), 1);
    assert_eq!(page.texts("dd[data-count=accepted]"), vec!["5"], "{}", page.body);
    assert_eq!(page.texts("dd[data-count=rejected]"), vec!["2"]);
    let rows: Vec<String> = page.texts("tr[data-row] td:first-child");
    assert_eq!(rows, vec!["6", "8"]);
    assert!(
        page.body.contains("نفس الشخص المذكور في السطر 4"),
        "reasons in Arabic"
    );
    assert_eq!(people(&app).await, before, "a check writes nothing");

    // Someone else cannot see this upload.
    let mut other = app.browser();
    other.login("coord.taounate", PASSWORD).await;
    assert_eq!(other.get(&job).await.status, axum::http::StatusCode::NOT_FOUND);

    // Import what was checked.
    let imported = browser.post_form(&job, &[("step", "import")]).await;
    assert_eq!(imported.status, axum::http::StatusCode::SEE_OTHER);
    let page = settled(&mut browser, &job).await;
    assert_eq!(page.texts("dd[data-count=accepted]"), vec!["5"], "{}", page.body);
    assert_eq!(people(&app).await, before + 5);

    // The report of rejected rows is an audited export.
    let csv = browser.get(&format!("{job}/report.csv")).await;
    assert_eq!(csv.status, axum::http::StatusCode::OK);
    assert!(
        csv.body.starts_with('\u{feff}') && csv.body.contains("ZT-12A4"),
        "{}",
        csv.body
    );
    let actions: Vec<String> = mizan::audit::latest(&app.state.db, 10)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.iter().any(|a| a == "people.import.report"), "{actions:?}");
    assert!(actions.iter().any(|a| a == "people.import"), "{actions:?}");
}
