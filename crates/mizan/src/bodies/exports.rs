//! The lists behind the meeting rate, for Excel: the bodies (with who holds each seat, for a caller
//! who may see those people), their meetings, and their decisions, for the question the page asks
//! (`/figures/meeting-rate/export?list=bodies|meetings|decisions&format=csv|xlsx` and the page's
//! type, territory and period). Scoped like the page; every download is audited.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;
use sqlx::AssertSqlSafe;

use super::figures;
use super::figures::{RateQuery, RateQuestion, question};
use crate::app::AppState;
use crate::auth::{Action, Scope};
use crate::error::{AppError, AppResult};
use crate::export::Table;
use crate::http::{Authorized, RequestCtx};
use crate::on_db;
use crate::store::{Db, SqlArgs, StoreResult};

#[derive(Deserialize)]
pub struct ExportQuery {
    #[serde(flatten)]
    pub rate: RateQuery,
    /// `bodies` (the default), `meetings` or `decisions`.
    #[serde(default)]
    pub list: Option<String>,
    /// `csv` (the default) or `xlsx`.
    #[serde(default)]
    pub format: Option<String>,
}

/// Whether the download is a workbook: `format` is `csv`, `xlsx` or absent.
pub fn wants_xlsx(format: Option<&str>) -> AppResult<bool> {
    match format.map(str::trim).filter(|f| !f.is_empty()) {
        None | Some("csv") => Ok(false),
        Some("xlsx") => Ok(true),
        Some(_) => Err(AppError::invalid("format", "field-unknown-choice")),
    }
}

/// `GET /figures/meeting-rate/export`
pub async fn export(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Query(query): Query<ExportQuery>,
) -> AppResult<Response> {
    let q = question(&state, &scope, &query.rate).await?;
    let xlsx = wants_xlsx(query.format.as_deref())?;
    let list = query.list.as_deref().unwrap_or("bodies");
    let t = |key: &str| state.i18n.t_plain(req.locale, key, &[]);
    let table = match list {
        "bodies" => bodies(&state, &req, &scope, &q).await?,
        "meetings" => meetings(&state, &req, &scope, &q).await?,
        "decisions" => decisions(&state, &req, &scope, &q).await?,
        _ => return Err(AppError::invalid("list", "field-unknown-choice")),
    };
    crate::export::deliver(
        &state,
        &req,
        crate::export::Export {
            table,
            xlsx,
            sheet: &t("rate-title"),
            stem: &format!("mizan-{}-{list}", q.body_type.code),
            action: "bodies.export",
            target_kind: "territory",
            target_id: &q.territory.code,
            details: serde_json::json!({
                "list": list,
                "body_type": q.body_type.code,
                "from": q.from,
                "to": q.to,
            }),
        },
    )
    .await
}

