//! The meeting rate's page: for a body type and a period, the share of bodies that met as often as
//! their type expects, by child territory, with the map and the bodies behind each figure.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

use super::figures::{self, DecisionsFollowUp, MeetingRate};
use super::figures::{RateQuery, RateQuestion};
use crate::app::AppState;
use crate::error::AppResult;
use crate::http::Authorized;
use crate::territory::Unit;
use crate::ui::{PageCtx, render};

#[derive(Template)]
#[template(path = "bodies/meeting_rate.html")]
struct RatePage {
    ctx: PageCtx,
    q: RateQuestion,
    ancestors: Vec<Unit>,
    figure: MeetingRate,
    decisions: DecisionsFollowUp,
    /// The query string for the same question about another territory (without `territory`).
    same: String,
    /// The children coloured by their rate (regions, or a region's provinces).
    map: Option<crate::ui::map::MapView>,
    /// The lists behind the figure, to download (`ui/exports.html`).
    exports: Vec<(&'static str, String)>,
}

impl RatePage {
    /// Whether there is a level below the territory to break the figure down by.
    fn breakdown(&self) -> bool {
        self.figure
            .children
            .iter()
            .any(|c| c.code != self.q.territory.code)
    }

    fn quorum_label(&self) -> String {
        match self.q.body_type.quorum() {
            super::model::Quorum::Majority => self.ctx.t("quorum-majority"),
            super::model::Quorum::Share(n, d) => self.ctx.ts("quorum-share", "share", &format!("{n}/{d}")),
        }
    }
}

/// `GET /figures/meeting-rate`
pub async fn meeting_rate(
    State(state): State<AppState>,
    ctx: PageCtx,
    Authorized { scope, .. }: Authorized,
    Query(query): Query<RateQuery>,
) -> AppResult<Response> {
    let (q, figure, decisions) = figures::answer(&state, &scope, &query).await?;
    let ancestors = crate::territory::store::ancestors_within(&state.db, &q.territory, &scope).await?;
    let same = serde_urlencoded::to_string([
        ("body_type", q.body_type.code.as_str()),
        ("from", &q.from.format("%Y-%m-%d").to_string()),
        ("to", &q.to.format("%Y-%m-%d").to_string()),
    ])
    .unwrap_or_default();
    let shares: Vec<crate::ui::map::Share> = figure
        .children
        .iter()
        .map(|c| crate::ui::map::Share {
            code: c.code.clone(),
            percent: c.rate,
            title: format!(
                "{} — {} ({} / {})",
                ctx.pick(&c.name_ar, &c.name_fr, &c.name_fr),
                ctx.percent(c.rate),
                ctx.num(c.numerator),
                ctx.num(c.denominator)
            ),
            href: format!("/figures/meeting-rate?{same}&territory={}", c.code),
        })
        .collect();
    let map = crate::ui::map::choropleth(&q.territory.code, ctx.t("rate-map"), &shares);
    let exports = ["bodies", "meetings", "decisions"]
        .into_iter()
        .zip([
            "export-list-bodies",
            "export-list-meetings",
            "export-list-decisions",
        ])
        .map(|(list, label)| {
            let url = format!(
                "/figures/meeting-rate/export?{same}&territory={}&list={list}",
                q.territory.code
            );
            (label, url)
        })
        .collect();
    render(&RatePage {
        ctx,
        q,
        ancestors,
        figure,
        decisions,
        same,
        map,
        exports,
    })
}
