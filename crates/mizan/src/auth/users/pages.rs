//! Pages of the users' administration: the users a manager sees (`/admin/users`) with the form to
//! invite one, a user's page (`/admin/users/{name}`: roles, sessions, tokens, and what the manager
//! may do to them), the link shown once after an invitation or a reset, and the invited user's
//! sign-up (`/signup/{token}`). The list as a download is `exports`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::actions::{self, GrantDraft, InviteDraft, Managed};
use super::bounds;
use super::sign_up::SignUp;
use super::store::{self, GrantRow, SessionSeen, TokenSeen};
use crate::app::AppState;
use crate::auth::session::{self, SESSION_COOKIE};
use crate::auth::{Action, Permit, Role};
use crate::error::{AppError, AppResult};
use crate::http::{Form, RequestCtx};
use crate::organizations::Organization;
use crate::territory::{Unit, store as territory};
use crate::ui::{FormErrors, PageCtx, render, see_other};

/// What the pages need to name a grant: its role, its place and its organization, in the reader's
/// language.
pub(super) struct Names {
    organizations: Vec<Organization>,
}

impl Names {
    pub(super) async fn load(state: &AppState) -> AppResult<Names> {
        Ok(Names {
            organizations: crate::organizations::all(&state.db).await?,
        })
    }

    pub(super) fn grant(&self, ctx: &PageCtx, g: &GrantRow) -> String {
        let role = Role::parse(&g.role).map_or_else(|| g.role.clone(), |r| ctx.t(&r.message_key()));
        let place = match (&g.scope_ar, &g.scope_fr) {
            (Some(ar), Some(fr)) => ctx.pick(ar, fr, fr).to_owned(),
            _ => ctx.t("users-everywhere"),
        };
        let organization = g
            .organization_id
            .and_then(|id| self.organizations.iter().find(|o| o.id == id))
            .map(|o| format!(" · {}", ctx.pick(&o.name_ar, &o.name_fr, &o.name_en)));
        format!("{role} · {place}{}", organization.unwrap_or_default())
    }
}

/// The roles the caller may give, and the places (regions and provinces of their subtrees, or the
/// whole country) the form offers to choose from.
struct Choices {
    roles: Vec<Role>,
    places: Vec<Unit>,
    everywhere: bool,
    organizations: Vec<Organization>,
}

async fn choices(state: &AppState, permit: &Permit) -> AppResult<Choices> {
    let grants = &permit.grants;
    let mut roles: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|r| grants.iter().any(|g| bounds::grantable_by(g.role).contains(r)))
        .collect();
    roles.dedup();
    let scope = &permit.scope;
    let places = territory::places_within(&state.db, scope).await?;
    let organizations = crate::organizations::all(&state.db)
        .await?
        .into_iter()
        .filter(|o| {
            grants.iter().any(|g| match g.organization_id {
                Some(own) => own == o.id,
                None => g.scope_path.is_none() || !o.walled,
            })
        })
        .collect();
    Ok(Choices {
        roles,
        places,
        everywhere: *scope == crate::auth::Scope::Everywhere,
        organizations,
    })
}

fn day(ctx: &PageCtx, at: &DateTime<Utc>) -> String {
    ctx.date(&at.date_naive())
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    ctx: PageCtx,
    users: Vec<Managed>,
    names: Names,
    choices: Choices,
    draft: InviteDraft,
    errors: FormErrors,
    /// The list to download (`ui/exports.html`).
    exports: Vec<(&'static str, String)>,
}

impl UsersPage {
    fn grant(&self, g: &GrantRow) -> String {
        self.names.grant(&self.ctx, g)
    }

    fn day(&self, at: &DateTime<Utc>) -> String {
        day(&self.ctx, at)
    }
}

async fn users_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    draft: InviteDraft,
    errors: FormErrors,
) -> AppResult<UsersPage> {
    let permit = req.permit(Action::ManageUsers)?;
    Ok(UsersPage {
        users: actions::visible_users(state, &permit).await?,
        names: Names::load(state).await?,
        choices: choices(state, &permit).await?,
        ctx,
        draft,
        errors,
        exports: vec![("export-list-users", "/admin/users/export?".to_owned())],
    })
}

/// `GET /admin/users`
pub async fn list(State(state): State<AppState>, ctx: PageCtx, req: RequestCtx) -> AppResult<Response> {
    render(&users_page(&state, ctx, &req, InviteDraft::default(), FormErrors::default()).await?)
}

#[derive(Template)]
#[template(path = "admin/user_link.html")]
struct LinkPage {
    ctx: PageCtx,
    username: String,
    link: String,
    hours: i64,
    /// A reset rather than an invitation.
    reset: bool,
}

/// The address of a sign-up link, whole when the public address is known.
pub(crate) fn link(state: &AppState, token: &str) -> String {
    let base = state
        .config
        .public_url
        .as_deref()
        .unwrap_or_default()
        .trim_end_matches('/');
    format!("{base}/signup/{token}")
}

