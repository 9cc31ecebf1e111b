//! The list behind every number (filtered like the figures), and the exports of the list and of the
//! figures as CSV or .xlsx, each audited.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

use super::figures::{self, FigureQuery, Question, question};
use super::model::ActivityType;
use super::store::{self, ListFilter, Listed};
use crate::app::AppState;
use crate::auth::Scope;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, RequestCtx};
use crate::ui::{PageCtx, render};

#[derive(Template)]
#[template(path = "activities/list.html")]
struct ListPage {
    ctx: PageCtx,
    q: Question,
    rows: Vec<Listed>,
    types: Vec<ActivityType>,
    /// The list's own query string (for its exports).
    query: String,
    /// Every activity the question finds: the figure the list was opened from.
    total: i64,
    page: i64,
    pages: i64,
}

/// Activities on one page of a list.
const LIST_PAGE: i64 = 100;

impl ListPage {
    fn page_link(&self, page: i64) -> String {
        format!("/activities?{}&page={page}", self.query)
    }

    fn type_name(&self, id: &i64) -> String {
        self.types
            .iter()
            .find(|t| t.id == *id)
            .map_or_else(String::new, |t| t.name(self.ctx.locale).to_owned())
    }
}

/// `GET /activities`: the records behind a number of the dashboard.
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Authorized { scope, .. }: Authorized,
    Query(query): Query<FigureQuery>,
) -> AppResult<Response> {
    let q = question(&state, &scope, &query).await?;
    let page = query.page.unwrap_or(1).clamp(1, i64::MAX / LIST_PAGE);
    let types = super::settings::store::every_type(&state.db).await?;
    let kind = query.kind.clone().unwrap_or_default();
    let type_id = match kind.as_str() {
        "" => None,
        code => Some(
            types
                .iter()
                .find(|t| t.code == code)
                .ok_or(AppError::NotFound)?
                .id,
        ),
    };
    let status = query
        .status
        .clone()
        .filter(|s| s == "counted" || super::model::Status::parse(s).is_some())
        .unwrap_or_default();
    let rows = store::list(
        &state.db,
        &scope,
        &ListFilter {
            place: store::Place {
                path: &q.territory.path,
                by_organizer: q.territory.level == crate::territory::Level::Branch,
            },
            from: q.from,
            to: q.to,
            type_id,
            status: Some(status.as_str()),
            campaign: q.campaign.as_ref().map(|c| c.id),
            limit: LIST_PAGE,
            offset: (page - 1) * LIST_PAGE,
        },
    )
    .await?;
    let total = rows.first().map_or(0, |r| r.total);
    let mut pairs: Vec<(&str, String)> = vec![
        ("territory", q.territory.code.clone()),
        ("from", q.from.to_string()),
        ("to", q.to.to_string()),
    ];
    if let Some(c) = &q.campaign {
        pairs.push(("campaign", c.code.clone()));
    }
    if !kind.is_empty() {
        pairs.push(("type", kind.clone()));
    }
    if !status.is_empty() {
        pairs.push(("status", status.clone()));
    }
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    render(&ListPage {
        ctx,
        q,
        rows,
        types,
        query,
        total,
        page,
        pages: (total + LIST_PAGE - 1) / LIST_PAGE,
    })
}

/// The most activities one export holds.
const EXPORT_LIMIT: i64 = 100_000;

/// `GET /activities.csv`: the list behind a number, for Excel (audited).
pub async fn list_csv(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Query(query): Query<FigureQuery>,
) -> AppResult<Response> {
    export_list(&state, &req, &scope, &query, false).await
}

/// `GET /activities.xlsx`: the same, as a workbook.
pub async fn list_xlsx(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Query(query): Query<FigureQuery>,
) -> AppResult<Response> {
    export_list(&state, &req, &scope, &query, true).await
}

/// `GET /figures/activities.csv`: the dashboard's figures by child territory (audited).
pub async fn figures_csv(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Query(query): Query<FigureQuery>,
) -> AppResult<Response> {
    export_figures(&state, &req, &scope, &query, false).await
}

/// `GET /figures/activities.xlsx`: the same, as a workbook.
pub async fn figures_xlsx(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Query(query): Query<FigureQuery>,
) -> AppResult<Response> {
    export_figures(&state, &req, &scope, &query, true).await
}

