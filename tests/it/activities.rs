//! Volunteer activities: the rollups kept on write equal a rebuild from the records after any
//! sequence of writes, and the demo's year of volunteering shows its figures.

use axum::http::{Method, StatusCode};
use chrono::{Duration, NaiveDate};
use mizan::activities::model::{ActivityType, Category};
use mizan::activities::store::{self, NewActivity, NewCampaign};
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

#[tokio::test]
async fn the_rollups_kept_on_write_equal_a_rebuild_after_random_writes() {
    let app = TestApp::new().await;
    let now = app.state.clock.now();
    let mut tx = app.state.db.begin().await.expect("tx");
    let mut types = Vec::new();
    for code in ["caravan", "training", "solidarity"] {
        let t = ActivityType {
            id: 0,
            code: code.into(),
            name_ar: code.into(),
            name_fr: code.into(),
            name_en: code.into(),
            icon: code.into(),
        };
        types.push(store::insert_type(&mut tx, &t).await.expect("a type"));
    }
    let mut categories = Vec::new();
    for (rank, (code, in_total)) in [("women", true), ("men", true), ("youth", false)]
        .into_iter()
        .enumerate()
    {
        let c = Category {
            id: 0,
            code: code.into(),
            name_ar: code.into(),
            name_fr: code.into(),
            name_en: code.into(),
            in_total,
        };
        categories.push(
            store::insert_category(&mut tx, &c, rank as i64)
                .await
                .expect("a category"),
        );
    }
    let first = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a day");
    let campaign = store::insert_campaign(
        &mut tx,
        &NewCampaign {
            code: "c",
            names: ["c", "c", "c"],
            scope: ("MA", "/MA/"),
            period: (first, NaiveDate::from_ymd_opt(2026, 12, 31).expect("a day")),
            target_activities: 10,
            target_beneficiaries: 100,
        },
        now,
    )
    .await
    .expect("a campaign");
    tx.commit().await.expect("commit");
    let places = communes(&app).await;
    let statuses = ["planned", "done", "verified", "rejected"];

    for seed in 0..4 {
        let mut rng = Rng::new(seed);
        let mut live: Vec<String> = Vec::new();
        for n in 0..60 {
            let mut tx = app.state.db.begin().await.expect("tx");
            let counts: Vec<(i64, i64)> = categories.iter().map(|c| (*c, rng.between(0, 50))).collect();
            match rng.below(4) {
                // A new activity, often on a day and in a commune already used.
                0 | 1 => {
                    let (code, path) = rng.pick(&places).clone();
                    let uid = format!("s{seed}-a{n}");
                    let day = first + Duration::days(rng.between(0, 20));
                    let status = *rng.pick(&statuses);
                    store::insert(
                        &mut tx,
                        &NewActivity {
                            uid: &uid,
                            type_id: *rng.pick(&types),
                            campaign_id: rng.chance(0.7).then_some(campaign),
                            title: "t",
                            starts_on: day,
                            ends_on: day,
                            commune: (&code, &path),
                            rural: false,
                            organizer: (None, &path),
                            description: "",
                            status,
                            recorded_by: "test",
                        },
                        &counts,
                        now,
                    )
                    .await
                    .expect("inserted");
                    live.push(uid);
                }
                // Verified, rejected, corrected…
                2 if !live.is_empty() => {
                    let uid = rng.pick(&live).clone();
                    let before = store::by_uid(&mut tx, &uid).await.expect("read").expect("live");
                    let status = *rng.pick(&statuses);
                    store::change(&mut tx, &before, status, &counts, Some("why"), now)
                        .await
                        .expect("changed");
                }
                // …or deleted.
                _ if !live.is_empty() => {
                    let i = rng.below(live.len() as u64) as usize;
                    let uid = live.swap_remove(i);
                    let before = store::by_uid(&mut tx, &uid).await.expect("read").expect("live");
                    store::delete(&mut tx, &before).await.expect("deleted");
                }
                _ => {}
            }
            tx.commit().await.expect("commit");
        }
        let incremental = store::rollup_rows(&app.state.db).await.expect("rows");
        let mut tx = app.state.db.begin().await.expect("tx");
        store::rebuild_rollups(&mut tx).await.expect("rebuilt");
        tx.commit().await.expect("commit");
        let rebuilt = store::rollup_rows(&app.state.db).await.expect("rows");
        assert!(!rebuilt.is_empty());
        assert_eq!(incremental, rebuilt, "seed {seed}: the rollups equal a rebuild");
    }

    // The figures read from the rollups equal a sum over the records themselves.
    let counted: i64 = crate::helpers::scalar(
        &app.state.db,
        "SELECT CAST(COALESCE(SUM(n.count), 0) AS BIGINT) FROM activities a JOIN activity_counts n ON n.activity_id = a.id \
         JOIN beneficiary_categories c ON c.id = n.category_id \
         WHERE a.status IN ('done', 'verified') AND c.in_total = TRUE",
    )
    .await;
    let activities = crate::helpers::scalar(
        &app.state.db,
        "SELECT COUNT(*) FROM activities WHERE status IN ('done', 'verified')",
    )
    .await;
    let token = app.token_for("admin.activities", Role::NationalAdmin, None).await;
    let figure = api(
        &app,
        Method::GET,
        "/api/v1/figures/activities?from=2026-01-01&to=2026-12-31",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(figure.status, StatusCode::OK, "{}", figure.body);
    let json = figure.json();
    assert_eq!(json["beneficiaries"], counted);
    assert_eq!(json["activities"], activities);
}

#[tokio::test]
async fn the_demo_year_of_volunteering_counts_about_1300_activities_and_13_million_beneficiaries() {
    let (app, _) = TestApp::with_demo().await;
    let token = app
        .token_for("admin.volunteering", Role::NationalAdmin, None)
        .await;
    let figure = api(
        &app,
        Method::GET,
        "/api/v1/figures/activities?campaign=volunteering-2026",
        Some(&token),
        None,
    )
    .await;
    assert_eq!(figure.status, StatusCode::OK, "{}", figure.body);
    let json = figure.json();
    let activities = json["activities"].as_i64().expect("activities");
    let beneficiaries = json["beneficiaries"].as_i64().expect("beneficiaries");
    assert!(
        (1_200..=1_400).contains(&activities),
        "about 1,300 activities: {activities}"
    );
    assert!(
        (1_150_000..=1_450_000).contains(&beneficiaries),
        "about 1.3 million counted beneficiaries: {beneficiaries}"
    );
    let regions = json["children"].as_array().expect("regions");
    let sum = |field: &str| -> i64 { regions.iter().map(|r| r[field].as_i64().expect("n")).sum() };
    assert_eq!(sum("activities"), activities);
    assert_eq!(sum("beneficiaries"), beneficiaries);
    assert!(json["per_100k"].as_f64().is_some_and(|c| c > 0.0));
    // The provinces the report names got more per inhabitant than the country as a whole.
    let taounate = api(
        &app,
        Method::GET,
        "/api/v1/figures/activities?campaign=volunteering-2026&territory=03.531",
        Some(&token),
        None,
    )
    .await
    .json();
    assert!(
        taounate["per_100k"].as_f64().expect("coverage") > json["per_100k"].as_f64().expect("coverage"),
        "Taounate above the national coverage"
    );
    // A coordinator of Taza sees Taza's figures by default, and no other province's.
    let taza = app
        .token_for("coord.taza.activities", Role::Coordinator, Some("03.561"))
        .await;
    let own = api(
        &app,
        Method::GET,
        "/api/v1/figures/activities?campaign=volunteering-2026",
        Some(&taza),
        None,
    )
    .await;
    assert_eq!(own.json()["territory"], "03.561");
    let other = api(
        &app,
        Method::GET,
        "/api/v1/figures/activities?campaign=volunteering-2026&territory=03.531",
        Some(&taza),
        None,
    )
    .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
}
