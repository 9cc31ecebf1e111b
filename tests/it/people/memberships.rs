//! Memberships and dues: per year, lapsed members back in the figures, joining and leaving an
//! organization.

use super::*;

#[tokio::test]
async fn dues_are_kept_per_year_filtered_and_bring_a_lapsed_member_back_into_the_figures() {
    let (app, _) = TestApp::with_demo().await;
    let db = &app.state.db;
    let count = |sql: &'static str| crate::helpers::scalar(db, sql);
    assert!(
        count("SELECT COUNT(*) FROM dues").await > 1_000,
        "the demo has dues"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM memberships m WHERE m.status = 'active' AND m.id NOT IN (SELECT membership_id FROM dues WHERE year = 2026)").await,
        0,
        "every active member paid this year"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM memberships m WHERE m.status = 'lapsed' AND m.id IN (SELECT membership_id FROM dues WHERE year = 2026)").await,
        0,
        "a lapsed member has not"
    );
    // A lapsed party member of Taounate.
    let sql = "SELECT p.uid || '|' || COALESCE(p.given_latin, '') || ' ' || COALESCE(p.family_latin, '') || '|' || o.code \
               FROM memberships m JOIN people p ON p.id = m.person_id \
               JOIN organizations o ON o.id = m.organization_id AND o.kind = 'party' \
               WHERE m.status = 'lapsed' AND m.branch_path LIKE '%/03.531/%' ORDER BY m.id LIMIT 1";
    let found: String = match db {
        Db::Sqlite { reader, .. } => sqlx::query_scalar(sql).fetch_one(reader).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .expect("a lapsed member in Taounate");
    let mut parts = found.split('|');
    let (uid, name, party) = (
        parts.next().unwrap_or_default().to_owned(),
        parts.next().unwrap_or_default().to_owned(),
        parts.next().unwrap_or_default().to_owned(),
    );
    let province_members = || {
        crate::helpers::scalar(
            db,
            "SELECT CAST(COALESCE(SUM(r.active_members), 0) AS BIGINT) FROM membership_rollups r JOIN organizations o \
             ON o.id = r.organization_id AND o.kind = 'party' WHERE r.unit_code = '03.531'",
        )
    };
    let before = province_members().await;
    let mut coordinator = app.browser();
    coordinator.login("coord.taounate", PASSWORD).await;
    let listed = |filter: &'static str| format!("/people?q={}&dues={filter}", urlencode(&name));
    let unpaid = coordinator.get(&listed("unpaid")).await;
    assert!(unpaid.body.contains(&uid), "among the unpaid");
    assert!(!coordinator.get(&listed("paid")).await.body.contains(&uid));

    let paid = coordinator
        .record_dues(
            &uid,
            &[("organization", &party), ("year", "2026"), ("amount", "120")],
        )
        .await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.body);
    let again = coordinator
        .record_dues(
            &uid,
            &[("organization", &party), ("year", "2026"), ("amount", "120")],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        again.count("#year-error"),
        1,
        "already paid, said beside the year"
    );
    assert_eq!(
        province_members().await,
        before + 1,
        "active again, and counted at once"
    );
    assert!(coordinator.get(&listed("paid")).await.body.contains(&uid));
    let file = coordinator.person(&uid).await;
    assert_eq!(file.texts(&format!("td[data-dues={party}]")), vec!["2026"]);
    assert!(
        audit::latest(db, 5)
            .await
            .expect("audit")
            .iter()
            .any(|e| e.action == "membership.dues" && e.target_id == uid),
        "audited"
    );
}

#[tokio::test]
async fn a_member_joins_the_youth_wing_changes_role_and_leaves_with_the_figures_following() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let uid = add(&app, &branch, alaoui("0661239877", "ZT90001")).await;
    let youth_members = |app: &TestApp, unit: String| {
        let db = app.state.db.clone();
        async move {
            scalar(
                &db,
                &format!(
                    "SELECT CAST(COALESCE(SUM(r.active_members), 0) AS BIGINT) FROM membership_rollups r \
                     JOIN organizations o ON o.id = r.organization_id AND o.code = 'youth' WHERE r.unit_code = '{unit}'"
                ),
            )
            .await
        }
    };
    let before = youth_members(&app, branch.clone()).await;
    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    let file = secretary.person(&uid).await;
    assert_eq!(file.count(&format!("a[href='/people/{uid}/memberships']")), 1);
    let page = secretary.memberships(&uid).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.count("li[data-membership]"), 1, "the party membership");
    assert!(page.count(&format!("select#branch option[value='{branch}']")) == 1);

    let twice = secretary
        .join_organization(
            &uid,
            &[("organization", "party"), ("branch", &branch), ("role", "member")],
        )
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        twice.count("#organization-error"),
        1,
        "already a member of the party"
    );
    let joined = secretary
        .join_organization(
            &uid,
            &[
                ("organization", "youth"),
                ("branch", &branch),
                ("role", "officer"),
                ("joined_on", "2026-10-01"),
            ],
        )
        .await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.body);
    assert_eq!(youth_members(&app, branch.clone()).await, before + 1);
    let page = secretary.memberships(&uid).await;
    let youth = page
        .html()
        .select(&scraper::Selector::parse("li[data-membership]").expect("selector"))
        .filter(|li| li.text().collect::<String>().contains("شبيبة"))
        .filter_map(|li| li.value().attr("data-membership").map(str::to_owned))
        .next()
        .expect("the youth membership");

    let role = secretary
        .change_membership(&uid, &youth, &[("do", "role"), ("role", "member")])
        .await;
    assert_eq!(role.status, StatusCode::SEE_OTHER);
    let early = secretary
        .change_membership(
            &uid,
            &youth,
            &[("do", "end"), ("ended_on", "2026-09-01"), ("reason", "resigned")],
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ended = secretary
        .change_membership(
            &uid,
            &youth,
            &[("do", "end"), ("ended_on", "2026-11-20"), ("reason", "resigned")],
        )
        .await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);
    assert_eq!(
        youth_members(&app, branch.clone()).await,
        before,
        "out of the figures"
    );
    let page = secretary.memberships(&uid).await;
    assert_eq!(
        page.count("li[data-status=ended]"),
        1,
        "the ended membership stays, as history"
    );
    assert!(page.texts("li[data-status=ended]").join(" ").contains("استقالة"));
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('membership.join', 'membership.role', 'membership.end')"
        )
        .await,
        3
    );
    // A coordinator of another province sees none of it.
    let mut taza = app.browser();
    taza.login("coord.taza", PASSWORD).await;
    assert_eq!(taza.memberships(&uid).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        taza.change_membership(&uid, &youth, &[("do", "role"), ("role", "officer")],)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
