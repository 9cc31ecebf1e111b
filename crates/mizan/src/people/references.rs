//! Every column of the store that points at a person, and what a merge and an erasure do with it:
//! one list, so that a table added later cannot be forgotten by one of them (a test reads the
//! foreign keys to `people` from the schema, on both stores, and fails for one missing here).

use crate::on_tx;
use crate::store::{StoreResult, Tx};

/// A column that points at a person.
#[derive(Clone, Copy, Debug)]
pub struct Reference {
    pub table: &'static str,
    pub column: &'static str,
    /// The columns that, with this one, make a row unique (a meeting's attendance: one line per
    /// person): when both records have such a row, the survivor's stays and the other goes.
    pub unique_with: Option<&'static str>,
    /// On erasure, the row goes (what it says is about the person), or only its pointer (the
    /// row is about something else: a decision keeps its text, without its owner).
    pub erased: Erased,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Erased {
    Row,
    Pointer,
}

const fn moved(table: &'static str, unique_with: Option<&'static str>) -> Reference {
    Reference {
        table,
        column: "person_id",
        unique_with,
        erased: Erased::Row,
    }
}

/// Every reference to a person.
pub const REFERENCES: &[Reference] = &[
    moved("memberships", None),
    moved("consents", None),
    moved("mandates", None),
    moved("meeting_attendance", Some("meeting_id")),
    moved("meeting_guests", Some("meeting_id")),
    moved("renewal_attendance", Some("campaign_id, branch_code")),
    moved("activity_people", Some("activity_id")),
    moved("activity_volunteers", Some("activity_id")),
    Reference {
        table: "decisions",
        column: "owner_person_id",
        unique_with: None,
        erased: Erased::Pointer,
    },
    // A café panel seat: the session's record keeps the names it was held under.
    Reference {
        table: "cafe_panelists",
        column: "person_id",
        unique_with: None,
        erased: Erased::Pointer,
    },
    Reference {
        table: "person_merges",
        column: "survivor_id",
        unique_with: None,
        erased: Erased::Row,
    },
];

/// Points everything that pointed at `from` at `to` (a merge). Where both had a row that may
/// exist once (attendance at one meeting), the survivor's stays.
pub async fn move_all(tx: &mut Tx, from: i64, to: i64) -> StoreResult<()> {
    for r in REFERENCES {
        let (table, column) = (r.table, r.column);
        let mut statements = Vec::new();
        if let Some(key) = r.unique_with {
            statements.push(format!(
                "DELETE FROM {table} WHERE {column} = $2 AND ({key}) IN \
                 (SELECT {key} FROM {table} WHERE {column} = $1)"
            ));
        }
        statements.push(format!("UPDATE {table} SET {column} = $1 WHERE {column} = $2"));
        for sql in statements {
            on_tx!(tx, |c| sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(to)
                .bind(from)
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?;
        }
    }
    Ok(())
}

/// Deletes what hangs on a person (an erasure), and lets go of them where a row is about
/// something else. Dues hang on memberships: they go first.
pub async fn erase_all(tx: &mut Tx, person: i64) -> StoreResult<()> {
    let mut statements = vec![
        "DELETE FROM dues WHERE membership_id IN (SELECT id FROM memberships WHERE person_id = $1)"
            .to_owned(),
    ];
    for r in REFERENCES {
        statements.push(match r.erased {
            Erased::Row => format!("DELETE FROM {} WHERE {} = $1", r.table, r.column),
            Erased::Pointer => format!(
                "UPDATE {} SET {} = NULL WHERE {} = $1",
                r.table, r.column, r.column
            ),
        });
    }
    for sql in statements {
        on_tx!(tx, |c| sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(person)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}
