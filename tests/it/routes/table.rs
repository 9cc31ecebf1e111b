//! The walk's table: for every route, what an anonymous caller gets, and what each role gets on
//! the records of its own territory. On a route about a place (`Here`), each role but the national
//! administrator is also asked for the same records in Taounate, and refused as if they did not
//! exist (or, when the role may not do it at all, refused the same way).

use std::collections::BTreeMap;

use mizan::auth::Role;

/// Where a column's grant sits.
pub enum Seat {
    /// The province of Taza.
    Province,
    /// The walk's commune of Taza.
    Commune,
    /// The whole country.
    Country,
}

pub struct Column {
    pub name: &'static str,
    pub role: Role,
    pub seat: Seat,
    /// An officer of the youth wing, not of the party.
    pub youth_wing: bool,
}

const fn column(name: &'static str, role: Role, seat: Seat, youth_wing: bool) -> Column {
    Column {
        name,
        role,
        seat,
        youth_wing,
    }
}

/// The table's columns, in order.
pub const CALLERS: [Column; 9] = [
    column("coordinator of Taza", Role::Coordinator, Seat::Province, false),
    column("branch secretary", Role::BranchSecretary, Seat::Commune, false),
    column("data entry of Taza", Role::DataEntry, Seat::Province, false),
    column("viewer of Taza", Role::Viewer, Seat::Province, false),
    column("moderator of Taza", Role::Moderator, Seat::Province, false),
    column(
        "nomination reviewer of Taza",
        Role::NominationReviewer,
        Seat::Province,
        false,
    ),
    column(
        "data-protection officer of Taza",
        Role::DataProtectionOfficer,
        Seat::Province,
        false,
    ),
    column(
        "youth wing officer of Taza",
        Role::OrganizationOfficer,
        Seat::Province,
        true,
    ),
    column(
        "national administrator",
        Role::NationalAdmin,
        Seat::Country,
        false,
    ),
];

#[derive(PartialEq, Eq, Debug, Clone, Copy)]
pub enum Reach {
    /// The route is about a place: asked in Taza, then in Taounate.
    Here,
    /// The route is not about a place: asked once.
    Anywhere,
}

pub struct Row {
    pub reach: Reach,
    pub anonymous: u16,
    /// One status per column of `CALLERS`; 0: not asked (a live stream never ends, a sign-out
    /// would end the walk). `anonymous` likewise.
    pub inside: [u16; CALLERS.len()],
}

/// The row as written in the table, with these statuses inside.
pub fn line(key: &str, row: &Row, inside: &[u16]) -> String {
    let statuses: Vec<String> = inside.iter().map(u16::to_string).collect();
    format!(
        "(\"{key}\", {:?}, {}, [{}]),",
        row.reach,
        row.anonymous,
        statuses.join(", ")
    )
}

