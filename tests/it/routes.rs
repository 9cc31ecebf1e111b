//! Every route the application has, walked from the route table itself: what an anonymous caller
//! gets, what a coordinator of Taza gets for a record of Taounate (404, in pages and API alike) and
//! for one of Taza (it works), and what an officer of the youth wing in Taza gets for the party's
//! records of Taza (territory pages and figures, nothing of its people, no write). Every write
//! refused changes nothing in the store. A route added to `router/` without a line in both
//! tables here fails `every_route_is_gated_and_scoped`.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use mizan::auth::Role;

use crate::helpers::{TestApp, TestResponse, remote_peer, scalar};

const TAZA: &str = "03.561";
const TAOUNATE: &str = "03.531";

/// What a route does for each kind of caller. `None`: the route is not about a place.
struct Expect {
    anonymous: StatusCode,
    taza_on_taounate: Option<StatusCode>,
    taza_on_taza: Option<StatusCode>,
}

fn expect(anonymous: u16, taza_on_taounate: Option<u16>, taza_on_taza: Option<u16>) -> Expect {
    let status = |s: u16| StatusCode::from_u16(s).expect("a status");
    Expect {
        anonymous: status(anonymous),
        taza_on_taounate: taza_on_taounate.map(status),
        taza_on_taza: taza_on_taza.map(status),
    }
}

