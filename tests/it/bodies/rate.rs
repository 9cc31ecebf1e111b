//! The meeting rate: from provinces to regions to the country, following a type's pace and quorum,
//! and the demo's.

use super::*;

async fn rate(app: &TestApp, token: &str, query: &str) -> Value {
    let response = api(
        app,
        Method::GET,
        &format!("/api/v1/figures/meeting-rate?{query}"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()
}

fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|b| b["unit_code"].as_str().expect("a code").to_owned())
        .collect()
}

#[tokio::test]
async fn the_meeting_rate_adds_up_from_provinces_to_regions_to_the_country() {
    let app = TestApp::new().await;
    let (_, bodies) = councils(&app).await;
    let people = people(&app).await;
    const TAZA: &str = "03.561";
    const TAOUNATE: &str = "03.531";
    // Tangier-Tetouan-Al Hoceima: four provinces for the other cases.
    let others: Vec<&Body> = bodies
        .iter()
        .filter(|b| b.unit_path.starts_with("/MA/01/"))
        .take(5)
        .collect();
    let [postponed_only, formed_mid, dissolved, before, last_day] = others[..] else {
        panic!("five provinces in region 01")
    };
    meet(&app, council(&bodies, TAZA), "held", "2026-03-10", &people, 8).await;
    meet(&app, council(&bodies, TAZA), "held", "2026-09-22", &people, 7).await;
    meet(&app, council(&bodies, TAOUNATE), "held", "2026-05-05", &people, 3).await;
    meet(&app, postponed_only, "postponed", "2026-04-01", &people, 0).await;
    meet(&app, postponed_only, "scheduled", "2026-12-15", &people, 0).await;
    meet(&app, formed_mid, "held", "2026-07-01", &people, 6).await;
    meet(&app, before, "held", "2025-12-15", &people, 9).await;
    meet(&app, last_day, "held", "2026-10-31", &people, 6).await;
    let set = |column: &str, value: &str, body: i64| {
        format!("UPDATE bodies SET {column} = '{value}' WHERE id = {body}")
    };
    for sql in [
        set("formed_on", "2026-06-01", formed_mid.id),
        set("dissolved_on", "2025-12-31", dissolved.id),
    ] {
        execute(&app.state.db, &sql).await;
    }
    // Decisions of Taza's first meeting: one done, one open past its day, one open ahead.
    let first = scalar(
        &app.state.db,
        &format!(
            "SELECT MIN(id) FROM meetings WHERE body_id = {}",
            council(&bodies, TAZA).id
        ),
    )
    .await;
    let mut tx = app.state.db.begin().await.expect("tx");
    let now = app.state.clock.now();
    let path = council(&bodies, TAZA).unit_path.clone();
    for (text, due, done) in [
        ("done", "2026-04-30", true),
        ("late", "2026-06-30", false),
        ("ahead", "2026-12-31", false),
    ] {
        let id = mizan::bodies::decisions::store::insert_decision(
            &mut tx,
            (first, &path),
            text,
            None,
            day(due),
            now,
        )
        .await
        .expect("a decision");
        if done {
            mizan::bodies::decisions::store::decision_done(&mut tx, first, id, day("2026-04-20"))
                .await
                .expect("done");
        }
    }
    tx.commit().await.expect("commit");
    let provinces = scalar(
        &app.state.db,
        "SELECT COUNT(*) FROM territory_units WHERE level = 'province'",
    )
    .await;

    let admin = app.token_for("admin.rate", Role::NationalAdmin, None).await;
    let period = "body_type=provincial_council&from=2026-01-01&to=2026-10-31";
    let national = rate(&app, &admin, &format!("{period}&territory=MA")).await;
    // Met: Taza (twice, counted once), Taounate (without quorum), the one formed mid-period, the
    // one that met on the last day. Not counted at all: the one dissolved before the period.
    assert_eq!(national["numerator"], 4, "{national}");
    assert_eq!(national["denominator"], provinces - 1);
    let met = codes(&national["met"]);
    assert!(met.contains(&TAZA.to_owned()) && met.contains(&TAOUNATE.to_owned()));
    assert!(met.contains(&formed_mid.unit_code) && met.contains(&last_day.unit_code));
    let not_met = codes(&national["not_met"]);
    assert!(
        not_met.contains(&postponed_only.unit_code),
        "a postponed meeting is not a meeting"
    );
    assert!(
        not_met.contains(&before.unit_code),
        "a meeting before the period does not count"
    );
    assert!(!not_met.contains(&dissolved.unit_code) && !met.contains(&dissolved.unit_code));
    let taza = national["met"]
        .as_array()
        .expect("met")
        .iter()
        .find(|b| b["unit_code"] == TAZA)
        .expect("Taza");
    assert_eq!(taza["meetings"], 2);
    let taounate = national["met"]
        .as_array()
        .expect("met")
        .iter()
        .find(|b| b["unit_code"] == TAOUNATE)
        .expect("Taounate");
    assert_eq!(taounate["with_quorum"], 0, "3 of 10 is no majority");

    // The country is the sum of its regions, each region the sum of its provinces.
    let children = national["children"].as_array().expect("regions");
    assert_eq!(children.len(), 12);
    let mut sum = (0, 0);
    for region in children {
        let code = region["code"].as_str().expect("a code");
        let figure = rate(&app, &admin, &format!("{period}&territory={code}")).await;
        assert_eq!(figure["numerator"], region["numerator"], "{code}");
        assert_eq!(figure["denominator"], region["denominator"], "{code}");
        let provinces = figure["children"].as_array().expect("provinces");
        let n: i64 = provinces
            .iter()
            .map(|p| p["numerator"].as_i64().expect("n"))
            .sum();
        let d: i64 = provinces
            .iter()
            .map(|p| p["denominator"].as_i64().expect("d"))
            .sum();
        assert_eq!(
            (Value::from(n), Value::from(d)),
            (figure["numerator"].clone(), figure["denominator"].clone())
        );
        sum.0 += n;
        sum.1 += d;
    }
    assert_eq!(
        (Value::from(sum.0), Value::from(sum.1)),
        (national["numerator"].clone(), national["denominator"].clone())
    );
    let fes_meknes = rate(&app, &admin, &format!("{period}&territory=03")).await;
    assert_eq!(fes_meknes["numerator"], 2, "Taza and Taounate");
    // The decisions follow-up, on the test clock's day (29 November 2026).
    let decisions = &national["decisions"];
    assert_eq!(
        (
            decisions["open"].clone(),
            decisions["done"].clone(),
            decisions["overdue"].clone()
        ),
        (Value::from(1), Value::from(1), Value::from(1)),
        "{decisions}"
    );
    let by_province = fes_meknes["decisions"]["children"].as_array().expect("children");
    assert_eq!(by_province.len(), 1);
    assert_eq!(by_province[0]["code"], TAZA);
    assert_eq!(by_province[0]["overdue"], 1);

    // A coordinator of Taza sees Taza's council, and no figure of the country.
    let coordinator = app.token_for("coord.rate", Role::Coordinator, Some(TAZA)).await;
    let own = rate(&app, &coordinator, period).await;
    assert_eq!(own["territory"], TAZA);
    assert_eq!(
        (own["numerator"].clone(), own["denominator"].clone()),
        (Value::from(1), Value::from(1))
    );
    let country = api(
        &app,
        Method::GET,
        &format!("/api/v1/figures/meeting-rate?{period}&territory=MA"),
        Some(&coordinator),
        None,
    )
    .await;
    assert_eq!(country.status, StatusCode::NOT_FOUND);
    let reversed = api(
        &app,
        Method::GET,
        "/api/v1/figures/meeting-rate?from=2026-05-01&to=2026-04-01",
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(reversed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reversed.header("content-type"), Some("application/problem+json"));
}

#[tokio::test]
async fn changing_a_types_pace_or_quorum_rule_changes_the_figures() {
    let app = TestApp::new().await;
    let (_, bodies) = councils(&app).await;
    let people = people(&app).await;
    meet(&app, council(&bodies, "03.561"), "held", "2026-03-10", &people, 8).await;
    meet(&app, council(&bodies, "03.561"), "held", "2026-09-22", &people, 7).await;
    meet(&app, council(&bodies, "03.531"), "held", "2026-05-05", &people, 3).await;
    let period = "from=2026-01-01&to=2026-10-31&territory=03";
    let admin = app.token_for("admin.rules", Role::NationalAdmin, None).await;
    let before = rate(&app, &admin, period).await;
    assert_eq!(before["on_pace"], 1, "only Taza met twice: {before}");
    let quorum = |figure: &Value| -> Vec<i64> {
        figure["met"]
            .as_array()
            .expect("met")
            .iter()
            .map(|b| b["with_quorum"].as_i64().expect("n"))
            .collect()
    };
    assert_eq!(quorum(&before), vec![0, 2], "Taounate (3 of 10) had no majority");

    // The national administrator changes the rules in the browser.
    let mut browser = app.signed_in("admin.rules.web", Role::NationalAdmin, None).await;
    let page = browser.body_types().await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.count("article.body-type input[name=meetings_per_year]"), 1);
    let wrong = browser
        .change_body_type(
            "provincial_council",
            &[
                ("meetings_per_year", "0"),
                ("quorum_rule", "share"),
                ("share", "three quarters"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.texts(".field-error").len(), 2, "{}", wrong.body);
    let saved = browser
        .change_body_type(
            "provincial_council",
            &[
                ("meetings_per_year", "1"),
                ("quorum_rule", "share"),
                ("share", "1/4"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let after = rate(&app, &admin, period).await;
    assert_eq!(after["on_pace"], 2, "once a year is enough now: {after}");
    assert_eq!(quorum(&after), vec![1, 2], "3 of 10 reaches a quarter");
    assert_eq!(after["numerator"], before["numerator"], "who met does not change");

    // A coordinator may not change the rules.
    let mut coordinator = app
        .signed_in("coord.rules", Role::Coordinator, Some("03.561"))
        .await;
    let refused = coordinator
        .change_body_type(
            "provincial_council",
            &[("meetings_per_year", "6"), ("quorum_rule", "majority")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_demo_shows_about_ninety_percent_of_provincial_councils_met_with_their_definition() {
    let (app, _) = TestApp::with_demo().await;
    let mut admin = app.signed_in("admin.demo.rate", Role::NationalAdmin, None).await;
    let page = admin.meeting_rate("").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.texts("h1"), vec!["المجلس الإقليمي"]);
    assert!(
        !page.texts("details.definition p").is_empty(),
        "the definition is printed"
    );
    let token = app.token_for("admin.demo.api", Role::NationalAdmin, None).await;
    let figure = rate(&app, &token, "").await;
    let (n, d) = (
        figure["numerator"].as_i64().expect("n"),
        figure["denominator"].as_i64().expect("d"),
    );
    let share = n as f64 / d as f64;
    assert!((0.8..=0.98).contains(&share), "about 90 %: {n} / {d}");
    assert_eq!(figure["met"].as_array().expect("met").len() as i64, n);
    assert_eq!(figure["not_met"].as_array().expect("not met").len() as i64, d - n);
    // Clicking a region lists its provinces that met and those that did not.
    let region = figure["children"][0]["code"]
        .as_str()
        .expect("a region")
        .to_owned();
    let drilled = admin.meeting_rate(&format!("?territory={region}")).await;
    assert_eq!(drilled.status, StatusCode::OK);
    let region_figure = rate(&app, &token, &format!("territory={region}")).await;
    assert_eq!(
        drilled.count("table.met tbody tr") + drilled.count("ul.not-met li"),
        region_figure["denominator"].as_i64().expect("d") as usize
    );
}
