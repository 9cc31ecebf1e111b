//! Volunteer activities: the rollups kept on write equal a rebuild from the records after any
//! sequence of writes, and the demo's year of volunteering shows its figures.

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
        types.push(settings::insert_type(&mut tx, &t).await.expect("a type"));
    }
    let mut categories = Vec::new();
    for (rank, (code, in_total)) in [("t-women", true), ("t-men", true), ("t-youth", false)]
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
            settings::insert_category(&mut tx, &c, rank as i64)
                .await
                .expect("a category"),
        );
    }
    let first = NaiveDate::from_ymd_opt(2026, 1, 1).expect("a day");
    let campaign = settings::insert_campaign(
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
    // People to link, as registered beneficiaries or volunteers: the distinct-people rollup.
    for (code, _) in places.iter().take(6) {
        person_at(&app, code, "سعيد", "العلوي").await;
    }
    let people: Vec<i64> = mizan::on_db!(&app.state.db, |c| sqlx::query_scalar(
        "SELECT id FROM people ORDER BY id"
    )
    .fetch_all(c)
    .await)
    .expect("people");

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
                // Verified, rejected, corrected (sometimes its day, type and campaign too)…
                2 if !live.is_empty() => {
                    let uid = rng.pick(&live).clone();
                    let before = store::by_uid(&mut tx, &uid).await.expect("read").expect("live");
                    let status = *rng.pick(&statuses);
                    let mut revision = Revision::status(&before.0, status);
                    if rng.chance(0.5) {
                        let day = first + Duration::days(rng.between(0, 20));
                        revision.days = (day, day + Duration::days(rng.between(0, 3)));
                        revision.type_id = *rng.pick(&types);
                        revision.campaign_id = rng.chance(0.7).then_some(campaign);
                    }
                    store::change(&mut tx, &before, &revision, &counts, Some("why"), now)
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
            // Someone registered, or volunteering, at a live activity.
            if !live.is_empty() && rng.chance(0.6) {
                let uid = rng.pick(&live).clone();
                let (activity, _) = store::by_uid(&mut tx, &uid).await.expect("read").expect("live");
                let kind = if rng.chance(0.5) {
                    mizan::activities::links::store::Link::Beneficiary
                } else {
                    mizan::activities::links::store::Link::Volunteer
                };
                mizan::activities::links::store::link(
                    &mut tx,
                    kind,
                    activity.id,
                    *rng.pick(&people),
                    "test",
                    now,
                )
                .await
                .expect("linked");
            }
            tx.commit().await.expect("commit");
        }
        let incremental = store::rollups::rollup_rows(&app.state.db).await.expect("rows");
        let reach = mizan::activities::links::store::reach_rows(&app.state.db)
            .await
            .expect("reach");
        let mut tx = app.state.db.begin().await.expect("tx");
        store::rollups::rebuild_rollups(&mut tx).await.expect("rebuilt");
        tx.commit().await.expect("commit");
        let rebuilt = store::rollups::rollup_rows(&app.state.db).await.expect("rows");
        assert!(!rebuilt.is_empty());
        assert_eq!(incremental, rebuilt, "seed {seed}: the rollups equal a rebuild");
        let rebuilt_reach = mizan::activities::links::store::reach_rows(&app.state.db)
            .await
            .expect("reach");
        assert!(!rebuilt_reach.0.is_empty(), "seed {seed}: someone was reached");
        assert_eq!(
            reach, rebuilt_reach,
            "seed {seed}: the distinct people equal a rebuild"
        );
    }

    // Distinct people of the whole campaign, from the rollup, equal a count over the links.
    let distinct = crate::helpers::scalar(
        &app.state.db,
        "SELECT COUNT(DISTINCT l.person_id) FROM activity_people l JOIN activities a ON a.id = l.activity_id \
         WHERE a.status IN ('done', 'verified') AND a.campaign_id IS NOT NULL",
    )
    .await;

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
    let whole = api(
        &app,
        Method::GET,
        "/api/v1/figures/activities?campaign=c",
        Some(&token),
        None,
    )
    .await
    .json();
    assert!(distinct > 0);
    assert_eq!(whole["registered"], distinct);
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
    // The list behind the number says the same number, and shows every one of them, a hundred a
    // page.
    let mut reader = app.signed_in("viewer.volunteering", Role::Viewer, None).await;
    let mut next = Some("/activities?campaign=volunteering-2026&territory=MA&status=counted".to_owned());
    let (mut pages, mut rows) = (0, 0);
    while let Some(path) = next {
        let page = reader.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let title: String = page.texts("h1").concat();
        let said: String = title
            .rsplit('(')
            .next()
            .unwrap_or_default()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        assert_eq!(
            said,
            activities.to_string(),
            "the list's title is the figure: {title}"
        );
        let shown = page.count("tr[data-uid]");
        assert!(shown <= 100, "a hundred a page at most: {shown}");
        rows += shown;
        pages += 1;
        next = page.attr("a[rel=next]", "href");
    }
    assert_eq!(
        rows as i64, activities,
        "every activity of the figure, on {pages} pages"
    );
    assert_eq!(pages, (activities + 99) / 100);
    let registered = json["registered"].as_i64().expect("registered");
    assert!(
        registered > 0 && registered < beneficiaries / 10,
        "some of them registered by name, a separate figure: {registered}"
    );
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

