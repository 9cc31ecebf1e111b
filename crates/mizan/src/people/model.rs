//! Rows of people and memberships as the store keeps them: sealed where personal, folded for search.

use chrono::NaiveDate;

/// A person ready to be written: personal fields already sealed, lookups already digested.
#[derive(Clone, Debug, Default)]
pub struct PersonRow {
    pub id: i64,
    /// The public, random identifier (URLs, and the context every sealed field is bound to).
    pub uid: String,
    pub given_ar: Option<String>,
    pub family_ar: Option<String>,
    pub given_latin: Option<String>,
    pub family_latin: Option<String>,
    /// The search keys of the names (mizan_text::name_keys), which the search index follows.
    pub search_name: String,
    /// The skeletons of the names, sorted (mizan_text::dedupe_key): where duplicates meet.
    pub dedupe_key: String,
    /// `f` or `m`.
    pub sex: Option<&'static str>,
    pub birth_year: Option<i64>,
    pub birth_date_sealed: Option<Vec<u8>>,
    pub cin_sealed: Option<Vec<u8>>,
    pub cin_index: Option<String>,
    /// The CIN also belongs to a record outside the reach of whoever typed this one: the two are
    /// kept apart until someone who sees both merges them (migration 0019).
    pub cin_shared: bool,
    pub phone_sealed: Option<Vec<u8>>,
    pub phone_index: Option<String>,
    pub phone_tail_index: Option<String>,
    pub email_sealed: Option<Vec<u8>>,
    pub address_sealed: Option<Vec<u8>>,
    pub residence_code: Option<String>,
    pub residence_path: Option<String>,
    pub profession: Option<String>,
    pub education: Option<String>,
    pub notes: Option<String>,
}

/// Membership status: `active` (dues up to date), `lapsed` (dues behind), `ended`.
#[derive(Clone, Debug)]
pub struct MembershipRow {
    pub id: i64,
    pub person_id: i64,
    pub organization_id: i64,
    pub branch_code: String,
    pub branch_path: String,
    pub status: &'static str,
    pub role: &'static str,
    pub joined_on: NaiveDate,
}

/// Purposes of keyed digests, one per kind of lookup (never reuse one for another).
pub mod index {
    pub const CIN: &str = "person.cin";
    pub const PHONE: &str = "person.phone";
    pub const PHONE_TAIL: &str = "person.phone.tail";
}

/// The associated data a sealed field is bound to: its column and its person. A value moved to
/// another column or another person no longer opens.
pub fn seal_context(column: &str, uid: &str) -> String {
    ["people.", column, "/", uid].concat()
}

/// A membership as a person's file shows it.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct MembershipView {
    pub id: i64,
    pub organization_id: i64,
    pub organization_code: String,
    pub organization_ar: String,
    pub organization_fr: String,
    pub organization_en: String,
    pub branch_code: String,
    #[serde(skip)]
    pub branch_path: String,
    pub branch_ar: String,
    pub branch_fr: String,
    pub status: String,
    pub role: String,
    pub joined_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    /// Why it ended: a code of `memberships::END_REASONS`.
    pub end_reason: Option<String>,
    /// The last year whose dues are paid, if any.
    pub dues_paid_through: Option<i64>,
}
