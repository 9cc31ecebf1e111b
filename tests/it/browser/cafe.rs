//! The café in a real browser: a phone asks and votes, the stage shows it within a second, and
//! reconnects by itself after a restart.

use super::*;

/// A session of the youth forum in Taza, moderated before publication, open at the tests' time.
async fn cafe_session(state: &mizan::app::AppState) -> mizan::cafe::model::Session {
    let draft = mizan::cafe::actions::SessionDraft {
        title: "الشباب والتشغيل".into(),
        event: "منتدى الشباب بتازة".into(),
        territory: "03.561".into(),
        opens_at: "2026-11-29T10:30".into(),
        ..Default::default()
    };
    crate::helpers::ensure_party(state).await;
    mizan::cafe::actions::create_session(state, &mizan::auth::Permit::cli(), &draft)
        .await
        .expect("the session opens")
}

/// A moderator's action (`approve`, `pin`, `answered`…) on a question.
async fn moderate(
    state: &mizan::app::AppState,
    session: &mizan::cafe::model::Session,
    id: i64,
    action: &str,
) {
    let moderation = mizan::cafe::moderation::Moderation {
        action: action.into(),
        ..Default::default()
    };
    mizan::cafe::moderation::moderate(state, &mizan::audit::Actor::cli(), session, id, &moderation)
        .await
        .expect("moderated");
}