#[tokio::test]
async fn a_volunteer_records_an_activity_the_coordinator_verifies_it_and_the_figures_follow_at_once() {
    let (app, report) = TestApp::with_demo().await;
    let branch = crate::helpers::rural_branch(&report);
    let token = app.token_for("admin.figures", Role::NationalAdmin, None).await;
    let before = national(&app, &token).await;

    // The branch's secretary, in Arabic, on the plain form.
    let mut volunteer = app.browser();
    volunteer.login("branch.rural", crate::helpers::PASSWORD).await;
    let form = volunteer
        .get(&format!("/territory/{branch}/activities/new"))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert_eq!(form.attr("html", "dir").as_deref(), Some("rtl"));
    let path = format!("/territory/{branch}/activities/new");
    let fields = [
        ("type", "medical_caravan"),
        ("status", "done"),
        ("date", "2026-11-20"),
        ("title", "قافلة طبية بالدوار"),
        ("count-women", "140"),
        ("count-men", "95"),
        ("count-children", "60"),
        ("count-youth", "70"),
        ("count-elderly", "400"),
    ];
    let refused = volunteer.post_form(&path, &fields).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "400 elderly of 295 people"
    );
    assert_eq!(refused.count("#count-elderly-error"), 1);
    let mut fields = fields.to_vec();
    fields.pop();
    fields.push(("count-elderly", "40"));
    let recorded = volunteer.post_form(&path, &fields).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let page = recorded.location().expect("to the activity").to_owned();
    let after_record = national(&app, &token).await;
    assert_eq!(after_record.0, before.0 + 1, "counted at once");
    assert_eq!(
        after_record.2,
        before.2 + 295,
        "women, men and children; youth and elderly are of whom"
    );
    assert_eq!(after_record.1, before.1);
    // The branch's secretary cannot verify their own work.
    let own = volunteer
        .post_form(&format!("{page}/review"), &[("verdict", "verify")])
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);

    // The province's coordinator verifies it.
    let mut coordinator = app.browser();
    coordinator
        .login("coord.taounate", crate::helpers::PASSWORD)
        .await;
    let shown = coordinator.get(&page).await;
    assert_eq!(shown.count("button[value=verify]"), 1);
    let verified = coordinator
        .post_form(&format!("{page}/review"), &[("verdict", "verify")])
        .await;
    assert_eq!(verified.status, StatusCode::SEE_OTHER, "{}", verified.body);
    let after_verify = national(&app, &token).await;
    assert_eq!(after_verify.1, before.1 + 1, "verified at once");
    assert_eq!(after_verify.0, after_record.0);
    let again = coordinator
        .post_form(&format!("{page}/review"), &[("verdict", "verify")])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // A woman of the douar is registered by name, with her consent: one more distinct person,
    // however many activities reach her; the counted beneficiaries do not change.
    let registered_before = registered(&app, &token).await;
    let person = person_at(&app, &branch, "فاطمة", "الحمري").await;
    let without = volunteer
        .post_form(
            &format!("{page}/people"),
            &[("person", &person), ("method", "paper")],
        )
        .await;
    assert_eq!(
        without.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not without her consent"
    );
    let with = volunteer
        .post_form(
            &format!("{page}/people"),
            &[("person", &person), ("method", "paper"), ("consent", "given")],
        )
        .await;
    assert_eq!(with.status, StatusCode::SEE_OTHER, "{}", with.body);
    assert_eq!(registered(&app, &token).await, registered_before + 1);
    assert_eq!(national(&app, &token).await.2, after_verify.2);
    let ledger = crate::helpers::scalar(
        &app.state.db,
        &format!(
            "SELECT COUNT(*) FROM consents c JOIN people p ON p.id = c.person_id \
             WHERE p.uid = '{person}' AND c.purpose = 'beneficiary_records' AND c.given = TRUE"
        ),
    )
    .await;
    assert_eq!(ledger, 1, "her consent is in the ledger");

    // A visitor from Taza benefited too, registered by the national administration: the branch
    // counts her, but her name is not the branch's to read.
    let taza = crate::helpers::text(
        &app.state.db,
        "SELECT MIN(code) FROM territory_units WHERE kind = 'branch' AND path LIKE '%/03.561/%'",
    )
    .await;
    let visitor = person_at(&app, &taza, "زينب", "التازية").await;
    let mut national_office = app.signed_in("national.office", Role::NationalAdmin, None).await;
    let linked = national_office
        .post_form(
            &format!("{page}/people"),
            &[("person", &visitor), ("method", "paper"), ("consent", "given")],
        )
        .await;
    assert_eq!(linked.status, StatusCode::SEE_OTHER, "{}", linked.body);
    let shown = volunteer.get(&page).await;
    assert_eq!(
        shown.count("#registered ul.registered li"),
        1,
        "only the one within the branch's reach is named"
    );
    assert!(!shown.body.contains(&visitor) && !shown.body.contains("زينب"));
    assert!(
        shown.texts("#registered h2").concat().contains('2'),
        "both counted"
    );
    assert_eq!(
        shown.count("#registered p.muted"),
        1,
        "and it says why a name is missing"
    );

    // The dashboard's numbers lead to their records.
    let mut admin = app.signed_in("admin.dashboard", Role::NationalAdmin, None).await;
    let dashboard = admin.get("/figures/activities?campaign=volunteering-2026").await;
    assert_eq!(dashboard.status, StatusCode::OK, "{}", dashboard.body);
    assert_eq!(
        dashboard.count("figure.map path"),
        12,
        "the regions, coloured by coverage"
    );
    assert_eq!(
        dashboard.count("p.progress"),
        1,
        "progress to the campaign's targets"
    );
    assert_eq!(dashboard.count("ol.top li"), 3);
    assert_eq!(dashboard.count("ol.bottom li"), 3);
    let list = admin
        .get(&format!(
            "/activities?campaign=volunteering-2026&territory={}&status=counted",
            &branch[..6]
        ))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let uid = page.trim_start_matches("/activities/");
    assert_eq!(
        list.count(&format!("tr[data-uid='{uid}']")),
        1,
        "the new activity is behind the number"
    );
    // The same list and the figures go to Excel, and the exports are in the audit log.
    let link = list
        .attr("a[href^='/activities.csv']", "href")
        .expect("an export link");
    let csv = admin.get(&link).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(String::from_utf8_lossy(&csv.bytes).contains(uid));
    let xlsx = admin
        .get("/figures/activities.xlsx?campaign=volunteering-2026")
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.bytes.starts_with(b"PK"), "a workbook");
    assert_eq!(
        crate::helpers::scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'activities.export'"
        )
        .await,
        2
    );
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

