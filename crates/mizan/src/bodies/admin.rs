//! The administration of the organs (`/body-types`): each type's pace and quorum rule, a new type
//! with its seats (a form of a few seat rows, no JavaScript), a type retired (never deleted: its
//! bodies keep their history; no new unit gets one) or brought back, and the national themes of
//! meetings added, retired or brought back. Every change is audited.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::actions;
use super::model::{BodyType, Theme};
use super::types::{self, BodyTypeDraft, LEVELS, SeatDraft};
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::auth::Action;
use crate::error::{AppError, AppResult, FieldError};
use crate::http::{Form, RequestCtx};
use crate::organizations::Organization;
use crate::ui::{FormErrors, PageCtx, render, see_other};

/// Seat rows the new type's form offers (rows left empty are ignored).
pub const SEAT_ROWS: usize = 6;

#[derive(Template)]
#[template(path = "bodies/types.html")]
struct TypesPage {
    ctx: PageCtx,
    types: Vec<BodyType>,
    themes: Vec<(Theme, bool)>,
    organizations: Vec<Organization>,
    can_configure: bool,
    errors: FormErrors,
    /// The form the errors are about: a type's code, `new`, or `theme`.
    failed: String,
    /// The new type's form as typed.
    draft: NewTypeForm,
}

impl TypesPage {
    fn levels(&self) -> [&'static str; 5] {
        LEVELS
    }

    /// Whether a choice is the one typed (for `selected`).
    fn same(&self, typed: &str, choice: &str) -> bool {
        typed == choice
    }

    fn seat_rows(&self) -> std::ops::Range<usize> {
        0..SEAT_ROWS
    }

    /// A field of the new type's form, as typed.
    fn typed(&self, field: &str) -> &str {
        self.draft.0.get(field).map_or("", String::as_str)
    }

    fn typed_seat(&self, field: &str, row: &usize) -> &str {
        self.typed(&format!("seat_{field}_{row}"))
    }

    fn seat_error(&self, field: &str, row: &usize) -> Option<String> {
        let key = format!("seats.{row}.{field}");
        self.errors.get(&key).map(|code| self.ctx.t(code))
    }
}

/// The new type's form, field by field (`seat_ar_0`, `seat_fr_0`, `seat_single_0`…).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct NewTypeForm(pub HashMap<String, String>);

impl NewTypeForm {
    fn field(&self, name: &str) -> String {
        self.0.get(name).map(|v| v.trim().to_owned()).unwrap_or_default()
    }

    /// The draft the API takes; the seat rows left empty dropped, the others numbered as typed.
    fn draft(&self) -> (BodyTypeDraft, Vec<usize>) {
        let mut rows = Vec::new();
        let seats = (0..SEAT_ROWS)
            .filter(|i| {
                ["ar", "fr", "en"]
                    .iter()
                    .any(|f| !self.field(&format!("seat_{f}_{i}")).is_empty())
            })
            .map(|i| {
                rows.push(i);
                SeatDraft {
                    code: String::new(),
                    name_ar: self.field(&format!("seat_ar_{i}")),
                    name_fr: self.field(&format!("seat_fr_{i}")),
                    name_en: self.field(&format!("seat_en_{i}")),
                    single_seat: self.0.contains_key(&format!("seat_single_{i}")),
                }
            })
            .collect();
        let draft = BodyTypeDraft {
            code: self.field("code"),
            organization: self.field("organization"),
            name_ar: self.field("name_ar"),
            name_fr: self.field("name_fr"),
            name_en: self.field("name_en"),
            level: self.field("level"),
            meetings_per_year: self.field("meetings_per_year").parse().unwrap_or(0),
            quorum_rule: self.field("quorum_rule"),
            quorum_share: self.field("quorum_share"),
            seats,
        };
        (draft, rows)
    }
}

async fn types_page(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    errors: FormErrors,
    failed: String,
    draft: NewTypeForm,
) -> AppResult<TypesPage> {
    Ok(TypesPage {
        ctx,
        types: super::types::store::body_types(&state.db).await?,
        themes: super::types::store::all_themes(&state.db).await?,
        organizations: crate::organizations::all(&state.db).await?,
        can_configure: req.caller.authorize(Action::ConfigureStructure).is_ok(),
        errors,
        failed,
        draft,
    })
}

