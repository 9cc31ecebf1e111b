//! THE route table: every page and API route, the access it requires, and its handler.
//!
//! Routes are data ([`routes`]) before they are an axum `Router` ([`build`]), so that the test
//! `every_route_is_gated_and_scoped` (tests/it/routes.rs) walks the very same list and fails when
//! a route is added without saying how it behaves for anonymous and out-of-scope callers.

use axum::Router;
use axum::http::Method;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{MethodRouter, get, post};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::app::AppState;
use crate::auth::Action::*;
use crate::http::context::context;
use crate::http::gate::{Access, gate};
use crate::http::headers::{Hsts, security_headers};
use crate::{
    activities, api, auth, bodies, cafe, home, ops, organizations, people, renewal, setup, territory, ui,
};

/// One route: method, path template, what it requires, and its handler.
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub handler: MethodRouter<AppState>,
    /// The largest body the route reads.
    pub body_limit: usize,
}

impl RouteSpec {
    /// A route that takes uploads larger than forms and JSON.
    fn with_body_limit(mut self, limit: usize) -> RouteSpec {
        self.body_limit = limit;
        self
    }
}

fn route(method: Method, path: &'static str, access: Access, handler: MethodRouter<AppState>) -> RouteSpec {
    RouteSpec {
        method,
        path,
        access,
        handler,
        body_limit: BODY_LIMIT,
    }
}

