//! The demo party: shaped like the report, deterministic, honest about what it holds.

use std::collections::HashSet;

use axum::http::StatusCode;
use mizan::auth::Scope;
use mizan::store::Db;
use mizan::territory::{Level, store as territory};

use crate::helpers::{PASSWORD, StoreKind, TestApp, demo_options, members_at, scalar};

#[tokio::test]
async fn the_demo_spreads_about_1600_branches_like_a_real_party() {
    let (app, report) = TestApp::with_demo().await;
    assert!(
        (1_500..=1_700).contains(&report.branches),
        "{} branches",
        report.branches
    );
    assert_eq!(report.sections_abroad, 11);
    let db = &app.state.db;
    let split = mizan::territory::load::communes_with_arrondissements().expect("the map");
    let communes = territory::descendants_at(db, "/MA/", Level::Commune, &Scope::Everywhere)
        .await
        .expect("communes");
    let bare: Vec<&str> = communes
        .iter()
        .filter(|c| c.kind.as_deref() == Some("urban") && !split.contains(&c.code) && c.branches == 0)
        .map(|c| c.code.as_str())
        .collect();
    assert!(bare.is_empty(), "urban communes without a branch: {bare:?}");
    let arrondissements = territory::descendants_at(db, "/MA/", Level::Arrondissement, &Scope::Everywhere)
        .await
        .expect("list");
    assert!(
        arrondissements.iter().all(|a| a.branches > 0),
        "every arrondissement has a branch"
    );
    // Rural presence thins out from the north and centre to the south.
    let share = |region: &str| {
        let rural: Vec<_> = communes
            .iter()
            .filter(|c| c.kind.as_deref() == Some("rural") && c.path.starts_with(&format!("/MA/{region}/")))
            .collect();
        rural.iter().filter(|c| c.branches > 0).count() as f64 / rural.len() as f64
    };
    assert!(
        share("03") > 0.75 && share("10") < 0.65,
        "Fès-Meknès {} vs Guelmim {}",
        share("03"),
        share("10")
    );
    let abroad = territory::children(db, "ABROAD", &Scope::Everywhere)
        .await
        .expect("abroad");
    let countries: HashSet<&str> = abroad.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(countries, HashSet::from(["FR", "ES", "BE", "IT", "CA"]));
}

#[tokio::test]
async fn the_member_figures_come_from_the_memberships_themselves() {
    let (app, report) = TestApp::with_demo().await;
    let db = &app.state.db;
    assert_eq!(
        mizan::people::store::count_people(db).await.expect("count"),
        2_000
    );
    assert!(report.duplicates > 0, "near-duplicates are planted");
    let active = scalar(
        db,
        "SELECT COUNT(*) FROM memberships m JOIN organizations o ON o.id = m.organization_id \
         WHERE o.kind = 'party' AND m.status = 'active'",
    )
    .await;
    let rolled = members_at(&app.state, "MA").await + members_at(&app.state, "ABROAD").await;
    assert_eq!(
        rolled, active,
        "the rollups add up to the active party memberships"
    );
    assert!(
        active > 1_300 && active < 1_800,
        "{active} active party members among 2,000 people"
    );
    let taza = scalar(
        db,
        "SELECT COUNT(*) FROM memberships m JOIN organizations o ON o.id = m.organization_id \
         WHERE o.kind = 'party' AND m.status = 'active' AND m.branch_path LIKE '/MA/03/03.561/%'",
    )
    .await;
    assert_eq!(members_at(&app.state, "03.561").await, taza);
}

#[tokio::test]
async fn the_same_seed_gives_the_same_party_and_another_seed_another() {
    let (first, _) = TestApp::with_demo().await;
    let (second, _) = TestApp::with_demo().await;
    let a = mizan::demo::digest(&first.state.db, &first.state.key)
        .await
        .expect("digest");
    let b = mizan::demo::digest(&second.state.db, &second.state.key)
        .await
        .expect("digest");
    assert_eq!(a, b, "two stores, two keys, one seed: the same content");
    let third = TestApp::new().await;
    let options = mizan::demo::DemoOptions {
        seed: 7,
        ..demo_options()
    };
    mizan::demo::run(&third.state, &options).await.expect("demo");
    let c = mizan::demo::digest(&third.state.db, &third.state.key)
        .await
        .expect("digest");
    assert_ne!(a, c);
}

#[tokio::test]
async fn the_demo_never_overwrites_a_party() {
    let (app, _) = TestApp::with_demo().await;
    let again = mizan::demo::run(&app.state, &demo_options()).await;
    let message = again.expect_err("a second run is refused").to_string();
    assert!(message.contains("fresh store"), "{message}");
}

#[tokio::test]
async fn every_demo_login_signs_in_with_its_role() {
    let (app, report) = TestApp::with_demo().await;
    let names: Vec<&str> = report.logins.iter().map(|l| l.username.as_str()).collect();
    assert_eq!(
        names,
        [
            "admin",
            "coord.taza",
            "coord.taounate",
            "branch.rural",
            "youth.officer",
            "moderator",
            "viewer"
        ]
    );
    for login in &report.logins {
        let mut browser = app.browser();
        let response = browser.login(&login.username, PASSWORD).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", login.username);
        assert_eq!(
            response.location(),
            Some("/"),
            "no forced password change in the demo"
        );
    }
    let rural = report
        .logins
        .iter()
        .find(|l| l.username == "branch.rural")
        .expect("branch.rural");
    assert!(
        rural.scope.starts_with("03.531."),
        "a branch of Taounate: {}",
        rural.scope
    );
}

