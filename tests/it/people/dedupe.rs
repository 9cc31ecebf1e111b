//! Duplicates found within reach and merged with nothing lost; every column that points at a
//! person handled by the merge and the erasure.

use super::*;

#[tokio::test]
async fn duplicates_are_found_within_reach_and_merged_field_by_field_with_nothing_lost() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    // The same woman twice: in Arabic with her CIN, and in Latin with the same phone and an e-mail.
    let kept = add(
        &app,
        &branch,
        PersonDraft {
            given_ar: "خديجة".into(),
            family_ar: "الإدريسي".into(),
            phone: "0677889900".into(),
            cin: "ZT70001".into(),
            sex: "f".into(),
            ..PersonDraft::default()
        },
    )
    .await;
    let merged = add(
        &app,
        &branch,
        PersonDraft {
            given_latin: "Khadija".into(),
            family_latin: "El Idrissi".into(),
            phone: "+212 677-889900".into(),
            email: "k.idrissi@example.com".into(),
            ..PersonDraft::default()
        },
    )
    .await;
    // And a man written once in each script, without a phone: similar names in one commune.
    let arabic = add(
        &app,
        &branch,
        PersonDraft {
            given_ar: "محمد".into(),
            family_ar: "التازي".into(),
            ..PersonDraft::default()
        },
    )
    .await;
    let latin = add(
        &app,
        &branch,
        PersonDraft {
            given_latin: "Mohammed".into(),
            family_latin: "Tazi".into(),
            ..PersonDraft::default()
        },
    )
    .await;

    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    let list = secretary.duplicates().await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let pairs: Vec<String> = {
        let selector = scraper::Selector::parse("tr[data-pair]").expect("selector");
        list.html()
            .select(&selector)
            .filter_map(|r| r.value().attr("data-pair").map(str::to_owned))
            .collect()
    };
    assert!(
        pairs.contains(&format!("{kept} {merged}")),
        "same phone: {pairs:?}"
    );
    assert!(
        pairs.contains(&format!("{arabic} {latin}")),
        "similar names: {pairs:?}"
    );
    let mut taza = app.signed_in("taza", Role::Coordinator, Some("03.561")).await;
    let elsewhere = taza.duplicates().await;
    assert!(
        !elsewhere.body.contains(&kept),
        "never outside the caller's reach"
    );
    assert_eq!(
        taza.merge_people(&kept, &merged, &[]).await.status,
        StatusCode::NOT_FOUND
    );

    let screen = secretary.merge_page(&kept, &merged).await;
    assert_eq!(screen.status, StatusCode::OK, "{}", screen.body);
    assert_eq!(
        screen.attr("input[name=take_email][checked]", "value").as_deref(),
        Some("other"),
        "where the kept record has nothing, the other's value is proposed"
    );
    let before = crate::helpers::scalar(&app.state.db, "SELECT COUNT(*) FROM people").await;
    let done = secretary
        .merge_people(
            &kept,
            &merged,
            &[
                ("take_given_latin", "other"),
                ("take_family_latin", "other"),
                ("take_email", "other"),
                ("take_cin", "keep"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), Some(format!("/people/{kept}").as_str()));
    let after = crate::helpers::scalar(&app.state.db, "SELECT COUNT(*) FROM people").await;
    assert_eq!(after, before - 1);

    // One record now, with the fields chosen from each and both memberships.
    let file = api(
        &app,
        Method::GET,
        &format!("/api/v1/people/{kept}"),
        Some(&app.token_for("dpo.check", Role::NationalAdmin, None).await),
        None,
    )
    .await;
    let file = file.json();
    assert_eq!(file["given_ar"], "خديجة");
    assert_eq!(file["given_latin"], "Khadija");
    assert_eq!(file["email"], "k.idrissi@example.com");
    assert_eq!(file["cin_masked"], "ZT***01");
    assert_eq!(file["memberships"].as_array().map(Vec::len), Some(2), "{file}");
    // The old address leads to the survivor, and search finds her under either spelling.
    let old = secretary.person(&merged).await;
    assert_eq!(old.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(old.location(), Some(format!("/people/{kept}").as_str()));
    assert!(
        uids_on_page(&mut secretary, "khadija idrissi")
            .await
            .contains(&kept)
    );
    // The merged record is kept whole, sealed, in the history of the merge.
    let sealed: Vec<u8> = match &app.state.db {
        Db::Sqlite { reader, .. } => {
            sqlx::query_scalar("SELECT merged_record FROM person_merges WHERE merged_uid = $1")
                .bind(&merged)
                .fetch_one(reader)
                .await
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar("SELECT merged_record FROM person_merges WHERE merged_uid = $1")
                .bind(&merged)
                .fetch_one(pool)
                .await
        }
    }
    .expect("the merge's history");
    let history = app
        .state
        .key
        .open_text(&format!("person_merges/{merged}"), &sealed)
        .expect("opens with its uid");
    assert!(
        history.contains("Khadija") && history.contains("+212677889900"),
        "{history}"
    );
    let merges: Vec<String> = audit::latest(&app.state.db, 20)
        .await
        .expect("audit")
        .into_iter()
        .filter(|e| e.action == "person.merge")
        .map(|e| e.details)
        .collect();
    assert!(merges.iter().any(|d| d.contains(&merged)), "{merges:?}");
}

#[tokio::test]
async fn every_column_that_points_at_a_person_is_handled_by_the_merge_and_the_erasure() {
    let app = TestApp::new().await;
    let sql = match &app.state.db {
        Db::Sqlite { .. } => {
            "SELECT m.name || '.' || f.\"from\" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f \
             WHERE m.type = 'table' AND f.\"table\" = 'people' ORDER BY 1"
        }
        Db::Postgres(_) => {
            "SELECT c.relname || '.' || a.attname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid \
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey) \
             WHERE k.contype = 'f' AND k.confrelid = 'people'::regclass ORDER BY 1"
        }
    };
    let pointing: Vec<String> = match &app.state.db {
        Db::Sqlite { reader, .. } => sqlx::query_scalar(sql).fetch_all(reader).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
    }
    .expect("the foreign keys");
    assert!(pointing.len() >= 9, "{pointing:?}");
    let handled: Vec<String> = mizan::people::references::REFERENCES
        .iter()
        .map(|r| format!("{}.{}", r.table, r.column))
        .collect();
    let forgotten: Vec<&String> = pointing.iter().filter(|p| !handled.contains(p)).collect();
    assert!(
        forgotten.is_empty(),
        "columns pointing at people that neither the merge nor the erasure handles: {forgotten:?}"
    );
}

/// The rows of `table` that hang on the person `uid` (dues through their memberships).
async fn held(db: &Db, table: &str, uid: &str) -> i64 {
    let person = format!("(SELECT id FROM people WHERE uid = '{uid}')");
    let sql = match table {
        "dues" => format!(
            "SELECT COUNT(*) FROM dues WHERE membership_id IN (SELECT id FROM memberships WHERE person_id = {person})"
        ),
        _ => format!("SELECT COUNT(*) FROM {table} WHERE person_id = {person}"),
    };
    scalar(db, &sql).await
}

#[tokio::test]
async fn a_merge_keeps_consents_dues_mandates_attendance_activity_links_and_panel_seats_on_the_survivor() {
    let (app, _) = TestApp::with_demo().await;
    let db = &app.state.db;
    // A branch secretary (a seat, meetings attended) and a member who benefited from an activity
    // and paid dues: each gets a consent too.
    let secretary = crate::helpers::text(
        db,
        "SELECT p.uid FROM people p JOIN mandates m ON m.person_id = p.id \
         WHERE m.ended_on IS NULL AND p.id IN (SELECT person_id FROM meeting_attendance) ORDER BY p.id LIMIT 1",
    )
    .await;
    let beneficiary = crate::helpers::text(
        db,
        &format!(
            "SELECT p.uid FROM people p JOIN activity_people l ON l.person_id = p.id \
             JOIN memberships m ON m.person_id = p.id JOIN dues d ON d.membership_id = m.id \
             WHERE p.uid <> '{secretary}' ORDER BY p.id LIMIT 1"
        ),
    )
    .await;
    for (uid, purpose) in [(&secretary, "convocations"), (&beneficiary, "news")] {
        mizan::people::rights::record_consent(
            &app.state,
            &mizan::auth::Permit::cli(),
            uid,
            &mizan::people::rights::ConsentForm {
                purpose: purpose.into(),
                answer: "given".into(),
                method: "paper".into(),
                collected_by: String::new(),
                notice_version: mizan::people::rights::NOTICE_VERSION.into(),
            },
        )
        .await
        .expect("a consent");
    }
    // The secretary sat on a café panel.
    let session = crate::helpers::scalar(db, "SELECT MIN(id) FROM cafe_sessions").await;
    let session = mizan::cafe::store::session_by_id(db, session)
        .await
        .expect("read")
        .expect("a café session");
    mizan::cafe::panel::add_panelist(
        &app.state,
        &mizan::auth::Permit::cli(),
        &session,
        &mizan::cafe::panel::PanelistDraft {
            person: secretary.clone(),
            role: "عضو المكتب".into(),
            ..Default::default()
        },
    )
    .await
    .expect("seated");
    let tables = [
        "consents",
        "dues",
        "mandates",
        "meeting_attendance",
        "activity_people",
        "memberships",
        "cafe_panelists",
    ];
    let mut before = Vec::new();
    for table in tables {
        before.push((
            held(db, table, &secretary).await,
            held(db, table, &beneficiary).await,
        ));
    }
    assert!(before.iter().all(|(a, b)| a + b > 0), "{before:?}");
    mizan::people::dedupe::merge(
        &app.state,
        &mizan::auth::Permit::cli(),
        &secretary,
        &beneficiary,
        &[],
    )
    .await
    .expect("merged");
    for (table, (a, b)) in tables.iter().zip(before) {
        let after = (
            held(db, table, &secretary).await,
            held(db, table, &beneficiary).await,
        );
        assert_eq!(after, (a + b, 0), "{table}");
    }
    assert!(matches!(app.audit_verdict().await, audit::Verdict::Intact { .. }));
}
