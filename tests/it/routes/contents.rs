//! What a refused write must leave as it was: the store's contents, row by row.

use std::rc::Rc;

use crate::helpers::TestApp;

/// The store's contents, read again only when a transaction has been committed since the last
/// reading (SQLite's `data_version` on a connection of the watch's own, PostgreSQL's next
/// transaction id): a walk of thousands of requests, most of which write nothing.
pub struct StoreWatch {
    sqlite: Option<sqlx::pool::PoolConnection<sqlx::Sqlite>>,
    last: Option<(i64, Rc<Vec<String>>)>,
}

impl StoreWatch {
    pub async fn new(app: &TestApp) -> StoreWatch {
        let sqlite = match &app.state.db {
            mizan::store::Db::Sqlite { reader, .. } => Some(reader.acquire().await.expect("a connection")),
            mizan::store::Db::Postgres(_) => None,
        };
        StoreWatch { sqlite, last: None }
    }

    async fn version(&mut self, app: &TestApp) -> i64 {
        match (&mut self.sqlite, &app.state.db) {
            (Some(conn), _) => sqlx::query_scalar("PRAGMA data_version")
                .fetch_one(&mut **conn)
                .await
                .expect("the data version"),
            (None, mizan::store::Db::Postgres(pool)) => {
                sqlx::query_scalar("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
                    .fetch_one(pool)
                    .await
                    .expect("the next transaction")
            }
            (None, mizan::store::Db::Sqlite { .. }) => unreachable!("a SQLite watch has its connection"),
        }
    }

    pub async fn contents(&mut self, app: &TestApp) -> Rc<Vec<String>> {
        let version = self.version(app).await;
        if let Some((seen, contents)) = &self.last
            && *seen == version
        {
            return contents.clone();
        }
        let contents = Rc::new(store_contents(app).await);
        self.last = Some((version, contents.clone()));
        contents
    }
}

/// Everything the store holds, row by row and sorted, but what any request moves (the sessions'
/// and tokens' times of last use, and the audit entries of a page that opens a person's file to
/// say what was refused, or that record a refused attempt, with the chain's head): what a
/// refused write must leave as it was.
async fn store_contents(app: &TestApp) -> Vec<String> {
    const MOVING: [&str; 3] = ["sessions", "api_tokens", "audit_head"];
    let only = |table: &str| {
        if table == "audit_log" {
            " WHERE action <> 'person.read' AND action NOT LIKE '%.refused'"
        } else {
            ""
        }
    };
    let db = &app.state.db;
    let tables: Vec<String> = match db {
        mizan::store::Db::Sqlite { reader, .. } => {
            sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT LIKE 'people_search%' ORDER BY name",
            )
            .fetch_all(reader)
            .await
        }
        mizan::store::Db::Postgres(pool) => {
            sqlx::query_scalar(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
            )
            .fetch_all(pool)
            .await
        }
    }
    .expect("the tables");
    let mut contents = Vec::new();
    for table in tables.iter().filter(|t| !MOVING.contains(&t.as_str())) {
        let mut rows: Vec<String> = match db {
            mizan::store::Db::Sqlite { reader, .. } => {
                let columns: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT name FROM pragma_table_info('{table}')"
                )))
                .fetch_all(reader)
                .await
                .expect("columns");
                let row: Vec<String> = columns.iter().map(|c| format!("quote(\"{c}\")")).collect();
                let sql = format!(
                    "SELECT {} FROM \"{table}\"{}",
                    row.join(" || '|' || "),
                    only(table)
                );
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .fetch_all(reader)
                    .await
            }
            mizan::store::Db::Postgres(pool) => {
                let sql = format!("SELECT t::text FROM \"{table}\" t{}", only(table));
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await
            }
        }
        .expect("the rows");
        rows.sort();
        contents.push(format!("{table}: {}", rows.len()));
        contents.extend(rows);
    }
    contents
}
