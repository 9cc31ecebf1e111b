//! The import pages, at a branch (people join it) or a commune (people live there): upload >
//! the file as Mizan read it, header row and columns (editable) > check (a dry run with the
//! per-row report) > import. Steps run in the background (`jobs.rs`); the page follows them.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::columns::{Field, Mapping};
use super::jobs::{self, Choices, Job, Phase};
use super::{ImportReport, Rejection, Source};
use crate::app::AppState;
use crate::audit::{self, Event};
use crate::auth::Reach;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::organizations::{self, Organization};
use crate::people::actions::place_for_new_person;
use crate::territory::{Level, Unit};
use crate::ui::{PageCtx, render, see_other};

/// The largest file accepted from the web (the command line reads larger ones from disk).
pub const UPLOAD_LIMIT: usize = 64 * 1024 * 1024;

/// Rejections listed on the page (all of them are in the report file).
const SHOWN_REJECTIONS: usize = 200;

/// Organizations the caller may bring members into: every one that is not walled when a grant
/// covers all organizations, and the organizations their grants name.
fn importable(reaches: &[Reach], all: Vec<Organization>) -> Vec<Organization> {
    let unlimited = reaches.iter().any(|r| r.organization.is_none());
    all.into_iter()
        .filter(|o| reaches.iter().any(|r| r.organization == Some(o.id)) || (unlimited && !o.walled))
        .collect()
}

#[derive(Template)]
#[template(path = "people/import_upload.html")]
struct UploadPage {
    ctx: PageCtx,
    place: Unit,
    at_branch: bool,
    organizations: Vec<Organization>,
    error: Option<String>,
}

async fn upload_page(
    state: &AppState,
    ctx: PageCtx,
    reaches: &[Reach],
    place: Unit,
    error: Option<String>,
) -> AppResult<Response> {
    let at_branch = place.level == Level::Branch;
    let organizations = if at_branch {
        importable(reaches, organizations::all(&state.db).await?)
    } else {
        Vec::new()
    };
    render(&UploadPage {
        ctx,
        place,
        at_branch,
        organizations,
        error,
    })
}

/// `GET /territory/{code}/people/import`
pub async fn upload_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Authorized { scope, reaches, .. }: Authorized,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let place = place_for_new_person(&state, &scope, &code).await?;
    upload_page(&state, ctx, &reaches, place, None).await
}

