//! Accounts: the first administrator, signing in and out, sessions, throttling, anti-forgery,
//! tokens.

use axum::http::{Method, StatusCode};
use chrono::Duration;
use mizan::audit::Actor;
use mizan::auth::Role;
use mizan::auth::actions;
use mizan::auth::sign_in::THROTTLE_PER_ACCOUNT;

use crate::helpers::{PASSWORD, TestApp, api};

#[tokio::test]
async fn the_first_start_creates_one_admin_with_a_one_time_password_that_must_be_changed() {
    let app = TestApp::new().await;
    let password = actions::ensure_first_admin(&app.state)
        .await
        .expect("first start")
        .expect("a password");
    assert!(
        actions::ensure_first_admin(&app.state)
            .await
            .expect("second start")
            .is_none(),
        "only the first start creates an administrator"
    );
    let mut browser = app.browser();
    let response = browser.login("admin", &password).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), Some("/account/password"));
    // Until the password is changed, other pages send back to the password change.
    let home = browser.territory("MA").await;
    assert_eq!(home.status, StatusCode::SEE_OTHER);
    assert_eq!(home.location(), Some("/account/password"));
    let weak = browser
        .change_password(&[("current", &password), ("new", "short"), ("confirm", "short")])
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        weak.texts("#new-error"),
        vec!["كلمة المرور قصيرة جداً (12 حرفاً على الأقل)."]
    );
    let changed = browser
        .change_password(&[("current", &password), ("new", PASSWORD), ("confirm", PASSWORD)])
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    // Then the second factor, which an administrator's role requires.
    let home = browser.territory("MA").await;
    assert_eq!(home.location(), Some("/account/two-factor"));
    browser.turn_on_two_factor().await;
    assert_eq!(browser.territory("MA").await.status, StatusCode::OK);
    // The one-time password works no more.
    let mut other = app.browser();
    assert_eq!(
        other.login("admin", &password).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    let app = TestApp::new().await;
    app.create_user("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    let mut browser = app.browser();
    let wrong = browser.login("coord.taza", "not the password").await;
    let unknown = browser.login("nobody.here", "not the password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, wrong.status);
    assert_eq!(wrong.texts(".notice"), unknown.texts(".notice"));
    assert_eq!(
        wrong.texts(".notice"),
        vec!["اسم المستخدم أو كلمة المرور غير صحيحين."]
    );
    assert!(!browser.cookies.contains_key("mizan_session"));
}

#[tokio::test]
async fn repeated_failures_lock_an_account_name_for_a_while_whether_or_not_it_exists() {
    let app = TestApp::new().await;
    let one_time = app
        .create_user("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    let mut browser = app.browser();
    for name in ["coord.taza", "ghost.user"] {
        for _ in 0..THROTTLE_PER_ACCOUNT {
            assert_eq!(
                browser.login(name, "guess").await.status,
                StatusCode::UNAUTHORIZED
            );
        }
        let locked = browser.login(name, "guess").await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "{name}");
    }
    // Even the right password waits…
    assert_eq!(
        browser.login("coord.taza", &one_time).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // …until the window has passed.
    app.clock.advance(Duration::minutes(16));
    assert_eq!(
        browser.login("coord.taza", &one_time).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn signing_in_gives_a_new_session_id_and_signing_out_ends_it() {
    let app = TestApp::new().await;
    let mut browser = app
        .signed_in("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    let first = browser.cookies.get("mizan_session").cloned().expect("a session");
    assert!(first.len() >= 43, "256 bits, base64url");
    let again = browser.login("coord.taza", PASSWORD).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let second = browser.cookies.get("mizan_session").cloned().expect("a session");
    assert_ne!(first, second, "the session id changes at sign-in");
    // The old id opens nothing.
    let mut stale = app.browser();
    stale.cookies.insert("mizan_session".into(), first);
    assert_eq!(stale.account().await.status, StatusCode::UNAUTHORIZED);

    let out = browser.logout(&[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let mut replay = app.browser();
    replay.cookies.insert("mizan_session".into(), second);
    assert_eq!(replay.account().await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_session_ends_after_an_idle_hour_and_after_twelve_hours_in_any_case() {
    let app = TestApp::new().await;
    let mut browser = app
        .signed_in("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    app.clock.advance(Duration::minutes(59));
    assert_eq!(browser.account().await.status, StatusCode::OK);
    app.clock.advance(Duration::minutes(61));
    assert_eq!(browser.account().await.status, StatusCode::UNAUTHORIZED);

    let mut busy = app
        .signed_in("coord.taounate", Role::Coordinator, Some("03.531"))
        .await;
    for _ in 0..13 {
        app.clock.advance(Duration::minutes(55));
        assert_eq!(busy.account().await.status, StatusCode::OK);
    }
    app.clock.advance(Duration::minutes(55));
    assert_eq!(
        busy.account().await.status,
        StatusCode::UNAUTHORIZED,
        "absolute expiry"
    );
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_and_tokens_at_once() {
    let app = TestApp::new().await;
    let mut browser = app
        .signed_in("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    let token = actions::create_token(&app.state, &Actor::cli(), "coord.taza", "script", None)
        .await
        .expect("token");
    assert_eq!(
        api(&app, Method::GET, "/api/v1/me", Some(&token), None)
            .await
            .status,
        StatusCode::OK
    );
    actions::disable_user(&app.state, &Actor::cli(), "coord.taza")
        .await
        .expect("disabled");
    assert_eq!(browser.account().await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        api(&app, Method::GET, "/api/v1/me", Some(&token), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        browser.login("coord.taza", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_form_without_its_anti_forgery_token_changes_nothing() {
    let app = TestApp::new().await;
    let mut browser = app
        .signed_in("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    let session = browser.cookies.get("mizan_session").cloned();
    let missing = browser.post_form_raw("/logout", &[]).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert_eq!(missing.texts("h1"), vec!["انتهت صلاحية الاستمارة"]);
    let forged = browser
        .post_form_raw(
            "/logout",
            &[("_csrf", "forged-token-forged-token-forged-token-0")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(browser.cookies.get("mizan_session").cloned(), session);
    assert_eq!(browser.account().await.status, StatusCode::OK, "still signed in");

    // A script sends the token in a header instead.
    let token = browser.csrf().await;
    let mut request = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/logout")
        .header("x-csrf-token", token)
        .header(
            "cookie",
            format!("mizan_session={}", session.clone().unwrap_or_default()),
        )
        .body(axum::body::Body::empty())
        .expect("request");
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(crate::helpers::remote_peer()));
    assert_eq!(app.send(request).await.status, StatusCode::SEE_OTHER);
    assert_eq!(browser.account().await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_sign_in_form_needs_its_token_too() {
    let app = TestApp::new().await;
    let one_time = app
        .create_user("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    let mut browser = app.browser();
    let forged = browser
        .post_form_raw("/login", &[("username", "coord.taza"), ("password", &one_time)])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(!browser.cookies.contains_key("mizan_session"));
}

#[tokio::test]
async fn a_token_carries_its_users_roles_and_needs_no_anti_forgery_token() {
    let app = TestApp::new().await;
    let token = app
        .token_for("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    let me = api(&app, Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(me.status, StatusCode::OK);
    let me = me.json();
    assert_eq!(me["username"], "coord.taza");
    assert_eq!(me["grants"][0]["role"], "coordinator");
    assert_eq!(me["grants"][0]["scope"], "03.561");
    let wrong = api(&app, Method::GET, "/api/v1/me", Some("mzn_not-a-token"), None).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.header("www-authenticate"), Some("Bearer"));
}

#[tokio::test]
async fn the_language_follows_the_account_then_the_cookie_then_the_browser() {
    let app = TestApp::new().await;
    let mut visitor = app.browser();
    assert_eq!(
        visitor.login_page().await.attr("html", "lang").as_deref(),
        Some("ar")
    );
    visitor.accept_language = Some("fr-MA,fr;q=0.9,en;q=0.5".into());
    let french = visitor.login_page().await;
    assert_eq!(french.attr("html", "lang").as_deref(), Some("fr"));
    assert_eq!(french.attr("html", "dir").as_deref(), Some("ltr"));
    let switched = visitor
        .choose_language(&[("locale", "en"), ("next", "/login")])
        .await;
    assert_eq!(switched.location(), Some("/login"));
    assert_eq!(
        visitor.login_page().await.attr("html", "lang").as_deref(),
        Some("en"),
        "the cookie wins"
    );

    let mut member = app
        .signed_in("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    member.choose_language(&[("locale", "fr"), ("next", "/")]).await;
    // Another device, another browser language: the account's choice still wins.
    let mut elsewhere = app.browser();
    elsewhere.accept_language = Some("en".into());
    elsewhere.login("coord.taza", PASSWORD).await;
    assert_eq!(
        elsewhere.account().await.attr("html", "lang").as_deref(),
        Some("fr")
    );
}

#[tokio::test]
async fn a_user_makes_a_token_from_the_account_page_sees_it_once_and_revokes_it() {
    let app = TestApp::new().await;
    let mut coordinator = app
        .signed_in("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    let refused = coordinator
        .create_token(&[("do", "create"), ("label", ""), ("days", "90")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.count("#label-error"), 1, "{}", refused.body);
    let made = coordinator
        .create_token(&[("do", "create"), ("label", "جدول المتابعة"), ("days", "30")])
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let token = made.texts("code.token").join("");
    assert!(token.starts_with("mzn_"), "{token}");
    let me = api(&app, Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["username"], "coord.taza");

    let account = coordinator.account().await;
    assert_eq!(account.count("li[data-token]"), 1);
    assert!(!account.body.contains(&token), "shown once, never again");
    let id = account.attr("li[data-token]", "data-token").expect("an id");
    // Another user cannot revoke it.
    let mut other = app
        .signed_in("coord.taounate", Role::Coordinator, Some("03.531"))
        .await;
    let foreign = other.create_token(&[("do", "revoke"), ("token", &id)]).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert_eq!(
        api(&app, Method::GET, "/api/v1/me", Some(&token), None)
            .await
            .status,
        StatusCode::OK
    );
    let revoked = coordinator
        .create_token(&[("do", "revoke"), ("token", &id)])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(
        api(&app, Method::GET, "/api/v1/me", Some(&token), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    // An administrator makes none before their second factor is on (a token asks for no code).
    let one_time = app.create_user("national", Role::NationalAdmin, None).await;
    let mut admin = app.browser();
    admin.login("national", &one_time).await;
    admin
        .change_password(&[("current", &one_time), ("new", PASSWORD), ("confirm", PASSWORD)])
        .await;
    let early = admin
        .create_token(&[("do", "create"), ("label", "script"), ("days", "90")])
        .await;
    assert_eq!(early.location(), Some("/account/two-factor"));
    assert_eq!(
        crate::helpers::scalar(&app.state.db, "SELECT COUNT(*) FROM api_tokens").await,
        1,
        "only the coordinator's, revoked"
    );
}
