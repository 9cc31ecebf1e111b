//! Pages of branch renewal: the campaigns, the dashboard (by region and province, urban and rural
//! apart, the overdue branches and the communes newly covered, each number with the branches
//! behind it), and a branch's page with the form of its next step.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::actions::{self, CampaignDraft, StepForm};
use super::figures::{self, RenewalFigure, territory_of};
use super::model::{BranchRenewal, Campaign, Stage};
use super::store;
use crate::app::AppState;
use crate::auth::{Action, Held, Scope};
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::territory::Unit;
use crate::ui::{FormErrors, PageCtx, render, see_other};

#[derive(Template)]
#[template(path = "renewal/campaigns.html")]
struct CampaignsPage {
    ctx: PageCtx,
    campaigns: Vec<Campaign>,
    can_open: bool,
    draft: CampaignDraft,
    errors: FormErrors,
}

async fn campaigns_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    scope: &Scope,
    draft: CampaignDraft,
    errors: FormErrors,
) -> AppResult<CampaignsPage> {
    Ok(CampaignsPage {
        ctx,
        campaigns: store::campaigns(&state.db, scope).await?,
        can_open: req.caller.authorize(Action::ConfigureStructure).is_ok(),
        draft,
        errors,
    })
}

/// `GET /renewal`
pub async fn campaigns(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
) -> AppResult<Response> {
    render(
        &campaigns_page(
            &state,
            ctx,
            &req,
            &scope,
            CampaignDraft::default(),
            FormErrors::default(),
        )
        .await?,
    )
}

