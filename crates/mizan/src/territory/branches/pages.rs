//! The pages of a branch list's import: upload > the per-row report of the check > import.
//! Without JavaScript: the rows that passed ride in the report's form, and are checked again.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::import::{self, BranchRow, Checked, Column, Unreadable};
use super::life::{self, CloseDraft};
use crate::app::AppState;
use crate::auth::Scope;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form};
use crate::territory::actions::NewUnitDraft;
use crate::territory::{Level, Unit, UnitCode, store};
use crate::ui::{FormErrors, PageCtx, render, see_other};

/// Where a list may be imported: a unit the caller manages, from the country down to a commune.
async fn import_place(state: &AppState, scope: &Scope, code: &str) -> AppResult<Unit> {
    let code = UnitCode::parse(code).ok_or(AppError::NotFound)?;
    store::unit_within(&state.db, code.as_str(), scope)
        .await?
        .filter(|u| {
            matches!(
                u.level,
                Level::Country
                    | Level::Region
                    | Level::Province
                    | Level::Cercle
                    | Level::Commune
                    | Level::Arrondissement
            )
        })
        .ok_or(AppError::NotFound)
}

#[derive(Template)]
#[template(path = "territory/branches_import.html")]
struct ImportPage {
    ctx: PageCtx,
    place: Unit,
    /// Why the file could not be read, in the user's language.
    error: Option<String>,
    checked: Vec<Checked>,
    /// The branches made by the import.
    made: Vec<Unit>,
    columns: [Column; 4],
}

impl ImportPage {
    fn passed(&self) -> usize {
        self.checked.iter().filter(|c| c.verdict.is_ok()).count()
    }

    fn refused(&self) -> usize {
        self.checked.len() - self.passed()
    }
}

fn page(ctx: PageCtx, place: Unit) -> ImportPage {
    ImportPage {
        ctx,
        place,
        error: None,
        checked: Vec::new(),
        made: Vec::new(),
        columns: Column::ALL,
    }
}

/// `GET /territory/{code}/branches/import`
pub async fn form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Authorized { scope, .. }: Authorized,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let place = import_place(&state, &scope, &code).await?;
    render(&page(ctx, place))
}

fn unreadable(ctx: &PageCtx, why: &Unreadable) -> String {
    match why {
        Unreadable::File(code) => ctx.t(code),
        Unreadable::MissingColumns(columns) => {
            let names: Vec<String> = columns.iter().map(|c| ctx.t(c.message_key())).collect();
            format!("{} {}", ctx.t("branch-import-missing-columns"), names.join("، "))
        }
        Unreadable::TooManyRows => ctx.tn("branch-import-too-many-rows", import::MAX_ROWS),
        Unreadable::NoRows => ctx.t("branch-import-no-rows"),
    }
}

/// `POST /territory/{code}/branches/import` (multipart: the file): the check and its report.
pub async fn check(
    State(state): State<AppState>,
    ctx: PageCtx,
    Authorized { scope, .. }: Authorized,
    Path(code): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    let place = import_place(&state, &scope, &code).await?;
    let mut multipart = multipart.map_err(|e| AppError::Malformed(e.body_text()))?;
    let mut bytes = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::Malformed(e.body_text()))?
    {
        if field.name() == Some("file") {
            bytes = field
                .bytes()
                .await
                .map_err(|e| AppError::Malformed(e.body_text()))?
                .to_vec();
        }
    }
    let mut shown = page(ctx, place);
    if bytes.is_empty() {
        shown.error = Some(shown.ctx.t("import-choose-file"));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&shown)?).into_response());
    }
    let read = {
        let _unpacking = state
            .unpacking
            .acquire()
            .await
            .map_err(|e| AppError::Internal(e.into()))?;
        tokio::task::spawn_blocking(move || import::read(&bytes))
            .await
            .map_err(|e| AppError::Internal(e.into()))?
    };
    match read {
        Ok(rows) => {
            shown.checked = import::check(&state, &scope, &shown.place, rows).await?;
            render(&shown)
        }
        Err(why) => {
            shown.error = Some(unreadable(&shown.ctx, &why));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&shown)?).into_response())
        }
    }
}

