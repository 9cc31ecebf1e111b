//! Volunteer campaigns, activities and their counted beneficiaries: types and categories as data,
//! rollups (commune × day × type × campaign × status × category) kept current on every write and
//! rebuilt on demand, and the figures read from them.

pub mod actions;
pub mod api;
pub mod dashboard;
pub mod draft;
pub mod figures;
pub mod links;
pub mod lists;
pub mod model;
pub mod pages;
pub mod photos;
pub mod settings;
pub mod store;
