//! Pages of the volunteering settings: activity types and beneficiary categories
//! (`/activity-types`), campaigns (`/campaigns`) and a campaign's targets by territory and type
//! with what each has reached (`/campaigns/{code}`). Everyone may read them; the national admin
//! changes them.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::super::model::{ActivityType, Campaign, Category};
use super::{self as settings, ICONS, Typed};
use crate::app::AppState;
use crate::auth::{Action, Scope};
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::territory::Unit;
use crate::ui::{FormErrors, PageCtx, render, see_other};

/// What a failed form needs to be shown again: which form, its errors, what was typed.
#[derive(Default)]
struct Failed {
    form: String,
    errors: FormErrors,
    typed: Typed,
}

/// Answers a settings form: back to `page` when it worked, the page again with the errors
/// beside the fields (and nothing typed lost) when it did not.
async fn answer<P, F>(
    result: AppResult<()>,
    page: &str,
    form: &str,
    typed: Typed,
    again: F,
) -> AppResult<Response>
where
    P: Template,
    F: AsyncFnOnce(Failed) -> AppResult<P>,
{
    match result {
        Ok(()) => Ok(see_other(page)),
        Err(AppError::Invalid(errors)) => {
            let page = again(Failed {
                form: form.to_owned(),
                errors: FormErrors(errors),
                typed,
            })
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "activities/types.html")]
struct TypesPage {
    ctx: PageCtx,
    types: Vec<(ActivityType, bool)>,
    categories: Vec<Category>,
    /// (type, category) the types count; a type absent counts every category.
    counted: Vec<(i64, i64)>,
    can_configure: bool,
    failed: Failed,
    icons: [&'static str; 10],
}

impl TypesPage {
    /// Whether `t` counts category `c` (checked in its form).
    fn counts(&self, t: &i64, c: &i64) -> bool {
        self.counted.contains(&(*t, *c))
    }

    /// The names of the categories a type counts, or None when it counts them all.
    fn counted_names(&self, t: &i64) -> Option<String> {
        let names: Vec<&str> = self
            .categories
            .iter()
            .filter(|c| self.counted.contains(&(*t, c.id)))
            .map(|c| c.name(self.ctx.locale))
            .collect();
        (!names.is_empty()).then(|| names.join(" · "))
    }

    /// A type's name in the language of a name field.
    fn name_in<'a>(t: &'a ActivityType, field: &str) -> &'a str {
        match field {
            "name_ar" => &t.name_ar,
            "name_fr" => &t.name_fr,
            _ => &t.name_en,
        }
    }

    /// What the failed form `form` had in `field`, else `default`.
    fn typed(&self, form: &str, field: &str, default: &str) -> String {
        if self.failed.form == form {
            self.failed.typed.get(field).to_owned()
        } else {
            default.to_owned()
        }
    }
}

async fn types_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    failed: Failed,
) -> AppResult<TypesPage> {
    Ok(TypesPage {
        ctx,
        types: settings::store::all_types(&state.db).await?,
        categories: settings::store::categories(&state.db).await?,
        counted: settings::store::type_categories(&state.db).await?,
        can_configure: req.caller.authorize(Action::ConfigureStructure).is_ok(),
        failed,
        icons: ICONS,
    })
}

/// `GET /activity-types`
pub async fn types(State(state): State<AppState>, ctx: PageCtx, req: RequestCtx) -> AppResult<Response> {
    render(&types_page(&state, ctx, &req, Failed::default()).await?)
}

/// `POST /activity-types`: a new type.
pub async fn add_type(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let typed = Typed(fields);
    let result = settings::add_type(&state, &req.actor(), &typed).await.map(|_| ());
    answer(result, "/activity-types", "new-type", typed, async |f| {
        types_page(&state, ctx, &req, f).await
    })
    .await
}

/// `POST /activity-types/{code}`: renamed, other categories, offered or retired.
pub async fn change_type(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let typed = Typed(fields);
    let result = settings::change_type(&state, &req.actor(), &code, &typed).await;
    answer(result, "/activity-types", &code, typed, async |f| {
        types_page(&state, ctx, &req, f).await
    })
    .await
}

/// `POST /beneficiary-categories`: a new category.
pub async fn add_category(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let typed = Typed(fields);
    let result = settings::add_category(&state, &req.actor(), &typed)
        .await
        .map(|_| ());
    answer(result, "/activity-types", "new-category", typed, async |f| {
        types_page(&state, ctx, &req, f).await
    })
    .await
}

#[derive(Template)]
#[template(path = "activities/campaigns.html")]
struct CampaignsPage {
    ctx: PageCtx,
    campaigns: Vec<Campaign>,
    types: Vec<(ActivityType, bool)>,
    can_configure: bool,
    failed: Failed,
}

impl CampaignsPage {
    fn typed(&self, field: &str) -> String {
        self.failed.typed.get(field).to_owned()
    }
}

