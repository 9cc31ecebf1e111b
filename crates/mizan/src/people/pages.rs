//! Pages of the registry: the list with its search box and filters, a person's file (with the CIN
//! masked until revealed for a reason), and the form that adds a person where they live.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use serde::Deserialize;

use super::actions::{self, PersonFile};
use super::draft::PersonDraft;
use super::search::{self, Filters, PersonSummary};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::organizations::{self, Organization};
use crate::territory::{Level, Unit, UnitCode, store as territory};
use crate::ui::{FormErrors, PageCtx, render, see_other};

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
    /// `paid` or `unpaid` (this year's dues).
    #[serde(default)]
    pub dues: String,
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
    /// The filters in force, as query-string pairs.
    fn kept(&self) -> Vec<(&'static str, String)> {
        [
            ("q", self.query.q.as_str()),
            ("place", self.query.place.as_str()),
            ("organization", self.query.organization.as_str()),
            ("status", self.query.status.as_str()),
            ("sex", self.query.sex.as_str()),
            ("age", self.query.age.as_str()),
            ("dues", self.query.dues.as_str()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.to_owned()))
        .collect()
    }

    fn page_link(&self, page: i64) -> String {
        let mut kept = self.kept();
        kept.push(("page", page.to_string()));
        format!(
            "/people?{}",
            serde_urlencoded::to_string(&kept).unwrap_or_default()
        )
    }

    /// The same list as a file (`csv` or `xlsx`).
    fn export_link(&self, extension: &str) -> String {
        format!(
            "/people.{extension}?{}",
            serde_urlencoded::to_string(self.kept()).unwrap_or_default()
        )
    }
}

/// The list's filters as the query string gives them, with the place and the organizations.
pub(super) async fn filters_of(
    state: &AppState,
    scope: &crate::auth::Scope,
    query: &ListQuery,
) -> AppResult<(Filters, Option<Unit>, Vec<Organization>)> {
    let organizations = organizations::all(&state.db).await?;
    let place = match UnitCode::parse(query.place.trim()) {
        Some(code) => territory::visible_unit(&state.db, code.as_str(), scope).await?,
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
        dues: match query.dues.as_str() {
            "paid" => Some((true, this_year)),
            "unpaid" => Some((false, this_year)),
            _ => None,
        },
        with_contacts: false,
    };
    Ok((filters, place, organizations))
}

/// `GET /people`
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Authorized { scope, reaches, .. }: Authorized,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let (filters, place, organizations) = filters_of(&state, &scope, &query).await?;
    let this_year = i64::from(state.clock.today().year());
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
        || filters.born_between.is_some()
        || filters.dues.is_some();
    let searched = filtered || filters.query.is_some() || place.is_some();
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
pub(crate) struct PersonPage {
    ctx: PageCtx,
    person: PersonFile,
    revealed_cin: Option<String>,
    errors: FormErrors,
    reason: String,
    consents: Vec<super::rights::Consent>,
    /// Seats held in bodies, current and past.
    mandates: Vec<crate::bodies::model::MandateRecord>,
    /// The consent form as typed (kept when it comes back with errors).
    consent: super::rights::ConsentForm,
    /// May record consents (editors of this person).
    can_record_consent: bool,
    /// May open the data-subject file and erase (the data-protection officer).
    can_see_subject: bool,
    this_year: i32,
}

impl PersonPage {
    /// The page for a file already opened (and audited) by the caller.
    pub(crate) async fn of(
        state: &AppState,
        ctx: PageCtx,
        req: &RequestCtx,
        person: PersonFile,
        errors: FormErrors,
    ) -> AppResult<PersonPage> {
        let consents = super::rights::consents_of(&state.db, &person.uid).await?;
        let mandates = crate::bodies::mandates::store::mandates_of(&state.db, &person.uid).await?;
        Ok(PersonPage {
            can_record_consent: req.caller.authorize(crate::auth::Action::EditPeople).is_ok(),
            can_see_subject: req.caller.authorize(crate::auth::Action::ViewAudit).is_ok(),
            this_year: state.clock.today().year(),
            mandates,
            ctx,
            person,
            revealed_cin: None,
            errors,
            reason: String::new(),
            consents,
            consent: super::rights::ConsentForm {
                notice_version: super::rights::NOTICE_VERSION.to_owned(),
                ..Default::default()
            },
        })
    }

    pub(crate) fn with_consent_form(mut self, form: super::rights::ConsentForm) -> PersonPage {
        self.consent = form;
        self
    }

    fn purposes(&self) -> [&'static str; 5] {
        super::rights::PURPOSES
    }

    fn methods(&self) -> [&'static str; 3] {
        super::rights::METHODS
    }
}

/// `GET /people/{uid}`: every opening is audited.
pub async fn person(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    permit: Authorized,
    Path(uid): Path<String>,
) -> AppResult<Response> {
    let person = match actions::open_person(&state, &permit, &uid).await {
        Err(AppError::NotFound) => {
            // A record merged into another: its address leads to the survivor.
            return match super::dedupe::merged_into(&state.db, &permit.reaches, &uid).await? {
                Some(survivor) => Ok((
                    StatusCode::MOVED_PERMANENTLY,
                    [(LOCATION, format!("/people/{survivor}"))],
                )
                    .into_response()),
                None => Err(AppError::NotFound),
            };
        }
        other => other?,
    };
    render(&PersonPage::of(&state, ctx, &req, person, FormErrors::default()).await?)
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
    permit: Authorized,
    Path(uid): Path<String>,
    Form(form): Form<RevealForm>,
) -> AppResult<Response> {
    let revealed = actions::reveal_cin(&state, &permit, &uid, &form.reason).await;
    let (status, revealed_cin, errors) = match revealed {
        Ok(cin) => (StatusCode::OK, cin, FormErrors::default()),
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, None, FormErrors(errors)),
        Err(e) => return Err(e),
    };
    let person = actions::open_person(&state, &permit, &uid).await?;
    let page = PersonPage {
        revealed_cin,
        reason: form.reason,
        ..PersonPage::of(&state, ctx, &req, person, errors).await?
    };
    Ok((status, render(&page)?).into_response())
}

