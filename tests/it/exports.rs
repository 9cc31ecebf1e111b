//! Every list downloads as CSV and Excel: the bodies behind the meeting rate (with their
//! office-holders for those who may see people), their meetings and decisions, a renewal's
//! branches, the likely duplicates and the users; within the caller's reach, each download audited.

use axum::http::StatusCode;

use crate::helpers::{PASSWORD, TestApp, TestResponse, scalar};

/// The rows of a CSV download (its header apart), split on `;`.
fn csv_rows(response: &TestResponse) -> (Vec<String>, Vec<Vec<String>>) {
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.header("content-type"), Some("text/csv; charset=utf-8"));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(response.body.trim_start_matches('\u{feff}').as_bytes());
    let header = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("a row").iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

/// The rows of an .xlsx download, its header first.
fn xlsx_rows(response: &TestResponse) -> Vec<Vec<String>> {
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let mut rows = Vec::new();
    mizan_sheet::read_bytes(&response.bytes, &mizan_sheet::Limits::default(), |r| {
        rows.push(r.cells);
        mizan_sheet::Next::More
    })
    .expect("a workbook");
    rows
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    scalar(
        &app.state.db,
        &format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'"),
    )
    .await
}

#[tokio::test]
async fn the_lists_behind_the_meeting_rate_download_within_reach_names_only_for_who_may_see_them() {
    let (app, _) = TestApp::with_demo().await;
    let mut taza = app.browser();
    taza.login("coord.taza", PASSWORD).await;
    let question = "body_type=branch_bureau&from=2020-01-01&to=2030-12-31&territory=03.561";
    let page = taza.meeting_rate(&format!("?{question}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.count("li[data-export] a[download]"),
        6,
        "bodies, meetings, decisions: CSV and Excel each"
    );

    let bodies = taza
        .meeting_rate_export(&format!("?{question}&list=bodies&format=csv"))
        .await;
    let (header, rows) = csv_rows(&bodies);
    assert_eq!(header.len(), 9, "{header:?}");
    let branches = scalar(
        &app.state.db,
        "SELECT COUNT(*) FROM bodies b JOIN body_types t ON t.id = b.body_type_id \
         WHERE t.code = 'branch_bureau' AND b.unit_path LIKE '%/03.561/%'",
    )
    .await;
    assert_eq!(rows.len() as i64, branches, "every bureau of Taza's branches");
    assert!(rows.iter().all(|r| r[0].starts_with("03.561.")), "Taza's only");
    assert!(
        rows.iter().any(|r| !r[8].is_empty()),
        "the coordinator sees who holds the seats"
    );

    let meetings = xlsx_rows(
        &taza
            .meeting_rate_export(&format!("?{question}&list=meetings&format=xlsx"))
            .await,
    );
    let held = scalar(
        &app.state.db,
        "SELECT COUNT(*) FROM meetings m JOIN bodies b ON b.id = m.body_id JOIN body_types t \
         ON t.id = b.body_type_id WHERE t.code = 'branch_bureau' AND m.unit_path LIKE '%/03.561/%' \
         AND COALESCE(m.held_on, m.scheduled_on) >= '2020-01-01'",
    )
    .await;
    assert!(held > 0, "the demo's branches met");
    assert_eq!(meetings.len() as i64, held + 1, "a header and every meeting");
    let decisions = taza
        .meeting_rate_export(&format!("?{question}&list=decisions&format=csv"))
        .await;
    let (_, decided) = csv_rows(&decisions);
    assert!(decided.iter().all(|r| r[0].starts_with("03.561.")));

    // Another province is out of reach; a wrong list or format is said, not guessed.
    let taounate = taza.meeting_rate_export("?territory=03.531&list=bodies").await;
    assert_eq!(taounate.status, StatusCode::NOT_FOUND);
    let wrong = taza
        .meeting_rate_export(&format!("?{question}&list=members"))
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A viewer reads the figures, never the names behind them.
    let mut viewer = app.browser();
    viewer.login("viewer", PASSWORD).await;
    let (_, seen) = csv_rows(
        &viewer
            .meeting_rate_export(&format!("?{question}&list=bodies"))
            .await,
    );
    assert_eq!(seen.len() as i64, branches);
    assert!(seen.iter().all(|r| r[8].is_empty()), "no office-holder's name");
    assert_eq!(audited(&app, "bodies.export").await, 4);
}

#[tokio::test]
async fn a_renewal_the_duplicates_and_the_users_download_within_reach_and_audited() {
    let (app, _) = TestApp::with_demo().await;
    let campaign = mizan::renewal::store::campaigns(&app.state.db, &mizan::auth::Scope::Everywhere)
        .await
        .expect("campaigns")
        .remove(0)
        .code;
    let mut taza = app.browser();
    taza.login("coord.taza", PASSWORD).await;
    let dashboard = taza.renewal_dashboard(&campaign, "").await;
    assert_eq!(dashboard.count("li[data-export=export-list-branches] a"), 2);
    let branches = xlsx_rows(&taza.renewal_export(&campaign, "?format=xlsx").await);
    let in_taza = scalar(
        &app.state.db,
        &format!(
            "SELECT COUNT(*) FROM branch_renewals r JOIN renewal_campaigns c ON c.id = r.campaign_id \
             WHERE c.code = '{campaign}' AND r.branch_path LIKE '%/03.561/%'"
        ),
    )
    .await;
    assert!(in_taza > 0);
    assert_eq!(branches.len() as i64, in_taza + 1, "a header and Taza's branches");
    assert!(branches.iter().skip(1).all(|r| r[0].starts_with("03.561.")));
    let (_, overdue) = csv_rows(&taza.renewal_export(&campaign, "?show=overdue").await);
    assert!(overdue.len() as i64 <= in_taza, "the list behind a number");

    let (header, _) = csv_rows(&taza.duplicates_export().await);
    assert_eq!(header.len(), 7);
    let mut viewer = app.browser();
    viewer.login("viewer", PASSWORD).await;
    assert_eq!(viewer.duplicates_export().await.status, StatusCode::FORBIDDEN);

    let (_, users) = csv_rows(&taza.users_export().await);
    let names: Vec<&str> = users.iter().map(|r| r[0].as_str()).collect();
    assert!(names.contains(&"coord.taza"), "{names:?}");
    assert!(!names.contains(&"coord.taounate"), "{names:?}");
    let mut admin = app.demo_admin().await;
    let (_, everyone) = csv_rows(&admin.users_export().await);
    assert!(everyone.iter().any(|r| r[0] == "coord.taounate"));
    assert_eq!(admin.users().await.count("li[data-export] a"), 2);

    assert_eq!(audited(&app, "renewal.export").await, 2);
    assert_eq!(audited(&app, "people.duplicates_export").await, 1);
    assert_eq!(audited(&app, "users.export").await, 2);
}
