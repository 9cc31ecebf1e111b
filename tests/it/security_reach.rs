//! Reach that holds against an attacker with a party account (issue 22): a CIN or a phone looked
//! up by an import or a form tells nothing of people outside the caller's reach, and a role given
//! for one organization acts on that organization's records only.

use axum::http::{Method, StatusCode};
use mizan::audit::Actor;
use mizan::auth::{Permit, Reach, Role, Scope};
use mizan::people::actions::create_person;
use mizan::people::draft::PersonDraft;
use mizan::people::import::{self, ImportReport, Plan, Source};

use crate::helpers::{PASSWORD, TestApp, api, scalar};

const TAZA: &str = "03.561";

/// One string from the store.
async fn text(app: &TestApp, sql: &str) -> String {
    crate::helpers::text(&app.state.db, sql).await
}

/// A branch of the demo party in Taza, and the permit its secretary gets for adding people.
async fn taza_branch(app: &TestApp) -> (mizan::territory::Unit, Permit) {
    let code = text(
        app,
        "SELECT code FROM territory_units WHERE level = 'branch' AND path LIKE '/MA/03/03.561/%' ORDER BY code LIMIT 1",
    )
    .await;
    let branch = mizan::territory::store::units_by_code(&app.state.db, &[code.as_str()])
        .await
        .expect("query")
        .pop()
        .expect("the branch");
    let permit = Permit {
        scope: Scope::Within(vec![branch.path.clone()]),
        reaches: vec![Reach {
            path: Some(branch.path.clone()),
            organization: None,
        }],
        grants: Vec::new(),
        actor: Actor::cli(),
    };
    (branch, permit)
}

fn person(given: &str, family: &str, cin: &str) -> PersonDraft {
    PersonDraft {
        given_ar: given.into(),
        family_ar: family.into(),
        cin: cin.into(),
        ..PersonDraft::default()
    }
}

/// Imports (or checks) a branch's CSV at `branch` as `permit` allows.
async fn import_at(
    app: &TestApp,
    permit: &Permit,
    branch: &mizan::territory::Unit,
    csv: &str,
    dry_run: bool,
) -> ImportReport {
    let source = Source::Uploaded(std::sync::Arc::new(csv.as_bytes().to_vec()));
    let inspection = import::inspect(&source).expect("read");
    let (header_row, mapping) = inspection.header.expect("headers found");
    let plan = Plan {
        header_row,
        headers: inspection.rows[header_row - 1].cells.clone(),
        mapping,
        organization_id: None,
        branch: Some(branch.clone()),
        residence: None,
        dry_run,
        all_or_nothing: false,
        on_existing: Default::default(),
        file_name: "branche.csv".into(),
    };
    import::run(&app.state, permit, &source, &plan, &|_| {})
        .await
        .expect("the file is processed")
}