#[tokio::test]
async fn a_phone_asks_in_arabic_and_votes_and_the_stage_shows_it_within_a_second() {
    let Some(chromium) = chromium() else {
        eprintln!("SKIPPED: no Chromium (install Debian's chromium or set MIZAN_TEST_CHROMIUM)");
        return;
    };
    let app = TestApp::new().await;
    let session = cafe_session(&app.state).await;
    let base = serve(&app.state).await;
    let (mut child, endpoint, _profile) = launch(&chromium).await;

    let mut stage = tab(&endpoint).await;
    stage.arabic_on(1280, 720, false).await;
    stage.goto(&format!("{base}/q/{}/stage", session.code)).await;
    assert_eq!(stage.eval("document.documentElement.dir").await, "rtl");

    let mut phone = tab(&endpoint).await;
    phone.arabic_on(390, 844, true).await;
    phone.goto(&format!("{base}/q")).await;
    phone
        .navigate_by(&format!(
            "document.querySelector('#code').value = '{}';\
             document.querySelector('form[action=\"/q\"]').submit();",
            session.code.to_lowercase()
        ))
        .await;
    assert_eq!(
        phone.eval("location.pathname").await,
        format!("/q/{}", session.code),
        "the code typed in lower case joins"
    );
    phone
        .navigate_by("document.querySelector('.ask a.button').click();")
        .await;
    phone
        .navigate_by(
            "document.querySelector('#body').value = 'هل ستُحدث الحكومة منحًا للطلبة في العالم القروي؟';\
             document.querySelector('#first_name').value = 'سلمى';\
             document.querySelector('form[action$=\"/questions\"]').submit();",
        )
        .await;
    assert_eq!(
        phone
            .eval("document.querySelector('.ask .success') !== null")
            .await,
        true,
        "the phone says the question waits for a moderator"
    );
    assert_eq!(
        phone
            .eval("document.documentElement.scrollWidth <= window.innerWidth")
            .await,
        true,
        "no sideways scrolling on a phone"
    );
    let id = crate::helpers::scalar(&app.state.db, "SELECT id FROM cafe_questions").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        stage
            .eval(&format!("document.querySelector('#q{id}') === null"))
            .await,
        true,
        "nothing unapproved on the stage"
    );

    moderate(&app.state, &session, id, "approve").await;
    let shown = stage
        .until(
            &format!(
                "document.querySelector('#q{id} .q-body')?.textContent.includes('منحًا للطلبة') === true"
            ),
            Duration::from_secs(1),
        )
        .await;
    eprintln!("the stage showed the approved question after {shown:?}");

    phone
        .until(
            &format!("document.querySelector('[data-list=top] #q{id} button') !== null"),
            Duration::from_secs(1),
        )
        .await;
    phone
        .eval(&format!(
            "document.querySelector('[data-list=top] #q{id} button').click()"
        ))
        .await;
    let counted = stage
        .until(
            &format!("document.querySelector('#q{id} .q-votes')?.textContent === '1'"),
            Duration::from_secs(1),
        )
        .await;
    eprintln!("the stage counted the phone's vote after {counted:?}");
    phone
        .until(
            &format!("document.querySelector('[data-list=top] #q{id} button').getAttribute('aria-pressed') === 'true'"),
            Duration::from_secs(1),
        )
        .await;
    assert_eq!(
        stage
            .eval(&format!(
                "document.querySelector('#q{id} .q-count .muted').textContent"
            ))
            .await,
        "صوت",
        "one vote, in the singular"
    );

    // A hall's worth of long questions, the one being answered a long link: the projector still
    // shows one screen, nothing cut sideways or below, and the phone scrolls only down.
    let link = format!("https://example.org/{}", "a".repeat(150));
    let mut pinned = 0;
    for n in 0..8 {
        let body = if n == 0 {
            format!("ما رأيكم في هذا التقرير؟ {link}")
        } else {
            format!(
                "سؤال طويل رقم {n}: {}",
                "كيف ستدعم الحكومة تشغيل الشباب في الجهة؟ ".repeat(4)
            )
        };
        let who = mizan::cafe::participate::Participant {
            device_digest: format!("hall-{n}"),
            ip: format!("192.0.2.{}", 20 + n),
        };
        let draft = mizan::cafe::participate::QuestionDraft {
            body,
            ..Default::default()
        };
        let (q, _) = mizan::cafe::participate::ask(&app.state, &session, &who, &draft)
            .await
            .expect("asked");
        moderate(&app.state, &session, q, "approve").await;
        if n == 0 {
            pinned = q;
        }
    }
    moderate(&app.state, &session, pinned, "pin").await;
    stage
        .until(
            "document.querySelector('[data-now]').hidden === false",
            Duration::from_secs(1),
        )
        .await;
    let fits = "document.documentElement.scrollWidth <= window.innerWidth \
                && document.documentElement.scrollHeight <= window.innerHeight \
                && [...document.querySelectorAll('[data-now], [data-list=top] li')] \
                     .every(e => e.getBoundingClientRect().bottom <= window.innerHeight)";
    assert_eq!(
        stage.eval(fits).await,
        true,
        "the stage fits its screen at 1280×720"
    );
    let shown = stage
        .eval("document.querySelectorAll('[data-list=top] li').length")
        .await;
    assert!(
        shown.as_i64().is_some_and(|n| (2..=6).contains(&n)),
        "the top questions that fit: {shown}"
    );
    stage.arabic_on(1920, 1080, false).await;
    stage.goto(&format!("{base}/q/{}/stage", session.code)).await;
    stage
        .until(
            "document.querySelector('[data-cafe]').getAttribute('data-connected') === 'true'",
            Duration::from_secs(2),
        )
        .await;
    assert_eq!(stage.eval(fits).await, true, "and at 1920×1080");
    assert_eq!(
        stage
            .eval("document.querySelector('[data-now-body] bdi[dir=ltr]')?.textContent")
            .await,
        link.as_str()
    );
    phone
        .until(
            "document.querySelector('[data-now]').hidden === false",
            Duration::from_secs(1),
        )
        .await;
    assert_eq!(
        phone
            .eval("document.documentElement.scrollWidth <= window.innerWidth")
            .await,
        true,
        "a long link wraps on the phone"
    );
    // Marked answered, the phone's question leaves the top for the answered, live.
    moderate(&app.state, &session, id, "answered").await;
    phone
        .until(
            &format!(
                "document.querySelector('[data-list=answered] #q{id}') !== null \
                 && document.querySelector('[data-list=top] #q{id}') === null \
                 && !document.querySelector('[data-answered]').hidden"
            ),
            Duration::from_secs(1),
        )
        .await;
    stage.assert_clean(&base);
    phone.assert_clean(&base);
    child.kill().await.ok();
}

