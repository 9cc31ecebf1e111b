//! Volunteer activities: the rollups kept on write equal a rebuild from the records after any
//! sequence of writes, and the demo's year of volunteering shows its figures.

mod figures;
mod photos;
mod record;
mod rollups;
mod types;

use axum::http::{Method, StatusCode};
use chrono::{Duration, NaiveDate};
use mizan::activities::model::{ActivityType, Category};
use mizan::activities::settings::store::{self as settings, NewCampaign};
use mizan::activities::store::{self, NewActivity, Revision};
use mizan::auth::Role;
use mizan::demo::Rng;

use crate::helpers::{TestApp, api};

async fn communes(app: &TestApp) -> Vec<(String, String)> {
    mizan::on_db!(&app.state.db, |c| sqlx::query_as(
        "SELECT code, path FROM territory_units WHERE level = 'commune' ORDER BY code LIMIT 12"
    )
    .fetch_all(c)
    .await)
    .expect("communes")
}

/// The national figures of the demo's campaign: (activities, verified, counted beneficiaries).
async fn national(app: &TestApp, token: &str) -> (i64, i64, i64) {
    let f = api(
        app,
        Method::GET,
        "/api/v1/figures/activities?campaign=volunteering-2026",
        Some(token),
        None,
    )
    .await
    .json();
    (
        f["activities"].as_i64().expect("n"),
        f["verified"].as_i64().expect("v"),
        f["beneficiaries"].as_i64().expect("b"),
    )
}

/// Activities of one type in the demo's campaign, nationally.
async fn of_type(app: &TestApp, token: &str, code: &str) -> i64 {
    let id = settings::types(&app.state.db)
        .await
        .expect("types")
        .into_iter()
        .find(|t| t.code == code)
        .expect("a type")
        .id;
    let f = api(
        app,
        Method::GET,
        "/api/v1/figures/activities?campaign=volunteering-2026",
        Some(token),
        None,
    )
    .await
    .json();
    f["by_type"][id.to_string()]["activities"].as_i64().unwrap_or(0)
}

/// Distinct registered people of the demo's campaign, nationally.
async fn registered(app: &TestApp, token: &str) -> i64 {
    api(
        app,
        Method::GET,
        "/api/v1/figures/activities?campaign=volunteering-2026",
        Some(token),
        None,
    )
    .await
    .json()["registered"]
        .as_i64()
        .expect("registered")
}

/// Distinct volunteers of the demo's campaign, nationally.
async fn volunteers(app: &TestApp, token: &str) -> i64 {
    api(
        app,
        Method::GET,
        "/api/v1/figures/activities?campaign=volunteering-2026",
        Some(token),
        None,
    )
    .await
    .json()["volunteers"]
        .as_i64()
        .expect("volunteers")
}

/// A person of the registry living at `branch`'s commune, by name in Arabic; their uid.
async fn person_at(app: &TestApp, branch: &str, given: &str, family: &str) -> String {
    let draft = mizan::people::draft::PersonDraft {
        given_ar: given.into(),
        family_ar: family.into(),
        ..Default::default()
    };
    mizan::people::actions::create_person(&app.state, &mizan::auth::Permit::cli(), branch, &draft)
        .await
        .expect("a person")
}

/// The activity an answer sent the browser to (`/activities/{uid}`): its uid.
fn activity_at(answer: &crate::helpers::TestResponse) -> String {
    let to = answer.location().expect("to the activity");
    to.strip_prefix("/activities/")
        .expect("an activity's page")
        .to_owned()
}
