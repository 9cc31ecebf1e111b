//! People and memberships: the registry. A person has names in Arabic and Latin script, and what
//! identifies or locates them (CIN, phone, e-mail, address, birth date) sealed with the master key;
//! a membership ties a person to an organization in a branch.
//!
//! This module holds the schema's Rust side and the bulk paths the demo uses; the registry's pages,
//! search, imports and merges come with issue #4.

pub mod model;
pub mod store;