#[tokio::test]
async fn the_stage_reconnects_by_itself_after_a_server_restart_and_shows_nothing_unapproved() {
    let Some(chromium) = chromium() else {
        eprintln!("SKIPPED: no Chromium (install Debian's chromium or set MIZAN_TEST_CHROMIUM)");
        return;
    };
    let app = TestApp::new().await;
    let session = cafe_session(&app.state).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("address");
    let base = format!("http://{addr}");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let first = {
        let router = mizan::router::build(app.state.clone());
        let live = app.state.cafe.clone();
        let streams = mizan::cafe::live::public_streams(app.state.clone());
        tokio::spawn(async move {
            mizan::http::server::serve(listener, router, Some(streams), async move {
                stopped.await.ok();
                live.live.close();
            })
            .await;
        })
    };
    let (mut child, endpoint, _profile) = launch(&chromium).await;
    let mut stage = tab(&endpoint).await;
    stage.arabic_on(1280, 720, false).await;
    stage.goto(&format!("{base}/q/{}/stage", session.code)).await;
    let who = |n: u32| mizan::cafe::participate::Participant {
        device_digest: format!("phone-{n}"),
        ip: "192.0.2.20".into(),
    };
    let ask = |text: &str| mizan::cafe::participate::QuestionDraft {
        body: text.into(),
        ..Default::default()
    };
    let (before, _) = mizan::cafe::participate::ask(&app.state, &session, &who(1), &ask("قبل إعادة التشغيل"))
        .await
        .expect("asked");
    moderate(&app.state, &session, before, "approve").await;
    stage
        .until(
            &format!("document.querySelector('#q{before}') !== null"),
            Duration::from_secs(1),
        )
        .await;

    // The server stops (its live streams end) and a new process starts on the same port.
    stop.send(()).ok();
    first.await.ok();
    stage
        .until(
            "document.querySelector('[data-cafe]').getAttribute('data-connected') === 'false'",
            Duration::from_secs(2),
        )
        .await;
    let config = mizan::config::Config {
        data_dir: app.dir.path().join("data"),
        database_url: app.database_url().map(str::to_owned),
        ..mizan::config::Config::default()
    };
    let restarted = mizan::app::AppState::open_with_clock(config, app.clock.clone())
        .await
        .expect("the new process opens the store");
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .expect("the same port again");
    let router = mizan::router::build(restarted.clone());
    let streams = mizan::cafe::live::public_streams(restarted.clone());
    tokio::spawn(async move {
        mizan::http::server::serve(listener, router, Some(streams), std::future::pending()).await;
    });
    // The screen reconnects by itself (EventSource retries after a second).
    let reconnected = stage
        .until(
            "document.querySelector('[data-cafe]').getAttribute('data-connected') === 'true'",
            Duration::from_secs(5),
        )
        .await;
    eprintln!("the stage reconnected {reconnected:?} after the new server started");

    let (waiting, _) = mizan::cafe::participate::ask(&restarted, &session, &who(2), &ask("سؤال لم يُنشر"))
        .await
        .expect("asked");
    let (after, _) = mizan::cafe::participate::ask(&restarted, &session, &who(3), &ask("بعد إعادة التشغيل"))
        .await
        .expect("asked");
    moderate(&restarted, &session, after, "approve").await;
    let back = stage
        .until(
            &format!("document.querySelector('#q{after}') !== null"),
            Duration::from_secs(3),
        )
        .await;
    eprintln!("the stage showed a question approved after the restart in {back:?}");
    assert_eq!(
        stage
            .eval(&format!("document.querySelector('#q{waiting}') === null"))
            .await,
        true,
        "a question waiting for moderation never reaches the stage"
    );
    assert_eq!(
        stage
            .eval(&format!("document.querySelector('#q{before}') !== null"))
            .await,
        true,
        "what was shown before is still shown"
    );
    child.kill().await.ok();
}
