//! A Policy Café session in JSON, as anyone with its code sees it (`/api/v1/cafe/{code}`).

use axum::extract::{Path, State};
use serde::Serialize;

use super::model::{Commitment, LogEntry, Panelist, Phase, Question, Session};
use super::{actions, store};
use crate::app::AppState;
use crate::error::AppResult;

/// A session: its panel, its published questions with their votes and answers, the commitments
/// made, and the moderation log (actions and reasons, never the hidden texts).
#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionView {
    pub session: Session,
    pub phase: Phase,
    pub panel: Vec<Panelist>,
    pub questions: Vec<Question>,
    pub commitments: Vec<Commitment>,
    pub moderation_log: Vec<LogEntry>,
}

/// A live Q&A session by its join code.
#[utoipa::path(
    get,
    path = "/api/v1/cafe/{code}",
    tag = "cafe",
    params(("code" = String, Path, description = "The session's join code")),
    responses(
        (status = 200, body = SessionView),
        (status = 404, description = "No session has this code"),
    )
)]
pub async fn session(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> AppResult<axum::Json<SessionView>> {
    let session = actions::by_code(&state, &code).await?;
    Ok(axum::Json(SessionView {
        phase: session.phase(state.clock.now()),
        panel: store::panelists(&state.db, session.id).await?,
        questions: store::published_questions(&state.db, session.id).await?,
        commitments: crate::cafe::moderation::store::commitments(&state.db, session.id).await?,
        moderation_log: crate::cafe::moderation::store::moderation_log(&state.db, session.id).await?,
        session,
    }))
}
