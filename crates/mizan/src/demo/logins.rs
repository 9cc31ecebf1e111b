//! One login per role, with fixed user names that scripts can rely on.

use super::branches::Branch;
use crate::app::AppState;
use crate::audit::Actor;
use crate::auth::actions::{self, NewGrant, Username};
use crate::auth::{Role, store};
use crate::organizations::Organization;

#[derive(Debug, Clone)]
pub struct Login {
    pub username: String,
    pub password: String,
    pub role: Role,
    /// A unit code, or `all`.
    pub scope: String,
}

/// Creates the demo logins. They may sign in with the password at once (no forced change: this is
/// a demonstration store); without a chosen password each gets a random one, printed once.
pub async fn create(
    state: &AppState,
    orgs: &[Organization],
    branches: &[Branch],
    password: Option<&str>,
) -> anyhow::Result<Vec<Login>> {
    let youth = orgs.iter().find(|o| o.code == "youth").map(|o| o.id);
    let rural_taounate = branches
        .iter()
        .find(|b| b.rural && b.province == "03.531")
        .map(|b| b.unit.code.clone())
        .ok_or_else(|| anyhow::anyhow!("no rural branch in Taounate"))?;
    // (user name, display name, role, scope, organization)
    type Planned<'a> = (&'a str, &'a str, Role, Option<String>, Option<i64>);
    let plan: Vec<Planned> = vec![
        ("admin", "المسؤول الوطني", Role::NationalAdmin, None, None),
        (
            "coord.taza",
            "منسق إقليم تازة",
            Role::Coordinator,
            Some("03.561".to_owned()),
            None,
        ),
        (
            "coord.taounate",
            "منسق إقليم تاونات",
            Role::Coordinator,
            Some("03.531".to_owned()),
            None,
        ),
        (
            "branch.rural",
            "كاتب فرع قروي",
            Role::BranchSecretary,
            Some(rural_taounate),
            None,
        ),
        (
            "youth.officer",
            "مسؤول الشبيبة",
            Role::OrganizationOfficer,
            None,
            youth,
        ),
        ("moderator", "مشرف مقهى السياسات", Role::Moderator, None, None),
        ("viewer", "مطّلع", Role::Viewer, None, None),
    ];
    let mut logins = Vec::new();
    for (name, display, role, scope, organization_id) in plan {
        let username = Username::parse(name).ok_or_else(|| anyhow::anyhow!("bad demo user name {name}"))?;
        if store::user_by_username(&state.db, name).await?.is_some() {
            // `serve` may have created `admin` already: leave it as it is.
            continue;
        }
        let grant = NewGrant {
            role,
            scope_code: scope.clone(),
            organization_id,
        };
        actions::create_user(state, &Actor::cli(), &username, display, &[grant])
            .await
            .map_err(|e| anyhow::anyhow!("demo login {name}: {e}"))?;
        let chosen = match password {
            Some(p) => p.to_owned(),
            None => crate::auth::secret::one_time_password(),
        };
        crate::auth::passwords::set_password(state, &Actor::cli(), name, &chosen)
            .await
            .map_err(|e| anyhow::anyhow!("demo login {name}: {e}"))?;
        logins.push(Login {
            username: name.to_owned(),
            password: chosen,
            role,
            scope: scope.unwrap_or_else(|| "all".to_owned()),
        });
    }
    Ok(logins)
}
