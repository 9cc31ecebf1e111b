//! Lists exported to CSV and Excel, within reach, audited.

use super::*;

#[tokio::test]
async fn a_list_exports_to_csv_and_xlsx_within_reach_with_contacts_only_for_editors_and_audited() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let ours = add(&app, &branch, alaoui("0661239877", "ZT90001")).await;
    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    let csv = secretary.people_csv("?q=alaoui").await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(
        csv.body.starts_with('\u{feff}'),
        "a BOM, so that Excel shows Arabic"
    );
    let mut lines = csv.body.trim_start_matches('\u{feff}').lines();
    let header = lines.next().expect("a header");
    assert!(
        header.starts_with("الاسم العائلي بالعربية;الاسم الشخصي بالعربية"),
        "{header}"
    );
    assert!(
        header.contains("الهاتف"),
        "a branch secretary sees contacts: {header}"
    );
    let ours_line = lines
        .clone()
        .find(|l| l.ends_with(&ours))
        .expect("the member is exported");
    assert!(
        ours_line.contains("العلوي") && ours_line.contains("'+212661239877"),
        "{ours_line}"
    );
    assert!(!csv.body.contains("ZT90001"), "never the CIN");
    // Only people within the branch's reach (the whole export, not a page).
    let all = secretary.people_csv("").await;
    let uids: Vec<&str> = all
        .body
        .lines()
        .skip(1)
        .filter_map(|l| l.rsplit(';').next())
        .collect();
    assert!(uids.contains(&ours.as_str()));
    let db = &app.state.db;
    let place = format!(
        "%/{}/%",
        branch.rsplit_once('-').map_or(branch.as_str(), |(c, _)| c)
    );
    for uid in &uids {
        let n = crate::helpers::scalar(
            db,
            &format!(
                "SELECT COUNT(*) FROM people p WHERE p.uid = '{uid}' AND (p.residence_path LIKE '{place}' \
                 OR p.id IN (SELECT person_id FROM memberships WHERE branch_path LIKE '{place}'))"
            ),
        )
        .await;
        assert_eq!(n, 1, "{uid} is within the branch's reach");
    }

    // A workbook: right to left for an Arabic reader, phones as text.
    let xlsx = secretary.people_xlsx("?q=alaoui").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let raw = xlsx.bytes;
    let mut rows = Vec::new();
    mizan_sheet::read_bytes(&raw, &mizan_sheet::Limits::default(), |r| {
        rows.push(r.cells);
        mizan_sheet::Next::More
    })
    .expect("a workbook");
    assert!(
        rows.iter().any(|r| r.contains(&"+212661239877".to_owned())),
        "{rows:?}"
    );
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(raw)).expect("a zip");
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").expect("a sheet"),
        &mut sheet,
    )
    .expect("xml");
    assert!(sheet.contains("rightToLeft=\"1\""), "right to left for Arabic");

    // A data-protection officer may read the registry but not edit it: no contact columns.
    let mut reviewer = app
        .signed_in("reviewer", Role::DataProtectionOfficer, Some(&branch))
        .await;
    let csv = reviewer.people_csv("?q=alaoui").await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    assert!(
        !csv.body.contains("الهاتف") && !csv.body.contains("+212"),
        "{}",
        csv.body
    );

    let exports: Vec<String> = audit::latest(&app.state.db, 20)
        .await
        .expect("audit")
        .into_iter()
        .filter(|e| e.action == "people.export")
        .map(|e| e.actor)
        .collect();
    assert_eq!(
        exports.iter().filter(|a| *a == "branch.rural").count(),
        3,
        "{exports:?}"
    );
    assert!(exports.iter().any(|a| a == "reviewer"));
}
