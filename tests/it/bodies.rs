//! Bodies and meetings: the meeting rate adds up at every level, with the edge cases a report
//! meets (a council that met twice, a meeting without quorum, a postponed meeting, a body formed
//! mid-period, one dissolved before it); a branch secretary records a bureau meeting with its
//! attendance in Arabic without JavaScript; changing a type's rules changes the figures.

use axum::http::{Method, StatusCode};
use chrono::NaiveDate;
use mizan::auth::Role;
use mizan::bodies::model::{Body, BodyType, Position, Presence};
use mizan::bodies::store::{self, NewMeeting};
use mizan::people::actions::create_person;
use mizan::people::draft::PersonDraft;
use serde_json::Value;

use crate::helpers::{PASSWORD, TestApp, api, execute, rural_branch, scalar};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
}

/// A provincial council type (majority, twice a year) and one council per province.
async fn councils(app: &TestApp) -> (BodyType, Vec<Body>) {
    let mut tx = app.state.db.begin().await.expect("tx");
    let now = app.state.clock.now();
    let party = mizan::organizations::Organization {
        id: 0,
        code: "party".into(),
        kind: "party".into(),
        name_ar: "الحزب".into(),
        name_fr: "Le parti".into(),
        name_en: "The party".into(),
        walled: false,
    };
    let party_id = mizan::organizations::insert(&mut tx, &party, now)
        .await
        .expect("party");
    let mut t = BodyType {
        id: 0,
        code: "provincial_council".into(),
        organization_id: party_id,
        name_ar: "المجلس الإقليمي".into(),
        name_fr: "Conseil provincial".into(),
        name_en: "Provincial council".into(),
        level: "province".into(),
        meetings_per_year: 2,
        quorum_rule: "majority".into(),
        quorum_numerator: 1,
        quorum_denominator: 2,
        one_per_unit: true,
        retired_on: None,
    };
    let member = Position {
        code: "member".into(),
        name_ar: "عضو".into(),
        name_fr: "Membre".into(),
        name_en: "Member".into(),
        single_seat: false,
        rank: 0,
    };
    t.id = mizan::bodies::types::store::insert_body_type(&mut tx, &t, &[member], now)
        .await
        .expect("type");
    store::create_bodies_for_level(&mut tx, &t, day("2021-11-01"), now)
        .await
        .expect("bodies");
    let bodies = store::bodies_of_type(&mut tx, t.id).await.expect("bodies");
    tx.commit().await.expect("commit");
    (t, bodies)
}

/// Ten people living in Taza, to fill attendance lists.
async fn people(app: &TestApp) -> Vec<i64> {
    let mut uids = Vec::new();
    for i in 0..10 {
        let draft = PersonDraft {
            given_ar: "سعيد".into(),
            family_ar: format!("الحاضر {i}"),
            ..PersonDraft::default()
        };
        uids.push(
            create_person(&app.state, &mizan::auth::Permit::cli(), "03.561.01.01", &draft)
                .await
                .expect("a person"),
        );
    }
    let mut ids = Vec::new();
    for u in &uids {
        ids.push(scalar(&app.state.db, &format!("SELECT id FROM people WHERE uid = '{u}'")).await);
    }
    ids
}

