//! Two-factor sign-in: after the password, a code of an authenticator app (TOTP, RFC 6238) or one
//! of ten recovery codes. Required for the roles that reach every personal record (national
//! administrators, data-protection officers), who are sent to set it up before anything else;
//! optional for the others.

pub mod actions;
pub mod pages;
mod store;
pub mod totp;

pub use actions::required;
