//! The renewal dashboard's figures for a campaign and a territory: branches by stage, urban and
//! rural apart, by child territory, the overdue ones and the communes newly covered.
//!
//! **Definitions.** Branches: those of the campaign inside the territory (merged ones included,
//! shown apart). Renewed: bureau elected or validated. Renewal rate: validated / branches not
//! merged. Overdue: still open (due, convened, held, elected) after the campaign's last day, or
//! convened with the assembly's day gone by and no assembly recorded. Newly covered: communes that
//! had no branch and got one during the campaign.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::model::{BranchRenewal, Campaign, Stage};
use super::store;
use crate::app::AppState;
use crate::auth::Scope;
use crate::error::AppResult;
use crate::store::{Db, StoreResult};
use crate::territory::Unit;

/// Counts of branches by stage, and what they add up to.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct StageCounts {
    pub branches: i64,
    pub due: i64,
    pub convened: i64,
    pub held: i64,
    pub elected: i64,
    pub validated: i64,
    pub lapsed: i64,
    pub merged: i64,
    pub overdue: i64,
    pub new_branches: i64,
    pub new_communes: i64,
}

impl StageCounts {
    fn add(&mut self, r: &BranchRenewal, overdue: bool) {
        self.branches += 1;
        *match r.stage {
            Stage::Due => &mut self.due,
            Stage::Convened => &mut self.convened,
            Stage::Held => &mut self.held,
            Stage::Elected => &mut self.elected,
            Stage::Validated => &mut self.validated,
            Stage::Lapsed => &mut self.lapsed,
            Stage::Merged => &mut self.merged,
        } += 1;
        self.overdue += i64::from(overdue);
        self.new_branches += i64::from(r.new_branch);
        self.new_communes += i64::from(r.new_commune);
    }

    /// Validated among the branches not merged, in percent.
    pub fn rate(&self) -> Option<f64> {
        let base = self.branches - self.merged;
        #[expect(clippy::cast_precision_loss, reason = "counts of branches")]
        (base > 0).then(|| self.validated as f64 * 100.0 / base as f64)
    }

    /// Bureau elected or validated, among the branches not merged, in percent.
    pub fn renewed_rate(&self) -> Option<f64> {
        let base = self.branches - self.merged;
        #[expect(clippy::cast_precision_loss, reason = "counts of branches")]
        (base > 0).then(|| (self.elected + self.validated) as f64 * 100.0 / base as f64)
    }

    pub fn of(&self, stage: Stage) -> i64 {
        match stage {
            Stage::Due => self.due,
            Stage::Convened => self.convened,
            Stage::Held => self.held,
            Stage::Elected => self.elected,
            Stage::Validated => self.validated,
            Stage::Lapsed => self.lapsed,
            Stage::Merged => self.merged,
        }
    }
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ChildCounts {
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
    #[serde(flatten)]
    pub counts: StageCounts,
    pub rate: Option<f64>,
}

#[derive(Clone, Debug)]
pub struct RenewalFigure {
    pub total: StageCounts,
    pub urban: StageCounts,
    pub rural: StageCounts,
    pub children: Vec<ChildCounts>,
    /// The branches behind the numbers, by path.
    pub branches: Vec<BranchRenewal>,
    /// Which of them are overdue, by branch code.
    pub overdue: Vec<String>,
}

/// The dashboard of `campaign` in `territory` (inside the caller's scope) on `today`.
pub async fn renewal(
    db: &Db,
    scope: &Scope,
    campaign: &Campaign,
    territory: &Unit,
    today: NaiveDate,
) -> StoreResult<RenewalFigure> {
    let branches = store::renewals(db, campaign.id, &territory.path, scope).await?;
    let mut total = StageCounts::default();
    let mut urban = StageCounts::default();
    let mut rural = StageCounts::default();
    let mut children: BTreeMap<String, StageCounts> = BTreeMap::new();
    let mut overdue = Vec::new();
    for r in &branches {
        let late = r.overdue(campaign, today);
        if late {
            overdue.push(r.branch_code.clone());
        }
        total.add(r, late);
        if r.rural { &mut rural } else { &mut urban }.add(r, late);
        let child = territory.child_toward(&r.branch_path).to_owned();
        children.entry(child).or_default().add(r, late);
    }
    let codes: Vec<&str> = children.keys().map(String::as_str).collect();
    let units = crate::territory::store::units_by_code(db, &codes).await?;
    let children = children
        .into_iter()
        .map(|(code, counts)| {
            let unit = units.iter().find(|u| u.code == code);
            ChildCounts {
                name_ar: unit.map(|u| u.name_ar.clone()).unwrap_or_default(),
                name_fr: unit.map(|u| u.name_fr.clone()).unwrap_or_default(),
                rate: counts.rate(),
                code,
                counts,
            }
        })
        .collect();
    Ok(RenewalFigure {
        total,
        urban,
        rural,
        children,
        branches,
        overdue,
    })
}

/// The territory a dashboard is about: asked, else the caller's, else the campaign's scope; it
/// must lie inside the caller's scope.
pub async fn territory_of(
    state: &AppState,
    scope: &Scope,
    campaign: &Campaign,
    asked: Option<&str>,
) -> AppResult<Unit> {
    crate::territory::actions::figure_territory(state, scope, asked, &campaign.scope_code).await
}
