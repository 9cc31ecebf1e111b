//! The store: both dialects have the same schema; migrations run once; the map loads whole.

use std::collections::BTreeSet;

use mizan::store::{self, Db};
use mizan::territory::{Level, store as territory};

use crate::helpers::{StoreKind, TestApp, postgres_url};

async fn columns(db: &Db) -> BTreeSet<(String, String)> {
    let rows: Vec<(String, String)> = match db {
        Db::Sqlite { reader, .. } => sqlx::query_as(
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
        )
        .fetch_all(reader)
        .await
        .expect("SQLite schema"),
        Db::Postgres(pool) => sqlx::query_as(
            "SELECT table_name::TEXT, column_name::TEXT FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
        )
        .fetch_all(pool)
        .await
        .expect("PostgreSQL schema"),
    };
    rows.into_iter()
        // The one intended difference: the search index (FTS5 tables in SQLite, a tsvector
        // column in PostgreSQL); see migrations/*/0003_people_search.sql.
        .filter(|(table, column)| !table.starts_with("people_search") && column != "search_vector")
        .collect()
}

#[tokio::test]
async fn both_stores_have_the_same_tables_and_columns() {
    if postgres_url().is_none() {
        eprintln!("SKIPPED: no PostgreSQL (set MIZAN_TEST_POSTGRES) to compare the schemas with");
        return;
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let sqlite = store::connect(&store::sqlite_url(dir.path()))
        .await
        .expect("SQLite opens");
    store::migrate(&sqlite).await.expect("SQLite migrates");
    let app = TestApp::on(StoreKind::Postgres).await;
    let sqlite_columns = columns(&sqlite).await;
    let postgres_columns = columns(&app.state.db).await;
    let only_sqlite: Vec<_> = sqlite_columns.difference(&postgres_columns).collect();
    let only_postgres: Vec<_> = postgres_columns.difference(&sqlite_columns).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "columns only in SQLite: {only_sqlite:?}; only in PostgreSQL: {only_postgres:?}"
    );
    assert!(sqlite_columns.len() > 50, "the schema has its tables");
}

#[tokio::test]
async fn a_new_store_holds_the_whole_map_of_morocco() {
    let app = TestApp::new().await;
    let db = &app.state.db;
    assert_eq!(
        territory::count_level(db, Level::Region).await.expect("count"),
        12
    );
    assert_eq!(
        territory::count_level(db, Level::Province).await.expect("count"),
        83
    );
    assert_eq!(
        territory::count_level(db, Level::Cercle).await.expect("count"),
        213
    );
    assert_eq!(
        territory::count_level(db, Level::Commune).await.expect("count"),
        1503
    );
    assert_eq!(
        territory::count_level(db, Level::Arrondissement)
            .await
            .expect("count"),
        41
    );
}

#[tokio::test]
async fn migrating_again_changes_nothing_and_loads_the_map_once() {
    let app = TestApp::new().await;
    let db = &app.state.db;
    mizan::app::prepare(db, app.clock.as_ref())
        .await
        .expect("a second migration is a no-op");
    assert_eq!(
        territory::count_level(db, Level::Commune).await.expect("count"),
        1503
    );
}
