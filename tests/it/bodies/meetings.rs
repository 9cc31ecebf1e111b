//! Meetings: recorded with their attendance, minutes as PDF or images, postponed then held.

use super::*;

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
    let page = secretary.body_page(&bureau).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.attr("html", "dir").as_deref(), Some("rtl"));
    let today = "2026-11-29";
    for (uid, position) in uids.iter().zip(["member", "member", "member"]) {
        let given = secretary
            .give_mandate(
                &bureau,
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
            .give_mandate(
                &bureau,
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
    let form = secretary.meeting_form(&bureau, "").await;
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
    let empty = secretary.record_meeting(&bureau, &unmarked).await;
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
    let refused = secretary.record_meeting(&bureau, &incomplete).await;
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
    let recorded = secretary.record_meeting(&bureau, &complete).await;
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
        .record_meeting(
            &bureau,
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
    let page = coordinator.meeting_page(&meeting).await;
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
            .give_mandate(
                &bureau,
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
        .record_meeting(
            &bureau,
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
        .change_meeting_status(&id, &[("status", "postponed"), ("date", "2026-11-01")])
        .await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(past.count("#date-error"), 1, "{}", past.body);
    let postponed = secretary
        .change_meeting_status(
            &id,
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
        taza.meeting_form(&bureau, &format!("?meeting={id}")).await.status,
        StatusCode::NOT_FOUND
    );

    // The day comes: the secretary records that same meeting as held.
    app.clock.advance(chrono::Duration::days(13));
    secretary.login("branch.rural", PASSWORD).await;
    let form = secretary.meeting_form(&bureau, &format!("?meeting={id}")).await;
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
    let recorded = secretary.record_meeting(&bureau, &fields).await;
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
    let again = secretary.record_meeting(&bureau, &fields).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(scalar(&app.state.db, &held).await, held_before + 1);
}