fn expectations() -> BTreeMap<&'static str, Expect> {
    BTreeMap::from([
        ("GET /", expect(200, None, None)),
        ("GET /login", expect(200, None, None)),
        // Public forms still need their anti-forgery token.
        ("POST /login", expect(403, None, None)),
        // Without a sign-in waiting for its code, back to the sign-in.
        ("GET /login/second-factor", expect(303, None, None)),
        ("POST /login/second-factor", expect(403, None, None)),
        ("POST /logout", expect(403, None, None)),
        ("POST /language", expect(403, None, None)),
        ("GET /cookies", expect(200, None, None)),
        ("GET /account", expect(401, None, None)),
        ("GET /api/v1/setup/templates", expect(401, None, None)),
        ("POST /api/v1/setup", expect(401, None, None)),
        ("GET /api/v1/organizations", expect(401, None, None)),
        ("POST /api/v1/organizations", expect(401, None, None)),
        ("GET /api/v1/body-types", expect(401, None, None)),
        ("POST /api/v1/body-types", expect(401, None, None)),
        ("GET /api/v1/users", expect(401, None, None)),
        ("POST /api/v1/users", expect(401, None, None)),
        ("POST /api/v1/users/{name}/grants", expect(401, None, None)),
        ("GET /account/password", expect(401, None, None)),
        ("POST /account/password", expect(401, None, None)),
        ("POST /account/tokens", expect(401, None, None)),
        ("GET /account/two-factor", expect(401, None, None)),
        ("POST /account/two-factor", expect(401, None, None)),
        ("GET /territory/{code}", expect(401, Some(404), Some(200))),
        ("GET /territory/{code}/new", expect(401, Some(404), Some(200))),
        ("POST /territory/{code}/new", expect(401, Some(404), Some(303))),
        // The walk's place is a commune, not a branch: nothing to manage there.
        ("GET /territory/{code}/manage", expect(401, Some(404), Some(404))),
        ("POST /territory/{code}/rename", expect(401, Some(404), Some(404))),
        ("POST /territory/{code}/close", expect(401, Some(404), Some(404))),
        (
            "GET /territory/{code}/branches/import",
            expect(401, Some(404), Some(200)),
        ),
        // A form instead of an upload: malformed.
        (
            "POST /territory/{code}/branches/import",
            expect(401, Some(404), Some(400)),
        ),
        // No rows in the route walk's form.
        (
            "POST /territory/{code}/branches/import/apply",
            expect(401, Some(404), Some(422)),
        ),
        (
            "GET /territory/{code}/people/new",
            expect(401, Some(404), Some(200)),
        ),
        (
            "POST /territory/{code}/people/new",
            expect(401, Some(404), Some(303)),
        ),
        (
            "GET /territory/{code}/people/import",
            expect(401, Some(404), Some(200)),
        ),
        // A form instead of an upload: the gate lets it through, the handler says it is malformed.
        (
            "POST /territory/{code}/people/import",
            expect(401, Some(404), Some(400)),
        ),
        // No such upload, in any province.
        (
            "GET /territory/{code}/people/import/{job}",
            expect(401, Some(404), Some(404)),
        ),
        (
            "POST /territory/{code}/people/import/{job}",
            expect(401, Some(404), Some(404)),
        ),
        (
            "GET /territory/{code}/people/import/{job}/report.csv",
            expect(401, Some(404), Some(404)),
        ),
        ("GET /people", expect(401, None, None)),
        ("GET /people/{uid}/edit", expect(401, Some(404), Some(200))),
        // The route walk's form holds an Arabic name only: a valid correction.
        ("POST /people/{uid}/edit", expect(401, Some(404), Some(303))),
        // The route walk's person holds no membership: said beside the field.
        ("POST /people/{uid}/dues", expect(401, Some(404), Some(422))),
        // The route walk's form has no consent in it: said field by field.
        ("POST /people/{uid}/consents", expect(401, Some(404), Some(422))),
        // Data-subject files and erasure are the data-protection officer's, not a coordinator's.
        ("GET /people/{uid}/subject", expect(401, Some(403), Some(403))),
        (
            "GET /people/{uid}/subject.json",
            expect(401, Some(403), Some(403)),
        ),
        ("POST /people/{uid}/erase", expect(401, Some(403), Some(403))),
        ("GET /people/duplicates", expect(401, None, None)),
        ("GET /people/duplicates/export", expect(401, None, None)),
        // The other record of a merge does not exist in the route walk: 404 everywhere.
        (
            "GET /people/{uid}/merge/{other}",
            expect(401, Some(404), Some(404)),
        ),
        (
            "POST /people/{uid}/merge/{other}",
            expect(401, Some(404), Some(404)),
        ),
        ("GET /people.csv", expect(401, None, None)),
        ("GET /people.xlsx", expect(401, None, None)),
        ("GET /people/{uid}", expect(401, Some(404), Some(200))),
        ("GET /people/{uid}/memberships", expect(401, Some(404), Some(200))),
        // The walk's form names no organization: said beside the field.
        (
            "POST /people/{uid}/memberships",
            expect(401, Some(404), Some(422)),
        ),
        // No membership 1 among this person's.
        (
            "POST /people/{uid}/memberships/{membership}",
            expect(401, Some(404), Some(404)),
        ),
        ("POST /people/{uid}/cin", expect(401, Some(404), Some(200))),
        ("GET /bodies/{body}", expect(401, Some(404), Some(200))),
        // The route walk's form has no person nor seat in it: said field by field.
        ("POST /bodies/{body}/mandates", expect(401, Some(404), Some(422))),
        // No end date in the route walk's form.
        (
            "POST /bodies/{body}/mandates/{mandate}/end",
            expect(401, Some(404), Some(422)),
        ),
        (
            "GET /bodies/{body}/meetings/new",
            expect(401, Some(404), Some(200)),
        ),
        // Neither status nor date in the route walk's form.
        (
            "POST /bodies/{body}/meetings/new",
            expect(401, Some(404), Some(422)),
        ),
        ("GET /meetings/{meeting}", expect(401, Some(404), Some(200))),
        (
            "POST /meetings/{meeting}/status",
            expect(401, Some(404), Some(422)),
        ),
        // A form instead of an upload: the handler says it is malformed.
        (
            "POST /meetings/{meeting}/minutes",
            expect(401, Some(404), Some(400)),
        ),
        // No file in the route walk.
        (
            "GET /meetings/{meeting}/minutes/{file}",
            expect(401, Some(404), Some(404)),
        ),
        // The route walk's meeting is only scheduled: no decisions or guests yet.
        (
            "POST /meetings/{meeting}/decisions",
            expect(401, Some(404), Some(409)),
        ),
        (
            "POST /meetings/{meeting}/guests",
            expect(401, Some(404), Some(409)),
        ),
        (
            "POST /meetings/{meeting}/decisions/{decision}/done",
            expect(401, Some(404), Some(404)),
        ),
        ("GET /figures/meeting-rate", expect(401, None, None)),
        ("GET /figures/meeting-rate/export", expect(401, None, None)),
        // Users: each place has a branch secretary of its own, managed by the coordinator above.
        ("GET /admin/users", expect(401, None, None)),
        ("GET /admin/users/export", expect(401, None, None)),
        ("POST /admin/users", expect(401, None, None)),
        ("GET /admin/users/{name}", expect(401, Some(404), Some(200))),
        // Without saying what to do: said beside the field.
        ("POST /admin/users/{name}", expect(401, Some(404), Some(422))),
        // The route walk's link is no link; the sign-up form still needs its anti-forgery token.
        ("GET /signup/{token}", expect(404, None, None)),
        ("POST /signup/{token}", expect(403, None, None)),
        // The first run and the structure's administration: the national administrator's.
        ("GET /setup", expect(401, None, None)),
        ("POST /setup", expect(401, None, None)),
        ("GET /admin/organizations", expect(401, None, None)),
        ("POST /admin/organizations", expect(401, None, None)),
        // The walk's party has no logo; sending one is the national administrator's.
        ("GET /logo", expect(404, None, None)),
        ("POST /admin/logo", expect(401, None, None)),
        (
            "POST /admin/organizations/{code}",
            expect(401, Some(403), Some(403)),
        ),
        ("GET /body-types", expect(401, None, None)),
        // Body types are the national administrator's.
        ("POST /body-types", expect(401, Some(403), Some(403))),
        ("POST /body-types/{code}", expect(401, Some(403), Some(403))),
        ("POST /meeting-themes", expect(401, Some(403), Some(403))),
        ("POST /meeting-themes/{code}", expect(401, Some(403), Some(403))),
        // Activity types, categories and campaigns: read by all, changed by the national administrator.
        ("GET /activity-types", expect(401, None, None)),
        ("POST /activity-types", expect(401, Some(403), Some(403))),
        ("POST /activity-types/{code}", expect(401, Some(403), Some(403))),
        ("POST /beneficiary-categories", expect(401, Some(403), Some(403))),
        ("GET /campaigns", expect(401, None, None)),
        ("POST /campaigns", expect(401, Some(403), Some(403))),
        ("GET /campaigns/{campaign}", expect(401, None, None)),
        (
            "POST /campaigns/{campaign}/targets",
            expect(401, Some(403), Some(403)),
        ),
        ("GET /api/v1/figures/meeting-rate", expect(401, None, None)),
        ("GET /renewal", expect(401, None, None)),
        // Campaigns are opened by the national administrator.
        ("POST /renewal", expect(401, Some(403), Some(403))),
        // The walk's campaign, seen from Taza (its address names no place), and each province's
        // branch in it; a step without its name is said field by field.
        ("GET /renewal/{campaign}", expect(401, Some(200), Some(200))),
        (
            "GET /renewal/{campaign}/export",
            expect(401, Some(200), Some(200)),
        ),
        (
            "GET /renewal/{campaign}/{branch}",
            expect(401, Some(404), Some(200)),
        ),
        (
            "POST /renewal/{campaign}/{branch}",
            expect(401, Some(404), Some(422)),
        ),
        ("GET /api/v1/figures/renewal", expect(401, None, None)),
        ("GET /api/v1/figures/activities", expect(401, None, None)),
        (
            "GET /territory/{code}/activities/new",
            expect(401, Some(404), Some(200)),
        ),
        // The route walk's form has no type, status nor counts: said field by field.
        (
            "POST /territory/{code}/activities/new",
            expect(401, Some(404), Some(422)),
        ),
        ("GET /activities", expect(401, None, None)),
        ("GET /activities.csv", expect(401, None, None)),
        ("GET /activities.xlsx", expect(401, None, None)),
        ("GET /figures/activities.csv", expect(401, None, None)),
        ("GET /figures/activities.xlsx", expect(401, None, None)),
        // The walk's activities are verified: no longer corrected, deleted nor reviewed.
        ("GET /activities/{activity}", expect(401, Some(404), Some(200))),
        (
            "POST /activities/{activity}/review",
            expect(401, Some(404), Some(422)),
        ),
        (
            "POST /activities/{activity}/people",
            expect(401, Some(404), Some(422)),
        ),
        (
            "GET /activities/{activity}/edit",
            expect(401, Some(404), Some(409)),
        ),
        (
            "POST /activities/{activity}/edit",
            expect(401, Some(404), Some(409)),
        ),
        (
            "POST /activities/{activity}/delete",
            expect(401, Some(404), Some(409)),
        ),
        (
            "POST /activities/{activity}/volunteers",
            expect(401, Some(404), Some(422)),
        ),
        (
            "POST /activities/{activity}/photos",
            expect(401, Some(404), Some(400)),
        ),
        (
            "GET /activities/{activity}/photos/{photo}",
            expect(401, Some(404), Some(404)),
        ),
        (
            "GET /activities/{activity}/photos/{photo}/thumbnail",
            expect(401, Some(404), Some(404)),
        ),
        (
            "POST /activities/{activity}/photos/{photo}/delete",
            expect(401, Some(404), Some(409)),
        ),
        ("GET /figures/activities", expect(401, None, None)),
        ("GET /api/openapi.json", expect(200, None, None)),
        ("GET /api/v1/me", expect(401, None, None)),
        (
            "POST /api/v1/territory/{code}/people",
            expect(401, Some(404), Some(201)),
        ),
        ("GET /api/v1/people", expect(401, None, None)),
        ("GET /api/v1/people/{uid}", expect(401, Some(404), Some(200))),
        ("GET /api/v1/territory/{code}", expect(401, Some(404), Some(200))),
        (
            "GET /api/v1/territory/{code}/children",
            expect(401, Some(404), Some(200)),
        ),
        (
            "POST /api/v1/territory/{code}/units",
            expect(401, Some(404), Some(201)),
        ),
        ("GET /healthz", expect(200, None, None)),
        ("GET /metrics", expect(401, None, None)),
        ("GET /assets/{file}", expect(200, None, None)),
        // Policy Café. The route walk's join code is a commune's code: no such session.
        ("GET /q", expect(200, None, None)),
        ("GET /q/{code}", expect(404, None, None)),
        ("GET /q/{code}/ask", expect(404, None, None)),
        ("POST /q/{code}/questions", expect(403, None, None)),
        (
            "POST /q/{code}/questions/{question}/vote",
            expect(403, None, None),
        ),
        ("GET /q/{code}/events", expect(404, None, None)),
        ("GET /q/{code}/stage", expect(404, None, None)),
        ("GET /q/{code}/archive", expect(404, None, None)),
        ("GET /q/{code}/qr.svg", expect(404, None, None)),
        ("GET /api/v1/cafe/{code}", expect(404, None, None)),
        ("GET /cafe", expect(401, None, None)),
        // The route walk's form has no title nor time: said field by field.
        ("POST /cafe", expect(401, None, None)),
        ("GET /cafe/{session}", expect(401, Some(404), Some(200))),
        // A live stream never ends: only its scope is walked.
        ("GET /cafe/{session}/events", expect(401, Some(404), None)),
        ("GET /cafe/{session}/export", expect(401, Some(404), Some(200))),
        ("POST /cafe/{session}/pause", expect(401, Some(404), Some(303))),
        // The route walk's panelist has no role: said beside the field.
        ("POST /cafe/{session}/panel", expect(401, Some(404), Some(422))),
        // No moderation action in the route walk's form.
        (
            "POST /cafe/{session}/questions/{question}",
            expect(401, Some(404), Some(422)),
        ),
        // No answer in the route walk's form.
        (
            "POST /cafe/{session}/questions/{question}/answer",
            expect(401, Some(404), Some(422)),
        ),
    ])
}

