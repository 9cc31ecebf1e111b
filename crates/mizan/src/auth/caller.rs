//! Who is making the request: nobody, a signed-in user (session cookie), or a script (token).

use std::sync::Arc;

use crate::i18n::Locale;

use super::Role;

pub type UserId = i64;

/// A role granted on a subtree (`scope_path` None = everywhere), optionally for one organization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub scope_code: Option<String>,
    pub scope_path: Option<String>,
    pub organization_id: Option<i64>,
}

/// A user whose credentials were checked for this request.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub locale: Option<Locale>,
    pub must_change_password: bool,
    /// Signed in by a browser, with a role that requires a second factor not set up yet: only
    /// their own account opens until it is (`two_factor`).
    pub two_factor_missing: bool,
    pub grants: Vec<Grant>,
}

/// How the caller proved who they are.
#[derive(Clone, Debug)]
pub enum Credential {
    Anonymous,
    /// A browser session; `id_hash` names the row, `csrf` is the session's anti-forgery token.
    Session {
        id_hash: String,
        csrf: String,
    },
    /// A personal access token (scripts); such requests need no anti-forgery token.
    Token {
        token_id: i64,
    },
}

#[derive(Clone, Debug)]
pub struct Caller {
    user: Option<Arc<SignedIn>>,
    pub credential: Credential,
}

impl Caller {
    pub fn anonymous() -> Caller {
        Caller {
            user: None,
            credential: Credential::Anonymous,
        }
    }

    pub fn signed_in(user: SignedIn, credential: Credential) -> Caller {
        Caller {
            user: Some(Arc::new(user)),
            credential,
        }
    }

    pub fn user(&self) -> Option<&SignedIn> {
        self.user.as_deref()
    }

    pub fn user_id(&self) -> Option<UserId> {
        self.user.as_ref().map(|u| u.id)
    }

    /// The name written in the audit log for this caller.
    pub fn actor_label(&self) -> String {
        match &self.user {
            Some(u) => u.username.clone(),
            None => "anonymous".to_owned(),
        }
    }
}
