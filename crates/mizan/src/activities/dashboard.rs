//! The activities dashboard: the figures (by type and month, by territory, the coverage map) of a
//! question (period, territory, campaign), each number with its definition and its records.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

use super::figures::{self, ActivityFigures, FigureQuery, Question, question};
use super::model::{ActivityType, Category};
use crate::app::AppState;
use crate::error::AppResult;
use crate::http::Authorized;
use crate::territory::Unit;
use crate::ui::{PageCtx, render};

#[derive(Template)]
#[template(path = "activities/dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    q: Question,
    figure: ActivityFigures,
    types: Vec<ActivityType>,
    categories: Vec<Category>,
    ancestors: Vec<Unit>,
    /// The query string of the same question, without the territory.
    same: String,
    map: Option<crate::ui::map::MapView>,
    /// Bars of the months: (month, activities, beneficiaries, bar width in percent).
    months: Vec<(String, i64, i64, i64)>,
    /// The campaign's targets by territory and type.
    targets: Vec<super::settings::store::Target>,
    /// What the map colours, and its legend: (colour class, lower bound as shown).
    metric: MapMetric,
    legend: Vec<(&'static str, String)>,
}

impl DashboardPage {
    fn type_name(&self, id: &i64) -> String {
        self.types
            .iter()
            .find(|t| t.id == *id)
            .map_or_else(String::new, |t| t.name(self.ctx.locale).to_owned())
    }

    fn type_code(&self, id: &i64) -> String {
        self.types
            .iter()
            .find(|t| t.id == *id)
            .map_or_else(String::new, |t| t.code.clone())
    }

    fn category_name(&self, code: &str) -> String {
        self.categories
            .iter()
            .find(|c| c.code == code)
            .map_or_else(|| code.to_owned(), |c| c.name(self.ctx.locale).to_owned())
    }

    fn type_icon(&self, id: &i64) -> String {
        self.types
            .iter()
            .find(|t| t.id == *id)
            .map_or_else(|| "other".to_owned(), |t| t.icon.clone())
    }

    /// The campaign's target (activities, counted beneficiaries) for a territory and a type (0:
    /// every type): its own for its whole scope, else one set by territory.
    fn target(&self, code: &str, type_id: &i64) -> Option<(i64, i64)> {
        let c = self.q.campaign.as_ref()?;
        if *type_id == 0 && self.q.territory.code == code && self.q.territory.path == c.scope_path {
            return Some((c.target_activities, c.target_beneficiaries));
        }
        self.targets
            .iter()
            .find(|t| t.territory_code == code && t.type_id == *type_id)
            .map(|t| (t.activities, t.beneficiaries))
    }

