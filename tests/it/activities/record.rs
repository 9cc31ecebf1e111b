//! Recording an activity, verifying it, correcting and deleting it, with the figures following;
//! who organizes it and where it counts.

use super::*;

#[tokio::test]
async fn a_volunteer_records_an_activity_the_coordinator_verifies_it_and_the_figures_follow_at_once() {
    let (app, report) = TestApp::with_demo().await;
    let branch = crate::helpers::rural_branch(&report);
    let token = app.token_for("admin.figures", Role::NationalAdmin, None).await;
    let before = national(&app, &token).await;

    // The branch's secretary, in Arabic, on the plain form.
    let mut volunteer = app.browser();
    volunteer.login("branch.rural", crate::helpers::PASSWORD).await;
    let form = volunteer.activity_form(&branch).await;
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
    let activity = activity_at(&recorded);
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
        .review_activity(&activity, &[("verdict", "verify")])
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);

    // The province's coordinator verifies it.
    let mut coordinator = app.browser();
    coordinator
        .login("coord.taounate", crate::helpers::PASSWORD)
        .await;
    let shown = coordinator.activity_page(&activity).await;
    assert_eq!(shown.count("button[value=verify]"), 1);
    let verified = coordinator
        .review_activity(&activity, &[("verdict", "verify")])
        .await;
    assert_eq!(verified.status, StatusCode::SEE_OTHER, "{}", verified.body);
    let after_verify = national(&app, &token).await;
    assert_eq!(after_verify.1, before.1 + 1, "verified at once");
    assert_eq!(after_verify.0, after_record.0);
    let again = coordinator
        .review_activity(&activity, &[("verdict", "verify")])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    // A woman of the douar is registered by name, with her consent: one more distinct person,
    // however many activities reach her; the counted beneficiaries do not change.
    let registered_before = registered(&app, &token).await;
    let person = person_at(&app, &branch, "فاطمة", "الحمري").await;
    let without = volunteer
        .link_beneficiaries(&activity, &[("person", &person), ("method", "paper")])
        .await;
    assert_eq!(
        without.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not without her consent"
    );
    let with = volunteer
        .link_beneficiaries(
            &activity,
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
        .link_beneficiaries(
            &activity,
            &[("person", &visitor), ("method", "paper"), ("consent", "given")],
        )
        .await;
    assert_eq!(linked.status, StatusCode::SEE_OTHER, "{}", linked.body);
    let shown = volunteer.activity_page(&activity).await;
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
    let dashboard = admin.activities_dashboard("?campaign=volunteering-2026").await;
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
        .activities_list(&format!(
            "?campaign=volunteering-2026&territory={}&status=counted",
            &branch[..6]
        ))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let uid = activity.as_str();
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
        .activities_dashboard_xlsx("?campaign=volunteering-2026")
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
    let activity = activity_at(&planned);
    let shown = volunteer.activity_page(&activity).await;
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
    let form = volunteer.activity_edit_form(&activity).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let wrong = volunteer
        .correct_activity(
            &activity,
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
        .correct_activity(
            &activity,
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
    let backwards = volunteer.correct_activity(&activity, &correction).await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        backwards.count("#until-error"),
        1,
        "the last day before the first"
    );
    correction[2] = ("until", "2026-11-25");
    let corrected = volunteer.correct_activity(&activity, &correction).await;
    assert_eq!(corrected.status, StatusCode::SEE_OTHER, "{}", corrected.body);
    let shown = volunteer.activity_page(&activity).await;
    assert_eq!(shown.texts(".partners bdi"), vec!["جمعية الأمل"]);
    assert_eq!(
        (
            of_type(&app, &token, "youth_training").await,
            of_type(&app, &token, "medical_caravan").await
        ),
        (trainings - 1, caravans + 1),
        "the figures by type follow the correction"
    );
    let form = volunteer.activity_edit_form(&activity).await;
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
        .add_volunteers(&activity, &[("volunteer", "nobody")])
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
        .add_volunteers(&activity, &[("volunteer", &member)])
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let shown = volunteer.activity_page(&activity).await;
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
        .review_activity(&activity, &[("verdict", "verify")])
        .await;
    let refused = volunteer
        .correct_activity(&activity, &[("status", "done"), ("count-women", "500")])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(
        volunteer.delete_activity(&activity, &[]).await.status,
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
    let mistake = activity_at(&mistake);
    assert_eq!(national(&app, &token).await.2, before.2 + 54);
    let deleted = volunteer.delete_activity(&mistake, &[]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.body);
    assert_eq!(national(&app, &token).await.2, before.2 + 47);
    assert_eq!(
        volunteer.activity_page(&mistake).await.status,
        StatusCode::NOT_FOUND
    );
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
        other.activity_edit_form(&activity).await.status,
        StatusCode::NOT_FOUND
    );
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
    let activity = activity_at(&recorded);
    assert_eq!(volunteer.activity_page(&activity).await.count(".also a"), 1);
    let after = national(&app, &token).await;
    assert_eq!(
        (after.0, after.2),
        (before.0 + 1, before.2 + 150),
        "one activity, its beneficiaries counted once"
    );
    let edit = volunteer.activity_edit_form(&activity).await;
    assert_eq!(
        edit.count(&format!("input[name=also][value='{nearby}'][checked]")),
        1
    );
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
        .record_activity(
            &section,
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
    let activity = activity_at(&recorded);
    assert_eq!(
        coordinator.activity_page(&activity).await.count(".organizer a"),
        1
    );
    // The province's coordinator does not verify the province's own activity; the national does.
    let own = coordinator
        .review_activity(&activity, &[("verdict", "verify")])
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    let mut admin = app.signed_in("admin.organizer", Role::NationalAdmin, None).await;
    let verified = admin.review_activity(&activity, &[("verdict", "verify")]).await;
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
