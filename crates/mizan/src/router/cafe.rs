//! The routes of the Policy Café: participants (no account, joined by the code) and staff.

use super::*;
use crate::cafe;

pub(super) fn routes() -> Vec<RouteSpec> {
    use Access::*;
    const GET: Method = Method::GET;
    const POST: Method = Method::POST;
    vec![
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
    ]
}
