//! The registry's list as a file for Excel (`/people.csv`, `/people.xlsx`): the same filters as the
//! page, contact columns only for those who edit people, at most a bounded number of rows; audited.

use axum::extract::{Query, State};
use axum::response::Response;

use super::pages::{ListQuery, filters_of};
use super::search;
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, RequestCtx};

/// Rows one export may hold; beyond, the filters must narrow it.
const EXPORT_LIMIT: i64 = 100_000;

/// `GET /people.csv`: the list as filtered, for Excel.
pub async fn export_csv(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, reaches, .. }: Authorized,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    export(&state, &req, &scope, &reaches, &query, false).await
}

/// `GET /people.xlsx`: the same, as a workbook (right to left for Arabic readers).
pub async fn export_xlsx(
    State(state): State<AppState>,
    req: RequestCtx,
    Authorized { scope, reaches, .. }: Authorized,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    export(&state, &req, &scope, &reaches, &query, true).await
}

/// The people of the list, within the caller's reach. Contacts (phone, e-mail) only for callers
/// who may also edit these same people; the CIN never (it is revealed one person at a time, for a
/// reason). Every export is audited with its filters and its size.
async fn export(
    state: &AppState,
    req: &RequestCtx,
    scope: &crate::auth::Scope,
    reaches: &[crate::auth::Reach],
    query: &ListQuery,
    xlsx: bool,
) -> AppResult<Response> {
    let contacts = req
        .permit(crate::auth::Action::EditPeople)
        .is_ok_and(|p| p.reaches == reaches);
    let (mut filters, _, _) = filters_of(state, scope, query).await?;
    filters.with_contacts = contacts;
    let people = search::search(&state.db, &state.key, reaches, &filters, EXPORT_LIMIT + 1, 0).await?;
    if people.len() as i64 > EXPORT_LIMIT {
        return Err(AppError::Conflict("export_too_large"));
    }
    let locale = req.locale;
    let t = |key: &str| state.i18n.t_plain(locale, key, &[]);
    let mut headers: Vec<String> = [
        "field-family-ar",
        "field-given-ar",
        "field-family-latin",
        "field-given-latin",
        "people-sex",
        "people-birth-year",
        "people-residence",
    ]
    .iter()
    .map(|k| t(k))
    .collect();
    if contacts {
        headers.extend([t("people-phone"), t("people-email")]);
    }
    headers.push(t("people-export-id"));
    let key = &state.key;
    let open = |column: &str, uid: &str, sealed: &Option<Vec<u8>>| {
        sealed
            .as_deref()
            .and_then(|s| key.open_text(&super::model::seal_context(column, uid), s))
            .unwrap_or_default()
    };
    let rows = people
        .iter()
        .map(|p| {
            let residence = match locale {
                crate::i18n::Locale::Ar => p.residence_ar.clone(),
                _ => p.residence_fr.clone(),
            };
            let mut row = vec![
                p.family_ar.clone().unwrap_or_default(),
                p.given_ar.clone().unwrap_or_default(),
                p.family_latin.clone().unwrap_or_default(),
                p.given_latin.clone().unwrap_or_default(),
                p.sex
                    .as_deref()
                    .map(|s| t(&format!("sex-{s}")))
                    .unwrap_or_default(),
                p.birth_year.map(|y| y.to_string()).unwrap_or_default(),
                residence.unwrap_or_default(),
            ];
            if contacts {
                row.push(open("phone", &p.uid, &p.phone_sealed));
                row.push(open("email", &p.uid, &p.email_sealed));
            }
            row.push(p.uid.clone());
            row
        })
        .collect();
    let table = crate::export::Table {
        headers,
        rows,
        numbers: Vec::new(),
    };
    let sheet = t("nav-people");
    crate::export::deliver(
        state,
        req,
        crate::export::Export {
            table,
            xlsx,
            sheet: &sheet,
            stem: "mizan-people",
            action: "people.export",
            target_kind: "people",
            target_id: query.place.trim(),
            details: serde_json::json!({
                "contacts": contacts,
                "q": filters.query.as_deref().map(search::query_shape),
                "organization": filters.organization,
                "status": filters.status,
                "sex": filters.sex,
                "born_between": filters.born_between,
            }),
        },
    )
    .await
}
