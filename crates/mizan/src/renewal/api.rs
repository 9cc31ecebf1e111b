//! Renewal figures in JSON, under `/api/v1/figures`.

use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};

use super::figures::territory_of;
use super::figures::{self, ChildCounts, StageCounts};
use crate::app::AppState;
use crate::error::AppResult;
use crate::http::Authorized;

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct RenewalQuery {
    /// The campaign's code.
    pub campaign: String,
    /// The territory's code (default: the caller's territory, or the campaign's scope).
    #[serde(default)]
    pub territory: Option<String>,
}

/// A renewal campaign's progress in a territory, urban and rural apart, by child territory.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RenewalFigure {
    pub definition: &'static str,
    pub campaign: String,
    pub territory: String,
    pub total: StageCounts,
    /// Validated among branches not merged, in percent.
    pub rate: Option<f64>,
    pub urban: StageCounts,
    pub rural: StageCounts,
    pub children: Vec<ChildCounts>,
    /// Codes of the overdue branches.
    pub overdue: Vec<String>,
}

pub const DEFINITION: &str = "Branches of the campaign in the territory, by stage (due, convened, held, elected, validated, \
     lapsed, merged). Rate: validated among branches not merged. Overdue: still open after the campaign's last day, \
     or convened with the assembly's day gone by and no assembly recorded. New branches: created during the \
     campaign; new communes: those that had no branch before.";

/// Branch renewal progress ("branches renewed, rural communes reached").
#[utoipa::path(
    get,
    path = "/api/v1/figures/renewal",
    tag = "figures",
    params(RenewalQuery),
    responses(
        (status = 200, body = RenewalFigure),
        (status = 401, description = "No session or token"),
        (status = 404, description = "No such campaign, or a territory outside the caller's"),
    ),
    security(("token" = []))
)]
pub async fn renewal(
    State(state): State<AppState>,
    Authorized { scope, .. }: Authorized,
    Query(q): Query<RenewalQuery>,
) -> AppResult<axum::Json<RenewalFigure>> {
    let campaign = super::actions::campaign(&state, &q.campaign).await?;
    let territory = territory_of(&state, &scope, &campaign, q.territory.as_deref()).await?;
    let f = figures::renewal(&state.db, &scope, &campaign, &territory, state.clock.today()).await?;
    Ok(axum::Json(RenewalFigure {
        definition: DEFINITION,
        campaign: campaign.code,
        territory: territory.code,
        rate: f.total.rate(),
        total: f.total,
        urban: f.urban,
        rural: f.rural,
        children: f.children,
        overdue: f.overdue,
    }))
}
