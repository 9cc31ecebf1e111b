//! Pages of activities: the phone form that records one (no script needed), an activity with its
//! review, the list behind every number, and the dashboard (figures, by type and month, by
//! territory, the coverage map), each number with its definition.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;

use super::actions::{self, ActivityDraft};
use super::figures::{self, ActivityFigures};
use super::model::{ActivityRow, ActivityType, Category};
use super::store::{self, ListFilter, Listed};
use crate::app::AppState;
use crate::auth::{Action, Permit, Scope};
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::territory::Unit;
use crate::ui::{FormErrors, PageCtx, render, see_other};

#[derive(Template)]
#[template(path = "activities/new.html")]
struct NewPage {
    ctx: PageCtx,
    place: Unit,
    commune: Unit,
    types: Vec<ActivityType>,
    categories: Vec<Category>,
    draft: ActivityDraft,
    /// The other communes of its province, where it may also have gone.
    nearby: Vec<Unit>,
    /// The bodies that may be named as its organizer.
    organizers: Vec<actions::Organizer>,
    errors: FormErrors,
}

/// The communes and arrondissements of the province of `commune_path`, but that one.
async fn nearby(state: &AppState, commune_path: &str) -> AppResult<Vec<Unit>> {
    let province = super::model::province_path(commune_path);
    let mut units = Vec::new();
    for level in [
        crate::territory::Level::Commune,
        crate::territory::Level::Arrondissement,
    ] {
        units.extend(
            crate::territory::store::descendants_at(&state.db, &province, level, &Scope::Everywhere).await?,
        );
    }
    units.retain(|u| u.path != commune_path);
    Ok(units)
}

async fn new_page(
    state: &AppState,
    ctx: PageCtx,
    permit: &Permit,
    code: &str,
    draft: ActivityDraft,
    errors: FormErrors,
) -> AppResult<NewPage> {
    let (commune, place) = actions::place(state, &permit.scope, code).await?;
    Ok(NewPage {
        nearby: nearby(state, &commune.path).await?,
        organizers: actions::organizers(state, permit, &place, &commune).await?,
        ctx,
        place,
        commune,
        types: store::types(&state.db).await?,
        categories: store::categories(&state.db).await?,
        draft,
        errors,
    })
}

/// `GET /territory/{code}/activities/new`
pub async fn new_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    permit: Authorized,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let draft = ActivityDraft {
        status: "done".into(),
        date: state.clock.today().format("%Y-%m-%d").to_string(),
        ..ActivityDraft::default()
    };
    render(&new_page(&state, ctx, &permit, &code, draft, FormErrors::default()).await?)
}