/// What an officer of the youth wing in Taza gets for each route about a place, on the party's
/// records of Taza (`None`: the route is not about a place). Territory pages stay open; records
/// of the party's people, bodies, activities, renewal and café are not theirs: not found.
fn youth_expectations() -> BTreeMap<&'static str, Option<u16>> {
    BTreeMap::from([
        ("GET /territory/{code}", Some(200)),
        // Creating units is a coordinator's.
        ("GET /territory/{code}/new", Some(403)),
        ("POST /territory/{code}/new", Some(403)),
        ("GET /territory/{code}/manage", Some(403)),
        ("POST /territory/{code}/rename", Some(403)),
        ("POST /territory/{code}/close", Some(403)),
        ("GET /territory/{code}/branches/import", Some(403)),
        ("POST /territory/{code}/branches/import", Some(403)),
        ("POST /territory/{code}/branches/import/apply", Some(403)),
        // Adding a resident of their territory, as anyone who adds people may.
        ("GET /territory/{code}/people/new", Some(200)),
        ("POST /territory/{code}/people/new", Some(303)),
        ("GET /territory/{code}/people/import", Some(200)),
        ("POST /territory/{code}/people/import", Some(400)),
        ("GET /territory/{code}/people/import/{job}", Some(404)),
        ("POST /territory/{code}/people/import/{job}", Some(404)),
        ("GET /territory/{code}/people/import/{job}/report.csv", Some(404)),
        // The walk's person is no member of the youth wing.
        ("GET /people/{uid}/edit", Some(404)),
        ("POST /people/{uid}/edit", Some(404)),
        ("POST /people/{uid}/dues", Some(404)),
        ("POST /people/{uid}/consents", Some(404)),
        ("GET /people/{uid}/subject", Some(403)),
        ("GET /people/{uid}/subject.json", Some(403)),
        ("POST /people/{uid}/erase", Some(403)),
        ("GET /people/{uid}/merge/{other}", Some(404)),
        ("POST /people/{uid}/merge/{other}", Some(404)),
        ("GET /people/{uid}", Some(404)),
        ("POST /people/{uid}/cin", Some(404)),
        ("GET /people/{uid}/memberships", Some(404)),
        ("POST /people/{uid}/memberships", Some(404)),
        ("POST /people/{uid}/memberships/{membership}", Some(404)),
        // The party's council: what it is and when it met, not who sits on it; no write.
        ("GET /bodies/{body}", Some(200)),
        ("POST /bodies/{body}/mandates", Some(404)),
        ("POST /bodies/{body}/mandates/{mandate}/end", Some(404)),
        ("GET /bodies/{body}/meetings/new", Some(404)),
        ("POST /bodies/{body}/meetings/new", Some(404)),
        ("GET /meetings/{meeting}", Some(200)),
        ("POST /meetings/{meeting}/status", Some(404)),
        ("POST /meetings/{meeting}/minutes", Some(404)),
        ("GET /meetings/{meeting}/minutes/{file}", Some(404)),
        ("POST /meetings/{meeting}/decisions", Some(404)),
        ("POST /meetings/{meeting}/guests", Some(404)),
        ("POST /meetings/{meeting}/decisions/{decision}/done", Some(404)),
        ("POST /body-types", Some(403)),
        ("POST /body-types/{code}", Some(403)),
        ("POST /meeting-themes", Some(403)),
        ("POST /meeting-themes/{code}", Some(403)),
        ("POST /admin/organizations/{code}", Some(403)),
        // Users are managed by coordinators and national administrators.
        ("GET /admin/users/{name}", Some(403)),
        ("POST /admin/users/{name}", Some(403)),
        ("POST /activity-types", Some(403)),
        ("POST /activity-types/{code}", Some(403)),
        ("POST /beneficiary-categories", Some(403)),
        ("POST /campaigns", Some(403)),
        ("POST /campaigns/{campaign}/targets", Some(403)),
        // The party's renewal: its progress, not its members; no step.
        ("POST /renewal", Some(403)),
        ("GET /renewal/{campaign}", Some(200)),
        ("GET /renewal/{campaign}/export", Some(200)),
        ("GET /renewal/{campaign}/{branch}", Some(200)),
        ("POST /renewal/{campaign}/{branch}", Some(404)),
        // The form opens (to name one of the youth wing's bodies); the walk's form is refused field
        // by field before anything is written.
        ("GET /territory/{code}/activities/new", Some(200)),
        ("POST /territory/{code}/activities/new", Some(422)),
        // The party's activity: what it was, not who benefited; no write.
        ("GET /activities/{activity}", Some(200)),
        ("POST /activities/{activity}/review", Some(403)),
        ("POST /activities/{activity}/people", Some(404)),
        ("GET /activities/{activity}/edit", Some(404)),
        ("POST /activities/{activity}/edit", Some(404)),
        ("POST /activities/{activity}/delete", Some(404)),
        ("POST /activities/{activity}/volunteers", Some(404)),
        ("POST /activities/{activity}/photos", Some(404)),
        ("GET /activities/{activity}/photos/{photo}", Some(404)),
        ("GET /activities/{activity}/photos/{photo}/thumbnail", Some(404)),
        ("POST /activities/{activity}/photos/{photo}/delete", Some(404)),
        ("POST /api/v1/territory/{code}/people", Some(201)),
        ("GET /api/v1/people/{uid}", Some(404)),
        ("GET /api/v1/territory/{code}", Some(200)),
        ("GET /api/v1/territory/{code}/children", Some(200)),
        ("POST /api/v1/territory/{code}/units", Some(403)),
        // The party's café session.
        ("GET /cafe/{session}", Some(404)),
        ("GET /cafe/{session}/events", Some(404)),
        ("GET /cafe/{session}/export", Some(404)),
        ("POST /cafe/{session}/pause", Some(404)),
        ("POST /cafe/{session}/panel", Some(404)),
        ("POST /cafe/{session}/questions/{question}", Some(404)),
        ("POST /cafe/{session}/questions/{question}/answer", Some(404)),
    ])
}

