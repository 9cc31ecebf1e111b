//! Arguments for SQL assembled at run time (a caller's scope is one path range per granted
//! subtree, a filter an organization's id or a year).
//!
//! Placeholders are numbered: fixed arguments come first (`$1..$k`), then those pushed here, so a
//! query binds its fixed arguments itself and hands itself to [`SqlArgs::bind`] for the rest:
//! `args.bind(sqlx::query_as(sql).bind(code))`. Each value keeps its type (text or integer), so
//! the SQL compares an id with an id, not with its text.

use sqlx::query::{Query, QueryAs, QueryScalar};
use sqlx::{Database, Encode, Type};

/// A value pushed into a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SqlValue {
    Text(String),
    Int(i64),
}

impl From<String> for SqlValue {
    fn from(value: String) -> Self {
        SqlValue::Text(value)
    }
}

impl From<&str> for SqlValue {
    fn from(value: &str) -> Self {
        SqlValue::Text(value.to_owned())
    }
}

impl From<&String> for SqlValue {
    fn from(value: &String) -> Self {
        SqlValue::Text(value.clone())
    }
}

impl From<i64> for SqlValue {
    fn from(value: i64) -> Self {
        SqlValue::Int(value)
    }
}

#[derive(Debug, Default)]
pub struct SqlArgs {
    fixed: usize,
    values: Vec<SqlValue>,
}

impl SqlArgs {
    /// Arguments that follow `fixed` arguments the query binds itself.
    pub fn after(fixed: usize) -> Self {
        SqlArgs {
            fixed,
            values: Vec::new(),
        }
    }

    /// Adds a value and returns its placeholder (`$n`).
    pub fn push(&mut self, value: impl Into<SqlValue>) -> String {
        self.values.push(value.into());
        format!("${}", self.fixed + self.values.len())
    }

    pub fn values(&self) -> &[SqlValue] {
        &self.values
    }

    /// The query with every pushed value bound, in order, after those it bound itself.
    pub fn bind<Q: Bind>(&self, query: Q) -> Q {
        self.values.iter().fold(query, Bind::bind_value)
    }
}

/// A query that takes pushed values: sqlx's `query`, `query_as` and `query_scalar`, on either store.
pub trait Bind: Sized {
    fn bind_value(self, value: &SqlValue) -> Self;
}

impl<'q, DB: Database> Bind for Query<'q, DB, <DB as Database>::Arguments>
where
    String: for<'t> Encode<'t, DB> + Type<DB>,
    i64: for<'t> Encode<'t, DB> + Type<DB>,
{
    fn bind_value(self, value: &SqlValue) -> Self {
        match value {
            SqlValue::Text(text) => self.bind(text.clone()),
            SqlValue::Int(n) => self.bind(*n),
        }
    }
}

impl<'q, DB: Database, O> Bind for QueryAs<'q, DB, O, <DB as Database>::Arguments>
where
    String: 'q + Encode<'q, DB> + Type<DB>,
    i64: 'q + Encode<'q, DB> + Type<DB>,
{
    fn bind_value(self, value: &SqlValue) -> Self {
        match value {
            SqlValue::Text(text) => self.bind(text.clone()),
            SqlValue::Int(n) => self.bind(*n),
        }
    }
}

impl<'q, DB: Database, O> Bind for QueryScalar<'q, DB, O, <DB as Database>::Arguments>
where
    String: 'q + Encode<'q, DB> + Type<DB>,
    i64: 'q + Encode<'q, DB> + Type<DB>,
{
    fn bind_value(self, value: &SqlValue) -> Self {
        match value {
            SqlValue::Text(text) => self.bind(text.clone()),
            SqlValue::Int(n) => self.bind(*n),
        }
    }
}
