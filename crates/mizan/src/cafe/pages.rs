//! Pages of the Policy Café. Public, joined by the code: the participant's phone page (ask, vote,
//! see the top and newest questions and the one being answered), the stage screen, the archive,
//! the QR code and the live streams. Staff: the sessions, a session's console (panel, moderation
//! queue, kill switch, answers), its live stream and its export. Every page works without
//! JavaScript (forms, and a periodic refresh); with it, `cafe.js` applies the pushed events.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_TYPE, HOST, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use super::actions::{
    self, AnswerDraft, Moderation, PanelistDraft, Participant, QuestionDraft, SessionDraft,
};
use super::live::{self, Audience};
use super::model::{AGE_BANDS, Commitment, LogEntry, Panelist, Phase, Question, SECTORS, Session, Status};
use super::store;
use crate::app::AppState;
use crate::auth::Action;
use crate::auth::secret::{digest, random_token};
use crate::auth::session::cookie;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::ui::{FormErrors, PageCtx, render, see_other};

/// The strictly necessary cookie that tells one participant's device from another.
pub const DEVICE_COOKIE: &str = "mizan_device";

/// How often a screen without JavaScript reloads itself, in seconds.
const REFRESH_SECONDS: u32 = 10;

/// Times of events, in Morocco's time.
pub fn local_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&actions::EVENT_OFFSET)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The address participants open: the configured public URL, else the host the request came to.
fn join_url(state: &AppState, headers: &HeaderMap, code: &str) -> String {
    let base = state.config.public_url.clone().unwrap_or_else(|| {
        let host = headers
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        format!("http://{host}")
    });
    format!("{}/q/{code}", base.trim_end_matches('/'))
}

/// The message key of an age band (`35+` → `cafe-age-35-plus`).
pub fn age_band_key(band: &str) -> String {
    format!("cafe-age-{}", band.replace('+', "-plus"))
}

pub fn sector_key(sector: &str) -> String {
    format!("cafe-sector-{sector}")
}

/// What the live screens' script needs to draw a question in the reader's language, as JSON.
fn screen_labels(ctx: &PageCtx) -> String {
    let ages: serde_json::Map<String, serde_json::Value> = AGE_BANDS
        .iter()
        .map(|b| ((*b).to_owned(), ctx.t(&age_band_key(b)).into()))
        .collect();
    // A count's words in each plural category, the script picking one by the count: the word
    // after a count (`votes`), and the whole phrase with `#` for the count (`vote_count`).
    let categories = [
        ("zero", 0),
        ("one", 1),
        ("two", 2),
        ("few", 3),
        ("many", 11),
        ("other", 100),
    ];
    let votes: serde_json::Map<String, serde_json::Value> = categories
        .iter()
        .map(|(category, count)| ((*category).to_owned(), ctx.tn("cafe-votes", *count).into()))
        .collect();
    let vote_count: serde_json::Map<String, serde_json::Value> = categories
        .iter()
        .map(|(category, count)| {
            let phrase = ctx.tn("cafe-vote-count", *count).replace(&count.to_string(), "#");
            ((*category).to_owned(), phrase.into())
        })
        .collect();
    serde_json::json!({
        "anonymous": ctx.t("cafe-anonymous"),
        "vote": ctx.t("cafe-vote"),
        "withdraw": ctx.t("cafe-withdraw-vote"),
        "votes": votes,
        "vote_count": vote_count,
        "answered": ctx.t("cafe-answered"),
        "ages": ages,
        "phases": {
            "not_yet_open": ctx.t(Phase::NotYetOpen.key()),
            "open": ctx.t(Phase::Open.key()),
            "paused": ctx.t(Phase::Paused.key()),
            "closed": ctx.t(Phase::Closed.key()),
        },
    })
    .to_string()
}

// ---------------------------------------------------------------------------------------------
// Participants

