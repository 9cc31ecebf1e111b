//! The territory: the map in pages and JSON, drilling down, party units, and scope.

mod branch_import;
mod branch_life;
mod branches;
mod pages;

use axum::http::{Method, StatusCode};
use mizan::auth::Role;
use serde_json::json;

use crate::helpers::{TestApp, api};

const TAZA: &str = "03.561";

const TAOUNATE: &str = "03.531";
