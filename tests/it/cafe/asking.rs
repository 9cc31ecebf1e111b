//! A participant's phone: asking in any script, votes counted once per device, limits on the pace.

use super::*;

#[tokio::test]
async fn a_participant_asks_in_arabic_a_moderator_publishes_it_and_phones_vote() {
    let app = TestApp::new().await;
    let session = open_session(&app, true).await;
    let mut join = app.browser();
    let typed = join
        .cafe_join(&format!("?code={}", session.code.to_lowercase()))
        .await;
    assert_eq!(
        typed.status,
        StatusCode::SEE_OTHER,
        "the code typed in lower case finds it"
    );
    assert_eq!(typed.location(), Some(format!("/q/{}", session.code).as_str()));
    let unknown = join.cafe_join("?code=ZZZZZZ").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        unknown.count("input[aria-invalid=true]"),
        1,
        "said beside the field"
    );

    let mut phone = phone(&app, &session).await;
    let question = "متى سيتم فتح مركز للتكوين المهني في تاونات؟ <script>";
    let asked = phone
        .ask_question(
            &session.code,
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
        .choose_language(&[("locale", "fr"), ("next", &stage_path)])
        .await;
    assert_eq!(switched.location(), Some(stage_path.as_str()));
    assert_eq!(
        projector.get(&stage_path).await.attr("html", "lang").as_deref(),
        Some("fr")
    );

    let mut moderator = app
        .signed_in("moderateur.taza", Role::Moderator, Some(TAZA))
        .await;
    let console = moderator.cafe_console(&session.id).await;
    assert_eq!(console.status, StatusCode::OK);
    let id: i64 = console
        .attr("#pending li.q", "data-id")
        .expect("the question waits in the queue")
        .parse()
        .expect("an id");
    let approved = moderator
        .moderate_question(&session.id, &id, &[("do", "approve")])
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);

    let page = phone.cafe_phone(&session.code).await;
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
    let page = phone.cafe_phone(&session.code).await;
    assert_eq!(votes_of(&page, id), vec!["1"], "…and counts once");
    assert_eq!(
        page.attr(&format!("#q{id} button"), "aria-pressed").as_deref(),
        Some("true"),
        "the phone shows its vote"
    );
    let mut other = self::phone(&app, &session).await;
    other.post_form(&vote, &[("cast", "1")]).await;
    let page = other.cafe_phone(&session.code).await;
    assert_eq!(votes_of(&page, id), vec!["2"]);
    phone.post_form(&vote, &[("cast", "0")]).await;
    let stage = app.browser().cafe_stage(&session.code).await;
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
    let page = app.browser().cafe_phone(&session.code).await;
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
