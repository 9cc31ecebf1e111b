//! Accounts and authorization: users, passwords, sessions, tokens, roles on territory subtrees,
//! and the policy that turns a caller and an action into a [`Scope`].

pub mod actions;
pub mod caller;
pub mod found;
pub mod pages;
pub mod passwords;
pub mod policy;
mod roles;
pub mod secret;
pub mod session;
pub mod sign_in;
pub mod store;
pub mod tokens;
pub mod two_factor;
pub mod users;

pub use caller::{Caller, Credential, Grant, SignedIn, UserId};
pub use found::{Held, Visible};
pub use policy::{Action, Permit, Reach, Scope};
pub use roles::Role;
