//! Users from the web: the national administrator invites a coordinator, who signs up from the
//! link and manages the users of their province for the roles below theirs, and nothing more
//! (refused, nothing written, audited); a reset gives a new link and ends the sessions.

use axum::http::StatusCode;
use mizan::auth::Role;

use crate::helpers::{Browser, PASSWORD, TestApp, scalar};

/// Invites a user from `manager`'s browser; the path of the sign-up link shown.
async fn invite(manager: &mut Browser<'_>, fields: &[(&str, &str)]) -> crate::helpers::TestResponse {
    manager.invite_user(fields).await
}

fn link_of(page: &crate::helpers::TestResponse) -> String {
    let link = page.texts("code.signup-link").join("");
    assert!(link.starts_with("/signup/"), "{}", page.body);
    link
}

/// Opens a link in a new browser and chooses the test password; signed in.
async fn sign_up<'a>(app: &'a TestApp, link: &str) -> Browser<'a> {
    let mut browser = app.browser();
    let form = browser.get(link).await;
    assert_eq!(form.status, StatusCode::OK);
    let done = browser
        .post_form(link, &[("new", PASSWORD), ("confirm", PASSWORD)])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    browser
}

#[tokio::test]
async fn a_coordinator_invited_from_the_web_manages_the_users_of_the_province_and_nothing_more() {
    let app = TestApp::new().await;
    crate::helpers::ensure_party(&app.state).await;
    let mut admin = app.signed_in("national", Role::NationalAdmin, None).await;
    let invited = invite(
        &mut admin,
        &[
            ("username", "coord.taza"),
            ("display_name", "منسق تازة"),
            ("role", "coordinator"),
            ("scope", "03.561"),
        ],
    )
    .await;
    assert_eq!(invited.status, StatusCode::OK, "{}", invited.body);
    let link = link_of(&invited);
    let mut coordinator = sign_up(&app, &link).await;
    assert_eq!(
        app.browser().get(&link).await.status,
        StatusCode::NOT_FOUND,
        "a link works once"
    );
    let listed = coordinator.users().await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(
        listed.count("li[data-user]"),
        1,
        "the coordinator sees their province's users, not the national ones"
    );

    // Below their role, inside their province: a branch secretary of Aknoul.
    let secretary = invite(
        &mut coordinator,
        &[
            ("username", "secretary.aknoul"),
            ("role", "branch_secretary"),
            ("scope", "03.561.01.01"),
        ],
    )
    .await;
    assert_eq!(secretary.status, StatusCode::OK, "{}", secretary.body);

    // Beyond it: refused, nothing written, the attempt audited.
    let grants = || scalar(&app.state.db, "SELECT COUNT(*) FROM role_grants");
    let users = || scalar(&app.state.db, "SELECT COUNT(*) FROM users");
    let before = (grants().await, users().await);
    for (role, scope) in [
        ("national_admin", "all"),
        ("branch_secretary", "03.531"),
        ("coordinator", "03.561.01.01"),
    ] {
        let refused = invite(
            &mut coordinator,
            &[("username", "someone.else"), ("role", role), ("scope", scope)],
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role} @ {scope}");
    }
    let granted = coordinator
        .manage_user(
            "secretary.aknoul",
            &[("do", "grant"), ("role", "national_admin"), ("scope", "all")],
        )
        .await;
    assert_eq!(granted.status, StatusCode::FORBIDDEN);
    let disabled = coordinator.manage_user("national", &[("do", "disable")]).await;
    assert_eq!(disabled.status, StatusCode::NOT_FOUND, "not even seen");
    assert_eq!((grants().await, users().await), before, "nothing written");
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'user.refused'"
        )
        .await,
        5
    );
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM users WHERE username = 'national' AND disabled_at IS NULL"
        )
        .await,
        1
    );

    // What is theirs: a second role to the secretary, taken back; the account disabled, enabled.
    let page = coordinator.user_page("secretary.aknoul").await;
    assert_eq!(page.count("ul.grants li"), 1);
    let more = coordinator
        .manage_user(
            "secretary.aknoul",
            &[("do", "grant"), ("role", "viewer"), ("scope", "03.561")],
        )
        .await;
    assert_eq!(more.status, StatusCode::SEE_OTHER, "{}", more.body);
    let page = coordinator.user_page("secretary.aknoul").await;
    assert_eq!(page.count("ul.grants li"), 2);
    let viewer = page
        .html()
        .select(&scraper::Selector::parse("ul.grants li").expect("selector"))
        .nth(1)
        .and_then(|li| li.value().attr("data-grant").map(str::to_owned))
        .expect("the viewer grant");
    let taken = coordinator
        .manage_user("secretary.aknoul", &[("do", "revoke"), ("grant", &viewer)])
        .await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER);
    assert_eq!(
        coordinator
            .user_page("secretary.aknoul")
            .await
            .count("ul.grants li"),
        1
    );
    for what in ["disable", "enable"] {
        let done = coordinator.manage_user("secretary.aknoul", &[("do", what)]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{what}");
    }
    let unknown = coordinator
        .manage_user("secretary.aknoul", &[("do", "explode")])
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_reset_ends_the_sessions_and_gives_a_new_link_that_works_once() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in("national", Role::NationalAdmin, None).await;
    let mut secretary = app
        .signed_in("secretary", Role::BranchSecretary, Some("03.561.01.01"))
        .await;
    assert_eq!(secretary.people_list("").await.status, StatusCode::OK);
    let reset = admin.manage_user("secretary", &[("do", "reset")]).await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    let link = link_of(&reset);
    assert_eq!(
        secretary.people_list("").await.status,
        StatusCode::UNAUTHORIZED,
        "the old session ended"
    );
    let refused = secretary.login("secretary", PASSWORD).await;
    assert_eq!(
        refused.status,
        StatusCode::UNAUTHORIZED,
        "the old password is gone"
    );
    let mut again = sign_up(&app, &link).await;
    assert_eq!(again.people_list("").await.status, StatusCode::OK);
    let short = app
        .browser()
        .post_form(&link, &[("new", "short"), ("confirm", "short")])
        .await;
    assert_eq!(short.status, StatusCode::NOT_FOUND, "used");
    let users = admin.users().await;
    assert_eq!(users.count("li[data-user]"), 2);
}

#[tokio::test]
async fn an_administrator_cannot_take_away_their_own_role() {
    let app = TestApp::new().await;
    crate::helpers::ensure_party(&app.state).await;
    let mut admin = app.signed_in("national", Role::NationalAdmin, None).await;
    let own = admin.user_page("national").await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.count("input[name=do][value=revoke]"), 0, "no button for it");
    let grant = scalar(
        &app.state.db,
        "SELECT g.id FROM role_grants g JOIN users u ON u.id = g.user_id WHERE u.username = 'national'",
    )
    .await
    .to_string();
    let refused = admin
        .manage_user("national", &[("do", "revoke"), ("grant", &grant)])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.count("#grant-error"), 1, "{}", refused.body);
    assert_eq!(
        scalar(&app.state.db, "SELECT COUNT(*) FROM role_grants").await,
        1,
        "the role stays"
    );
}
