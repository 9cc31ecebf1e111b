//! Sessions and their panel: opening one with its rules checked, the demo's, seating a person of
//! the registry.

use super::*;

#[tokio::test]
async fn a_session_is_opened_with_its_rules_checked_field_by_field() {
    let app = TestApp::new().await;
    let mut coordinator = app.signed_in("coord.taza", Role::Coordinator, Some(TAZA)).await;
    // The event's place is chosen, not typed: the coordinator's province, already filled in.
    let blank = coordinator.cafe_sessions().await;
    assert_eq!(blank.attr("#territory", "value").as_deref(), Some(TAZA));
    assert_eq!(blank.texts("#event-places option"), vec!["تازة"]);
    let form = [
        ("title", "Jeunes et emploi"),
        ("event", "Forum des jeunes"),
        ("territory", TAZA),
        ("opens_at", "2026-11-29T10:30"),
        ("minutes", "90"),
        ("max_length", "280"),
        ("votes_per_device", "3"),
        ("premoderation", "on"),
    ];
    // A fresh store has no organization to hold the event yet: said beside the field.
    let nobody = coordinator.open_cafe_session(&form).await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(nobody.count("#organization-error"), 1);
    crate::helpers::ensure_party(&app.state).await;
    let refused = coordinator
        .open_cafe_session(&[
            ("title", ""),
            ("event", "Forum"),
            ("territory", "03.531"),
            ("opens_at", "demain"),
            ("minutes", "120"),
            ("max_length", "280"),
            ("votes_per_device", "0"),
        ])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["title", "territory", "opens_at"] {
        assert_eq!(refused.count(&format!("#{field}-error")), 1, "{field}");
    }
    let opened = coordinator.open_cafe_session(&form).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let console = coordinator.get(opened.location().expect("the console")).await;
    let code = console.texts("code.join-code").join("");
    assert_eq!(code.len(), 6);
    let qr = app.browser().cafe_qr(&code).await;
    assert_eq!(qr.status, StatusCode::OK);
    assert_eq!(qr.header("content-type"), Some("image/svg+xml"));
    assert!(qr.body.contains("<svg"));
}

#[tokio::test]
async fn the_demo_holds_last_months_forum_and_a_session_open_now() {
    let (app, report) = TestApp::with_demo().await;
    assert_eq!(report.cafe.0, 2);
    let codes: Vec<(String, i64)> = mizan::on_db!(&app.state.db, |c| sqlx::query_as(
        "SELECT code, (SELECT COUNT(*) FROM cafe_questions q WHERE q.session_id = s.id) FROM cafe_sessions s ORDER BY opens_at"
    )
    .fetch_all(c)
    .await)
    .expect("sessions");
    let (past, questions) = &codes[0];
    assert_eq!(*questions, 200);
    let archive = app.browser().cafe_archive(&past, "").await;
    assert_eq!(archive.status, StatusCode::OK);
    assert!(archive.count(".answer") >= 20, "the top questions were answered");
    assert!(archive.count(".commitment") >= 5);
    assert!(
        archive.count("#log tr[data-action=hide]") >= 5,
        "hidden questions leave their reason"
    );
    let votes: Vec<i64> = mizan::on_db!(&app.state.db, |c| sqlx::query_scalar(
        "SELECT q.votes FROM cafe_questions q JOIN cafe_sessions s ON s.id = q.session_id \
         WHERE s.code = $1 AND q.status = 'published' ORDER BY q.votes DESC"
    )
    .bind(past)
    .fetch_all(c)
    .await)
    .expect("votes");
    let median = votes[votes.len() / 2];
    assert!(
        votes[0] >= 10 * median.max(1),
        "a few questions gather most votes: {} vs {median}",
        votes[0]
    );

    let (open, _) = &codes[1];
    let phone = app.browser().cafe_phone(&open).await;
    assert_eq!(phone.count(".phase-open"), 1, "the Taza session is open now");
    assert!(phone.count("[data-list=top] li") >= 20);
    let mut moderator = app
        .signed_in("moderateur.taza", Role::Moderator, Some(TAZA))
        .await;
    let sessions = moderator.cafe_sessions().await;
    assert_eq!(
        sessions.count("tr[data-session]"),
        1,
        "a Taza moderator sees Taza's session only"
    );
    let console = moderator
        .get(&sessions.attr("tr[data-session] a", "href").expect("a link"))
        .await;
    assert!(
        console.count("#pending li.q") >= 3,
        "questions wait for the moderators"
    );
}

#[tokio::test]
async fn a_minister_of_the_registry_is_seated_on_the_panel_by_searching_their_name() {
    let app = TestApp::new().await;
    let session = open_session(&app, false).await;
    let commune_in = |province: &'static str| {
        let db = app.state.db.clone();
        async move {
            crate::helpers::text(
                &db,
                &format!(
                    "SELECT code FROM territory_units WHERE level = 'commune' AND path LIKE '%/{province}/%' \
                     ORDER BY code LIMIT 1"
                ),
            )
            .await
        }
    };
    let mut uids = Vec::new();
    for province in [TAZA, "03.531"] {
        let draft = mizan::people::draft::PersonDraft {
            given_ar: "نادية".into(),
            family_ar: "البقالي".into(),
            given_latin: "Nadia".into(),
            family_latin: "Bakkali".into(),
            ..Default::default()
        };
        uids.push(
            mizan::people::actions::create_person(
                &app.state,
                &mizan::auth::Permit::cli(),
                &commune_in(province).await,
                &draft,
            )
            .await
            .expect("a person"),
        );
    }
    let mut organizer = app.signed_in("coord.taza", Role::Coordinator, Some(TAZA)).await;
    let searched = organizer
        .seat_panelist(
            &session.id,
            &[
                ("person", "Bakkali"),
                ("role", "وزيرة الصحة"),
                ("sectors", "health"),
            ],
        )
        .await;
    assert_eq!(searched.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (
            searched.count("fieldset.choices input[name=person]"),
            searched.attr("fieldset.choices input[name=person]", "value")
        ),
        (1, Some(uids[0].clone())),
        "the namesake of Taza to tick, not the one of Taounate"
    );
    assert_eq!(
        searched
            .attr("fieldset.sectors input[checked]", "value")
            .as_deref(),
        Some("health"),
        "the sectors ticked stay ticked"
    );
    let seated = organizer
        .seat_panelist(
            &session.id,
            &[
                ("person", &uids[0]),
                ("role", "وزيرة الصحة"),
                ("sectors", "health"),
                ("sectors", "employment"),
            ],
        )
        .await;
    assert_eq!(seated.status, StatusCode::SEE_OTHER, "{}", seated.body);
    let console = organizer.cafe_console(&session.id).await;
    assert_eq!(
        console.texts(&format!("#panel li[data-person='{}'] a", uids[0])),
        vec!["نادية البقالي"],
        "seated under the record's names, linked to it"
    );
    assert_eq!(
        console.texts(&format!("#panel li[data-person='{}'] .muted", uids[0])),
        vec!["(الصحة · التشغيل)"],
        "the sectors ticked, in words"
    );
    let outside = organizer
        .seat_panelist(&session.id, &[("person", &uids[1]), ("role", "وزيرة")])
        .await;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(outside.count("#person-error"), 1, "not found, as anyone unknown");
    let public = app.browser().get(&format!("/api/v1/cafe/{}", session.code)).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("Nadia Bakkali"), "{}", public.body);
    assert!(
        !public.body.contains(&uids[0]),
        "the public never sees whose record it is"
    );
}
