//! Branches as a party manages them beyond creating one: a list imported from a file.

pub mod import;
pub mod pages;
