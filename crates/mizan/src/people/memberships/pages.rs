//! The memberships page of a person (`/people/{uid}/memberships`): their history in every
//! organization the caller sees, a role changed or a membership ended row by row, another
//! organization joined.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{ChangeDraft, END_REASONS, JoinDraft, ROLES};
use crate::app::AppState;
use crate::auth::Permit;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::organizations::Organization;
use crate::people::model::MembershipView;
use crate::territory::Unit;
use crate::ui::{FormErrors, PageCtx, render, see_other};

#[derive(Template)]
#[template(path = "people/memberships.html")]
struct MembershipsPage {
    ctx: PageCtx,
    uid: String,
    name: String,
    memberships: Vec<MembershipView>,
    /// Organizations the caller may bring the person into.
    organizations: Vec<Organization>,
    branches: Vec<Unit>,
    join: JoinDraft,
    /// The membership whose row the errors are about (none: the join form).
    failed: Option<i64>,
    errors: FormErrors,
    today: chrono::NaiveDate,
}

impl MembershipsPage {
    fn roles(&self) -> [&'static str; 3] {
        ROLES
    }

    fn reasons(&self) -> [&'static str; 5] {
        END_REASONS
    }

    /// Whether a choice is the one held or typed (for `selected`).
    fn same(&self, held: &str, choice: &str) -> bool {
        held == choice
    }

    /// Whether the errors shown are about this membership's row.
    fn failed_on(&self, id: &i64) -> bool {
        self.failed == Some(*id)
    }
}

async fn page(
    state: &AppState,
    ctx: PageCtx,
    permit: &Permit,
    uid: &str,
    join: JoinDraft,
    failed: Option<i64>,
    errors: FormErrors,
) -> AppResult<MembershipsPage> {
    let (record, memberships) = super::of_person(state, permit, uid).await?;
    let unlimited = permit.reaches.iter().any(|r| r.organization.is_none());
    let organizations = crate::organizations::all(&state.db)
        .await?
        .into_iter()
        .filter(|o| permit.reaches.iter().any(|r| r.organization == Some(o.id)) || (unlimited && !o.walled))
        .collect();
    let branches = super::branches_near(state, permit, record.residence_path.as_deref()).await?;
    let name = [&record.given_ar, &record.family_ar]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    Ok(MembershipsPage {
        ctx,
        uid: record.uid,
        name,
        memberships,
        organizations,
        branches,
        join,
        failed,
        errors,
        today: state.clock.today(),
    })
}

/// `GET /people/{uid}/memberships`
pub async fn memberships(
    State(state): State<AppState>,
    ctx: PageCtx,
    permit: Authorized,
    Path(uid): Path<String>,
) -> AppResult<Response> {
    render(
        &page(
            &state,
            ctx,
            &permit,
            &uid,
            JoinDraft::default(),
            None,
            FormErrors::default(),
        )
        .await?,
    )
}

/// `POST /people/{uid}/memberships`: the person joins an organization at a branch.
pub async fn join(
    State(state): State<AppState>,
    ctx: PageCtx,
    permit: Authorized,
    Path(uid): Path<String>,
    Form(draft): Form<JoinDraft>,
) -> AppResult<Response> {
    match super::join(&state, &permit, &uid, &draft).await {
        Ok(()) => Ok(see_other(&format!("/people/{uid}/memberships"))),
        Err(AppError::Invalid(errors)) => {
            let shown = page(&state, ctx, &permit, &uid, draft, None, FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&shown)?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `POST /people/{uid}/memberships/{id}`: a role changed, or the membership ended.
pub async fn change(
    State(state): State<AppState>,
    ctx: PageCtx,
    _req: RequestCtx,
    permit: Authorized,
    Path((uid, id)): Path<(String, i64)>,
    Form(draft): Form<ChangeDraft>,
) -> AppResult<Response> {
    match super::change(&state, &permit, &uid, id, &draft).await {
        Ok(()) => Ok(see_other(&format!("/people/{uid}/memberships"))),
        Err(AppError::Invalid(errors)) => {
            let shown = page(
                &state,
                ctx,
                &permit,
                &uid,
                JoinDraft::default(),
                Some(id),
                FormErrors(errors),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&shown)?).into_response())
        }
        Err(e) => Err(e),
    }
}
