//! Pages of the registry: the list with its search box and filters, a person's file (with the CIN
//! masked until revealed for a reason), and the form that adds a person where they live.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use serde::Deserialize;

use super::actions::{self, PersonDraft, PersonFile};
use super::search::{self, Filters, PersonSummary};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::organizations::{self, Organization};
use crate::territory::{Level, Unit, UnitCode, store as territory};
use crate::ui::{FormErrors, PageCtx, render};

/// Rows per page of the list.
const PAGE: i64 = 50;

/// Age bands offered by the list filter: (label, youngest, oldest).
pub const AGE_BANDS: &[(&str, i64, i64)] = &[
    ("18-24", 18, 24),
    ("25-34", 25, 34),
    ("35-49", 35, 49),
    ("50-64", 50, 64),
    ("65+", 65, 120),
];

/// The list's query string, as typed: anything it does not understand is left out.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub organization: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub sex: String,
    #[serde(default)]
    pub age: String,
    #[serde(default)]
    pub page: Option<i64>,
}

#[derive(Template)]
#[template(path = "people/list.html")]
struct ListPage {
    ctx: PageCtx,
    query: ListQuery,
    place: Option<Unit>,
    organizations: Vec<Organization>,
    people: Vec<PersonSummary>,
    page: i64,
    more: bool,
    this_year: i64,
    /// Anything narrows the list (the box or a filter).
    searched: bool,
    /// A filter beyond the box is set (the filters panel opens).
    filtered: bool,
}

impl ListPage {
    fn page_link(&self, page: i64) -> String {
        let pairs = [
            ("q", self.query.q.as_str()),
            ("place", self.query.place.as_str()),
            ("organization", self.query.organization.as_str()),
            ("status", self.query.status.as_str()),
            ("sex", self.query.sex.as_str()),
            ("age", self.query.age.as_str()),
        ];
        let mut kept: Vec<(&str, String)> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (*k, (*v).to_owned()))
            .collect();
        kept.push(("page", page.to_string()));
        format!(
            "/people?{}",
            serde_urlencoded::to_string(&kept).unwrap_or_default()
        )
    }
}

/// `GET /people`
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Authorized { scope, reaches }: Authorized,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let organizations = organizations::all(&state.db).await?;
    let place = match UnitCode::parse(query.place.trim()) {
        Some(code) => territory::visible_unit(&state.db, code.as_str(), &scope).await?,
        None => None,
    };
    let this_year = i64::from(state.clock.today().year());
    let filters = Filters {
        query: Some(query.q.clone()).filter(|q| !q.trim().is_empty()),
        organization: organizations
            .iter()
            .find(|o| o.code == query.organization)
            .map(|o| o.id),
        status: ["active", "lapsed", "ended", "none"]
            .contains(&query.status.as_str())
            .then(|| query.status.clone()),
        sex: ["f", "m"]
            .contains(&query.sex.as_str())
            .then(|| query.sex.clone()),
        born_between: AGE_BANDS
            .iter()
            .find(|(label, _, _)| *label == query.age)
            .map(|(_, young, old)| (this_year - old, this_year - young)),
        within: place.as_ref().map(|p| p.path.clone()),
    };
    let page = query.page.unwrap_or(1).clamp(1, 10_000);
    let mut people = search::search(
        &state.db,
        &state.key,
        &reaches,
        &filters,
        PAGE + 1,
        (page - 1) * PAGE,
    )
    .await?;
    let more = people.len() as i64 > PAGE;
    people.truncate(PAGE as usize);
    let filtered = filters.organization.is_some()
        || filters.status.is_some()
        || filters.sex.is_some()
        || filters.born_between.is_some();
    let searched = filters.query.is_some()
        || filters.organization.is_some()
        || filters.status.is_some()
        || filters.sex.is_some()
        || filters.born_between.is_some()
        || place.is_some();
    render(&ListPage {
        ctx,
        query,
        place,
        organizations,
        people,
        page,
        more,
        this_year,
        searched,
        filtered,
    })
}