/// `POST /territory/{code}/people/import` (multipart: the file and the organization).
pub async fn upload(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { scope, reaches, .. }: Authorized,
    Path(code): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    let place = place_for_new_person(&state, &scope, &code).await?;
    let mut multipart = multipart.map_err(|e| AppError::Malformed(e.body_text()))?;
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut organization: Option<i64> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::Malformed(e.body_text()))?
    {
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").chars().take(200).collect();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| AppError::Malformed(e.body_text()))?;
                file = Some((name, bytes.to_vec()));
            }
            Some("organization") => {
                let text = field
                    .text()
                    .await
                    .map_err(|e| AppError::Malformed(e.body_text()))?;
                organization = text.trim().parse().ok();
            }
            _ => {}
        }
    }
    let t = |key: &str| state.i18n.t(ctx.locale, key);
    let Some((file_name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        let page = upload_page(
            &state,
            ctx.clone(),
            &reaches,
            place,
            Some(t("import-choose-file")),
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let organizations = importable(&reaches, organizations::all(&state.db).await?);
    let organization_id = match organization {
        Some(id) if organizations.iter().any(|o| o.id == id) => Some(id),
        Some(_) => return Err(AppError::NotFound),
        None => None,
    };
    let source = Source::Uploaded(std::sync::Arc::new(bytes));
    let inspected = {
        let source = source.clone();
        let _unpacking = state
            .unpacking
            .acquire()
            .await
            .map_err(|e| AppError::Internal(e.into()))?;
        tokio::task::spawn_blocking(move || super::inspect(&source))
            .await
            .map_err(|e| AppError::Internal(e.into()))?
    };
    let inspection = match inspected {
        Ok(i) => i,
        Err(e) => {
            let page = upload_page(&state, ctx.clone(), &reaches, place, Some(t(e.code()))).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let (header_row, mapping) = inspection.header.clone().unwrap_or((1, Mapping::default()));
    let choices = Choices {
        header_row,
        mapping,
        organization_id,
        all_or_nothing: true,
        on_existing: super::OnExisting::Skip,
    };
    let job = state
        .imports
        .add(
            req.caller.user_id(),
            place.clone(),
            file_name,
            source,
            inspection,
            choices,
        )
        .ok_or(AppError::Conflict("import_busy"))?;
    Ok(see_other(&job_url(&place.code, &job.id)))
}

fn job_url(code: &str, job: &str) -> String {
    format!("/territory/{code}/people/import/{job}")
}

/// One column as the mapping table shows it.
struct Column {
    index: usize,
    letter: String,
    header: String,
    samples: Vec<String>,
    field: Option<Field>,
}

#[derive(Template)]
#[template(path = "people/import_job.html")]
struct JobPage {
    ctx: PageCtx,
    place: Unit,
    job_id: String,
    file_name: String,
    format: String,
    header_row: usize,
    columns: Vec<Column>,
    all_or_nothing: bool,
    on_existing: super::OnExisting,
    organization: Option<Organization>,
    phase: Phase,
    progress: usize,
    estimated: Option<usize>,
    header_found: bool,
}

impl JobPage {
    fn fields(&self) -> [Field; 13] {
        Field::ALL
    }

    fn on_existing_choices(&self) -> [super::OnExisting; 3] {
        super::OnExisting::ALL
    }

    /// The rows of known people whose records took fields from the file, as shown.
    fn updated(&self) -> &[super::existing::Updated] {
        self.report()
            .map(|r| &r.updated[..r.updated.len().min(SHOWN_REJECTIONS)])
            .unwrap_or(&[])
    }

    /// The names of a row's changed fields, in the reader's language.
    fn field_names(&self, fields: &[Field]) -> String {
        fields
            .iter()
            .map(|f| self.ctx.t(&f.label_key()))
            .collect::<Vec<_>>()
            .join("، ")
    }

    fn report(&self) -> Option<&ImportReport> {
        match &self.phase {
            Phase::Checked(r) | Phase::Done(r) => Some(r),
            _ => None,
        }
    }

    fn rejections(&self) -> &[Rejection] {
        self.report()
            .map(|r| &r.rejections[..r.rejections.len().min(SHOWN_REJECTIONS)])
            .unwrap_or(&[])
    }

    fn reason(&self, r: &Rejection) -> String {
        super::report::reason(&self.ctx.i18n, self.ctx.locale, r)
    }

    fn letter(&self, r: &Rejection) -> String {
        r.column.map(mizan_sheet::column_letter).unwrap_or_default()
    }

    fn running(&self) -> bool {
        matches!(self.phase, Phase::Running { .. })
    }

    fn checked(&self) -> bool {
        matches!(self.phase, Phase::Checked(_))
    }

    fn checking(&self) -> bool {
        matches!(self.phase, Phase::Running { dry_run: true })
    }

    /// The check says something would land: the import may run.
    fn can_import(&self) -> bool {
        match &self.phase {
            Phase::Checked(r) => r.writes_anything() && !(self.all_or_nothing && r.rejected > 0),
            _ => false,
        }
    }

    /// The import ran and its rows are in the registry (nothing more to do on this file).
    fn landed(&self) -> bool {
        matches!(&self.phase, Phase::Done(r) if r.landed)
    }

    fn done(&self) -> bool {
        matches!(self.phase, Phase::Done(_))
    }

    fn failure(&self) -> Option<&'static str> {
        match self.phase {
            Phase::Failed(code) => Some(code),
            _ => None,
        }
    }
}

fn job_of(state: &AppState, req: &RequestCtx, place: &Unit, id: &str) -> AppResult<std::sync::Arc<Job>> {
    state
        .imports
        .get(id, req.caller.user_id())
        .filter(|j| j.place.code == place.code)
        .ok_or(AppError::NotFound)
}

/// `GET /territory/{code}/people/import/{job}`
pub async fn job(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path((code, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let place = place_for_new_person(&state, &scope, &code).await?;
    let job = job_of(&state, &req, &place, &id)?;
    let (choices, phase) = job.state().clone();
    let organization = match choices.organization_id {
        Some(id) => organizations::all(&state.db)
            .await?
            .into_iter()
            .find(|o| o.id == id),
        None => None,
    };
    let headers = job.headers(choices.header_row);
    let below: Vec<&mizan_sheet::Row> = job
        .inspection
        .rows
        .iter()
        .filter(|r| r.number > choices.header_row && !r.is_blank())
        .take(3)
        .collect();
    let width = headers
        .len()
        .max(below.iter().map(|r| r.cells.len()).max().unwrap_or(0));
    let columns = (0..width)
        .map(|i| Column {
            index: i,
            letter: mizan_sheet::column_letter(i + 1),
            header: headers.get(i).cloned().unwrap_or_default(),
            samples: below
                .iter()
                .filter_map(|r| r.cells.get(i).cloned())
                .filter(|c| !c.is_empty())
                .collect(),
            field: choices.mapping.0.get(i).copied().flatten(),
        })
        .collect();
    render(&JobPage {
        ctx,
        job_id: job.id.clone(),
        file_name: job.file_name.clone(),
        format: job.inspection.format.clone(),
        header_row: choices.header_row,
        header_found: job.inspection.header.is_some(),
        columns,
        all_or_nothing: choices.all_or_nothing,
        on_existing: choices.on_existing,
        organization,
        progress: job.progress.load(std::sync::atomic::Ordering::Relaxed),
        estimated: job.estimated_rows(),
        phase,
        place,
    })
}

/// `POST /territory/{code}/people/import/{job}`: `step=check` with the header row and the
/// columns (`col_0`, `col_1`…), or `step=import` to run what was checked.
pub async fn step(
    State(state): State<AppState>,
    req: RequestCtx,
    permit: Authorized,
    Path((code, id)): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let place = place_for_new_person(&state, &permit.scope, &code).await?;
    let job = job_of(&state, &req, &place, &id)?;
    let dry_run = match form.get("step").map(String::as_str) {
        Some("check") => {
            let mut guard = job.state();
            let header_row = form
                .get("header_row")
                .and_then(|v| v.trim().parse::<usize>().ok())
                .filter(|n| (1..=super::columns::HEADER_SEARCH_ROWS).contains(n))
                .ok_or_else(|| AppError::invalid("header_row", "field-invalid"))?;
            let mapping = if header_row == guard.0.header_row {
                let width = job.headers(header_row).len().max(guard.0.mapping.0.len());
                Mapping(
                    (0..width)
                        .map(|i| form.get(&format!("col_{i}")).and_then(|v| Field::parse(v)))
                        .collect(),
                )
            } else {
                // Another header row: propose its columns afresh.
                Mapping::from_headers(&job.headers(header_row))
            };
            let repeated = mapping.repeated().is_some();
            guard.0.header_row = header_row;
            guard.0.mapping = mapping;
            guard.0.all_or_nothing = form.contains_key("all_or_nothing");
            guard.0.on_existing = form
                .get("on_existing")
                .and_then(|v| super::OnExisting::parse(v))
                .unwrap_or_default();
            if repeated {
                // Said on the page, above the columns to fix; nothing runs.
                guard.1 = Phase::Failed("import-field-twice");
                return Ok(see_other(&job_url(&place.code, &job.id)));
            }
            true
        }
        // Importing runs exactly what was checked.
        Some("import") if matches!(&job.state().1, Phase::Checked(r) if r.writes_anything()) => false,
        _ => return Ok(see_other(&job_url(&place.code, &job.id))),
    };
    jobs::start(&state, job.clone(), permit, dry_run);
    Ok(see_other(&job_url(&place.code, &job.id)))
}

/// `GET /territory/{code}/people/import/{job}/report.csv`: every rejected row, for Excel. It holds
/// what the file held (CINs, phones): an export, audited.
pub async fn report_csv(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path((code, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let place = place_for_new_person(&state, &scope, &code).await?;
    let job = job_of(&state, &req, &place, &id)?;
    let report = match &job.state().1 {
        Phase::Checked(r) | Phase::Done(r) => r.clone(),
        _ => return Err(AppError::NotFound),
    };
    let body = super::report::table(&report, &state.i18n, req.locale)
        .to_csv(req.locale)
        .map_err(|e| AppError::Internal(e.into()))?;
    audit::record_alone(
        &state.db,
        &state.key,
        state.clock.now(),
        &req.actor(),
        Event {
            action: "people.import.report",
            target_kind: "import",
            target_id: &job.file_name,
            details: json!({"place": place.code, "rows": report.rejections.len()}),
        },
    )
    .await?;
    let name = format!("mizan-import-report-{}.csv", place.code);
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response())
}