/// Every route of the application.
pub fn routes() -> Vec<RouteSpec> {
    use Access::*;
    const GET: Method = Method::GET;
    const POST: Method = Method::POST;
    vec![
        // Pages
        route(GET, "/", Open(ViewTerritory), get(home::home)),
        route(GET, "/login", Public, get(auth::pages::login_page)),
        route(POST, "/login", Public, post(auth::pages::login)),
        route(
            GET,
            "/login/second-factor",
            Public,
            get(auth::two_factor::pages::code_page),
        ),
        route(
            POST,
            "/login/second-factor",
            Public,
            post(auth::two_factor::pages::submit_code),
        ),
        route(POST, "/logout", Public, post(auth::pages::logout)),
        route(POST, "/language", Public, post(auth::pages::set_language)),
        route(GET, "/cookies", Public, get(ui::cookies_page)),
        route(GET, "/account", Signed(OwnAccount), get(auth::pages::account)),
        route(
            GET,
            "/account/password",
            Signed(OwnAccount),
            get(auth::pages::password_page),
        ),
        route(
            POST,
            "/account/password",
            Signed(OwnAccount),
            post(auth::pages::change_password),
        ),
        route(
            POST,
            "/account/tokens",
            Signed(OwnAccount),
            post(auth::tokens::act),
        ),
        route(
            GET,
            "/account/two-factor",
            Signed(OwnAccount),
            get(auth::two_factor::pages::setup),
        ),
        route(
            POST,
            "/account/two-factor",
            Signed(OwnAccount),
            post(auth::two_factor::pages::change),
        ),
        route(
            GET,
            "/territory/{code}",
            Signed(ViewTerritory),
            get(territory::pages::unit),
        ),
        route(
            GET,
            "/territory/{code}/new",
            Signed(ManageUnits),
            get(territory::pages::new_unit_form),
        ),
        route(
            POST,
            "/territory/{code}/new",
            Signed(ManageUnits),
            post(territory::pages::create_unit),
        ),
        route(
            GET,
            "/territory/{code}/manage",
            Signed(ManageUnits),
            get(territory::branches::pages::manage),
        ),
        route(
            POST,
            "/territory/{code}/rename",
            Signed(ManageUnits),
            post(territory::branches::pages::rename),
        ),
        route(
            POST,
            "/territory/{code}/close",
            Signed(ManageUnits),
            post(territory::branches::pages::close),
        ),
        route(
            GET,
            "/territory/{code}/branches/import",
            Signed(ManageUnits),
            get(territory::branches::pages::form),
        ),
        route(
            POST,
            "/territory/{code}/branches/import",
            Signed(ManageUnits),
            post(territory::branches::pages::check),
        )
        .with_body_limit(territory::branches::import::UPLOAD_LIMIT + 64 * 1024),
        route(
            POST,
            "/territory/{code}/branches/import/apply",
            Signed(ManageUnits),
            post(territory::branches::pages::apply),
        ),
        route(
            GET,
            "/territory/{code}/people/new",
            Signed(EditPeople),
            get(people::pages::new_person_form),
        ),
        route(
            POST,
            "/territory/{code}/people/new",
            Signed(EditPeople),
            post(people::pages::create_person),
        ),
        route(
            GET,
            "/territory/{code}/people/import",
            Signed(EditPeople),
            get(people::import::pages::upload_form),
        ),
        route(
            POST,
            "/territory/{code}/people/import",
            Signed(EditPeople),
            post(people::import::pages::upload),
        )
        .with_body_limit(people::import::pages::UPLOAD_LIMIT),
        route(
            GET,
            "/territory/{code}/people/import/{job}",
            Signed(EditPeople),
            get(people::import::pages::job),
        ),
        route(
            POST,
            "/territory/{code}/people/import/{job}",
            Signed(EditPeople),
            post(people::import::pages::step),
        ),
        route(
            GET,
            "/territory/{code}/people/import/{job}/report.csv",
            Signed(EditPeople),
            get(people::import::pages::report_csv),
        ),
        route(GET, "/people", Signed(ViewPeople), get(people::pages::list)),
        route(
            GET,
            "/people/{uid}/edit",
            Signed(EditPeople),
            get(people::pages::edit_form),
        ),
        route(
            POST,
            "/people/{uid}/edit",
            Signed(EditPeople),
            post(people::pages::rectify),
        ),
        route(
            POST,
            "/people/{uid}/dues",
            Signed(EditPeople),
            post(people::pages::pay_dues),
        ),
        route(
            POST,
            "/people/{uid}/consents",
            Signed(EditPeople),
            post(people::rights_pages::record_consent),
        ),
        route(
            GET,
            "/people/{uid}/subject",
            Signed(ViewAudit),
            get(people::rights_pages::subject),
        ),
        route(
            GET,
            "/people/{uid}/subject.json",
            Signed(ViewAudit),
            get(people::rights_pages::subject_json),
        ),
        route(
            POST,
            "/people/{uid}/erase",
            Signed(ViewAudit),
            post(people::rights_pages::erase),
        ),
        route(
            GET,
            "/people/duplicates",
            Signed(EditPeople),
            get(people::dedupe_pages::duplicates),
        ),
        route(
            GET,
            "/people/duplicates/export",
            Signed(EditPeople),
            get(people::dedupe_pages::export),
        ),
        route(
            GET,
            "/people/{uid}/merge/{other}",
            Signed(EditPeople),
            get(people::dedupe_pages::compare),
        ),
        route(
            POST,
            "/people/{uid}/merge/{other}",
            Signed(EditPeople),
            post(people::dedupe_pages::merge),
        ),
        route(
            GET,
            "/people.csv",
            Signed(ViewPeople),
            get(people::exports::export_csv),
        ),
        route(
            GET,
            "/people.xlsx",
            Signed(ViewPeople),
            get(people::exports::export_xlsx),
        ),
        route(
            GET,
            "/people/{uid}",
            Signed(ViewPeople),
            get(people::pages::person),
        ),
        route(
            GET,
            "/people/{uid}/memberships",
            Signed(EditPeople),
            get(people::memberships::pages::memberships),
        ),
        route(
            POST,
            "/people/{uid}/memberships",
            Signed(EditPeople),
            post(people::memberships::pages::join),
        ),
        route(
            POST,
            "/people/{uid}/memberships/{membership}",
            Signed(EditPeople),
            post(people::memberships::pages::change),
        ),
        route(
            POST,
            "/people/{uid}/cin",
            Signed(ViewPeople),
            post(people::pages::reveal_cin),
        ),
        route(
            GET,
            "/bodies/{body}",
            Signed(ViewTerritory),
            get(bodies::pages::body),
        ),
        route(
            POST,
            "/bodies/{body}/mandates",
            Signed(RecordMeetings),
            post(bodies::mandates::pages::give_mandate),
        ),
        route(
            POST,
            "/bodies/{body}/mandates/{mandate}/end",
            Signed(RecordMeetings),
            post(bodies::mandates::pages::end_mandate),
        ),
        route(
            GET,
            "/bodies/{body}/meetings/new",
            Signed(RecordMeetings),
            get(bodies::pages::new_meeting_form),
        ),
        route(
            POST,
            "/bodies/{body}/meetings/new",
            Signed(RecordMeetings),
            post(bodies::pages::record_meeting),
        ),
        route(
            GET,
            "/meetings/{meeting}",
            Signed(ViewTerritory),
            get(bodies::pages::meeting),
        ),
        route(
            POST,
            "/meetings/{meeting}/status",
            Signed(RecordMeetings),
            post(bodies::pages::set_status),
        ),
        route(
            POST,
            "/meetings/{meeting}/minutes",
            Signed(RecordMeetings),
            post(bodies::minutes::pages::attach_minutes),
        )
        .with_body_limit(2 * bodies::minutes::MINUTES_LIMIT),
        route(
            GET,
            "/meetings/{meeting}/minutes/{file}",
            Signed(ViewTerritory),
            get(bodies::minutes::pages::minutes_file),
        ),
        route(
            POST,
            "/meetings/{meeting}/guests",
            Signed(RecordMeetings),
            post(bodies::guests::add_guest),
        ),
        route(
            POST,
            "/meetings/{meeting}/decisions",
            Signed(RecordMeetings),
            post(bodies::decisions::pages::add_decision),
        ),
        route(
            POST,
            "/meetings/{meeting}/decisions/{decision}/done",
            Signed(RecordMeetings),
            post(bodies::decisions::pages::decision_done),
        ),
        route(
            GET,
            "/figures/meeting-rate",
            Signed(ViewTerritory),
            get(bodies::pages::meeting_rate),
        ),
        route(
            GET,
            "/figures/meeting-rate/export",
            Signed(ViewTerritory),
            get(bodies::exports::export),
        ),
        // Users from the web, and the invited user's sign-up.
        route(
            GET,
            "/admin/users",
            Signed(ManageUsers),
            get(auth::users::pages::list),
        ),
        route(
            GET,
            "/admin/users/export",
            Signed(ManageUsers),
            get(auth::users::pages::export),
        ),
        route(
            POST,
            "/admin/users",
            Signed(ManageUsers),
            post(auth::users::pages::invite),
        ),
        route(
            GET,
            "/admin/users/{name}",
            Signed(ManageUsers),
            get(auth::users::pages::user),
        ),
        route(
            POST,
            "/admin/users/{name}",
            Signed(ManageUsers),
            post(auth::users::pages::act),
        ),
        route(
            GET,
            "/signup/{token}",
            Public,
            get(auth::users::pages::sign_up_form),
        ),
        route(POST, "/signup/{token}", Public, post(auth::users::pages::sign_up)),
        // The first run and the administration of the party's structure.
        route(
            GET,
            "/setup",
            Signed(ConfigureStructure),
            get(setup::pages::setup_form),
        ),
        route(
            POST,
            "/setup",
            Signed(ConfigureStructure),
            post(setup::pages::setup),
        ),
        route(GET, "/logo", Public, get(setup::logo::logo)),
        route(
            POST,
            "/admin/logo",
            Signed(ConfigureStructure),
            post(setup::logo::upload),
        )
        .with_body_limit(2 * setup::logo::LOGO_LIMIT),
        route(
            GET,
            "/admin/organizations",
            Signed(ConfigureStructure),
            get(organizations::pages::list),
        ),
        route(
            POST,
            "/admin/organizations",
            Signed(ConfigureStructure),
            post(organizations::pages::add),
        ),
        route(
            POST,
            "/admin/organizations/{code}",
            Signed(ConfigureStructure),
            post(organizations::pages::change),
        ),
        route(
            GET,
            "/body-types",
            Signed(ViewTerritory),
            get(bodies::admin::types),
        ),
        route(
            POST,
            "/body-types",
            Signed(ConfigureStructure),
            post(bodies::admin::create),
        ),
        route(
            POST,
            "/body-types/{code}",
            Signed(ConfigureStructure),
            post(bodies::admin::change),
        ),
        route(
            POST,
            "/meeting-themes",
            Signed(ConfigureStructure),
            post(bodies::admin::add_theme),
        ),
        route(
            POST,
            "/meeting-themes/{code}",
            Signed(ConfigureStructure),
            post(bodies::admin::change_theme),
        ),
        route(
            GET,
            "/activity-types",
            Signed(ViewTerritory),
            get(activities::settings::pages::types),
        ),
        route(
            POST,
            "/activity-types",
            Signed(ConfigureStructure),
            post(activities::settings::pages::add_type),
        ),
        route(
            POST,
            "/activity-types/{code}",
            Signed(ConfigureStructure),
            post(activities::settings::pages::change_type),
        ),
        route(
            POST,
            "/beneficiary-categories",
            Signed(ConfigureStructure),
            post(activities::settings::pages::add_category),
        ),
        route(
            GET,
            "/campaigns",
            Signed(ViewTerritory),
            get(activities::settings::pages::campaigns),
        ),
        route(
            POST,
            "/campaigns",
            Signed(ConfigureStructure),
            post(activities::settings::pages::create_campaign),
        ),
        route(
            GET,
            "/campaigns/{campaign}",
            Signed(ViewTerritory),
            get(activities::settings::pages::campaign),
        ),
        route(
            POST,
            "/campaigns/{campaign}/targets",
            Signed(ConfigureStructure),
            post(activities::settings::pages::set_target),
        ),
        route(
            GET,
            "/territory/{code}/activities/new",
            Signed(RecordActivities),
            get(activities::pages::new_form),
        ),
        route(
            POST,
            "/territory/{code}/activities/new",
            Signed(RecordActivities),
            post(activities::pages::record),
        ),
        route(
            GET,
            "/activities",
            Signed(ViewTerritory),
            get(activities::lists::list),
        ),
        route(
            GET,
            "/activities.csv",
            Signed(ViewTerritory),
            get(activities::lists::list_csv),
        ),
        route(
            GET,
            "/activities.xlsx",
            Signed(ViewTerritory),
            get(activities::lists::list_xlsx),
        ),
        route(
            GET,
            "/figures/activities.csv",
            Signed(ViewTerritory),
            get(activities::lists::figures_csv),
        ),
        route(
            GET,
            "/figures/activities.xlsx",
            Signed(ViewTerritory),
            get(activities::lists::figures_xlsx),
        ),
        route(
            GET,
            "/activities/{activity}",
            Signed(ViewTerritory),
            get(activities::pages::show),
        ),
        route(
            POST,
            "/activities/{activity}/review",
            Signed(VerifyActivities),
            post(activities::pages::review),
        ),
        route(
            GET,
            "/activities/{activity}/edit",
            Signed(RecordActivities),
            get(activities::pages::edit_form),
        ),
        route(
            POST,
            "/activities/{activity}/edit",
            Signed(RecordActivities),
            post(activities::pages::correct),
        ),
        route(
            POST,
            "/activities/{activity}/delete",
            Signed(RecordActivities),
            post(activities::pages::delete),
        ),
        route(
            POST,
            "/activities/{activity}/photos",
            Signed(RecordActivities),
            post(activities::photos::pages::attach_photo),
        )
        .with_body_limit(2 * activities::photos::PHOTO_LIMIT),
        route(
            GET,
            "/activities/{activity}/photos/{photo}",
            Signed(ViewTerritory),
            get(activities::photos::pages::photo),
        ),
        route(
            GET,
            "/activities/{activity}/photos/{photo}/thumbnail",
            Signed(ViewTerritory),
            get(activities::photos::pages::photo_thumbnail),
        ),
        route(
            POST,
            "/activities/{activity}/photos/{photo}/delete",
            Signed(RecordActivities),
            post(activities::photos::pages::remove_photo),
        ),
        route(
            POST,
            "/activities/{activity}/volunteers",
            Signed(RecordActivities),
            post(activities::links::pages::add_volunteer),
        ),
        route(
            POST,
            "/activities/{activity}/people",
            Signed(RecordActivities),
            post(activities::links::pages::register),
        ),
        route(
            GET,
            "/figures/activities",
            Signed(ViewTerritory),
            get(activities::dashboard::dashboard),
        ),
        route(
            GET,
            "/renewal",
            Signed(ViewTerritory),
            get(renewal::pages::campaigns),
        ),
        route(
            POST,
            "/renewal",
            Signed(ConfigureStructure),
            post(renewal::pages::open_campaign),
        ),
        route(
            GET,
            "/renewal/{campaign}",
            Signed(ViewTerritory),
            get(renewal::pages::dashboard),
        ),
        route(
            GET,
            "/renewal/{campaign}/export",
            Signed(ViewTerritory),
            get(renewal::exports::export),
        ),
        route(
            GET,
            "/renewal/{campaign}/{branch}",
            Signed(ViewTerritory),
            get(renewal::pages::branch),
        ),
        route(
            POST,
            "/renewal/{campaign}/{branch}",
            Signed(RecordMeetings),
            post(renewal::pages::step),
        ),
        // Policy Café: participants (no account, joined by the code) and staff
        route(GET, "/q", Public, get(cafe::pages::public::join)),
        route(GET, "/q/{code}", Public, get(cafe::pages::public::participant)),
        route(GET, "/q/{code}/ask", Public, get(cafe::pages::public::ask_form)),
        route(
            POST,
            "/q/{code}/questions",
            Public,
            post(cafe::pages::public::ask),
        ),
        route(
            POST,
            "/q/{code}/questions/{question}/vote",
            Public,
            post(cafe::pages::public::vote),
        ),
        route(
            GET,
            "/q/{code}/events",
            Public,
            get(cafe::pages::public::public_events),
        ),
        route(GET, "/q/{code}/stage", Public, get(cafe::pages::public::stage)),
        route(
            GET,
            "/q/{code}/archive",
            Public,
            get(cafe::pages::public::archive),
        ),
        route(GET, "/q/{code}/qr.svg", Public, get(cafe::pages::public::qr)),
        route(
            GET,
            "/cafe",
            Signed(ModerateCafe),
            get(cafe::pages::console::sessions),
        ),
        route(
            POST,
            "/cafe",
            Signed(OrganizeCafe),
            post(cafe::pages::console::create),
        ),
        route(
            GET,
            "/cafe/{session}",
            Signed(ModerateCafe),
            get(cafe::pages::console::console),
        ),
        route(
            GET,
            "/cafe/{session}/events",
            Signed(ModerateCafe),
            get(cafe::pages::console::staff_events),
        ),
        route(
            GET,
            "/cafe/{session}/export",
            Signed(ModerateCafe),
            get(cafe::pages::console::export),
        ),
        route(
            POST,
            "/cafe/{session}/pause",
            Signed(ModerateCafe),
            post(cafe::pages::console::pause),
        ),
        route(
            POST,
            "/cafe/{session}/panel",
            Signed(OrganizeCafe),
            post(cafe::pages::console::add_panelist),
        ),
        route(
            POST,
            "/cafe/{session}/questions/{question}",
            Signed(ModerateCafe),
            post(cafe::pages::console::moderate),
        ),
        route(
            POST,
            "/cafe/{session}/questions/{question}/answer",
            Signed(ModerateCafe),
            post(cafe::pages::console::answer),
        ),
        // JSON API
        route(GET, "/api/openapi.json", Public, get(api::openapi)),
        route(GET, "/api/v1/me", Signed(OwnAccount), get(api::me)),
        route(
            GET,
            "/api/v1/setup/templates",
            Signed(ConfigureStructure),
            get(setup::api::templates),
        ),
        route(
            POST,
            "/api/v1/setup",
            Signed(ConfigureStructure),
            post(setup::api::apply),
        ),
        route(
            GET,
            "/api/v1/organizations",
            Signed(ViewTerritory),
            get(organizations::api::list),
        ),
        route(
            POST,
            "/api/v1/organizations",
            Signed(ConfigureStructure),
            post(organizations::api::add),
        ),
        route(
            GET,
            "/api/v1/body-types",
            Signed(ViewTerritory),
            get(bodies::api::body_types),
        ),
        route(
            POST,
            "/api/v1/body-types",
            Signed(ConfigureStructure),
            post(bodies::api::create_body_type),
        ),
        route(
            GET,
            "/api/v1/users",
            Signed(ManageUsers),
            get(auth::users::api::list),
        ),
        route(
            POST,
            "/api/v1/users",
            Signed(ManageUsers),
            post(auth::users::api::invite),
        ),
        route(
            POST,
            "/api/v1/users/{name}/grants",
            Signed(ManageUsers),
            post(auth::users::api::grant),
        ),
        route(
            GET,
            "/api/v1/territory/{code}",
            Signed(ViewTerritory),
            get(territory::api::unit),
        ),
        route(
            GET,
            "/api/v1/territory/{code}/children",
            Signed(ViewTerritory),
            get(territory::api::children),
        ),
        route(
            POST,
            "/api/v1/territory/{code}/units",
            Signed(ManageUnits),
            post(territory::api::create_unit),
        ),
        route(
            POST,
            "/api/v1/territory/{code}/people",
            Signed(EditPeople),
            post(people::api::create),
        ),
        route(
            GET,
            "/api/v1/people",
            Signed(ViewPeople),
            get(people::api::search),
        ),
        route(
            GET,
            "/api/v1/people/{uid}",
            Signed(ViewPeople),
            get(people::api::person),
        ),
        route(
            GET,
            "/api/v1/figures/meeting-rate",
            Signed(ViewTerritory),
            get(bodies::api::meeting_rate),
        ),
        route(
            GET,
            "/api/v1/figures/renewal",
            Signed(ViewTerritory),
            get(renewal::api::renewal),
        ),
        route(
            GET,
            "/api/v1/figures/activities",
            Signed(ViewTerritory),
            get(activities::api::activities),
        ),
        route(GET, "/api/v1/cafe/{code}", Public, get(cafe::api::session)),
        // Operations
        route(GET, "/healthz", Public, get(ops::healthz)),
        route(
            GET,
            "/metrics",
            LocalOrSigned(ViewMetrics),
            get(ops::metrics::serve),
        ),
        route(GET, "/assets/{file}", Public, get(ui::serve_asset)),
    ]
}

