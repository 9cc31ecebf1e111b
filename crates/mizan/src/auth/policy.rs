//! Who may do what, where: the one authorization gate.
//!
//! Every route declares the [`Action`] it performs (`router/`). The gate (`http::gate`) asks the
//! caller for a [`Scope`] for that action before the handler runs: anonymous callers get 401,
//! callers whose roles never allow it get 403. The handler then passes the scope to the store,
//! which filters in SQL, so a record outside the caller's territory is simply not found (404).

use crate::error::AppError;
use crate::store::SqlArgs;

use super::Role;
use super::caller::{Caller, Grant};
use crate::audit::Actor;

/// The things a route can do. Add one here, then say in [`Role::allows`] who may do it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Territory pages and aggregate figures.
    ViewTerritory,
    /// Create party units: branches, sections abroad.
    ManageUnits,
    /// Open a person's record.
    ViewPeople,
    /// Add and correct people and memberships.
    EditPeople,
    /// Record meetings with their attendance, decisions, and give or end mandates.
    RecordMeetings,
    /// Record volunteer activities and their counted beneficiaries.
    RecordActivities,
    /// Verify or reject activities (a coordinator above the organizer).
    VerifyActivities,
    /// Validate a branch's renewal (the province's coordinator, or national).
    ValidateRenewal,
    /// Watch a Policy Café session's queue and moderate it (events in the moderator's territory).
    ModerateCafe,
    /// Open Policy Café sessions, seat their panel.
    OrganizeCafe,
    /// Configure body types (expected pace of meetings, quorum rule).
    ConfigureStructure,
    /// Invite users, grant and revoke roles, disable, reset (within `auth::users::bounds`).
    ManageUsers,
    /// Read the audit log.
    ViewAudit,
    /// Prometheus metrics (also open to localhost).
    ViewMetrics,
    /// The caller's own account: password, language, tokens.
    OwnAccount,
}

impl Role {
    /// The permission matrix, in one place, as an allow-list: what each role may do. A role may
    /// do nothing that is not listed here (a new role, or a new action, starts with nothing).
    pub fn actions(self) -> &'static [Action] {
        use Action::*;
        match self {
            Role::NationalAdmin => &[
                ViewTerritory,
                OwnAccount,
                ManageUnits,
                ViewPeople,
                EditPeople,
                RecordMeetings,
                RecordActivities,
                VerifyActivities,
                ValidateRenewal,
                ModerateCafe,
                OrganizeCafe,
                ConfigureStructure,
                ManageUsers,
                ViewAudit,
                ViewMetrics,
            ],
            // A coordinator manages the users of their subtree, for the roles below theirs
            // (`auth::users::bounds`).
            Role::Coordinator => &[
                ViewTerritory,
                OwnAccount,
                ManageUnits,
                ViewPeople,
                EditPeople,
                RecordMeetings,
                RecordActivities,
                VerifyActivities,
                ValidateRenewal,
                ModerateCafe,
                OrganizeCafe,
                ManageUsers,
            ],
            Role::BranchSecretary | Role::DataEntry => &[
                ViewTerritory,
                OwnAccount,
                ViewPeople,
                EditPeople,
                RecordMeetings,
                RecordActivities,
            ],
            Role::OrganizationOfficer => &[
                ViewTerritory,
                OwnAccount,
                ViewPeople,
                EditPeople,
                RecordMeetings,
                RecordActivities,
                ModerateCafe,
                OrganizeCafe,
            ],
            // Aggregates only: never a personal record.
            Role::Viewer => &[ViewTerritory, OwnAccount],
            Role::Moderator => &[ViewTerritory, OwnAccount, ModerateCafe],
            // Its files and reviews come with the electoral network (not yet built): until then,
            // the figures only.
            Role::NominationReviewer => &[ViewTerritory, OwnAccount],
            // Subject access, rectification and erasure requests, and the audit log.
            Role::DataProtectionOfficer => &[ViewTerritory, OwnAccount, ViewPeople, ViewAudit],
        }
    }

    pub fn allows(self, action: Action) -> bool {
        self.actions().contains(&action)
    }
}

/// Where the caller may do an action: everywhere, or inside some subtrees (materialized paths).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Everywhere,
    /// `'/'`-terminated paths, e.g. `/MA/03/03.561/`; empty means nowhere.
    Within(Vec<String>),
}

impl Scope {
    /// Is a unit (by its path) inside the scope?
    pub fn contains(&self, path: &str) -> bool {
        match self {
            Scope::Everywhere => true,
            Scope::Within(roots) => roots.iter().any(|r| path.starts_with(r.as_str())),
        }
    }

    /// May the caller see this unit at all: inside the scope, or above it (for navigation)?
    pub fn sees(&self, path: &str) -> bool {
        match self {
            Scope::Everywhere => true,
            Scope::Within(roots) => roots
                .iter()
                .any(|r| path.starts_with(r.as_str()) || r.starts_with(path)),
        }
    }

