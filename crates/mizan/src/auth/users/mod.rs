//! The users' administration from the web: who sees and manages whom (`bounds.rs`, pure), the SQL
//! (`store.rs`), inviting, granting, revoking, disabling, resetting (`actions.rs`), and the pages,
//! the invited user's sign-up included (`pages.rs`).

pub mod access;
pub mod actions;
pub mod api;
pub mod bounds;
pub mod exports;
pub mod pages;
pub mod sign_up;
pub mod store;
