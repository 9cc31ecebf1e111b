//! The HTTP edge: the request context (caller, language, anti-forgery token), the authorization
//! gate every route passes, security headers, and our own body extractors.

pub mod context;
pub mod extract;
pub mod gate;
pub mod headers;
pub mod server;

pub use context::RequestCtx;
pub use extract::{Form, Json};
pub use gate::{Access, Authorized};