/// The rows carried by the report's form: `{n}-commune`, `{n}-name_ar`, `{n}-name_fr`,
/// `{n}-founded_on`, and `{n}-row` (the spreadsheet's row number), for n from 0.
fn rows_of(fields: Vec<(String, String)>) -> Vec<BranchRow> {
    let mut rows: Vec<BranchRow> = Vec::new();
    for (name, value) in fields {
        let Some((n, field)) = name.split_once('-') else {
            continue;
        };
        let Ok(n) = n.parse::<usize>() else { continue };
        if n >= import::MAX_ROWS {
            continue;
        }
        if rows.len() <= n {
            rows.resize(n + 1, BranchRow::default());
        }
        let row = &mut rows[n];
        match field {
            "row" => row.row = value.parse().unwrap_or_default(),
            "commune" => row.commune = value,
            "name_ar" => row.name_ar = value,
            "name_fr" => row.name_fr = value,
            "founded_on" => row.founded_on = value,
            _ => {}
        }
    }
    rows.retain(|r| r.row > 0);
    rows
}

/// `POST /territory/{code}/branches/import/apply`: the rows that passed, imported.
pub async fn apply(
    State(state): State<AppState>,
    ctx: PageCtx,
    permit: Authorized,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let place = import_place(&state, &permit.scope, &code).await?;
    let rows = rows_of(fields);
    if rows.is_empty() {
        return Err(AppError::invalid("rows", "branch-import-no-rows"));
    }
    let mut shown = page(ctx, place);
    match import::import(&state, &permit, &shown.place, rows).await? {
        Ok(made) => {
            shown.made = made;
            render(&shown)
        }
        Err(checked) => {
            shown.checked = checked;
            Ok((StatusCode::CONFLICT, render(&shown)?).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "territory/branch_manage.html")]
struct ManagePage {
    ctx: PageCtx,
    branch: Unit,
    targets: Vec<Unit>,
    rename: NewUnitDraft,
    close: CloseDraft,
    errors: FormErrors,
    today: chrono::NaiveDate,
}

async fn manage_page(
    state: &AppState,
    ctx: PageCtx,
    scope: &Scope,
    code: &str,
    rename: Option<NewUnitDraft>,
    close: CloseDraft,
    errors: FormErrors,
) -> AppResult<ManagePage> {
    let branch = life::managed_branch(state, scope, code).await?;
    let targets = life::merge_targets(state, scope, &branch).await?;
    Ok(ManagePage {
        ctx,
        rename: rename.unwrap_or_else(|| NewUnitDraft {
            name_ar: branch.name_ar.clone(),
            name_fr: branch.name_fr.clone(),
            country_code: String::new(),
        }),
        branch,
        targets,
        close,
        errors,
        today: state.clock.today(),
    })
}

/// `GET /territory/{code}/manage`: rename, close or merge an open branch.
pub async fn manage(
    State(state): State<AppState>,
    ctx: PageCtx,
    Authorized { scope, .. }: Authorized,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let close = CloseDraft {
        members: "lapse".into(),
        ..CloseDraft::default()
    };
    render(&manage_page(&state, ctx, &scope, &code, None, close, FormErrors::default()).await?)
}

/// `POST /territory/{code}/rename`
pub async fn rename(
    State(state): State<AppState>,
    ctx: PageCtx,
    permit: Authorized,
    Path(code): Path<String>,
    Form(draft): Form<NewUnitDraft>,
) -> AppResult<Response> {
    match life::rename(&state, &permit, &code, &draft).await {
        Ok(branch) => Ok(see_other(&format!("/territory/{}", branch.code))),
        Err(AppError::Invalid(errors)) => {
            let close = CloseDraft {
                members: "lapse".into(),
                ..CloseDraft::default()
            };
            let page = manage_page(
                &state,
                ctx,
                &permit.scope,
                &code,
                Some(draft),
                close,
                FormErrors(errors),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `POST /territory/{code}/close`: closed, or merged into another branch.
pub async fn close(
    State(state): State<AppState>,
    ctx: PageCtx,
    permit: Authorized,
    Path(code): Path<String>,
    Form(draft): Form<CloseDraft>,
) -> AppResult<Response> {
    match life::close(&state, &permit, &code, &draft).await {
        Ok(closed) => Ok(see_other(&format!("/territory/{}", closed.branch.code))),
        Err(AppError::Invalid(errors)) => {
            let page =
                manage_page(&state, ctx, &permit.scope, &code, None, draft, FormErrors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
