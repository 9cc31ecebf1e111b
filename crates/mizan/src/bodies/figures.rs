//! The meeting rate ("90 % of provincial councils held") and the decisions follow-up, for a body
//! type, a period and a territory, with the breakdown by the territory's children and the list of
//! bodies behind the numbers.
//!
//! **Definition.** Among the bodies of the type sitting in the territory that existed at some point
//! of the period (formed on or before its last day, not dissolved before its first), the share that
//! held at least one meeting in the period, a meeting counting only when it was recorded as held
//! with its attendance (at least one member present). A body that met twice counts once; a meeting
//! without quorum still counts as held (the list says which had quorum); postponed, cancelled and
//! scheduled meetings do not count. "On pace": bodies that met at least as often as the type
//! expects over the period.
//!
//! Bodies and meetings are few (thousands), indexed by type and path: one query returns the bodies
//! of the territory with their held meetings of the period, and the rest is counted here.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::AssertSqlSafe;

use super::actions;
use super::model::BodyType;
use crate::app::AppState;
use crate::auth::Scope;
use crate::error::{AppError, AppResult};
use crate::on_db;
use crate::store::{Db, SqlArgs, StoreResult};
use crate::territory::Unit;
use crate::ui::forms::parse_date;

/// One body of the figure, with what it did in the period.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct BodyInFigure {
    pub body_id: i64,
    pub unit_code: String,
    pub name_ar: String,
    pub name_fr: String,
    #[serde(skip)]
    pub unit_path: String,
    /// Meetings held (with attendance) in the period.
    pub meetings: i64,
    pub last_held_on: Option<NaiveDate>,
    /// Of the meetings held, how many reached the quorum under the type's current rule.
    pub with_quorum: i64,
    /// Attendance of the last meeting held: present of members.
    pub present: i64,
    pub members: i64,
}

/// The figure for one child territory (or the territory itself, for bodies sitting at it).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ChildRate {
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
    /// Bodies that met at least once.
    pub numerator: i64,
    /// Bodies that existed in the period.
    pub denominator: i64,
    pub rate: Option<f64>,
    /// Bodies that met as often as expected.
    pub on_pace: i64,
}

#[derive(Clone, Debug)]
pub struct MeetingRate {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub numerator: i64,
    pub denominator: i64,
    pub on_pace: i64,
    /// Meetings each body is expected to hold in the period.
    pub expected: i64,
    pub children: Vec<ChildRate>,
    /// Bodies that met, then those that did not.
    pub met: Vec<BodyInFigure>,
    pub not_met: Vec<BodyInFigure>,
}

impl MeetingRate {
    pub fn rate(&self) -> Option<f64> {
        rate(self.numerator, self.denominator)
    }
}

fn rate(numerator: i64, denominator: i64) -> Option<f64> {
    #[expect(clippy::cast_precision_loss, reason = "counts of bodies")]
    (denominator > 0).then(|| numerator as f64 * 100.0 / denominator as f64)
}

