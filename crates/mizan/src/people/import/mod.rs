//! Imports of the files branches keep (CSV or .xlsx, see `mizan_sheet`): each row becomes a person
//! (or is matched to one already registered) and, at a branch, a membership; rows that break a rule
//! are rejected with their row, column, value and reason.
//!
//! The file is read on a blocking thread that hands the rows over in batches, so that memory stays
//! flat whatever its size; each batch is checked (parsed, sealed, digested) on every core while the
//! previous one is written. Everything accepted lands in one transaction: a crash, a read error half-way
//! or an all-or-nothing import with a rejected row leaves the store as it was. A dry run takes the
//! same path without writing.

pub mod columns;
pub mod existing;
pub mod jobs;
pub mod pages;
pub mod report;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use mizan_sheet::{Limits, Next, ReadError, Row};
use serde_json::json;
use sqlx::AssertSqlSafe;

use self::columns::{Field, Mapping};
pub use self::existing::OnExisting;
use self::existing::Updated;
use super::actions::PersonDraft;
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
    actor: &Actor,
    source: &Source,
    plan: &Plan,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<ImportReport, ImportError> {
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

/// A batch of rows as checked on the reading thread.
#[derive(Default)]
struct Checked {
    read: usize,
    skipped_blank: usize,
    candidates: Vec<Candidate>,
    /// The rejections of each rejected row.
    rejected: Vec<Vec<Rejection>>,
}

/// A row that passed every rule, waiting for the batch's lookups.
struct Candidate {
    row: usize,
    person: PersonRow,
    joined_on: NaiveDate,
    /// The row's fields as they would be stored, when known people's records may take them.
    typed: Option<PersonDraft>,
}

/// The rules every row goes through.
struct Checker {
    plan: Plan,
    places: Option<Places>,
    key: MasterKey,
    today: NaiveDate,
    /// The threads a batch is checked on.
    cores: usize,
}

/// The people met so far in the file, to find one met twice. The keys are keyed digests (uniform
/// and unforgeable without the key), held as numbers and hashed by foldhash rather than SipHash.
struct SeenInFile {
    /// Digests of CINs, and their rows.
    cin: foldhash::HashMap<u128, usize>,
    /// Digests of phone numbers with the names they came with (people without a CIN).
    phone: foldhash::HashMap<(u128, String), usize>,
}

impl SeenInFile {
    /// Room for a file of `bytes` (rehashing a map of a million people costs more than filling it).
    fn for_file(bytes: u64) -> SeenInFile {
        let rows = usize::try_from(bytes / BYTES_PER_ROW).unwrap_or(0).min(4_000_000);
        SeenInFile {
            cin: foldhash::HashMap::with_capacity_and_hasher(rows, Default::default()),
            phone: foldhash::HashMap::default(),
        }
    }
}

/// A keyed digest (`MasterKey::blind_index`: 32 hexadecimal digits) as a number.
fn digest_number(digest: &str) -> u128 {
    u128::from_str_radix(digest, 16).expect("a keyed digest is 32 hexadecimal digits")
}

/// The writing side: matches checked rows against the registry and inserts the rest.
struct Importer<'a> {
    state: &'a AppState,
    plan: &'a Plan,
    /// The organization accepted rows join (at the plan's branch), if any.
    organization: Option<i64>,
    report: ImportReport,
    tx: Option<Tx>,
    /// Set for a large import on SQLite: indexes rebuilt once at the end.
    load: Option<BulkLoad>,
    next_person: i64,
    next_membership: i64,
    /// New members per branch path, for the rollups.
    joined: HashMap<String, i64>,
    /// Rows written as new people whose CIN belongs to someone outside the importer's reach (said
    /// in the audit entry, which the importer does not read, never in the report).
    held_elsewhere: usize,
    /// Known people whose record the file changed, and the fields (each audited at the end).
    rectified: Vec<(String, Vec<Field>)>,
}

/// The first of a field's columns that is filled in this row.
fn first_filled(mapping: &Mapping, row: &Row, field: Field) -> Option<usize> {
    mapping
        .columns_of(field)
        .find(|&c| row.cells.get(c).is_some_and(|v| !v.is_empty()))
}

