//! What an import reads of the registry to match rows: the people within the importer's reach
//! with their digests (read in bulk for a large file, looked up one by one for a small one), and
//! their current memberships.

use super::*;

/// Bytes of a branch file per row, roughly (names, CIN, phone, date).
pub(super) const BYTES_PER_ROW: u64 = 60;

/// How a large import on SQLite reads the registry (see [`bulk_load`]).
#[derive(Clone, Copy)]
pub(super) enum RegistryRead {
    /// The keys of everyone registered, once: no larger than the file, and the import holds the
    /// store's write lock from before this read to its commit, so they stay true (a million rows
    /// against a small registry: 1.3 s less than looking each batch up).
    Whole,
    /// Each batch's keys, looked up.
    ByBatch,
}

/// Whether to set the people tables' indexes aside and rebuild them once, and how to read the
/// registry then: on SQLite, for a file of tens of thousands of rows at least as large as half the
/// registry (rebuilding costs the whole table; inserting row by row costs each row a walk down
/// every index). Not on PostgreSQL, where dropping an index in a transaction would lock the table
/// against readers.
pub(super) async fn bulk_load(
    state: &AppState,
    source: &Source,
) -> Result<Option<RegistryRead>, ImportError> {
    if state.db.backend() != crate::store::Backend::Sqlite {
        return Ok(None);
    }
    let rows = source.len() / BYTES_PER_ROW;
    let registry = store::count_people(&state.db).await?.max(0) as u64;
    Ok(
        (rows >= 50_000 && rows.saturating_mul(2) >= registry).then_some(if registry <= rows {
            RegistryRead::Whole
        } else {
            RegistryRead::ByBatch
        }),
    )
}

/// What the registry already holds of a batch's people, as far as the importer may know.
pub(super) struct Registered {
    /// Candidates (by their place in the batch) already registered within the importer's reach:
    /// their person's id.
    pub(super) people: HashMap<usize, i64>,
    /// Those of these people who are current members of the organization the rows join.
    pub(super) members: HashSet<i64>,
    /// Candidates whose CIN belongs only to people outside the importer's reach: written as new
    /// people, kept apart (`cin_shared`).
    pub(super) cin_held_elsewhere: HashSet<usize>,
}

/// People of the registry by their keys (every holder, the CIN's holder of record first), and
/// who of them are current members of the organization the rows join: all of them, or those a
/// batch's keys found.
pub(super) struct Known {
    pub(super) by_cin: HashMap<String, Vec<i64>>,
    /// By phone digest and name keys.
    pub(super) by_phone: HashMap<(String, String), Vec<i64>>,
    pub(super) members: HashSet<i64>,
}

impl Known {
    fn new() -> Known {
        Known {
            by_cin: HashMap::new(),
            by_phone: HashMap::new(),
            members: HashSet::new(),
        }
    }

    /// Everyone registered (see [`RegistryRead::Whole`]).
    pub(super) async fn whole_registry(db: &Db, organization: Option<i64>) -> Result<Known, StoreError> {
        let people: Vec<(Option<String>, Option<String>, i64, String)> = on_db!(db, |c| sqlx::query_as(
            "SELECT cin_index, phone_index, id, search_name FROM people \
             WHERE cin_index IS NOT NULL OR phone_index IS NOT NULL ORDER BY cin_shared, id"
        )
        .fetch_all(c)
        .await)?;
        let mut known = Known::new();
        for (cin, phone, id, names) in people {
            if let Some(cin) = cin {
                known.by_cin.entry(cin).or_default().push(id);
            }
            if let Some(phone) = phone {
                known.by_phone.entry((phone, names)).or_default().push(id);
            }
        }
        if let Some(org) = organization {
            known.members = on_db!(db, |c| sqlx::query_scalar(CURRENT_MEMBERS)
                .bind(org)
                .fetch_all(c)
                .await)?
            .into_iter()
            .collect();
        }
        Ok(known)
    }