#[tokio::test]
async fn the_home_page_shows_branches_and_members_per_region_and_a_coordinator_only_theirs() {
    let (app, _) = TestApp::with_demo().await;
    let mut admin = app.demo_admin().await;
    let home = admin.home().await;
    assert_eq!(home.attr("html", "dir").as_deref(), Some("rtl"));
    assert_eq!(home.count("tbody tr[data-code]"), 12);
    let members = home.texts("tbody td.members");
    assert!(
        members
            .iter()
            .all(|m| m.chars().any(|c| c.is_ascii_digit()) && m != "0"),
        "{members:?}"
    );
    let titles = home.texts("figure.map a path title");
    assert!(
        titles
            .iter()
            .any(|t| t.contains("فاس-مكناس") && t.contains("منخرط")),
        "{titles:?}"
    );

    let mut taza = app.browser();
    taza.login("coord.taza", PASSWORD).await;
    let home = taza.home().await;
    assert_eq!(home.texts(".roots a"), vec!["تازة"]);
    assert_eq!(
        home.count("tbody tr[data-code]"),
        0,
        "a province's coordinator starts with their tasks, not the regions"
    );
    assert!(home.count("ul.tasks a") >= 3);
    let page = taza.territory("03.561").await;
    let shown = page.texts("dd.members").join("").replace('.', "");
    assert_eq!(shown, members_at(&app.state, "03.561").await.to_string());
}

#[tokio::test]
async fn the_store_holds_no_cin_phone_or_email_in_clear() {
    if StoreKind::under_test() != StoreKind::Sqlite {
        return; // the files to search are SQLite's; PostgreSQL stores the same sealed bytes
    }
    let (app, _) = TestApp::with_demo().await;
    let db = &app.state.db;
    let Db::Sqlite { reader, .. } = db else { return };
    let rows: Vec<(String, Vec<u8>, Vec<u8>)> = sqlx::query_as(
        "SELECT uid, cin_sealed, phone_sealed FROM people WHERE cin_sealed IS NOT NULL AND phone_sealed IS NOT NULL LIMIT 20",
    )
    .fetch_all(reader)
    .await
    .expect("people");
    let mut planted = Vec::new();
    for (uid, cin, phone) in rows {
        planted.push(
            app.state
                .key
                .open_text(&format!("people.cin/{uid}"), &cin)
                .expect("opens"),
        );
        planted.push(
            app.state
                .key
                .open_text(&format!("people.phone/{uid}"), &phone)
                .expect("opens"),
        );
    }
    let dir = app.dir.path().join("data");
    let mut bytes = std::fs::read(dir.join("mizan.db")).expect("the store file");
    if let Ok(wal) = std::fs::read(dir.join("mizan.db-wal")) {
        bytes.extend(wal);
    }
    for value in &planted {
        assert!(
            !bytes.windows(value.len()).any(|w| w == value.as_bytes()),
            "{value} is in the store file in clear"
        );
    }
    assert_eq!(planted.len(), 40);
}

#[tokio::test]
async fn demo_people_carry_valid_cins_and_moroccan_mobile_numbers() {
    let (app, _) = TestApp::with_demo().await;
    // uid, sealed CIN, sealed phone
    type Sealed = (String, Option<Vec<u8>>, Option<Vec<u8>>);
    let rows: Vec<Sealed> = match &app.state.db {
        Db::Sqlite { reader, .. } => {
            sqlx::query_as("SELECT uid, cin_sealed, phone_sealed FROM people ORDER BY id LIMIT 300")
                .fetch_all(reader)
                .await
                .expect("people")
        }
        Db::Postgres(pool) => {
            sqlx::query_as("SELECT uid, cin_sealed, phone_sealed FROM people ORDER BY id LIMIT 300")
                .fetch_all(pool)
                .await
                .expect("people")
        }
    };
    let (mut cins, mut phones) = (0, 0);
    for (uid, cin, phone) in rows {
        if let Some(sealed) = cin {
            let cin = app
                .state
                .key
                .open_text(&format!("people.cin/{uid}"), &sealed)
                .expect("opens");
            assert_eq!(
                mizan_text::Cin::parse(&cin).map(|c| c.to_string()),
                Some(cin.clone()),
                "{cin}"
            );
            cins += 1;
        }
        if let Some(sealed) = phone {
            let phone = app
                .state
                .key
                .open_text(&format!("people.phone/{uid}"), &sealed)
                .expect("opens");
            assert!(
                phone.starts_with("+2126") || phone.starts_with("+2127"),
                "{phone}"
            );
            assert_eq!(
                mizan_text::Phone::parse(&phone).map(|p| p.to_string()),
                Some(phone.clone())
            );
            phones += 1;
        }
    }
    assert!(
        cins > 250 && phones > 250,
        "{cins} CINs, {phones} phones among 300 people"
    );
}
