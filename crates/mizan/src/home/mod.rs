//! The home page: for a visitor, what Mizan is and the map; for a signed-in user, their territory
//! at a glance: the regions map coloured by party branches, and the figures of their scope.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::app::AppState;
use crate::auth::{Action, Scope};
use crate::error::AppResult;
use crate::http::{Authorized, RequestCtx};
use crate::territory::model::{ABROAD, COUNTRY};
use crate::territory::pages::map_title;
use crate::territory::{Unit, tree};
use crate::ui::map::{self, MapItem, MapView};
use crate::ui::{PageCtx, render, see_other};

#[derive(Template)]
#[template(path = "home/home.html")]
struct HomePage {
    ctx: PageCtx,
    signed_in: bool,
    map: MapView,
    /// The units the caller's roles cover (or the country, for a national scope).
    roots: Vec<Unit>,
    regions: Vec<Unit>,
}

fn regions_map(ctx: &PageCtx, regions: &[Unit], linked: bool) -> MapView {
    let projected = map::regions();
    let max = regions.iter().map(|r| r.branches).max().unwrap_or(0);
    let items = projected
        .shapes
        .iter()
        .map(|shape| {
            let region = regions.iter().find(|r| r.code == shape.code);
            MapItem {
                d: &shape.d,
                code: &shape.code,
                href: region
                    .filter(|_| linked)
                    .map(|r| format!("/territory/{}", r.code)),
                title: region.map_or_else(String::new, |r| {
                    if linked {
                        map_title(ctx, r)
                    } else {
                        r.name(ctx.locale).to_owned()
                    }
                }),
                class: region
                    .filter(|_| linked)
                    .map_or("q0", |r| map::bucket(r.branches, max)),
            }
        })
        .collect();
    MapView {
        view_box: &projected.view_box,
        label: ctx.t("map-regions"),
        items,
    }
}

/// The codes at the top of a scope: the country (and sections abroad) for a national scope.
fn root_codes(scope: &Scope) -> Vec<String> {
    match scope {
        Scope::Everywhere => vec![COUNTRY.to_owned(), ABROAD.to_owned()],
        Scope::Within(paths) => paths
            .iter()
            .filter_map(|p| p.trim_end_matches('/').rsplit('/').next().map(str::to_owned))
            .collect(),
    }
}

/// `GET /`
pub async fn home(
    State(state): State<AppState>,
    ctx: PageCtx,
    req: RequestCtx,
    authorized: Option<Authorized>,
) -> AppResult<Response> {
    // A fresh installation: until the party is set up, its national administrator starts there.
    if req.caller.authorize(Action::ConfigureStructure).is_ok() && !state.set_up.check(&state.db).await? {
        return Ok(see_other("/setup"));
    }
    let tree = tree::of_request(&state, &req).await?;
    let Some(Authorized { scope, .. }) = authorized else {
        // A visitor sees the public map of the regions (census data only) and the way in.
        let regions = tree.children(COUNTRY, &Scope::Everywhere);
        let map = regions_map(&ctx, &regions, false);
        return render(&HomePage {
            ctx,
            signed_in: false,
            map,
            roots: Vec::new(),
            regions: Vec::new(),
        });
    };
    let regions = tree.children(COUNTRY, &scope);
    let codes = root_codes(&scope);
    let roots = tree.by_codes(&codes.iter().map(String::as_str).collect::<Vec<_>>());
    let map = regions_map(&ctx, &regions, true);
    render(&HomePage {
        ctx,
        signed_in: true,
        map,
        roots,
        regions,
    })
}