/// `POST /territory/{code}/activities/new`
pub async fn record(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    permit: Authorized,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let draft = ActivityDraft::from_fields(fields);
    match actions::record(&state, &permit, &req.actor(), &code, &draft).await {
        Ok(uid) => Ok(see_other(&format!("/activities/{uid}"))),
        Err(AppError::Invalid(errors)) => {
            let page = new_page(&state, ctx, &permit, &code, draft, FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "activities/activity.html")]
struct ActivityPage {
    ctx: PageCtx,
    activity: ActivityRow,
    kind: Option<ActivityType>,
    commune: Unit,
    counts: Vec<(String, i64)>,
    categories: Vec<Category>,
    /// Registered beneficiaries (names only for roles that may open people).
    registered: Vec<store::Registered>,
    registered_count: usize,
    can_review: bool,
    can_register: bool,
    can_correct: bool,
    partners: Vec<String>,
    /// Volunteers (names only for roles that may open people).
    volunteers: Vec<store::Registered>,
    volunteer_count: usize,
    can_volunteer: bool,
    /// Photos as evidence: (id, width, height).
    photos: Vec<(i64, i64, i64)>,
    /// The other communes it went through.
    places: Vec<Unit>,
    /// The body that organized it: its type's name and its unit.
    organizer: Option<(crate::bodies::model::BodyType, Unit)>,
    errors: FormErrors,
    /// The people a volunteer's or beneficiary's search found, to choose from.
    pickers: crate::people::picker::Pickers,
    /// Where a person not yet in the registry is added.
    new_person: Option<String>,
}

impl ActivityPage {
    fn person_name(&self, r: &store::Registered) -> String {
        crate::people::search::name_in(self.ctx.locale, [&r.1, &r.2, &r.3, &r.4])
    }

    const METHODS: [&'static str; 3] = crate::people::rights::METHODS;

    fn category_name(&self, code: &str) -> String {
        self.categories
            .iter()
            .find(|c| c.code == code)
            .map_or_else(|| code.to_owned(), |c| c.name(self.ctx.locale).to_owned())
    }
}

async fn activity_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    scope: &Scope,
    uid: &str,
    errors: FormErrors,
) -> AppResult<ActivityPage> {
    let activity = actions::visible(state, scope, uid).await?;
    let kind = store::every_type(&state.db)
        .await?
        .into_iter()
        .find(|t| t.id == activity.type_id);
    let commune =
        crate::territory::store::visible_unit(&state.db, &activity.commune_code, &Scope::Everywhere)
            .await?
            .ok_or(AppError::NotFound)?;
    let can_review = activity.status == "done" && actions::may_review(state, req, &activity).await?;
    let can_correct = actions::may_correct(state, req, &activity).await?;
    let records = actions::holds(state, req, Action::RecordActivities, &activity).await?;
    let can_volunteer = activity.status != "rejected" && records;
    let can_register =
        super::model::Status::parse(&activity.status).is_some_and(super::model::Status::counts) && records;
    // Who benefited and who volunteered are personal data: for roles that may open people of the
    // activity's organization there.
    let names_shown = actions::holds(state, req, Action::ViewPeople, &activity).await?;
    // And of them, those the caller may see (a beneficiary living and a member elsewhere is
    // counted, not named).
    let (registered, volunteers) = match req.caller.permit(Action::ViewPeople) {
        Ok(permit) if names_shown => (
            store::linked(&state.db, store::Link::Beneficiary, activity.id, &permit.reaches).await?,
            store::linked(&state.db, store::Link::Volunteer, activity.id, &permit.reaches).await?,
        ),
        _ => (Vec::new(), Vec::new()),
    };
    let count = |kind| store::linked_count(&state.db, kind, activity.id);
    let (registered_count, volunteer_count) = (
        count(store::Link::Beneficiary).await? as usize,
        count(store::Link::Volunteer).await? as usize,
    );
    // A person not yet registered is added where the caller adds people: the activity's commune,
    // or else its organizing branch.
    let new_person = match req.caller.permit(Action::EditPeople) {
        Ok(permit) if can_register || can_volunteer => {
            let organizer = activity.organizer_path.trim_end_matches('/').rsplit('/').next();
            if permit.scope.contains(&activity.commune_path) {
                Some(activity.commune_code.clone())
            } else {
                organizer
                    .filter(|_| permit.scope.contains(&activity.organizer_path))
                    .map(str::to_owned)
            }
        }
        _ => None,
    }
    .map(|place| format!("/territory/{place}/people/new"));
    Ok(ActivityPage {
        pickers: crate::people::picker::Pickers::default(),
        new_person,
        registered,
        registered_count,
        can_register,
        volunteer_count,
        volunteers,
        can_volunteer,
        ctx,
        counts: store::counts_of(&state.db, activity.id).await?,
        photos: store::photos_of(&state.db, activity.id).await?,
        organizer: match activity.organizer_body_id {
            None => None,
            Some(id) => {
                let body = crate::bodies::store::body(&state.db, id, &Scope::Everywhere).await?;
                let types = crate::bodies::store::body_types(&state.db).await?;
                match body {
                    Some(b) => {
                        let unit = crate::territory::store::units_by_code(&state.db, &[b.unit_code.as_str()])
                            .await?;
                        types
                            .into_iter()
                            .find(|t| t.id == b.body_type_id)
                            .zip(unit.into_iter().next())
                    }
                    None => None,
                }
            }
        },
        places: {
            let codes = store::places_of(&state.db, activity.id).await?;
            crate::territory::store::units_by_code(
                &state.db,
                &codes.iter().map(String::as_str).collect::<Vec<_>>(),
            )
            .await?
        },
        partners: store::partners_of(&state.db, activity.id).await?,
        categories: store::categories(&state.db).await?,
        activity,
        kind,
        commune,
        can_review,
        can_correct,
        errors,
    })
}

#[derive(Template)]
#[template(path = "activities/edit.html")]
struct EditPage {
    ctx: PageCtx,
    activity: ActivityRow,
    types: Vec<ActivityType>,
    categories: Vec<Category>,
    nearby: Vec<Unit>,
    draft: ActivityDraft,
    errors: FormErrors,
}

async fn edit_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    uid: &str,
    draft: Option<ActivityDraft>,
    errors: FormErrors,
) -> AppResult<EditPage> {
    // Someone else's activity (another territory, another organization) is not found; one of
    // theirs that is verified is said so.
    let activity = actions::held(state, req, Action::RecordActivities, uid).await?;
    if !actions::may_correct(state, req, &activity).await? {
        return Err(if activity.status == "verified" {
            AppError::Conflict("activity_verified")
        } else {
            AppError::Forbidden
        });
    }
    let draft = match draft {
        Some(d) => d,
        None => ActivityDraft {
            kind: store::offered_types(&state.db, Some(activity.type_id))
                .await?
                .into_iter()
                .find(|t| t.id == activity.type_id)
                .map(|t| t.code)
                .unwrap_or_default(),
            title: activity.title.clone(),
            date: activity.starts_on.format("%Y-%m-%d").to_string(),
            until: if activity.ends_on == activity.starts_on {
                String::new()
            } else {
                activity.ends_on.format("%Y-%m-%d").to_string()
            },
            status: if activity.status == "planned" {
                "planned".into()
            } else {
                "done".into()
            },
            description: store::description_of(&state.db, activity.id).await?,
            partners: store::partners_of(&state.db, activity.id).await?.join("\n"),
            also: store::places_of(&state.db, activity.id).await?,
            // The organizer is chosen when the activity is recorded, not corrected.
            organizer: String::new(),
            counts: store::counts_of(&state.db, activity.id)
                .await?
                .into_iter()
                .map(|(code, n)| (code, n.to_string()))
                .collect(),
        },
    };
    Ok(EditPage {
        ctx,
        nearby: nearby(state, &activity.commune_path).await?,
        types: store::offered_types(&state.db, Some(activity.type_id)).await?,
        categories: store::categories(&state.db).await?,
        activity,
        draft,
        errors,
    })
}

/// `GET /activities/{uid}/edit`: correct an activity (status, counts, description), or delete it.
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Path(uid): Path<String>,
) -> AppResult<Response> {
    render(&edit_page(&state, ctx, &req, &uid, None, FormErrors::default()).await?)
}