impl Checker {
    /// Checks a batch of rows, sealing and digesting them on every core (the costly part), then
    /// looks for people met twice in the file's order.
    fn check_batch(&self, seen: &mut SeenInFile, rows: Vec<Row>) -> Checked {
        let check = |rows: &[Row]| -> Vec<Option<Result<Candidate, Vec<Rejection>>>> {
            rows.iter()
                .map(|row| (!row.is_blank()).then(|| self.check(row)))
                .collect()
        };
        let check = &check;
        let results = std::thread::scope(|scope| {
            let mut parts = rows.chunks(rows.len().div_ceil(self.cores).max(1));
            let own = parts.next().unwrap_or_default();
            let others: Vec<_> = parts.map(|part| scope.spawn(move || check(part))).collect();
            let mut results = check(own);
            for other in others {
                results.extend(
                    other
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                );
            }
            results
        });
        let mut batch = Checked {
            read: rows.len(),
            ..Checked::default()
        };
        for (row, result) in rows.iter().zip(results) {
            match result.map(|r| r.and_then(|candidate| self.once_in_file(seen, row, candidate))) {
                None => batch.skipped_blank += 1,
                Some(Ok(candidate)) => batch.candidates.push(candidate),
                Some(Err(rejections)) => batch.rejected.push(rejections),
            }
        }
        batch
    }

    /// Checks one row against the registry's rules.
    fn check(&self, row: &Row) -> Result<Candidate, Vec<Rejection>> {
        let mapping = &self.plan.mapping;
        let cell = |column: usize| row.cells.get(column).map(String::as_str).unwrap_or("");
        let first = |field: Field| first_filled(mapping, row, field);
        let text = |field: Field| first(field).map(cell).unwrap_or("");
        let rejection = |column: Option<usize>, reason: &'static str| Rejection {
            row: row.number,
            column: column.map(|c| c + 1),
            header: String::new(),
            value: column.map(cell).unwrap_or("").to_owned(),
            reason,
            other_row: None,
        };

        let mut draft = PersonDraft::default();
        // Names go by the script they are written in, whatever the header says.
        let mut name_columns: HashMap<&'static str, usize> = HashMap::new();
        for (field, arabic, latin) in [
            (Field::FamilyName, "family_ar", "family_latin"),
            (Field::GivenName, "given_ar", "given_latin"),
        ] {
            for column in mapping.columns_of(field) {
                let value = cell(column);
                if value.is_empty() {
                    continue;
                }
                let slot = if value.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
                    arabic
                } else {
                    latin
                };
                let target = match slot {
                    "family_ar" => &mut draft.family_ar,
                    "family_latin" => &mut draft.family_latin,
                    "given_ar" => &mut draft.given_ar,
                    _ => &mut draft.given_latin,
                };
                if target.is_empty() {
                    *target = value.to_owned();
                    name_columns.insert(slot, column);
                }
            }
        }
        draft.sex = match mizan_text::fold(text(Field::Sex)).as_str() {
            "" => String::new(),
            "m" | "h" | "homme" | "masculin" | "male" | "ذكر" => "m".into(),
            "f" | "femme" | "feminin" | "female" | "انثي" | "انثى" => "f".into(),
            _ => "?".into(),
        };
        draft.birth_date = text(Field::BirthDate).to_owned();
        draft.cin = text(Field::Cin).to_owned();
        draft.phone = text(Field::Phone).to_owned();
        draft.email = text(Field::Email).to_owned();
        draft.profession = text(Field::Profession).to_owned();
        draft.education = text(Field::Education).to_owned();
        draft.address = text(Field::Address).to_owned();
        draft.notes = text(Field::Notes).to_owned();

        let mut rejections = Vec::new();
        let checked = draft.check(self.today).map_err(|errors| {
            errors
                .into_iter()
                .map(|e| {
                    let column = match e.field.as_str() {
                        "family_ar" | "family_latin" | "given_ar" | "given_latin" => {
                            name_columns.get(e.field.as_str()).copied().or_else(|| {
                                let field = if e.field.starts_with("family") {
                                    Field::FamilyName
                                } else {
                                    Field::GivenName
                                };
                                mapping.columns_of(field).next()
                            })
                        }
                        "sex" => first(Field::Sex),
                        "birth_date" => first(Field::BirthDate),
                        "cin" => first(Field::Cin),
                        "phone" => first(Field::Phone),
                        "email" => first(Field::Email),
                        "profession" => first(Field::Profession),
                        "education" => first(Field::Education),
                        "address" => first(Field::Address),
                        "notes" => first(Field::Notes),
                        _ => None,
                    };
                    rejection(column, e.code)
                })
                .collect::<Vec<_>>()
        });
        let checked = match checked {
            Ok(c) => Some(c),
            Err(mut errors) => {
                rejections.append(&mut errors);
                None
            }
        };
        let residence = match &self.places {
            Some(places) if first(Field::Commune).is_some() => match places.resolve(text(Field::Commune)) {
                Ok(place) => Some(place),
                Err(reason) => {
                    rejections.push(rejection(first(Field::Commune), reason));
                    None
                }
            },
            _ => match (&self.plan.branch, &self.plan.residence) {
                (Some(branch), _) => Some(branch_commune(branch)),
                (None, Some(place)) => Some((place.code.clone(), place.path.clone())),
                (None, None) => None,
            },
        };
        if residence.is_none() && rejections.is_empty() {
            rejections.push(rejection(
                mapping.columns_of(Field::Commune).next(),
                "field-required",
            ));
        }
        let joined_on = match first(Field::JoinDate) {
            None => self.today,
            Some(column) => match super::actions::parse_date(cell(column)) {
                Some(d) if d <= self.today && d.year() >= 1950 => d,
                Some(_) => {
                    rejections.push(rejection(Some(column), "import-join-date-impossible"));
                    self.today
                }
                None => {
                    rejections.push(rejection(Some(column), "field-date-format"));
                    self.today
                }
            },
        };
        let (Some(checked), Some((residence_code, residence_path))) = (checked, residence) else {
            return Err(self.with_headers(rejections));
        };
        if !rejections.is_empty() {
            return Err(self.with_headers(rejections));
        }

        let typed = (self.plan.on_existing != OnExisting::Skip).then(|| checked.as_draft());
        let key = &self.key;
        let uid = super::actions::new_uid();
        let mut person = checked.into_row(key, &uid);
        person.residence_code = Some(residence_code);
        person.residence_path = Some(residence_path);

        Ok(Candidate {
            row: row.number,
            person,
            joined_on,
            typed,
        })
    }

    /// The same person twice in the file: the second is rejected, pointing at the first.
    fn once_in_file(
        &self,
        seen: &mut SeenInFile,
        row: &Row,
        candidate: Candidate,
    ) -> Result<Candidate, Vec<Rejection>> {
        let person = &candidate.person;
        let (first, field) = match (&person.cin_index, &person.phone_index) {
            (Some(cin), _) => (
                seen.cin.entry(digest_number(cin)).or_insert(row.number),
                Field::Cin,
            ),
            (None, Some(phone)) => (
                seen.phone
                    .entry((digest_number(phone), person.search_name.clone()))
                    .or_insert(row.number),
                Field::Phone,
            ),
            (None, None) => return Ok(candidate),
        };
        if *first == row.number {
            return Ok(candidate);
        }
        let column = first_filled(&self.plan.mapping, row, field);
        Err(self.with_headers(vec![Rejection {
            row: row.number,
            column: column.map(|c| c + 1),
            header: String::new(),
            value: column.and_then(|c| row.cells.get(c)).cloned().unwrap_or_default(),
            reason: "import-duplicate-in-file",
            other_row: Some(*first),
        }]))
    }

    /// Fills in the header of each rejection's column.
    fn with_headers(&self, mut rejections: Vec<Rejection>) -> Vec<Rejection> {
        for r in &mut rejections {
            if let Some(c) = r.column {
                r.header = self.plan.headers.get(c - 1).cloned().unwrap_or_default();
            }
        }
        rejections
    }
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
            store::rebuild_search(&mut tx).await?;
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

