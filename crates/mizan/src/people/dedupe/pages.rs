//! Pages of dedupe: the pairs that may be one person, and the merge screen that shows both side
//! by side and lets the caller choose field by field.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{self as dedupe, Candidate, FIELDS, Likeness};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::people::actions::PersonFile;
use crate::ui::{FormErrors, PageCtx, render, see_other};

const PAGE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    pub page: Option<i64>,
}

#[derive(Template)]
#[template(path = "people/duplicates.html")]
struct DuplicatesPage {
    ctx: PageCtx,
    pairs: Vec<Candidate>,
    page: i64,
    more: bool,
    /// The list to download (`ui/exports.html`).
    exports: Vec<(&'static str, String)>,
}

impl DuplicatesPage {
    fn why(&self, likeness: &Likeness) -> &'static str {
        match likeness {
            Likeness::SameCin => "dedupe-same-cin",
            Likeness::SamePhone => "dedupe-same-phone",
            Likeness::SimilarNames => "dedupe-similar-names",
        }
    }
}

/// Pairs in a download: at most this many (the list is worked through on screen, a page at a time).
const EXPORTED_PAIRS: i64 = 10_000;

#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    pub format: Option<String>,
}

/// `GET /people/duplicates/export`: the pairs (names, commune, why), for Excel; audited.
pub async fn export(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { reaches, .. }: Authorized,
    Query(query): Query<ExportQuery>,
) -> AppResult<Response> {
    let xlsx = crate::bodies::exports::wants_xlsx(query.format.as_deref())?;
    let pairs = dedupe::candidates(&state.db, &reaches, EXPORTED_PAIRS, 0).await?;
    let shown = DuplicatesPage {
        ctx: ctx.clone(),
        pairs: Vec::new(),
        page: 1,
        more: false,
        exports: Vec::new(),
    };
    let place = |p: &crate::people::search::PersonSummary| {
        let ar = p.residence_ar.as_deref().unwrap_or("");
        let fr = p.residence_fr.as_deref().unwrap_or("");
        ctx.pick(ar, fr, fr).to_owned()
    };
    let table = crate::export::Table {
        headers: [
            "dedupe-first",
            "export-col-other-script",
            "export-col-territory",
            "dedupe-second",
            "export-col-other-script",
            "export-col-territory",
            "dedupe-why",
        ]
        .iter()
        .map(|k| ctx.t(k))
        .collect(),
        rows: pairs
            .iter()
            .map(|p| {
                vec![
                    p.first.name(ctx.locale),
                    p.first.other_name(ctx.locale),
                    place(&p.first),
                    p.second.name(ctx.locale),
                    p.second.other_name(ctx.locale),
                    place(&p.second),
                    ctx.t(shown.why(&p.likeness)),
                ]
            })
            .collect(),
        numbers: Vec::new(),
    };
    crate::export::deliver(
        &state,
        &req,
        crate::export::Export {
            table,
            xlsx,
            sheet: &ctx.t("export-list-duplicates"),
            stem: "mizan-duplicates",
            action: "people.duplicates_export",
            target_kind: "people",
            target_id: "",
            details: serde_json::json!({}),
        },
    )
    .await
}

/// `GET /people/duplicates`
pub async fn duplicates(
    State(state): State<AppState>,
    ctx: PageCtx,
    Authorized { reaches, .. }: Authorized,
    Query(query): Query<PageQuery>,
) -> AppResult<Response> {
    let page = query.page.unwrap_or(1).clamp(1, 10_000);
    let mut pairs = dedupe::candidates(&state.db, &reaches, PAGE + 1, (page - 1) * PAGE).await?;
    let more = pairs.len() as i64 > PAGE;
    pairs.truncate(PAGE as usize);
    render(&DuplicatesPage {
        ctx,
        pairs,
        page,
        more,
        exports: vec![("export-list-duplicates", "/people/duplicates/export?".to_owned())],
    })
}

#[derive(Template)]
#[template(path = "people/merge.html")]
struct MergePage {
    ctx: PageCtx,
    keep: PersonFile,
    other: PersonFile,
    errors: FormErrors,
}

impl MergePage {
    fn fields(&self) -> [&'static str; 14] {
        FIELDS
    }

    fn label(&self, field: &str) -> String {
        self.ctx.t(&format!("dedupe-field-{}", field.replace('_', "-")))
    }

    /// A field as the screen shows it (the CIN masked: choosing it does not need seeing it).
    fn shown(&self, person: &PersonFile, field: &str) -> String {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        match field {
            "family_ar" => s(&person.family_ar),
            "given_ar" => s(&person.given_ar),
            "family_latin" => s(&person.family_latin),
            "given_latin" => s(&person.given_latin),
            "sex" => person
                .sex
                .as_deref()
                .map(|x| self.ctx.t(&format!("sex-{x}")))
                .unwrap_or_default(),
            "birth_date" => person.birth_date.map(|d| self.ctx.date(&d)).unwrap_or_default(),
            "cin" => s(&person.cin_masked),
            "phone" => s(&person.phone),
            "email" => s(&person.email),
            "residence" => person
                .residence
                .as_ref()
                .map(|u| self.ctx.name(u).to_owned())
                .unwrap_or_default(),
            "profession" => s(&person.profession),
            "education" => s(&person.education),
            "address" => s(&person.address),
            "notes" => s(&person.notes),
            _ => String::new(),
        }
    }

    /// Take the other record's value by default only where the kept one has none.
    fn prefers_other(&self, field: &str) -> bool {
        self.shown(&self.keep, field).is_empty() && !self.shown(&self.other, field).is_empty()
    }
}

/// `GET /people/{uid}/merge/{other}`: both records side by side (each opening audited).
pub async fn compare(
    State(state): State<AppState>,
    ctx: PageCtx,
    permit: Authorized,
    Path((keep, other)): Path<(String, String)>,
) -> AppResult<Response> {
    let (keep, other) = dedupe::compare(&state, &permit, &keep, &other).await?;
    render(&MergePage {
        ctx,
        keep,
        other,
        errors: FormErrors::default(),
    })
}

/// `POST /people/{uid}/merge/{other}`: `take_<field>=other` for each field taken from the other
/// record.
pub async fn merge(
    State(state): State<AppState>,
    ctx: PageCtx,
    permit: Authorized,
    Path((keep, other)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let from_other: Vec<String> = form
        .iter()
        .filter(|(k, v)| k.starts_with("take_") && v == "other")
        .map(|(k, _)| k.trim_start_matches("take_").to_owned())
        .collect();
    match dedupe::merge(&state, &permit, &keep, &other, &from_other).await {
        Ok(()) => Ok(see_other(&format!("/people/{keep}"))),
        Err(AppError::Invalid(errors)) => {
            let (keep, other) = dedupe::compare(&state, &permit, &keep, &other).await?;
            let page = MergePage {
                ctx,
                keep,
                other,
                errors: FormErrors(errors),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