/// A place to act on in one province: a commune (units and people can be created there) and a
/// person who lives there.
struct Place {
    commune: String,
    person: String,
    /// A branch below the commune, due in the walk's renewal campaign.
    branch: String,
    /// A verified activity of the party at the commune.
    activity: String,
    /// A user with a role at the commune (a branch secretary there).
    user: String,
    /// A body sitting at the commune, and a meeting of it (scheduled).
    body: i64,
    meeting: i64,
    /// A Policy Café session of an event at the commune, open now, and a question asked in it.
    session: i64,
    question: i64,
}

/// A concrete URL for a route: `{code}` becomes the place's commune, `{uid}` its person, `{body}`
/// and `{meeting}` its commune council and a meeting of it, `{file}` the stylesheet (or, for
/// minutes, a file that does not exist).
fn url(app: &TestApp, template: &str, place: &Place) -> String {
    let css = app.state.assets.url("app.css");
    let file = css.trim_start_matches("/assets/");
    template
        .replace("{code}", &place.commune)
        .replace("{uid}", &place.person)
        .replace("{body}", &place.body.to_string())
        .replace("{meeting}", &place.meeting.to_string())
        .replace("{session}", &place.session.to_string())
        .replace("{activity}", &place.activity)
        .replace("{campaign}", CAMPAIGN)
        .replace("{branch}", &place.branch)
        .replace("{name}", &place.user)
        .replace("{question}", &place.question.to_string())
        .replace("{mandate}", "1")
        .replace("{membership}", "999999")
        .replace("{decision}", "1")
        .replace("{photo}", "1")
        .replace("/minutes/{file}", "/minutes/1")
        .replace("{file}", file)
}

