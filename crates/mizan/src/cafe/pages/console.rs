//! The staff's pages: the sessions, a session's console (panel, moderation queue, answers and
//! commitments, the kill switch), its export.

use super::*;
use crate::auth::Held;
use crate::cafe::moderation::{AnswerDraft, Moderation};

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
    /// The regions and provinces the caller may open a session in.
    places: Vec<crate::territory::Unit>,
}

async fn sessions_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    auth: &Authorized,
    draft: SessionDraft,
    errors: FormErrors,
) -> AppResult<SessionsPage> {
    let (organizations, places, everywhere) = match req.permit(Action::OrganizeCafe) {
        Ok(permit) => (
            actions::organizing_for(&permit, crate::organizations::all(&state.db).await?),
            crate::territory::store::places_within(&state.db, &permit.scope).await?,
            permit.scope == crate::auth::Scope::Everywhere,
        ),
        Err(_) => (Vec::new(), Vec::new(), false),
    };
    // Where the caller's reach is one place, the event is there unless they say otherwise.
    let mut draft = draft;
    if draft.territory.is_empty()
        && !everywhere
        && let [only] = places.as_slice()
    {
        draft.territory = only.code.clone();
    }
    Ok(SessionsPage {
        ctx,
        sessions: store::sessions(&state.db, auth).await?,
        can_open: req.caller.authorize(Action::OrganizeCafe).is_ok(),
        organizations,
        draft,
        errors,
        places,
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
    match actions::create_session(&state, &auth, &draft).await {
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
    /// For each question, the others that ask much the same (to merge it into in one tap).
    alike: std::collections::HashMap<i64, Vec<i64>>,
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

    /// The questions that ask much the same as this one.
    fn alike_to(&self, id: &i64) -> Vec<&Question> {
        let ids = self.alike.get(id).map(Vec::as_slice).unwrap_or_default();
        ids.iter()
            .filter_map(|other| {
                self.pending
                    .iter()
                    .chain(&self.published)
                    .find(|q| q.id == *other)
            })
            .collect()
    }
}

async fn console_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    headers: &HeaderMap,
    session: Held<Session>,
    errors: FormErrors,
    failed: Option<i64>,
) -> AppResult<ConsolePage> {
    let questions = store::all_questions(&state.db, &session).await?;
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
    let alike = crate::cafe::similar::alike(&pending.iter().chain(&published).collect::<Vec<_>>());
    Ok(ConsolePage {
        phase: session.phase(state.clock.now()),
        join_url: join_url(state, headers, &session.code),
        panel: store::panelists(&state.db, session.id).await?,
        log: crate::cafe::moderation::store::moderation_log(&state.db, session.id).await?,
        commitments: crate::cafe::moderation::store::commitments(&state.db, session.id).await?,
        labels: screen_labels(&ctx),
        can_organize: req.caller.authorize(Action::OrganizeCafe).is_ok(),
        panelist_draft: PanelistDraft::default(),
        pickers: Default::default(),
        new_person: None,
        ctx,
        session: session.into_inner(),
        pending,
        published,
        set_aside,
        errors,
        failed,
        alike,
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
    let done = crate::cafe::moderation::moderate(&state, &req.actor(), &session, question, &m).await;
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
    let done = crate::cafe::moderation::record_answer(&state, &req.actor(), &session, question, &draft).await;
    back_to_console(&state, ctx, &req, &headers, session, question, done).await
}

/// After a moderator's form on a question: back to it on the console, or the console again with
/// the refusal said beside the question.
async fn back_to_console(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    headers: &HeaderMap,
    session: Held<Session>,
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
    crate::cafe::moderation::pause(&state, &req.actor(), &session, form.paused == "1", &form.reason).await?;
    Ok(see_other(&format!("/cafe/{id}")))
}

/// `POST /cafe/{session}/panel`: seat a panelist.
pub async fn add_panelist(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let draft = PanelistDraft::from_fields(fields);
    // Organizers only, within their own grants for organizing.
    let permit = req.permit(Action::OrganizeCafe)?;
    let session = actions::held(&state, &permit, id).await?;
    match panel::add_panelist(&state, &permit, &session, &draft).await {
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
    let questions = store::all_questions(&state.db, &session).await?;
    let commitments = crate::cafe::moderation::store::commitments(&state.db, session.id).await?;
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
    crate::export::deliver(
        &state,
        &req,
        crate::export::Export {
            table,
            xlsx,
            sheet: &t("cafe-title"),
            stem: &format!("mizan-cafe-{}", session.code),
            action: "cafe.export",
            target_kind: "cafe_session",
            target_id: &session.id.to_string(),
            details: serde_json::json!({}),
        },
    )
    .await
}

impl Screen for SessionsPage {}
impl Screen for ConsolePage {}