/// Largest request body accepted by a route, unless it says otherwise (forms and JSON).
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The application: every route behind its gate, then the shared middleware.
pub fn build(state: AppState) -> Router {
    let mut router = Router::new();
    for spec in routes() {
        // The limit sits inside the context (an oversized body is answered like any error) and
        // outside the gate (which reads a form to find its anti-forgery token).
        router = router.route(
            spec.path,
            spec.handler
                .route_layer(from_fn_with_state(spec.access, gate))
                .layer::<_, std::convert::Infallible>(RequestBodyLimitLayer::new(spec.body_limit))
                .layer(axum::extract::DefaultBodyLimit::max(spec.body_limit)),
        );
    }
    let hsts = Hsts(state.config.secure_cookies());
    router
        .fallback(|| async { crate::error::AppError::NotFound })
        .layer(from_fn(ops::metrics::track))
        // Inside the context, so that a panic is answered like any error.
        .layer(CatchPanicLayer::custom(|_: Box<dyn std::any::Any + Send>| {
            use axum::response::IntoResponse;
            crate::error::AppError::Internal(anyhow::anyhow!("handler panicked")).into_response()
        }))
        .layer(from_fn_with_state(state.clone(), context))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::extract::Request| {
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                }))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(from_fn_with_state(hsts, security_headers))
                .layer(CompressionLayer::new()),
        )
        .with_state(state)
}
