//! Pages of activities: the phone form that records one (no script needed), an activity with its
//! review, the list behind every number, and the dashboard (figures, by type and month, by
//! territory, the coverage map), each number with its definition.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::actions;
use super::draft::ActivityDraft;
use super::model::{ActivityRow, ActivityType, Category};
use super::store;
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
        units.extend(crate::territory::store::map_at(&state.db, &province, level).await?);
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
        types: super::settings::store::types(&state.db).await?,
        categories: super::settings::store::categories(&state.db).await?,
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
    permit: Authorized,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let draft = ActivityDraft::from_fields(fields);
    match actions::record(&state, &permit, &code, &draft).await {
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
pub(super) struct ActivityPage {
    ctx: PageCtx,
    activity: ActivityRow,
    kind: Option<ActivityType>,
    commune: Unit,
    counts: Vec<(String, i64)>,
    categories: Vec<Category>,
    /// Registered beneficiaries (names only for roles that may open people).
    registered: Vec<super::links::store::Registered>,
    registered_count: usize,
    can_review: bool,
    can_register: bool,
    can_correct: bool,
    partners: Vec<String>,
    /// Volunteers (names only for roles that may open people).
    volunteers: Vec<super::links::store::Registered>,
    volunteer_count: usize,
    can_volunteer: bool,
    /// Photos as evidence: (id, width, height).
    photos: Vec<(i64, i64, i64)>,
    /// Photos show people: seen by those who may see the names.
    photos_shown: bool,
    /// The other communes it went through.
    places: Vec<Unit>,
    /// The body that organized it: its type's name and its unit.
    organizer: Option<(crate::bodies::model::BodyType, Unit)>,
    errors: FormErrors,
    /// The people a volunteer's or beneficiary's search found, to choose from.
    pub(super) pickers: crate::people::picker::Pickers,
    /// Where a person not yet in the registry is added.
    new_person: Option<String>,
}

impl ActivityPage {
    fn person_name(&self, r: &super::links::store::Registered) -> String {
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

pub(super) async fn activity_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    scope: &Scope,
    uid: &str,
    errors: FormErrors,
) -> AppResult<ActivityPage> {
    let activity = actions::visible(state, scope, uid).await?;
    let kind = super::settings::store::every_type(&state.db)
        .await?
        .into_iter()
        .find(|t| t.id == activity.type_id);
    let tree = crate::territory::tree::of_request(state, req).await?;
    let commune = tree
        .unit(&activity.commune_code)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let can_review = match req.permit(Action::VerifyActivities) {
        Ok(verify) => activity.status == "done" && actions::may_review(state, &verify, &activity).await?,
        Err(_) => false,
    };
    let (can_correct, records) = match req.permit(Action::RecordActivities) {
        Ok(record) => (
            actions::may_correct(state, &record, &activity).await?,
            actions::holds(state, &record, &activity).await?,
        ),
        Err(_) => (false, false),
    };
    let can_volunteer = activity.status != "rejected" && records;
    let can_register =
        super::model::Status::parse(&activity.status).is_some_and(super::model::Status::counts) && records;
    // Who benefited and who volunteered are personal data: for roles that may open people of the
    // activity's organization there.
    let people = req.permit(Action::ViewPeople).ok();
    let named = match &people {
        Some(people) => actions::held_of(state, people, activity.clone()).await?,
        None => None,
    };
    let names_shown = named.is_some();
    // And of them, those the caller may see (a beneficiary living and a member elsewhere is
    // counted, not named).
    let (registered, volunteers) = match (&named, &people) {
        (Some(held), Some(permit)) => (
            super::links::store::linked(
                &state.db,
                super::links::store::Link::Beneficiary,
                held,
                &permit.reaches,
            )
            .await?,
            super::links::store::linked(
                &state.db,
                super::links::store::Link::Volunteer,
                held,
                &permit.reaches,
            )
            .await?,
        ),
        _ => (Vec::new(), Vec::new()),
    };
    let count = |kind| super::links::store::linked_count(&state.db, kind, &activity);
    let (registered_count, volunteer_count) = (
        count(super::links::store::Link::Beneficiary).await? as usize,
        count(super::links::store::Link::Volunteer).await? as usize,
    );
    // A person not yet registered is added where the caller adds people: the activity's commune,
    // or else its organizing branch.
    let new_person = match req.permit(Action::EditPeople) {
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
        counts: store::counts_of(&state.db, &activity).await?,
        photos: super::photos::store::photos_of(&state.db, &activity).await?,
        photos_shown: names_shown,
        organizer: match activity.organizer_body_id {
            None => None,
            Some(id) => {
                let organs = crate::bodies::organs::of_request(state, req).await?;
                organs
                    .body(id)
                    .and_then(|(body, kind)| Some((kind, tree.unit(&body.unit_code)?.clone())))
            }
        },
        places: {
            let codes = store::details::places_of(&state.db, &activity).await?;
            tree.by_codes(&codes.iter().map(String::as_str).collect::<Vec<_>>())
        },
        partners: store::details::partners_of(&state.db, &activity).await?,
        categories: super::settings::store::categories(&state.db).await?,
        activity: activity.into_inner(),
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
    let permit = req.permit(Action::RecordActivities)?;
    let activity = actions::held(state, &permit, uid).await?;
    if !actions::may_correct(state, &permit, &activity).await? {
        return Err(if activity.status == "verified" {
            AppError::Conflict("activity_verified")
        } else {
            AppError::Forbidden
        });
    }
    let draft = match draft {
        Some(d) => d,
        None => ActivityDraft {
            kind: super::settings::store::offered_types(&state.db, Some(activity.type_id))
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
            description: store::details::description_of(&state.db, &activity).await?,
            partners: store::details::partners_of(&state.db, &activity)
                .await?
                .join("\n"),
            also: store::details::places_of(&state.db, &activity).await?,
            // The organizer is chosen when the activity is recorded, not corrected.
            organizer: String::new(),
            counts: store::counts_of(&state.db, &activity)
                .await?
                .into_iter()
                .map(|(code, n)| (code, n.to_string()))
                .collect(),
        },
    };
    Ok(EditPage {
        ctx,
        nearby: nearby(state, &activity.commune_path).await?,
        types: super::settings::store::offered_types(&state.db, Some(activity.type_id)).await?,
        categories: super::settings::store::categories(&state.db).await?,
        activity: activity.into_inner(),
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
    permit: Authorized,
    Path(uid): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let draft = ActivityDraft::from_fields(fields);
    match actions::correct(&state, &permit, &uid, &draft).await {
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
    permit: Authorized,
    Path(uid): Path<String>,
) -> AppResult<Response> {
    actions::delete(&state, &permit, &uid).await?;
    Ok(see_other("/activities"))
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
    permit: Authorized,
    Path(uid): Path<String>,
    Form(form): Form<ReviewForm>,
) -> AppResult<Response> {
    match actions::review(&state, &permit, &uid, &form.verdict, &form.reason).await {
        Ok(()) => Ok(see_other(&format!("/activities/{uid}"))),
        Err(AppError::Invalid(errors)) => {
            let page = activity_page(&state, ctx, &req, &permit.scope, &uid, FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