/// The fields every state-changing route of the table may need, in one body.
const FIELDS: &[(&str, &str)] = &[
    ("name_ar", "فرع التجربة"),
    ("name_fr", "Section d'essai"),
    ("given_ar", "سعيد"),
    ("family_ar", "التجريبي"),
    ("reason", "a check of the route table"),
];

fn body_for(path: &str) -> (Option<&'static str>, String) {
    if path.starts_with("/api/") {
        let object: serde_json::Map<String, serde_json::Value> = FIELDS
            .iter()
            .map(|(k, v)| ((*k).to_owned(), serde_json::json!(v)))
            .collect();
        (
            Some("application/json"),
            serde_json::Value::Object(object).to_string(),
        )
    } else {
        (
            Some("application/x-www-form-urlencoded"),
            serde_urlencoded::to_string(FIELDS).expect("encodable"),
        )
    }
}

async fn anonymous(app: &TestApp, method: &Method, path: &str) -> TestResponse {
    let (content_type, body) = body_for(path);
    let mut builder = Request::builder().method(method.clone()).uri(path);
    if *method == Method::POST
        && let Some(ct) = content_type
    {
        builder = builder.header("content-type", ct);
    }
    let body = if *method == Method::POST {
        Body::from(body)
    } else {
        Body::empty()
    };
    app.send_from(builder.body(body).expect("request"), remote_peer())
        .await
}

