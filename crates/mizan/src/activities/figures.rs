//! The activity dashboard's figures, read from `activity_rollups` only.
//!
//! **Definitions.** Activities: done or verified (planned and rejected ones are not counted), whose
//! first day falls in the period. Counted beneficiaries: the sum of the categories that make the
//! total (women, men, children) over those activities; youth, elderly and people with disabilities
//! are "of whom" figures within it. These are counted contacts: one person reached twice is
//! counted twice. Coverage: counted beneficiaries per 100,000 inhabitants (2024 census). Rural
//! share: counted beneficiaries in rural communes over all. Verification rate: verified activities
//! over counted activities.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::AssertSqlSafe;

use super::actions;
use super::links::store::Link;
use super::model::{Campaign, Category, Status};
use crate::app::AppState;
use crate::auth::Scope;
use crate::error::{AppError, AppResult};
use crate::on_db;
use crate::store::{Db, SqlArgs, StoreResult};
use crate::territory::{Level, Unit};
use serde::Deserialize;

/// Activities and counted beneficiaries of one slice (a child territory, a type, a month).
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct Counted {
    pub activities: i64,
    pub verified: i64,
    pub beneficiaries: i64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ChildActivities {
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
    #[serde(flatten)]
    pub counted: Counted,
    pub population: Option<i64>,
    /// Counted beneficiaries per 100,000 inhabitants.
    pub per_100k: Option<f64>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ActivityFigures {
    #[serde(flatten)]
    pub total: Counted,
    /// Beneficiaries by category code (those of the total and the "of whom" ones).
    pub by_category: BTreeMap<String, i64>,
    /// By activity type id.
    pub by_type: BTreeMap<i64, Counted>,
    /// By month (`YYYY-MM`).
    pub by_month: BTreeMap<String, Counted>,
    pub children: Vec<ChildActivities>,
    pub rural_beneficiaries: i64,
    /// Distinct registered people (identified, with consent) reached by these activities: people,
    /// not contacts, and never added to the counted beneficiaries.
    pub registered: i64,
    /// Distinct volunteers (people of the registry who gave their time) of these activities.
    pub volunteers: i64,
    pub population: Option<i64>,
    pub per_100k: Option<f64>,
    pub verification_rate: Option<f64>,
}

fn per_100k(beneficiaries: i64, population: Option<i64>) -> Option<f64> {
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^53")]
    population
        .filter(|p| *p > 0)
        .map(|p| beneficiaries as f64 * 100_000.0 / p as f64)
}

/// Distinct people linked one way to the counted activities of `territory` over [from, to]:
/// from the reach rollup for a whole campaign seen within the caller's scope, else counted from
/// the links (a part of a campaign's period, or every campaign).
async fn distinct(
    db: &Db,
    kind: Link,
    scope: &Scope,
    territory: &Unit,
    campaign: Option<&Campaign>,
    period: (NaiveDate, NaiveDate),
) -> StoreResult<i64> {
    let by_organizer = territory.level == Level::Branch;
    match campaign {
        Some(c) if !by_organizer && (c.starts_on, c.ends_on) == period && scope.contains(&territory.path) => {
            super::links::store::reached(db, kind, c.id, &territory.code).await
        }
        _ => {
            let place = super::store::Place {
                path: &territory.path,
                by_organizer,
            };
            super::store::distinct_linked(db, kind, scope, &place, campaign.map(|c| c.id), period).await
        }
    }
}

/// The figures of `territory` (inside the caller's scope) over [from, to], for one campaign or all.
pub async fn activities(
    db: &Db,
    scope: &Scope,
    territory: &Unit,
    whole: Option<&Campaign>,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<ActivityFigures> {
    let campaign = whole.map(|c| c.id);
    let categories: Vec<Category> = super::settings::store::categories(db).await?;
    let mut args = SqlArgs::after(3);
    let sql = if territory.level == Level::Branch {
        // A branch's figures are those of the activities it organized, wherever they took place:
        // a few dozen rows, read from the activities themselves.
        let inside = Scope::Within(vec![territory.path.clone()]).sql_contains("a.organizer_path", &mut args);
        let reach = scope.sql_contains("a.organizer_path", &mut args);
        let filter = format!(
            "a.starts_on >= $1 AND a.starts_on <= $2 AND ($3 = 0 OR a.campaign_id = $3) \
             AND a.status IN ('done', 'verified') AND {inside} AND {reach}"
        );
        format!(
            "SELECT a.commune_path, u.kind, a.starts_on, a.type_id, a.status, CAST(0 AS BIGINT), \
               CAST(COUNT(*) AS BIGINT) \
             FROM activities a JOIN territory_units u ON u.code = a.commune_code WHERE {filter} \
             GROUP BY a.commune_path, u.kind, a.starts_on, a.type_id, a.status \
             UNION ALL \
             SELECT a.commune_path, u.kind, a.starts_on, a.type_id, a.status, n.category_id, \
               CAST(SUM(n.count) AS BIGINT) \
             FROM activities a JOIN territory_units u ON u.code = a.commune_code \
             JOIN activity_counts n ON n.activity_id = a.id WHERE {filter} \
             GROUP BY a.commune_path, u.kind, a.starts_on, a.type_id, a.status, n.category_id"
        )
    } else {
        let inside = Scope::Within(vec![territory.path.clone()]).sql_contains("r.commune_path", &mut args);
        let reach = scope.sql_contains("r.commune_path", &mut args);
        format!(
            "SELECT r.commune_path, u.kind, r.day, r.type_id, r.status, r.category_id, CAST(SUM(r.amount) AS BIGINT) \
             FROM activity_rollups r JOIN territory_units u ON u.code = r.commune_code \
             WHERE r.day >= $1 AND r.day <= $2 AND ($3 = 0 OR r.campaign_id = $3) \
               AND r.status IN ('done', 'verified') AND {inside} AND {reach} \
             GROUP BY r.commune_path, u.kind, r.day, r.type_id, r.status, r.category_id"
        )
    };
    type Row = (String, Option<String>, NaiveDate, i64, String, i64, i64);
    let rows: Vec<Row> = on_db!(db, |c| {
        args.bind(
            sqlx::query_as(AssertSqlSafe(sql.as_str()))
                .bind(from)
                .bind(to)
                .bind(campaign.unwrap_or(0)),
        )
        .fetch_all(c)
        .await
    })?;

    let mut total = Counted::default();
    let mut by_category: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_type: BTreeMap<i64, Counted> = BTreeMap::new();
    let mut by_month: BTreeMap<String, Counted> = BTreeMap::new();
    let mut children: BTreeMap<String, Counted> = BTreeMap::new();
    let mut rural_beneficiaries = 0;
    for (path, kind, day, type_id, status, category, amount) in rows {
        let child = territory.child_toward(&path).to_owned();
        let month = day.format("%Y-%m").to_string();
        let slices = [
            &mut total,
            by_type.entry(type_id).or_default(),
            by_month.entry(month).or_default(),
            children.entry(child).or_default(),
        ];
        if category == 0 {
            let verified = Status::parse(&status) == Some(Status::Verified);
            for s in slices {
                s.activities += amount;
                s.verified += if verified { amount } else { 0 };
            }
            continue;
        }
        let Some(cat) = categories.iter().find(|c| c.id == category) else {
            continue;
        };
        *by_category.entry(cat.code.clone()).or_default() += amount;
        if cat.in_total {
            for s in slices {
                s.beneficiaries += amount;
            }
            if kind.as_deref() == Some("rural") {
                rural_beneficiaries += amount;
            }
        }
    }
    let codes: Vec<&str> = children.keys().map(String::as_str).collect();
    let units = crate::territory::store::units_by_code(db, &codes).await?;
    let children = children
        .into_iter()
        .map(|(code, counted)| {
            let unit = units.iter().find(|u| u.code == code);
            let population = unit.and_then(|u| u.population_2024);
            ChildActivities {
                name_ar: unit.map(|u| u.name_ar.clone()).unwrap_or_default(),
                name_fr: unit.map(|u| u.name_fr.clone()).unwrap_or_default(),
                per_100k: per_100k(counted.beneficiaries, population),
                population,
                code,
                counted,
            }
        })
        .collect();
    let registered = distinct(db, Link::Beneficiary, scope, territory, whole, (from, to)).await?;
    let volunteers = distinct(db, Link::Volunteer, scope, territory, whole, (from, to)).await?;
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^53")]
    let verification_rate =
        (total.activities > 0).then(|| total.verified as f64 * 100.0 / total.activities as f64);
    Ok(ActivityFigures {
        per_100k: per_100k(total.beneficiaries, territory.population_2024),
        population: territory.population_2024,
        total,
        by_category,
        by_type,
        by_month,
        children,
        rural_beneficiaries,
        registered,
        volunteers,
        verification_rate,
    })
}

/// The question a dashboard or a list answers.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct FigureQuery {
    #[serde(default)]
    pub campaign: Option<String>,
    #[serde(default)]
    pub territory: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    /// Lists: an activity type's code, a status, a month (`YYYY-MM`).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub month: Option<String>,
    /// The dashboard's map: what it colours (`MapMetric`).
    #[serde(default)]
    pub map: Option<String>,
    /// Lists: the page (from 1).
    #[serde(default)]
    pub page: Option<i64>,
}

/// A question made concrete.
pub struct Question {
    pub territory: Unit,
    pub campaign: Option<super::model::Campaign>,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

pub async fn question(state: &AppState, scope: &Scope, q: &FigureQuery) -> AppResult<Question> {
    let campaign = match q.campaign.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(code) => Some(
            super::settings::store::campaign_by_code(&state.db, code)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
    };
    let territory =
        crate::territory::actions::figure_territory(state, scope, q.territory.as_deref(), "MA").await?;
    let (mut from, mut to) = match &campaign {
        Some(c) => (c.starts_on, c.ends_on),
        None => actions::default_period(state.clock.today()),
    };
    let day = |value: &Option<String>, field: &str| -> AppResult<Option<NaiveDate>> {
        value
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|t| {
                NaiveDate::parse_from_str(t, "%Y-%m-%d")
                    .map_err(|_| AppError::invalid(field, "field-date-format"))
            })
            .transpose()
    };
    if let Some(d) = day(&q.from, "from")? {
        from = d;
    }
    if let Some(d) = day(&q.to, "to")? {
        to = d;
    }
    // A month narrows the period to it.
    if let Some(month) = q.month.as_deref().filter(|s| !s.is_empty()) {
        let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
            .map_err(|_| AppError::invalid("month", "field-date-format"))?;
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .ok_or_else(|| AppError::invalid("month", "field-date-format"))?;
        from = from.max(first);
        to = to.min(next.pred_opt().unwrap_or(next));
    }
    Ok(Question {
        territory,
        campaign,
        from,
        to,
    })
}