/// A meeting of `body`: `present` of the ten people present, the rest absent.
async fn meet(app: &TestApp, body: &Body, status: &'static str, on: &str, people: &[i64], present: usize) {
    let attendance: Vec<(i64, Presence)> = if status == "held" {
        people
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    *p,
                    if i < present {
                        Presence::Present
                    } else {
                        Presence::Absent
                    },
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut tx = app.state.db.begin().await.expect("tx");
    store::insert_meeting(
        &mut tx,
        &NewMeeting {
            body,
            status,
            scheduled_on: day(on),
            held_on: (status == "held").then(|| day(on)),
            place: "",
            agenda: "",
            theme_id: None,
            attendance: &attendance,
            guests: &[],
            minutes: "",
            recorded_by: "test",
        },
        app.state.clock.now(),
    )
    .await
    .expect("meeting");
    tx.commit().await.expect("commit");
}

fn council<'b>(bodies: &'b [Body], province: &str) -> &'b Body {
    bodies
        .iter()
        .find(|b| b.unit_code == province)
        .unwrap_or_else(|| panic!("a council in {province}"))
}

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
    let page = browser.get("/body-types").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.count("article.body-type input[name=meetings_per_year]"), 1);
    let wrong = browser
        .post_form(
            "/body-types/provincial_council",
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
        .post_form(
            "/body-types/provincial_council",
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
        .post_form(
            "/body-types/provincial_council",
            &[("meetings_per_year", "6"), ("quorum_rule", "majority")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_branch_secretary_records_a_bureau_meeting_with_its_attendance_in_arabic() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let bureau = scalar(
        &app.state.db,
        &format!(
            "SELECT b.id FROM bodies b JOIN body_types t ON t.id = b.body_type_id \
             WHERE t.code = 'branch_bureau' AND b.unit_code = '{branch}'"
        ),
    )
    .await;
    let held_before = scalar(
        &app.state.db,
        &format!("SELECT meetings_held FROM bodies WHERE id = {bureau}"),
    )
    .await;
    // Three new members of the branch.
    let mut uids = Vec::new();
    for name in ["خديجة", "يوسف", "سعاد"] {
        let draft = PersonDraft {
            given_ar: name.into(),
            family_ar: "البوعزاوي".into(),
            ..PersonDraft::default()
        };
        uids.push(
            create_person(&app.state, &mizan::auth::Permit::cli(), &branch, &draft)
                .await
                .expect("a member"),
        );
    }

    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    let page = secretary.get(&format!("/bodies/{bureau}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.attr("html", "dir").as_deref(), Some("rtl"));
    let today = "2026-11-29";
    for (uid, position) in uids.iter().zip(["member", "member", "member"]) {
        let given = secretary
            .post_form(
                &format!("/bodies/{bureau}/mandates"),
                &[("person", uid), ("position", position), ("started_on", today)],
            )
            .await;
        assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);
    }
    // The secretary's seat is single: if the demo gave it, a second holder is refused.
    let secretaries = scalar(
        &app.state.db,
        &format!("SELECT COUNT(*) FROM mandates WHERE body_id = {bureau} AND position_code = 'secretary'"),
    )
    .await;
    if secretaries > 0 {
        let taken = secretary
            .post_form(
                &format!("/bodies/{bureau}/mandates"),
                &[
                    ("person", &uids[0]),
                    ("position", "secretary"),
                    ("started_on", today),
                ],
            )
            .await;
        assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            taken
                .texts(".field-error")
                .contains(&"هذا المقعد يشغله شخص آخر في هذا التاريخ.".to_owned())
        );
    }

    // The form: a radio group per member, no script needed.
    let form = secretary.get(&format!("/bodies/{bureau}/meetings/new")).await;
    assert_eq!(form.status, StatusCode::OK);
    let selector = scraper::Selector::parse("div.attendee").expect("selector");
    let members: Vec<String> = form
        .html()
        .select(&selector)
        .filter_map(|d| d.value().attr("data-uid").map(str::to_owned))
        .collect();
    assert!(members.len() >= 3, "the new members are listed: {members:?}");
    let mut fields: Vec<(String, String)> = vec![
        ("status".into(), "held".into()),
        ("date".into(), today.into()),
        ("place".into(), "مقر الجماعة".into()),
        ("agenda".into(), "تجديد الفروع".into()),
        ("guests".into(), "أحمد الإدريسي — رئيس جمعية".into()),
    ];
    // Nobody marked: said once for the whole attendance, not once per member.
    let unmarked: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let empty = secretary
        .post_form(&format!("/bodies/{bureau}/meetings/new"), &unmarked)
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let said = empty.texts(".field-error");
    assert_eq!(
        said.iter().filter(|e| e.contains("حضر الجميع")).count(),
        1,
        "{said:?}"
    );
    assert!(!said.contains(&"حدّد حضور هذا العضو.".to_owned()), "{said:?}");
    // One member left unmarked: said beside them, nothing recorded.
    for uid in members.iter().skip(1) {
        fields.push((format!("presence-{uid}"), "present".into()));
    }
    let incomplete: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let refused = secretary
        .post_form(&format!("/bodies/{bureau}/meetings/new"), &incomplete)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .texts(".field-error")
            .contains(&"حدّد حضور هذا العضو.".to_owned()),
        "{}",
        refused.body
    );
    assert_eq!(
        scalar(
            &app.state.db,
            &format!("SELECT meetings_held FROM bodies WHERE id = {bureau}")
        )
        .await,
        held_before
    );

    fields.push((format!("presence-{}", members[0]), "excused".into()));
    let complete: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let recorded = secretary
        .post_form(&format!("/bodies/{bureau}/meetings/new"), &complete)
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let meeting = recorded.location().expect("to the meeting").to_owned();
    let shown = secretary.get(&meeting).await;
    assert_eq!(shown.status, StatusCode::OK);
    let present = members.len() - 1;
    assert_eq!(shown.attr("dd.quorum", "data-reached").as_deref(), Some("true"));
    assert_eq!(shown.count("ul.attendance li[data-presence=present]"), present);
    assert_eq!(
        scalar(
            &app.state.db,
            &format!("SELECT meetings_held FROM bodies WHERE id = {bureau}")
        )
        .await,
        held_before + 1
    );
    let latest = scalar(
        &app.state.db,
        &format!("SELECT COUNT(*) FROM bodies WHERE id = {bureau} AND last_held_on = '{today}'"),
    )
    .await;
    assert_eq!(latest, 1);
    // "Everyone present" then the exceptions: one tap and one mark for a meeting of all but one.
    let quick = secretary
        .post_form(
            &format!("/bodies/{bureau}/meetings/new"),
            &[
                ("status", "held"),
                ("date", today),
                ("place", "مقر الفرع"),
                ("all_present", "1"),
                (&format!("presence-{}", members[0]), "absent"),
            ],
        )
        .await;
    assert_eq!(quick.status, StatusCode::SEE_OTHER, "{}", quick.body);
    let quick = secretary.get(quick.location().expect("to the meeting")).await;
    assert_eq!(
        quick.count("ul.attendance li[data-presence=present]"),
        members.len() - 1
    );
    assert_eq!(quick.count("ul.attendance li[data-presence=absent]"), 1);
    // Recorded in the audit log.
    assert!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.record'"
        )
        .await
            >= 1
    );
}