/// An urban commune of a province (a direct child of it) and someone living there.
async fn place_in(app: &TestApp, province: &str) -> Place {
    let everywhere = mizan::auth::Scope::Everywhere;
    let children = mizan::territory::store::children(&app.state.db, province, &everywhere)
        .await
        .expect("children");
    let commune = children
        .into_iter()
        .find(|u| u.level == mizan::territory::Level::Commune)
        .map(|u| u.code)
        .expect("an urban commune");
    let draft = mizan::people::draft::PersonDraft {
        given_ar: "فاطمة".into(),
        family_ar: "الزهراوي".into(),
        cin: format!("K{}", province.replace('.', "")),
        ..Default::default()
    };
    let person = mizan::people::actions::create_person(
        &app.state,
        &mizan::auth::Permit::everywhere(),
        &mizan::audit::Actor::cli(),
        &commune,
        &draft,
    )
    .await
    .expect("a person");
    let (body, meeting) = organ_at(app, &commune).await;
    let (session, question) = cafe_at(app, &commune).await;
    let branch = mizan::territory::actions::create_party_unit(
        &app.state,
        &everywhere,
        &mizan::audit::Actor::cli(),
        &commune,
        &mizan::territory::actions::NewUnitDraft {
            name_ar: "فرع الجماعة".into(),
            name_fr: "Section de la commune".into(),
            country_code: String::new(),
        },
    )
    .await
    .expect("a branch")
    .code;
    let activity = activity_at(app, &commune).await;
    let user = format!("secretary.{}", province.replace('.', "-"));
    app.create_user(&user, Role::BranchSecretary, Some(&commune))
        .await;
    Place {
        user,
        commune,
        person,
        branch,
        activity,
        body,
        meeting,
        session,
        question,
    }
}

/// The renewal campaign of the walk (every branch of the country due).
const CAMPAIGN: &str = "walk-2026";

/// A medical caravan the party held at `commune`, verified (so that no route of the walk changes
/// it: a verified activity is no longer corrected, deleted nor reviewed).
async fn activity_at(app: &TestApp, commune: &str) -> String {
    let draft = mizan::activities::draft::ActivityDraft {
        kind: "medical_caravan".into(),
        date: "2026-11-20".into(),
        status: "done".into(),
        counts: vec![("women".into(), "12".into()), ("men".into(), "8".into())],
        ..Default::default()
    };
    let uid = mizan::activities::actions::record(
        &app.state,
        &mizan::auth::Permit::everywhere(),
        &mizan::audit::Actor::cli(),
        commune,
        &draft,
    )
    .await
    .expect("an activity");
    crate::helpers::execute(
        &app.state.db,
        &format!("UPDATE activities SET status = 'verified' WHERE uid = '{uid}'"),
    )
    .await;
    uid
}

/// A café session at `commune`, open at the tests' time, published without moderation, with a
/// question in it.
async fn cafe_at(app: &TestApp, commune: &str) -> (i64, i64) {
    use mizan::cafe::actions;
    let draft = actions::SessionDraft {
        title: "جلسة".into(),
        event: "منتدى الشباب".into(),
        territory: commune.into(),
        opens_at: "2026-11-29T10:30".into(),
        premoderation: None,
        ..Default::default()
    };
    let session = actions::create_session(
        &app.state,
        &mizan::audit::Actor::cli(),
        &mizan::auth::Permit::everywhere(),
        &draft,
    )
    .await
    .expect("a session");
    let who = actions::Participant {
        device_digest: format!("route-walk-{commune}"),
        ip: "192.0.2.1".into(),
    };
    let question = actions::QuestionDraft {
        body: "متى؟".into(),
        ..Default::default()
    };
    let (question, _) = actions::ask(&app.state, &session, &who, &question)
        .await
        .expect("a question");
    (session.id, question)
}

/// A commune council at `commune` (its type made once) with a meeting scheduled.
async fn organ_at(app: &TestApp, commune: &str) -> (i64, i64) {
    use mizan::bodies::{model::BodyType, store};
    let now = app.state.clock.now();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a day");
    let mut tx = app.state.db.begin().await.expect("tx");
    if mizan::bodies::types::store::body_types(&app.state.db)
        .await
        .expect("types")
        .is_empty()
    {
        let org = mizan::organizations::Organization {
            id: 0,
            code: "party".into(),
            kind: "party".into(),
            name_ar: "الحزب".into(),
            name_fr: "Le parti".into(),
            name_en: "The party".into(),
            walled: false,
        };
        let organization_id = mizan::organizations::insert(&mut tx, &org, now)
            .await
            .expect("party");
        let t = BodyType {
            id: 0,
            code: "commune_council".into(),
            organization_id,
            name_ar: "المجلس المحلي".into(),
            name_fr: "Conseil local".into(),
            name_en: "Local council".into(),
            level: "commune".into(),
            meetings_per_year: 2,
            quorum_rule: "majority".into(),
            quorum_numerator: 1,
            quorum_denominator: 2,
            one_per_unit: true,
            retired_on: None,
        };
        mizan::bodies::types::store::insert_body_type(&mut tx, &t, &[], now)
            .await
            .expect("a type");
    }
    let path = scalar(
        &app.state.db,
        &format!("SELECT COUNT(*) FROM territory_units WHERE code = '{commune}'"),
    )
    .await;
    assert_eq!(path, 1);
    let unit = mizan::territory::store::visible_unit(&app.state.db, commune, &mizan::auth::Scope::Everywhere)
        .await
        .expect("unit")
        .expect("the commune");
    store::create_bodies_for_unit(&mut tx, &unit.code, &unit.path, "commune", day, now)
        .await
        .expect("a body");
    tx.commit().await.expect("commit");
    let body = scalar(
        &app.state.db,
        &format!("SELECT id FROM bodies WHERE unit_code = '{commune}'"),
    )
    .await;
    let mut tx = app.state.db.begin().await.expect("tx");
    let found = store::bodies_of_type(&mut tx, 1).await.expect("bodies");
    let record = found.iter().find(|b| b.id == body).expect("the body");
    store::insert_meeting(
        &mut tx,
        &store::NewMeeting {
            body: record,
            status: "scheduled",
            scheduled_on: day,
            held_on: None,
            place: "",
            agenda: "",
            theme_id: None,
            attendance: &[],
            guests: &[],
            minutes: "",
            recorded_by: "test",
        },
        now,
    )
    .await
    .expect("a meeting");
    tx.commit().await.expect("commit");
    let meeting = scalar(
        &app.state.db,
        &format!("SELECT id FROM meetings WHERE body_id = {body}"),
    )
    .await;
    (body, meeting)
}