    /// SQL condition "the unit whose path is in `column` lies inside the scope".
    ///
    /// "Starts with `/MA/03/03.561/`" is written as the range `>= '/MA/03/03.561/'` and
    /// `< '/MA/03/03.5610'` ('0' follows '/'): both stores answer it from an index on the path
    /// (SQLite would not use one for a LIKE, PostgreSQL only with a special operator class).
    pub fn sql_contains(&self, column: &str, args: &mut SqlArgs) -> String {
        match self {
            Scope::Everywhere => "1 = 1".to_owned(),
            Scope::Within(roots) if roots.is_empty() => "1 = 0".to_owned(),
            Scope::Within(roots) => {
                let parts: Vec<String> = roots.iter().map(|r| subtree(column, r, args)).collect();
                format!("({})", parts.join(" OR "))
            }
        }
    }

    /// SQL condition "the unit in `column` is inside the scope or above it".
    pub fn sql_sees(&self, column: &str, args: &mut SqlArgs) -> String {
        match self {
            Scope::Everywhere => "1 = 1".to_owned(),
            Scope::Within(roots) if roots.is_empty() => "1 = 0".to_owned(),
            Scope::Within(roots) => {
                let mut parts: Vec<String> = roots.iter().map(|r| subtree(column, r, args)).collect();
                let above: Vec<String> = roots
                    .iter()
                    .flat_map(|r| ancestors(r))
                    .map(|a| args.push(a))
                    .collect();
                if !above.is_empty() {
                    parts.push(format!("{column} IN ({})", above.join(", ")));
                }
                format!("({})", parts.join(" OR "))
            }
        }
    }
}

/// `column` lies in the subtree whose path is `root` (a '/'-terminated path).
fn subtree(column: &str, root: &str, args: &mut SqlArgs) -> String {
    let upper = format!("{}0", root.strip_suffix('/').unwrap_or(root));
    let lo = args.push(root);
    let hi = args.push(upper);
    format!("({column} >= {lo} AND {column} < {hi})")
}

/// The paths of the units strictly above `path` (`/MA/03/03.561/` → `/MA/`, `/MA/03/`).
fn ancestors(path: &str) -> Vec<String> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    (1..segments.len())
        .map(|n| format!("/{}/", segments[..n].join("/")))
        .collect()
}

/// One grant's reach for an action: a subtree (None: everywhere) and, for a role given for one
/// organization, that organization. Records of people are filtered by reaches (a youth-wing officer
/// sees the youth wing's members, not the party's); territory pages only by the subtree ([`Scope`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reach {
    pub path: Option<String>,
    pub organization: Option<i64>,
}

impl Reach {
    /// Reaches everything: no subtree and no organization limit.
    pub fn is_unlimited(&self) -> bool {
        self.path.is_none() && self.organization.is_none()
    }

    /// SQL condition "the path in `column` lies in this reach's subtree".
    pub fn sql_territory(&self, column: &str, args: &mut SqlArgs) -> String {
        match &self.path {
            None => "1 = 1".to_owned(),
            Some(root) => subtree(column, root, args),
        }
    }
}

/// SQL condition "a record sitting at the path in `path_column` and belonging to the organization
/// whose id is in `org_column` lies within one of the reaches": in the reach's subtree, and of the
/// reach's organization when the grant names one, else of any organization that is not walled
/// (a walled organization's records are its own roles' alone). No reach at all: nothing.
pub fn sql_holds(reaches: &[Reach], path_column: &str, org_column: &str, args: &mut SqlArgs) -> String {
    if reaches.iter().any(Reach::is_unlimited) {
        return "1 = 1".to_owned();
    }
    if reaches.is_empty() {
        return "1 = 0".to_owned();
    }
    let parts: Vec<String> = reaches
        .iter()
        .map(|reach| {
            let territory = reach.sql_territory(path_column, args);
            let organization = match reach.organization {
                Some(org) => format!("{org_column} = {}", args.push(org)),
                None => format!("{org_column} IN (SELECT id FROM organizations WHERE walled = FALSE)"),
            };
            format!("({territory} AND {organization})")
        })
        .collect();
    format!("({})", parts.join(" OR "))
}

/// What the gate grants for an action, and to whom: the one value every action of a use case
/// takes from its caller. The territory scope, each grant's reach, the grants themselves (the
/// users' administration weighs their roles), and who acts, for the audit log.
#[derive(Clone, Debug)]
pub struct Permit {
    pub scope: Scope,
    pub reaches: Vec<Reach>,
    pub grants: Vec<Grant>,
    pub actor: Actor,
}

impl Permit {
    /// See [`sql_holds`]: the records of an organization at a place that this permit covers.
    pub fn sql_holds(&self, path_column: &str, org_column: &str, args: &mut SqlArgs) -> String {
        sql_holds(&self.reaches, path_column, org_column, args)
    }

    /// Whether a record of `organization` (walled or not) at `path` lies within one of the
    /// reaches: the same rule as [`sql_holds`], for a record already read.
    pub fn holds(&self, path: &str, organization: i64, walled: bool) -> bool {
        self.reaches.iter().any(|r| {
            r.path.as_deref().is_none_or(|root| path.starts_with(root))
                && match r.organization {
                    Some(own) => own == organization,
                    None => r.path.is_none() || !walled,
                }
        })
    }

