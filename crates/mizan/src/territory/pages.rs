//! Territory pages: the browser that drills country > region > province > commune, and the form
//! that adds a party unit.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};

use super::actions::{self, NewUnitDraft};
use super::model::{Level, Unit, UnitCode};
use crate::app::AppState;
use crate::auth::Action;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::ui::map::{self, MapItem, MapView};
use crate::ui::{FormErrors, PageCtx, render};

#[derive(Template)]
#[template(path = "territory/unit.html")]
struct UnitPage {
    ctx: PageCtx,
    unit: Unit,
    ancestors: Vec<Unit>,
    /// Official units directly below (regions, provinces, cercles, arrondissements…).
    subunits: Vec<Unit>,
    /// For a province or prefecture: all its communes, whatever cercle they sit in.
    communes: Vec<Unit>,
    /// Branches and sections (party units) directly below.
    party_units: Vec<Unit>,
    map: Option<MapView>,
    can_add: bool,
    /// May import a list of branches below this unit.
    can_import_branches: bool,
    /// May rename, close or merge this (open) branch.
    can_manage: bool,
    /// A closed branch: why (and the code of the branch it merged into).
    closing: Option<(Option<String>, Option<String>)>,
    merged_into: Option<Unit>,
    can_add_person: bool,
    /// The bodies sitting at this unit, with their type.
    bodies: Vec<(crate::bodies::Body, crate::bodies::BodyType)>,
    /// The latest renewal campaign covering the unit, and (for a branch) its stage in it.
    renewal: Option<(crate::renewal::Campaign, Option<crate::renewal::Stage>)>,
}

/// The tooltip of a shape: its name, branches and members.
pub fn map_title(ctx: &PageCtx, unit: &Unit) -> String {
    format!(
        "{} — {} · {}",
        unit.name(ctx.locale),
        ctx.tn("figure-branches", unit.branches),
        ctx.tn("figure-members", unit.members.unwrap_or(0))
    )
}

/// Shapes of a region's provinces, each linked when the caller may open it.
fn provinces_map(ctx: &PageCtx, region: &Unit, provinces: &[Unit]) -> Option<MapView> {
    let projected = map::provinces_of(&region.code)?;
    let max = provinces.iter().map(|p| p.branches).max().unwrap_or(0);
    let items = projected
        .shapes
        .iter()
        .map(|shape| {
            let unit = provinces.iter().find(|p| p.code == shape.code);
            MapItem {
                d: &shape.d,
                code: &shape.code,
                href: unit.map(|u| format!("/territory/{}", u.code)),
                title: unit.map_or_else(String::new, |u| map_title(ctx, u)),
                class: unit.map_or("q0", |u| map::bucket(u.branches, max)),
            }
        })
        .collect();
    Some(MapView {
        view_box: &projected.view_box,
        label: ctx.ts("map-provinces-of", "name", region.name(ctx.locale)),
        items,
    })
}