#[tokio::test]
async fn every_route_is_gated_and_scoped() {
    let app = TestApp::new().await;
    let routes = mizan::router::routes();
    let expectations = expectations();
    let listed: Vec<String> = routes
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    let missing: Vec<&String> = listed
        .iter()
        .filter(|k| !expectations.contains_key(k.as_str()))
        .collect();
    let stale: Vec<&&str> = expectations
        .keys()
        .filter(|k| !listed.iter().any(|l| l == *k))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without expectations in tests/it/routes.rs: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "expectations for routes that no longer exist: {stale:?}"
    );

    let youth = youth_expectations();
    let places: Vec<&String> = listed
        .iter()
        .filter(|k| {
            expectations[k.as_str()].taza_on_taza.is_some()
                || expectations[k.as_str()].taza_on_taounate.is_some()
        })
        .collect();
    let missing: Vec<&&String> = places
        .iter()
        .filter(|k| !youth.contains_key(k.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "routes about a place without the youth officer's expectation: {missing:?}"
    );

    let taounate = place_in(&app, TAOUNATE).await;
    let taza = place_in(&app, TAZA).await;
    renewal_campaign(&app).await;
    let token = app
        .token_for("coord.taza.script", Role::Coordinator, Some(TAZA))
        .await;
    let mut browser = app.signed_in("coord.taza", Role::Coordinator, Some(TAZA)).await;
    // An officer of the youth wing in Taza: the party's records of Taza are not theirs.
    let youth_wing = youth_wing(&app).await;
    let grant = |role| mizan::auth::actions::NewGrant {
        role,
        scope_code: Some(TAZA.to_owned()),
        organization_id: Some(youth_wing),
    };
    let mut officer = app
        .signed_in_granted("youth.taza", grant(Role::OrganizationOfficer))
        .await;
    app.create_user_granted("youth.taza.script", grant(Role::OrganizationOfficer))
        .await;
    let officer_token = mizan::auth::actions::create_token(
        &app.state,
        &mizan::audit::Actor::cli(),
        "youth.taza.script",
        "walk",
        None,
    )
    .await
    .expect("a token");

    let mut wrong = Vec::new();
    for route in &routes {
        let key = format!("{} {}", route.method, route.path);
        let expected = &expectations[key.as_str()];
        let path = url(&app, route.path, &taounate);
        let response = anonymous(&app, &route.method, &path).await;
        assert_eq!(
            response.status, expected.anonymous,
            "anonymous {key}: {}",
            response.body
        );

        for (who, place, expectation) in [
            ("coordinator of Taza", &taounate, expected.taza_on_taounate),
            ("coordinator of Taza", &taza, expected.taza_on_taza),
            (
                "youth officer of Taza",
                &taza,
                youth
                    .get(key.as_str())
                    .copied()
                    .flatten()
                    .map(|s| StatusCode::from_u16(s).expect("a status")),
            ),
        ] {
            let Some(status) = expectation else { continue };
            let (browser, token) = if who.starts_with("youth") {
                (&mut officer, &officer_token)
            } else {
                (&mut browser, &token)
            };
            let path = url(&app, route.path, place);
            let refused_write = route.method == Method::POST && status.as_u16() >= 400;
            let before = if refused_write {
                Some(store_contents(&app).await)
            } else {
                None
            };
            let response = if path.starts_with("/api/") {
                let body = (route.method == Method::POST)
                    .then(|| serde_json::from_str(&body_for(&path).1).expect("json"));
                crate::helpers::api(&app, route.method.clone(), &path, Some(token), body).await
            } else if route.method == Method::POST {
                browser.post_form(&path, FIELDS).await
            } else {
                browser.get(&path).await
            };
            if response.status != status {
                let said = response.texts("main p, h1").join(" / ");
                wrong.push(format!(
                    "{who}, {key} at {}: {} instead of {status} ({})",
                    place.commune,
                    response.status,
                    if said.is_empty() { &response.body } else { &said }
                ));
            }
            if let Some(before) = before
                && before != store_contents(&app).await
            {
                wrong.push(format!(
                    "{who}, {key} at {} was refused ({status}) but changed the store",
                    place.commune
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // Every page the coordinator opened, in French and English too, and every page the national
    // administrator opens, in the three languages; every error's message: no message key may
    // show instead of its text.
    for language in ["fr", "en"] {
        browser.accept_language = Some(language.to_owned());
        for route in &routes {
            let key = format!("{} {}", route.method, route.path);
            if route.method == Method::GET
                && !route.path.starts_with("/api/")
                && expectations[key.as_str()].taza_on_taza == Some(StatusCode::OK)
            {
                browser.get(&url(&app, route.path, &taza)).await;
            }
        }
    }
    let mut admin = app.signed_in("national", Role::NationalAdmin, None).await;
    for language in ["ar", "fr", "en"] {
        admin.accept_language = Some(language.to_owned());
        for route in routes
            .iter()
            .filter(|r| r.method == Method::GET && !r.path.starts_with("/api/"))
        {
            if !route.path.ends_with("/events") {
                admin.get(&url(&app, route.path, &taza)).await;
            }
        }
    }
    for code in mizan::error::ERROR_CODES {
        for locale in mizan::i18n::Locale::ALL {
            let key = mizan::ui::errors::message_key(code);
            app.state.i18n.t(locale, &key);
            app.state.i18n.t(locale, &format!("{key}-help"));
        }
    }
    let missing = app.state.i18n.missing();
    assert!(
        missing.is_empty(),
        "message keys shown instead of their text: {missing:?}"
    );
}

/// The walk's renewal campaign: every branch of the country due (the party's).
async fn renewal_campaign(app: &TestApp) {
    let draft = mizan::renewal::actions::CampaignDraft {
        code: CAMPAIGN.into(),
        name_ar: "تجديد الفروع".into(),
        name_fr: "Renouvellement".into(),
        name_en: String::new(),
        scope: "MA".into(),
        starts_on: "2026-10-01".into(),
        ends_on: "2027-03-31".into(),
        min_paid_members: "0".into(),
    };
    mizan::renewal::actions::open_campaign(&app.state, &mizan::audit::Actor::cli(), &draft)
        .await
        .expect("a campaign");
}

/// The youth wing, a parallel organization (not walled).
async fn youth_wing(app: &TestApp) -> i64 {
    let org = mizan::organizations::Organization {
        id: 0,
        code: "youth".into(),
        kind: "parallel".into(),
        name_ar: "الشبيبة".into(),
        name_fr: "La jeunesse".into(),
        name_en: "The youth wing".into(),
        walled: false,
    };
    let mut tx = app.state.db.begin().await.expect("tx");
    let id = mizan::organizations::insert(&mut tx, &org, app.state.clock.now())
        .await
        .expect("the youth wing");
    tx.commit().await.expect("commit");
    id
}

/// Everything the store holds, row by row and sorted, but what any request moves (the sessions'
/// and tokens' times of last use, and the audit entries of a page that opens a person's file to
/// say what was refused, with the chain's head): what a refused write must leave as it was.
async fn store_contents(app: &TestApp) -> Vec<String> {
    const MOVING: [&str; 3] = ["sessions", "api_tokens", "audit_head"];
    let only = |table: &str| {
        if table == "audit_log" {
            " WHERE action <> 'person.read'"
        } else {
            ""
        }
    };
    let db = &app.state.db;
    let tables: Vec<String> = match db {
        mizan::store::Db::Sqlite { reader, .. } => {
            sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT LIKE 'people_search%' ORDER BY name",
            )
            .fetch_all(reader)
            .await
        }
        mizan::store::Db::Postgres(pool) => {
            sqlx::query_scalar(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
            )
            .fetch_all(pool)
            .await
        }
    }
    .expect("the tables");
    let mut contents = Vec::new();
    for table in tables.iter().filter(|t| !MOVING.contains(&t.as_str())) {
        let mut rows: Vec<String> = match db {
            mizan::store::Db::Sqlite { reader, .. } => {
                let columns: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT name FROM pragma_table_info('{table}')"
                )))
                .fetch_all(reader)
                .await
                .expect("columns");
                let row: Vec<String> = columns.iter().map(|c| format!("quote(\"{c}\")")).collect();
                let sql = format!(
                    "SELECT {} FROM \"{table}\"{}",
                    row.join(" || '|' || "),
                    only(table)
                );
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .fetch_all(reader)
                    .await
            }
            mizan::store::Db::Postgres(pool) => {
                let sql = format!("SELECT t::text FROM \"{table}\" t{}", only(table));
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await
            }
        }
        .expect("the rows");
        rows.sort();
        contents.push(format!("{table}: {}", rows.len()));
        contents.extend(rows);
    }
    contents
}

#[tokio::test]
async fn an_unknown_address_or_method_is_answered_in_our_error_shape() {
    let app = TestApp::new().await;
    let page = anonymous(&app, &Method::GET, "/no/such/page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(page.texts("h1"), vec!["غير موجود"]);
    let api = anonymous(&app, &Method::GET, "/api/v1/nothing").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.header("content-type"), Some("application/problem+json"));
    let method = anonymous(&app, &Method::DELETE, "/healthz").await;
    assert_eq!(method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(method.texts("h1"), vec!["طريقة غير مقبولة"]);
}
