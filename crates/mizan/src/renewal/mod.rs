//! Branch renewal: a campaign takes every branch of its scope through its general assembly to a
//! new bureau validated by the province (or lapsed, or merged), and counts new branches where the
//! party had none; the dashboard splits urban and rural communes and lists the overdue branches.

pub mod actions;
pub mod api;
pub mod current;
pub mod exports;
pub mod figures;
pub mod model;
pub mod pages;
pub mod store;

pub use model::{Campaign, Stage};