async fn campaigns_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    failed: Failed,
) -> AppResult<CampaignsPage> {
    Ok(CampaignsPage {
        ctx,
        campaigns: settings::store::campaigns(&state.db).await?,
        types: settings::store::all_types(&state.db).await?,
        can_configure: req.caller.authorize(Action::ConfigureStructure).is_ok(),
        failed,
    })
}

/// `GET /campaigns`
pub async fn campaigns(State(state): State<AppState>, ctx: PageCtx, req: RequestCtx) -> AppResult<Response> {
    render(&campaigns_page(&state, ctx, &req, Failed::default()).await?)
}

/// `POST /campaigns`: a new campaign.
pub async fn create_campaign(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let typed = Typed(fields);
    match settings::create_campaign(&state, &req.actor(), &typed).await {
        Ok(code) => Ok(see_other(&format!("/campaigns/{code}"))),
        Err(e) => {
            answer(Err(e), "/campaigns", "new-campaign", typed, async |f| {
                campaigns_page(&state, ctx, &req, f).await
            })
            .await
        }
    }
}

/// A target with what it has reached.
pub struct TargetRow {
    pub territory: Unit,
    pub type_id: i64,
    pub activities: i64,
    pub beneficiaries: i64,
    pub reached_activities: i64,
    pub reached_beneficiaries: i64,
}

#[derive(Template)]
#[template(path = "activities/campaign.html")]
struct CampaignPage {
    ctx: PageCtx,
    campaign: Campaign,
    scope_unit: Unit,
    /// The types it counts (empty: every type).
    counted: Vec<i64>,
    types: Vec<(ActivityType, bool)>,
    targets: Vec<TargetRow>,
    can_configure: bool,
    failed: Failed,
}

impl CampaignPage {
    fn type_name(&self, id: &i64) -> String {
        self.types.iter().find(|(t, _)| t.id == *id).map_or_else(
            || self.ctx.t("campaign-every-type"),
            |(t, _)| t.name(self.ctx.locale).to_owned(),
        )
    }

    fn type_code(&self, id: &i64) -> String {
        self.types
            .iter()
            .find(|(t, _)| t.id == *id)
            .map_or_else(String::new, |(t, _)| t.code.clone())
    }

    /// `reached` in percent of `target`, when there is a target.
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^53")]
    fn percent(reached: &i64, target: &i64) -> Option<f64> {
        (*target > 0).then(|| *reached as f64 * 100.0 / *target as f64)
    }

    fn typed(&self, field: &str) -> String {
        self.failed.typed.get(field).to_owned()
    }
}

async fn campaign_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    scope: &Scope,
    code: &str,
    failed: Failed,
) -> AppResult<CampaignPage> {
    let campaign = settings::store::campaign_by_code(&state.db, code)
        .await?
        .ok_or(AppError::NotFound)?;
    let reached = settings::store::targets_reached(&state.db, scope, campaign.id).await?;
    let targets = settings::store::targets(&state.db, campaign.id).await?;
    let codes: Vec<&str> = targets
        .iter()
        .map(|t| t.territory_code.as_str())
        .chain(std::iter::once(campaign.scope_code.as_str()))
        .collect();
    let units = crate::territory::store::units_by_code(&state.db, &codes).await?;
    let scope_unit = units
        .iter()
        .find(|u| u.code == campaign.scope_code)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let targets = targets
        .into_iter()
        .filter_map(|t| {
            let (_, _, a, b) = reached
                .iter()
                .find(|(code, ty, _, _)| *code == t.territory_code && *ty == t.type_id)?;
            Some(TargetRow {
                territory: units.iter().find(|u| u.code == t.territory_code)?.clone(),
                type_id: t.type_id,
                activities: t.activities,
                beneficiaries: t.beneficiaries,
                reached_activities: *a,
                reached_beneficiaries: *b,
            })
        })
        .collect();
    Ok(CampaignPage {
        ctx,
        counted: settings::store::campaign_types(&state.db, campaign.id).await?,
        types: settings::store::all_types(&state.db).await?,
        scope_unit,
        campaign,
        targets,
        can_configure: req.caller.authorize(Action::ConfigureStructure).is_ok(),
        failed,
    })
}

/// `GET /campaigns/{campaign}`
pub async fn campaign(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path(code): Path<String>,
) -> AppResult<Response> {
    render(&campaign_page(&state, ctx, &req, &scope, &code, Failed::default()).await?)
}

/// `POST /campaigns/{campaign}/targets`: a target for a territory and a type.
pub async fn set_target(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let typed = Typed(fields);
    let result = settings::set_target(&state, &req.actor(), &code, &typed).await;
    answer(
        result,
        &format!("/campaigns/{code}#targets"),
        "target",
        typed,
        async |f| campaign_page(&state, ctx, &req, &scope, &code, f).await,
    )
    .await
}
