//! The participants' pages, without an account: join by the code, the session on a phone (its
//! device cookie), ask, vote, the live stream of approved questions, the stage screen, the QR
//! code, the archive.

use super::*;

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
    let questions = store::published_questions(&state.db, session.id).await?;
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
        Ok(who) => participate::ask(&state, &session, &who, &draft).await,
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
    let (_, votes) = participate::vote(&state, &session, &who, question, cast).await?;
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
    let questions = store::published_questions(&state.db, session.id).await?;
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

/// `GET /q/{code}/archive`: the session as it went: questions, answers, commitments, and the
/// moderation log (what was hidden and why; never the hidden texts).
pub async fn archive(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(code): Path<String>,
    Query(filter): Query<ArchiveFilter>,
) -> AppResult<Response> {
    let session = actions::by_code(&state, &code).await?;
    let mut questions = store::published_questions(&state.db, session.id).await?;
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
    let mut commitments = crate::cafe::moderation::store::commitments(&state.db, session.id).await?;
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
        log: crate::cafe::moderation::store::moderation_log(&state.db, session.id).await?,
        ctx,
        session,
    };
    render(&page)
}

impl Screen for ParticipantPage {}
impl Screen for AskPage {}
impl Screen for StagePage {}
impl Screen for ArchivePage {}