async fn refused(
    state: &AppState,
    ctx: PageCtx,
    req: &RequestCtx,
    errors: Vec<FieldError>,
    failed: &str,
    draft: NewTypeForm,
) -> AppResult<Response> {
    let page = types_page(state, ctx, req, FormErrors(errors), failed.to_owned(), draft).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// `GET /body-types`
pub async fn types(State(state): State<AppState>, ctx: PageCtx, req: RequestCtx) -> AppResult<Response> {
    let page = types_page(
        &state,
        ctx,
        &req,
        FormErrors::default(),
        String::new(),
        NewTypeForm::default(),
    )
    .await?;
    render(&page)
}

/// `POST /body-types`: a new type with its seats; its bodies made at once.
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Form(form): Form<NewTypeForm>,
) -> AppResult<Response> {
    let (draft, rows) = form.draft();
    match types::create(&state, &req.actor(), &draft).await {
        Ok(created) => Ok(see_other(&format!("/body-types#type-{}", created.body_type.code))),
        Err(AppError::Invalid(errors)) => {
            // Seat errors name the seat's place among those filled: say them on the typed row.
            let errors = errors
                .into_iter()
                .map(|mut e| {
                    if let Some(rest) = e.field.strip_prefix("seats.")
                        && let Some((n, field)) = rest.split_once('.')
                        && let Some(row) = n.parse::<usize>().ok().and_then(|n| rows.get(n))
                    {
                        e.field = format!("seats.{row}.{field}");
                    }
                    e
                })
                .collect();
            refused(&state, ctx, &req, errors, "new", form).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct RulesForm {
    /// `rules` (the default), `retire` or `restore`.
    #[serde(default, rename = "do")]
    what: String,
    #[serde(default)]
    meetings_per_year: String,
    #[serde(default)]
    quorum_rule: String,
    #[serde(default)]
    share: String,
}

/// `POST /body-types/{code}`: its pace and quorum rule; or `do=retire` / `do=restore`.
pub async fn change(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Path(code): Path<String>,
    Form(form): Form<RulesForm>,
) -> AppResult<Response> {
    let done = match form.what.as_str() {
        "retire" | "restore" => retire(&state, &req.actor(), &code, form.what == "retire").await,
        _ => actions::change_rules(
            &state,
            &req.actor(),
            &code,
            &form.meetings_per_year,
            &form.quorum_rule,
            &form.share,
        )
        .await
        .map(|_| ()),
    };
    match done {
        Ok(()) => Ok(see_other(&format!("/body-types#type-{code}"))),
        Err(AppError::Invalid(errors)) => {
            refused(&state, ctx, &req, errors, &code, NewTypeForm::default()).await
        }
        Err(e) => Err(e),
    }
}

/// Retires a body type (or brings it back), audited.
pub async fn retire(state: &AppState, actor: &Actor, code: &str, retired: bool) -> AppResult<()> {
    let today = state.clock.today();
    let mut tx = state.db.begin().await?;
    if !super::types::store::set_type_retired(&mut tx, code, retired.then_some(today)).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &state.key,
        state.clock.now(),
        actor,
        Event {
            action: if retired {
                "body_type.retire"
            } else {
                "body_type.restore"
            },
            target_kind: "body_type",
            target_id: code,
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ThemeForm {
    #[serde(default)]
    pub name_ar: String,
    #[serde(default)]
    pub name_fr: String,
    #[serde(default)]
    pub name_en: String,
}

/// `POST /meeting-themes`: a national theme meetings may be asked to discuss.
pub async fn add_theme(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Form(form): Form<ThemeForm>,
) -> AppResult<Response> {
    let mut errors = Vec::new();
    let name_ar = types::name(
        &mut errors,
        "theme_ar",
        &form.name_ar,
        true,
        types::arabic,
        "field-arabic-script",
    );
    let name_fr = types::name(
        &mut errors,
        "theme_fr",
        &form.name_fr,
        true,
        types::latin,
        "field-latin-script",
    );
    let name_en = types::name(
        &mut errors,
        "theme_en",
        &form.name_en,
        false,
        types::latin,
        "field-latin-script",
    );
    let code = types::code_of(&name_fr);
    let taken = super::types::store::all_themes(&state.db).await?;
    if errors.is_empty() && (!types::valid_code(&code) || taken.iter().any(|(t, _)| t.code == code)) {
        errors.push(FieldError::new("theme_fr", "theme-name-taken"));
    }
    if !errors.is_empty() {
        return refused(&state, ctx, &req, errors, "theme", NewTypeForm::default()).await;
    }
    let theme = Theme {
        id: 0,
        code,
        name_en: if name_en.is_empty() {
            name_fr.clone()
        } else {
            name_en
        },
        name_ar,
        name_fr,
    };
    let mut tx = state.db.begin().await?;
    super::types::store::insert_theme(&mut tx, &theme).await?;
    audit::record(
        &mut tx,
        &state.key,
        state.clock.now(),
        &req.actor(),
        Event {
            action: "theme.create",
            target_kind: "theme",
            target_id: &theme.code,
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other("/body-types#themes"))
}

#[derive(Deserialize)]
pub struct ThemeChange {
    /// `retire` or `restore`.
    #[serde(default, rename = "do")]
    what: String,
}

/// `POST /meeting-themes/{code}`: a theme offered no more (`do=retire`), or again (`restore`).
pub async fn change_theme(
    State(state): State<AppState>,
    req: RequestCtx,
    Path(code): Path<String>,
    Form(form): Form<ThemeChange>,
) -> AppResult<Response> {
    let active = match form.what.as_str() {
        "retire" => false,
        "restore" => true,
        _ => return Err(AppError::invalid("do", "field-unknown-choice")),
    };
    let mut tx = state.db.begin().await?;
    if !super::types::store::set_theme_active(&mut tx, &code, active).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &state.key,
        state.clock.now(),
        &req.actor(),
        Event {
            action: if active { "theme.restore" } else { "theme.retire" },
            target_kind: "theme",
            target_id: &code,
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(see_other("/body-types#themes"))
}
