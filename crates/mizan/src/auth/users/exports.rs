//! The users' list as a download: those the caller manages, with their roles, status and last
//! sign-in; an audited export like every other.

use super::pages::Names;
use axum::extract::State;
use axum::response::Response;

use super::actions::{self};
use crate::app::AppState;
use crate::auth::Action;
use crate::error::AppResult;
use crate::http::RequestCtx;
use crate::ui::PageCtx;

#[derive(Debug, Default, serde::Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    pub format: Option<String>,
}

/// `GET /admin/users/export`: the users the caller manages, with their roles, status and last
/// sign-in, for Excel; audited.
pub async fn export(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    axum::extract::Query(query): axum::extract::Query<ExportQuery>,
) -> AppResult<Response> {
    let xlsx = crate::bodies::exports::wants_xlsx(query.format.as_deref())?;
    let users = actions::visible_users(&state, &req.permit(Action::ManageUsers)?).await?;
    let names = Names::load(&state).await?;
    let table = crate::export::Table {
        headers: [
            "export-col-username",
            "users-display-name",
            "users-roles",
            "export-col-status",
            "users-two-factor",
            "users-last-sign-in",
        ]
        .iter()
        .map(|k| ctx.t(k).trim_end_matches(':').to_owned())
        .collect(),
        rows: users
            .iter()
            .map(|m| {
                let status = if m.user.disabled_at.is_some() {
                    ctx.t("users-disabled")
                } else if m.user.must_change_password {
                    ctx.t("users-invited")
                } else {
                    ctx.t("export-col-active")
                };
                vec![
                    m.user.username.clone(),
                    m.user.display_name.clone(),
                    m.grants
                        .iter()
                        .map(|g| names.grant(&ctx, g))
                        .collect::<Vec<_>>()
                        .join(" ; "),
                    status,
                    if m.user.two_factor {
                        "✓".to_owned()
                    } else {
                        String::new()
                    },
                    m.user
                        .last_sign_in_at
                        .map(|at| at.date_naive().to_string())
                        .unwrap_or_default(),
                ]
            })
            .collect(),
        numbers: Vec::new(),
    };
    crate::export::deliver(
        &state,
        &req,
        crate::export::Export {
            table,
            xlsx,
            sheet: &ctx.t("export-list-users"),
            stem: "mizan-users",
            action: "users.export",
            target_kind: "users",
            target_id: "",
            details: serde_json::json!({}),
        },
    )
    .await
}