#[derive(Template)]
#[template(path = "people/new.html")]
struct NewPersonPage {
    ctx: PageCtx,
    /// Where the form posts.
    action: String,
    heading: &'static str,
    hint: &'static str,
    /// The page above (link, name).
    back: (String, String),
    draft: PersonDraft,
    errors: FormErrors,
    /// When correcting a person: their CIN, masked (it stays unless a new one is typed).
    current_cin: Option<String>,
}

/// A text field of the form: name, label key, direction, input type.
type FieldSpec = (&'static str, &'static str, &'static str, &'static str);

impl NewPersonPage {
    const FIELDS: [FieldSpec; 11] = [
        ("family_ar", "field-family-ar", "rtl", "text"),
        ("given_ar", "field-given-ar", "rtl", "text"),
        ("family_latin", "field-family-latin", "ltr", "text"),
        ("given_latin", "field-given-latin", "ltr", "text"),
        ("cin", "people-cin", "ltr", "text"),
        ("phone", "people-phone", "ltr", "tel"),
        ("email", "people-email", "ltr", "email"),
        ("birth_date", "people-birth-date", "ltr", "date"),
        ("profession", "people-profession", "auto", "text"),
        ("education", "people-education", "auto", "text"),
        ("address", "people-address", "auto", "text"),
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
            "profession" => &d.profession,
            "education" => &d.education,
            "address" => &d.address,
            _ => "",
        }
    }
}

impl NewPersonPage {
    /// The form that adds a person at `place`.
    fn adding(ctx: PageCtx, place: &Unit, draft: PersonDraft, errors: FormErrors) -> NewPersonPage {
        NewPersonPage {
            action: format!("/territory/{}/people/new", place.code),
            heading: "people-add",
            hint: if place.level == Level::Branch {
                "people-add-joins"
            } else {
                "people-add-lives"
            },
            back: (format!("/territory/{}", place.code), ctx.name(place).to_owned()),
            ctx,
            draft,
            errors,
            current_cin: None,
        }
    }

    /// The form that corrects a person's fields.
    fn correcting(ctx: PageCtx, file: &PersonFile, draft: PersonDraft, errors: FormErrors) -> NewPersonPage {
        let name = file.name_for(ctx.locale);
        NewPersonPage {
            action: format!("/people/{}/edit", file.uid),
            heading: "people-rectify",
            hint: "people-rectify-hint",
            back: (format!("/people/{}", file.uid), name),
            ctx,
            draft,
            errors,
            current_cin: file.cin_masked.clone(),
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
    render(&NewPersonPage::adding(
        ctx,
        &place,
        PersonDraft::default(),
        FormErrors::default(),
    ))
}

/// `POST /territory/{code}/people/new`
pub async fn create_person(
    State(state): State<AppState>,
    ctx: PageCtx,
    permit: Authorized,
    Path(code): Path<String>,
    Form(draft): Form<PersonDraft>,
) -> AppResult<Response> {
    match actions::create_person(&state, &permit, &code, &draft).await {
        Ok(uid) => Ok(see_other(&format!("/people/{uid}"))),
        Err(AppError::Invalid(errors)) => {
            let place = actions::place_for_new_person(&state, &permit.scope, &code).await?;
            let page = NewPersonPage::adding(ctx, &place, draft, FormErrors(errors));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `GET /people/{uid}/edit`: the person's fields to correct (the opening is audited).
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    permit: Authorized,
    Path(uid): Path<String>,
) -> AppResult<Response> {
    let file = actions::open_person(&state, &permit, &uid).await?;
    let draft = PersonDraft::of_file(&file);
    render(&NewPersonPage::correcting(
        ctx,
        &file,
        draft,
        FormErrors::default(),
    ))
}

/// `POST /people/{uid}/edit`: the right to rectification.
pub async fn rectify(
    State(state): State<AppState>,
    ctx: PageCtx,
    permit: Authorized,
    Path(uid): Path<String>,
    Form(draft): Form<PersonDraft>,
) -> AppResult<Response> {
    match actions::rectify(&state, &permit, &uid, &draft).await {
        Ok(()) => Ok(see_other(&format!("/people/{uid}"))),
        Err(AppError::Invalid(errors)) => {
            let file = actions::open_person(&state, &permit, &uid).await?;
            let page = NewPersonPage::correcting(ctx, &file, draft, FormErrors(errors));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `POST /people/{uid}/dues`: a year of dues paid (a lapsed membership paid up is active again).
pub async fn pay_dues(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    permit: Authorized,
    Path(uid): Path<String>,
    Form(form): Form<actions::DuesForm>,
) -> AppResult<Response> {
    match actions::pay_dues(&state, &permit, &uid, &form).await {
        Ok(()) => Ok(see_other(&format!("/people/{uid}#dues"))),
        Err(AppError::Invalid(errors)) => {
            let person = actions::open_person(&state, &permit, &uid).await?;
            let page = PersonPage::of(&state, ctx, &req, person, FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
