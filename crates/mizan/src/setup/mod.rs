//! The first run of a real installation: the party, its organizations, the body types of its
//! organs and its meeting themes, from a template ("a Moroccan party (typical)") or blank, applied
//! once by the national administrator (`pages.rs`, `api.rs`); `template.rs` reads the shipped
//! templates and writes them (the demo lays its fictional party on the same one); `logo.rs` keeps
//! the party's logo.

pub mod actions;
pub mod api;
pub mod logo;
pub mod pages;
pub mod template;
