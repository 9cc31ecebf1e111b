//! The routes of the JSON API (token or session), operations and assets.

use super::*;
use crate::{activities, api, auth, bodies, cafe, ops, organizations, people, renewal, setup, territory, ui};

pub(super) fn routes() -> Vec<RouteSpec> {
    use Access::*;
    const GET: Method = Method::GET;
    const POST: Method = Method::POST;
    vec![
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
