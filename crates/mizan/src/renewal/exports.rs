//! A campaign's branches for Excel (`/renewal/{campaign}/export?format=csv|xlsx`, with the
//! dashboard's `territory` and `show`): each branch with its stage, assembly, attendance and
//! dates, as the dashboard lists them. No person's name is in it. Audited.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::figures::territory_of;
use super::pages::{listed, shown};
use super::{actions, figures};
use crate::app::AppState;
use crate::error::AppResult;
use crate::export::Table;
use crate::http::{Authorized, RequestCtx};

#[derive(Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    pub territory: Option<String>,
    #[serde(default)]
    pub show: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
}

/// `GET /renewal/{campaign}/export`
pub async fn export(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path(code): Path<String>,
    Query(q): Query<ExportQuery>,
) -> AppResult<Response> {
    let xlsx = crate::bodies::exports::wants_xlsx(q.format.as_deref())?;
    let campaign = actions::campaign(&state, &code).await?;
    let territory = territory_of(&state, &scope, &campaign, q.territory.as_deref()).await?;
    let today = state.clock.today();
    let figure = figures::renewal(&state.db, &scope, &campaign, &territory, today).await?;
    let show = shown(q.show);
    let branches = listed(&figure, &show);
    let locale = req.locale;
    let t = |key: &str| state.i18n.t_plain(locale, key, &[]);
    let yes_no = |b: bool| if b { "✓".to_owned() } else { String::new() };
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let table = Table {
        headers: [
            "export-col-territory-code",
            "export-col-territory",
            "renewal-rural",
            "renewal-new",
            "renewal-stage",
            "renewal-overdue",
            "renewal-assembly",
            "renewal-paid-members",
            "renewal-present-members",
            "renewal-held-on",
            "renewal-elected-on",
            "renewal-stage-validated",
            "renewal-merged-into",
        ]
        .iter()
        .map(|k| t(k))
        .collect(),
        rows: branches
            .iter()
            .map(|r| {
                vec![
                    r.branch_code.clone(),
                    if locale == crate::i18n::Locale::Ar {
                        r.name_ar.clone()
                    } else {
                        r.name_fr.clone()
                    },
                    yes_no(r.rural),
                    yes_no(r.new_branch),
                    t(&r.stage.message_key()),
                    yes_no(figure.overdue.contains(&r.branch_code)),
                    day(r.assembly_on),
                    r.eligible.to_string(),
                    r.present.to_string(),
                    day(r.held_on),
                    day(r.elected_on),
                    day(r.validated_on),
                    r.merged_into.clone().unwrap_or_default(),
                ]
            })
            .collect(),
        numbers: vec![7, 8],
    };
    crate::export::deliver(
        &state,
        &req,
        crate::export::Export {
            table,
            xlsx,
            sheet: &t("renewal-title"),
            stem: &format!("mizan-renewal-{}", campaign.code),
            action: "renewal.export",
            target_kind: "campaign",
            target_id: &campaign.code,
            details: serde_json::json!({"territory": territory.code, "show": show}),
        },
    )
    .await
}
