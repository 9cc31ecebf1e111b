//! The `mizan` command line, run as a real process against the test's store.

use std::process::{Command, Output};

use axum::http::{Method, StatusCode};

use crate::helpers::{StoreKind, TestApp, api};

pub(crate) fn mizan(app: &TestApp, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mizan"));
    command
        .arg("--data-dir")
        .arg(app.dir.path().join("data"))
        .args(args)
        .env_remove("MIZAN_DATABASE_URL")
        .env("MIZAN_LOG", "warn");
    if let Some(url) = app.database_url() {
        command.arg("--database-url").arg(url);
    }
    command.output().expect("mizan runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn an_operator_adds_a_coordinator_and_a_token_that_works_on_the_api() {
    let app = TestApp::new().await;
    let added = mizan(
        &app,
        &[
            "user",
            "add",
            "coord.taza",
            "--role",
            "coordinator",
            "--scope",
            "03.561",
            "--name",
            "منسق تازة",
        ],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(stdout(&added).contains("One-time password: "));

    let token = mizan(&app, &["token", "create", "coord.taza", "--label", "reports"]);
    assert!(token.status.success(), "{}", stderr(&token));
    let token = stdout(&token).trim().to_owned();
    assert!(token.starts_with("mzn_"));
    let taza = api(&app, Method::GET, "/api/v1/territory/03.561", Some(&token), None).await;
    assert_eq!(taza.status, StatusCode::OK);
    let taounate = api(&app, Method::GET, "/api/v1/territory/03.531", Some(&token), None).await;
    assert_eq!(taounate.status, StatusCode::NOT_FOUND);

    let list = mizan(&app, &["user", "list"]);
    assert!(stdout(&list).contains("coordinator@03.561"), "{}", stdout(&list));

    let disabled = mizan(&app, &["user", "disable", "coord.taza"]);
    assert!(disabled.status.success());
    let after = api(&app, Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        mizan(&app, &["audit", "verify"]).status.code(),
        Some(0),
        "the audit log stays intact"
    );
}

#[tokio::test]
async fn the_command_line_refuses_bad_input_with_a_clear_message() {
    let app = TestApp::new().await;
    let role = mizan(
        &app,
        &["user", "add", "someone", "--role", "king", "--scope", "all"],
    );
    assert!(!role.status.success());
    assert!(
        stderr(&role).contains("unknown role \"king\""),
        "{}",
        stderr(&role)
    );
    let scope = mizan(
        &app,
        &["user", "add", "someone", "--role", "viewer", "--scope", "99.999"],
    );
    assert!(!scope.status.success());
    assert!(
        stderr(&scope).contains("no territory unit has that code"),
        "{}",
        stderr(&scope)
    );
    let name = mizan(&app, &["user", "add", "x", "--role", "viewer", "--scope", "all"]);
    assert!(stderr(&name).contains("not a valid user name"));
    let nobody = mizan(&app, &["token", "create", "nobody"]);
    assert!(!nobody.status.success());
    assert!(stderr(&nobody).contains("no such user"));
}

#[tokio::test]
async fn a_backup_is_a_complete_store_that_opens_on_its_own() {
    let app = TestApp::new().await;
    let target = app.dir.path().join("copy.db");
    let backup = mizan(&app, &["backup", target.to_str().expect("utf-8 path")]);
    if StoreKind::under_test() == StoreKind::Postgres {
        assert!(!backup.status.success());
        assert!(stderr(&backup).contains("pg_dump"));
        return;
    }
    assert!(backup.status.success(), "{}", stderr(&backup));
    let copy = mizan::store::connect(&format!("sqlite://{}", target.display()))
        .await
        .expect("the copy opens");
    let communes = mizan::territory::store::count_level(&copy, mizan::territory::Level::Commune)
        .await
        .expect("count");
    assert_eq!(communes, 1503);
    let again = mizan(&app, &["backup", target.to_str().expect("utf-8 path")]);
    assert!(!again.status.success(), "an existing file is never overwritten");
}

#[tokio::test]
async fn configtest_warns_about_a_readable_data_dir_and_plain_http_on_a_public_address() {
    let app = TestApp::new().await;
    let quiet = mizan(&app, &["configtest"]);
    assert_eq!(quiet.status.code(), Some(0), "{}", stdout(&quiet));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = app.dir.path().join("data");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_mizan"));
    command
        .arg("--data-dir")
        .arg(app.dir.path().join("data"))
        .arg("configtest")
        .env("MIZAN_BIND", "0.0.0.0:8080")
        .env(
            "MIZAN_DATABASE_URL",
            "postgres://mizan:s3cr3t-value@db.example.org/mizan",
        );
    let warned = command.output().expect("runs");
    let out = stdout(&warned);
    assert_eq!(warned.status.code(), Some(1));
    assert!(out.contains("can be read by other users"), "{out}");
    assert!(out.contains("plain HTTP"), "{out}");
    assert!(out.contains("sslmode=require"), "{out}");
    assert!(
        !out.contains("s3cr3t-value") && !stderr(&warned).contains("s3cr3t-value"),
        "no secret printed"
    );
}

#[tokio::test]
async fn two_demo_runs_with_the_same_seed_print_the_same_content_digest() {
    let first = TestApp::new().await;
    let second = TestApp::new().await;
    let args = [
        "demo",
        "--people",
        "600",
        "--seed",
        "11",
        "--password",
        "a demo password 11",
        "--digest",
    ];
    let a = mizan(&first, &args);
    let b = mizan(&second, &args);
    assert!(a.status.success(), "{}", stderr(&a));
    let digest = |out: &Output| {
        stdout(out)
            .lines()
            .find_map(|l| l.strip_prefix("Content digest: ").map(str::to_owned))
            .expect("a digest line")
    };
    assert_eq!(digest(&a), digest(&b));
    let printed = stdout(&a);
    for login in [
        "admin",
        "coord.taza",
        "coord.taounate",
        "branch.rural",
        "youth.officer",
        "moderator",
        "viewer",
    ] {
        assert!(printed.contains(login), "{login} is printed: {printed}");
    }
    assert!(printed.contains("600 people"), "{printed}");
}

#[tokio::test]
async fn rebuilding_the_rollups_of_the_demo_changes_no_figure() {
    let app = TestApp::new().await;
    let demo = mizan(
        &app,
        &["demo", "--people", "600", "--password", "a demo password 12"],
    );
    assert!(demo.status.success(), "{}", stderr(&demo));
    let rebuilt = mizan(&app, &["rollups", "rebuild"]);
    assert!(rebuilt.status.success(), "{}", stderr(&rebuilt));
    let said = stdout(&rebuilt);
    assert!(said.contains("counts of distinct people, unchanged"), "{said}");
}