#[derive(Template)]
#[template(path = "people/person.html")]
struct PersonPage {
    ctx: PageCtx,
    person: PersonFile,
    revealed_cin: Option<String>,
    errors: FormErrors,
    reason: String,
}

/// `GET /people/{uid}`: every opening is audited.
pub async fn person(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { reaches, .. }: Authorized,
    Path(uid): Path<String>,
) -> AppResult<Response> {
    let person = actions::open_person(&state, &reaches, &req.actor(), &uid).await?;
    render(&PersonPage {
        ctx,
        person,
        revealed_cin: None,
        errors: FormErrors::default(),
        reason: String::new(),
    })
}

#[derive(Deserialize)]
pub struct RevealForm {
    #[serde(default)]
    reason: String,
}

/// `POST /people/{uid}/cin`: the CIN in full, once, for the reason given (audited).
pub async fn reveal_cin(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { reaches, .. }: Authorized,
    Path(uid): Path<String>,
    Form(form): Form<RevealForm>,
) -> AppResult<Response> {
    let actor = req.actor();
    let revealed = actions::reveal_cin(&state, &reaches, &actor, &uid, &form.reason).await;
    let (status, revealed_cin, errors) = match revealed {
        Ok(cin) => (StatusCode::OK, cin, FormErrors::default()),
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, None, FormErrors(errors)),
        Err(e) => return Err(e),
    };
    let person = actions::open_person(&state, &reaches, &actor, &uid).await?;
    let page = PersonPage {
        ctx,
        person,
        revealed_cin,
        errors,
        reason: form.reason,
    };
    Ok((status, render(&page)?).into_response())
}

#[derive(Template)]
#[template(path = "people/new.html")]
struct NewPersonPage {
    ctx: PageCtx,
    place: Unit,
    joins_party: bool,
    draft: PersonDraft,
    errors: FormErrors,
}

/// A text field of the form: name, label key, direction, input type.
type FieldSpec = (&'static str, &'static str, &'static str, &'static str);

impl NewPersonPage {
    const FIELDS: [FieldSpec; 8] = [
        ("family_ar", "field-family-ar", "rtl", "text"),
        ("given_ar", "field-given-ar", "rtl", "text"),
        ("family_latin", "field-family-latin", "ltr", "text"),
        ("given_latin", "field-given-latin", "ltr", "text"),
        ("cin", "people-cin", "ltr", "text"),
        ("phone", "people-phone", "ltr", "tel"),
        ("email", "people-email", "ltr", "email"),
        ("birth_date", "people-birth-date", "ltr", "date"),
    ];

    /// What was typed in a field (kept when the form comes back with errors).
    fn value(&self, field: &str) -> &str {
        let d = &self.draft;
        match field {
            "family_ar" => &d.family_ar,
            "given_ar" => &d.given_ar,
            "family_latin" => &d.family_latin,
            "given_latin" => &d.given_latin,
            "cin" => &d.cin,
            "phone" => &d.phone,
            "email" => &d.email,
            "birth_date" => &d.birth_date,
            _ => "",
        }
    }
}

/// `GET /territory/{code}/people/new`
pub async fn new_person_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Authorized { scope, .. }: Authorized,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let place = actions::place_for_new_person(&state, &scope, &code).await?;
    render(&NewPersonPage {
        ctx,
        joins_party: place.level == Level::Branch,
        place,
        draft: PersonDraft::default(),
        errors: FormErrors::default(),
    })
}

/// `POST /territory/{code}/people/new`
pub async fn create_person(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path(code): Path<String>,
    Form(draft): Form<PersonDraft>,
) -> AppResult<Response> {
    match actions::create_person(&state, &scope, &req.actor(), &code, &draft).await {
        Ok(uid) => Ok((StatusCode::SEE_OTHER, [(LOCATION, format!("/people/{uid}"))]).into_response()),
        Err(AppError::Invalid(errors)) => {
            let place = actions::place_for_new_person(&state, &scope, &code).await?;
            let page = NewPersonPage {
                ctx,
                joins_party: place.level == Level::Branch,
                place,
                draft,
                errors: FormErrors(errors),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
