//! Branches as a party manages them beyond creating one: a list imported from a file; renamed,
//! closed or merged.

pub mod import;
pub mod life;
pub mod pages;
pub(crate) mod store;