/// `POST /admin/users`: invite a user; the link, once.
pub async fn invite(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Form(draft): Form<InviteDraft>,
) -> AppResult<Response> {
    match actions::invite(&state, &req.permit(Action::ManageUsers)?, &draft).await {
        Ok(token) => render(&LinkPage {
            ctx,
            username: draft.username.trim().to_lowercase(),
            link: link(&state, &token),
            hours: actions::LINK_HOURS,
            reset: false,
        }),
        Err(AppError::Invalid(errors)) => {
            let page = users_page(&state, ctx, &req, draft, FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "admin/user.html")]
struct UserPage {
    ctx: PageCtx,
    managed: Managed,
    sessions: Vec<SessionSeen>,
    tokens: Vec<TokenSeen>,
    names: Names,
    choices: Choices,
    draft: GrantDraft,
    errors: FormErrors,
    /// The page is the caller's own account (they do not disable themselves).
    own: bool,
}

impl UserPage {
    fn grant(&self, g: &GrantRow) -> String {
        self.names.grant(&self.ctx, g)
    }

    fn day(&self, at: &DateTime<Utc>) -> String {
        day(&self.ctx, at)
    }
}

async fn user_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    username: &str,
    draft: GrantDraft,
    errors: FormErrors,
) -> AppResult<UserPage> {
    let permit = req.permit(Action::ManageUsers)?;
    let managed = actions::visible_user(state, &permit, username).await?;
    Ok(UserPage {
        sessions: store::sessions_of(&state.db, managed.user.id, state.clock.now()).await?,
        tokens: store::tokens_of(&state.db, managed.user.id).await?,
        own: req.caller.user_id() == Some(managed.user.id),
        managed,
        names: Names::load(state).await?,
        choices: choices(state, &permit).await?,
        ctx,
        draft,
        errors,
    })
}

/// `GET /admin/users/{name}`
pub async fn user(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Path(name): Path<String>,
) -> AppResult<Response> {
    render(
        &user_page(
            &state,
            ctx,
            &req,
            &name,
            GrantDraft::default(),
            FormErrors::default(),
        )
        .await?,
    )
}

/// What a user's page asks: `do` = grant, revoke (with `grant`), disable, enable, reset,
/// reset_two_factor, end_sessions, revoke_token (with `token`); a grant's fields.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct UserForm {
    #[serde(default, rename = "do")]
    pub what: String,
    #[serde(default)]
    pub grant: Option<i64>,
    #[serde(default)]
    pub token: Option<i64>,
    #[serde(flatten)]
    pub draft: GrantDraft,
}

/// `POST /admin/users/{name}`: what the manager does to the user.
pub async fn act(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Path(name): Path<String>,
    Form(form): Form<UserForm>,
) -> AppResult<Response> {
    let permit = &req.permit(Action::ManageUsers)?;
    let done = match form.what.as_str() {
        "grant" => actions::grant(&state, permit, &name, &form.draft).await,
        "revoke" => actions::revoke(&state, permit, &name, form.grant.unwrap_or(0)).await,
        "disable" => super::access::set_disabled(&state, permit, &name, true).await,
        "enable" => super::access::set_disabled(&state, permit, &name, false).await,
        "end_sessions" => super::access::end_sessions(&state, permit, &name)
            .await
            .map(|_| ()),
        "reset_two_factor" => super::access::reset_two_factor(&state, permit, &name).await,
        "revoke_token" => super::access::revoke_token(&state, permit, &name, form.token.unwrap_or(0)).await,
        "reset" => {
            return match super::access::reset(&state, permit, &name).await {
                Ok(token) => render(&LinkPage {
                    ctx,
                    username: name,
                    link: link(&state, &token),
                    hours: actions::LINK_HOURS,
                    reset: true,
                }),
                Err(e) => Err(e),
            };
        }
        _ => Err(AppError::invalid("do", "field-unknown-choice")),
    };
    match done {
        Ok(()) => Ok(see_other(&format!("/admin/users/{name}"))),
        Err(AppError::Invalid(errors)) => {
            let page = user_page(&state, ctx, &req, &name, form.draft, FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "admin/signup.html")]
struct SignUpPage {
    ctx: PageCtx,
    username: String,
    token: String,
    errors: FormErrors,
}

/// `GET /signup/{token}`: the invited user chooses their password (404 once used or expired).
pub async fn sign_up_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let username = super::sign_up::invited(&state, &token)
        .await?
        .ok_or(AppError::NotFound)?;
    render(&SignUpPage {
        ctx,
        username,
        token,
        errors: FormErrors::default(),
    })
}

/// `POST /signup/{token}`: signed in with the password chosen.
pub async fn sign_up(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Path(token): Path<String>,
    Form(form): Form<SignUp>,
) -> AppResult<Response> {
    let ua = req.user_agent.as_deref();
    match super::sign_up::sign_up(&state, &token, &form, Some(&req.ip), ua).await {
        Ok(session_token) => {
            let cookie = session::cookie(SESSION_COOKIE, session_token, state.config.secure_cookies());
            let mut response = see_other("/");
            response.headers_mut().append(
                SET_COOKIE,
                cookie.to_string().parse().map_err(anyhow::Error::from)?,
            );
            Ok(response)
        }
        Err(AppError::Invalid(errors)) => {
            let username = super::sign_up::invited(&state, &token)
                .await?
                .ok_or(AppError::NotFound)?;
            let page = SignUpPage {
                ctx,
                username,
                token,
                errors: FormErrors(errors),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