    /// The map of the children coloured by the chosen metric, and its legend.
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^53")]
    fn coloured_map(&self) -> (Option<crate::ui::map::MapView>, Vec<(&'static str, String)>) {
        let children = &self.figure.children;
        let percent_of = |n: i64, of: i64| (of > 0).then(|| (n as f64 * 100.0 / of as f64).min(100.0));
        // Counts and coverage are coloured by the places' own quantiles (a fixed scale put every
        // region in the darkest colour); shares by fifths of 100 %.
        let value_of = |c: &figures::ChildActivities| -> Option<f64> {
            match self.metric {
                MapMetric::Coverage => c.per_100k,
                MapMetric::Activities => Some(c.counted.activities as f64),
                MapMetric::Beneficiaries => Some(c.counted.beneficiaries as f64),
                MapMetric::Verification | MapMetric::Progress => None,
            }
        };
        let values: Vec<f64> = children.iter().filter_map(value_of).collect();
        let breaks = crate::ui::map::quantile_breaks(&values);
        let quantile = |c: &figures::ChildActivities| {
            value_of(c)
                .filter(|v| *v > 0.0)
                .map(|v| crate::ui::map::quantile_share(v, &breaks))
        };
        let shares: Vec<crate::ui::map::Share> = children
            .iter()
            .map(|c| {
                let (percent, shown) = match self.metric {
                    MapMetric::Coverage => (
                        quantile(c),
                        self.ctx.tn("activities-per-100k", c.per_100k.unwrap_or(0.0)),
                    ),
                    MapMetric::Activities => (quantile(c), self.ctx.num(c.counted.activities)),
                    MapMetric::Beneficiaries => (quantile(c), self.ctx.num(c.counted.beneficiaries)),
                    MapMetric::Verification => {
                        let p = percent_of(c.counted.verified, c.counted.activities);
                        (p, self.ctx.percent(p))
                    }
                    MapMetric::Progress => {
                        let p = self
                            .target_all(&c.code)
                            .and_then(|(_, target)| percent_of(c.counted.beneficiaries, target));
                        (p, self.ctx.percent(p))
                    }
                };
                crate::ui::map::Share {
                    code: c.code.clone(),
                    percent,
                    title: format!("{} — {shown}", self.ctx.pick(&c.name_ar, &c.name_fr, &c.name_fr)),
                    href: format!(
                        "/figures/activities?{}&territory={}&map={}",
                        self.same,
                        c.code,
                        self.metric.code()
                    ),
                }
            })
            .collect();
        let label = self.ctx.t(&format!("activities-map-{}", self.metric.code()));
        let map = crate::ui::map::choropleth(&self.q.territory.code, label, &shares);
        // Each colour with the values it stands for.
        let classes = ["q1", "q2", "q3", "q4", "q5"];
        let legend = if values.is_empty() {
            classes
                .into_iter()
                .zip(0..)
                .map(|(class, i)| {
                    let (from, to) = (f64::from(i * 20), f64::from(i * 20 + 20));
                    (
                        class,
                        format!("{}–{}", self.ctx.percent(from), self.ctx.percent(to)),
                    )
                })
                .collect()
        } else {
            let low = values.iter().copied().fold(f64::INFINITY, f64::min);
            let high = values.iter().copied().fold(0.0, f64::max);
            (0..=breaks.len())
                .map(|i| {
                    let from = if i == 0 { low } else { breaks[i - 1] };
                    let to = breaks.get(i).copied().unwrap_or(high);
                    (classes[i], format!("{}–{}", self.ctx.num(from), self.ctx.num(to)))
                })
                .collect()
        };
        (map, legend)
    }

    /// The campaign's target for a territory, every type together.
    fn target_all(&self, code: &str) -> Option<(i64, i64)> {
        self.target(code, &0)
    }

    /// Progress to the target of the territory shown: (activities, counted beneficiaries) in
    /// percent of their targets, and the targets.
    fn progress(&self) -> Option<(Option<f64>, Option<f64>, i64, i64)> {
        let (a, b) = self.target(&self.q.territory.code, &0)?;
        Some((
            percent(self.figure.total.activities, a),
            percent(self.figure.total.beneficiaries, b),
            a,
            b,
        ))
    }

    /// "reached / target (percent)" of one number, when there is a target.
    fn against(&self, reached: &i64, target: &i64) -> String {
        match percent(*reached, *target) {
            Some(p) => format!(
                "{} / {} ({})",
                self.ctx.num(*reached),
                self.ctx.num(*target),
                self.ctx.percent(p)
            ),
            None => self.ctx.num(*reached),
        }
    }

    /// The children with most and fewest counted beneficiaries per 100,000 inhabitants (three each).
    fn ranked(&self) -> (Vec<&figures::ChildActivities>, Vec<&figures::ChildActivities>) {
        let mut with: Vec<&figures::ChildActivities> = self
            .figure
            .children
            .iter()
            .filter(|c| c.per_100k.is_some())
            .collect();
        with.sort_by(|a, b| {
            b.per_100k
                .partial_cmp(&a.per_100k)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        if with.len() < 6 {
            return (Vec::new(), Vec::new());
        }
        let top = with.iter().take(3).copied().collect();
        let bottom = with.iter().rev().take(3).copied().collect();
        (top, bottom)
    }

    fn rural_share(&self) -> Option<f64> {
        #[expect(clippy::cast_precision_loss, reason = "counts far below 2^53")]
        (self.figure.total.beneficiaries > 0)
            .then(|| self.figure.rural_beneficiaries as f64 * 100.0 / self.figure.total.beneficiaries as f64)
    }
}

/// `reached` in percent of `target`, when there is a target.
#[expect(clippy::cast_precision_loss, reason = "counts far below 2^53")]
fn percent(reached: i64, target: i64) -> Option<f64> {
    (target > 0).then(|| reached as f64 * 100.0 / target as f64)
}

fn same_query(q: &Question) -> String {
    let mut pairs = vec![
        ("from", q.from.format("%Y-%m-%d").to_string()),
        ("to", q.to.format("%Y-%m-%d").to_string()),
    ];
    if let Some(c) = &q.campaign {
        pairs.push(("campaign", c.code.clone()));
    }
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// `GET /figures/activities`
pub async fn dashboard(
    State(state): State<AppState>,
    ctx: PageCtx,
    Authorized { scope, .. }: Authorized,
    Query(query): Query<FigureQuery>,
) -> AppResult<Response> {
    let q = question(&state, &scope, &query).await?;
    let figure =
        figures::activities(&state.db, &scope, &q.territory, q.campaign.as_ref(), q.from, q.to).await?;
    let ancestors = crate::territory::store::ancestors_within(&state.db, &q.territory, &scope).await?;
    let same = same_query(&q);
    let most = figure
        .by_month
        .values()
        .map(|c| c.beneficiaries)
        .max()
        .unwrap_or(0)
        .max(1);
    let months = figure
        .by_month
        .iter()
        .map(|(m, c)| {
            (
                m.clone(),
                c.activities,
                c.beneficiaries,
                c.beneficiaries * 100 / most,
            )
        })
        .collect();
    let targets = match &q.campaign {
        Some(c) => super::settings::store::targets(&state.db, c.id).await?,
        None => Vec::new(),
    };
    let metric = MapMetric::parse(query.map.as_deref());
    let mut page = DashboardPage {
        types: super::settings::store::every_type(&state.db).await?,
        targets,
        categories: super::settings::store::categories(&state.db).await?,
        ctx,
        q,
        figure,
        ancestors,
        same,
        map: None,
        legend: Vec::new(),
        metric,
        months,
    };
    (page.map, page.legend) = page.coloured_map();
    render(&page)
}

/// What the dashboard's map colours, child territory by child territory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapMetric {
    /// Counted beneficiaries per 100,000 inhabitants (the census), on a fixed scale.
    Coverage,
    /// Counted activities, by fifths of the highest.
    Activities,
    /// Counted beneficiaries, by fifths of the highest.
    Beneficiaries,
    /// Verified activities among the counted ones, in percent.
    Verification,
    /// Counted beneficiaries in percent of the child's target.
    Progress,
}

impl MapMetric {
    pub const ALL: [MapMetric; 5] = [
        MapMetric::Coverage,
        MapMetric::Activities,
        MapMetric::Beneficiaries,
        MapMetric::Verification,
        MapMetric::Progress,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MapMetric::Coverage => "coverage",
            MapMetric::Activities => "activities",
            MapMetric::Beneficiaries => "beneficiaries",
            MapMetric::Verification => "verification",
            MapMetric::Progress => "progress",
        }
    }

    fn parse(code: Option<&str>) -> MapMetric {
        MapMetric::ALL
            .into_iter()
            .find(|m| Some(m.code()) == code)
            .unwrap_or(MapMetric::Coverage)
    }
}
