//! Activity figures in JSON, under `/api/v1/figures`.

use axum::extract::{Query, State};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::figures::{self, ActivityFigures};
use crate::app::AppState;
use crate::error::AppResult;
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
    let question = super::figures::question(
        &state,
        &scope,
        &super::figures::FigureQuery {
            campaign: q.campaign,
            territory: q.territory,
            from: q.from,
            to: q.to,
            ..Default::default()
        },
    )
    .await?;
    let (territory, campaign, from, to) = (question.territory, question.campaign, question.from, question.to);
    let f = figures::activities(&state.db, &scope, &territory, campaign.as_ref(), from, to).await?;
    Ok(axum::Json(ActivitiesFigure {
        definition: DEFINITION,
        territory: territory.code,
        campaign: campaign.map(|c| c.code),
        from,
        to,
        figures: f,
    }))
}
