//! Imports started from the web run as background jobs. The uploaded file waits in memory (never
//! written to disk in clear) until its owner checks and confirms it; the page can be left and
//! come back to while a job runs. Jobs live as long as the process, at most a few hours: a server
//! restart forgets them, and since nothing lands before the import's single commit, it leaves no
//! partial import behind either.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::columns::Mapping;
use super::{ImportReport, Inspection, Plan, Source};
use crate::app::AppState;
use crate::auth::Permit;
use crate::territory::{Level, Unit};

/// How long an upload is kept.
const KEEP: Duration = Duration::from_secs(6 * 3600);
/// Uploads held at once (in memory), all users together.
const MAX_JOBS: usize = 32;

/// Where a job stands.
#[derive(Clone, Debug)]
pub enum Phase {
    /// Uploaded; the header and columns are proposed.
    Ready,
    Running {
        dry_run: bool,
    },
    /// The dry run's report: what the import would do.
    Checked(ImportReport),
    /// Imported (or, all-or-nothing with a rejected row, not).
    Done(ImportReport),
    /// The file could not be read to the end, or the store failed: the message key.
    Failed(&'static str),
}

/// The choices made on the job's page.
#[derive(Clone, Debug)]
pub struct Choices {
    pub header_row: usize,
    pub mapping: Mapping,
    pub organization_id: Option<i64>,
    pub all_or_nothing: bool,
    pub on_existing: super::OnExisting,
}

pub struct Job {
    pub id: String,
    /// The user who uploaded it: nobody else sees it.
    pub owner: Option<i64>,
    /// The branch people join, or the commune they live in.
    pub place: Unit,
    pub file_name: String,
    pub source: Source,
    pub inspection: Inspection,
    /// Rows read so far by the running step.
    pub progress: AtomicUsize,
    created: Instant,
    state: Mutex<(Choices, Phase)>,
}

impl Job {
    /// The choices and the phase (a short lock: never held across an await).
    pub fn state(&self) -> MutexGuard<'_, (Choices, Phase)> {
        crate::locks::locked(&self.state)
    }

    /// The headers of the chosen header row.
    pub fn headers(&self, header_row: usize) -> Vec<String> {
        self.inspection
            .rows
            .iter()
            .find(|r| r.number == header_row)
            .map(|r| r.cells.clone())
            .unwrap_or_default()
    }

    /// An estimate of the file's rows (for the progress bar): its size over the average size of
    /// the first rows. None for a workbook, whose size says little.
    pub fn estimated_rows(&self) -> Option<usize> {
        if !self.inspection.format.starts_with("CSV") {
            return None;
        }
        let sampled: usize = self
            .inspection
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.len() + 1).sum::<usize>() + 1)
            .sum();
        let per_row = sampled.checked_div(self.inspection.rows.len())?.max(1);
        Some((self.source.len() as usize / per_row).max(1))
    }

    fn plan(&self, choices: &Choices, dry_run: bool) -> Plan {
        let at_branch = self.place.level == Level::Branch;
        Plan {
            header_row: choices.header_row,
            headers: self.headers(choices.header_row),
            mapping: choices.mapping.clone(),
            organization_id: choices.organization_id.filter(|_| at_branch),
            branch: at_branch.then(|| self.place.clone()),
            residence: (!at_branch).then(|| self.place.clone()),
            dry_run,
            all_or_nothing: choices.all_or_nothing,
            on_existing: choices.on_existing,
            file_name: self.file_name.clone(),
        }
    }
}

/// The jobs of this process.
#[derive(Default)]
pub struct Jobs(Mutex<HashMap<String, Arc<Job>>>);

impl std::fmt::Debug for Jobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Jobs({})", self.lock().len())
    }
}

impl Jobs {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Arc<Job>>> {
        crate::locks::locked(&self.0)
    }

    /// Keeps a new upload; None when the server holds too many already.
    pub fn add(
        &self,
        owner: Option<i64>,
        place: Unit,
        file_name: String,
        source: Source,
        inspection: Inspection,
        choices: Choices,
    ) -> Option<Arc<Job>> {
        let mut jobs = self.lock();
        jobs.retain(|_, j| j.created.elapsed() < KEEP || matches!(j.state().1, Phase::Running { .. }));
        if jobs.len() >= MAX_JOBS {
            // Make room by forgetting the oldest finished one.
            let oldest = jobs
                .values()
                .filter(|j| !matches!(j.state().1, Phase::Running { .. }))
                .min_by_key(|j| j.created)
                .map(|j| j.id.clone())?;
            jobs.remove(&oldest);
        }
        let job = Arc::new(Job {
            id: crate::store::new_uid(),
            owner,
            place,
            file_name,
            source,
            inspection,
            progress: AtomicUsize::new(0),
            created: Instant::now(),
            state: Mutex::new((choices, Phase::Ready)),
        });
        jobs.insert(job.id.clone(), job.clone());
        Some(job)
    }

    /// The job, if it exists and belongs to `owner`.
    pub fn get(&self, id: &str, owner: Option<i64>) -> Option<Arc<Job>> {
        self.lock().get(id).filter(|j| j.owner == owner).cloned()
    }
}

/// Starts a dry run or the import itself in the background; false if a step is already running.
pub fn start(state: &AppState, job: Arc<Job>, permit: Permit, dry_run: bool) -> bool {
    let plan = {
        let mut guard = job.state();
        if matches!(guard.1, Phase::Running { .. }) {
            return false;
        }
        guard.1 = Phase::Running { dry_run };
        job.plan(&guard.0, dry_run)
    };
    job.progress.store(0, Ordering::Relaxed);
    let state = state.clone();
    tokio::spawn(async move {
        let progress = |read: usize| job.progress.store(read, Ordering::Relaxed);
        // A workbook's texts are in memory for the whole run: it takes its turn like an upload.
        let unpacking = state.unpacking.clone().acquire_owned().await;
        let outcome = super::run(&state, &permit, &job.source, &plan, &progress).await;
        drop(unpacking);
        let phase = match outcome {
            Ok(report) if dry_run => Phase::Checked(report),
            Ok(report) => Phase::Done(report),
            Err(e) => {
                if let super::ImportError::Store(e) = &e {
                    tracing::error!(error = %e, "import failed");
                }
                Phase::Failed(e.code())
            }
        };
        job.state().1 = phase;
    });
    true
}
