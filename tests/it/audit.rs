//! The audit log: every change leaves an entry in the same transaction; any tampering shows, the
//! eight an attacker with the database's password tried included: an entry edited, deleted,
//! reordered, the head edited, the tail deleted; an entry edited and every later link and the head
//! recomputed, an entry deleted and the rest renumbered and recomputed (a keyed chain needs the
//! key, which is not in the store), and the tail cut with the head rolled back (a checkpoint kept
//! outside the store).

use axum::http::{Method, StatusCode};
use mizan::audit::{self, Verdict};
use mizan::auth::Role;
use mizan::store::Db;
use serde_json::json;

use crate::helpers::{TestApp, api, scalar};

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
    assert_eq!(app.audit_verdict().await, Verdict::Intact { entries: 8 });
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
    assert!(matches!(app.audit_verdict().await, Verdict::Intact { .. }));
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
        app.audit_verdict().await,
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
        app.audit_verdict().await,
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
        app.audit_verdict().await,
        Verdict::Broken { seq: 3, .. }
    ));

    let app = app_with_history().await;
    drop_guards(&app.state.db).await;
    run(&app.state.db, "DELETE FROM audit_log WHERE seq = 5")
        .await
        .expect("the last entry deleted");
    assert_eq!(
        app.audit_verdict().await,
        Verdict::Broken {
            seq: 5,
            reason: "latest entries missing"
        }
    );
}

/// One row of the log as an attacker reads it back to recompute its link.
#[derive(sqlx::FromRow)]
struct Row {
    seq: i64,
    at: chrono::DateTime<chrono::Utc>,
    actor_id: Option<i64>,
    actor: String,
    action: String,
    target_kind: String,
    target_id: String,
    ip: Option<String>,
    request_id: Option<String>,
    details: String,
}

async fn rows(db: &Db) -> Vec<Row> {
    let sql = "SELECT seq, at, actor_id, actor, action, target_kind, target_id, ip, request_id, details \
               FROM audit_log ORDER BY seq";
    match db {
        Db::Sqlite { reader, .. } => sqlx::query_as(sql).fetch_all(reader).await,
        Db::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
    }
    .expect("rows")
}

fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Rewrites every link from the first entry as the chain's formula says (a SHA-256 of the fields
/// and the previous link, the formula the source code shows), and the head: what verified as
/// intact before the chain was keyed.
async fn recompute_the_chain(db: &Db) {
    let mut prev = String::new();
    let mut statements = Vec::new();
    for row in rows(db).await {
        let canonical = json!([
            row.seq,
            row.at.timestamp(),
            row.actor_id,
            row.actor,
            row.action,
            row.target_kind,
            row.target_id,
            row.ip,
            row.request_id,
            row.details,
            prev
        ]);
        let hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
            canonical.to_string().as_bytes(),
        ));
        statements.push(format!(
            "UPDATE audit_log SET prev_hash = {}, hash = {} WHERE seq = {};",
            quoted(&prev),
            quoted(&hash),
            row.seq
        ));
        prev = hash;
    }
    let last = rows(db).await.last().map_or(0, |r| r.seq);
    statements.push(format!(
        "UPDATE audit_head SET seq = {last}, hash = {} WHERE id = 1;",
        quoted(&prev)
    ));
    run(db, &statements.concat()).await.expect("recomputed");
}

#[tokio::test]
async fn an_entry_edited_with_every_later_link_recomputed_is_still_found() {
    let app = app_with_history().await;
    drop_guards(&app.state.db).await;
    run(
        &app.state.db,
        "UPDATE audit_log SET details = '{\"name_fr\":\"Pays-Bas\"}' WHERE seq = 4",
    )
    .await
    .expect("edited");
    recompute_the_chain(&app.state.db).await;
    assert_eq!(
        app.audit_verdict().await,
        Verdict::Broken {
            seq: 1,
            reason: "content altered"
        },
        "without the key, no link can be made again"
    );
}

#[tokio::test]
async fn an_entry_deleted_with_the_rest_renumbered_and_recomputed_is_still_found() {
    let app = app_with_history().await;
    drop_guards(&app.state.db).await;
    run(
        &app.state.db,
        "DELETE FROM audit_log WHERE seq = 3; UPDATE audit_log SET seq = seq - 1 WHERE seq > 3;",
    )
    .await
    .expect("deleted and renumbered");
    recompute_the_chain(&app.state.db).await;
    assert_eq!(scalar(&app.state.db, "SELECT COUNT(*) FROM audit_log").await, 4);
    assert!(matches!(
        app.audit_verdict().await,
        Verdict::Broken {
            reason: "content altered",
            ..
        }
    ));
}

