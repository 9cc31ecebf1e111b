//! The store: one application over SQLite (embedded, the default) or PostgreSQL (production).
//!
//! Both are reached through typed sqlx pools rather than `sqlx::Any`, so that dates and times keep
//! their types. A module's SQL is written once, in portable SQL with `$1..$N` placeholders, and run
//! on either store through [`on_db!`] (a read on the pool) or [`on_tx!`] (inside a write transaction):
//! the macros expand the same expression once per backend.
//!
//! SQLite runs in WAL mode with one writer connection, whose transactions start with
//! `BEGIN IMMEDIATE` (a deferred transaction that upgrades to a write fails with SQLITE_BUSY without
//! waiting), and a pool of read-only connections. PostgreSQL uses one pool for both.
//!
//! This module may call sqlx only; it knows nothing of HTTP or of the product's modules.

mod args;
pub mod bulk;
mod connect;
pub mod generations;

pub use args::SqlArgs;
pub use connect::{Backend, connect, migrate, redact_url, sqlite_url};
pub use generations::Generations;

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

/// A handle on the store; cheap to clone.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite {
        /// The single connection that writes.
        writer: SqlitePool,
        /// Read-only connections; in WAL mode they never wait for the writer.
        reader: SqlitePool,
    },
    Postgres(PgPool),
}

/// A write transaction on either store. Dropped without [`Tx::commit`], it rolls back.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Failures of the store, kept apart from HTTP errors: the layer above decides what a caller sees.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Invalid(String),
}

impl StoreError {
    /// The name of the unique constraint (or index) a write violated, if that is what failed.
    pub fn unique_violation(&self) -> Option<String> {
        match self {
            StoreError::Sqlx(sqlx::Error::Database(e)) if e.is_unique_violation() => Some(
                e.constraint()
                    .map(str::to_owned)
                    .unwrap_or_else(|| e.message().to_owned()),
            ),
            _ => None,
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

impl Db {
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Begins a write transaction (`BEGIN IMMEDIATE` on SQLite).
    pub async fn begin(&self) -> StoreResult<Tx> {
        Ok(match self {
            Db::Sqlite { writer, .. } => Tx::Sqlite(writer.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Closes every connection (graceful shutdown, end of a CLI command).
    pub async fn close(&self) {
        match self {
            Db::Sqlite { writer, reader } => {
                reader.close().await;
                writer.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn commit(self) -> StoreResult<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

/// The `VALUES` list of a multi-row INSERT: `($1, $2), ($3, $4)` on PostgreSQL, `(?, ?), (?, ?)` on
/// SQLite, where sqlx looks every named parameter up by name (a cost that grows with the square of
/// a statement's parameters: 400 rows of 23 columns spent 70 % of the demo's time there).
pub fn values_clause(backend: Backend, rows: usize, columns: usize) -> String {
    let mut sql = String::with_capacity(rows * columns * 5);
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 1..=columns {
            if c > 1 {
                sql.push_str(", ");
            }
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    sql.push('$');
                    sql.push_str(&(r * columns + c).to_string());
                }
            }
        }
        sql.push(')');
    }
    sql
}

/// Runs one sqlx expression on the read pool of either store:
/// `on_db!(db, |c| sqlx::query_as::<_, Unit>(SQL).bind(code).fetch_optional(c).await)`.
#[macro_export]
macro_rules! on_db {
    ($db:expr, |$c:ident| $body:expr) => {{
        $crate::store::count_statement();
        match $db {
            $crate::store::Db::Sqlite { reader: $c, .. } => $body,
            $crate::store::Db::Postgres($c) => $body,
        }
    }};
}

/// Runs one sqlx expression inside a write transaction of either store:
/// `on_tx!(tx, |c| sqlx::query(SQL).bind(x).execute(c).await.map(|r| r.rows_affected()))`.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, |$c:ident| $body:expr) => {{
        $crate::store::count_statement();
        match $tx {
            $crate::store::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::store::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    }};
}

tokio::task_local! {
    /// The statements a task ran through [`on_db!`] and [`on_tx!`], while [`counted`] counts them.
    static STATEMENTS: std::cell::Cell<u32>;
}

/// One statement run (the macros' own call).
#[doc(hidden)]
pub fn count_statement() {
    // Outside `counted`, nothing counts.
    let _ = STATEMENTS.try_with(|n| n.set(n.get() + 1));
}

/// Runs `work`, counting the statements it runs on either store: what a page costs.
pub async fn counted<F: std::future::Future>(work: F) -> (F::Output, u32) {
    STATEMENTS
        .scope(std::cell::Cell::new(0), async {
            let out = work.await;
            (out, STATEMENTS.with(std::cell::Cell::get))
        })
        .await
}

/// A new public identifier of a record (a person, an activity): 96 random bits, hex.
pub fn new_uid() -> String {
    let mut bytes = [0u8; 12];
    rand::fill(&mut bytes);
    crate::keys::hex_digits(&bytes)
}
