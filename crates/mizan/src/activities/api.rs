//! Activity figures in JSON, under `/api/v1/figures`.

use axum::extract::{Query, State};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::figures::{self, ActivityFigures};
use crate::app::AppState;
use crate::auth::Scope;
use crate::error::{AppError, AppResult};
use crate::http::Authorized;

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ActivitiesQuery {
    /// A volunteer campaign's code (default: every activity).
    #[serde(default)]
    pub campaign: Option<String>,
    /// The territory's code (default: the caller's territory, or the country).
    #[serde(default)]
    pub territory: Option<String>,
    /// First day, `YYYY-MM-DD` (default: the campaign's first day, or 1 January).
    #[serde(default)]
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (default: the campaign's last day, or today).
    #[serde(default)]
    pub to: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ActivitiesFigure {
    pub definition: &'static str,
    pub territory: String,
    pub campaign: Option<String>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(flatten)]
    pub figures: ActivityFigures,
}

pub const DEFINITION: &str = "Activities: done or verified, whose first day falls in the period. Counted beneficiaries: \
     the sum of women, men and children counted at those activities (youth, elderly and people with disabilities \
     are 'of whom' figures within it); counted contacts, so one person reached twice counts twice. Coverage: \
     counted beneficiaries per 100,000 inhabitants (2024 census). Verification rate: verified over counted activities.";

/// Volunteer activities and counted beneficiaries ("1,300 activities, 1.3 million beneficiaries"),
/// with the breakdown by child territory, type and month.
#[utoipa::path(
    get,
    path = "/api/v1/figures/activities",
    tag = "figures",
    params(ActivitiesQuery),
    responses(
        (status = 200, body = ActivitiesFigure),
        (status = 401, description = "No session or token"),
        (status = 404, description = "No such campaign, or a territory outside the caller's"),
        (status = 422, description = "A date that is not YYYY-MM-DD"),
    ),
    security(("token" = []))
)]
pub async fn activities(
    State(state): State<AppState>,
    Authorized { scope, .. }: Authorized,
    Query(q): Query<ActivitiesQuery>,
) -> AppResult<axum::Json<ActivitiesFigure>> {
    let campaign: Option<(i64, String, NaiveDate, NaiveDate)> =
        match q.campaign.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(code) => Some(
                super::store::campaign_by_code(&state.db, code)
                    .await?
                    .ok_or(AppError::NotFound)?,
            ),
        };
    let territory_code = match q.territory.as_deref().filter(|s| !s.is_empty()) {
        Some(code) => code.to_owned(),
        None => match &scope {
            Scope::Within(roots) if roots.len() == 1 => roots[0]
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("MA")
                .to_owned(),
            _ => "MA".to_owned(),
        },
    };
    let territory = crate::territory::store::visible_unit(&state.db, &territory_code, &scope)
        .await?
        .filter(|u| scope.contains(&u.path))
        .ok_or(AppError::NotFound)?;
    let (default_from, default_to) = match &campaign {
        Some((_, _, from, to)) => (*from, *to),
        None => crate::bodies::actions::this_year(state.clock.today()),
    };
    let day = |value: &Option<String>, field: &str, default: NaiveDate| -> AppResult<NaiveDate> {
        match value.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(default),
            Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| AppError::invalid(field, "field-date-format")),
        }
    };
    let from = day(&q.from, "from", default_from)?;
    let to = day(&q.to, "to", default_to)?;
    let f = figures::activities(
        &state.db,
        &scope,
        &territory,
        campaign.as_ref().map(|c| c.0),
        from,
        to,
    )
    .await?;
    Ok(axum::Json(ActivitiesFigure {
        definition: DEFINITION,
        territory: territory.code,
        campaign: campaign.map(|c| c.1),
        from,
        to,
        figures: f,
    }))
}