#[tokio::test]
async fn a_tail_cut_off_with_the_head_rolled_back_shows_against_a_checkpoint_kept_outside() {
    let app = app_with_history().await;
    mizan::audit::checkpoints::keep(&app.state)
        .await
        .expect("a checkpoint in the data directory");
    drop_guards(&app.state.db).await;
    // What is left is a genuine chain of four entries: only the checkpoint knows of the fifth.
    run(
        &app.state.db,
        "DELETE FROM audit_log WHERE seq = 5; \
         UPDATE audit_head SET seq = 4, hash = (SELECT hash FROM audit_log WHERE seq = 4) WHERE id = 1;",
    )
    .await
    .expect("cut");
    let kept = mizan::audit::checkpoints::read(&mizan::audit::checkpoints::file(&app.state.config.data_dir))
        .expect("read");
    assert_eq!(kept.len(), 1);
    assert_eq!(
        audit::verify(&app.state.db, &app.state.key, &[])
            .await
            .expect("verify"),
        Verdict::Intact { entries: 4 },
        "without a checkpoint, a clean cut looks whole"
    );
    assert_eq!(
        app.audit_verdict().await,
        Verdict::Broken {
            seq: 5,
            reason: "entries recorded at a checkpoint kept outside the store are missing"
        }
    );
}

#[tokio::test]
async fn the_edited_head_and_a_forged_statement_of_keying_are_found() {
    let app = app_with_history().await;
    run(
        &app.state.db,
        "UPDATE audit_head SET hash = 'forged' WHERE id = 1",
    )
    .await
    .expect("edited");
    assert_eq!(
        app.audit_verdict().await,
        Verdict::Broken {
            seq: 6,
            reason: "latest entries missing"
        }
    );

    // Moving the start of the keyed chain past the end would make every entry a plain one,
    // which anybody can recompute: the statement is keyed too.
    let app = app_with_history().await;
    drop_guards(&app.state.db).await;
    let tag = match &app.state.db {
        Db::Sqlite { .. } => "substr(value, instr(value, ':') + 1)",
        Db::Postgres(_) => "split_part(value, ':', 2)",
    };
    run(
        &app.state.db,
        &format!("UPDATE settings SET value = '100:' || {tag} WHERE key = 'audit.keyed_from'"),
    )
    .await
    .expect("moved");
    recompute_the_chain(&app.state.db).await;
    assert_eq!(
        app.audit_verdict().await,
        Verdict::Broken {
            seq: 1,
            reason: "the statement of where the chain is keyed was altered"
        }
    );
}

#[tokio::test]
async fn mizan_audit_verify_finds_a_cut_tail_from_the_checkpoint_kept_or_given() {
    let app = app_with_history().await;
    let printed = crate::cli::mizan(&app, &["audit", "checkpoint"]);
    assert!(printed.status.success());
    let checkpoint = String::from_utf8_lossy(&printed.stdout).trim().to_owned();
    assert!(
        audit::Checkpoint::parse(&checkpoint).is_some_and(|c| c.seq == 5),
        "{checkpoint}"
    );
    let verified = crate::cli::mizan(&app, &["audit", "verify"]);
    assert_eq!(verified.status.code(), Some(0));

    drop_guards(&app.state.db).await;
    run(
        &app.state.db,
        "DELETE FROM audit_log WHERE seq = 5; \
         UPDATE audit_head SET seq = 4, hash = (SELECT hash FROM audit_log WHERE seq = 4) WHERE id = 1;",
    )
    .await
    .expect("cut");
    let broken = crate::cli::mizan(&app, &["audit", "verify"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&broken.stdout).contains("BROKEN at entry 5"));
    // Without the data directory's file, the checkpoint kept elsewhere says it.
    std::fs::remove_file(audit::checkpoints::file(&app.state.config.data_dir)).expect("removed");
    assert_eq!(
        crate::cli::mizan(&app, &["audit", "verify"]).status.code(),
        Some(0),
        "a clean cut looks whole to a verifier that knows no checkpoint"
    );
    let given = crate::cli::mizan(&app, &["audit", "verify", "--checkpoint", &checkpoint]);
    assert_eq!(given.status.code(), Some(1));
}