/// Bytes of a branch file per row, roughly (names, CIN, phone, date).
const BYTES_PER_ROW: u64 = 60;

/// How a large import on SQLite reads the registry (see [`bulk_load`]).
#[derive(Clone, Copy)]
enum RegistryRead {
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
async fn bulk_load(state: &AppState, source: &Source) -> Result<Option<RegistryRead>, ImportError> {
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
struct Registered {
    /// Candidates (by their place in the batch) already registered within the importer's reach:
    /// their person's id.
    people: HashMap<usize, i64>,
    /// Those of these people who are current members of the organization the rows join.
    members: HashSet<i64>,
    /// Candidates whose CIN belongs only to people outside the importer's reach: written as new
    /// people, kept apart (`cin_shared`).
    cin_held_elsewhere: HashSet<usize>,
}

/// People of the registry by their keys (every holder, the CIN's holder of record first), and
/// who of them are current members of the organization the rows join: all of them, or those a
/// batch's keys found.
struct Known {
    by_cin: HashMap<String, Vec<i64>>,
    /// By phone digest and name keys.
    by_phone: HashMap<(String, String), Vec<i64>>,
    members: HashSet<i64>,
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
    async fn whole_registry(db: &Db, organization: Option<i64>) -> Result<Known, StoreError> {
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
async fn registered(
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
async fn lookup(
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
const CURRENT_MEMBERS: &str =
    "SELECT person_id FROM memberships WHERE organization_id = $1 AND status <> 'ended'";

/// Which of these people hold a membership of `organization` that has not ended.
async fn current_members(db: &Db, organization: i64, people: &[i64]) -> Result<HashSet<i64>, StoreError> {
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