#[tokio::test]
async fn the_demo_shows_about_ninety_percent_of_provincial_councils_met_with_their_definition() {
    let (app, _) = TestApp::with_demo().await;
    let mut admin = app.signed_in("admin.demo.rate", Role::NationalAdmin, None).await;
    let page = admin.get("/figures/meeting-rate").await;
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
    let drilled = admin
        .get(&format!("/figures/meeting-rate?territory={region}"))
        .await;
    assert_eq!(drilled.status, StatusCode::OK);
    let region_figure = rate(&app, &token, &format!("territory={region}")).await;
    assert_eq!(
        drilled.count("table.met tbody tr") + drilled.count("ul.not-met li"),
        region_figure["denominator"].as_i64().expect("d") as usize
    );
}

#[tokio::test]
async fn minutes_are_kept_only_as_pdf_or_images_within_the_size_limit() {
    let app = TestApp::new().await;
    let (_, bodies) = councils(&app).await;
    let taza = council(&bodies, "03.561");
    meet(&app, taza, "scheduled", "2026-12-10", &[], 0).await;
    let meeting = scalar(
        &app.state.db,
        &format!("SELECT id FROM meetings WHERE body_id = {}", taza.id),
    )
    .await;
    let mut coordinator = app
        .signed_in("coord.minutes", Role::Coordinator, Some("03.561"))
        .await;
    let token = coordinator.csrf().await;
    let upload = |name: &str, bytes: &[u8]| crate::helpers::multipart("file", name, bytes);
    let path = format!("/meetings/{meeting}/minutes?_csrf={token}");
    let (ct, body) = upload("محضر الدورة.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n");
    let kept = coordinator.request(Method::POST, &path, Some(&ct), body).await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER, "{}", kept.body);
    let page = coordinator.get(&format!("/meetings/{meeting}")).await;
    assert_eq!(page.count("ul.files li[data-type='application/pdf']"), 1);
    let link = page.attr("ul.files a", "href").expect("a link");
    let file = coordinator.get(&link).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.header("content-type"), Some("application/pdf"));
    assert!(
        file.header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment"))
    );
    assert!(file.bytes.starts_with(b"%PDF-"));

    // A page disguised as a PDF by its name is refused, said beside the field.
    let (ct, body) = upload("minutes.pdf", b"<html><script>alert(1)</script></html>");
    let refused = coordinator.request(Method::POST, &path, Some(&ct), body).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.count("#file-error"), 1);
    // Too large: refused before it is read whole.
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(11 * 1024 * 1024, b'0');
    let (ct, body) = upload("big.pdf", &big);
    let too_large = coordinator.request(Method::POST, &path, Some(&ct), body).await;
    assert_eq!(
        too_large.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        too_large.body
    );
    assert_eq!(too_large.count("#file-error"), 1);
    assert_eq!(
        scalar(&app.state.db, "SELECT COUNT(*) FROM meeting_files").await,
        1
    );

    // Another province's coordinator finds neither the meeting nor its file.
    let mut other = app
        .signed_in("coord.minutes.other", Role::Coordinator, Some("03.531"))
        .await;
    assert_eq!(other.get(&link).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_scheduled_meeting_is_postponed_then_recorded_as_held_and_its_history_shows_both() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let bureau = scalar(
        &app.state.db,
        &format!(
            "SELECT b.id FROM bodies b JOIN body_types t ON t.id = b.body_type_id \
             WHERE t.code = 'branch_bureau' AND b.unit_code = '{branch}'"
        ),
    )
    .await;
    let count_meetings = format!("SELECT COUNT(*) FROM meetings WHERE body_id = {bureau}");
    let held = format!("SELECT meetings_held FROM bodies WHERE id = {bureau}");
    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    for name in ["نادية", "عمر"] {
        let draft = PersonDraft {
            given_ar: name.into(),
            family_ar: "الوزاني".into(),
            ..PersonDraft::default()
        };
        let uid = create_person(&app.state, &mizan::auth::Permit::cli(), &branch, &draft)
            .await
            .expect("a member");
        let seated = secretary
            .post_form(
                &format!("/bodies/{bureau}/mandates"),
                &[
                    ("person", &uid),
                    ("position", "member"),
                    ("started_on", "2026-11-29"),
                ],
            )
            .await;
        assert_eq!(seated.status, StatusCode::SEE_OTHER, "{}", seated.body);
    }
    let scheduled = secretary
        .post_form(
            &format!("/bodies/{bureau}/meetings/new"),
            &[
                ("status", "scheduled"),
                ("date", "2026-12-05"),
                ("place", "مقر الفرع"),
                ("agenda", "برنامج الأنشطة"),
            ],
        )
        .await;
    assert_eq!(scheduled.status, StatusCode::SEE_OTHER, "{}", scheduled.body);
    let meeting = scheduled.location().expect("the meeting").to_owned();
    let id = meeting.rsplit('/').next().expect("an id").to_owned();
    let (meetings_before, held_before) = (
        scalar(&app.state.db, &count_meetings).await,
        scalar(&app.state.db, &held).await,
    );

    let past = secretary
        .post_form(
            &format!("{meeting}/status"),
            &[("status", "postponed"), ("date", "2026-11-01")],
        )
        .await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(past.count("#date-error"), 1, "{}", past.body);
    let postponed = secretary
        .post_form(
            &format!("{meeting}/status"),
            &[
                ("status", "postponed"),
                ("date", "2026-12-12"),
                ("reason", "تزامن مع عطلة"),
            ],
        )
        .await;
    assert_eq!(postponed.status, StatusCode::SEE_OTHER, "{}", postponed.body);
    let page = secretary.get(&meeting).await;
    assert_eq!(
        page.html()
            .select(&scraper::Selector::parse("ol.history li").expect("selector"))
            .filter_map(|li| li.value().attr("data-kind").map(str::to_owned))
            .collect::<Vec<_>>(),
        vec!["scheduled", "postponed"]
    );
    assert!(page.texts("ol.history li").join(" ").contains("تزامن مع عطلة"));

    // Someone of another province cannot even open the form.
    let mut taza = app.browser();
    taza.login("coord.taza", PASSWORD).await;
    assert_eq!(
        taza.get(&format!("/bodies/{bureau}/meetings/new?meeting={id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The day comes: the secretary records that same meeting as held.
    app.clock.advance(chrono::Duration::days(13));
    secretary.login("branch.rural", PASSWORD).await;
    let form = secretary
        .get(&format!("/bodies/{bureau}/meetings/new?meeting={id}"))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert_eq!(form.attr("input[name=meeting]", "value"), Some(id.clone()));
    assert_eq!(form.attr("#date", "value").as_deref(), Some("2026-12-12"));
    assert_eq!(form.attr("#place", "value").as_deref(), Some("مقر الفرع"));
    let members: Vec<String> = form
        .html()
        .select(&scraper::Selector::parse("div.attendee").expect("selector"))
        .filter_map(|d| d.value().attr("data-uid").map(str::to_owned))
        .collect();
    assert!(!members.is_empty(), "the bureau has members");
    let mut fields: Vec<(String, String)> = vec![
        ("meeting".into(), id.clone()),
        ("status".into(), "held".into()),
        ("date".into(), "2026-12-12".into()),
        ("place".into(), "مقر الفرع".into()),
    ];
    for uid in &members {
        fields.push((format!("presence-{uid}"), "present".into()));
    }
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let recorded = secretary
        .post_form(&format!("/bodies/{bureau}/meetings/new"), &fields)
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    assert_eq!(
        recorded.location(),
        Some(meeting.as_str()),
        "the same meeting, not a new one"
    );
    assert_eq!(scalar(&app.state.db, &count_meetings).await, meetings_before);
    assert_eq!(scalar(&app.state.db, &held).await, held_before + 1);
    let page = secretary.get(&meeting).await;
    assert_eq!(
        page.attr("section.meeting", "data-status").as_deref(),
        Some("held")
    );
    assert_eq!(
        page.count("ul.attendance li[data-presence=present]"),
        members.len()
    );
    assert_eq!(
        page.html()
            .select(&scraper::Selector::parse("ol.history li").expect("selector"))
            .filter_map(|li| li.value().attr("data-kind").map(str::to_owned))
            .collect::<Vec<_>>(),
        vec!["scheduled", "postponed", "held"]
    );
    // Recorded twice (a second tab): refused, nothing counted twice.
    let again = secretary
        .post_form(&format!("/bodies/{bureau}/meetings/new"), &fields)
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(scalar(&app.state.db, &held).await, held_before + 1);
}

#[tokio::test]
async fn the_administrator_adds_a_body_type_from_the_web_retires_it_and_manages_the_themes() {
    let (app, _) = TestApp::with_demo().await;
    let mut admin = app.demo_admin().await;
    let page = admin.get("/body-types").await;
    assert_eq!(page.count("form[action='/body-types'] div.seat"), 6);

    // A Latin name where Arabic is asked, and a seat row typed in French only: said beside each,
    // on the row where it was typed; nothing written.
    let wrong = admin
        .post_form(
            "/body-types",
            &[
                ("name_ar", "Commission"),
                ("name_fr", "Commission d'arbitrage"),
                ("code", "arbitration"),
                ("organization", "party"),
                ("level", "branch"),
                ("meetings_per_year", "2"),
                ("quorum_rule", "majority"),
                ("seat_fr_2", "Président"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.count("#name_ar-error"), 1);
    assert_eq!(
        wrong.count("div.seat[data-seat='2'] .field-error"),
        1,
        "{}",
        wrong.body
    );
    assert_eq!(
        wrong.attr("#seat_fr_2", "value").as_deref(),
        Some("Président"),
        "what was typed is kept"
    );
    let types = || scalar(&app.state.db, "SELECT COUNT(*) FROM body_types");
    let before = types().await;

    let made = admin
        .post_form(
            "/body-types",
            &[
                ("name_ar", "لجنة التحكيم"),
                ("name_fr", "Commission d'arbitrage"),
                ("code", "arbitration"),
                ("organization", "party"),
                ("level", "branch"),
                ("meetings_per_year", "2"),
                ("quorum_rule", "share"),
                ("quorum_share", "2/3"),
                ("seat_ar_0", "الرئيس"),
                ("seat_fr_0", "Président"),
                ("seat_single_0", "on"),
                ("seat_ar_3", "عضو"),
                ("seat_fr_3", "Membre"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    assert_eq!(types().await, before + 1);
    let bodies_of = || {
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM bodies b JOIN body_types t ON t.id = b.body_type_id WHERE t.code = 'arbitration'",
        )
    };
    let open_branches = scalar(
        &app.state.db,
        "SELECT COUNT(*) FROM territory_units WHERE level = 'branch' AND kind = 'branch' AND closed_on IS NULL",
    )
    .await;
    assert_eq!(
        bodies_of().await,
        open_branches,
        "one body per branch, made at once"
    );
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM body_positions s JOIN body_types t ON t.id = s.body_type_id WHERE t.code = 'arbitration'"
        )
        .await,
        2
    );

    // Retired: its bodies stay, the figures offer it no more, a new branch gets none.
    let retired = admin
        .post_form("/body-types/arbitration", &[("do", "retire")])
        .await;
    assert_eq!(retired.status, StatusCode::SEE_OTHER);
    let page = admin.get("/body-types").await;
    assert_eq!(page.count("article[data-code=arbitration][data-retired]"), 1);
    let rate = admin.get("/figures/meeting-rate").await;
    assert_eq!(rate.count("option[value=arbitration]"), 0);
    let kept = bodies_of().await;
    let province = admin.get("/territory/03.561").await;
    let commune = province.attr("tr[data-code]", "data-code").expect("a commune");
    let branch = admin
        .post_form(
            &format!("/territory/{commune}/new"),
            &[("name_ar", "فرع التحكيم"), ("name_fr", "Section Tahkim")],
        )
        .await;
    assert_eq!(branch.status, StatusCode::SEE_OTHER, "{}", branch.body);
    assert_eq!(
        bodies_of().await,
        kept,
        "no body of a retired type for a new branch"
    );

    // Themes: one added, then retired (meetings are offered it no more).
    let theme = admin
        .post_form(
            "/meeting-themes",
            &[("name_ar", "الماء"), ("name_fr", "L'eau"), ("name_en", "")],
        )
        .await;
    assert_eq!(theme.status, StatusCode::SEE_OTHER);
    let again = admin
        .post_form(
            "/meeting-themes",
            &[("name_ar", "الماء"), ("name_fr", "L'eau"), ("name_en", "")],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.count("#theme_fr-error"), 1);
    let offered = || {
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM meeting_themes WHERE name_fr = 'L''eau' AND active = TRUE",
        )
    };
    assert_eq!(offered().await, 1);
    let page = admin.get("/body-types").await;
    let code = page
        .html()
        .select(&scraper::Selector::parse("li[data-theme]").expect("selector"))
        .filter(|li| li.text().collect::<String>().contains("الماء"))
        .find_map(|li| li.value().attr("data-theme").map(str::to_owned))
        .expect("the theme is listed");
    let retired = admin
        .post_form(&format!("/meeting-themes/{code}"), &[("do", "retire")])
        .await;
    assert_eq!(retired.status, StatusCode::SEE_OTHER);
    assert_eq!(offered().await, 0);
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('body_type.create', 'body_type.retire', 'theme.create', 'theme.retire')"
        )
        .await,
        4
    );

    // A coordinator changes none of it.
    let mut taza = app.browser();
    taza.login("coord.taza", PASSWORD).await;
    assert_eq!(
        taza.post_form("/body-types/provincial_council", &[("do", "retire")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_seat_is_given_by_searching_a_name_and_ticking_the_person_never_typing_an_id() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let bureau = scalar(
        &app.state.db,
        &format!(
            "SELECT b.id FROM bodies b JOIN body_types t ON t.id = b.body_type_id \
             WHERE t.code = 'branch_bureau' AND b.unit_code = '{branch}'"
        ),
    )
    .await;
    let person = |given: &'static str, place: String| {
        let state = app.state.clone();
        async move {
            let draft = PersonDraft {
                given_ar: given.into(),
                family_ar: "الزرهوني".into(),
                given_latin: "Nadia".into(),
                family_latin: "Zerhouni".into(),
                ..PersonDraft::default()
            };
            create_person(&state, &mizan::auth::Permit::cli(), &place, &draft)
                .await
                .expect("a person")
        }
    };
    let ours = person("نادية", branch.clone()).await;
    // A namesake in Taza, outside the secretary's reach: never offered.
    let taza_branch = crate::helpers::text(
        &app.state.db,
        "SELECT MIN(code) FROM territory_units WHERE kind = 'branch' AND path LIKE '%/03.561/%'",
    )
    .await;
    let theirs = person("نادية", taza_branch).await;

    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    let page = secretary.get(&format!("/bodies/{bureau}")).await;
    assert_eq!(page.attr("input#person", "type").as_deref(), Some("search"));
    assert_eq!(
        page.count(&format!("a[href='/territory/{branch}/people/new']")),
        1,
        "a person not yet registered is added on the spot"
    );
    let seat = |person: &str| {
        [
            ("person", person.to_owned()),
            ("position", "member".to_owned()),
            ("started_on", "2026-11-29".to_owned()),
        ]
    };
    let searched = secretary
        .post_form(
            &format!("/bodies/{bureau}/mandates"),
            &seat("Zerhouni").each_ref().map(|(k, v)| (*k, v.as_str())),
        )
        .await;
    assert_eq!(searched.status, StatusCode::UNPROCESSABLE_ENTITY);
    let offered: Vec<String> = searched
        .html()
        .select(
            &scraper::Selector::parse("fieldset.choices input[type=radio][name=person]").expect("selector"),
        )
        .filter_map(|r| r.value().attr("value").map(str::to_owned))
        .collect();
    assert_eq!(offered, vec![ours.clone()], "only the namesake within reach");
    assert_eq!(
        searched.attr("#position option[selected]", "value").as_deref(),
        Some("member"),
        "the seat chosen is kept while the person is chosen"
    );
    assert_eq!(
        searched.count("p.notice[role=alert]"),
        0,
        "choosing is a step, not a mistake to correct"
    );
    assert!(!searched.body.contains(&theirs));
    assert!(
        searched.body.contains("نادية الزرهوني"),
        "the name to tick, in Arabic"
    );

    let nobody = secretary
        .post_form(
            &format!("/bodies/{bureau}/mandates"),
            &seat("Qwxyz").each_ref().map(|(k, v)| (*k, v.as_str())),
        )
        .await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(nobody.count("#person-error"), 1);

    let ticked = secretary
        .post_form(
            &format!("/bodies/{bureau}/mandates"),
            &seat(&ours).each_ref().map(|(k, v)| (*k, v.as_str())),
        )
        .await;
    assert_eq!(ticked.status, StatusCode::SEE_OTHER, "{}", ticked.body);
    let page = secretary.get(&format!("/bodies/{bureau}")).await;
    assert_eq!(page.count(&format!("tr[data-uid='{ours}']")), 1);
    let twice = secretary
        .post_form(
            &format!("/bodies/{bureau}/mandates"),
            &seat(&ours).each_ref().map(|(k, v)| (*k, v.as_str())),
        )
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        twice.texts("#person-error"),
        vec!["هذا الشخص عضو في هذه الهيئة من قبل."],
        "one seat per person and body: never counted twice at its meetings"
    );

    // A guest of a held meeting is found the same way, with the quality she came in.
    let form = secretary.get(&format!("/bodies/{bureau}/meetings/new")).await;
    let selector = scraper::Selector::parse("div.attendee").expect("selector");
    let mut fields: Vec<(String, String)> = vec![
        ("status".into(), "held".into()),
        ("date".into(), "2026-11-29".into()),
        ("place".into(), "مقر الجماعة".into()),
    ];
    for member in form.html().select(&selector) {
        let uid = member.value().attr("data-uid").expect("a member");
        fields.push((format!("presence-{uid}"), "present".into()));
    }
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let recorded = secretary
        .post_form(&format!("/bodies/{bureau}/meetings/new"), &fields)
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let meeting: i64 = recorded
        .location()
        .and_then(|l| l.strip_prefix("/meetings/"))
        .and_then(|id| id.parse().ok())
        .expect("the meeting");
    let count = format!("SELECT guests FROM meetings WHERE id = {meeting}");
    let guests = || scalar(&app.state.db, &count);
    let before = guests().await;
    let path = format!("/meetings/{meeting}/guests");
    let searched = secretary
        .post_form(&path, &[("person", "Zerhouni"), ("quality", "مستشارة جماعية")])
        .await;
    assert_eq!(searched.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        searched.attr("#guests fieldset.choices input[name=person]", "value"),
        Some(ours.clone())
    );
    assert_eq!(
        searched.attr("input#quality", "value").as_deref(),
        Some("مستشارة جماعية"),
        "the quality typed is kept while choosing"
    );
    let added = secretary
        .post_form(&path, &[("person", &ours), ("quality", "مستشارة جماعية")])
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = secretary.get(&format!("/meetings/{meeting}")).await;
    assert_eq!(
        page.texts(&format!("#guests li[data-person='{ours}']")),
        vec!["نادية الزرهوني · مستشارة جماعية"]
    );
    assert_eq!(guests().await, before + 1, "the meeting counts its guest");
    let twice = secretary.post_form(&path, &[("person", &ours)]).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(twice.count("#person-error"), 1);
    assert_eq!(guests().await, before + 1);
}
