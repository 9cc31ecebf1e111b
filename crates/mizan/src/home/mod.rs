//! The home page: for a visitor, what Mizan is and the map; for a signed-in user, what they come to
//! do (their tasks, by role and place: record an activity or a meeting, the renewal, their members;
//! for a coordinator the figures and what is overdue), their territory at a glance, and, for a
//! national or regional scope, the regions map coloured by party branches. Everything it reads is
//! in memory (the map, the bodies, the campaigns).

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::app::AppState;
use crate::auth::{Action, Scope};
use crate::error::AppResult;
use crate::http::{Authorized, RequestCtx};
use crate::territory::model::{ABROAD, COUNTRY};
use crate::territory::pages::map_title;
use crate::territory::{Level, Unit, tree};
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
    tasks: Vec<Task>,
}

/// One thing the caller comes to do, as a link.
struct Task {
    label: String,
    href: String,
    primary: bool,
}

/// What the caller's roles let them do at each of their places, most frequent first: at a branch
/// or a commune, record an activity and its bodies' meetings, its renewal, its members; above,
/// the figures of the place and the lists of what waits (activities to verify, overdue renewals).
async fn tasks(state: &AppState, ctx: &PageCtx, req: &RequestCtx, places: &[Unit]) -> AppResult<Vec<Task>> {
    // What a role allows there: a national viewer who is also a branch's secretary records at
    // the branch, not for the country.
    let may_at = |action, unit: &Unit| {
        req.caller
            .authorize(action)
            .is_ok_and(|scope| scope.contains(&unit.path))
    };
    let organs = crate::bodies::organs::of_request(state, req).await?;
    let mut tasks = Vec::new();
    for unit in places {
        let may = |action| may_at(action, unit);
        let local = matches!(unit.level, Level::Branch | Level::Commune | Level::Arrondissement);
        let name = ctx.name(unit);
        let at = |key: &str| ctx.ts(key, "place", name);
        if local && may(Action::RecordActivities) {
            tasks.push(Task {
                label: at("home-task-activity"),
                href: format!("/territory/{}/activities/new", unit.code),
                primary: true,
            });
        }
        if local && may(Action::RecordMeetings) {
            for (body, kind) in organs.at(&unit.code) {
                tasks.push(Task {
                    label: ctx.ts("home-task-meeting", "body", kind.name(ctx.locale)),
                    href: format!("/bodies/{}/meetings/new", body.id),
                    primary: true,
                });
            }
        }
        let campaign = crate::renewal::current::campaign_for(state, req, unit).await?;
        if let Some(campaign) = &campaign {
            tasks.push(if unit.level == Level::Branch {
                Task {
                    label: at("home-task-renewal-branch"),
                    href: format!("/renewal/{}/{}", campaign.code, unit.code),
                    primary: false,
                }
            } else {
                Task {
                    label: at("home-task-renewal-overdue"),
                    href: format!(
                        "/renewal/{}?territory={}&show=overdue#branches",
                        campaign.code, unit.code
                    ),
                    primary: false,
                }
            });
        }
        if !local && may(Action::VerifyActivities) {
            tasks.push(Task {
                label: at("home-task-verify"),
                href: format!("/activities?territory={}&status=done", unit.code),
                primary: false,
            });
        }
        if !local && organs.has_types() {
            tasks.push(Task {
                label: at("home-task-meeting-rate"),
                href: format!("/figures/meeting-rate?territory={}", unit.code),
                primary: false,
            });
        }
        if may(Action::ViewPeople) && unit.level != Level::Country {
            tasks.push(Task {
                label: at("home-task-members"),
                href: format!("/people?place={}", unit.code),
                primary: false,
            });
        }
    }
    Ok(tasks)
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

/// The places of the caller's grants, the most local first (a branch before its province before
/// the country): the tasks of each.
fn grant_places(req: &RequestCtx, tree: &tree::Tree) -> Vec<Unit> {
    let mut codes: Vec<&str> = Vec::new();
    for grant in req.caller.user().map(|u| u.grants.as_slice()).unwrap_or_default() {
        match grant.scope_code.as_deref() {
            Some(code) => codes.push(code),
            None => codes.extend([COUNTRY, ABROAD]),
        }
    }
    codes.sort_unstable();
    codes.dedup();
    let mut places = tree.by_codes(&codes);
    places.sort_by_key(|u| std::cmp::Reverse(u.path.len()));
    places
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
            tasks: Vec::new(),
        });
    };
    let codes = root_codes(&scope);
    let roots = tree.by_codes(&codes.iter().map(String::as_str).collect::<Vec<_>>());
    let tasks = tasks(&state, &ctx, &req, &grant_places(&req, &tree)).await?;
    // The regions' map and table, for those whose places are regions or the whole country.
    let wide = roots
        .iter()
        .any(|r| matches!(r.level, Level::Country | Level::Region));
    let regions = if wide {
        tree.children(COUNTRY, &scope)
    } else {
        Vec::new()
    };
    let map = regions_map(&ctx, &regions, true);
    render(&HomePage {
        ctx,
        signed_in: true,
        map,
        roots,
        regions,
        tasks,
    })
}
