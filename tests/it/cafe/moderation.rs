//! Moderation: merging, hiding with a reason in the public log, the kill switch, answers and
//! commitments in the archive.

use super::*;

#[tokio::test]
async fn merging_duplicates_carries_the_votes_and_counts_each_phone_once() {
    let app = TestApp::new().await;
    let session = open_session(&app, false).await;
    let first = ask(&app, &session, &participant(0), "متى ستفتح الجامعة بتازة؟").await;
    let duplicate = ask(&app, &session, &participant(1), "متى تفتح جامعة تازة؟").await;
    // Phone 1 votes for both, phone 2 for the first, phone 3 for the duplicate.
    for (phone, q) in [(1, first), (1, duplicate), (2, first), (3, duplicate)] {
        let (changed, _) = participate::vote(&app.state, &session, &participant(phone), q, true)
            .await
            .expect("the vote is taken");
        assert!(changed);
    }
    let mut moderator = app
        .signed_in("moderateur.taza", Role::Moderator, Some(TAZA))
        .await;
    let console = moderator.cafe_console(&session.id).await;
    assert_eq!(
        console.attr("datalist#merge-targets option", "value"),
        Some(first.to_string()),
        "a merge's target is picked from the questions, not typed from memory"
    );
    assert_eq!(console.count("datalist#merge-targets option"), 2);
    let merge = format!("/cafe/{}/questions/{duplicate}", session.id);
    let wrong = moderator
        .post_form(&merge, &[("do", "merge"), ("into", &duplicate.to_string())])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "not into itself");
    let merged = moderator
        .post_form(&merge, &[("do", "merge"), ("into", &format!("#{first}"))])
        .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    let stored = mizan::cafe::store::question(&app.state.db, session.id, first)
        .await
        .expect("read")
        .expect("the question");
    assert_eq!(stored.votes, 3, "phones 1, 2 and 3: phone 1 is not counted twice");
    let page = app.browser().cafe_phone(&session.code).await;
    assert_eq!(
        page.count(&format!("#q{duplicate}")),
        0,
        "the duplicate is gone from the phones"
    );
    let (changed, votes) = participate::vote(&app.state, &session, &participant(3), first, true)
        .await
        .expect("a vote");
    assert!(!changed, "phone 3's vote came over with the merge");
    assert_eq!(votes, 3);
    let archive = app.browser().cafe_archive(&session.code, "").await;
    assert_eq!(archive.count("#log tr[data-action=merge]"), 1);
}