    /// The part of this permit whose grants also allow `action` (validating a renewal, within a
    /// permit to record it), or None.
    pub fn narrowed(&self, action: Action) -> Option<Permit> {
        let grants = allowing(&self.grants, action)?;
        Some(Permit::of(grants, self.actor.clone()))
    }

    /// The permit these grants give `actor`: their reaches, and the territory those cover.
    fn of(grants: Vec<Grant>, actor: Actor) -> Permit {
        let reaches = reaches_of(&grants);
        Permit {
            scope: scope_of(&reaches),
            reaches,
            grants,
            actor,
        }
    }

    /// The operator at the server's command line (also the demo's and the tests' fixtures): a
    /// national administrator's permit, everywhere.
    pub fn cli() -> Permit {
        Permit::everywhere(Actor::cli())
    }

    /// A national administrator's permit, everywhere, for `actor`.
    pub fn everywhere(actor: Actor) -> Permit {
        Permit {
            scope: Scope::Everywhere,
            reaches: vec![Reach {
                path: None,
                organization: None,
            }],
            grants: vec![Grant {
                role: Role::NationalAdmin,
                scope_code: None,
                scope_path: None,
                organization_id: None,
            }],
            actor,
        }
    }
}

impl Caller {
    /// The scope in which this caller may perform `action`: the gate.
    pub fn authorize(&self, action: Action) -> Result<Scope, AppError> {
        self.allowing(action).map(|grants| scope_of(&reaches_of(&grants)))
    }

    /// The caller's permit for `action`, acting as `actor`: 401 without an account, 403 when no
    /// grant allows it.
    pub fn permit(&self, action: Action, actor: Actor) -> Result<Permit, AppError> {
        Ok(Permit::of(self.allowing(action)?, actor))
    }

    /// The caller's grants that allow `action`: 401 without an account, 403 when none does.
    fn allowing(&self, action: Action) -> Result<Vec<Grant>, AppError> {
        let user = self.user().ok_or(AppError::Unauthenticated)?;
        allowing(&user.grants, action).ok_or(AppError::Forbidden)
    }
}

/// Those of `grants` whose role allows `action`, if any.
fn allowing(grants: &[Grant], action: Action) -> Option<Vec<Grant>> {
    let allowing: Vec<Grant> = grants.iter().filter(|g| g.role.allows(action)).cloned().collect();
    (!allowing.is_empty()).then_some(allowing)
}

/// The grants' reaches, each once, in one order.
fn reaches_of(grants: &[Grant]) -> Vec<Reach> {
    let mut reaches: Vec<Reach> = grants
        .iter()
        .map(|g| Reach {
            path: g.scope_path.clone(),
            organization: g.organization_id,
        })
        .collect();
    reaches.sort_by(|a, b| (&a.path, a.organization).cmp(&(&b.path, b.organization)));
    reaches.dedup();
    reaches
}

/// The territory the reaches cover, whatever their organizations.
fn scope_of(reaches: &[Reach]) -> Scope {
    if reaches.iter().any(|r| r.path.is_none()) {
        Scope::Everywhere
    } else {
        Scope::Within(reaches.iter().filter_map(|r| r.path.clone()).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_province_scope_contains_its_communes_and_sees_its_region_but_not_its_neighbour() {
        let taza = Scope::Within(vec!["/MA/03/03.561/".to_owned()]);
        assert!(taza.contains("/MA/03/03.561/03.561.05/03.561.05.03/"));
        assert!(!taza.contains("/MA/03/"));
        assert!(taza.sees("/MA/03/"));
        assert!(taza.sees("/MA/"));
        assert!(!taza.sees("/MA/03/03.531/"));
        assert!(
            !taza.contains("/MA/03/03.5611/"),
            "a code that merely starts alike is outside"
        );
    }

    #[test]
    fn the_units_above_a_scope_are_its_ancestors() {
        assert_eq!(
            ancestors("/MA/03/03.561/"),
            vec!["/MA/".to_owned(), "/MA/03/".to_owned()]
        );
        assert!(ancestors("/MA/").is_empty());
        let mut args = SqlArgs::after(0);
        assert_eq!(
            subtree("path", "/MA/03/", &mut args),
            "(path >= $1 AND path < $2)"
        );
        assert_eq!(args.values(), ["/MA/03/".into(), "/MA/030".into()]);
    }

    #[test]
    fn a_viewer_never_opens_a_personal_record() {
        assert!(!Role::Viewer.allows(Action::ViewPeople));
        assert!(Role::Viewer.allows(Action::ViewTerritory));
    }

    #[test]
    fn a_role_may_only_what_it_is_listed_for() {
        assert!(!Role::NominationReviewer.allows(Action::ViewPeople));
        assert!(!Role::Moderator.allows(Action::ViewPeople));
        assert!(Role::DataProtectionOfficer.allows(Action::ViewPeople));
        assert!(!Role::DataProtectionOfficer.allows(Action::EditPeople));
    }
}
