//! Pure text rules, no I/O: folding names for search in Arabic and Latin script, and the two
//! identifiers people are found by, the national ID card number (CIN) and the phone number.
//! Everything here is parsed once at the edge and trusted afterwards.

mod cin;
mod fold;
mod phone;
mod search;

pub use cin::Cin;
pub use fold::fold;
pub use phone::Phone;
pub use search::{QueryTerm, dedupe_key, name_keys, query_terms, skeleton};
