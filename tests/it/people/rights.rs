//! A person's rights: everything held about them, their consents, a real erasure.

use super::*;

#[tokio::test]
async fn a_person_gets_everything_held_about_them_their_consents_and_a_real_erasure() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let uid = add(&app, &branch, alaoui("0661239877", "ZT90001")).await;
    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    assert_eq!(secretary.person(&uid).await.status, StatusCode::OK);
    let consent = [
        ("purpose", "convocations"),
        ("answer", "given"),
        ("method", "paper"),
        ("collected_by", "فاطمة، كاتبة الفرع"),
        ("notice_version", "2026-01"),
    ];
    let recorded = secretary.record_consent(&uid, &consent).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let page = secretary.person(&uid).await;
    assert_eq!(page.count("tr[data-purpose=convocations]"), 1);
    let unanswered = secretary
        .record_consent(
            &uid,
            &[
                ("purpose", "news"),
                ("method", "web"),
                ("notice_version", "2026-01"),
            ],
        )
        .await;
    assert_eq!(unanswered.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unanswered.count("#answer-error"), 1, "said beside the field");

    // The data-protection officer hands the person everything held about them.
    let mut dpo = app.signed_in("dpo", Role::DataProtectionOfficer, None).await;
    let export = dpo.subject_file_json(&uid).await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    let file = export.json();
    assert_eq!(file["cin"], "ZT90001");
    assert_eq!(file["person"]["phone"], "+212661239877");
    assert_eq!(file["person"]["memberships"].as_array().map(Vec::len), Some(1));
    assert_eq!(file["consents"][0]["purpose"], "convocations");
    assert_eq!(file["consents"][0]["given"], true);
    let accesses: Vec<(String, String)> = file["accesses"]
        .as_array()
        .expect("accesses")
        .iter()
        .map(|a| {
            (
                a["actor"].as_str().unwrap_or("").to_owned(),
                a["action"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert!(
        accesses.contains(&("branch.rural".to_owned(), "person.read".to_owned())),
        "{accesses:?}"
    );
    assert!(
        accesses.contains(&("branch.rural".to_owned(), "consent.given".to_owned())),
        "{accesses:?}"
    );
    assert_eq!(
        secretary.subject_file_json(&uid).await.status,
        StatusCode::FORBIDDEN
    );

    // Erasure: nothing of them remains but audit entries under their random identifier.
    let db = &app.state.db;
    let members = |db: &Db| {
        let sql = format!(
            "SELECT CAST(COALESCE(SUM(r.active_members), 0) AS BIGINT) FROM membership_rollups r JOIN organizations o \
             ON o.id = r.organization_id AND o.kind = 'party' WHERE r.unit_code = '{branch}'"
        );
        let db = db.clone();
        async move { crate::helpers::scalar(&db, &sql).await }
    };
    let before = members(db).await;
    let refused = dpo.erase_person(&uid, &[("reason", "")]).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is required"
    );
    let erased = dpo
        .erase_person(&uid, &[("reason", "request of 2026-11-20, by letter")])
        .await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER, "{}", erased.body);
    assert_eq!(members(db).await, before - 1, "the branch's figure follows");
    for sql in [
        format!("SELECT COUNT(*) FROM people WHERE uid = '{uid}'"),
        "SELECT COUNT(*) FROM consents WHERE person_id NOT IN (SELECT id FROM people)".to_owned(),
        "SELECT COUNT(*) FROM memberships WHERE person_id NOT IN (SELECT id FROM people)".to_owned(),
    ] {
        assert_eq!(crate::helpers::scalar(db, &sql).await, 0, "{sql}");
    }
    assert_eq!(secretary.person(&uid).await.status, StatusCode::NOT_FOUND);
    assert!(
        uids_on_page(&mut secretary, "alaoui")
            .await
            .iter()
            .all(|u| *u != uid)
    );
    let left = audit::about(db, "person", &uid).await.expect("audit");
    assert!(left.iter().any(|e| e.action == "person.erase"));
    assert!(
        left.iter()
            .all(|e| !e.details.contains("0661239877") && !e.details.contains("ZT90001")),
        "the entries that remain say nothing of the person"
    );
    assert!(matches!(app.audit_verdict().await, audit::Verdict::Intact { .. }));
}
