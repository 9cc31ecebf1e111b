//! The renewal campaign a unit is in, from the campaigns kept in memory (a copy taken at the
//! store's `renewal` generation, `store::generations`), and a branch's stage in it.

use super::model::{Campaign, Stage};
use super::store;
use crate::app::AppState;
use crate::error::AppResult;
use crate::http::RequestCtx;
use crate::territory::{Level, Unit};

/// The latest campaign covering `unit` (no query while the copy in memory holds).
pub async fn campaign_for(state: &AppState, req: &RequestCtx, unit: &Unit) -> AppResult<Option<Campaign>> {
    let g = state.generations(req).await?;
    let db = &state.db;
    let campaigns = state
        .caches
        .campaigns
        .at([g.renewal_generation], || store::all_campaigns(db))
        .await?;
    Ok(campaigns
        .iter()
        .find(|c| unit.path.starts_with(c.scope_path.as_str()))
        .cloned())
}

/// The latest campaign covering `unit`, and, for a branch, its stage in it.
pub async fn latest_for(
    state: &AppState,
    req: &RequestCtx,
    unit: &Unit,
) -> AppResult<Option<(Campaign, Option<Stage>)>> {
    let Some(campaign) = campaign_for(state, req, unit).await? else {
        return Ok(None);
    };
    let stage = if unit.level == Level::Branch {
        store::stage_of(&state.db, campaign.id, &unit.code)
            .await?
            .and_then(|s| Stage::parse(&s))
    } else {
        None
    };
    Ok(Some((campaign, stage)))
}
