//! Two-factor sign-in: required for national administrators and data-protection officers (sent
//! to set it up before anything else), optional for the others; after the password, a code of
//! the app that works once, or a recovery code that works once; wrong codes throttled; a manager
//! turns it off for someone who lost their phone.

use axum::http::{Method, StatusCode};
use mizan::auth::Role;
use mizan::auth::two_factor::totp;
use mizan::clock::Clock;

use crate::helpers::{PASSWORD, TestApp, api, scalar};

/// The code in Arabic-Indic digits, as an Arabic phone keyboard types it.
fn arabic_digits(code: &str) -> String {
    code.chars()
        .map(|c| char::from_u32(0x0660 + c.to_digit(10).expect("a digit")).expect("a digit"))
        .collect()
}

#[tokio::test]
async fn an_administrator_sets_up_two_factor_sign_in_before_anything_else() {
    let app = TestApp::new().await;
    crate::helpers::ensure_party(&app.state).await;
    let one_time = app.create_user("national", Role::NationalAdmin, None).await;
    let mut admin = app.browser();
    admin.login("national", &one_time).await;
    let changed = admin
        .change_password(&[("current", &one_time), ("new", PASSWORD), ("confirm", PASSWORD)])
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    for path in ["/", "/people", "/admin/users", "/territory/03"] {
        let page = admin.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(page.location(), Some("/account/two-factor"), "{path}");
    }
    admin.accept = Some("application/json".into());
    let refused = admin.get("/api/v1/territory/03").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("two_factor_required"), "{}", refused.body);
    admin.accept = None;
    assert_eq!(admin.account().await.status, StatusCode::OK, "the account opens");

    let setup = admin.two_factor_page().await;
    assert_eq!(setup.count("figure.qr svg"), 1, "a QR code drawn on the page");
    assert_eq!(
        admin.two_factor_page().await.attr("a[href^='otpauth:']", "href"),
        setup.attr("a[href^='otpauth:']", "href"),
        "a reload shows the same secret (the phone may have scanned it)"
    );
    let wrong = admin.set_two_factor(&[("do", "on"), ("code", "123456")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.count("#code-error"), 1, "{}", wrong.body);

    let factor = admin.turn_on_two_factor().await;
    assert_eq!(admin.home().await.status, StatusCode::OK, "everything opens");
    let mut elsewhere = app.browser();
    let signed = elsewhere
        .login_with_code("national", PASSWORD, &factor.secret)
        .await;
    assert_eq!(signed.location(), Some("/"), "{}", signed.body);
    assert_eq!(elsewhere.people_list("").await.status, StatusCode::OK);
    assert_eq!(
        admin.two_factor_page().await.count("ol.recovery-codes"),
        0,
        "the recovery codes are shown once"
    );
    let sealed = crate::helpers::text(
        &app.state.db,
        "SELECT COALESCE(CAST(totp_enabled_at AS TEXT), '') FROM users WHERE username = 'national'",
    )
    .await;
    assert!(!sealed.is_empty(), "on");
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'two_factor.on'"
        )
        .await,
        1
    );
    let audit = crate::helpers::text(
        &app.state.db,
        "SELECT COALESCE(STRING_AGG(details, ' '), '') FROM (SELECT CAST(details AS TEXT) AS details FROM audit_log) d",
    )
    .await;
    for code in &factor.recovery_codes {
        assert!(
            !audit.contains(code.as_str()),
            "no recovery code in the audit log"
        );
    }
    assert!(
        !audit.contains(&factor.secret.base32()),
        "no secret in the audit log"
    );
}

