//! The figures' rollups, kept on write, against a rebuild; the demo's year of volunteering.

use super::*;

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
