//! A branch's life: renamed, merged into another, closed, with its history kept.

use super::*;

/// Active members of the party at or below a unit, from the rollups.
async fn party_members(app: &TestApp, unit: &str) -> i64 {
    crate::helpers::scalar(
        &app.state.db,
        &format!(
            "SELECT CAST(COALESCE(SUM(r.active_members), 0) AS BIGINT) FROM membership_rollups r \
             JOIN organizations o ON o.id = r.organization_id AND o.kind = 'party' WHERE r.unit_code = '{unit}'"
        ),
    )
    .await
}

async fn branches_at(app: &TestApp, unit: &str) -> i64 {
    crate::helpers::scalar(
        &app.state.db,
        &format!("SELECT branches FROM territory_units WHERE code = '{unit}'"),
    )
    .await
}

#[tokio::test]
async fn a_branch_is_renamed_then_merged_into_another_and_the_other_closed_with_its_history_kept() {
    let app = TestApp::new().await;
    crate::helpers::ensure_party(&app.state).await;
    let mut coordinator = app.signed_in("coord.taza", Role::Coordinator, Some(TAZA)).await;
    let province = coordinator.territory(TAZA).await;
    let commune = province.attr("tr[data-code]", "data-code").expect("a commune");
    let mut branches = Vec::new();
    for (ar, fr) in [("فرع الأمل", "Al Amal"), ("فرع النور", "Annour")] {
        let made = coordinator
            .create_unit(&commune, &[("name_ar", ar), ("name_fr", fr)])
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER);
        let code = made
            .location()
            .and_then(|l| l.strip_prefix("/territory/"))
            .expect("the branch")
            .to_owned();
        branches.push(code);
    }
    let (first, second) = (branches[0].clone(), branches[1].clone());
    for (branch, given) in [
        (&first, "سعيد"),
        (&first, "ليلى"),
        (&first, "حسن"),
        (&second, "مريم"),
    ] {
        let added = coordinator
            .add_person(&branch, &[("given_ar", given), ("family_ar", "التازي")])
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let (members_before, branches_before) = (party_members(&app, TAZA).await, branches_at(&app, TAZA).await);
    assert_eq!(party_members(&app, &first).await, 3);
    open_renewal(&app, "renewal-2026").await;

    let renamed = coordinator
        .rename_branch(
            &first,
            &[("name_ar", "فرع الأمل الجديد"), ("name_fr", "Al Amal Jadid")],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    let page = coordinator.territory(&first).await;
    assert_eq!(page.texts("h1"), vec!["فرع الأمل الجديد"]);

    let no_reason = coordinator
        .close_branch(
            &first,
            &[
                ("on", "2026-11-29"),
                ("reason", ""),
                ("members", "merge"),
                ("into", &second),
            ],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_reason.count("#reason-error"), 1);
    assert_eq!(branches_at(&app, TAZA).await, branches_before, "nothing written");

    let manage = coordinator.branch_manage_page(&first).await;
    assert_eq!(
        manage.count(&format!("select#into option[value='{second}']")),
        1,
        "the other branch of the province is offered"
    );
    let merged = coordinator
        .close_branch(
            &first,
            &[
                ("on", "2026-11-28"),
                ("reason", "فرعان في حي واحد"),
                ("members", "merge"),
                ("into", &second),
            ],
        )
        .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    assert_eq!(party_members(&app, &second).await, 4, "the members moved");
    assert_eq!(party_members(&app, &first).await, 0);
    assert_eq!(
        party_members(&app, TAZA).await,
        members_before,
        "nobody lost on the way"
    );
    assert_eq!(branches_at(&app, TAZA).await, branches_before - 1);
    let closed = coordinator.territory(&first).await;
    assert_eq!(closed.status, StatusCode::OK, "its page stays");
    assert!(
        closed
            .texts(".closed-notice")
            .join(" ")
            .contains("فرعان في حي واحد")
    );
    assert_eq!(
        closed.count(&format!(".closed-notice a[href='/territory/{second}']")),
        1
    );
    assert_eq!(
        closed.count(&format!("a[href='/territory/{first}/people/new']")),
        0
    );
    assert_eq!(
        coordinator.branch_manage_page(&first).await.status,
        StatusCode::NOT_FOUND,
        "closed once"
    );
    let late = coordinator
        .add_person(&first, &[("given_ar", "نبيل"), ("family_ar", "التازي")])
        .await;
    assert_eq!(
        late.status,
        StatusCode::CONFLICT,
        "a closed branch takes no new member"
    );
    assert_eq!(
        crate::helpers::scalar(
            &app.state.db,
            &format!("SELECT COUNT(*) FROM bodies WHERE unit_code = '{first}' AND dissolved_on IS NULL")
        )
        .await,
        0,
        "its bureau dissolved"
    );

    // The last branch closes, its members kept as lapsed: no longer counted.
    let lapsed = coordinator
        .close_branch(
            &second,
            &[
                ("on", "2026-11-29"),
                ("reason", "توقف النشاط"),
                ("members", "lapse"),
            ],
        )
        .await;
    assert_eq!(lapsed.status, StatusCode::SEE_OTHER, "{}", lapsed.body);
    assert_eq!(party_members(&app, TAZA).await, members_before - 4);
    assert_eq!(branches_at(&app, TAZA).await, branches_before - 2);
    assert_eq!(
        crate::helpers::scalar(
            &app.state.db,
            &format!("SELECT COUNT(*) FROM memberships WHERE branch_code = '{second}' AND status = 'lapsed'")
        )
        .await,
        4
    );
    assert_eq!(
        crate::helpers::scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('territory.unit.rename', 'territory.unit.merge', 'territory.unit.close')"
        )
        .await,
        3
    );
    // Their renewals in the running campaign end with them; a later campaign leaves them out;
    // and they take no activity.
    let stage = |code: String| {
        let app = &app;
        async move {
            mizan::on_db!(&app.state.db, |c| sqlx::query_as::<_, (String, Option<String>)>(
                "SELECT r.stage, r.merged_into FROM branch_renewals r JOIN renewal_campaigns c ON c.id = r.campaign_id \
                 WHERE c.code = 'renewal-2026' AND r.branch_code = $1"
            )
            .bind(code)
            .fetch_one(c)
            .await)
            .expect("a renewal")
        }
    };
    assert_eq!(
        stage(first.clone()).await,
        ("merged".to_owned(), Some(second.clone()))
    );
    assert_eq!(stage(second.clone()).await, ("lapsed".to_owned(), None));
    open_renewal(&app, "renewal-2027").await;
    assert_eq!(
        crate::helpers::scalar(
            &app.state.db,
            &format!(
                "SELECT COUNT(*) FROM branch_renewals r JOIN renewal_campaigns c ON c.id = r.campaign_id \
                 WHERE c.code = 'renewal-2027' AND r.branch_code IN ('{first}', '{second}')"
            )
        )
        .await,
        0,
        "a closed branch is not due for renewal"
    );
    assert_eq!(
        coordinator.activity_form(&second).await.status,
        StatusCode::CONFLICT,
        "a closed branch records no activity"
    );
    // Another province's coordinator cannot touch them.
    let mut other = app
        .signed_in("coord.taounate", Role::Coordinator, Some(TAOUNATE))
        .await;
    assert_eq!(
        other.branch_manage_page(&second).await.status,
        StatusCode::NOT_FOUND
    );
}

/// A renewal campaign of the whole country, running from October to March.
async fn open_renewal(app: &TestApp, code: &str) {
    let draft = mizan::renewal::actions::CampaignDraft {
        code: code.into(),
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
