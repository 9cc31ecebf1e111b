//! Imports of the files branches keep (CSV or .xlsx, see `mizan_sheet`): each row becomes a person
//! (or is matched to one already registered) and, at a branch, a membership; rows that break a rule
//! are rejected with their row, column, value and reason.
//!
//! The file is read on a blocking thread that hands the rows over in batches, so that memory stays
//! flat whatever its size; each batch is checked (parsed, sealed, digested) on every core while the
//! previous one is written. Everything accepted lands in one transaction: a crash, a read error half-way
//! or an all-or-nothing import with a rejected row leaves the store as it was. A dry run takes the
//! same path without writing.

mod check;
pub mod columns;
pub mod existing;
pub mod jobs;
pub mod pages;
mod registry;
pub mod report;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use mizan_sheet::{Limits, Next, ReadError, Row};
use serde_json::json;
use sqlx::AssertSqlSafe;

use self::check::*;
use self::columns::{Field, Mapping};
pub use self::existing::OnExisting;
use self::existing::Updated;
use self::registry::*;
use super::draft::PersonDraft;
use super::model::{MembershipRow, PersonRow};
use super::store;
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::auth::{Permit, Reach};
use crate::keys::MasterKey;
use crate::on_db;
use crate::store::bulk::BulkLoad;
use crate::store::{Db, StoreError, Tx, values_clause};
use crate::territory::Unit;
use crate::territory::places::Places;
pub use crate::territory::places::branch_commune;

/// Rows handed from the reading (and checking) thread to the writer at a time. Each batch starts a
/// checking thread and costs the writer a few round trips: a million rows took 1.5 s less in
/// batches of 4,000 than of 1,000 (and 1 s more in batches of 10,000, the pipeline filling and
/// draining in larger steps).
const BATCH: usize = 4_000;

/// A file to import: on disk (the command line) or uploaded and held in memory (the web).
#[derive(Clone, Debug)]
pub enum Source {
    File(PathBuf),
    Uploaded(Arc<Vec<u8>>),
}

impl Source {
    fn read(&self, limits: &Limits, emit: impl FnMut(Row) -> Next) -> Result<mizan_sheet::Format, ReadError> {
        match self {
            Source::File(path) => mizan_sheet::read_file(path, limits, emit),
            Source::Uploaded(bytes) => mizan_sheet::read_bytes(bytes, limits, emit),
        }
    }

    pub(crate) fn len(&self) -> u64 {
        match self {
            Source::File(path) => std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
            Source::Uploaded(bytes) => bytes.len() as u64,
        }
    }
}

/// What to do with a file, once its header and columns are known.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The row holding the headers; data starts below it.
    pub header_row: usize,
    pub mapping: Mapping,
    /// The organization people join, at `branch` (the party when not said).
    pub organization_id: Option<i64>,
    /// The branch people join; their residence is its commune unless a column says otherwise.
    pub branch: Option<Unit>,
    /// Without a branch: the commune, arrondissement or city people live in, unless a column
    /// says otherwise.
    pub residence: Option<Unit>,
    pub dry_run: bool,
    /// Import nothing if any row is rejected.
    pub all_or_nothing: bool,
    /// What a row of someone already registered does to their record.
    pub on_existing: OnExisting,
    /// The file's name as the user gave it (for the audit log).
    pub file_name: String,
    /// The header row's cells, to name columns in the report.
    pub headers: Vec<String>,
}

/// What an import did (or, on a dry run, would do).
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct ImportReport {
    /// The file's format as found (`CSV windows-1256 ;`).
    pub format: String,
    /// Rows below the header, blank ones included:
    /// read = accepted + already_members + rejected + skipped_blank.
    pub read: usize,
    pub accepted: usize,
    pub rejected: usize,
    pub skipped_blank: usize,
    /// Accepted rows that were people already registered (not created again).
    pub matched: usize,
    /// Rows of people already members of the organization (nothing joined again).
    pub already_members: usize,
    /// Of those, the ones whose record the row did not change.
    pub unchanged: usize,
    /// Rows of known people whose record took fields from the file (see `Plan::on_existing`).
    pub updated: Vec<Updated>,
    /// Whether the accepted rows are now in the store.
    pub landed: bool,
    pub rejections: Vec<Rejection>,
}

impl ImportReport {
    /// Whether importing would write something: a person, a membership, or a known record's fields.
    pub fn writes_anything(&self) -> bool {
        self.accepted > 0 || !self.updated.is_empty()
    }
}

