//! People and memberships: the registry. A person has names in Arabic and Latin script, and what
//! identifies or locates them (CIN, phone, e-mail, address, birth date) sealed with the master key;
//! a membership ties a person to an organization in a branch.
//!
//! `search.rs` and `store.rs` hold the SQL (every query that returns people takes the caller's
//! reaches); `actions.rs` the use cases, with their audit entries; `pages.rs` and `api.rs` the
//! handlers; `import/` reads branches' files into the registry; `dedupe.rs` finds the same person
//! registered twice and merges them; `holders.rs` answers "who holds this CIN" within the caller's
//! reach only; `rights.rs` the consent ledger, the subject file and erasure; `references.rs` every
//! column that points at a person, for the merge and the erasure.

pub mod actions;
pub mod api;
pub mod dedupe;
pub mod draft;
pub mod exports;
pub mod holders;
pub mod import;
pub mod memberships;
pub mod model;
pub mod pages;
pub mod picker;
pub mod references;
pub mod rights;
pub mod search;
pub mod search_keys;
pub mod store;
