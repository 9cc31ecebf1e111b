//! The roles a user can be granted on a territory subtree (and optionally one organization).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    NationalAdmin,
    Coordinator,
    BranchSecretary,
    OrganizationOfficer,
    DataEntry,
    /// Aggregates only: never a personal record.
    Viewer,
    Moderator,
    NominationReviewer,
    DataProtectionOfficer,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::NationalAdmin,
        Role::Coordinator,
        Role::BranchSecretary,
        Role::OrganizationOfficer,
        Role::DataEntry,
        Role::Viewer,
        Role::Moderator,
        Role::NominationReviewer,
        Role::DataProtectionOfficer,
    ];

    /// The code stored in `role_grants.role` and typed on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Role::NationalAdmin => "national_admin",
            Role::Coordinator => "coordinator",
            Role::BranchSecretary => "branch_secretary",
            Role::OrganizationOfficer => "organization_officer",
            Role::DataEntry => "data_entry",
            Role::Viewer => "viewer",
            Role::Moderator => "moderator",
            Role::NominationReviewer => "nomination_reviewer",
            Role::DataProtectionOfficer => "data_protection_officer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }

    /// The message key of the role's name.
    pub fn message_key(self) -> String {
        format!("role-{}", self.code().replace('_', "-"))
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
