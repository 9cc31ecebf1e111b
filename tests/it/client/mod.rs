//! The application as its pages' client: one method of `Browser` per endpoint, named for what it
//! does, so that a test says "record a meeting of this body", not which address that is. The API
//! is asked through `helpers::api`; the route walk (`routes/`) and tests of the HTTP contract
//! itself (unknown addresses, headers, links a page gave) ask addresses as they are.

mod activities;
mod admin;
mod auth;
mod bodies;
mod cafe;
mod people;
mod renewal;
mod territory;
