//! Policy Café: a participant joins by the code, asks in Arabic and votes from a phone; moderators
//! publish, hide (the reason in the public log), merge (each device counted once), pin and pause;
//! one vote per device per question whatever the timing; the screens' live streams; answers and
//! commitments in the archive and the export.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use mizan::auth::Role;
use mizan::cafe::actions::{self, SessionDraft};
use mizan::cafe::model::Session;
use mizan::cafe::participate::{self, Participant, QuestionDraft};
use mizan::cafe::store::Ballot;

use crate::helpers::{Browser, TestApp, scalar};

const TAZA: &str = "03.561";

/// A session of the youth forum in Taza, open at the tests' time (10:00 UTC).
async fn open_session(app: &TestApp, premoderation: bool) -> Session {
    let draft = SessionDraft {
        title: "الشباب والتشغيل".into(),
        event: "منتدى الشباب بتازة".into(),
        place: "دار الشباب".into(),
        territory: TAZA.into(),
        opens_at: "2026-11-29T10:30".into(),
        premoderation: premoderation.then(|| "on".to_owned()),
        ..Default::default()
    };
    crate::helpers::ensure_party(&app.state).await;
    actions::create_session(&app.state, &mizan::auth::Permit::cli(), &draft)
        .await
        .expect("the session opens")
}

/// A phone that opened the session's page (and so has its device cookie).
async fn phone<'a>(app: &'a TestApp, session: &Session) -> Browser<'a> {
    let mut phone = app.browser();
    let page = phone.get(&format!("/q/{}", session.code)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        phone.cookies.contains_key("mizan_device"),
        "the page gives the device its cookie"
    );
    phone
}

fn participant(n: usize) -> Participant {
    Participant {
        device_digest: format!("device-{n}"),
        ip: "192.0.2.10".into(),
    }
}

async fn ask(app: &TestApp, session: &Session, who: &Participant, text: &str) -> i64 {
    let draft = QuestionDraft {
        body: text.into(),
        ..Default::default()
    };
    participate::ask(&app.state, session, who, &draft)
        .await
        .expect("the question is taken")
        .0
}

fn votes_of(page: &crate::helpers::TestResponse, question: i64) -> Vec<String> {
    page.texts(&format!("[data-list=top] #q{question} .q-votes"))
}

