//! Policy Café: a participant joins by the code, asks in Arabic and votes from a phone; moderators
//! publish, hide (the reason in the public log), merge (each device counted once), pin and pause;
//! one vote per device per question whatever the timing; the screens' live streams; answers and
//! commitments in the archive and the export.

mod asking;
mod live;
mod moderation;
mod sessions;

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
    let page = phone.cafe_phone(&session.code).await;
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
