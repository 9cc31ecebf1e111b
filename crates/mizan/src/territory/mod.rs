//! Territory: Morocco's official map (regions, provinces and prefectures, cercles, communes,
//! arrondissements, with the 2024 census) and the party's own units below it (branches) and
//! beside it (sections abroad). Every record of every module sits on a unit; scopes are subtrees.

pub mod actions;
pub mod api;
pub mod branches;
pub mod load;
pub mod model;
pub mod pages;
pub mod places;
pub mod store;
pub mod tree;

pub use model::{Level, Unit, UnitCode};