/// `POST /activities/{uid}/edit`
pub async fn correct(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Path(uid): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let draft = ActivityDraft::from_fields(fields);
    match actions::correct(&state, &req, &uid, &draft).await {
        Ok(()) => Ok(see_other(&format!("/activities/{uid}"))),
        Err(AppError::Invalid(errors)) => {
            let page = edit_page(&state, ctx, &req, &uid, Some(draft), FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `POST /activities/{uid}/delete`: an activity recorded by mistake.
pub async fn delete(
    State(state): State<AppState>,
    req: RequestCtx,
    Path(uid): Path<String>,
) -> AppResult<Response> {
    actions::delete(&state, &req, &uid).await?;
    Ok(see_other("/activities"))
}

/// `POST /activities/{uid}/photos` (multipart: the photo; the anti-forgery token in the query).
pub async fn attach_photo(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path(uid): Path<String>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    // Out of reach is 404 before anything is read.
    actions::held(&state, &req, Action::RecordActivities, &uid).await?;
    let attached = async {
        let (_, bytes) =
            crate::http::extract::uploaded_file(multipart, "photo", actions::PHOTO_LIMIT, "photo-too-large")
                .await?
                .unwrap_or_default();
        actions::attach_photo(&state, &req, &uid, bytes).await
    }
    .await;
    match attached {
        Ok(_) => Ok(see_other(&format!("/activities/{uid}#photos"))),
        Err(AppError::Invalid(errors)) => {
            let page = activity_page(&state, ctx, &req, &scope, &uid, FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `GET /activities/{uid}/photos/{photo}` and `…/thumbnail`: the kept JPEG.
async fn photo_file(
    state: &AppState,
    scope: &Scope,
    uid: &str,
    photo: i64,
    thumbnail: bool,
) -> AppResult<Response> {
    let activity = actions::visible(state, scope, uid).await?;
    let bytes = store::photo(&state.db, activity.id, photo, thumbnail)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(([(axum::http::header::CONTENT_TYPE, "image/jpeg")], bytes).into_response())
}

pub async fn photo(
    State(state): State<AppState>,
    Authorized { scope, .. }: Authorized,
    Path((uid, photo)): Path<(String, i64)>,
) -> AppResult<Response> {
    photo_file(&state, &scope, &uid, photo, false).await
}

pub async fn photo_thumbnail(
    State(state): State<AppState>,
    Authorized { scope, .. }: Authorized,
    Path((uid, photo)): Path<(String, i64)>,
) -> AppResult<Response> {
    photo_file(&state, &scope, &uid, photo, true).await
}

/// `POST /activities/{uid}/photos/{photo}/delete`
pub async fn remove_photo(
    State(state): State<AppState>,
    req: RequestCtx,
    Path((uid, photo)): Path<(String, i64)>,
) -> AppResult<Response> {
    actions::remove_photo(&state, &req, &uid, photo).await?;
    Ok(see_other(&format!("/activities/{uid}#photos")))
}

#[derive(Deserialize)]
pub struct VolunteerForm {
    #[serde(default)]
    volunteer: String,
}

/// `POST /activities/{uid}/volunteers`: a person of the registry gave their time to it.
pub async fn add_volunteer(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { scope, reaches }: Authorized,
    Path(uid): Path<String>,
    Form(form): Form<VolunteerForm>,
) -> AppResult<Response> {
    match actions::add_volunteer(&state, &req, &reaches, &uid, &form.volunteer).await {
        Ok(_) => Ok(see_other(&format!("/activities/{uid}#volunteers"))),
        Err(AppError::Invalid(mut errors)) => {
            let pickers = crate::people::picker::Pickers::after(
                &state,
                &reaches,
                ctx.locale,
                &mut errors,
                "volunteer",
                &form.volunteer,
                format!("/activities/{uid}#volunteers"),
            )
            .await?;
            let mut page = activity_page(&state, ctx, &req, &scope, &uid, FormErrors(errors)).await?;
            page.pickers = pickers;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `GET /activities/{uid}`
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path(uid): Path<String>,
) -> AppResult<Response> {
    render(&activity_page(&state, ctx, &req, &scope, &uid, FormErrors::default()).await?)
}

#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    reason: String,
}

/// `POST /activities/{uid}/review`: verified, or rejected with a reason.
pub async fn review(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path(uid): Path<String>,
    Form(form): Form<ReviewForm>,
) -> AppResult<Response> {
    match actions::review(&state, &req, &scope, &uid, &form.verdict, &form.reason).await {
        Ok(()) => Ok(see_other(&format!("/activities/{uid}"))),
        Err(AppError::Invalid(errors)) => {
            let page = activity_page(&state, ctx, &req, &scope, &uid, FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
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
            store::campaign_by_code(&state.db, code)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
    };
    let territory =
        crate::territory::pages::figure_territory(state, scope, q.territory.as_deref(), "MA").await?;
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
    targets: Vec<store::Target>,
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
        let most = |f: fn(&figures::ChildActivities) -> i64| children.iter().map(f).max().unwrap_or(0).max(1);
        let most_activities = most(|c| c.counted.activities);
        let most_beneficiaries = most(|c| c.counted.beneficiaries);
        let percent_of = |n: i64, of: i64| (of > 0).then(|| (n as f64 * 100.0 / of as f64).min(100.0));
        let shares: Vec<crate::ui::map::Share> = children
            .iter()
            .map(|c| {
                let (percent, shown) = match self.metric {
                    // Coloured against 2,000 per 100,000: a fifth of the scale each 400.
                    MapMetric::Coverage => (
                        c.per_100k.map(|v| (v / 20.0).min(100.0)),
                        self.ctx.tn("activities-per-100k", c.per_100k.unwrap_or(0.0)),
                    ),
                    MapMetric::Activities => (
                        percent_of(c.counted.activities, most_activities),
                        self.ctx.num(c.counted.activities),
                    ),
                    MapMetric::Beneficiaries => (
                        percent_of(c.counted.beneficiaries, most_beneficiaries),
                        self.ctx.num(c.counted.beneficiaries),
                    ),
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
        // Each colour's lower bound: the fifths of the scale.
        let bound = |i: i64| -> String {
            match self.metric {
                MapMetric::Coverage => self.ctx.num(i * 400),
                MapMetric::Activities => self.ctx.num(most_activities * i / 5),
                MapMetric::Beneficiaries => self.ctx.num(most_beneficiaries * i / 5),
                MapMetric::Verification | MapMetric::Progress => self.ctx.percent((i * 20) as f64),
            }
        };
        let legend = ["q1", "q2", "q3", "q4", "q5"]
            .into_iter()
            .zip(0..)
            .map(|(class, i)| {
                (
                    class,
                    if i == 4 {
                        format!("{}+", bound(i))
                    } else {
                        bound(i)
                    },
                )
            })
            .collect();
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
    let ancestors = crate::territory::store::units_by_code(&state.db, &q.territory.ancestor_codes())
        .await?
        .into_iter()
        .filter(|u| scope.contains(&u.path))
        .collect();
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
        Some(c) => store::targets(&state.db, c.id).await?,
        None => Vec::new(),
    };
    let metric = MapMetric::parse(query.map.as_deref());
    let mut page = DashboardPage {
        types: store::every_type(&state.db).await?,
        targets,
        categories: store::categories(&state.db).await?,
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

#[derive(Template)]
#[template(path = "activities/list.html")]
struct ListPage {
    ctx: PageCtx,
    q: Question,
    rows: Vec<Listed>,
    types: Vec<ActivityType>,
    /// The list's own query string (for its exports).
    query: String,
}

impl ListPage {
    fn type_name(&self, id: &i64) -> String {
        self.types
            .iter()
            .find(|t| t.id == *id)
            .map_or_else(String::new, |t| t.name(self.ctx.locale).to_owned())
    }
}

/// `GET /activities`: the records behind a number of the dashboard.
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Authorized { scope, .. }: Authorized,
    Query(query): Query<FigureQuery>,
) -> AppResult<Response> {
    let q = question(&state, &scope, &query).await?;
    let types = store::every_type(&state.db).await?;
    let kind = query.kind.clone().unwrap_or_default();
    let type_id = match kind.as_str() {
        "" => None,
        code => Some(
            types
                .iter()
                .find(|t| t.code == code)
                .ok_or(AppError::NotFound)?
                .id,
        ),
    };
    let status = query
        .status
        .clone()
        .filter(|s| s == "counted" || super::model::Status::parse(s).is_some())
        .unwrap_or_default();
    let rows = store::list(
        &state.db,
        &scope,
        &ListFilter {
            place: store::Place {
                path: &q.territory.path,
                by_organizer: q.territory.level == crate::territory::Level::Branch,
            },
            from: q.from,
            to: q.to,
            type_id,
            status: Some(status.as_str()),
            campaign: q.campaign.as_ref().map(|c| c.id),
            limit: 500,
        },
    )
    .await?;
    let mut pairs: Vec<(&str, String)> = vec![
        ("territory", q.territory.code.clone()),
        ("from", q.from.to_string()),
        ("to", q.to.to_string()),
    ];
    if let Some(c) = &q.campaign {
        pairs.push(("campaign", c.code.clone()));
    }
    if !kind.is_empty() {
        pairs.push(("type", kind.clone()));
    }
    if !status.is_empty() {
        pairs.push(("status", status.clone()));
    }
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    render(&ListPage {
        ctx,
        q,
        rows,
        types,
        query,
    })
}

/// The most activities one export holds.
const EXPORT_LIMIT: i64 = 100_000;

/// `GET /activities.csv`: the list behind a number, for Excel (audited).
pub async fn list_csv(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Query(query): Query<FigureQuery>,
) -> AppResult<Response> {
    export_list(&state, &req, &scope, &query, false).await
}

/// `GET /activities.xlsx`: the same, as a workbook.
pub async fn list_xlsx(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Query(query): Query<FigureQuery>,
) -> AppResult<Response> {
    export_list(&state, &req, &scope, &query, true).await
}

/// `GET /figures/activities.csv`: the dashboard's figures by child territory (audited).
pub async fn figures_csv(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Query(query): Query<FigureQuery>,
) -> AppResult<Response> {
    export_figures(&state, &req, &scope, &query, false).await
}

/// `GET /figures/activities.xlsx`: the same, as a workbook.
pub async fn figures_xlsx(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Query(query): Query<FigureQuery>,
) -> AppResult<Response> {
    export_figures(&state, &req, &scope, &query, true).await
}

async fn export_list(
    state: &AppState,
    req: &RequestCtx,
    scope: &Scope,
    query: &FigureQuery,
    xlsx: bool,
) -> AppResult<Response> {
    let q = question(state, scope, query).await?;
    let types = store::every_type(&state.db).await?;
    let type_id = match query.kind.as_deref().unwrap_or("") {
        "" => None,
        code => Some(
            types
                .iter()
                .find(|t| t.code == code)
                .ok_or(AppError::NotFound)?
                .id,
        ),
    };
    let status = query
        .status
        .clone()
        .filter(|s| s == "counted" || super::model::Status::parse(s).is_some())
        .unwrap_or_default();
    let rows = store::list(
        &state.db,
        scope,
        &ListFilter {
            place: store::Place {
                path: &q.territory.path,
                by_organizer: q.territory.level == crate::territory::Level::Branch,
            },
            from: q.from,
            to: q.to,
            type_id,
            status: Some(status.as_str()),
            campaign: q.campaign.as_ref().map(|c| c.id),
            limit: EXPORT_LIMIT + 1,
        },
    )
    .await?;
    if rows.len() as i64 > EXPORT_LIMIT {
        return Err(AppError::Conflict("export_too_large"));
    }
    let locale = req.locale;
    let t = |key: &str| state.i18n.t_plain(locale, key, &[]);
    let headers = [
        "meeting-date",
        "activity-last-day",
        "activity-type",
        "activity-title",
        "column-name",
        "activity-status",
        "activities-beneficiaries",
    ]
    .iter()
    .map(|k| t(k))
    .chain(std::iter::once("id".to_owned()))
    .collect();
    let table = crate::export::Table {
        headers,
        rows: rows
            .iter()
            .map(|(a, name_ar, name_fr, n)| {
                vec![
                    a.starts_on.to_string(),
                    a.ends_on.to_string(),
                    types
                        .iter()
                        .find(|x| x.id == a.type_id)
                        .map_or_else(String::new, |x| x.name(locale).to_owned()),
                    a.title.clone(),
                    if locale == crate::i18n::Locale::Ar {
                        name_ar.clone()
                    } else {
                        name_fr.clone()
                    },
                    t(&format!("activity-status-{}", a.status)),
                    n.to_string(),
                    a.uid.clone(),
                ]
            })
            .collect(),
        numbers: vec![6],
    };
    let sheet = t("activities-list");
    let (response, extension) = crate::export::download(
        &table,
        locale,
        xlsx,
        &sheet,
        "mizan-activities",
        state.clock.today(),
    )?;
    audit_export(state, req, "list", extension, &q, table.rows.len()).await?;
    Ok(response)
}

async fn export_figures(
    state: &AppState,
    req: &RequestCtx,
    scope: &Scope,
    query: &FigureQuery,
    xlsx: bool,
) -> AppResult<Response> {
    let q = question(state, scope, query).await?;
    let f = figures::activities(&state.db, scope, &q.territory, q.campaign.as_ref(), q.from, q.to).await?;
    let locale = req.locale;
    let t = |key: &str| state.i18n.t_plain(locale, key, &[]);
    let headers = [
        "column-name",
        "activities-count",
        "activities-beneficiaries",
        "figure-population-2024",
        "activities-coverage",
    ]
    .iter()
    .map(|k| t(k))
    .chain(std::iter::once("code".to_owned()))
    .collect();
    let table = crate::export::Table {
        headers,
        rows: f
            .children
            .iter()
            .map(|c| {
                vec![
                    if locale == crate::i18n::Locale::Ar {
                        c.name_ar.clone()
                    } else {
                        c.name_fr.clone()
                    },
                    c.counted.activities.to_string(),
                    c.counted.beneficiaries.to_string(),
                    c.population.map(|p| p.to_string()).unwrap_or_default(),
                    c.per_100k.map(|v| format!("{v:.1}")).unwrap_or_default(),
                    c.code.clone(),
                ]
            })
            .collect(),
        numbers: vec![1, 2, 3, 4],
    };
    let sheet = t("activities-title");
    let (response, extension) = crate::export::download(
        &table,
        locale,
        xlsx,
        &sheet,
        "mizan-activity-figures",
        state.clock.today(),
    )?;
    audit_export(state, req, "figures", extension, &q, table.rows.len()).await?;
    Ok(response)
}

async fn audit_export(
    state: &AppState,
    req: &RequestCtx,
    what: &str,
    format: &str,
    q: &Question,
    rows: usize,
) -> AppResult<()> {
    crate::audit::record_alone(
        &state.db,
        &state.key,
        state.clock.now(),
        &req.actor(),
        crate::audit::Event {
            action: "activities.export",
            target_kind: "territory",
            target_id: &q.territory.code,
            details: serde_json::json!({
                "what": what,
                "format": format,
                "rows": rows,
                "from": q.from,
                "to": q.to,
                "campaign": q.campaign.as_ref().map(|c| c.code.clone()),
            }),
        },
    )
    .await?;
    Ok(())
}

/// `POST /activities/{uid}/people`: a registered beneficiary, with their consent.
pub async fn register(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { scope, reaches }: Authorized,
    Path(uid): Path<String>,
    Form(registration): Form<actions::Registration>,
) -> AppResult<Response> {
    match actions::register(&state, &req, &reaches, &uid, &registration).await {
        Ok(_) => Ok(see_other(&format!("/activities/{uid}#registered"))),
        Err(AppError::Invalid(mut errors)) => {
            let pickers = crate::people::picker::Pickers::after(
                &state,
                &reaches,
                ctx.locale,
                &mut errors,
                "person",
                &registration.person,
                format!("/activities/{uid}#registered"),
            )
            .await?;
            let mut page = activity_page(&state, ctx, &req, &scope, &uid, FormErrors(errors)).await?;
            page.pickers = pickers;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
