//! The party's organs: body types as data (names, level, expected pace of meetings, quorum rule,
//! seats), bodies per unit, mandates with their history, meetings held only with their attendance,
//! decisions and their follow-up, and the meeting rate ("90 % of provincial councils held").

pub mod actions;
pub mod admin;
pub mod api;
pub mod decisions;
pub mod exports;
pub mod figures;
pub mod guests;
pub mod mandates;
pub mod meeting_form;
pub mod minutes;
pub mod model;
pub mod organs;
pub mod pages;
pub mod rate_page;
pub mod store;
pub mod types;

pub use model::{Body, BodyType, Quorum};