/// The meeting rate of `body_type` in `territory` (which the caller's scope must contain) over
/// [from, to].
pub async fn meeting_rate(
    db: &Db,
    scope: &Scope,
    body_type: &BodyType,
    territory: &Unit,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<MeetingRate> {
    let mut args = SqlArgs::after(3);
    let inside = Scope::Within(vec![territory.path.clone()]).sql_contains("b.unit_path", &mut args);
    let reach = scope.sql_contains("b.unit_path", &mut args);
    let sql = format!(
        "SELECT b.id, b.unit_code, u.name_ar, u.name_fr, b.unit_path, m.held_on, m.members, m.present \
         FROM bodies b JOIN territory_units u ON u.code = b.unit_code \
         LEFT JOIN meetings m ON m.body_id = b.id AND m.status = 'held' AND m.present > 0 \
              AND m.held_on >= $2 AND m.held_on <= $3 \
         WHERE b.body_type_id = $1 AND b.formed_on <= $3 AND (b.dissolved_on IS NULL OR b.dissolved_on >= $2) \
           AND {inside} AND {reach} \
         ORDER BY b.unit_path, m.held_on"
    );
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        Option<NaiveDate>,
        Option<i64>,
        Option<i64>,
    );
    let rows: Vec<Row> = on_db!(db, |c| {
        args.bind(
            sqlx::query_as(AssertSqlSafe(sql.as_str()))
                .bind(body_type.id)
                .bind(from)
                .bind(to),
        )
        .fetch_all(c)
        .await
    })?;

    let quorum = body_type.quorum();
    let mut bodies: Vec<BodyInFigure> = Vec::new();
    for (id, unit_code, name_ar, name_fr, unit_path, held_on, members, present) in rows {
        if bodies.last().is_none_or(|b| b.body_id != id) {
            bodies.push(BodyInFigure {
                body_id: id,
                unit_code,
                name_ar,
                name_fr,
                unit_path,
                meetings: 0,
                last_held_on: None,
                with_quorum: 0,
                present: 0,
                members: 0,
            });
        }
        let body = bodies.last_mut().expect("pushed above");
        if let Some(day) = held_on {
            let (members, present) = (members.unwrap_or(0), present.unwrap_or(0));
            body.meetings += 1;
            body.last_held_on = Some(day);
            body.members = members;
            body.present = present;
            body.with_quorum += i64::from(quorum.reached(members, present));
        }
    }

    let days = (to - from).num_days() + 1;
    let expected = body_type.expected_meetings(days);
    let mut children: BTreeMap<String, ChildRate> = BTreeMap::new();
    for b in &bodies {
        let code = territory.child_toward(&b.unit_path).to_owned();
        let child = children.entry(code.clone()).or_insert_with(|| ChildRate {
            code,
            name_ar: String::new(),
            name_fr: String::new(),
            numerator: 0,
            denominator: 0,
            rate: None,
            on_pace: 0,
        });
        child.denominator += 1;
        child.numerator += i64::from(b.meetings > 0);
        child.on_pace += i64::from(b.meetings >= expected);
    }
    let codes: Vec<&str> = children.keys().map(String::as_str).collect();
    let units = crate::territory::store::units_by_code(db, &codes).await?;
    let mut children: Vec<ChildRate> = children
        .into_values()
        .map(|mut c| {
            if let Some(u) = units.iter().find(|u| u.code == c.code) {
                c.name_ar = u.name_ar.clone();
                c.name_fr = u.name_fr.clone();
            }
            c.rate = rate(c.numerator, c.denominator);
            c
        })
        .collect();
    children.sort_by(|a, b| a.code.cmp(&b.code));

    let numerator = children.iter().map(|c| c.numerator).sum();
    let denominator = children.iter().map(|c| c.denominator).sum();
    let on_pace = children.iter().map(|c| c.on_pace).sum();
    let (met, not_met) = bodies.into_iter().partition(|b| b.meetings > 0);
    Ok(MeetingRate {
        from,
        to,
        numerator,
        denominator,
        on_pace,
        expected,
        children,
        met,
        not_met,
    })
}

/// Decisions of a type's bodies in a territory, by standing: open, done, overdue (open past
/// their due day), in total and for each child territory.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct DecisionsFollowUp {
    pub open: i64,
    pub done: i64,
    pub overdue: i64,
    pub children: Vec<ChildDecisions>,
}

#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct ChildDecisions {
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
    pub open: i64,
    pub done: i64,
    pub overdue: i64,
}

