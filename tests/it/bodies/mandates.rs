//! Seats: given by searching a name and ticking the person.

use super::*;

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
    let page = secretary.body_page(&bureau).await;
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
        .give_mandate(
            &bureau,
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
        .give_mandate(&bureau, &seat("Qwxyz").each_ref().map(|(k, v)| (*k, v.as_str())))
        .await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(nobody.count("#person-error"), 1);

    let ticked = secretary
        .give_mandate(&bureau, &seat(&ours).each_ref().map(|(k, v)| (*k, v.as_str())))
        .await;
    assert_eq!(ticked.status, StatusCode::SEE_OTHER, "{}", ticked.body);
    let page = secretary.body_page(&bureau).await;
    assert_eq!(page.count(&format!("tr[data-uid='{ours}']")), 1);
    let twice = secretary
        .give_mandate(&bureau, &seat(&ours).each_ref().map(|(k, v)| (*k, v.as_str())))
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        twice.texts("#person-error"),
        vec!["هذا الشخص عضو في هذه الهيئة من قبل."],
        "one seat per person and body: never counted twice at its meetings"
    );

    // A guest of a held meeting is found the same way, with the quality she came in.
    let form = secretary.meeting_form(&bureau, "").await;
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
    let recorded = secretary.record_meeting(&bureau, &fields).await;
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
    let page = secretary.meeting_page(&meeting).await;
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