/// `GET /territory/{code}`
pub async fn unit(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    Authorized { scope, .. }: Authorized,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let tree = super::tree::of_request(&state, &req).await?;
    let unit = tree.visible(&code, &scope).ok_or(AppError::NotFound)?.clone();
    let ancestors = tree.ancestors(&unit);
    let (party_units, subunits): (Vec<Unit>, Vec<Unit>) = tree
        .children(&unit.code, &scope)
        .into_iter()
        .partition(|u| !u.official);
    // A province lists all its communes, whatever cercle they sit in; its other sub-units are
    // the cercles (and, for Casablanca, the prefectures of arrondissements).
    let (communes, subunits) = if unit.level == Level::Province {
        let communes = tree.descendants_at(&unit, Level::Commune, &scope);
        let others = subunits
            .into_iter()
            .filter(|u| u.level != Level::Commune)
            .collect();
        (communes, others)
    } else {
        (Vec::new(), subunits)
    };
    let map = if unit.level == Level::Region {
        provinces_map(&ctx, &unit, &subunits)
    } else {
        None
    };
    let can_add = unit.level.party_child().is_some()
        && req
            .caller
            .authorize(Action::ManageUnits)
            .is_ok_and(|s| s.contains(&unit.path));
    let can_import_branches = matches!(
        unit.level,
        Level::Country
            | Level::Region
            | Level::Province
            | Level::Cercle
            | Level::Commune
            | Level::Arrondissement
    ) && req
        .caller
        .authorize(Action::ManageUnits)
        .is_ok_and(|s| s.contains(&unit.path));
    let can_manage = unit.level == Level::Branch
        && unit.kind.as_deref() == Some("branch")
        && unit.closed_on.is_none()
        && req
            .caller
            .authorize(Action::ManageUnits)
            .is_ok_and(|s| s.contains(&unit.path));
    let closing = if unit.closed_on.is_some() {
        super::branches::store::closing(&state.db, &unit.code).await?
    } else {
        None
    };
    let merged_into = closing
        .as_ref()
        .and_then(|(_, into)| tree.visible(into.as_deref()?, &scope))
        .cloned();
    let can_add_person = matches!(
        unit.level,
        Level::Commune | Level::Arrondissement | Level::AbroadCity | Level::Branch
    ) && unit.closed_on.is_none()
        && req
            .caller
            .authorize(Action::EditPeople)
            .is_ok_and(|s| s.contains(&unit.path));
    let bodies = crate::bodies::organs::of_request(&state, &req)
        .await?
        .at(&unit.code);
    let renewal = crate::renewal::current::latest_for(&state, &req, &unit).await?;
    render(&UnitPage {
        ctx,
        bodies,
        renewal,
        can_add_person,
        unit,
        ancestors,
        subunits,
        communes,
        party_units,
        map,
        can_add,
        can_import_branches,
        can_manage,
        closing,
        merged_into,
    })
}

#[derive(Template)]
#[template(path = "territory/new_unit.html")]
struct NewUnitPage {
    ctx: PageCtx,
    parent: Unit,
    level: Level,
    title_key: String,
    draft: NewUnitDraft,
    errors: FormErrors,
}

/// Names proposed for a new branch: "فرع <commune>" / "Section <commune>".
fn proposed_draft(ctx: &PageCtx, parent: &Unit, level: Level) -> NewUnitDraft {
    if level != Level::Branch {
        return NewUnitDraft::default();
    }
    NewUnitDraft {
        name_ar: format!("فرع {}", parent.name_ar),
        name_fr: format!(
            "{} {}",
            ctx.i18n.t(crate::i18n::Locale::Fr, "branch-prefix"),
            parent.name_fr
        ),
        country_code: String::new(),
    }
}

fn new_unit_title(level: Level) -> String {
    format!("new-unit-title-{}", level.code().replace('_', "-"))
}

/// `GET /territory/{code}/new`
pub async fn new_unit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Authorized { scope, .. }: Authorized,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let code = UnitCode::parse(&code).ok_or(AppError::NotFound)?;
    let (parent, level) = actions::parent_for_new_unit(&state, &scope, code.as_str()).await?;
    let draft = proposed_draft(&ctx, &parent, level);
    render(&NewUnitPage {
        ctx,
        parent,
        title_key: new_unit_title(level),
        level,
        draft,
        errors: FormErrors::default(),
    })
}

/// `POST /territory/{code}/new`
pub async fn create_unit(
    State(state): State<AppState>,
    ctx: PageCtx,
    permit: Authorized,
    Path(code): Path<String>,
    Form(draft): Form<NewUnitDraft>,
) -> AppResult<Response> {
    let code = UnitCode::parse(&code).ok_or(AppError::NotFound)?;
    match actions::create_party_unit(&state, &permit, code.as_str(), &draft).await {
        Ok(unit) => Ok((
            StatusCode::SEE_OTHER,
            [(LOCATION, format!("/territory/{}", unit.code))],
        )
            .into_response()),
        Err(AppError::Invalid(errors)) => {
            let (parent, level) = actions::parent_for_new_unit(&state, &permit.scope, code.as_str()).await?;
            let page = NewUnitPage {
                ctx,
                parent,
                title_key: new_unit_title(level),
                level,
                draft,
                errors: FormErrors(errors),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
