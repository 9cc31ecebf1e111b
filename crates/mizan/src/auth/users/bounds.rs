//! Who may give which role to whom: the rules of the users' administration, pure.
//!
//! A national administrator gives any role anywhere. A coordinator gives the roles below theirs
//! (branch secretary, organization officer, data entry, viewer, moderator) inside their own
//! subtree, and of their own organization when their grant names one; never their own role, a
//! national one, nor the specialized ones (nomination reviewer, data-protection officer), which
//! are the national administrator's to give. A user is theirs to manage (disable, reset, revoke)
//! only if every grant the user holds is one they could have given.

use crate::auth::{Action, Grant, Role};

/// The roles a role may give.
pub fn grantable_by(manager: Role) -> &'static [Role] {
    use Role::*;
    match manager {
        NationalAdmin => &Role::ALL,
        Coordinator => &[BranchSecretary, OrganizationOfficer, DataEntry, Viewer, Moderator],
        _ => &[],
    }
}

/// A grant to give, its scope resolved: the unit's path (None: everywhere), and whether its
/// organization (if any) is walled.
#[derive(Clone, Copy, Debug)]
pub struct Wanted<'a> {
    pub role: Role,
    pub scope_path: Option<&'a str>,
    pub organization: Option<i64>,
    pub walled: bool,
}

/// Whether one of the manager's grants allows giving `wanted`.
pub fn may_give(managers: &[Grant], wanted: Wanted<'_>) -> bool {
    managers.iter().any(|m| {
        m.role.allows(Action::ManageUsers)
            && grantable_by(m.role).contains(&wanted.role)
            && match &m.scope_path {
                None => true,
                Some(root) => wanted.scope_path.is_some_and(|p| p.starts_with(root.as_str())),
            }
            && match m.organization_id {
                Some(own) => wanted.organization == Some(own),
                // A grant everywhere sees every organization; one on a subtree, the unwalled.
                None => m.scope_path.is_none() || !wanted.walled,
            }
    })
}

/// Whether a grant a user holds lies in the manager's view: inside one of their subtrees.
pub fn sees(managers: &[Grant], held: &Grant) -> bool {
    managers.iter().any(|m| {
        m.role.allows(Action::ManageUsers)
            && match &m.scope_path {
                None => true,
                Some(root) => held
                    .scope_path
                    .as_deref()
                    .is_some_and(|p| p.starts_with(root.as_str())),
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(role: Role, path: Option<&str>, organization: Option<i64>) -> Grant {
        Grant {
            role,
            scope_code: None,
            scope_path: path.map(str::to_owned),
            organization_id: organization,
        }
    }

    fn wanted(role: Role, path: Option<&'static str>) -> Wanted<'static> {
        Wanted {
            role,
            scope_path: path,
            organization: None,
            walled: false,
        }
    }

    const TAZA: &str = "/MA/03/03.561/";
    const AKNOUL: &str = "/MA/03/03.561/03.561.01/03.561.01.01/";
    const TAOUNATE: &str = "/MA/03/03.531/";

    #[test]
    fn a_coordinator_gives_the_roles_below_theirs_inside_their_province_only() {
        let coordinator = [grant(Role::Coordinator, Some(TAZA), None)];
        assert!(may_give(
            &coordinator,
            wanted(Role::BranchSecretary, Some(AKNOUL))
        ));
        assert!(may_give(&coordinator, wanted(Role::Viewer, Some(TAZA))));
        assert!(!may_give(&coordinator, wanted(Role::NationalAdmin, None)));
        assert!(
            !may_give(&coordinator, wanted(Role::Coordinator, Some(AKNOUL))),
            "not their own role"
        );
        assert!(!may_give(
            &coordinator,
            wanted(Role::BranchSecretary, Some(TAOUNATE))
        ));
        assert!(
            !may_give(&coordinator, wanted(Role::Viewer, None)),
            "not everywhere"
        );
        assert!(!may_give(
            &coordinator,
            wanted(Role::DataProtectionOfficer, Some(TAZA))
        ));
        let walled = Wanted {
            organization: Some(6),
            walled: true,
            ..wanted(Role::OrganizationOfficer, Some(TAZA))
        };
        assert!(!may_give(&coordinator, walled), "not the union's");
    }

    #[test]
    fn a_national_administrator_gives_anything_and_others_nothing() {
        let admin = [grant(Role::NationalAdmin, None, None)];
        assert!(may_give(&admin, wanted(Role::NationalAdmin, None)));
        let walled = Wanted {
            organization: Some(6),
            walled: true,
            ..wanted(Role::OrganizationOfficer, Some(TAZA))
        };
        assert!(may_give(&admin, walled));
        let secretary = [grant(Role::BranchSecretary, Some(AKNOUL), None)];
        assert!(!may_give(&secretary, wanted(Role::Viewer, Some(AKNOUL))));
        let youth_coordinator = [grant(Role::Coordinator, Some(TAZA), Some(3))];
        let youth = Wanted {
            organization: Some(3),
            ..wanted(Role::OrganizationOfficer, Some(TAZA))
        };
        assert!(may_give(&youth_coordinator, youth));
        assert!(
            !may_give(&youth_coordinator, wanted(Role::BranchSecretary, Some(TAZA))),
            "a youth coordinator gives the youth wing's roles only"
        );
    }
}