#[derive(Clone, Debug, Default, Deserialize)]
pub struct JoinQuery {
    #[serde(default)]
    pub code: Option<String>,
}

#[derive(Template)]
#[template(path = "cafe/join.html")]
struct JoinPage {
    ctx: PageCtx,
    typed: String,
    unknown: bool,
}

/// `GET /q`: type the code (or arrive with `?code=`).
pub async fn join(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<JoinQuery>,
) -> AppResult<Response> {
    let typed = q.code.unwrap_or_default();
    if typed.trim().is_empty() {
        return render(&JoinPage {
            ctx,
            typed,
            unknown: false,
        });
    }
    match actions::by_code(&state, &typed).await {
        Ok(s) => Ok(see_other(&format!("/q/{}", s.code))),
        Err(AppError::NotFound) => {
            let page = JoinPage {
                ctx,
                typed,
                unknown: true,
            };
            Ok((StatusCode::NOT_FOUND, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "cafe/participant.html")]
struct ParticipantPage {
    ctx: PageCtx,
    session: Session,
    phase: Phase,
    pinned: Option<Question>,
    /// Not answered yet, the most voted first.
    top: Vec<Question>,
    newest: Vec<Question>,
    /// Answered, apart (the most voted first).
    answered: Vec<Question>,
    voted: Vec<i64>,
    /// After asking: `pending` or `published`.
    asked: String,
    refresh: u32,
    labels: String,
}

impl ParticipantPage {
    fn has_voted(&self, id: &i64) -> bool {
        self.voted.contains(id)
    }
}

/// A device token is a random value and its keyed digest (`random.tag`): only this server issues
/// them, so a cookie made up by a script is no device at all, and cannot stand for a phone that
/// voted (its votes are kept under the token's digest).
fn issue_device_token(state: &AppState) -> String {
    let random = random_token();
    let tag = state.key.blind_index(DEVICE_TAG, &random);
    format!("{random}.{tag}")
}

/// The purpose of a device token's keyed digest.
const DEVICE_TAG: &str = "cafe-device";

/// The device token a cookie carries, if this server issued it.
fn issued_device_token<'a>(state: &AppState, jar: &'a CookieJar) -> Option<&'a str> {
    let value = jar.get(DEVICE_COOKIE)?.value();
    let (random, tag) = value.split_once('.')?;
    let expected = state.key.blind_index(DEVICE_TAG, random);
    // Constant time: the tag must not be found byte by byte.
    let same = expected.len() == tag.len()
        && expected
            .bytes()
            .zip(tag.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    (random.len() >= 32 && same).then_some(value)
}

/// The device token of this browser, or a new one to set (a forged or old cookie is replaced).
fn device_token(state: &AppState, jar: &CookieJar) -> (String, bool) {
    match issued_device_token(state, jar) {
        Some(token) => (token.to_owned(), false),
        None => (issue_device_token(state), true),
    }
}

fn with_device_cookie(state: &AppState, mut response: Response, token: String, fresh: bool) -> Response {
    if fresh {
        let mut c = cookie(DEVICE_COOKIE, token, state.config.secure_cookies());
        c.set_path("/q");
        c.set_max_age(cookie::time::Duration::days(400));
        if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
            response.headers_mut().append(SET_COOKIE, v);
        }
    }
    response
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ParticipantQuery {
    #[serde(default)]
    pub asked: Option<String>,
}

/// `GET /q/{code}`: the participant's page: the question being answered, the top and the newest
/// not answered yet, and those answered, each with its vote button. Without JavaScript it
/// reloads itself; the form to ask is on its own page, so that a reload never loses what is
/// being typed.
pub async fn participant(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    Query(q): Query<ParticipantQuery>,
) -> AppResult<Response> {
    let session = actions::by_code(&state, &code).await?;
    let (token, fresh) = device_token(&state, &jar);
    let questions = store::questions(&state.db, session.id, true).await?;
    let voted = match store::known_device(&state.db, &digest(&token)).await? {
        Some(id) => store::voted_by(&state.db, session.id, id).await?,
        None => Vec::new(),
    };
    let pinned = questions.iter().find(|q| q.pinned).cloned();
    let mut newest: Vec<Question> = questions.iter().filter(|q| !q.answered).cloned().collect();
    newest.sort_by_key(|q| std::cmp::Reverse(q.id));
    newest.truncate(10);
    let (answered, top) = questions
        .into_iter()
        .filter(|q| !q.pinned)
        .partition(|q| q.answered);
    let page = ParticipantPage {
        phase: session.phase(state.clock.now()),
        session,
        pinned,
        top,
        newest,
        answered,
        voted,
        asked: q.asked.unwrap_or_default(),
        refresh: REFRESH_SECONDS,
        labels: screen_labels(&ctx),
        ctx,
    };
    Ok(with_device_cookie(&state, render(&page)?, token, fresh))
}

#[derive(Template)]
#[template(path = "cafe/ask.html")]
struct AskPage {
    ctx: PageCtx,
    session: Session,
    phase: Phase,
    draft: QuestionDraft,
    errors: FormErrors,
    /// A refusal to show above the form (paused, closed, too fast): a message key.
    problem: Option<String>,
}

/// `GET /q/{code}/ask`: the form to ask a question.
pub async fn ask_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    jar: CookieJar,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let session = actions::by_code(&state, &code).await?;
    let (token, fresh) = device_token(&state, &jar);
    let page = AskPage {
        phase: session.phase(state.clock.now()),
        ctx,
        session,
        draft: QuestionDraft::default(),
        errors: FormErrors::default(),
        problem: None,
    };
    Ok(with_device_cookie(&state, render(&page)?, token, fresh))
}

fn participant_of(state: &AppState, jar: &CookieJar, req: &RequestCtx) -> AppResult<Participant> {
    match issued_device_token(state, jar) {
        Some(token) => Ok(Participant {
            device_digest: digest(token),
            ip: req.ip.clone(),
        }),
        // The page sets the cookie: a post without one it issued comes from a script, or
        // cookies are off.
        None => Err(AppError::Conflict("cafe_no_device")),
    }
}

/// `POST /q/{code}/questions`: ask. A refusal comes back on the form with the text kept.
pub async fn ask(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(draft): Form<QuestionDraft>,
) -> AppResult<Response> {
    let session = actions::by_code(&state, &code).await?;
    let result = match participant_of(&state, &jar, &req) {
        Ok(who) => actions::ask(&state, &session, &who, &draft).await,
        Err(e) => Err(e),
    };
    let (status, errors, problem) = match result {
        Ok((_, status)) => {
            return Ok(see_other(&format!("/q/{}?asked={}", session.code, status.code())));
        }
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, FormErrors(errors), None),
        Err(e @ (AppError::Conflict(_) | AppError::TooManyRequests)) => (
            e.status(),
            FormErrors::default(),
            Some(format!("error-{}", e.code().replace('_', "-"))),
        ),
        Err(e) => return Err(e),
    };
    let page = AskPage {
        phase: session.phase(state.clock.now()),
        ctx,
        session,
        draft,
        errors,
        problem,
    };
    Ok((status, render(&page)?).into_response())
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct VoteForm {
    /// `1` to vote, `0` to withdraw the vote.
    #[serde(default)]
    pub cast: String,
}

/// `POST /q/{code}/questions/{question}/vote`: vote, or withdraw the vote. A script asking for
/// JSON (as the request context tells, errors included) gets the question's count; a plain form
/// goes back to the page.
pub async fn vote(
    State(state): State<AppState>,
    req: RequestCtx,
    jar: CookieJar,
    Path((code, question)): Path<(String, i64)>,
    Form(form): Form<VoteForm>,
) -> AppResult<Response> {
    let session = actions::by_code(&state, &code).await?;
    let who = participant_of(&state, &jar, &req)?;
    let cast = form.cast != "0";
    let (_, votes) = actions::vote(&state, &session, &who, question, cast).await?;
    if req.is_api {
        Ok(
            axum::Json(serde_json::json!({ "question": question, "voted": cast, "votes": votes }))
                .into_response(),
        )
    } else {
        Ok(see_other(&format!("/q/{}#q{question}", session.code)))
    }
}

/// `GET /q/{code}/events`: the public live stream (published questions only).
pub async fn public_events(State(state): State<AppState>, Path(code): Path<String>) -> AppResult<Response> {
    let session = actions::by_code(&state, &code).await?;
    Ok(live::stream(state, session.id, Audience::Public).await)
}

#[derive(Template)]
#[template(path = "cafe/stage.html")]
struct StagePage {
    ctx: PageCtx,
    session: Session,
    phase: Phase,
    pinned: Option<Question>,
    top: Vec<Question>,
    join_url: String,
    refresh: u32,
    labels: String,
}

/// How many questions the stage shows under the pinned one.
const STAGE_TOP: usize = 6;

/// `GET /q/{code}/stage`: the projector's screen.
pub async fn stage(
    State(state): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let session = actions::by_code(&state, &code).await?;
    let questions = store::questions(&state.db, session.id, true).await?;
    let pinned = questions.iter().find(|q| q.pinned).cloned();
    let top = questions
        .into_iter()
        .filter(|q| !q.pinned && !q.answered)
        .take(STAGE_TOP)
        .collect();
    render(&StagePage {
        phase: session.phase(state.clock.now()),
        join_url: join_url(&state, &headers, &session.code),
        labels: screen_labels(&ctx),
        ctx,
        session,
        pinned,
        top,
        refresh: REFRESH_SECONDS,
    })
}

/// `GET /q/{code}/qr.svg`: the join link as a QR code, drawn here (no outside service).
pub async fn qr(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let session = actions::by_code(&state, &code).await?;
    let url = join_url(&state, &headers, &session.code);
    let qr = qrcode::QrCode::new(url.as_bytes())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("QR code: {e}")))?;
    let svg = qr
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    Ok(([(CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ArchiveFilter {
    /// Only the questions tagged with this sector.
    #[serde(default)]
    pub sector: Option<String>,
}

#[derive(Template)]
#[template(path = "cafe/archive.html")]
struct ArchivePage {
    ctx: PageCtx,
    session: Session,
    phase: Phase,
    panel: Vec<Panelist>,
    /// The questions shown (of the sector chosen, if one is).
    questions: Vec<Question>,
    /// How many questions the session published in all.
    all: usize,
    /// The sectors tagged, with their number of questions.
    sectors: Vec<(&'static str, usize)>,
    sector: Option<&'static str>,
    commitments: Vec<Commitment>,
    log: Vec<LogEntry>,
}

impl ArchivePage {
    /// The start of the question a commitment answers (empty if it is no longer shown).
    fn question_excerpt(&self, id: &i64) -> String {
        self.questions
            .iter()
            .find(|q| q.id == *id)
            .map(|q| self.excerpt(&q.body, 60))
            .unwrap_or_default()
    }
}

impl Answers for ArchivePage {
    fn parts(&self) -> (&PageCtx, &[Panelist], &[Commitment]) {
        (&self.ctx, &self.panel, &self.commitments)
    }
}

/// What a page showing the answers given (the archive, the console) draws a commitment with
/// (`cafe/commitment.html`).
trait Answers {
    /// The page's context, the session's panel and its commitments.
    fn parts(&self) -> (&PageCtx, &[Panelist], &[Commitment]);

    fn commitments_of(&self, id: &i64) -> Vec<&Commitment> {
        self.parts().2.iter().filter(|c| c.question_id == *id).collect()
    }

    /// The name of the panelist who made a commitment, in the reader's script; empty if none.
    fn panelist(&self, id: &Option<i64>) -> String {
        let (ctx, panel, _) = self.parts();
        id.and_then(|id| panel.iter().find(|p| p.id == id))
            .map(|p| panelist_name(ctx, p))
            .unwrap_or_default()
    }
}

fn panelist_name(ctx: &PageCtx, p: &Panelist) -> String {
    match (p.name_ar.is_empty(), p.name_latin.is_empty()) {
        (false, true) => p.name_ar.clone(),
        (true, false) => p.name_latin.clone(),
        _ if ctx.locale == crate::i18n::Locale::Ar => p.name_ar.clone(),
        _ => p.name_latin.clone(),
    }
}

/// `GET /q/{code}/archive`: the session as it went: questions, answers, commitments, and the
/// moderation log (what was hidden and why; never the hidden texts).
pub async fn archive(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
    Query(filter): Query<ArchiveFilter>,
) -> AppResult<Response> {
    let session = actions::by_code(&state, &code).await?;
    let mut questions = store::questions(&state.db, session.id, true).await?;
    // The sectors the questions were tagged with, and how many each (the filter's choices).
    let sectors: Vec<(&'static str, usize)> = SECTORS
        .iter()
        .map(|s| (*s, questions.iter().filter(|q| q.sector == *s).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let sector = filter
        .sector
        .and_then(|s| SECTORS.iter().find(|k| **k == s).copied());
    let all = questions.len();
    let mut commitments = store::commitments(&state.db, session.id).await?;
    if let Some(sector) = sector {
        questions.retain(|q| q.sector == sector);
        commitments.retain(|c| questions.iter().any(|q| q.id == c.question_id));
    }
    let page = ArchivePage {
        phase: session.phase(state.clock.now()),
        panel: store::panelists(&state.db, session.id).await?,
        questions,
        all,
        sectors,
        sector,
        commitments,
        log: store::moderation_log(&state.db, session.id).await?,
        ctx,
        session,
    };
    render(&page)
}

// ---------------------------------------------------------------------------------------------
// Staff

#[derive(Template)]
#[template(path = "cafe/sessions.html")]
struct SessionsPage {
    ctx: PageCtx,
    sessions: Vec<Session>,
    can_open: bool,
    /// The organizations the caller may open sessions for.
    organizations: Vec<crate::organizations::Organization>,
    draft: SessionDraft,
    errors: FormErrors,
}

async fn sessions_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    auth: &Authorized,
    draft: SessionDraft,
    errors: FormErrors,
) -> AppResult<SessionsPage> {
    let organizations = match req.caller.permit(Action::OrganizeCafe) {
        Ok(permit) => actions::organizing_for(&permit, crate::organizations::all(&state.db).await?),
        Err(_) => Vec::new(),
    };
    Ok(SessionsPage {
        ctx,
        sessions: store::sessions(&state.db, auth).await?,
        can_open: req.caller.authorize(Action::OrganizeCafe).is_ok(),
        organizations,
        draft,
        errors,
    })
}

/// `GET /cafe`: the sessions of events in the caller's territory.
pub async fn sessions(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    auth: Authorized,
) -> AppResult<Response> {
    let page = sessions_page(
        &state,
        ctx,
        &req,
        &auth,
        SessionDraft::default(),
        FormErrors::default(),
    )
    .await?;
    render(&page)
}

/// `POST /cafe`: open a session.
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    auth: Authorized,
    Form(draft): Form<SessionDraft>,
) -> AppResult<Response> {
    match actions::create_session(&state, &req.actor(), &auth, &draft).await {
        Ok(s) => Ok(see_other(&format!("/cafe/{}", s.id))),
        Err(AppError::Invalid(errors)) => {
            let page = sessions_page(&state, ctx, &req, &auth, draft, FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "cafe/console.html")]
struct ConsolePage {
    ctx: PageCtx,
    session: Session,
    phase: Phase,
    join_url: String,
    panel: Vec<Panelist>,
    pending: Vec<Question>,
    published: Vec<Question>,
    set_aside: Vec<Question>,
    log: Vec<LogEntry>,
    commitments: Vec<Commitment>,
    labels: String,
    can_organize: bool,
    panelist_draft: PanelistDraft,
    pickers: crate::people::picker::Pickers,
    /// No "add a new person" beside the panel's person search: a guest is named below it.
    new_person: Option<String>,
    errors: FormErrors,
    /// The question whose form was refused, to show the errors beside it.
    failed: Option<i64>,
}

impl Answers for ConsolePage {
    fn parts(&self) -> (&PageCtx, &[Panelist], &[Commitment]) {
        (&self.ctx, &self.panel, &self.commitments)
    }
}

impl ConsolePage {
    /// Is this the question whose form was refused?
    fn failed_at(&self, id: &i64) -> bool {
        self.failed == Some(*id)
    }
}

async fn console_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    headers: &HeaderMap,
    session: Session,
    errors: FormErrors,
    failed: Option<i64>,
) -> AppResult<ConsolePage> {
    let questions = store::questions(&state.db, session.id, false).await?;
    let (mut pending, mut published, mut set_aside) = (Vec::new(), Vec::new(), Vec::new());
    for q in questions {
        match q.status {
            Status::Pending => pending.push(q),
            Status::Published => published.push(q),
            Status::Hidden | Status::Merged => set_aside.push(q),
        }
    }
    // The oldest waiting question first: the queue is worked from the top.
    pending.sort_by_key(|q| q.id);
    Ok(ConsolePage {
        phase: session.phase(state.clock.now()),
        join_url: join_url(state, headers, &session.code),
        panel: store::panelists(&state.db, session.id).await?,
        log: store::moderation_log(&state.db, session.id).await?,
        commitments: store::commitments(&state.db, session.id).await?,
        labels: screen_labels(&ctx),
        can_organize: req.caller.authorize(Action::OrganizeCafe).is_ok(),
        panelist_draft: PanelistDraft::default(),
        pickers: Default::default(),
        new_person: None,
        ctx,
        session,
        pending,
        published,
        set_aside,
        errors,
        failed,
    })
}

/// `GET /cafe/{session}`: the moderator console.
pub async fn console(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    headers: HeaderMap,
    permit: Authorized,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let session = actions::held(&state, &permit, id).await?;
    let page = console_page(&state, ctx, &req, &headers, session, FormErrors::default(), None).await?;
    render(&page)
}

/// `GET /cafe/{session}/events`: the moderators' live stream (every question, any status).
pub async fn staff_events(
    State(state): State<AppState>,
    permit: Authorized,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let session = actions::held(&state, &permit, id).await?;
    Ok(live::stream(state, session.id, Audience::Staff).await)
}

/// `POST /cafe/{session}/questions/{question}`: approve, hide, merge, tag, pin, unpin, answered.
pub async fn moderate(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    headers: HeaderMap,
    permit: Authorized,
    Path((id, question)): Path<(i64, i64)>,
    Form(m): Form<Moderation>,
) -> AppResult<Response> {
    let session = actions::held(&state, &permit, id).await?;
    let done = actions::moderate(&state, &req.actor(), &session, question, &m).await;
    back_to_console(&state, ctx, &req, &headers, session, question, done).await
}

/// `POST /cafe/{session}/questions/{question}/answer`: the answer given, and any commitment.
pub async fn answer(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    headers: HeaderMap,
    permit: Authorized,
    Path((id, question)): Path<(i64, i64)>,
    Form(draft): Form<AnswerDraft>,
) -> AppResult<Response> {
    let session = actions::held(&state, &permit, id).await?;
    let done = actions::record_answer(&state, &req.actor(), &session, question, &draft).await;
    back_to_console(&state, ctx, &req, &headers, session, question, done).await
}

/// After a moderator's form on a question: back to it on the console, or the console again with
/// the refusal said beside the question.
async fn back_to_console(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    headers: &HeaderMap,
    session: Session,
    question: i64,
    done: AppResult<()>,
) -> AppResult<Response> {
    match done {
        Ok(()) => Ok(see_other(&format!("/cafe/{}#q{question}", session.id))),
        Err(AppError::Invalid(errors)) => {
            let page = console_page(
                state,
                ctx,
                req,
                headers,
                session,
                FormErrors(errors),
                Some(question),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct PauseForm {
    /// `1` to pause, `0` to resume.
    #[serde(default)]
    pub paused: String,
    #[serde(default)]
    pub reason: String,
}

/// `POST /cafe/{session}/pause`: the kill switch, on or off.
pub async fn pause(
    State(state): State<AppState>,
    req: RequestCtx,
    permit: Authorized,
    Path(id): Path<i64>,
    Form(form): Form<PauseForm>,
) -> AppResult<Response> {
    let session = actions::held(&state, &permit, id).await?;
    actions::pause(&state, &req.actor(), &session, form.paused == "1", &form.reason).await?;
    Ok(see_other(&format!("/cafe/{id}")))
}

/// `POST /cafe/{session}/panel`: seat a panelist.
pub async fn add_panelist(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(draft): Form<PanelistDraft>,
) -> AppResult<Response> {
    // Organizers only, within their own grants for organizing.
    let permit = req.caller.permit(Action::OrganizeCafe)?;
    let session = actions::held(&state, &permit, id).await?;
    match actions::add_panelist(&state, &permit.reaches, &req.actor(), &session, &draft).await {
        Ok(_) => Ok(see_other(&format!("/cafe/{id}#panel"))),
        Err(AppError::Invalid(mut errors)) => {
            let pickers = crate::people::picker::Pickers::after(
                &state,
                &permit.reaches,
                ctx.locale,
                &mut errors,
                "person",
                &draft.person,
                format!("/cafe/{id}#panel"),
            )
            .await?;
            let mut page =
                console_page(&state, ctx, &req, &headers, session, FormErrors(errors), None).await?;
            page.panelist_draft = draft;
            page.pickers = pickers;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    pub format: Option<String>,
}

/// `GET /cafe/{session}/export`: every question with its status, votes, answer and commitments,
/// as CSV or .xlsx (audited).
pub async fn export(
    State(state): State<AppState>,
    req: RequestCtx,
    permit: Authorized,
    Path(id): Path<i64>,
    Query(q): Query<ExportQuery>,
) -> AppResult<Response> {
    let session = actions::held(&state, &permit, id).await?;
    let locale = req.locale;
    let t = |key: &str| state.i18n.t_plain(locale, key, &[]);
    let questions = store::questions(&state.db, session.id, false).await?;
    let commitments = store::commitments(&state.db, session.id).await?;
    let panel = store::panelists(&state.db, session.id).await?;
    let who = |id: Option<i64>| {
        id.and_then(|id| panel.iter().find(|p| p.id == id))
            .map(|p| format!("{} {}", p.name_ar, p.name_latin).trim().to_owned())
            .unwrap_or_default()
    };
    let table = crate::export::Table {
        headers: [
            "cafe-col-number",
            "cafe-col-status",
            "cafe-col-votes",
            "cafe-col-sector",
            "cafe-col-question",
            "cafe-col-first-name",
            "cafe-col-age-band",
            "cafe-col-asked-at",
            "cafe-col-answer",
            "cafe-col-commitments",
        ]
        .iter()
        .map(|k| t(k))
        .collect(),
        rows: questions
            .iter()
            .map(|question| {
                let promised: Vec<String> = commitments
                    .iter()
                    .filter(|c| c.question_id == question.id)
                    .map(|c| {
                        let due = c.due_on.map(|d| format!(" ({d})")).unwrap_or_default();
                        match who(c.panelist_id) {
                            who if who.is_empty() => format!("{}{due}", c.commitment),
                            who => format!("{who}: {}{due}", c.commitment),
                        }
                    })
                    .collect();
                vec![
                    question.id.to_string(),
                    t(&format!("cafe-status-{}", question.status.code())),
                    question.votes.to_string(),
                    if question.sector.is_empty() {
                        String::new()
                    } else {
                        t(&question.sector_key())
                    },
                    question.body.clone(),
                    question.first_name.clone(),
                    question.age_band.clone(),
                    local_time(question.asked_at),
                    question.answer.clone(),
                    promised.join(" | "),
                ]
            })
            .collect(),
        numbers: vec![0, 2],
    };
    let xlsx = q.format.as_deref() == Some("xlsx");
    let (response, extension) = crate::export::download(
        &table,
        locale,
        xlsx,
        &t("cafe-title"),
        &format!("mizan-cafe-{}", session.code),
        state.clock.today(),
    )?;
    crate::audit::record_alone(
        &state.db,
        &state.key,
        state.clock.now(),
        &req.actor(),
        crate::audit::Event {
            action: "cafe.export",
            target_kind: "cafe_session",
            target_id: &session.id.to_string(),
            details: serde_json::json!({ "format": extension, "rows": table.rows.len() }),
        },
    )
    .await?;
    Ok(response)
}

/// What every café template calls: times in Morocco's time, the forms' choices and their keys.
trait Screen {
    fn local_time(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        local_time(*t)
    }

    /// The day of a moment in Morocco's time (for `ctx.date`), and its hour (`09:53`).
    fn local_day(&self, t: &chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
        t.with_timezone(&actions::EVENT_OFFSET).date_naive()
    }

    fn local_hour(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        t.with_timezone(&actions::EVENT_OFFSET)
            .format("%H:%M")
            .to_string()
    }

    fn age_band_key(&self, band: &str) -> String {
        age_band_key(band)
    }

    fn sector_key(&self, sector: &str) -> String {
        sector_key(sector)
    }

    fn text_runs<'a>(&self, text: &'a str) -> Vec<(bool, &'a str)> {
        super::model::text_runs(text)
    }

    /// The start of a question, `chars` characters at most (whole words, then `…`), in any
    /// script.
    fn excerpt(&self, text: &str, chars: usize) -> String {
        if text.chars().count() <= chars {
            return text.to_owned();
        }
        let cut: String = text.chars().take(chars).collect();
        let words = cut
            .rsplit_once(char::is_whitespace)
            .map_or(cut.as_str(), |(w, _)| w);
        format!("{}…", words.trim_end())
    }

    fn age_bands(&self) -> &'static [&'static str] {
        &AGE_BANDS
    }

    fn sectors(&self) -> &'static [&'static str] {
        &SECTORS
    }
}

impl Screen for ParticipantPage {}
impl Screen for AskPage {}
impl Screen for StagePage {}
impl Screen for ArchivePage {}
impl Screen for SessionsPage {}
impl Screen for ConsolePage {}

#[cfg(test)]
mod tests {
    use super::Screen;

    struct Page;
    impl Screen for Page {}

    #[test]
    fn an_excerpt_counts_characters_not_bytes_and_ends_on_a_word() {
        let arabic = "متى سيتم فتح مركز للتكوين المهني في تاونات لفائدة الشباب العاطلين عن العمل؟";
        let cut = Page.excerpt(arabic, 30);
        assert_eq!(cut, "متى سيتم فتح مركز للتكوين…");
        assert!(cut.chars().count() <= 31, "{cut}");
        assert_eq!(Page.excerpt("Short one", 30), "Short one", "whole when it fits");
    }
}
