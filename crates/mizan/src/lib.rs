//! Mizan, the organizing platform of a political party. A guided tour of the modules:
//!
//! - [`cli`]: the `mizan` command and its subcommands (serve, migrate, user, token, backup, …).
//! - [`config`]: typed configuration, layered from defaults, a file, the environment and flags.
//! - [`app`]: the state every request shares, and how it is opened; [`router`]: THE route table.
//! - [`http`]: the request context (caller, language), the authorization gate, security headers.
//! - [`auth`]: users, passwords, sessions, tokens, roles on territory subtrees, the policy.
//! - [`store`]: SQLite or PostgreSQL behind one handle; migrations; the `on_db!`/`on_tx!` macros.
//! - [`audit`]: the append-only, keyed chain of every change and every personal read.
//! - [`territory`]: Morocco's map and the party's units; every record sits on one.
//! - [`organizations`]: the party and its parallel organizations, as data.
//! - [`setup`]: the first run: the party, its organizations, organs and themes from a template.
//! - [`people`]: the registry of people and memberships (personal fields sealed).
//! - [`bodies`]: the party's organs, mandates, meetings with attendance, the meeting rate.
//! - [`renewal`]: branch renewal campaigns and their dashboard.
//! - [`activities`]: volunteer activities, counted beneficiaries, their rollups and figures.
//! - [`cafe`]: Policy Café, the live youth Q&A: join by code, ask, vote, moderate, screens.
//! - [`demo`]: the fictional party at any scale, from a seed.
//! - [`home`]: the home page. [`api`]: the OpenAPI document and `/api/v1/me`.
//! - [`i18n`]: Arabic, French, English; Fluent messages, ICU numbers and dates.
//! - [`ui`]: the page frame, assets, error pages, SVG maps. [`ops`]: health, metrics, maintenance.
//! - [`export`]: tables for Excel (CSV with a BOM, right-to-left .xlsx).
//! - [`clock`], [`error`], [`keys`]: time from one place; one error type and its stable codes;
//!   the master key kept outside the database.

pub mod activities;
pub mod api;
pub mod app;
pub mod audit;
pub mod auth;
pub mod bodies;
pub mod cafe;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod error;
pub mod export;
pub mod home;
pub mod http;
pub mod i18n;
pub mod keys;
pub mod locks;
pub mod ops;
pub mod organizations;
pub mod people;
pub mod renewal;
pub mod router;
pub mod setup;
pub mod store;
pub mod territory;
pub mod ui;