#[tokio::test]
async fn a_participant_asks_in_arabic_a_moderator_publishes_it_and_phones_vote() {
    let app = TestApp::new().await;
    let session = open_session(&app, true).await;
    let mut join = app.browser();
    let typed = join
        .get(&format!("/q?code={}", session.code.to_lowercase()))
        .await;
    assert_eq!(
        typed.status,
        StatusCode::SEE_OTHER,
        "the code typed in lower case finds it"
    );
    assert_eq!(typed.location(), Some(format!("/q/{}", session.code).as_str()));
    let unknown = join.get("/q?code=ZZZZZZ").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        unknown.count("input[aria-invalid=true]"),
        1,
        "said beside the field"
    );

    let mut phone = phone(&app, &session).await;
    let question = "متى سيتم فتح مركز للتكوين المهني في تاونات؟ <script>";
    let asked = phone
        .post_form(
            &format!("/q/{}/questions", session.code),
            &[("body", question), ("first_name", "سلمى"), ("age_band", "18-24")],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let page = phone.get(asked.location().expect("back to the page")).await;
    assert_eq!(
        page.count(".ask .success"),
        1,
        "the participant is told it waits for moderation"
    );
    assert_eq!(page.count("[data-list=top] li"), 0, "nothing unapproved is shown");
    let stage_path = format!("/q/{}/stage", session.code);
    let mut projector = app.browser();
    let stage = projector.get(&stage_path).await;
    assert_eq!(stage.count("[data-list=top] li"), 0);
    // The projector's browser speaks whatever it was set up in: the stage has its own switch.
    assert_eq!(stage.count("form.languages button[name=locale]"), 3);
    let switched = projector
        .post_form("/language", &[("locale", "fr"), ("next", &stage_path)])
        .await;
    assert_eq!(switched.location(), Some(stage_path.as_str()));
    assert_eq!(
        projector.get(&stage_path).await.attr("html", "lang").as_deref(),
        Some("fr")
    );

    let mut moderator = app
        .signed_in("moderateur.taza", Role::Moderator, Some(TAZA))
        .await;
    let console = moderator.get(&format!("/cafe/{}", session.id)).await;
    assert_eq!(console.status, StatusCode::OK);
    let id: i64 = console
        .attr("#pending li.q", "data-id")
        .expect("the question waits in the queue")
        .parse()
        .expect("an id");
    let approved = moderator
        .post_form(
            &format!("/cafe/{}/questions/{id}", session.id),
            &[("do", "approve")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);

    let page = phone.get(&format!("/q/{}", session.code)).await;
    assert_eq!(
        page.texts(&format!("[data-list=top] #q{id} .q-body")),
        vec![question],
        "published, as typed (escaped, never run)"
    );
    assert!(!page.body.contains("<script>"), "the text is escaped");
    assert_eq!(
        page.attr(&format!("#q{id} .q-body"), "dir").as_deref(),
        Some("auto")
    );
    assert_eq!(votes_of(&page, id), vec!["0"]);

    let vote = format!("/q/{}/questions/{id}/vote", session.code);
    let voted = phone.post_form(&vote, &[("cast", "1")]).await;
    assert_eq!(voted.status, StatusCode::SEE_OTHER, "{}", voted.body);
    let again = phone.post_form(&vote, &[("cast", "1")]).await;
    assert_eq!(
        again.status,
        StatusCode::SEE_OTHER,
        "a second vote is not an error…"
    );
    let page = phone.get(&format!("/q/{}", session.code)).await;
    assert_eq!(votes_of(&page, id), vec!["1"], "…and counts once");
    assert_eq!(
        page.attr(&format!("#q{id} button"), "aria-pressed").as_deref(),
        Some("true"),
        "the phone shows its vote"
    );
    let mut other = self::phone(&app, &session).await;
    other.post_form(&vote, &[("cast", "1")]).await;
    let page = other.get(&format!("/q/{}", session.code)).await;
    assert_eq!(votes_of(&page, id), vec!["2"]);
    phone.post_form(&vote, &[("cast", "0")]).await;
    let stage = app.browser().get(&format!("/q/{}/stage", session.code)).await;
    assert_eq!(
        stage.texts(&format!("#q{id} .q-votes")),
        vec!["1"],
        "a vote withdrawn is withdrawn"
    );

    // A script without the page's cookie cannot vote.
    let mut script = app.browser();
    let refused = script.post_form(&vote, &[("cast", "1")]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_link_in_a_question_is_shown_as_text_set_apart_left_to_right() {
    let app = TestApp::new().await;
    let session = open_session(&app, false).await;
    let id = ask(
        &app,
        &session,
        &participant(0),
        "اقرؤوا https://example.ma/taqrir?p=2؟ <a href=x>هنا</a>",
    )
    .await;
    let page = app.browser().get(&format!("/q/{}", session.code)).await;
    assert_eq!(
        page.texts(&format!("[data-list=top] #q{id} .q-body bdi[dir=ltr]")),
        vec!["https://example.ma/taqrir?p=2"]
    );
    assert_eq!(
        page.texts(&format!("[data-list=top] #q{id} .q-body")),
        vec!["اقرؤوا https://example.ma/taqrir?p=2؟ <a href=x>هنا</a>"],
        "the whole text, as text"
    );
    assert_eq!(page.count(".q-body a"), 0, "nothing clickable");
}

#[tokio::test]
async fn a_thousand_simultaneous_votes_of_one_device_count_once() {
    let app = TestApp::new().await;
    let session = open_session(&app, false).await;
    let question = ask(&app, &session, &participant(0), "ما خطة الحكومة لتشغيل الشباب؟").await;
    let mut tx = app.state.db.begin().await.expect("begin");
    let device = mizan::cafe::store::device(&mut tx, "one-device", app.state.clock.now())
        .await
        .expect("a device");
    tx.commit().await.expect("commit");
    let ballot = Ballot {
        session_id: session.id,
        question_id: question,
        device_id: device,
        cast: true,
        limit: 0,
    };
    let handles: Vec<_> = (0..1000)
        .map(|_| {
            let state = app.state.clone();
            tokio::spawn(async move { mizan::cafe::votes::submit(&state, ballot).await })
        })
        .collect();
    let mut counted = 0;
    for h in handles {
        let outcome = h.await.expect("joined").expect("no vote is refused or lost");
        assert_eq!(
            outcome.votes,
            Some(1),
            "every answer gives the count after its batch"
        );
        if outcome.changed {
            counted += 1;
        }
    }
    assert_eq!(counted, 1, "exactly one of the thousand changed anything");
    let stored = mizan::cafe::store::question(&app.state.db, session.id, question)
        .await
        .expect("read")
        .expect("the question");
    assert_eq!(stored.votes, 1);
    assert_eq!(
        scalar(
            &app.state.db,
            &format!("SELECT COUNT(*) FROM cafe_votes WHERE question_id = {question}")
        )
        .await,
        1
    );
}

#[tokio::test]
async fn one_batch_keeps_each_phones_votes_in_order_and_within_its_limit() {
    let app = TestApp::new().await;
    let session = open_session(&app, false).await;
    let mut questions = Vec::new();
    for text in ["ما خطة التشغيل؟", "Et le transport ?", "What about housing?"] {
        questions.push(ask(&app, &session, &participant(0), text).await);
    }
    let (q1, q2, q3) = (questions[0], questions[1], questions[2]);
    let mut tx = app.state.db.begin().await.expect("begin");
    let mut devices = Vec::new();
    for name in ["a", "b", "c", "d"] {
        devices.push(
            mizan::cafe::store::device(&mut tx, name, app.state.clock.now())
                .await
                .expect("a device"),
        );
    }
    let (a, b, c, d) = (devices[0], devices[1], devices[2], devices[3]);
    // Two votes per phone in this session; the ballots of four phones interleaved, as a busy
    // hall's batch is.
    let ballot = |device, question, cast| Ballot {
        session_id: session.id,
        question_id: question,
        device_id: device,
        cast,
        limit: 2,
    };
    let ballots = [
        ballot(a, q1, true),
        ballot(b, q1, true),
        ballot(c, q1, true),
        ballot(a, q2, true),
        ballot(a, q3, true),
        ballot(b, q1, false),
        ballot(c, q1, true),
        ballot(b, q1, true),
        ballot(d, q2, false),
    ];
    let (changed, counts) = mizan::cafe::store::write_ballots(&mut tx, &ballots, app.state.clock.now())
        .await
        .expect("the batch is written");
    tx.commit().await.expect("commit");
    assert_eq!(
        changed,
        [true, true, true, true, false, true, false, true, false],
        "a's third vote is over its limit, b votes again after withdrawing, c's second vote and \
         d's withdrawal of a vote it never cast change nothing"
    );
    assert_eq!(counts[&q1], (3, true), "a, b and c");
    assert_eq!(counts[&q2], (1, true), "a");
    assert_eq!(counts[&q3], (0, true));
    for (question, votes) in [(q1, 3), (q2, 1), (q3, 0)] {
        let rows = scalar(
            &app.state.db,
            &format!("SELECT COUNT(*) FROM cafe_votes WHERE question_id = {question}"),
        )
        .await;
        assert_eq!(rows, votes, "the rows agree with the count");
    }
}

#[tokio::test]
async fn a_hundred_phones_voting_at_the_same_instant_are_all_counted() {
    let app = TestApp::new().await;
    let session = open_session(&app, false).await;
    let question = ask(
        &app,
        &session,
        &participant(0),
        "Quand les bourses seront-elles versées ?",
    )
    .await;
    let mut phones = Vec::new();
    for _ in 0..100 {
        let mut p = phone(&app, &session).await;
        let token = p.csrf().await;
        phones.push((p.cookies.clone(), token));
    }
    let vote = format!("/q/{}/questions/{question}/vote", session.code);
    let requests = phones.into_iter().map(|(cookies, token)| {
        let cookie = cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let body = serde_urlencoded::to_string([("_csrf", token.as_str()), ("cast", "1")]).expect("form");
        let request = Request::builder()
            .method(Method::POST)
            .uri(&vote)
            .header(header::COOKIE, cookie)
            .header(header::ACCEPT, "application/json")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("a request");
        app.send(request)
    });
    let answers = futures_util::future::join_all(requests).await;
    for a in &answers {
        assert_eq!(a.status, StatusCode::OK, "none is rejected: {}", a.body);
        assert_eq!(a.json()["voted"], true);
    }
    let stored = mizan::cafe::store::question(&app.state.db, session.id, question)
        .await
        .expect("read")
        .expect("the question");
    assert_eq!(stored.votes, 100, "exactly a hundred");
}

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
    let console = moderator.get(&format!("/cafe/{}", session.id)).await;
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
    let page = app.browser().get(&format!("/q/{}", session.code)).await;
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
    let archive = app.browser().get(&format!("/q/{}/archive", session.code)).await;
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

    let archive = app.browser().get(&format!("/q/{}/archive", session.code)).await;
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
        .get(&format!("/q/{}/archive?sector=governance", session.code))
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
    let archive = app.browser().get(&format!("/q/{}/archive", session.code)).await;
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
    let archive = reader.get(&format!("/q/{}/archive", session.code)).await;
    assert_eq!(
        archive.texts("#log tr[data-action=hide] td:nth-child(4)"),
        vec!["خارج الموضوع", "إشهار"],
        "the public log says the reason in the reader's language"
    );
    reader.accept_language = Some("en".into());
    let archive = reader.get(&format!("/q/{}/archive", session.code)).await;
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
        .post_form(
            &format!("/cafe/{}/questions/{twin}", session.id),
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
        .post_form(
            &format!("/cafe/{}/pause", session.id),
            &[("paused", "1"), ("reason", "flood")],
        )
        .await;
    assert_eq!(paused.status, StatusCode::SEE_OTHER, "{}", paused.body);
    let mut phone = phone(&app, &session).await;
    let asked = phone
        .post_form(
            &format!("/q/{}/questions", session.code),
            &[("body", "واش كاين شي جديد؟")],
        )
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
    let page = phone.get(&format!("/q/{}", session.code)).await;
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
    moderator
        .post_form(&format!("/cafe/{}/pause", session.id), &[("paused", "0")])
        .await;
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
async fn a_phone_asking_too_fast_is_told_to_slow_down() {
    let app = TestApp::new().await;
    let session = open_session(&app, false).await;
    let mut phone = phone(&app, &session).await;
    let path = format!("/q/{}/questions", session.code);
    for n in 0..3 {
        let asked = phone
            .post_form(&path, &[("body", &format!("سؤال رقم {n}"))])
            .await;
        assert_eq!(asked.status, StatusCode::SEE_OTHER);
    }
    let flooded = phone.post_form(&path, &[("body", "سؤال رابع")]).await;
    assert_eq!(flooded.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        scalar(
            &app.state.db,
            &format!(
                "SELECT COUNT(*) FROM cafe_questions WHERE session_id = {}",
                session.id
            )
        )
        .await,
        3
    );
}

/// Reads Server-Sent Events from a streaming body until one of `kind` arrives.
async fn next_event(body: &mut Body, kind: &str) -> serde_json::Value {
    let mut buffer = String::new();
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let mut event = "message";
            let mut data = String::new();
            for line in block.lines() {
                if let Some(e) = line.strip_prefix("event: ") {
                    event = e;
                } else if let Some(d) = line.strip_prefix("data: ") {
                    data.push_str(d);
                }
            }
            if event == kind {
                return serde_json::from_str(&data).expect("JSON data");
            }
            continue;
        }
        let frame = tokio::time::timeout(Duration::from_secs(2), body.frame())
            .await
            .unwrap_or_else(|_| panic!("a `{kind}` event within 2 s"))
            .expect("the stream stays open")
            .expect("a frame");
        if let Ok(data) = frame.into_data() {
            buffer.push_str(&String::from_utf8_lossy(&data));
        }
    }
}

#[tokio::test]
async fn public_screens_get_only_approved_questions_live_and_moderators_get_all() {
    let app = TestApp::new().await;
    let session = open_session(&app, true).await;
    let open = |path: String| {
        let request = Request::builder().uri(path).body(Body::empty()).expect("request");
        app.open(request)
    };
    let public = open(format!("/q/{}/events", session.code)).await;
    assert_eq!(public.status(), StatusCode::OK);
    assert_eq!(
        public
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap_or_default()),
        Some("text/event-stream")
    );
    let mut public = public.into_body();
    let snapshot = next_event(&mut public, "snapshot").await;
    assert_eq!(snapshot["questions"], serde_json::json!([]));
    assert_eq!(snapshot["session"]["phase"], "open");

    let mut moderator = app
        .signed_in("moderateur.taza", Role::Moderator, Some(TAZA))
        .await;
    let cookie = moderator
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let staff = app
        .open(
            Request::builder()
                .uri(format!("/cafe/{}/events", session.id))
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(staff.status(), StatusCode::OK);
    let mut staff = staff.into_body();
    next_event(&mut staff, "snapshot").await;

    let id = ask(&app, &session, &participant(0), "سؤال ينتظر الإشراف").await;
    let seen = next_event(&mut staff, "question").await;
    assert_eq!(seen["question"]["id"], id);
    assert_eq!(seen["question"]["status"], "pending");
    let gone = next_event(&mut public, "question").await;
    assert_eq!(
        gone,
        serde_json::json!({"gone": {"id": id}}),
        "the public gets no text of it"
    );

    moderator
        .post_form(
            &format!("/cafe/{}/questions/{id}", session.id),
            &[("do", "approve")],
        )
        .await;
    let published = next_event(&mut public, "question").await;
    assert_eq!(published["question"]["body"], "سؤال ينتظر الإشراف");
    participate::vote(&app.state, &session, &participant(1), id, true)
        .await
        .expect("a vote");
    let votes = next_event(&mut public, "votes").await;
    assert_eq!(
        votes["votes"],
        serde_json::json!([[id, 1]]),
        "the push carries the count"
    );
}

/// Reads a raw connection until `needle` has come (within 2 s); everything read so far.
async fn read_until(socket: &mut tokio::net::TcpStream, seen: &mut String, needle: &str) {
    use tokio::io::AsyncReadExt;
    let mut buffer = [0u8; 4096];
    tokio::time::timeout(Duration::from_secs(2), async {
        while !seen.contains(needle) {
            let n = socket.read(&mut buffer).await.expect("read");
            assert!(n > 0, "the connection stays open until {needle:?}: {seen}");
            seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
    })
    .await
    .unwrap_or_else(|_| panic!("{needle:?} within 2 s, after: {seen}"));
}

#[tokio::test]
async fn a_phones_stream_is_served_on_its_own_connection_and_everything_else_by_the_router() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::new().await;
    let session = open_session(&app, false).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("address").to_string();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = {
        let router = mizan::router::build(app.state.clone());
        let streams = mizan::cafe::live::public_streams(app.state.clone());
        tokio::spawn(mizan::http::server::serve(
            listener,
            router,
            Some(streams),
            async move {
                stopped.await.ok();
            },
        ))
    };
    let connect = || tokio::net::TcpStream::connect(&addr);

    // A phone's stream, first request of its connection: the live events, with the same
    // security headers as every page, delimited by the connection's end.
    let mut phone = connect().await.expect("connect");
    phone
        .write_all(
            format!(
                "GET /q/{}/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n",
                session.code
            )
            .as_bytes(),
        )
        .await
        .expect("send");
    let mut seen = String::new();
    read_until(&mut phone, &mut seen, "event: snapshot").await;
    let (head, _) = seen.split_once("\r\n\r\n").expect("a response head");
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    for line in [
        "content-type: text/event-stream",
        "cache-control: no-store",
        "connection: close",
        "x-frame-options: DENY",
        "x-content-type-options: nosniff",
    ] {
        assert!(head.lines().any(|l| l == line), "{line:?} in {head}");
    }
    assert!(
        head.contains("content-security-policy: default-src 'self'"),
        "{head}"
    );
    let id = ask(&app, &session, &participant(0), "متى تفتح دار الشباب مساءً؟").await;
    read_until(&mut phone, &mut seen, "متى تفتح دار الشباب مساءً؟").await;
    participate::vote(&app.state, &session, &participant(1), id, true)
        .await
        .expect("a vote");
    read_until(
        &mut phone,
        &mut seen,
        &format!("event: votes\ndata: {{\"votes\":[[{id},1]]}}"),
    )
    .await;

    // Anything else on a fresh connection is the router's: a page, and an unknown session's
    // stream (its 404 in the user's language).
    let page = http(
        &addr,
        &format!(
            "GET /q/{} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n",
            session.code
        ),
    )
    .await;
    assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
    assert!(
        page.contains("متى تفتح دار الشباب مساءً؟"),
        "the page shows the question"
    );
    let unknown = http(
        &addr,
        &format!("GET /q/NOSUCH/events HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert!(unknown.starts_with("HTTP/1.1 404"), "{unknown}");

    // A stream asked on a connection already used is served too (by the router, chunked).
    let mut reused = connect().await.expect("connect");
    reused
        .write_all(format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\nGET /q/{}/events HTTP/1.1\r\nHost: {addr}\r\n\r\n", session.code).as_bytes())
        .await
        .expect("send");
    let mut again = String::new();
    read_until(&mut reused, &mut again, "event: snapshot").await;
    assert!(again.contains("transfer-encoding: chunked"), "{again}");
    assert!(
        again.contains("متى تفتح دار الشباب مساءً؟"),
        "the snapshot holds the question"
    );

    // The server stops: the phone's stream ends (it reconnects to the next server), and the
    // server returns without waiting for it.
    app.state.cafe.live.close();
    stop.send(()).ok();
    let mut rest = Vec::new();
    tokio::time::timeout(Duration::from_secs(2), phone.read_to_end(&mut rest))
        .await
        .expect("the stream ends when the server stops")
        .expect("read");
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server stops")
        .expect("the server task");
}

#[tokio::test]
async fn answers_and_commitments_are_archived_and_exported() {
    let app = TestApp::new().await;
    let session = open_session(&app, false).await;
    let id = ask(&app, &session, &participant(0), "ما مصير ملعب القرب بحي الكوشة؟").await;
    let mut organizer = app.signed_in("coord.taza", Role::Coordinator, Some(TAZA)).await;
    let seated = organizer
        .post_form(
            &format!("/cafe/{}/panel", session.id),
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
        .post_form(
            &format!("/cafe/{}/questions/{id}/answer", session.id),
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
    let phone = app.browser().get(&format!("/q/{}", session.code)).await;
    assert_eq!(
        (
            phone.count(&format!("[data-list=top] #q{id}")),
            phone.count(&format!("[data-list=answered] #q{id}"))
        ),
        (0, 1),
        "an answered question leaves the top for the answered"
    );
    let archive = app.browser().get(&format!("/q/{}/archive", session.code)).await;
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
    let console = organizer.get(&format!("/cafe/{}", session.id)).await;
    assert_eq!(
        console.texts(&format!("#q{id} .answer")),
        vec!["الأشغال تنطلق في الربيع."]
    );
    assert_eq!(console.count(&format!("#q{id} .commitment")), 1);

    // A commitment nobody on the panel made is recorded without a name.
    let other = ask(&app, &session, &participant(1), "والنقل المدرسي؟").await;
    let unsigned = organizer
        .post_form(
            &format!("/cafe/{}/questions/{other}/answer", session.id),
            &[("answer", "سنزور الحي."), ("commitment", "زيارة الحي")],
        )
        .await;
    assert_eq!(unsigned.status, StatusCode::SEE_OTHER, "{}", unsigned.body);
    let archive = app.browser().get(&format!("/q/{}/archive", session.code)).await;
    assert_eq!(
        archive.texts(&format!("#q{other} .commitment")),
        vec!["الالتزام: زيارة الحي"]
    );

    let export = organizer.get(&format!("/cafe/{}/export", session.id)).await;
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
    let xlsx = organizer
        .get(&format!("/cafe/{}/export?format=xlsx", session.id))
        .await;
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
    let hidden = elsewhere.get(&format!("/cafe/{}", session.id)).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_session_is_opened_with_its_rules_checked_field_by_field() {
    let app = TestApp::new().await;
    let mut coordinator = app.signed_in("coord.taza", Role::Coordinator, Some(TAZA)).await;
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
    let nobody = coordinator.post_form("/cafe", &form).await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(nobody.count("#organization-error"), 1);
    crate::helpers::ensure_party(&app.state).await;
    let refused = coordinator
        .post_form(
            "/cafe",
            &[
                ("title", ""),
                ("event", "Forum"),
                ("territory", "03.531"),
                ("opens_at", "demain"),
                ("minutes", "120"),
                ("max_length", "280"),
                ("votes_per_device", "0"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["title", "territory", "opens_at"] {
        assert_eq!(refused.count(&format!("#{field}-error")), 1, "{field}");
    }
    let opened = coordinator.post_form("/cafe", &form).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let console = coordinator.get(opened.location().expect("the console")).await;
    let code = console.texts("code.join-code").join("");
    assert_eq!(code.len(), 6);
    let qr = app.browser().get(&format!("/q/{code}/qr.svg")).await;
    assert_eq!(qr.status, StatusCode::OK);
    assert_eq!(qr.header("content-type"), Some("image/svg+xml"));
    assert!(qr.body.contains("<svg"));
}

/// A `mizan serve` process on the test's store; killed when dropped.
struct Server {
    _child: tokio::process::Child,
    addr: String,
}

async fn serve(app: &TestApp, url: &str) -> Server {
    use tokio::io::AsyncBufReadExt;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_mizan"))
        .arg("--data-dir")
        .arg(app.dir.path().join("data"))
        .arg("--database-url")
        .arg(url)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("MIZAN_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("mizan serve starts");
    let mut lines = tokio::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
    let addr = tokio::time::timeout(Duration::from_secs(30), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(rest) = line.split("listening on http://").nth(1) {
                return rest.trim_end_matches('/').to_owned();
            }
        }
        panic!("the server stopped before listening");
    })
    .await
    .expect("the server listens within 30 s");
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Server { _child: child, addr }
}

/// One HTTP/1.1 exchange on a fresh connection; the raw answer (headers and body).
async fn http(addr: &str, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut socket = tokio::net::TcpStream::connect(addr).await.expect("connect");
    socket.write_all(request.as_bytes()).await.expect("send");
    let mut answer = Vec::new();
    socket.read_to_end(&mut answer).await.expect("read");
    String::from_utf8_lossy(&answer).into_owned()
}

fn set_cookie(answer: &str, name: &str) -> String {
    answer
        .lines()
        .filter_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .expect("the cookie is set")
        .to_owned()
}

#[tokio::test]
async fn two_server_processes_on_one_postgresql_share_a_session_live() {
    let app = TestApp::new().await;
    let Some(url) = app.database_url().map(str::to_owned) else {
        eprintln!("SKIPPED on SQLite: several server processes share a PostgreSQL store only");
        return;
    };
    // The other process keeps the real time: this one's clock is set to it, and the session
    // opened around it.
    let now = chrono::Utc::now().with_timezone(&mizan::clock::LOCAL_OFFSET);
    app.clock
        .advance(chrono::Utc::now().signed_duration_since(app.state.clock.now()));
    let draft = SessionDraft {
        title: "جلسة بين خادمين".into(),
        event: "منتدى الشباب".into(),
        territory: TAZA.into(),
        opens_at: (now - chrono::Duration::hours(1))
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        minutes: "240".into(),
        premoderation: None,
        ..Default::default()
    };
    crate::helpers::ensure_party(&app.state).await;
    let session = actions::create_session(&app.state, &mizan::auth::Permit::cli(), &draft)
        .await
        .expect("the session opens");
    let other = serve(&app, &url).await;

    // A stage screen connected to the other process…
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stage = tokio::net::TcpStream::connect(&other.addr)
        .await
        .expect("connect");
    stage
        .write_all(
            format!(
                "GET /q/{}/events HTTP/1.1\r\nHost: {}\r\n\r\n",
                session.code, other.addr
            )
            .as_bytes(),
        )
        .await
        .expect("send");
    let mut seen = String::new();
    let mut read_until = async |stage: &mut tokio::net::TcpStream, needle: &str| {
        let mut buffer = [0u8; 4096];
        while !seen.contains(needle) {
            let n = stage.read(&mut buffer).await.expect("read");
            assert!(n > 0, "the stream stays open");
            seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
    };
    tokio::time::timeout(Duration::from_secs(5), read_until(&mut stage, "event: snapshot"))
        .await
        .expect("a snapshot first");

    // …sees, within a second, a question asked through this process…
    let asked = std::time::Instant::now();
    ask(&app, &session, &participant(0), "سؤال عبر الخادم الأول").await;
    tokio::time::timeout(
        Duration::from_secs(1),
        read_until(&mut stage, "سؤال عبر الخادم الأول"),
    )
    .await
    .expect("the other process pushes it within a second");
    eprintln!("delivered across processes in {:?}", asked.elapsed());

    // …and a phone using the other process reaches this one's screens.
    let request = Request::builder()
        .uri(format!("/q/{}/events", session.code))
        .body(Body::empty())
        .expect("request");
    let mut here = app.open(request).await.into_body();
    next_event(&mut here, "snapshot").await;
    let page = http(
        &other.addr,
        &format!(
            "GET /q/{} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            session.code, other.addr
        ),
    )
    .await;
    let device = set_cookie(&page, "mizan_device");
    let csrf = set_cookie(&page, "mizan_csrf");
    let body = serde_urlencoded::to_string([("_csrf", csrf.as_str()), ("body", "سؤال عبر الخادم الثاني")])
        .expect("form");
    let posted = http(
        &other.addr,
        &format!(
            "POST /q/{}/questions HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nCookie: mizan_device={device}; mizan_csrf={csrf}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            session.code,
            other.addr,
            body.len()
        ),
    )
    .await;
    assert!(posted.starts_with("HTTP/1.1 303"), "{posted}");
    let pushed = next_event(&mut here, "question").await;
    assert_eq!(pushed["question"]["body"], "سؤال عبر الخادم الثاني");
    drop(other);
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
    let archive = app.browser().get(&format!("/q/{past}/archive")).await;
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
    let phone = app.browser().get(&format!("/q/{open}")).await;
    assert_eq!(phone.count(".phase-open"), 1, "the Taza session is open now");
    assert!(phone.count("[data-list=top] li") >= 20);
    let mut moderator = app
        .signed_in("moderateur.taza", Role::Moderator, Some(TAZA))
        .await;
    let sessions = moderator.get("/cafe").await;
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
    let panel = format!("/cafe/{}/panel", session.id);
    let searched = organizer
        .post_form(&panel, &[("person", "Bakkali"), ("role", "وزيرة الصحة")])
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
    let seated = organizer
        .post_form(
            &panel,
            &[
                ("person", &uids[0]),
                ("role", "وزيرة الصحة"),
                ("sectors", "health"),
            ],
        )
        .await;
    assert_eq!(seated.status, StatusCode::SEE_OTHER, "{}", seated.body);
    let console = organizer.get(&format!("/cafe/{}", session.id)).await;
    assert_eq!(
        console.texts(&format!("#panel li[data-person='{}'] a", uids[0])),
        vec!["نادية البقالي"],
        "seated under the record's names, linked to it"
    );
    let outside = organizer
        .post_form(&panel, &[("person", &uids[1]), ("role", "وزيرة")])
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
