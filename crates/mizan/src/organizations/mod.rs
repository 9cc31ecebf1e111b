//! Organizations: the party itself and its parallel organizations (women, youth, leagues, an
//! allied union). Their names are data, never code. A "walled" organization's memberships are
//! visible only to roles of that organization. This file holds their SQL; `actions.rs` adding and
//! changing them (audited), `pages.rs` their administration page.

pub mod actions;
pub mod api;
pub mod pages;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

#[derive(Clone, Debug, sqlx::FromRow, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Organization {
    #[serde(default)]
    pub id: i64,
    /// A short stable code (`party`, `youth`…).
    pub code: String,
    /// `party` or `parallel`.
    pub kind: String,
    pub name_ar: String,
    pub name_fr: String,
    pub name_en: String,
    #[serde(default)]
    pub walled: bool,
}

pub async fn insert(tx: &mut Tx, org: &Organization, now: DateTime<Utc>) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "INSERT INTO organizations (code, kind, name_ar, name_fr, name_en, walled, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"
    )
    .bind(&org.code)
    .bind(&org.kind)
    .bind(&org.name_ar)
    .bind(&org.name_fr)
    .bind(&org.name_en)
    .bind(org.walled)
    .bind(now)
    .fetch_one(c)
    .await)?)
}

pub async fn all(db: &Db) -> StoreResult<Vec<Organization>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT id, code, kind, name_ar, name_fr, name_en, walled FROM organizations ORDER BY id"
    )
    .fetch_all(c)
    .await)?)
}

/// Rewrites an organization's names and whether it is walled (by its id; its code stays).
pub async fn update(tx: &mut Tx, org: &Organization) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE organizations SET name_ar = $1, name_fr = $2, name_en = $3, walled = $4 WHERE id = $5"
    )
    .bind(&org.name_ar)
    .bind(&org.name_fr)
    .bind(&org.name_en)
    .bind(org.walled)
    .bind(org.id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
