//! The integration tests: the real application, black-box, on SQLite and (with
//! `MIZAN_TEST_STORE=postgres`) on PostgreSQL. One file per module; helpers in `helpers.rs`.

mod activities;
mod audit;
mod auth;
mod bodies;
mod browser;
mod cafe;
mod cli;
mod client;
mod demo;
mod exports;
mod helpers;
mod i18n;
mod import;
mod pages;
mod people;
mod renewal;
mod routes;
mod security;
mod security_memory;
mod security_reach;
mod setup;
mod store;
mod territory;
mod two_factor;
mod users;