#[tokio::test]
async fn a_planned_activity_becomes_done_a_count_is_corrected_and_a_mistake_deleted_with_the_figures_following()
 {
    let (app, report) = TestApp::with_demo().await;
    let branch = crate::helpers::rural_branch(&report);
    let token = app.token_for("admin.figures", Role::NationalAdmin, None).await;
    let before = national(&app, &token).await;
    let mut volunteer = app.browser();
    volunteer.login("branch.rural", crate::helpers::PASSWORD).await;
    let path = format!("/territory/{branch}/activities/new");
    let planned = volunteer
        .post_form(
            &path,
            &[
                ("type", "youth_training"),
                ("status", "planned"),
                ("date", "2026-11-25"),
                ("title", "تكوين في المعلوميات"),
                ("partners", "جمعية الأمل، Association Al Amal\nجمعية الأمل"),
            ],
        )
        .await;
    assert_eq!(planned.status, StatusCode::SEE_OTHER, "{}", planned.body);
    let page = planned.location().expect("the activity").to_owned();
    let shown = volunteer.get(&page).await;
    assert_eq!(
        shown.texts(".partners bdi"),
        vec!["Association Al Amal", "جمعية الأمل"],
        "each partner once, whatever the separator"
    );
    assert_eq!(
        national(&app, &token).await.0,
        before.0,
        "a planned activity is not counted"
    );

    // It took place: done, with its counts (one typed wrong first).
    let form = volunteer.get(&format!("{page}/edit")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let wrong = volunteer
        .post_form(
            &format!("{page}/edit"),
            &[
                ("type", "youth_training"),
                ("date", "2026-11-25"),
                ("status", "done"),
                ("count-women", "30"),
                ("count-men", "12"),
                ("count-youth", "90"),
            ],
        )
        .await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "90 youth of 42 people"
    );
    assert_eq!(wrong.count("#count-youth-error"), 1);
    assert_eq!(
        wrong.attr("#count-women", "value").as_deref(),
        Some("30"),
        "nothing typed is lost"
    );
    let done = volunteer
        .post_form(
            &format!("{page}/edit"),
            &[
                ("type", "youth_training"),
                ("date", "2026-11-25"),
                ("status", "done"),
                ("count-women", "30"),
                ("count-men", "12"),
                ("count-youth", "40"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let after = national(&app, &token).await;
    assert_eq!(
        (after.0, after.2),
        (before.0 + 1, before.2 + 42),
        "counted at once"
    );
    // The count was typed wrong, and it was a two-day caravan, not a training.
    let trainings = of_type(&app, &token, "youth_training").await;
    let caravans = of_type(&app, &token, "medical_caravan").await;
    let mut correction = vec![
        ("type", "medical_caravan"),
        ("date", "2026-11-24"),
        ("until", "2026-11-23"),
        ("status", "done"),
        ("count-women", "35"),
        ("count-men", "12"),
        ("partners", "جمعية الأمل"),
    ];
    let backwards = volunteer.post_form(&format!("{page}/edit"), &correction).await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        backwards.count("#until-error"),
        1,
        "the last day before the first"
    );
    correction[2] = ("until", "2026-11-25");
    let corrected = volunteer.post_form(&format!("{page}/edit"), &correction).await;
    assert_eq!(corrected.status, StatusCode::SEE_OTHER, "{}", corrected.body);
    let shown = volunteer.get(&page).await;
    assert_eq!(shown.texts(".partners bdi"), vec!["جمعية الأمل"]);
    assert_eq!(
        (
            of_type(&app, &token, "youth_training").await,
            of_type(&app, &token, "medical_caravan").await
        ),
        (trainings - 1, caravans + 1),
        "the figures by type follow the correction"
    );
    let form = volunteer.get(&format!("{page}/edit")).await;
    assert_eq!(
        (form.attr("#date", "value"), form.attr("#until", "value")),
        (Some("2026-11-24".into()), Some("2026-11-25".into())),
        "the correction form shows the days as recorded"
    );
    assert_eq!(
        national(&app, &token).await.2,
        before.2 + 47,
        "the correction replaces the count"
    );

    // A member of the douar gave her time: a volunteer, not a beneficiary. Her subject file
    // lists it, and her erasure takes the link away.
    let member = person_at(&app, &branch, "خديجة", "المتطوعة").await;
    let unknown = volunteer
        .post_form(&format!("{page}/volunteers"), &[("volunteer", "nobody")])
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.count("#volunteer-error"), 1);
    // Someone not yet registered is added where this secretary adds people: their branch.
    let add_new = unknown
        .attr("#volunteers a[href$='/people/new']", "href")
        .expect("a way to add a new person");
    assert_eq!(
        volunteer.get(&add_new).await.status,
        StatusCode::OK,
        "{add_new} opens for the branch's secretary"
    );
    let added = volunteer
        .post_form(&format!("{page}/volunteers"), &[("volunteer", &member)])
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let shown = volunteer.get(&page).await;
    assert_eq!(shown.count(&format!("#volunteers li[data-uid='{member}']")), 1);
    assert_eq!(
        national(&app, &token).await.2,
        before.2 + 47,
        "a volunteer is not a beneficiary"
    );
    assert_eq!(
        volunteers(&app, &token).await,
        1,
        "one distinct volunteer nationally"
    );
    let file = mizan::people::rights::subject_file(&app.state, &mizan::auth::Permit::cli(), &member)
        .await
        .expect("her file");
    assert_eq!(file.volunteered.len(), 1);
    mizan::people::rights::erase(
        &app.state,
        &mizan::auth::Permit::cli(),
        &member,
        "her request of today",
    )
    .await
    .expect("erased");
    assert_eq!(
        crate::helpers::scalar(&app.state.db, "SELECT COUNT(*) FROM activity_volunteers").await,
        0
    );
    assert_eq!(
        volunteers(&app, &token).await,
        0,
        "erased, she is no longer counted"
    );

    // Once verified, it is no longer changed or deleted.
    let mut coordinator = app.browser();
    coordinator
        .login("coord.taounate", crate::helpers::PASSWORD)
        .await;
    coordinator
        .post_form(&format!("{page}/review"), &[("verdict", "verify")])
        .await;
    let refused = volunteer
        .post_form(
            &format!("{page}/edit"),
            &[("status", "done"), ("count-women", "500")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(
        volunteer.post_form(&format!("{page}/delete"), &[]).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(national(&app, &token).await.2, before.2 + 47);

    // An activity recorded by mistake goes, and leaves the figures at once; its deletion is audited.
    let mistake = volunteer
        .post_form(
            &path,
            &[
                ("type", "medical_caravan"),
                ("status", "done"),
                ("date", "2026-11-26"),
                ("count-men", "7"),
                ("partners", "مستشفى القرب"),
            ],
        )
        .await;
    let mistake = mistake.location().expect("the activity").to_owned();
    assert_eq!(national(&app, &token).await.2, before.2 + 54);
    let deleted = volunteer.post_form(&format!("{mistake}/delete"), &[]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.body);
    assert_eq!(national(&app, &token).await.2, before.2 + 47);
    assert_eq!(volunteer.get(&mistake).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        crate::helpers::scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'activity.delete'"
        )
        .await,
        1
    );
    // Another province's secretary cannot touch it.
    let mut other = app
        .signed_in("secretary.elsewhere", Role::BranchSecretary, Some("03.561"))
        .await;
    assert_eq!(
        other.get(&format!("{page}/edit")).await.status,
        StatusCode::NOT_FOUND
    );
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

/// A phone's JPEG: its EXIF says where it was taken (a GPS block with the coordinates as text).
fn phone_photo() -> Vec<u8> {
    use image::ImageEncoder;
    let mut exif = b"II\x2a\0\x08\0\0\0\x01\0".to_vec();
    exif.extend_from_slice(&[0x25, 0x88, 0x04, 0, 1, 0, 0, 0, 0x1a, 0, 0, 0, 0, 0, 0, 0]);
    exif.extend_from_slice(b"GPS 34.0531N 4.8010W Ghafsai");
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new(&mut out);
    encoder.set_exif_metadata(exif).expect("exif");
    let pixels: Vec<u8> = (0..2400u32 * 1200)
        .flat_map(|i| [(i % 251) as u8, 90, 40])
        .collect();
    encoder
        .write_image(&pixels, 2400, 1200, image::ExtendedColorType::Rgb8)
        .expect("a jpeg");
    out
}

#[tokio::test]
async fn photos_are_kept_as_evidence_without_their_location_until_the_activity_is_verified() {
    let (app, report) = TestApp::with_demo().await;
    let branch = crate::helpers::rural_branch(&report);
    let mut volunteer = app.browser();
    volunteer.login("branch.rural", crate::helpers::PASSWORD).await;
    let recorded = volunteer
        .post_form(
            &format!("/territory/{branch}/activities/new"),
            &[
                ("type", "medical_caravan"),
                ("status", "done"),
                ("date", "2026-11-21"),
                ("count-women", "20"),
                ("count-men", "10"),
            ],
        )
        .await;
    let page = recorded.location().expect("the activity").to_owned();
    let token = volunteer.csrf().await;
    let send = |bytes: &[u8]| crate::helpers::multipart("photo", "IMG_2041.jpg", bytes);
    let path = format!("{page}/photos?_csrf={token}");

    let sent = phone_photo();
    assert!(
        sent.windows(3).any(|w| w == b"GPS"),
        "the fixture carries a location"
    );
    let (ct, body) = send(&sent);
    let kept = volunteer.request(Method::POST, &path, Some(&ct), body).await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER, "{}", kept.body);
    let shown = volunteer.get(&page).await;
    assert_eq!(shown.count("ul.photos img"), 1);
    let link = shown.attr("ul.photos a", "href").expect("the photo");
    let photo = volunteer.get(&link).await;
    assert_eq!(photo.header("content-type"), Some("image/jpeg"));
    assert!(photo.bytes.starts_with(b"\xFF\xD8\xFF"));
    assert!(!photo.bytes.windows(4).any(|w| w == b"Exif"), "metadata kept");
    assert!(!photo.bytes.windows(3).any(|w| w == b"GPS"), "location kept");
    let kept = image::load_from_memory(&photo.bytes).expect("a picture");
    assert_eq!((kept.width(), kept.height()), (1600, 800), "shrunk");
    let thumbnail = volunteer
        .get(&shown.attr("ul.photos img", "src").expect("a thumbnail"))
        .await;
    assert!(thumbnail.bytes.len() < photo.bytes.len());

    // What is not a photo is refused beside the field, in Arabic.
    let (ct, body) = send(b"%PDF-1.4\n%%EOF\n");
    let refused = volunteer.request(Method::POST, &path, Some(&ct), body).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let said = refused.texts("#photo-error").concat();
    assert!(said.contains("JPEG") && said.contains("صورة"), "{said}");

    // Another province's secretary sees neither the activity nor its photo.
    let mut other = app
        .signed_in("secretary.photos", Role::BranchSecretary, Some("03.561"))
        .await;
    assert_eq!(other.get(&link).await.status, StatusCode::NOT_FOUND);
    // A viewer of the province sees the activity, and that it has a photo, but not the photo:
    // it shows people.
    let mut viewer = app.signed_in("viewer.photos", Role::Viewer, Some("03.531")).await;
    let seen = viewer.get(&page).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.count("ul.photos img"), 0);
    assert_eq!(seen.texts("#photos h2"), vec!["الصور (إثبات) (1)"]);
    assert!(seen.texts("#photos p").concat().contains("الصور تُظهر أشخاصًا"));
    assert_eq!(viewer.get(&link).await.status, StatusCode::NOT_FOUND);

    // A second photo, sent by mistake, is removed; once verified, nothing changes any more.
    let (ct, body) = send(&sent);
    volunteer.request(Method::POST, &path, Some(&ct), body).await;
    let shown = volunteer.get(&page).await;
    assert_eq!(shown.count("ul.photos img"), 2);
    let remove = shown.attr("ul.photos form", "action").expect("a remove button");
    let removed = volunteer.post_form(&remove, &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert_eq!(volunteer.get(&page).await.count("ul.photos img"), 1);
    let mut coordinator = app.browser();
    coordinator
        .login("coord.taounate", crate::helpers::PASSWORD)
        .await;
    let verified = coordinator
        .post_form(&format!("{page}/review"), &[("verdict", "verify")])
        .await;
    assert_eq!(verified.status, StatusCode::SEE_OTHER, "{}", verified.body);
    let (ct, body) = send(&sent);
    let late = volunteer.request(Method::POST, &path, Some(&ct), body).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(coordinator.get(&page).await.count("ul.photos img"), 1);
    assert_eq!(
        crate::helpers::scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('activity.photo', 'activity.photo_removed')"
        )
        .await,
        3
    );
}

#[tokio::test]
async fn the_national_admin_adds_a_type_and_a_campaign_whose_targets_show_what_they_reached() {
    let (app, report) = TestApp::with_demo().await;
    let branch = crate::helpers::rural_branch(&report);
    let mut admin = app.signed_in("admin.settings", Role::NationalAdmin, None).await;
    let shipped = admin.get("/activity-types").await;
    assert_eq!(shipped.status, StatusCode::OK);
    assert_eq!(
        shipped.count("table.activity-types tbody tr"),
        6,
        "the shipped types"
    );

    // A clean-up campaign's type, counting women and children only; a wrong form keeps what was typed.
    let mut fields = vec![
        ("code", "Clean Up"),
        ("name_ar", "حملة نظافة"),
        ("name_fr", ""),
        ("name_en", "Clean-up"),
        ("icon", "environment"),
        ("category", "women"),
        ("category", "children"),
    ];
    let wrong = admin.post_form("/activity-types", &fields).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (wrong.count("#code-error"), wrong.count("#name_fr-error")),
        (1, 1)
    );
    assert_eq!(wrong.attr("#name_ar", "value").as_deref(), Some("حملة نظافة"));
    fields[0] = ("code", "cleanup");
    fields[2] = ("name_fr", "Campagne de propreté");
    let added = admin.post_form("/activity-types", &fields).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let again = admin.post_form("/activity-types", &fields).await;
    assert_eq!(again.count("#code-error"), 1, "a code is used once");

    // A coordinator reads the settings but does not change them.
    let mut coordinator = app
        .signed_in("coord.settings", Role::Coordinator, Some("03"))
        .await;
    assert_eq!(coordinator.get("/activity-types").await.status, StatusCode::OK);
    assert_eq!(
        coordinator.post_form("/activity-types", &fields).await.status,
        StatusCode::FORBIDDEN
    );

    // The branch records one at once; it counts no men.
    let mut volunteer = app.browser();
    volunteer.login("branch.rural", crate::helpers::PASSWORD).await;
    let path = format!("/territory/{branch}/activities/new");
    assert_eq!(volunteer.get(&path).await.count("option[value=cleanup]"), 1);
    let mut cleanup = vec![
        ("type", "cleanup"),
        ("status", "done"),
        ("date", "2025-12-20"),
        ("count-women", "40"),
        ("count-men", "15"),
    ];
    let men = volunteer.post_form(&path, &cleanup).await;
    assert_eq!(men.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(men.count("#count-men-error"), 1);
    cleanup[4] = ("count-children", "25");
    let recorded = volunteer.post_form(&path, &cleanup).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let cleanup_page = recorded.location().expect("the activity").to_owned();

    // Last December's clean-up campaign in the province, opened afterwards: the activity,
    // in no campaign until then, joins it and its figures.
    let campaign = [
        ("code", "clean-2025"),
        ("name_ar", "حملة النظافة 2025"),
        ("name_fr", "Propreté 2025"),
        ("name_en", "Clean-up 2025"),
        ("scope", "03.531"),
        ("from", "2025-12-01"),
        ("to", "2025-12-31"),
        ("type", "cleanup"),
        ("target_activities", "10"),
        ("target_beneficiaries", "1000"),
    ];
    let opened = admin.post_form("/campaigns", &campaign).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    assert_eq!(opened.location(), Some("/campaigns/clean-2025"));
    let figures = api(
        &app,
        Method::GET,
        "/api/v1/figures/activities?campaign=clean-2025",
        Some(&app.token_for("admin.api", Role::NationalAdmin, None).await),
        None,
    )
    .await
    .json();
    assert_eq!(
        (figures["activities"].as_i64(), figures["beneficiaries"].as_i64()),
        (Some(1), Some(65))
    );
    let dashboard = admin
        .get("/figures/activities?campaign=clean-2025&territory=03.531")
        .await;
    assert_eq!(dashboard.count(".progress-activities"), 1, "10 % of its target");

    // A target for a type in the province; one outside the campaign's territory is refused.
    let outside = admin
        .post_form(
            "/campaigns/clean-2025/targets",
            &[("territory", "03.561"), ("activities", "5")],
        )
        .await;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(outside.count("#territory-error"), 1);
    let set = admin
        .post_form(
            "/campaigns/clean-2025/targets",
            &[
                ("territory", "03.531"),
                ("type", "cleanup"),
                ("activities", "4"),
                ("beneficiaries", "260"),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    let page = admin.get("/campaigns/clean-2025").await;
    assert_eq!(
        page.texts("tr[data-territory='03.531'][data-type=cleanup] .reached-beneficiaries"),
        vec!["65"]
    );
    assert_eq!(
        crate::helpers::scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('activity_type.add', 'campaign.create', 'campaign.target')"
        )
        .await,
        3
    );

    // Retired, the type is no longer offered; its activities keep it, and can still be corrected.
    let retired = admin
        .post_form(
            "/activity-types/cleanup",
            &[
                ("name_ar", "حملة نظافة"),
                ("name_fr", "Campagne de propreté"),
                ("name_en", "Clean-up"),
                ("icon", "environment"),
                ("category", "women"),
                ("category", "children"),
            ],
        )
        .await;
    assert_eq!(retired.status, StatusCode::SEE_OTHER, "{}", retired.body);
    assert_eq!(volunteer.get(&path).await.count("option[value=cleanup]"), 0);
    let edit = volunteer.get(&format!("{cleanup_page}/edit")).await;
    assert_eq!(edit.count("option[value=cleanup][selected]"), 1);
    let mut corrected = cleanup.clone();
    corrected[3] = ("count-women", "42");
    let again = volunteer
        .post_form(&format!("{cleanup_page}/edit"), &corrected)
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
}

#[tokio::test]
async fn a_caravan_through_several_communes_of_its_province_counts_once_in_its_first() {
    let (app, report) = TestApp::with_demo().await;
    let branch = crate::helpers::rural_branch(&report);
    let token = app.token_for("admin.places", Role::NationalAdmin, None).await;
    let before = national(&app, &token).await;
    let mut volunteer = app.browser();
    volunteer.login("branch.rural", crate::helpers::PASSWORD).await;
    let path = format!("/territory/{branch}/activities/new");
    let form = volunteer.get(&path).await;
    let nearby = form
        .attr("input[name=also]", "value")
        .expect("the other communes of the province are offered");
    let elsewhere: String = mizan::on_db!(&app.state.db, |c| sqlx::query_scalar(
        "SELECT code FROM territory_units WHERE level = 'commune' AND path LIKE '/MA/03/03.561/%' ORDER BY code LIMIT 1"
    )
    .fetch_one(c)
    .await)
    .expect("a commune of Taza");
    let mut fields = vec![
        ("type", "medical_caravan"),
        ("status", "done"),
        ("date", "2026-11-22"),
        ("count-women", "80"),
        ("count-men", "70"),
        ("also", elsewhere.as_str()),
    ];
    let refused = volunteer.post_form(&path, &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.count("#also-error"), 1, "another province's commune");
    assert_eq!(refused.count("details.also[open]"), 1, "the choice stays open");
    fields[5] = ("also", nearby.as_str());
    let recorded = volunteer.post_form(&path, &fields).await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let page = recorded.location().expect("the activity").to_owned();
    assert_eq!(volunteer.get(&page).await.count(".also a"), 1);
    let after = national(&app, &token).await;
    assert_eq!(
        (after.0, after.2),
        (before.0 + 1, before.2 + 150),
        "one activity, its beneficiaries counted once"
    );
    let edit = volunteer.get(&format!("{page}/edit")).await;
    assert_eq!(
        edit.count(&format!("input[name=also][value='{nearby}'][checked]")),
        1
    );
}

#[tokio::test]
async fn a_branch_secretary_sees_the_figures_of_the_activities_the_branch_organized() {
    let (app, report) = TestApp::with_demo().await;
    let branch = crate::helpers::rural_branch(&report);
    let organized = crate::helpers::scalar(
        &app.state.db,
        &format!(
            "SELECT COUNT(*) FROM activities a JOIN volunteer_campaigns v ON v.id = a.campaign_id \
             WHERE v.code = 'volunteering-2026' AND a.status IN ('done', 'verified') \
             AND a.organizer_path = (SELECT path FROM territory_units WHERE code = '{branch}')"
        ),
    )
    .await;
    assert!(organized > 0, "the demo's rural branch organized activities");
    let token = app
        .token_for("secretary.figures", Role::BranchSecretary, Some(&branch))
        .await;
    let figure = api(
        &app,
        Method::GET,
        "/api/v1/figures/activities?campaign=volunteering-2026",
        Some(&token),
        None,
    )
    .await
    .json();
    assert_eq!(figure["territory"], branch.as_str(), "their branch by default");
    assert_eq!(figure["activities"].as_i64(), Some(organized));
    assert!(figure["beneficiaries"].as_i64().is_some_and(|n| n > 0));

    // The page says the same, and the list behind the number holds those activities.
    let mut secretary = app.browser();
    secretary.login("branch.rural", crate::helpers::PASSWORD).await;
    let dashboard = secretary
        .get("/figures/activities?campaign=volunteering-2026")
        .await;
    assert_eq!(dashboard.status, StatusCode::OK);
    let link = dashboard
        .attr("dd.activities a", "href")
        .expect("the number links to its records");
    let list = secretary.get(&link.replace("&amp;", "&")).await;
    assert_eq!(list.count("tr[data-uid]") as i64, organized);
}

#[tokio::test]
async fn a_section_abroad_records_its_activities_in_its_city() {
    let (app, _) = TestApp::with_demo().await;
    let section: String = mizan::on_db!(&app.state.db, |c| sqlx::query_scalar(
        "SELECT code FROM territory_units WHERE level = 'branch' AND path LIKE '/ABROAD/%' ORDER BY code LIMIT 1"
    )
    .fetch_one(c)
    .await)
    .expect("a section abroad");
    let mut admin = app.signed_in("admin.abroad", Role::NationalAdmin, None).await;
    let recorded = admin
        .post_form(
            &format!("/territory/{section}/activities/new"),
            &[
                ("type", "digital_support"),
                ("status", "done"),
                ("date", "2026-11-14"),
                ("count-women", "12"),
                ("count-men", "9"),
            ],
        )
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let token = app.token_for("admin.abroad.api", Role::NationalAdmin, None).await;
    let abroad = api(
        &app,
        Method::GET,
        "/api/v1/figures/activities?territory=ABROAD&from=2026-01-01&to=2026-12-31",
        Some(&token),
        None,
    )
    .await
    .json();
    assert_eq!(
        (abroad["activities"].as_i64(), abroad["beneficiaries"].as_i64()),
        (Some(1), Some(21))
    );
}

#[tokio::test]
async fn the_provincial_council_organizes_an_activity_and_the_region_above_it_verifies_it() {
    let (app, report) = TestApp::with_demo().await;
    let branch = crate::helpers::rural_branch(&report);
    let path = format!("/territory/{branch}/activities/new");
    // The branch's secretary may name only the branch's own bodies.
    let mut secretary = app.browser();
    secretary.login("branch.rural", crate::helpers::PASSWORD).await;
    let offered = secretary.get(&path).await.texts("#organizer option");
    assert!(!offered.is_empty(), "the branch's bureau");
    let mut coordinator = app.browser();
    coordinator
        .login("coord.taounate", crate::helpers::PASSWORD)
        .await;
    let form = coordinator.get(&path).await;
    assert!(
        form.texts("#organizer option").len() > offered.len(),
        "and the province's"
    );
    let council: i64 = mizan::on_db!(&app.state.db, |c| sqlx::query_scalar(
        "SELECT b.id FROM bodies b JOIN body_types t ON t.id = b.body_type_id \
         WHERE t.code = 'provincial_council' AND b.unit_code = '03.531'"
    )
    .fetch_one(c)
    .await)
    .expect("Taounate's provincial council");
    let council = council.to_string();
    let recorded = coordinator
        .post_form(
            &path,
            &[
                ("type", "rural_solidarity"),
                ("status", "done"),
                ("date", "2026-11-23"),
                ("count-women", "60"),
                ("count-men", "40"),
                ("organizer", council.as_str()),
            ],
        )
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let page = recorded.location().expect("the activity").to_owned();
    assert_eq!(coordinator.get(&page).await.count(".organizer a"), 1);
    // The province's coordinator does not verify the province's own activity; the national does.
    let own = coordinator
        .post_form(&format!("{page}/review"), &[("verdict", "verify")])
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    let mut admin = app.signed_in("admin.organizer", Role::NationalAdmin, None).await;
    let verified = admin
        .post_form(&format!("{page}/review"), &[("verdict", "verify")])
        .await;
    assert_eq!(verified.status, StatusCode::SEE_OTHER, "{}", verified.body);
    // A body outside the recorder's territory cannot be named.
    let taza: i64 = mizan::on_db!(&app.state.db, |c| sqlx::query_scalar(
        "SELECT b.id FROM bodies b JOIN body_types t ON t.id = b.body_type_id \
         WHERE t.code = 'provincial_council' AND b.unit_code = '03.561'"
    )
    .fetch_one(c)
    .await)
    .expect("Taza's provincial council");
    let elsewhere = coordinator
        .post_form(
            &path,
            &[
                ("type", "rural_solidarity"),
                ("status", "done"),
                ("date", "2026-11-23"),
                ("count-women", "6"),
                ("organizer", taza.to_string().as_str()),
            ],
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_map_colours_coverage_activities_verification_or_progress_to_target() {
    let (app, _) = TestApp::with_demo().await;
    let mut admin = app.signed_in("admin.map", Role::NationalAdmin, None).await;
    let coverage = admin.get("/figures/activities?campaign=volunteering-2026").await;
    assert_eq!(
        coverage.count(".map-metrics a"),
        4,
        "four other colourings offered"
    );
    assert_eq!(coverage.count("#map path"), 12, "the twelve regions");
    for metric in ["activities", "beneficiaries", "verification"] {
        let page = admin
            .get(&format!(
                "/figures/activities?campaign=volunteering-2026&map={metric}"
            ))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        // Counts are coloured by the regions' own quantiles (as many colours as distinct
        // classes), shares by fifths: every colour of the legend is on the map.
        let html = page.html();
        let selector = scraper::Selector::parse(".legend .swatch").expect("selector");
        let classes: Vec<String> = html
            .select(&selector)
            .filter_map(|s| s.value().attr("class"))
            .map(|c| c.trim_start_matches("swatch ").to_owned())
            .collect();
        assert!((3..=5).contains(&classes.len()), "{metric}: {classes:?}");
        if metric != "verification" {
            for class in &classes {
                assert!(
                    page.count(&format!("#map path.{class}")) >= 1,
                    "{metric}: {class} is on the map"
                );
            }
        }
        assert!(
            page.count(&format!("#map path.{}", classes.last().expect("a class"))) >= 1,
            "{metric}: the highest region takes the darkest colour"
        );
    }
    // Progress: in Fès-Meknès only Taounate and Taza have targets; the other provinces stay uncoloured.
    let progress = admin
        .get("/figures/activities?campaign=volunteering-2026&territory=03&map=progress")
        .await;
    let coloured: Vec<String> = {
        let html = progress.html();
        let selector = scraper::Selector::parse("#map path").expect("selector");
        html.select(&selector)
            .filter(|p| p.value().attr("class").is_some_and(|c| !c.starts_with("q0")))
            .filter_map(|p| p.value().attr("data-code").map(str::to_owned))
            .collect()
    };
    assert_eq!(coloured, vec!["03.531".to_owned(), "03.561".to_owned()]);
}