async fn export_list(
    state: &AppState,
    req: &RequestCtx,
    scope: &Scope,
    query: &FigureQuery,
    xlsx: bool,
) -> AppResult<Response> {
    let q = question(state, scope, query).await?;
    let types = super::settings::store::every_type(&state.db).await?;
    let type_id = match query.kind.as_deref().unwrap_or("") {
        "" => None,
        code => Some(
            types
                .iter()
                .find(|t| t.code == code)
                .ok_or(AppError::NotFound)?
                .id,
        ),
    };
    let status = query
        .status
        .clone()
        .filter(|s| s == "counted" || super::model::Status::parse(s).is_some())
        .unwrap_or_default();
    let rows = store::list(
        &state.db,
        scope,
        &ListFilter {
            place: store::Place {
                path: &q.territory.path,
                by_organizer: q.territory.level == crate::territory::Level::Branch,
            },
            from: q.from,
            to: q.to,
            type_id,
            status: Some(status.as_str()),
            campaign: q.campaign.as_ref().map(|c| c.id),
            limit: EXPORT_LIMIT + 1,
            offset: 0,
        },
    )
    .await?;
    if rows.len() as i64 > EXPORT_LIMIT {
        return Err(AppError::Conflict("export_too_large"));
    }
    let locale = req.locale;
    let t = |key: &str| state.i18n.t_plain(locale, key, &[]);
    let headers = [
        "meeting-date",
        "activity-last-day",
        "activity-type",
        "activity-title",
        "column-name",
        "activity-status",
        "activities-beneficiaries",
    ]
    .iter()
    .map(|k| t(k))
    .chain(std::iter::once("id".to_owned()))
    .collect();
    let table = crate::export::Table {
        headers,
        rows: rows
            .iter()
            .map(|row| {
                let a = &row.activity;
                vec![
                    a.starts_on.to_string(),
                    a.ends_on.to_string(),
                    types
                        .iter()
                        .find(|x| x.id == a.type_id)
                        .map_or_else(String::new, |x| x.name(locale).to_owned()),
                    a.title.clone(),
                    if locale == crate::i18n::Locale::Ar {
                        row.commune_ar.clone()
                    } else {
                        row.commune_fr.clone()
                    },
                    t(&format!("activity-status-{}", a.status)),
                    row.counted.to_string(),
                    a.uid.clone(),
                ]
            })
            .collect(),
        numbers: vec![6],
    };
    let sheet = t("activities-list");
    crate::export::deliver(
        state,
        req,
        crate::export::Export {
            table,
            xlsx,
            sheet: &sheet,
            stem: "mizan-activities",
            action: "activities.export",
            target_kind: "territory",
            target_id: &q.territory.code,
            details: asked("list", &q),
        },
    )
    .await
}

async fn export_figures(
    state: &AppState,
    req: &RequestCtx,
    scope: &Scope,
    query: &FigureQuery,
    xlsx: bool,
) -> AppResult<Response> {
    let q = question(state, scope, query).await?;
    let f = figures::activities(&state.db, scope, &q.territory, q.campaign.as_ref(), q.from, q.to).await?;
    let locale = req.locale;
    let t = |key: &str| state.i18n.t_plain(locale, key, &[]);
    let headers = [
        "column-name",
        "activities-count",
        "activities-beneficiaries",
        "figure-population-2024",
        "activities-coverage",
    ]
    .iter()
    .map(|k| t(k))
    .chain(std::iter::once("code".to_owned()))
    .collect();
    let table = crate::export::Table {
        headers,
        rows: f
            .children
            .iter()
            .map(|c| {
                vec![
                    if locale == crate::i18n::Locale::Ar {
                        c.name_ar.clone()
                    } else {
                        c.name_fr.clone()
                    },
                    c.counted.activities.to_string(),
                    c.counted.beneficiaries.to_string(),
                    c.population.map(|p| p.to_string()).unwrap_or_default(),
                    c.per_100k.map(|v| format!("{v:.1}")).unwrap_or_default(),
                    c.code.clone(),
                ]
            })
            .collect(),
        numbers: vec![1, 2, 3, 4],
    };
    let sheet = t("activities-title");
    crate::export::deliver(
        state,
        req,
        crate::export::Export {
            table,
            xlsx,
            sheet: &sheet,
            stem: "mizan-activity-figures",
            action: "activities.export",
            target_kind: "territory",
            target_id: &q.territory.code,
            details: asked("figures", &q),
        },
    )
    .await
}

/// What an export of the activities' list or figures was asked for (its audit entry's details).
fn asked(what: &str, q: &Question) -> serde_json::Value {
    serde_json::json!({
        "what": what,
        "from": q.from,
        "to": q.to,
        "campaign": q.campaign.as_ref().map(|c| c.code.clone()),
    })
}
