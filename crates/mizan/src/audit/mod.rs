//! The audit log: append-only and hash-chained, written in the same transaction as the change it
//! records, so that an entry exists exactly when the change does.
//!
//! Each entry's hash covers its own fields and the previous entry's hash; `audit_head` holds the
//! last sequence number and hash. Editing, deleting or reordering any entry breaks the chain, and
//! `mizan audit verify` ([`verify`]) says where. The store also refuses UPDATE and DELETE on the
//! table (a trigger), so only someone who can drop triggers could try.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

/// Who did it, from where. Built from the request (`http::context`) or by a CLI command.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub label: String,
    pub ip: Option<String>,
    pub request_id: Option<String>,
}

impl Actor {
    /// An operator at the server's command line.
    pub fn cli() -> Actor {
        let who = std::env::var("SUDO_USER")
            .or_else(|_| std::env::var("USER"))
            .unwrap_or_else(|_| "unknown".to_owned());
        Actor {
            user_id: None,
            label: format!("cli:{who}"),
            ip: None,
            request_id: None,
        }
    }

    /// Mizan itself (first start, maintenance).
    pub fn system() -> Actor {
        Actor {
            user_id: None,
            label: "system".to_owned(),
            ip: None,
            request_id: None,
        }
    }
}

/// What happened to which record.
#[derive(Debug)]
pub struct Event<'a> {
    /// Dotted, stable: `user.create`, `session.login`, `territory.unit.create`…
    pub action: &'a str,
    pub target_kind: &'a str,
    pub target_id: &'a str,
    pub details: Value,
}

#[derive(sqlx::FromRow)]
struct Head {
    seq: i64,
    hash: String,
}

#[derive(Debug, sqlx::FromRow)]
pub struct EntryRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

impl EntryRow {
    fn expected_hash(&self) -> String {
        chain_hash(
            self.seq,
            &self.at,
            self.actor_id,
            &self.actor,
            &self.action,
            &self.target_kind,
            &self.target_id,
            self.ip.as_deref(),
            self.request_id.as_deref(),
            &self.details,
            &self.prev_hash,
        )
    }
}

#[expect(clippy::too_many_arguments, reason = "the hashed fields, listed once")]
fn chain_hash(
    seq: i64,
    at: &DateTime<Utc>,
    actor_id: Option<i64>,
    actor: &str,
    action: &str,
    target_kind: &str,
    target_id: &str,
    ip: Option<&str>,
    request_id: Option<&str>,
    details: &str,
    prev_hash: &str,
) -> String {
    // A JSON array is an unambiguous encoding of the fields (no separator can be forged).
    let canonical = serde_json::json!([
        seq,
        at.timestamp(),
        actor_id,
        actor,
        action,
        target_kind,
        target_id,
        ip,
        request_id,
        details,
        prev_hash
    ]);
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

/// Appends an entry inside the caller's transaction; returns its sequence number.
pub async fn record(tx: &mut Tx, at: DateTime<Utc>, actor: &Actor, event: Event<'_>) -> StoreResult<i64> {
    // Taking the head with an UPDATE locks its row until commit (PostgreSQL), so concurrent
    // writers queue here and the chain never forks; SQLite has a single writer anyway.
    let head: Head = on_tx!(tx, |c| sqlx::query_as(
        "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash"
    )
    .fetch_one(c)
    .await)?;
    let details = event.details.to_string();
    let hash = chain_hash(
        head.seq,
        &at,
        actor.user_id,
        &actor.label,
        event.action,
        event.target_kind,
        event.target_id,
        actor.ip.as_deref(),
        actor.request_id.as_deref(),
        &details,
        &head.hash,
    );
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_id, actor, action, target_kind, target_id, ip, \
         request_id, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    )
    .bind(head.seq)
    .bind(at)
    .bind(actor.user_id)
    .bind(&actor.label)
    .bind(event.action)
    .bind(event.target_kind)
    .bind(event.target_id)
    .bind(actor.ip.as_deref())
    .bind(actor.request_id.as_deref())
    .bind(&details)
    .bind(&head.hash)
    .bind(&hash)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    on_tx!(tx, |c| sqlx::query(
        "UPDATE audit_head SET hash = $1 WHERE id = 1"
    )
    .bind(&hash)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(head.seq)
}

/// Appends an entry in a transaction of its own: for what changes nothing but must be known (the
/// opening of a person's file, the reveal of a CIN).
pub async fn record_alone(db: &Db, at: DateTime<Utc>, actor: &Actor, event: Event<'_>) -> StoreResult<i64> {
    let mut tx = db.begin().await?;
    let seq = record(&mut tx, at, actor, event).await?;
    tx.commit().await?;
    Ok(seq)
}

/// The outcome of walking the whole chain.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Intact { entries: i64 },
    Broken { seq: i64, reason: &'static str },
}

/// Walks the log in order and checks every link.
pub async fn verify(db: &Db) -> StoreResult<Verdict> {
    const PAGE: i64 = 5_000;
    let mut expected_seq = 1;
    let mut prev_hash = String::new();
    loop {
        let rows: Vec<EntryRow> = on_db!(db, |c| sqlx::query_as(
            "SELECT seq, at, actor_id, actor, action, target_kind, target_id, ip, request_id, \
             details, prev_hash, hash FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2"
        )
        .bind(expected_seq)
        .bind(PAGE)
        .fetch_all(c)
        .await)?;
        let page_len = rows.len();
        for row in rows {
            if row.seq != expected_seq {
                return Ok(Verdict::Broken {
                    seq: expected_seq,
                    reason: "entry missing",
                });
            }
            if row.prev_hash != prev_hash {
                return Ok(Verdict::Broken {
                    seq: row.seq,
                    reason: "does not follow the previous entry",
                });
            }
            if row.expected_hash() != row.hash {
                return Ok(Verdict::Broken {
                    seq: row.seq,
                    reason: "content altered",
                });
            }
            prev_hash = row.hash;
            expected_seq += 1;
        }
        if (page_len as i64) < PAGE {
            break;
        }
    }
    let head: Head = on_db!(db, |c| sqlx::query_as(
        "SELECT seq, hash FROM audit_head WHERE id = 1"
    )
    .fetch_one(c)
    .await)?;
    if head.seq != expected_seq - 1 || head.hash != prev_hash {
        return Ok(Verdict::Broken {
            seq: expected_seq,
            reason: "latest entries missing",
        });
    }
    Ok(Verdict::Intact {
        entries: expected_seq - 1,
    })
}

/// The latest entries, newest first (for tests and, later, the audit page).
pub async fn latest(db: &Db, limit: i64) -> StoreResult<Vec<EntryRow>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT seq, at, actor_id, actor, action, target_kind, target_id, ip, request_id, details, \
         prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT $1"
    )
    .bind(limit)
    .fetch_all(c)
    .await)?)
}

/// Every entry about one record (a person's access log), oldest first.
pub async fn about(db: &Db, target_kind: &str, target_id: &str) -> StoreResult<Vec<EntryRow>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT seq, at, actor_id, actor, action, target_kind, target_id, ip, request_id, details, \
         prev_hash, hash FROM audit_log WHERE target_kind = $1 AND target_id = $2 ORDER BY seq"
    )
    .bind(target_kind)
    .bind(target_id)
    .fetch_all(c)
    .await)?)
}