/// Decisions taken in [from, to] by meetings of `body_type`'s bodies in `territory`, as they stand
/// on `today`.
pub async fn decisions_follow_up(
    db: &Db,
    scope: &Scope,
    body_type: &BodyType,
    territory: &Unit,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> StoreResult<DecisionsFollowUp> {
    let mut args = SqlArgs::after(4);
    let inside = Scope::Within(vec![territory.path.clone()]).sql_contains("d.unit_path", &mut args);
    let reach = scope.sql_contains("d.unit_path", &mut args);
    let sql = format!(
        "SELECT d.unit_path, \
           SUM(CASE WHEN d.status = 'open' AND d.due_on >= $4 THEN 1 ELSE 0 END), \
           SUM(CASE WHEN d.status = 'done' THEN 1 ELSE 0 END), \
           SUM(CASE WHEN d.status = 'open' AND d.due_on < $4 THEN 1 ELSE 0 END) \
         FROM decisions d JOIN meetings m ON m.id = d.meeting_id JOIN bodies b ON b.id = m.body_id \
         WHERE b.body_type_id = $1 AND m.held_on >= $2 AND m.held_on <= $3 AND {inside} AND {reach} \
         GROUP BY d.unit_path"
    );
    let rows: Vec<(String, i64, i64, i64)> = on_db!(db, |c| {
        args.bind(
            sqlx::query_as(AssertSqlSafe(sql.as_str()))
                .bind(body_type.id)
                .bind(from)
                .bind(to)
                .bind(today),
        )
        .fetch_all(c)
        .await
    })?;
    let mut children: BTreeMap<String, ChildDecisions> = BTreeMap::new();
    let mut total = DecisionsFollowUp::default();
    for (path, open, done, overdue) in rows {
        let code = territory.child_toward(&path).to_owned();
        let child = children.entry(code.clone()).or_insert_with(|| ChildDecisions {
            code,
            ..ChildDecisions::default()
        });
        child.open += open;
        child.done += done;
        child.overdue += overdue;
        total.open += open;
        total.done += done;
        total.overdue += overdue;
    }
    let codes: Vec<&str> = children.keys().map(String::as_str).collect();
    let units = crate::territory::store::units_by_code(db, &codes).await?;
    total.children = children
        .into_values()
        .map(|mut c| {
            if let Some(u) = units.iter().find(|u| u.code == c.code) {
                c.name_ar = u.name_ar.clone();
                c.name_fr = u.name_fr.clone();
            }
            c
        })
        .collect();
    Ok(total)
}

/// The question a meeting-rate figure answers.
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct RateQuery {
    /// A body type's code (default: the provincial council, else the first type).
    #[serde(default)]
    pub body_type: Option<String>,
    /// First day, `YYYY-MM-DD` (default: 1 January of this year).
    #[serde(default)]
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (default: today).
    #[serde(default)]
    pub to: Option<String>,
    /// The territory's code (default: the caller's territory, or the country).
    #[serde(default)]
    pub territory: Option<String>,
}

/// A question answered, as the page and the API show it: the question made concrete, the meeting
/// rate, and the follow-up of the decisions taken in the period.
pub async fn answer(
    state: &AppState,
    scope: &Scope,
    query: &RateQuery,
) -> AppResult<(RateQuestion, MeetingRate, DecisionsFollowUp)> {
    let q = question(state, scope, query).await?;
    let (db, today) = (&state.db, state.clock.today());
    let rate = meeting_rate(db, scope, &q.body_type, &q.territory, q.from, q.to).await?;
    let decisions = decisions_follow_up(db, scope, &q.body_type, &q.territory, q.from, q.to, today).await?;
    Ok((q, rate, decisions))
}

/// A question made concrete: the type, the territory (inside the caller's scope) and the period.
pub struct RateQuestion {
    pub types: Vec<BodyType>,
    pub body_type: BodyType,
    pub territory: Unit,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

pub async fn question(state: &AppState, scope: &Scope, q: &RateQuery) -> AppResult<RateQuestion> {
    let mut types = super::types::store::body_types(&state.db).await?;
    let body_type = match q.body_type.as_deref().filter(|s| !s.is_empty()) {
        Some(code) => types.iter().find(|t| t.code == code).ok_or(AppError::NotFound)?,
        None => types
            .iter()
            .filter(|t| t.retired_on.is_none())
            .find(|t| t.code == "provincial_council")
            .or(types.iter().find(|t| t.retired_on.is_none()))
            .ok_or(AppError::NotFound)?,
    }
    .clone();
    // A retired type is offered no more, unless it is the one asked about.
    types.retain(|t| t.retired_on.is_none() || t.code == body_type.code);
    let territory =
        crate::territory::actions::figure_territory(state, scope, q.territory.as_deref(), "MA").await?;
    let (default_from, default_to) = actions::this_year(state.clock.today());
    let day = |value: &Option<String>, field: &str, default: NaiveDate| -> AppResult<NaiveDate> {
        match value.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(default),
            Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .or_else(|| parse_date(text))
                .ok_or_else(|| AppError::invalid(field, "field-date-format")),
        }
    };
    let from = day(&q.from, "from", default_from)?;
    let to = day(&q.to, "to", default_to)?;
    if to < from {
        return Err(AppError::invalid("to", "figure-period-reversed"));
    }
    Ok(RateQuestion {
        types,
        body_type,
        territory,
        from,
        to,
    })
}