#[tokio::test]
async fn the_password_alone_opens_nothing_and_a_code_works_once() {
    let app = TestApp::new().await;
    crate::helpers::ensure_party(&app.state).await;
    let mut first = app
        .signed_in("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    let factor = first.turn_on_two_factor().await;

    let mut browser = app.browser();
    let asked = browser.login("coord.taza", PASSWORD).await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    assert_eq!(asked.location(), Some("/login/second-factor?next=%2F"));
    assert!(!browser.cookies.contains_key("mizan_session"), "no session yet");
    let home = browser.territory("03.561").await;
    assert_eq!(
        home.status,
        StatusCode::UNAUTHORIZED,
        "the password alone opens nothing"
    );

    let form = browser.second_factor_page("?next=%2F").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(
        form.attr("#code", "autocomplete").as_deref(),
        Some("one-time-code")
    );
    let wrong = browser.second_factor(&[("code", "000000"), ("next", "/")]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(!browser.cookies.contains_key("mizan_session"));

    app.clock.advance(chrono::Duration::seconds(30));
    let code = totp::code_at(&factor.secret, app.clock.now());
    let done = browser
        .second_factor(&[("code", &arabic_digits(&code)), ("next", "/territory/03.561")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), Some("/territory/03.561"));
    assert!(browser.cookies.contains_key("mizan_session"));
    assert!(
        !browser.cookies.contains_key("mizan_second_factor"),
        "the waiting sign-in ends"
    );
    assert_eq!(browser.territory("03.561").await.status, StatusCode::OK);

    // The same code, seen over a shoulder, a second later: refused.
    let mut thief = app.browser();
    thief.login("coord.taza", PASSWORD).await;
    let replayed = thief.second_factor(&[("code", &code), ("next", "/")]).await;
    assert_eq!(replayed.status, StatusCode::UNAUTHORIZED, "a code works once");
    assert!(!thief.cookies.contains_key("mizan_session"));

    // A sign-in waits ten minutes for its code, no more.
    let mut late = app.browser();
    late.login("coord.taza", PASSWORD).await;
    app.clock.advance(chrono::Duration::minutes(11));
    let code = totp::code_at(&factor.secret, app.clock.now());
    let expired = late.second_factor(&[("code", &code), ("next", "/")]).await;
    assert_eq!(expired.status, StatusCode::SEE_OTHER);
    assert!(expired.location().is_some_and(|l| l.starts_with("/login")));
    assert!(!late.cookies.contains_key("mizan_session"));
}

#[tokio::test]
async fn a_recovery_code_signs_in_once_and_wrong_codes_are_throttled() {
    let app = TestApp::new().await;
    crate::helpers::ensure_party(&app.state).await;
    let mut first = app.browser();
    let one_time = app
        .create_user("dpo.two", Role::DataProtectionOfficer, None)
        .await;
    first.login("dpo.two", &one_time).await;
    first
        .change_password(&[("current", &one_time), ("new", PASSWORD), ("confirm", PASSWORD)])
        .await;
    let factor = first.turn_on_two_factor().await;
    let recovery = factor.recovery_codes[3].clone();

    let mut phone_lost = app.browser();
    phone_lost.login("dpo.two", PASSWORD).await;
    let signed = phone_lost
        .second_factor(&[("code", &recovery.to_uppercase()), ("next", "/")])
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    assert_eq!(phone_lost.territory("03").await.status, StatusCode::OK);
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM recovery_codes r JOIN users u ON u.id = r.user_id \
             WHERE u.username = 'dpo.two' AND r.used_at IS NULL"
        )
        .await,
        9,
        "nine recovery codes left"
    );
    let mut again = app.browser();
    again.login("dpo.two", PASSWORD).await;
    let reused = again.second_factor(&[("code", &recovery), ("next", "/")]).await;
    assert_eq!(
        reused.status,
        StatusCode::UNAUTHORIZED,
        "a recovery code works once"
    );

    // Ten wrong codes in a quarter of an hour: then even the right one waits.
    let mut guesser = app.browser();
    guesser.login("dpo.two", PASSWORD).await;
    for n in 0..9 {
        let wrong = guesser
            .second_factor(&[("code", &format!("00000{n}")), ("next", "/")])
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    app.clock.advance(chrono::Duration::seconds(30));
    let code = totp::code_at(&factor.secret, app.clock.now());
    let throttled = guesser.second_factor(&[("code", &code), ("next", "/")]).await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(throttled.headers.contains_key("retry-after"));
    assert!(!guesser.cookies.contains_key("mizan_session"));
}

#[tokio::test]
async fn others_may_turn_it_on_and_off_and_a_manager_turns_it_off_for_them() {
    let app = TestApp::new().await;
    crate::helpers::ensure_party(&app.state).await;
    let mut secretary = app
        .signed_in("branch.taza", Role::BranchSecretary, Some("03.561"))
        .await;
    assert_eq!(
        secretary.home().await.status,
        StatusCode::OK,
        "optional for a secretary"
    );
    let factor = secretary.turn_on_two_factor().await;
    app.clock.advance(chrono::Duration::seconds(30));
    let code = totp::code_at(&factor.secret, app.clock.now());
    let off = secretary.set_two_factor(&[("do", "off"), ("code", &code)]).await;
    assert_eq!(off.status, StatusCode::SEE_OTHER, "{}", off.body);
    let mut browser = app.browser();
    let direct = browser.login("branch.taza", PASSWORD).await;
    assert_eq!(direct.location(), Some("/"), "off: the password is enough again");

    // On again; the phone is lost with its codes: the administrator turns it off.
    let factor = secretary.turn_on_two_factor().await;
    let mut admin = app.signed_in("national", Role::NationalAdmin, None).await;
    let listed = admin.user_page("branch.taza").await;
    assert_eq!(
        listed.count("button[value=reset_two_factor], input[value=reset_two_factor]"),
        1
    );
    let reset = admin
        .manage_user("branch.taza", &[("do", "reset_two_factor")])
        .await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER, "{}", reset.body);
    assert_eq!(
        secretary.territory("03.561").await.status,
        StatusCode::UNAUTHORIZED,
        "their sessions ended"
    );
    let direct = app.browser().login("branch.taza", PASSWORD).await;
    assert_eq!(direct.location(), Some("/"));
    drop(factor);
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('two_factor.off', 'user.two_factor.reset')"
        )
        .await,
        2
    );

    // A token (a script) is not asked for a code.
    let token = app.token_for("script", Role::NationalAdmin, None).await;
    let me = api(&app, Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(me.status, StatusCode::OK);
    let units = api(&app, Method::GET, "/api/v1/territory/03", Some(&token), None).await;
    assert_eq!(units.status, StatusCode::OK, "{}", units.body);
}