#[tokio::test]
async fn an_import_tells_a_cin_registered_in_another_province_from_a_new_one_in_no_way() {
    let (app, report) = TestApp::with_demo().await;
    // A party member of a Taounate branch.
    let taounate_branch = crate::helpers::rural_branch(&report);
    let member = create_person(
        &app.state,
        &Permit::cli(),
        &taounate_branch,
        &person("مريم", "الإدريسي", "ZK10001"),
    )
    .await
    .expect("a member");
    let (branch, secretary) = taza_branch(&app).await;
    let csv = "الاسم العائلي,الاسم الشخصي,رقم البطاقة الوطنية\n\
               الإدريسي,مريم,ZK10001\n\
               الفاسي,عادل,ZK10002\n";

    let checked = import_at(&app, &secretary, &branch, csv, true).await;
    assert_eq!(
        (checked.accepted, checked.matched, checked.rejected),
        (2, 0, 0),
        "the member of Taounate reads as a new person: {:?}",
        checked.rejections
    );
    let imported = import_at(&app, &secretary, &branch, csv, false).await;
    assert_eq!(
        (imported.accepted, imported.matched, imported.rejected),
        (2, 0, 0)
    );
    assert!(imported.landed);

    // Nothing of the member's file reaches the secretary: their own record stands apart.
    let token = app
        .token_for("secretary.taza", Role::BranchSecretary, Some(&branch.code))
        .await;
    let file = api(
        &app,
        Method::GET,
        &format!("/api/v1/people/{member}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(file.status, StatusCode::NOT_FOUND);
    let found = api(&app, Method::GET, "/api/v1/people?q=ZK10001", Some(&token), None).await;
    let items = found.json()["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 1, "their own record");
    let own = items[0]["uid"].as_str().expect("uid").to_owned();
    assert_ne!(own, member);
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM memberships m JOIN people p ON p.id = m.person_id WHERE p.cin_shared = TRUE",
        )
        .await,
        1,
        "kept apart, with its membership"
    );

    // Someone who sees both is shown the pair, and merging it gives the secretary the member.
    let mut admin = app.demo_admin().await;
    let pairs = admin.duplicates().await;
    assert!(
        pairs
            .texts("tr")
            .iter()
            .any(|row| row.contains("نفس رقم البطاقة الوطنية")),
        "{}",
        pairs.body
    );
    mizan::people::dedupe::merge(&app.state, &Permit::cli(), &member, &own, &[])
        .await
        .expect("merged");
    let file = api(
        &app,
        Method::GET,
        &format!("/api/v1/people/{member}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(file.status, StatusCode::OK, "linked by someone who sees both");
}

#[tokio::test]
async fn the_form_answers_a_cin_held_outside_reach_as_it_answers_a_new_one() {
    let (app, report) = TestApp::with_demo().await;
    let taounate_branch = crate::helpers::rural_branch(&report);
    create_person(
        &app.state,
        &Permit::cli(),
        &taounate_branch,
        &person("مريم", "الإدريسي", "ZK20001"),
    )
    .await
    .expect("a member of Taounate");
    create_person(
        &app.state,
        &Permit::cli(),
        &taounate_branch,
        &person("سعاد", "الإدريسي", "ZK20004"),
    )
    .await
    .expect("another member of Taounate");
    let (branch, _) = taza_branch(&app).await;
    create_person(
        &app.state,
        &Permit::cli(),
        &branch.code,
        &person("عادل", "الفاسي", "ZK20002"),
    )
    .await
    .expect("a member of Taza");
    let mut coordinator = app.browser();
    coordinator.login("coord.taza", PASSWORD).await;
    let add = |cin: &'static str| [("given_ar", "سمير"), ("family_ar", "الطاهري"), ("cin", cin)];
    let elsewhere = coordinator.add_person(&branch.code, &add("ZK20001")).await;
    assert_eq!(elsewhere.status, StatusCode::SEE_OTHER, "{}", elsewhere.body);
    let fresh = coordinator.add_person(&branch.code, &add("ZK20003")).await;
    assert_eq!(fresh.status, StatusCode::SEE_OTHER);
    let seen = coordinator.add_person(&branch.code, &add("ZK20002")).await;
    assert_eq!(
        seen.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a CIN of someone the coordinator sees is said taken"
    );
    let again = coordinator.add_person(&branch.code, &add("ZK20001")).await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "and so is the one they just added, now theirs to see"
    );
    let token = app
        .token_for("coord.taza.api", Role::Coordinator, Some(TAZA))
        .await;
    let by_api = api(
        &app,
        Method::POST,
        &format!("/api/v1/territory/{}/people", branch.code),
        Some(&token),
        Some(serde_json::json!({"given_ar": "سمير", "family_ar": "الطاهري", "cin": "ZK20004"})),
    )
    .await;
    assert_eq!(by_api.status, StatusCode::CREATED, "{}", by_api.body);
}

/// A current mandate of a body of `organization` in Taza: (body id, mandate id, the holder's
/// Arabic family name).
async fn seat_in_taza(app: &TestApp, organization: &str) -> (i64, i64, String) {
    let row = format!(
        "FROM mandates m JOIN bodies b ON b.id = m.body_id JOIN body_types t ON t.id = b.body_type_id \
         JOIN organizations o ON o.id = t.organization_id JOIN people p ON p.id = m.person_id \
         WHERE o.code = '{organization}' AND m.ended_on IS NULL AND b.unit_path LIKE '/MA/03/03.561/%' \
         ORDER BY m.id LIMIT 1"
    );
    (
        scalar(&app.state.db, &format!("SELECT b.id {row}")).await,
        scalar(&app.state.db, &format!("SELECT m.id {row}")).await,
        text(app, &format!("SELECT p.family_ar {row}")).await,
    )
}

#[tokio::test]
async fn an_officer_of_the_youth_wing_neither_sees_nor_touches_the_party_s_records() {
    let (app, _) = TestApp::with_demo().await;
    let mut youth = app.browser();
    youth.login("youth.officer", PASSWORD).await;
    let mut taza = app.browser();
    taza.login("coord.taza", PASSWORD).await;

    // A party body: what it is, for the youth officer; who sits on it, for Taza's coordinator.
    let (body, mandate, holder) = seat_in_taza(&app, "party").await;
    let page = youth.body_page(&body).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains(&holder), "a party office-holder's name");
    assert!(taza.body_page(&body).await.body.contains(&holder));
    let ended = youth
        .end_mandate(
            &body,
            &mandate,
            &[("ended_on", "2026-11-28"), ("reason", "استقالة")],
        )
        .await;
    assert_eq!(ended.status, StatusCode::NOT_FOUND);
    assert_eq!(
        scalar(
            &app.state.db,
            &format!("SELECT COUNT(*) FROM mandates WHERE id = {mandate} AND ended_on IS NULL")
        )
        .await,
        1
    );
    // The youth wing's own bureau: its members are theirs to see.
    let youth_body = scalar(
        &app.state.db,
        "SELECT b.id FROM bodies b JOIN body_types t ON t.id = b.body_type_id \
         WHERE t.code = 'youth_provincial_bureau' AND b.unit_code = '03.561'",
    )
    .await;
    let youth_member = text(
        &app,
        "SELECT p.uid FROM people p JOIN memberships m ON m.person_id = p.id \
         JOIN organizations o ON o.id = m.organization_id WHERE o.code = 'youth' AND m.status <> 'ended' \
         AND m.joined_on <= '2026-11-28' AND m.branch_path LIKE '/MA/03/03.561/%' ORDER BY p.id LIMIT 1",
    )
    .await;
    mizan::bodies::mandates::give_mandate(
        &app.state,
        &Permit::cli(),
        youth_body,
        &mizan::bodies::mandates::SeatDraft {
            person: youth_member.clone(),
            position: "secretary".into(),
            started_on: "2026-11-28".into(),
        },
    )
    .await
    .expect("a seat in the youth wing's bureau");
    let youth_holder = text(
        &app,
        &format!("SELECT family_ar FROM people WHERE uid = '{youth_member}'"),
    )
    .await;
    assert!(youth.body_page(&youth_body).await.body.contains(&youth_holder));

    // A party meeting held, with its attendance: no names, no decision.
    let meeting = scalar(
        &app.state.db,
        "SELECT m.id FROM meetings m JOIN bodies b ON b.id = m.body_id JOIN body_types t ON t.id = b.body_type_id \
         JOIN organizations o ON o.id = t.organization_id WHERE o.code = 'party' AND m.status = 'held' \
         AND m.present > 0 ORDER BY m.id LIMIT 1",
    )
    .await;
    let attendee = text(
        &app,
        &format!(
            "SELECT p.family_ar FROM meeting_attendance a JOIN people p ON p.id = a.person_id \
             WHERE a.meeting_id = {meeting} ORDER BY p.id LIMIT 1"
        ),
    )
    .await;
    let page = youth.meeting_page(&meeting).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains(&attendee));
    let decided = youth
        .record_decision(&meeting, &[("text", "قرار"), ("due_on", "2026-12-31")])
        .await;
    assert_eq!(decided.status, StatusCode::NOT_FOUND);

    // A party branch due for renewal: its progress, no step.
    let (campaign, branch) = (
        text(
            &app,
            "SELECT c.code FROM renewal_campaigns c ORDER BY c.id LIMIT 1",
        )
        .await,
        text(
            &app,
            "SELECT branch_code FROM branch_renewals WHERE stage = 'due' ORDER BY branch_code LIMIT 1",
        )
        .await,
    );
    let convened = youth
        .record_renewal_step(&campaign, &branch, &[("step", "convene"), ("date", "2026-12-15")])
        .await;
    assert_eq!(convened.status, StatusCode::NOT_FOUND);
    assert_eq!(
        text(
            &app,
            &format!("SELECT stage FROM branch_renewals WHERE branch_code = '{branch}'")
        )
        .await,
        "due"
    );

    // A lapsed member of the party alone: not the youth officer's to see, nor to pay dues for.
    let lapsed = text(
        &app,
        "SELECT p.uid FROM people p JOIN memberships m ON m.person_id = p.id \
         JOIN organizations o ON o.id = m.organization_id WHERE o.code = 'party' AND m.status = 'lapsed' \
         AND p.id NOT IN (SELECT person_id FROM memberships m2 JOIN organizations o2 ON o2.id = m2.organization_id \
                          WHERE o2.code <> 'party') ORDER BY p.id LIMIT 1",
    )
    .await;
    let paid = youth
        .record_dues(
            &lapsed,
            &[("organization", "party"), ("year", "2026"), ("amount", "120")],
        )
        .await;
    assert_eq!(paid.status, StatusCode::NOT_FOUND);
}
