//! Finding people: however a name is typed, only within the caller's reach and organization.

use super::*;

#[tokio::test]
async fn a_branch_secretary_finds_mohamed_alaoui_however_it_is_typed_and_only_in_their_branch() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let ours = add(&app, &branch, alaoui("06 61 23 98 77", "ZT90001")).await;
    // The same name elsewhere, outside the secretary's branch.
    let theirs = add(&app, "03.561.01.01", alaoui("0661239877", "CD90002")).await;

    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    for typed in [
        "mohamed alaoui",
        "محمد العلوى",
        "Muhammad Alaoui",
        "مُحمّد",
        "9877",
        "0661239877",
        "zt 90001",
    ] {
        let found = uids_on_page(&mut secretary, typed).await;
        assert!(
            found.contains(&ours),
            "{typed:?} finds the member of the branch: {found:?}"
        );
        assert!(
            !found.contains(&theirs),
            "{typed:?} never shows someone outside the branch"
        );
    }
    // Nobody outside the branch's reach appears, whatever is searched.
    let everyone = uids_on_page(&mut secretary, "").await;
    assert!(!everyone.is_empty());
    let db = &app.state.db;
    for uid in everyone {
        let sql = "SELECT COUNT(*) FROM people p WHERE p.uid = $1 AND (p.residence_path LIKE $2 OR p.id IN \
                   (SELECT person_id FROM memberships WHERE branch_path LIKE $2))";
        let place = format!(
            "%/{}/%",
            branch.rsplit_once('-').map_or(branch.as_str(), |(c, _)| c)
        );
        let n: i64 = match db {
            Db::Sqlite { reader, .. } => {
                sqlx::query_scalar(sql)
                    .bind(&uid)
                    .bind(&place)
                    .fetch_one(reader)
                    .await
            }
            Db::Postgres(pool) => {
                sqlx::query_scalar(sql)
                    .bind(&uid)
                    .bind(&place)
                    .fetch_one(pool)
                    .await
            }
        }
        .expect("query");
        assert_eq!(n, 1, "{uid} belongs to the branch's commune");
    }
}

#[tokio::test]
async fn a_viewer_never_opens_a_personal_record_and_a_coordinator_not_outside_their_province() {
    let (app, report) = TestApp::with_demo().await;
    let uid = add(&app, &rural_branch(&report), alaoui("0661239877", "ZT90001")).await;
    let mut viewer = app.browser();
    viewer.login("viewer", PASSWORD).await;
    assert_eq!(viewer.people_list("").await.status, StatusCode::FORBIDDEN);
    assert_eq!(viewer.person(&uid).await.status, StatusCode::FORBIDDEN);
    let mut taza = app.browser();
    taza.login("coord.taza", PASSWORD).await;
    assert_eq!(taza.person(&uid).await.status, StatusCode::NOT_FOUND);
    let mut taounate = app.browser();
    taounate.login("coord.taounate", PASSWORD).await;
    assert_eq!(taounate.person(&uid).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_officer_of_the_youth_wing_sees_its_members_only_and_the_union_stays_walled() {
    let (app, _) = TestApp::with_demo().await;
    let token = {
        let mut browser = app.browser();
        browser.login("youth.officer", PASSWORD).await;
        mizan::auth::actions::create_token(&app.state, &Actor::cli(), "youth.officer", "t", None)
            .await
            .expect("token")
    };
    let listed = api(&app, Method::GET, "/api/v1/people?limit=200", Some(&token), None).await;
    assert_eq!(listed.status, StatusCode::OK);
    let items = listed.json()["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty());
    for item in &items {
        let uid = item["uid"].as_str().expect("uid");
        let file = api(
            &app,
            Method::GET,
            &format!("/api/v1/people/{uid}"),
            Some(&token),
            None,
        )
        .await
        .json();
        let orgs: Vec<&str> = file["memberships"]
            .as_array()
            .expect("memberships")
            .iter()
            .filter_map(|m| m["organization_code"].as_str())
            .collect();
        assert!(orgs.contains(&"youth"), "{uid} is a youth member: {orgs:?}");
        assert!(
            !orgs.contains(&"union"),
            "the union's memberships stay walled: {orgs:?}"
        );
    }
    // The national administrator sees union memberships.
    let admin = mizan::auth::actions::create_token(&app.state, &Actor::cli(), "admin", "t", None)
        .await
        .expect("token");
    let union_member: String = {
        let sql = "SELECT p.uid FROM people p JOIN memberships m ON m.person_id = p.id \
                   JOIN organizations o ON o.id = m.organization_id WHERE o.code = 'union' LIMIT 1";
        match &app.state.db {
            Db::Sqlite { reader, .. } => sqlx::query_scalar(sql).fetch_one(reader).await,
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        }
        .expect("a union member")
    };
    let file = api(
        &app,
        Method::GET,
        &format!("/api/v1/people/{union_member}"),
        Some(&admin),
        None,
    )
    .await
    .json();
    assert!(
        file["memberships"]
            .as_array()
            .expect("list")
            .iter()
            .any(|m| m["organization_code"] == "union")
    );
}

#[tokio::test]
async fn the_search_page_works_for_a_user_created_with_a_role() {
    let app = TestApp::new().await;
    let mut browser = app.signed_in("entry", Role::DataEntry, Some("03.561")).await;
    let page = browser.people_list("?q=nobody").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.count("tr[data-uid]"), 0);
    assert!(page.texts(".muted").iter().any(|t| t.contains("لا أحد")));
}