fn headers(state: &AppState, req: &RequestCtx, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .map(|k| state.i18n.t_plain(req.locale, k, &[]))
        .collect()
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The bodies of the figure, those that met first, with their seats' holders where the caller may
/// see people of the type's organization.
async fn bodies(state: &AppState, req: &RequestCtx, scope: &Scope, q: &RateQuestion) -> AppResult<Table> {
    let figure = figures::meeting_rate(&state.db, scope, &q.body_type, &q.territory, q.from, q.to).await?;
    let walled = crate::organizations::all(&state.db)
        .await?
        .into_iter()
        .any(|o| o.id == q.body_type.organization_id && o.walled);
    let people = req.permit(Action::ViewPeople).ok();
    let holders = office_holders(&state.db, scope, q).await?;
    let locale = req.locale;
    let pick = |ar: &str, fr: &str, en: &str| match locale {
        crate::i18n::Locale::Ar => ar.to_owned(),
        crate::i18n::Locale::Fr => fr.to_owned(),
        crate::i18n::Locale::En => en.to_owned(),
    };
    let yes = state.i18n.t_plain(locale, "rate-met", &[]);
    let rows = figure
        .met
        .iter()
        .map(|b| (b, true))
        .chain(figure.not_met.iter().map(|b| (b, false)))
        .map(|(b, met)| {
            let shown = people
                .as_ref()
                .is_some_and(|p| p.holds(&b.unit_path, q.body_type.organization_id, walled));
            let seats = if shown {
                holders
                    .get(&b.body_id)
                    .map(|seats| {
                        seats
                            .iter()
                            .map(|h| {
                                let position = pick(&h.position_ar, &h.position_fr, &h.position_en);
                                let name = [&h.given_ar, &h.family_ar, &h.given_latin, &h.family_latin]
                                    .into_iter()
                                    .flatten()
                                    .cloned()
                                    .collect::<Vec<_>>()
                                    .join(" ");
                                format!("{position}: {name}")
                            })
                            .collect::<Vec<_>>()
                            .join(" ; ")
                    })
                    .unwrap_or_default()
            } else {
                String::new()
            };
            vec![
                b.unit_code.clone(),
                pick(&b.name_ar, &b.name_fr, &b.name_fr),
                if met { yes.clone() } else { String::new() },
                b.meetings.to_string(),
                b.with_quorum.to_string(),
                day(b.last_held_on),
                b.present.to_string(),
                b.members.to_string(),
                seats,
            ]
        })
        .collect();
    Ok(Table {
        headers: headers(
            state,
            req,
            &[
                "export-col-territory-code",
                "export-col-territory",
                "rate-met",
                "export-col-meetings-held",
                "rate-with-quorum",
                "export-col-last-held",
                "export-col-present",
                "export-col-members",
                "export-col-office-holders",
            ],
        ),
        rows,
        numbers: vec![3, 4, 6, 7],
    })
}

#[derive(sqlx::FromRow)]
struct OfficeHolder {
    body_id: i64,
    position_ar: String,
    position_fr: String,
    position_en: String,
    given_ar: Option<String>,
    family_ar: Option<String>,
    given_latin: Option<String>,
    family_latin: Option<String>,
}

/// The current seats of the type's bodies in the territory (and the scope), by body.
async fn office_holders(
    db: &Db,
    scope: &Scope,
    q: &RateQuestion,
) -> StoreResult<HashMap<i64, Vec<OfficeHolder>>> {
    let mut args = SqlArgs::after(1);
    let inside = Scope::Within(vec![q.territory.path.clone()]).sql_contains("b.unit_path", &mut args);
    let reach = scope.sql_contains("b.unit_path", &mut args);
    let sql = format!(
        "SELECT d.body_id, COALESCE(s.name_ar, d.position_code) AS position_ar, \
         COALESCE(s.name_fr, d.position_code) AS position_fr, COALESCE(s.name_en, d.position_code) AS position_en, \
         p.given_ar, p.family_ar, p.given_latin, p.family_latin \
         FROM mandates d JOIN bodies b ON b.id = d.body_id JOIN people p ON p.id = d.person_id \
         LEFT JOIN body_positions s ON s.body_type_id = b.body_type_id AND s.code = d.position_code \
         WHERE d.ended_on IS NULL AND b.body_type_id = $1 AND {inside} AND {reach} \
         ORDER BY d.body_id, d.position_code, d.started_on"
    );
    let rows: Vec<OfficeHolder> = on_db!(db, |c| {
        args.bind(sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(q.body_type.id))
            .fetch_all(c)
            .await
    })?;
    let mut by_body: HashMap<i64, Vec<OfficeHolder>> = HashMap::new();
    for row in rows {
        by_body.entry(row.body_id).or_default().push(row);
    }
    Ok(by_body)
}

/// A meeting as the export lists it.
#[derive(sqlx::FromRow)]
struct MeetingRow {
    unit_code: String,
    unit_ar: String,
    unit_fr: String,
    id: i64,
    status: String,
    scheduled_on: NaiveDate,
    held_on: Option<NaiveDate>,
    members: i64,
    present: i64,
    excused: i64,
    absent: i64,
    guests: i64,
    decisions: i64,
}

/// A decision as the export lists it.
#[derive(sqlx::FromRow)]
struct DecisionRow {
    unit_code: String,
    unit_ar: String,
    unit_fr: String,
    meeting_id: i64,
    held_on: Option<NaiveDate>,
    text: String,
    due_on: NaiveDate,
    status: String,
    done_on: Option<NaiveDate>,
}

/// The meetings of the type's bodies in the territory scheduled or held in the period, every
/// status, with their attendance counts.
async fn meetings(state: &AppState, req: &RequestCtx, scope: &Scope, q: &RateQuestion) -> AppResult<Table> {
    let mut args = SqlArgs::after(3);
    let inside = Scope::Within(vec![q.territory.path.clone()]).sql_contains("m.unit_path", &mut args);
    let reach = scope.sql_contains("m.unit_path", &mut args);
    let sql = format!(
        "SELECT b.unit_code, u.name_ar AS unit_ar, u.name_fr AS unit_fr, m.id, m.status, m.scheduled_on, \
         m.held_on, m.members, m.present, m.excused, m.absent, m.guests, \
         (SELECT COUNT(*) FROM decisions d WHERE d.meeting_id = m.id) AS decisions \
         FROM meetings m JOIN bodies b ON b.id = m.body_id JOIN territory_units u ON u.code = b.unit_code \
         WHERE b.body_type_id = $1 AND COALESCE(m.held_on, m.scheduled_on) >= $2 \
         AND COALESCE(m.held_on, m.scheduled_on) <= $3 AND {inside} AND {reach} \
         ORDER BY b.unit_path, COALESCE(m.held_on, m.scheduled_on), m.id"
    );
    let rows: Vec<MeetingRow> = on_db!(&state.db, |c| {
        args.bind(
            sqlx::query_as(AssertSqlSafe(sql.as_str()))
                .bind(q.body_type.id)
                .bind(q.from)
                .bind(q.to),
        )
        .fetch_all(c)
        .await
    })
    .map_err(crate::store::StoreError::from)?;
    let t = |key: &str| state.i18n.t_plain(req.locale, key, &[]);
    let fr = req.locale != crate::i18n::Locale::Ar;
    Ok(Table {
        headers: headers(
            state,
            req,
            &[
                "export-col-territory-code",
                "export-col-territory",
                "export-col-meeting",
                "meeting-status",
                "export-col-scheduled-on",
                "export-col-held-on",
                "export-col-members",
                "export-col-present",
                "export-col-excused",
                "export-col-absent",
                "export-col-guests",
                "export-col-decisions",
            ],
        ),
        rows: rows
            .into_iter()
            .map(|m| {
                vec![
                    m.unit_code,
                    if fr { m.unit_fr } else { m.unit_ar },
                    m.id.to_string(),
                    t(&format!("meeting-status-{}", m.status)),
                    m.scheduled_on.to_string(),
                    day(m.held_on),
                    m.members.to_string(),
                    m.present.to_string(),
                    m.excused.to_string(),
                    m.absent.to_string(),
                    m.guests.to_string(),
                    m.decisions.to_string(),
                ]
            })
            .collect(),
        numbers: vec![2, 6, 7, 8, 9, 10, 11],
    })
}

/// The decisions of the period's meetings, as they stand today (open, done, overdue).
async fn decisions(state: &AppState, req: &RequestCtx, scope: &Scope, q: &RateQuestion) -> AppResult<Table> {
    let mut args = SqlArgs::after(3);
    let inside = Scope::Within(vec![q.territory.path.clone()]).sql_contains("d.unit_path", &mut args);
    let reach = scope.sql_contains("d.unit_path", &mut args);
    let sql = format!(
        "SELECT b.unit_code, u.name_ar AS unit_ar, u.name_fr AS unit_fr, m.id AS meeting_id, m.held_on, d.text, \
         d.due_on, d.status, d.done_on \
         FROM decisions d JOIN meetings m ON m.id = d.meeting_id JOIN bodies b ON b.id = m.body_id \
         JOIN territory_units u ON u.code = b.unit_code \
         WHERE b.body_type_id = $1 AND m.held_on >= $2 AND m.held_on <= $3 AND {inside} AND {reach} \
         ORDER BY b.unit_path, m.held_on, d.id"
    );
    let rows: Vec<DecisionRow> = on_db!(&state.db, |c| {
        args.bind(
            sqlx::query_as(AssertSqlSafe(sql.as_str()))
                .bind(q.body_type.id)
                .bind(q.from)
                .bind(q.to),
        )
        .fetch_all(c)
        .await
    })
    .map_err(crate::store::StoreError::from)?;
    let today = state.clock.today();
    let t = |key: &str| state.i18n.t_plain(req.locale, key, &[]);
    let fr = req.locale != crate::i18n::Locale::Ar;
    Ok(Table {
        headers: headers(
            state,
            req,
            &[
                "export-col-territory-code",
                "export-col-territory",
                "export-col-meeting",
                "export-col-held-on",
                "decision-text",
                "decision-due",
                "decision-standing",
                "export-col-done-on",
            ],
        ),
        rows: rows
            .into_iter()
            .map(|d| {
                let standing = match d.status.as_str() {
                    "done" => "decision-done",
                    _ if d.due_on < today => "decision-overdue",
                    _ => "decision-open",
                };
                vec![
                    d.unit_code,
                    if fr { d.unit_fr } else { d.unit_ar },
                    d.meeting_id.to_string(),
                    day(d.held_on),
                    d.text,
                    d.due_on.to_string(),
                    t(standing),
                    day(d.done_on),
                ]
            })
            .collect(),
        numbers: vec![2],
    })
}