/// Why one row was not imported. A row may break several rules: one rejection each.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Rejection {
    pub row: usize,
    /// The column (from 1), when one cell is at fault.
    pub column: Option<usize>,
    pub header: String,
    pub value: String,
    /// Message key of the reason.
    pub reason: &'static str,
    /// The other row, for a duplicate within the file.
    pub other_row: Option<usize>,
}

/// Why a file cannot be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    File(#[from] ReadError),
    #[error("no header row found in the first rows (expected headers such as الاسم العائلي, Nom, CIN)")]
    NoHeader,
    #[error("no column holds a name (family or given)")]
    NoNameColumn,
    #[error("the rows say nowhere where people live: map a commune column, or import at a branch")]
    NoPlace,
    #[error("the branch {0} is not in your scope")]
    BranchOutOfScope(String),
    #[error("unknown organization")]
    UnknownOrganization,
    #[error("store: {0}")]
    Store(#[from] StoreError),
}

impl ImportError {
    /// Message key for the user's language.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::File(e) => e.code(),
            ImportError::NoHeader => "import-no-header",
            ImportError::NoNameColumn => "import-no-name-column",
            ImportError::NoPlace => "import-no-place",
            ImportError::BranchOutOfScope(_) => "import-branch-out-of-scope",
            ImportError::UnknownOrganization => "import-unknown-organization",
            ImportError::Store(_) => "error-internal",
        }
    }
}

/// The first rows of a file, its format, and the header and mapping Mizan proposes.
#[derive(Clone, Debug)]
pub struct Inspection {
    pub format: String,
    pub rows: Vec<Row>,
    pub header: Option<(usize, Mapping)>,
}

pub fn limits() -> Limits {
    Limits::default()
}

/// Reads the top of a file to find its header and propose a mapping.
pub fn inspect(source: &Source) -> Result<Inspection, ImportError> {
    let wanted = columns::HEADER_SEARCH_ROWS + 5;
    let mut rows = Vec::with_capacity(wanted);
    let format = source.read(&limits(), |row| {
        rows.push(row);
        if rows.len() >= wanted {
            Next::Stop
        } else {
            Next::More
        }
    })?;
    let header = columns::find_header(&rows);
    Ok(Inspection {
        format: format.describe(),
        rows,
        header,
    })
}