/// `POST /renewal`: a national administrator opens a campaign.
pub async fn open_campaign(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Form(draft): Form<CampaignDraft>,
) -> AppResult<Response> {
    match actions::open_campaign(&state, &req.actor(), &draft).await {
        Ok(c) => Ok(see_other(&format!("/renewal/{}", c.code))),
        Err(AppError::Invalid(errors)) => {
            let page = campaigns_page(&state, ctx, &req, &scope, draft, FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct DashboardQuery {
    /// The territory's code (default: the caller's territory, or the campaign's scope).
    #[serde(default)]
    pub territory: Option<String>,
    /// Only the branches at this stage, or `overdue`, `new`, `urban`, `rural` (the list behind a number).
    #[serde(default)]
    pub show: Option<String>,
    /// The page of the list (from 1; a hundred branches a page).
    #[serde(default)]
    pub page: Option<usize>,
}

/// Branches on one page of the dashboard's list.
const LIST_PAGE: usize = 100;

#[derive(Template)]
#[template(path = "renewal/dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    campaign: Campaign,
    territory: Unit,
    ancestors: Vec<Unit>,
    figure: RenewalFigure,
    show: String,
    /// The branches listed on this page (of all, or of those behind the number clicked).
    listed: Vec<BranchRenewal>,
    /// How many the list holds in all, its page and its pages.
    total: usize,
    page: usize,
    pages: usize,
    /// The children coloured by their renewal rate.
    map: Option<crate::ui::map::MapView>,
    /// The list shown, to download (`ui/exports.html`).
    exports: Vec<(&'static str, String)>,
}

impl DashboardPage {
    const STAGES: [Stage; 7] = Stage::ALL;

    /// All branches, then urban and rural apart: (label key, list filter, counts).
    fn rows(&self) -> [(&'static str, &'static str, &figures::StageCounts); 3] {
        [
            ("renewal-all", "", &self.figure.total),
            ("renewal-urban", "urban", &self.figure.urban),
            ("renewal-rural", "rural", &self.figure.rural),
        ]
    }

    /// The message key naming the list shown (a stage, or overdue, new, urban, rural).
    fn show_key(&self) -> String {
        Stage::parse(&self.show).map_or_else(|| format!("renewal-show-{}", self.show), Stage::message_key)
    }

    fn is_overdue(&self, code: &str) -> bool {
        self.figure.overdue.iter().any(|c| c == code)
    }

    fn page_link(&self, page: usize) -> String {
        format!(
            "?territory={}&show={}&page={page}#branches",
            self.territory.code, self.show
        )
    }
}

/// The list behind a number: a stage, or overdue, new, urban, rural; anything else lists all.
pub(crate) fn shown(show: Option<String>) -> String {
    show.filter(|s| Stage::parse(s).is_some() || matches!(s.as_str(), "overdue" | "new" | "urban" | "rural"))
        .unwrap_or_default()
}

/// The figure's branches that `show` (see [`shown`]) asks for.
pub(crate) fn listed(figure: &RenewalFigure, show: &str) -> Vec<BranchRenewal> {
    figure
        .branches
        .iter()
        .filter(|r| match show {
            "overdue" => figure.overdue.contains(&r.branch_code),
            "new" => r.new_branch,
            "urban" => !r.rural,
            "rural" => r.rural,
            s => Stage::parse(s).is_none_or(|stage| r.stage == stage),
        })
        .cloned()
        .collect()
}

/// `GET /renewal/{campaign}`
pub async fn dashboard(
    State(state): State<AppState>,
    ctx: PageCtx,
    Authorized { scope, .. }: Authorized,
    Path(code): Path<String>,
    Query(q): Query<DashboardQuery>,
) -> AppResult<Response> {
    let campaign = actions::campaign(&state, &code).await?;
    let territory = territory_of(&state, &scope, &campaign, q.territory.as_deref()).await?;
    let today = state.clock.today();
    let figure = figures::renewal(&state.db, &scope, &campaign, &territory, today).await?;
    let show = shown(q.show);
    let all = listed(&figure, &show);
    let total = all.len();
    let pages = total.div_ceil(LIST_PAGE);
    let page = q.page.unwrap_or(1).clamp(1, pages.max(1));
    let listed: Vec<BranchRenewal> = all
        .into_iter()
        .skip((page - 1) * LIST_PAGE)
        .take(LIST_PAGE)
        .collect();
    let ancestors = crate::territory::store::ancestors_within(&state.db, &territory, &scope).await?;
    let shares: Vec<crate::ui::map::Share> = figure
        .children
        .iter()
        .map(|c| crate::ui::map::Share {
            code: c.code.clone(),
            percent: c.rate,
            title: format!(
                "{} — {}",
                ctx.pick(&c.name_ar, &c.name_fr, &c.name_fr),
                ctx.percent(c.rate)
            ),
            href: format!("/renewal/{}?territory={}", campaign.code, c.code),
        })
        .collect();
    let map = crate::ui::map::choropleth(&territory.code, ctx.t("renewal-map"), &shares);
    let exports = vec![(
        "export-list-branches",
        format!(
            "/renewal/{}/export?territory={}&show={show}",
            campaign.code, territory.code
        ),
    )];
    render(&DashboardPage {
        exports,
        ctx,
        map,
        campaign,
        territory,
        ancestors,
        figure,
        show,
        listed,
        total,
        page,
        pages,
    })
}

#[derive(Template)]
#[template(path = "renewal/branch.html")]
struct BranchPage {
    ctx: PageCtx,
    campaign: Campaign,
    renewal: BranchRenewal,
    /// How many members of the branch are paid up this year…
    eligible_count: i64,
    /// …and who, for roles that may open them: (uid, name).
    eligible: Vec<(String, String)>,
    /// Those recorded present at the assembly: (uid, name).
    present: Vec<(String, String)>,
    can_step: bool,
    can_validate: bool,
    overdue: bool,
    errors: FormErrors,
    today: NaiveDate,
}

async fn branch_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    scope: &Scope,
    campaign_code: &str,
    branch: &str,
    errors: FormErrors,
) -> AppResult<BranchPage> {
    let campaign = actions::campaign(state, campaign_code).await?;
    let renewal = actions::branch(state, scope, &campaign, branch).await?;
    let today = state.clock.today();
    let names = |rows: Vec<store::Eligible>| -> Vec<(String, String)> {
        rows.into_iter()
            .map(|(_, uid, ga, fa, gl, fl)| {
                let name = crate::people::search::name_in(ctx.locale, [&ga, &fa, &gl, &fl]);
                (uid, name)
            })
            .collect()
    };
    // The branch as held by the caller's grants for an action (the party's records, here).
    let held = async |action: Action| -> AppResult<Option<Held<BranchRenewal>>> {
        let Ok(permit) = req.permit(action) else {
            return Ok(None);
        };
        Ok(store::renewal_held(&state.db, campaign.id, branch, &permit).await?)
    };
    // How many members are paid up is a figure for anyone who sees the branch; who they are, for
    // roles that may open them.
    let eligible_count = store::paid_up_count(&state.db, &renewal, today.year()).await?;
    let (eligible, present) = match held(Action::ViewPeople).await? {
        Some(named) => (
            names(store::eligible_members(&state.db, &named, today.year()).await?),
            names(store::present_at(&state.db, &named).await?),
        ),
        None => (Vec::new(), Vec::new()),
    };
    let can_step = held(Action::RecordMeetings).await?.is_some();
    let can_validate = held(Action::ValidateRenewal).await?.is_some();
    Ok(BranchPage {
        eligible_count,
        can_step,
        can_validate,
        overdue: renewal.overdue(&campaign, today),
        ctx,
        campaign,
        renewal: renewal.into_inner(),
        eligible,
        present,
        errors,
        today,
    })
}

/// `GET /renewal/{campaign}/{branch}`
pub async fn branch(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path((campaign, code)): Path<(String, String)>,
) -> AppResult<Response> {
    render(&branch_page(&state, ctx, &req, &scope, &campaign, &code, FormErrors::default()).await?)
}

/// `POST /renewal/{campaign}/{branch}`: the branch's next step.
pub async fn step(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    permit: Authorized,
    Path((campaign_code, code)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let campaign = actions::campaign(&state, &campaign_code).await?;
    let form = StepForm::from_fields(fields);
    match actions::step(&state, &permit, &campaign, &code, &form).await {
        Ok(_) => Ok(see_other(&format!("/renewal/{campaign_code}/{code}"))),
        Err(AppError::Invalid(errors)) => {
            let page = branch_page(
                &state,
                ctx,
                &req,
                &permit.scope,
                &campaign_code,
                &code,
                FormErrors(errors),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