#[tokio::test]
async fn a_hidden_question_leaves_its_reason_in_the_public_log_not_its_text() {
    let app = TestApp::new().await;
    let session = open_session(&app, false).await;
    let abusive = ask(&app, &session, &participant(0), "نص مسيء لشخص بعينه").await;
    let fine = ask(&app, &session, &participant(1), "What about rural roads?").await;
    let mut moderator = app
        .signed_in("moderateur.taza", Role::Moderator, Some(TAZA))
        .await;
    let hide = format!("/cafe/{}/questions/{abusive}", session.id);
    let no_reason = moderator.post_form(&hide, &[("do", "hide")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        no_reason.count(".field-error"),
        1,
        "the reason is asked for beside the question"
    );
    let hidden = moderator
        .post_form(&hide, &[("do", "hide"), ("reason", "إساءة شخصية")])
        .await;
    assert_eq!(hidden.status, StatusCode::SEE_OTHER, "{}", hidden.body);

    let archive = app.browser().cafe_archive(&session.code, "").await;
    assert_eq!(archive.status, StatusCode::OK);
    assert_eq!(
        archive.texts("#log tr[data-action=hide] td:nth-child(4)"),
        vec!["إساءة شخصية"]
    );
    assert!(
        !archive.body.contains("نص مسيء"),
        "the hidden text is not published"
    );
    let json = crate::helpers::api(
        &app,
        Method::GET,
        &format!("/api/v1/cafe/{}", session.code),
        None,
        None,
    )
    .await;
    assert_eq!(json.status, StatusCode::OK);
    let ids: Vec<i64> = json.json()["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .filter_map(|q| q["id"].as_i64())
        .collect();
    assert_eq!(ids, vec![fine]);
    assert_eq!(json.json()["moderation_log"][0]["reason"], "إساءة شخصية");
    assert!(
        json.json()["moderation_log"][0].get("moderator").is_none(),
        "moderators are not named"
    );

    // A tag is logged by its sector's name in the reader's language, and can be taken off.
    let tag = format!("/cafe/{}/questions/{fine}", session.id);
    let tagged = moderator
        .post_form(&tag, &[("do", "tag"), ("sector", "governance")])
        .await;
    assert_eq!(tagged.status, StatusCode::SEE_OTHER, "{}", tagged.body);
    let other = ask(&app, &session, &participant(3), "والصحة؟").await;
    let by_sector = app
        .browser()
        .cafe_archive(&session.code, "?sector=governance")
        .await;
    assert_eq!(
        by_sector.texts("nav.sectors a"),
        vec!["كل القطاعات (2)", "الحكامة (1)"],
        "the sectors tagged, with their questions"
    );
    assert_eq!(by_sector.count(&format!(".archive #q{fine}")), 1);
    assert_eq!(
        by_sector.count(&format!(".archive #q{other}")),
        0,
        "only that sector's"
    );
    let untagged = moderator.post_form(&tag, &[("do", "tag"), ("sector", "")]).await;
    assert_eq!(untagged.status, StatusCode::SEE_OTHER, "{}", untagged.body);
    let archive = app.browser().cafe_archive(&session.code, "").await;
    assert_eq!(
        archive.texts("#log tr[data-action=tag] td:nth-child(4)"),
        vec!["الحكامة"]
    );
    assert_eq!(
        archive.texts("#log tr[data-action=untag] td:nth-child(3)"),
        vec!["أُزيل تصنيفه"]
    );
    let stored = mizan::cafe::store::question(&app.state.db, session.id, fine)
        .await
        .expect("read")
        .expect("the question");
    assert_eq!(stored.sector, "", "the tag is off");

    // A vote for the hidden question is refused; the question is simply not found.
    let refused = participate::vote(&app.state, &session, &participant(2), abusive, true).await;
    assert!(
        matches!(refused, Err(mizan::error::AppError::NotFound)),
        "{refused:?}"
    );
}

#[tokio::test]
async fn a_moderator_hides_with_one_tap_and_merges_a_twin_offered_beside_it() {
    let app = TestApp::new().await;
    let session = open_session(&app, true).await;
    let spam = ask(&app, &session, &participant(0), "اشتروا هواتف رخيصة من متجرنا").await;
    let first = ask(
        &app,
        &session,
        &participant(1),
        "متى سيتم توفير فرص الشغل للشباب في تازة؟",
    )
    .await;
    let twin = ask(&app, &session, &participant(2), "متى توفير فرص الشغل لشباب تازة").await;
    let mut moderator = app
        .signed_in("moderateur.taza", Role::Moderator, Some(TAZA))
        .await;
    let console_path = format!("/cafe/{}", session.id);
    let console = moderator.get(&console_path).await;
    assert_eq!(console.status, StatusCode::OK);
    assert_eq!(
        console.texts(&format!("#reason-{spam} option")),
        vec![
            "خارج الموضوع",
            "إساءة أو سب",
            "معطيات شخصية",
            "إشهار",
            "غير مفهوم"
        ],
        "the reasons come from a short list"
    );
    assert_eq!(
        console.count(".kill button.stop"),
        1,
        "the kill switch is the console's first, red button"
    );

    // One tap: the button sends the reason already chosen (the list's first), or another chosen.
    let reason = console
        .attr(&format!("#reason-{spam} option"), "value")
        .expect("a reason chosen");
    let hide = format!("/cafe/{}/questions/{spam}", session.id);
    let hidden = moderator
        .post_form(&hide, &[("do", "hide"), ("reason", &reason)])
        .await;
    assert_eq!(hidden.status, StatusCode::SEE_OTHER, "{}", hidden.body);
    let published_again = moderator.post_form(&hide, &[("do", "approve")]).await;
    assert_eq!(published_again.status, StatusCode::SEE_OTHER);
    let rehidden = moderator
        .post_form(&hide, &[("do", "hide"), ("reason", "advertising")])
        .await;
    assert_eq!(rehidden.status, StatusCode::SEE_OTHER);
    let mut reader = app.browser();
    let archive = reader.cafe_archive(&session.code, "").await;
    assert_eq!(
        archive.texts("#log tr[data-action=hide] td:nth-child(4)"),
        vec!["خارج الموضوع", "إشهار"],
        "the public log says the reason in the reader's language"
    );
    reader.accept_language = Some("en".into());
    let archive = reader.cafe_archive(&session.code, "").await;
    assert_eq!(
        archive.texts("#log tr[data-action=hide] td:nth-child(4)"),
        vec!["Off topic", "Advertising"]
    );

    // The twin is offered beside the first question, and merged into it in one tap.
    let console = moderator.get(&console_path).await;
    assert_eq!(
        console.attr(&format!("#q{twin} form.alike input[name=into]"), "value"),
        Some(first.to_string()),
        "the same question, asked in other words, is offered for a merge"
    );
    assert_eq!(
        console.count(&format!("#q{spam} form.alike")),
        0,
        "nothing offered beside a hidden question"
    );
    let merged = moderator
        .moderate_question(
            &session.id,
            &twin,
            &[("do", "merge"), ("into", &first.to_string())],
        )
        .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    let stored = mizan::cafe::store::question(&app.state.db, session.id, twin)
        .await
        .expect("read")
        .expect("the twin");
    assert_eq!(stored.merged_into, Some(first));
}

#[tokio::test]
async fn the_kill_switch_stops_questions_and_votes_until_resumed() {
    let app = TestApp::new().await;
    let session = open_session(&app, false).await;
    let question = ask(&app, &session, &participant(0), "سؤال").await;
    let mut moderator = app
        .signed_in("moderateur.taza", Role::Moderator, Some(TAZA))
        .await;
    let paused = moderator
        .pause_cafe(&session.id, &[("paused", "1"), ("reason", "flood")])
        .await;
    assert_eq!(paused.status, StatusCode::SEE_OTHER, "{}", paused.body);
    let mut phone = phone(&app, &session).await;
    let asked = phone
        .ask_question(&session.code, &[("body", "واش كاين شي جديد؟")])
        .await;
    assert_eq!(asked.status, StatusCode::CONFLICT);
    assert_eq!(
        asked.count(".ask .notice[role=alert]"),
        1,
        "said on the phone, in its language"
    );
    assert_eq!(
        asked.texts("textarea#body"),
        vec!["واش كاين شي جديد؟"],
        "nothing typed is lost"
    );
    let session_now = actions::by_code(&app.state, &session.code)
        .await
        .expect("the session");
    let vote = participate::vote(&app.state, &session_now, &participant(1), question, true).await;
    assert!(
        matches!(vote, Err(mizan::error::AppError::Conflict("cafe_paused"))),
        "{vote:?}"
    );
    // The phone's page offers no vote meanwhile; its script, voting anyway from a page drawn
    // before the pause, is told why in the phone's language.
    let page = phone.cafe_phone(&session.code).await;
    assert_eq!(page.count(".q-vote button"), 2, "the question, in both lists");
    assert_eq!(page.count(".q-vote button[disabled]"), 2);
    phone.accept = Some("application/json".into());
    let token = phone.csrf().await;
    let scripted = phone
        .post_form_raw(
            &format!("/q/{}/questions/{question}/vote", session.code),
            &[("_csrf", token.as_str()), ("cast", "1")],
        )
        .await;
    phone.accept = None;
    assert_eq!(scripted.status, StatusCode::CONFLICT);
    assert_eq!(scripted.header("content-type"), Some("application/problem+json"));
    assert_eq!(scripted.json()["code"], "cafe_paused");
    assert_eq!(scripted.json()["title"], "الأسئلة متوقفة");
    moderator.pause_cafe(&session.id, &[("paused", "0")]).await;
    let session_now = actions::by_code(&app.state, &session.code)
        .await
        .expect("the session");
    assert!(
        participate::vote(&app.state, &session_now, &participant(1), question, true)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn answers_and_commitments_are_archived_and_exported() {
    let app = TestApp::new().await;
    let session = open_session(&app, false).await;
    let id = ask(&app, &session, &participant(0), "ما مصير ملعب القرب بحي الكوشة؟").await;
    let mut organizer = app.signed_in("coord.taza", Role::Coordinator, Some(TAZA)).await;
    let seated = organizer
        .seat_panelist(
            &session.id,
            &[
                ("name_ar", "كريمة العلمي"),
                ("name_latin", "Karima El Alami"),
                ("role", "وزيرة الشباب"),
                ("sectors", "sport,culture"),
            ],
        )
        .await;
    assert_eq!(seated.status, StatusCode::SEE_OTHER, "{}", seated.body);
    let panelist = scalar(&app.state.db, "SELECT id FROM cafe_panelists").await;
    let answered = organizer
        .answer_question(
            &session.id,
            &id,
            &[
                ("answer", "الأشغال تنطلق في الربيع."),
                ("panelist", &panelist.to_string()),
                ("commitment", "افتتاح الملعب"),
                ("sector", "sport"),
                ("due_on", "2027-06-30"),
            ],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    let phone = app.browser().cafe_phone(&session.code).await;
    assert_eq!(
        (
            phone.count(&format!("[data-list=top] #q{id}")),
            phone.count(&format!("[data-list=answered] #q{id}"))
        ),
        (0, 1),
        "an answered question leaves the top for the answered"
    );
    let archive = app.browser().cafe_archive(&session.code, "").await;
    assert_eq!(
        archive.texts(&format!("#q{id} .answer")),
        vec!["الأشغال تنطلق في الربيع."]
    );
    assert_eq!(
        archive.texts("#commitments tbody td:first-child"),
        vec!["افتتاح الملعب"],
        "the commitments, together above the questions"
    );
    assert_eq!(
        archive.texts("#commitments tbody td:last-child a"),
        vec!["ما مصير ملعب القرب بحي الكوشة؟"],
        "each with its question"
    );
    assert_eq!(
        archive.count("#log tr[data-action=answer]"),
        1,
        "the answer is in the public log"
    );
    let commitment = archive.texts(&format!("#q{id} .commitment")).join(" ");
    assert!(
        commitment.contains("افتتاح الملعب") && commitment.contains("كريمة العلمي"),
        "{commitment}"
    );

    // The console shows what was recorded beside the question, so that nobody records it twice.
    let console = organizer.cafe_console(&session.id).await;
    assert_eq!(
        console.texts(&format!("#q{id} .answer")),
        vec!["الأشغال تنطلق في الربيع."]
    );
    assert_eq!(console.count(&format!("#q{id} .commitment")), 1);

    // A commitment nobody on the panel made is recorded without a name.
    let other = ask(&app, &session, &participant(1), "والنقل المدرسي؟").await;
    let unsigned = organizer
        .answer_question(
            &session.id,
            &other,
            &[("answer", "سنزور الحي."), ("commitment", "زيارة الحي")],
        )
        .await;
    assert_eq!(unsigned.status, StatusCode::SEE_OTHER, "{}", unsigned.body);
    let archive = app.browser().cafe_archive(&session.code, "").await;
    assert_eq!(
        archive.texts(&format!("#q{other} .commitment")),
        vec!["الالتزام: زيارة الحي"]
    );

    let export = organizer.cafe_export(&session.id, "").await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.body.starts_with('\u{feff}'), "a BOM for Excel");
    assert!(
        export
            .body
            .contains("كريمة العلمي Karima El Alami: افتتاح الملعب (2027-06-30)")
    );
    assert!(
        export.body.contains("زيارة الحي") && !export.body.contains(": زيارة الحي"),
        "{}",
        export.body
    );
    let header = export.body.lines().next().unwrap_or_default();
    assert!(
        header.contains("الاسم الشخصي") && header.contains("الفئة العمرية"),
        "columns named as columns: {header}"
    );
    // In a workbook, numbers and counts are numbers (to sort and sum), the rest text.
    let xlsx = organizer.cafe_export(&session.id, "?format=xlsx").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx.bytes)).expect("a zip");
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").expect("a sheet"),
        &mut sheet,
    )
    .expect("xml");
    let cell = |name: &str| {
        let start = sheet.find(&format!("<c r=\"{name}\"")).expect("the cell");
        sheet[start..start + sheet[start..].find("</c>").expect("its end")].to_owned()
    };
    assert!(
        !cell("A2").contains("t=\""),
        "the question's number: {}",
        cell("A2")
    );
    assert!(!cell("C2").contains("t=\""), "its votes: {}", cell("C2"));
    assert!(cell("E2").contains("t=\"s\""), "its text: {}", cell("E2"));
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'cafe.export'"
        )
        .await,
        2,
        "each export is audited"
    );

    // Another province's coordinator does not see the session at all.
    let mut elsewhere = app
        .signed_in("coord.taounate", Role::Coordinator, Some("03.531"))
        .await;
    let hidden = elsewhere.cafe_console(&session.id).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
}