#[rustfmt::skip]
pub fn expectations() -> BTreeMap<&'static str, Row> {
    use Reach::{Anywhere, Here};
    // Columns: coordinator, secretary, data entry, viewer, moderator, reviewer, protection officer,
    // youth wing officer, national administrator. The walk's form holds names and a reason only:
    // a write that needs more is refused field by field (422) before it changes anything.
    [
        ("GET /", Anywhere, 200, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /login", Anywhere, 200, [303, 303, 303, 303, 303, 303, 303, 303, 303]),
        // Signing in and out, and the language: asked of an anonymous visitor only (the walk's callers
        // stay signed in).
        ("POST /login", Anywhere, 403, [0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("GET /login/second-factor", Anywhere, 303, [303, 303, 303, 303, 303, 303, 303, 303, 303]),
        ("POST /login/second-factor", Anywhere, 403, [0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("POST /logout", Anywhere, 403, [0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("POST /language", Anywhere, 403, [0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("GET /cookies", Anywhere, 200, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /account", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /api/v1/setup/templates", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 200]),
        ("POST /api/v1/setup", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("GET /api/v1/organizations", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /api/v1/organizations", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("GET /api/v1/body-types", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /api/v1/body-types", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("GET /api/v1/users", Anywhere, 401, [200, 403, 403, 403, 403, 403, 403, 403, 200]),
        ("POST /api/v1/users", Anywhere, 401, [422, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("POST /api/v1/users/{name}/grants", Here, 401, [422, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("GET /account/password", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /account/password", Anywhere, 401, [422, 422, 422, 422, 422, 422, 422, 422, 422]),
        ("POST /account/tokens", Anywhere, 401, [422, 422, 422, 422, 422, 422, 422, 422, 422]),
        ("GET /account/two-factor", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /account/two-factor", Anywhere, 401, [422, 422, 422, 422, 422, 422, 422, 422, 422]),
        ("GET /territory/{code}", Here, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /territory/{code}/new", Here, 401, [200, 403, 403, 403, 403, 403, 403, 403, 200]),
        ("POST /territory/{code}/new", Here, 401, [303, 403, 403, 403, 403, 403, 403, 403, 303]),
        // Managing units is a coordinator's; the walk's form closes no branch without its
        // confirmation.
        ("GET /territory/{code}/manage", Here, 401, [200, 403, 403, 403, 403, 403, 403, 403, 200]),
        ("POST /territory/{code}/rename", Here, 401, [303, 403, 403, 403, 403, 403, 403, 403, 303]),
        ("POST /territory/{code}/close", Here, 401, [422, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("GET /territory/{code}/branches/import", Here, 401, [200, 403, 403, 403, 403, 403, 403, 403, 200]),
        ("POST /territory/{code}/branches/import", Here, 401, [400, 403, 403, 403, 403, 403, 403, 403, 400]),
        ("POST /territory/{code}/branches/import/apply", Here, 401, [422, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("GET /territory/{code}/people/new", Here, 401, [200, 200, 200, 403, 403, 403, 403, 200, 200]),
        ("POST /territory/{code}/people/new", Here, 401, [303, 303, 303, 403, 403, 403, 403, 303, 303]),
        ("GET /territory/{code}/people/import", Here, 401, [200, 200, 200, 403, 403, 403, 403, 200, 200]),
        ("POST /territory/{code}/people/import", Here, 401, [400, 400, 400, 403, 403, 403, 403, 400, 400]),
        // An upload is its uploader's alone (the coordinator's in Taza); its report exists once it
        // ran.
        ("GET /territory/{code}/people/import/{job}", Here, 401, [200, 404, 404, 403, 403, 403, 403, 404, 404]),
        ("POST /territory/{code}/people/import/{job}", Here, 401, [303, 404, 404, 403, 403, 403, 403, 404, 404]),
        ("GET /territory/{code}/people/import/{job}/report.csv", Here, 401, [404, 404, 404, 403, 403, 403, 403, 404, 404]),
        ("GET /people", Anywhere, 401, [200, 200, 200, 403, 403, 403, 200, 200, 200]),
        ("GET /people/{uid}/edit", Here, 401, [200, 200, 200, 403, 403, 403, 403, 404, 200]),
        ("POST /people/{uid}/edit", Here, 401, [303, 303, 303, 403, 403, 403, 403, 404, 303]),
        ("POST /people/{uid}/dues", Here, 401, [422, 422, 422, 403, 403, 403, 403, 404, 422]),
        ("POST /people/{uid}/consents", Here, 401, [422, 422, 422, 403, 403, 403, 403, 404, 422]),
        // Data-subject files and erasure are the data-protection officer's; each erases a record of
        // their own.
        ("GET /people/{uid}/subject", Here, 401, [403, 403, 403, 403, 403, 403, 200, 403, 200]),
        ("GET /people/{uid}/subject.json", Here, 401, [403, 403, 403, 403, 403, 403, 200, 403, 200]),
        ("POST /people/{uid}/erase", Here, 401, [403, 403, 403, 403, 403, 403, 303, 403, 303]),
        // Each caller merges a record of their own into the walk's person.
        ("GET /people/duplicates", Anywhere, 401, [200, 200, 200, 403, 403, 403, 403, 200, 200]),
        ("GET /people/duplicates/export", Anywhere, 401, [200, 200, 200, 403, 403, 403, 403, 200, 200]),
        ("GET /people/{uid}/merge/{other}", Here, 401, [200, 200, 200, 403, 403, 403, 403, 404, 200]),
        ("POST /people/{uid}/merge/{other}", Here, 401, [303, 303, 303, 403, 403, 403, 403, 404, 303]),
        ("GET /people.csv", Anywhere, 401, [200, 200, 200, 403, 403, 403, 200, 200, 200]),
        ("GET /people.xlsx", Anywhere, 401, [200, 200, 200, 403, 403, 403, 200, 200, 200]),
        ("GET /people/{uid}", Here, 401, [200, 200, 200, 403, 403, 403, 200, 404, 200]),
        ("GET /people/{uid}/memberships", Here, 401, [200, 200, 200, 403, 403, 403, 403, 404, 200]),
        ("POST /people/{uid}/memberships", Here, 401, [422, 422, 422, 403, 403, 403, 403, 404, 422]),
        ("POST /people/{uid}/memberships/{membership}", Here, 401, [422, 422, 422, 403, 403, 403, 403, 404, 422]),
        ("POST /people/{uid}/cin", Here, 401, [200, 200, 200, 403, 403, 403, 200, 404, 200]),
        // A council and its meetings: what they are and when they met, for every role; who sits and
        // the minutes, for those who see people.
        ("GET /bodies/{body}", Here, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /bodies/{body}/mandates", Here, 401, [422, 422, 422, 403, 403, 403, 403, 404, 422]),
        ("POST /bodies/{body}/mandates/{mandate}/end", Here, 401, [422, 422, 422, 403, 403, 403, 403, 404, 422]),
        ("GET /bodies/{body}/meetings/new", Here, 401, [200, 200, 200, 403, 403, 403, 403, 404, 200]),
        ("POST /bodies/{body}/meetings/new", Here, 401, [422, 422, 422, 403, 403, 403, 403, 404, 422]),
        ("GET /meetings/{meeting}", Here, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /meetings/{meeting}/status", Here, 401, [422, 422, 422, 403, 403, 403, 403, 404, 422]),
        ("POST /meetings/{meeting}/minutes", Here, 401, [400, 400, 400, 403, 403, 403, 403, 404, 400]),
        ("GET /meetings/{meeting}/minutes/{file}", Here, 401, [200, 200, 200, 404, 404, 404, 200, 404, 200]),
        ("POST /meetings/{meeting}/decisions", Here, 401, [422, 422, 422, 403, 403, 403, 403, 404, 422]),
        ("POST /meetings/{meeting}/guests", Here, 401, [422, 422, 422, 403, 403, 403, 403, 404, 422]),
        ("POST /meetings/{meeting}/decisions/{decision}/done", Here, 401, [303, 303, 303, 403, 403, 403, 403, 404, 303]),
        ("GET /figures/meeting-rate", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /figures/meeting-rate/export", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        // Users are managed by coordinators, below them, and the national administrator.
        ("GET /admin/users", Anywhere, 401, [200, 403, 403, 403, 403, 403, 403, 403, 200]),
        ("GET /admin/users/export", Anywhere, 401, [200, 403, 403, 403, 403, 403, 403, 403, 200]),
        ("POST /admin/users", Anywhere, 401, [422, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("GET /admin/users/{name}", Here, 401, [200, 403, 403, 403, 403, 403, 403, 403, 200]),
        ("POST /admin/users/{name}", Here, 401, [422, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("GET /signup/{token}", Anywhere, 404, [404, 404, 404, 404, 404, 404, 404, 404, 404]),
        ("POST /signup/{token}", Anywhere, 403, [0, 0, 0, 0, 0, 0, 0, 0, 0]),
        // The first run and the structure's settings are the national administrator's.
        ("GET /setup", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 303]),
        ("POST /setup", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("GET /admin/organizations", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 200]),
        ("POST /admin/organizations", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("GET /logo", Anywhere, 404, [404, 404, 404, 404, 404, 404, 404, 404, 404]),
        ("POST /admin/logo", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 400]),
        ("POST /admin/organizations/{code}", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 303]),
        ("GET /body-types", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /body-types", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("POST /body-types/{code}", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("POST /meeting-themes", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 303]),
        ("POST /meeting-themes/{code}", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("GET /activity-types", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /activity-types", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("POST /activity-types/{code}", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("POST /beneficiary-categories", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("GET /campaigns", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /campaigns", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("GET /campaigns/{campaign}", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /campaigns/{campaign}/targets", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("GET /api/v1/figures/meeting-rate", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        // The renewal's progress is a figure; its steps are recorded by those who record meetings.
        ("GET /renewal", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /renewal", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("GET /renewal/{campaign}", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /renewal/{campaign}/export", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /renewal/{campaign}/{branch}", Here, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /renewal/{campaign}/{branch}", Here, 401, [422, 422, 422, 403, 403, 403, 403, 404, 422]),
        // Asked without its campaign: said so.
        ("GET /api/v1/figures/renewal", Anywhere, 401, [400, 400, 400, 400, 400, 400, 400, 400, 400]),
        ("GET /api/v1/figures/activities", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        // The walk's form has no type, status nor counts; the walk's activity is verified: no longer
        // corrected.
        ("GET /territory/{code}/activities/new", Here, 401, [200, 200, 200, 403, 403, 403, 403, 200, 200]),
        ("POST /territory/{code}/activities/new", Here, 401, [422, 422, 422, 403, 403, 403, 403, 422, 422]),
        ("GET /activities", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /activities.csv", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /activities.xlsx", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /figures/activities.csv", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /figures/activities.xlsx", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /activities/{activity}", Here, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /activities/{activity}/review", Here, 401, [422, 403, 403, 403, 403, 403, 403, 403, 422]),
        ("POST /activities/{activity}/people", Here, 401, [422, 422, 422, 403, 403, 403, 403, 404, 422]),
        ("GET /activities/{activity}/edit", Here, 401, [409, 409, 409, 403, 403, 403, 403, 404, 409]),
        ("POST /activities/{activity}/edit", Here, 401, [409, 409, 409, 403, 403, 403, 403, 404, 409]),
        ("POST /activities/{activity}/delete", Here, 401, [409, 409, 409, 403, 403, 403, 403, 404, 409]),
        ("POST /activities/{activity}/volunteers", Here, 401, [422, 422, 422, 403, 403, 403, 403, 404, 422]),
        ("POST /activities/{activity}/photos", Here, 401, [400, 400, 400, 403, 403, 403, 403, 404, 400]),
        // A photo shows people: for those who may see the people of the activity's organization.
        ("GET /activities/{activity}/photos/{photo}", Here, 401, [200, 200, 200, 404, 404, 404, 200, 404, 200]),
        ("GET /activities/{activity}/photos/{photo}/thumbnail", Here, 401, [200, 200, 200, 404, 404, 404, 200, 404, 200]),
        ("POST /activities/{activity}/photos/{photo}/delete", Here, 401, [409, 409, 409, 403, 403, 403, 403, 404, 409]),
        ("GET /figures/activities", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /api/openapi.json", Anywhere, 200, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /api/v1/me", Anywhere, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /api/v1/territory/{code}/people", Here, 401, [201, 201, 201, 403, 403, 403, 403, 201, 201]),
        ("GET /api/v1/people", Anywhere, 401, [200, 200, 200, 403, 403, 403, 200, 200, 200]),
        ("GET /api/v1/people/{uid}", Here, 401, [200, 200, 200, 403, 403, 403, 200, 404, 200]),
        ("GET /api/v1/territory/{code}", Here, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /api/v1/territory/{code}/children", Here, 401, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /api/v1/territory/{code}/units", Here, 401, [201, 403, 403, 403, 403, 403, 403, 403, 201]),
        ("GET /healthz", Anywhere, 200, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /metrics", Anywhere, 401, [403, 403, 403, 403, 403, 403, 403, 403, 200]),
        ("GET /assets/{file}", Anywhere, 200, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        // The café's public pages, with the walk's session's join code; its live stream never ends.
        ("GET /q", Anywhere, 200, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /q/{code}", Anywhere, 200, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /q/{code}/ask", Anywhere, 200, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("POST /q/{code}/questions", Anywhere, 403, [422, 422, 422, 422, 422, 422, 422, 422, 422]),
        ("POST /q/{code}/questions/{question}/vote", Anywhere, 403, [303, 303, 303, 303, 303, 303, 303, 303, 303]),
        ("GET /q/{code}/events", Anywhere, 0, [0, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("GET /q/{code}/stage", Anywhere, 200, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /q/{code}/archive", Anywhere, 200, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /q/{code}/qr.svg", Anywhere, 200, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        ("GET /api/v1/cafe/{code}", Anywhere, 200, [200, 200, 200, 200, 200, 200, 200, 200, 200]),
        // The café is organized by coordinators and officers, and moderated by moderators too.
        ("GET /cafe", Anywhere, 401, [200, 403, 403, 403, 200, 403, 403, 200, 200]),
        ("POST /cafe", Anywhere, 401, [422, 403, 403, 403, 403, 403, 403, 422, 422]),
        ("GET /cafe/{session}", Here, 401, [200, 403, 403, 403, 200, 403, 403, 404, 200]),
        ("GET /cafe/{session}/events", Here, 401, [0, 0, 0, 0, 0, 0, 0, 404, 0]),
        ("GET /cafe/{session}/export", Here, 401, [200, 403, 403, 403, 200, 403, 403, 404, 200]),
        ("POST /cafe/{session}/pause", Here, 401, [303, 403, 403, 403, 303, 403, 403, 404, 303]),
        ("POST /cafe/{session}/panel", Here, 401, [422, 403, 403, 403, 403, 403, 403, 404, 422]),
        ("POST /cafe/{session}/questions/{question}", Here, 401, [422, 403, 403, 403, 422, 403, 403, 404, 422]),
        ("POST /cafe/{session}/questions/{question}/answer", Here, 401, [422, 403, 403, 403, 422, 403, 403, 404, 422]),
    ]
    .into_iter()
    .map(|(key, reach, anonymous, inside)| (key, Row { reach, anonymous, inside }))
    .collect()
}
