//! The audit log: every change leaves an entry in the same transaction; any tampering shows.

use axum::http::{Method, StatusCode};
use mizan::audit::{self, Verdict};
use mizan::auth::Role;
use mizan::store::Db;
use serde_json::json;

use crate::helpers::{TestApp, api};

async fn run(db: &Db, sql: &str) -> Result<u64, sqlx::Error> {
    match db {
        Db::Sqlite { writer, .. } => sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(writer)
            .await
            .map(|r| r.rows_affected()),
        Db::Postgres(pool) => sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(pool)
            .await
            .map(|r| r.rows_affected()),
    }
}

async fn drop_guards(db: &Db) {
    let sql = match db {
        Db::Sqlite { .. } => "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;",
        Db::Postgres(_) => "DROP TRIGGER audit_log_no_update ON audit_log;",
    };
    run(db, sql)
        .await
        .expect("an attacker with the database password can drop triggers");
}

async fn app_with_history() -> TestApp {
    let app = TestApp::new().await;
    let token = app.token_for("national", Role::NationalAdmin, None).await;
    for (name_ar, name_fr, code) in [
        ("فرنسا", "France", "FR"),
        ("إسبانيا", "Espagne", "ES"),
        ("بلجيكا", "Belgique", "BE"),
    ] {
        let created = api(
            &app,
            Method::POST,
            "/api/v1/territory/ABROAD/units",
            Some(&token),
            Some(json!({"name_ar": name_ar, "name_fr": name_fr, "country_code": code})),
        )
        .await;
        assert_eq!(created.status, StatusCode::CREATED);
    }
    app
}

#[tokio::test]
async fn each_change_is_recorded_with_who_what_and_from_where() {
    let app = app_with_history().await;
    app.signed_in("coord.taza", Role::Coordinator, Some("03.561"))
        .await;
    let entries = audit::latest(&app.state.db, 50).await.expect("entries");
    let actions: Vec<&str> = entries.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "user.create",
            "token.create",
            "territory.unit.create",
            "territory.unit.create",
            "territory.unit.create",
            "user.create",
            "session.login",
            "user.password.change",
        ]
    );
    let unit = entries
        .iter()
        .find(|e| e.action == "territory.unit.create")
        .expect("an entry");
    assert_eq!(unit.actor, "national");
    assert_eq!(unit.target_id, "BE");
    assert_eq!(unit.ip.as_deref(), Some("203.0.113.7"));
    assert!(unit.request_id.as_deref().is_some_and(|id| id.len() >= 32));
    assert_eq!(
        audit::verify(&app.state.db).await.expect("verify"),
        Verdict::Intact { entries: 8 }
    );
}

#[tokio::test]
async fn the_store_refuses_to_edit_or_delete_an_entry() {
    let app = app_with_history().await;
    assert!(
        run(
            &app.state.db,
            "UPDATE audit_log SET actor = 'someone else' WHERE seq = 3"
        )
        .await
        .is_err()
    );
    assert!(
        run(&app.state.db, "DELETE FROM audit_log WHERE seq = 3")
            .await
            .is_err()
    );
    assert!(matches!(
        audit::verify(&app.state.db).await.expect("verify"),
        Verdict::Intact { .. }
    ));
}

#[tokio::test]
async fn an_edited_entry_breaks_the_chain_where_it_was_edited() {
    let app = app_with_history().await;
    drop_guards(&app.state.db).await;
    run(
        &app.state.db,
        "UPDATE audit_log SET details = '{\"name_fr\":\"Pays-Bas\"}' WHERE seq = 4",
    )
    .await
    .expect("edited");
    assert_eq!(
        audit::verify(&app.state.db).await.expect("verify"),
        Verdict::Broken {
            seq: 4,
            reason: "content altered"
        }
    );
}

#[tokio::test]
async fn a_deleted_or_reordered_entry_breaks_the_chain() {
    let app = app_with_history().await;
    drop_guards(&app.state.db).await;
    run(&app.state.db, "DELETE FROM audit_log WHERE seq = 3")
        .await
        .expect("deleted");
    assert_eq!(
        audit::verify(&app.state.db).await.expect("verify"),
        Verdict::Broken {
            seq: 3,
            reason: "entry missing"
        }
    );

    let app = app_with_history().await;
    drop_guards(&app.state.db).await;
    // Swap two entries' places: each keeps its own hash, but the links no longer follow.
    run(&app.state.db, "UPDATE audit_log SET seq = 100 WHERE seq = 3")
        .await
        .expect("moved");
    run(&app.state.db, "UPDATE audit_log SET seq = 3 WHERE seq = 4")
        .await
        .expect("moved");
    run(&app.state.db, "UPDATE audit_log SET seq = 4 WHERE seq = 100")
        .await
        .expect("moved");
    assert!(matches!(
        audit::verify(&app.state.db).await.expect("verify"),
        Verdict::Broken { seq: 3, .. }
    ));

    let app = app_with_history().await;
    drop_guards(&app.state.db).await;
    run(&app.state.db, "DELETE FROM audit_log WHERE seq = 5")
        .await
        .expect("the last entry deleted");
    assert_eq!(
        audit::verify(&app.state.db).await.expect("verify"),
        Verdict::Broken {
            seq: 5,
            reason: "latest entries missing"
        }
    );
}