/// Imports (or dry-runs) `source` following `plan`, as `actor` within `permit`. `progress` hears
/// the number of rows read so far, after every batch. Rows are matched to people already
/// registered within the permit's reaches only: one whose CIN or phone belongs to someone
/// outside them is imported as a new person (`people::holders`), and the report says of it what
/// it says of any new person.
pub async fn run(
    state: &AppState,
    permit: &Permit,
    source: &Source,
    plan: &Plan,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<ImportReport, ImportError> {
    let actor = &permit.actor;
    let scope = &permit.scope;
    if !plan.mapping.has(Field::FamilyName) && !plan.mapping.has(Field::GivenName) {
        return Err(ImportError::NoNameColumn);
    }
    if !plan.mapping.has(Field::Commune) && plan.branch.is_none() && plan.residence.is_none() {
        return Err(ImportError::NoPlace);
    }
    if let Some(place) = plan.branch.as_ref().or(plan.residence.as_ref())
        && !scope.contains(&place.path)
    {
        return Err(ImportError::BranchOutOfScope(place.code.clone()));
    }
    // The organization joined at the branch: the one named (it must exist), else the party.
    let organizations = crate::organizations::all(&state.db).await?;
    let organization = match plan.organization_id {
        Some(id) => Some(
            organizations
                .iter()
                .find(|o| o.id == id)
                .ok_or(ImportError::UnknownOrganization)?
                .id,
        ),
        None => organizations.iter().find(|o| o.kind == "party").map(|o| o.id),
    }
    .filter(|_| plan.branch.is_some());
    if plan.branch.is_some() && organization.is_none() {
        return Err(ImportError::UnknownOrganization);
    }
    let places = if plan.mapping.has(Field::Commune) {
        Some(Places::load(&state.db, scope, plan.branch.as_ref()).await?)
    } else {
        None
    };

    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Checked>(4);
    let file = source.clone();
    let checker = Checker {
        plan: plan.clone(),
        places,
        key: state.key.clone(),
        today: state.clock.today(),
        cores: std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
    };
    let reader = tokio::task::spawn_blocking(move || {
        let mut seen = SeenInFile::for_file(file.len());
        let mut rows = Vec::with_capacity(BATCH);
        let mut writer_gone = false;
        let format = file.read(&limits(), |row| {
            if row.number <= checker.plan.header_row {
                return Next::More;
            }
            rows.push(row);
            if rows.len() >= BATCH {
                let batch = checker.check_batch(&mut seen, std::mem::take(&mut rows));
                if sender.blocking_send(batch).is_err() {
                    writer_gone = true;
                    return Next::Stop;
                }
            }
            Next::More
        })?;
        if !rows.is_empty() && !writer_gone {
            let _ = sender.blocking_send(checker.check_batch(&mut seen, rows));
        }
        Ok::<_, ReadError>(format)
    });

    // The transaction begins before the first lookup: on SQLite it holds the store's write lock,
    // so what the lookups find stays true until the commit.
    let mut import = Importer {
        state,
        plan,
        organization,
        report: ImportReport::default(),
        tx: None,
        load: None,
        next_person: 0,
        next_membership: 0,
        joined: HashMap::new(),
        held_elsewhere: 0,
        rectified: Vec::new(),
    };
    let mut registry_read = RegistryRead::ByBatch;
    if !plan.dry_run {
        let mut tx = if let Some(read) = bulk_load(state, source).await? {
            let (tx, load) = BulkLoad::begin(&state.db, &["people", "memberships"]).await?;
            import.load = Some(load);
            registry_read = read;
            tx
        } else {
            state.db.begin().await?
        };
        import.next_person = store::next_id(&mut tx, "people").await?;
        import.next_membership = store::next_id(&mut tx, "memberships").await?;
        import.tx = Some(tx);
    }
    // Between the reading thread and the writer, the registry is searched for the batch's people
    // while the batch before it is written (the lookups read what is committed, as they always did:
    // people met twice in the file are the reading thread's to find).
    let (matched_sender, mut matched) =
        tokio::sync::mpsc::channel::<Result<(Checked, Registered), StoreError>>(2);
    let reaches = &permit.reaches;
    let matching = async move {
        let whole = match registry_read {
            RegistryRead::Whole => match Known::whole_registry(&state.db, organization).await {
                Ok(known) => Some(known),
                Err(e) => {
                    let _ = matched_sender.send(Err(e)).await;
                    return;
                }
            },
            RegistryRead::ByBatch => None,
        };
        while let Some(batch) = receiver.recv().await {
            let found = registered(
                &state.db,
                reaches,
                organization,
                &batch.candidates,
                whole.as_ref(),
            )
            .await;
            if matched_sender.send(found.map(|r| (batch, r))).await.is_err() {
                break;
            }
        }
    };
    let writing = async move {
        while let Some(found) = matched.recv().await {
            let (batch, registered) = found?;
            import.batch(batch, registered).await?;
            progress(import.report.read);
        }
        Ok::<_, ImportError>(import)
    };
    let ((), written) = tokio::join!(matching, writing);
    let mut import = written?;
    let format = reader
        .await
        .map_err(|e| ImportError::File(ReadError::Malformed(e.to_string())))??;
    import.report.format = format.describe();
    import.report.rejections.sort_by_key(|r| r.row);
    import.finish(actor).await
}

impl Importer<'_> {
    async fn batch(&mut self, checked: Checked, registered: Registered) -> Result<(), ImportError> {
        self.report.read += checked.read;
        self.report.skipped_blank += checked.skipped_blank;
        for rejections in checked.rejected {
            self.reject(rejections);
        }
        let Registered {
            people: existing,
            members,
            cin_held_elsewhere,
        } = registered;
        let known: HashMap<i64, store::PersonRecord> = if self.plan.on_existing == OnExisting::Skip {
            HashMap::new()
        } else {
            let ids: Vec<i64> = existing.values().copied().collect();
            store::records_by_ids(&self.state.db, &ids)
                .await?
                .into_iter()
                .map(|r| (r.id, r))
                .collect()
        };
        let mut new_people = Vec::new();
        let mut new_memberships = Vec::new();
        for (i, candidate) in checked.candidates.into_iter().enumerate() {
            let person_id = match existing.get(&i) {
                Some(id) => {
                    let changed = self.take_fields(&candidate, known.get(id)).await?;
                    if members.contains(id) {
                        self.report.already_members += 1;
                        if !changed {
                            self.report.unchanged += 1;
                        }
                        continue;
                    }
                    self.report.matched += 1;
                    *id
                }
                None => {
                    let mut person = candidate.person;
                    if cin_held_elsewhere.contains(&i) {
                        person.cin_shared = true;
                        self.held_elsewhere += 1;
                    }
                    person.id = self.next_person;
                    self.next_person += 1;
                    let id = person.id;
                    new_people.push(person);
                    id
                }
            };
            self.report.accepted += 1;
            if let (Some(org), Some(branch)) = (self.organization, &self.plan.branch) {
                new_memberships.push(MembershipRow {
                    id: self.next_membership,
                    person_id,
                    organization_id: org,
                    branch_code: branch.code.clone(),
                    branch_path: branch.path.clone(),
                    status: "active",
                    role: "member",
                    joined_on: candidate.joined_on,
                });
                self.next_membership += 1;
                *self.joined.entry(branch.path.clone()).or_default() += 1;
            }
        }
        if let Some(tx) = self.tx.as_mut() {
            let now = self.state.clock.now();
            store::insert_rows(tx, new_people, new_memberships, now).await?;
        }
        Ok(())
    }

    /// Writes into a known person's record what the row brings (see [`OnExisting`]); whether
    /// anything changed.
    async fn take_fields(
        &mut self,
        candidate: &Candidate,
        record: Option<&store::PersonRecord>,
    ) -> Result<bool, ImportError> {
        let (Some(typed), Some(record)) = (&candidate.typed, record) else {
            return Ok(false);
        };
        let before = PersonDraft::of_record(&self.state.key, record);
        let (after, fields) = existing::merged(&before, typed, self.plan.on_existing);
        if fields.is_empty() {
            return Ok(false);
        }
        let today = self.state.clock.today();
        let Some(row) = existing::rewritten(&self.state.key, today, record, &after) else {
            return Ok(false);
        };
        if let Some(tx) = self.tx.as_mut() {
            store::update_person(tx, &row, self.state.clock.now()).await?;
        }
        self.rectified.push((record.uid.clone(), fields.clone()));
        self.report.updated.push(Updated {
            row: candidate.row,
            fields,
        });
        Ok(true)
    }

    fn reject(&mut self, rejections: Vec<Rejection>) {
        self.report.rejected += 1;
        self.report.rejections.extend(rejections);
    }

    async fn finish(mut self, actor: &Actor) -> Result<ImportReport, ImportError> {
        let Some(mut tx) = self.tx.take() else {
            return Ok(self.report);
        };
        if self.plan.all_or_nothing && self.report.rejected > 0 {
            drop(tx);
            return Ok(self.report);
        }
        if let Some(load) = self.load.as_mut() {
            load.finish(&mut tx).await?;
            crate::people::search_keys::rebuild_search(&mut tx).await?;
        }
        if let Some(org) = self.organization {
            let mut per_unit: HashMap<&str, i64> = HashMap::new();
            for (path, n) in &self.joined {
                for code in path.split('/').filter(|s| !s.is_empty()) {
                    *per_unit.entry(code).or_default() += n;
                }
            }
            for (code, n) in per_unit {
                store::add_members(&mut tx, code, org, n).await?;
            }
        }
        store::advance_sequences(&mut tx).await?;
        let now = self.state.clock.now();
        audit::record(
            &mut tx,
            &self.state.key,
            now,
            actor,
            Event {
                action: "people.import",
                target_kind: "import",
                target_id: &self.plan.file_name,
                details: json!({
                    "format": self.report.format,
                    "branch": self.plan.branch.as_ref().map(|b| b.code.clone()),
                    "organization": self.organization,
                    "read": self.report.read,
                    "accepted": self.report.accepted,
                    "rejected": self.report.rejected,
                    "matched": self.report.matched,
                    "already_members": self.report.already_members,
                    "updated": self.report.updated.len(),
                    "on_existing": self.plan.on_existing.code(),
                    "cin_held_elsewhere": self.held_elsewhere,
                }),
            },
        )
        .await?;
        for (uid, fields) in &self.rectified {
            audit::record(
                &mut tx,
                &self.state.key,
                now,
                actor,
                Event {
                    action: "person.rectify",
                    target_kind: "person",
                    target_id: uid,
                    details: json!({"fields": fields, "by": "import"}),
                },
            )
            .await?;
        }
        tx.commit().await?;
        self.report.landed = true;
        Ok(self.report)
    }
}