    /// Those these candidates' keys find.
    async fn of_batch(
        db: &Db,
        organization: Option<i64>,
        candidates: &[Candidate],
    ) -> Result<Known, StoreError> {
        let mut known = Known::new();
        let cins: Vec<&str> = candidates
            .iter()
            .filter_map(|c| c.person.cin_index.as_deref())
            .collect();
        for (key, id, _) in lookup(db, "cin_index", &cins).await? {
            known.by_cin.entry(key).or_default().push(id);
        }
        let phones: Vec<&str> = candidates
            .iter()
            .filter(|c| c.person.cin_index.is_none())
            .filter_map(|c| c.person.phone_index.as_deref())
            .collect();
        for (key, id, names) in lookup(db, "phone_index", &phones).await? {
            known.by_phone.entry((key, names)).or_default().push(id);
        }
        let found: Vec<i64> = known
            .by_cin
            .values()
            .chain(known.by_phone.values())
            .flatten()
            .copied()
            .collect();
        if let Some(org) = organization
            && !found.is_empty()
        {
            known.members = current_members(db, org, &found).await?;
        }
        Ok(known)
    }
}

/// Who of these candidates is already registered within the reaches: by CIN, or by phone and the
/// same names; from the whole registry when it was read, else looked up. A candidate whose keys
/// find only people outside the reaches is, for the importer, a new person.
pub(super) async fn registered(
    db: &Db,
    reaches: &[Reach],
    organization: Option<i64>,
    candidates: &[Candidate],
    whole: Option<&Known>,
) -> Result<Registered, StoreError> {
    let looked_up;
    let known = match whole {
        Some(known) => known,
        None => {
            looked_up = Known::of_batch(db, organization, candidates).await?;
            &looked_up
        }
    };
    let holders: Vec<(usize, bool, &[i64])> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let p = &c.person;
            match (&p.cin_index, &p.phone_index) {
                (Some(cin), _) => known.by_cin.get(cin).map(|ids| (i, true, ids.as_slice())),
                (None, Some(phone)) => known
                    .by_phone
                    .get(&(phone.clone(), p.search_name.clone()))
                    .map(|ids| (i, false, ids.as_slice())),
                (None, None) => None,
            }
        })
        .collect();
    let seen = if reaches.iter().any(Reach::is_unlimited) {
        None
    } else {
        let ids: Vec<i64> = holders
            .iter()
            .flat_map(|(_, _, ids)| ids.iter().copied())
            .collect();
        Some(crate::people::holders::within_reach(db, reaches, &ids).await?)
    };
    let mut people = HashMap::new();
    let mut cin_held_elsewhere = HashSet::new();
    for (i, by_cin, ids) in holders {
        match ids
            .iter()
            .find(|id| seen.as_ref().is_none_or(|seen| seen.contains(id)))
        {
            Some(id) => {
                people.insert(i, *id);
            }
            None if by_cin => {
                cin_held_elsewhere.insert(i);
            }
            None => {}
        }
    }
    let members = people
        .values()
        .filter(|id| known.members.contains(id))
        .copied()
        .collect();
    Ok(Registered {
        people,
        members,
        cin_held_elsewhere,
    })
}

/// People whose `column` digest is one of `keys` (a CIN's holder of record first): (digest, id,
/// search name).
pub(super) async fn lookup(
    db: &Db,
    column: &'static str,
    keys: &[&str],
) -> Result<Vec<(String, i64, String)>, StoreError> {
    let mut out = Vec::new();
    for chunk in keys.chunks(500) {
        // `(?, ?, …)`: one row of as many columns as keys.
        let sql = format!(
            "SELECT {column}, id, search_name FROM people WHERE {column} IN {} ORDER BY cin_shared, id",
            values_clause(db.backend(), 1, chunk.len())
        );
        let rows: Vec<(String, i64, String)> = on_db!(db, |c| {
            let mut q = sqlx::query_as(AssertSqlSafe(sql.as_str()));
            for key in chunk {
                q = q.bind(*key);
            }
            q.fetch_all(c).await
        })?;
        out.extend(rows);
    }
    Ok(out)
}

/// The current members of an organization ($1).
pub(super) const CURRENT_MEMBERS: &str =
    "SELECT person_id FROM memberships WHERE organization_id = $1 AND status <> 'ended'";

/// Which of these people hold a membership of `organization` that has not ended.
pub(super) async fn current_members(
    db: &Db,
    organization: i64,
    people: &[i64],
) -> Result<HashSet<i64>, StoreError> {
    let mut out = HashSet::new();
    for chunk in people.chunks(500) {
        let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
        let sql = format!("{CURRENT_MEMBERS} AND person_id IN ({})", list.join(", "));
        let rows: Vec<i64> = on_db!(db, |c| sqlx::query_scalar(AssertSqlSafe(sql.as_str()))
            .bind(organization)
            .fetch_all(c)
            .await)?;
        out.extend(rows);
    }
    Ok(out)
}
