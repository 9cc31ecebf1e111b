//! The audit log: append-only and chained, written in the same transaction as the change it
//! records, so that an entry exists exactly when the change does.
//!
//! Each entry's link covers its own fields and the previous entry's link, keyed (HMAC) with a key
//! derived from the master key, which lives outside the store: someone who can rewrite the
//! database but has not the key cannot recompute a chain that verifies. `audit_head` holds the
//! last sequence number and link; checkpoints of the head kept outside the database
//! ([`checkpoints`]) show a tail cut off with the head rolled back. Editing, deleting or
//! reordering any entry breaks the chain, and `mizan audit verify` ([`verify`]) says where. The
//! store also refuses UPDATE and DELETE on the table (a trigger), so only someone who can drop
//! triggers could try.
//!
//! Entries written before the chain was keyed (stores older than this rule) keep their plain
//! SHA-256 links; the setting `audit.keyed_from` says where keying began, itself keyed, and the
//! first keyed entry's link covers the last plain one, so the older part cannot be rewritten
//! either.

pub mod checkpoints;

use chrono::{DateTime, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::keys::MasterKey;
use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

pub use checkpoints::Checkpoint;

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
    fn expected_hash(&self, key: Option<&MasterKey>) -> String {
        chain_hash(
            key,
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

/// An entry's link: keyed with the audit key (None: an entry from before the chain was keyed).
#[expect(clippy::too_many_arguments, reason = "the hashed fields, listed once")]
fn chain_hash(
    key: Option<&MasterKey>,
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
    let bytes = canonical.to_string();
    match key {
        Some(key) => key.audit_link(bytes.as_bytes()),
        None => hex::encode(Sha256::digest(bytes.as_bytes())),
    }
}

/// Appends an entry inside the caller's transaction; returns its sequence number.
pub async fn record(
    tx: &mut Tx,
    key: &MasterKey,
    at: DateTime<Utc>,
    actor: &Actor,
    event: Event<'_>,
) -> StoreResult<i64> {
    // Taking the head with an UPDATE locks its row until commit (PostgreSQL), so concurrent
    // writers queue here and the chain never forks; SQLite has a single writer anyway.
    let head: Head = on_tx!(tx, |c| sqlx::query_as(
        "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash"
    )
    .fetch_one(c)
    .await)?;
    let details = event.details.to_string();
    let hash = chain_hash(
        Some(key),
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
pub async fn record_alone(
    db: &Db,
    key: &MasterKey,
    at: DateTime<Utc>,
    actor: &Actor,
    event: Event<'_>,
) -> StoreResult<i64> {
    let mut tx = db.begin().await?;
    let seq = record(&mut tx, key, at, actor, event).await?;
    tx.commit().await?;
    Ok(seq)
}

/// The outcome of walking the whole chain.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Intact { entries: i64 },
    Broken { seq: i64, reason: &'static str },
}

/// The setting that says from which entry on the chain is keyed.
const KEYED_FROM: &str = "audit.keyed_from";

/// The keyed statement of where keying began (`seq:link`).
fn keyed_from_value(key: &MasterKey, seq: i64) -> String {
    format!("{seq}:{}", key.audit_link(format!("keyed-from:{seq}").as_bytes()))
}

/// Makes sure the store says where its chain is keyed from: the next entry, on a store that has
/// no such statement yet (a new store: the first). Run when the application opens, before it
/// writes any entry.
pub async fn ensure_keyed(db: &Db, key: &MasterKey) -> StoreResult<()> {
    let mut tx = db.begin().await?;
    // The head's row, locked (PostgreSQL) so that no entry slips in between.
    let next: i64 = on_tx!(&mut tx, |c| sqlx::query_scalar(
        "UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq + 1"
    )
    .fetch_one(c)
    .await)?;
    on_tx!(&mut tx, |c| sqlx::query(
        "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING"
    )
    .bind(KEYED_FROM)
    .bind(keyed_from_value(key, next))
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    tx.commit().await?;
    Ok(())
}

/// Walks the log in order and checks every link with the audit key, then that every checkpoint
/// kept outside the store is still in it.
pub async fn verify(db: &Db, key: &MasterKey, checkpoints: &[Checkpoint]) -> StoreResult<Verdict> {
    const PAGE: i64 = 5_000;
    let stated: Option<String> = on_db!(db, |c| sqlx::query_scalar(
        "SELECT value FROM settings WHERE key = $1"
    )
    .bind(KEYED_FROM)
    .fetch_optional(c)
    .await)?;
    let keyed_from = match stated {
        Some(value) => match value.split_once(':').and_then(|(seq, _)| seq.parse::<i64>().ok()) {
            Some(seq) if keyed_from_value(key, seq) == value => seq,
            _ => {
                return Ok(Verdict::Broken {
                    seq: 1,
                    reason: "the statement of where the chain is keyed was altered",
                });
            }
        },
        // Every store opened by this version says it: without it, every entry must be keyed
        // (a store last opened by an older version gets it from `mizan migrate` or `serve`).
        None => 1,
    };
    let mut expected_seq = 1;
    let mut prev_hash = String::new();
    let mut checkpoints: Vec<&Checkpoint> = checkpoints.iter().collect();
    checkpoints.sort_by_key(|c| c.seq);
    let mut pending = checkpoints.into_iter().peekable();
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
            let keyed = (row.seq >= keyed_from).then_some(key);
            if row.expected_hash(keyed) != row.hash {
                return Ok(Verdict::Broken {
                    seq: row.seq,
                    reason: "content altered",
                });
            }
            while let Some(checkpoint) = pending.next_if(|c| c.seq <= row.seq) {
                if checkpoint.seq == row.seq && checkpoint.hash != row.hash {
                    return Ok(Verdict::Broken {
                        seq: row.seq,
                        reason: "differs from the checkpoint kept outside the store",
                    });
                }
            }
            prev_hash = row.hash;
            expected_seq += 1;
        }
        if (page_len as i64) < PAGE {
            break;
        }
    }
    if let Some(checkpoint) = pending.next() {
        return Ok(Verdict::Broken {
            seq: expected_seq.min(checkpoint.seq),
            reason: "entries recorded at a checkpoint kept outside the store are missing",
        });
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

/// The head of the chain now: the last entry's number and link.
pub async fn head(db: &Db) -> StoreResult<Checkpoint> {
    let head: Head = on_db!(db, |c| sqlx::query_as(
        "SELECT seq, hash FROM audit_head WHERE id = 1"
    )
    .fetch_one(c)
    .await)?;
    Ok(Checkpoint {
        seq: head.seq,
        hash: head.hash,
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
