//! Finding people: who the caller may see (their reaches, in SQL), and what they typed (a name in
//! either script, a CIN, a phone number or its last four digits), plus list filters.

use sqlx::AssertSqlSafe;

use crate::auth::Reach;
use crate::keys::MasterKey;
use crate::on_db;
use crate::store::{Backend, Db, SqlArgs, StoreResult};

use super::model::index;

/// A person as a list shows them.
#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct PersonSummary {
    pub uid: String,
    pub given_ar: Option<String>,
    pub family_ar: Option<String>,
    pub given_latin: Option<String>,
    pub family_latin: Option<String>,
    pub sex: Option<String>,
    pub birth_year: Option<i64>,
    pub residence_code: Option<String>,
    pub residence_ar: Option<String>,
    pub residence_fr: Option<String>,
    /// Sealed; opened only for exports that may show contacts.
    #[serde(skip)]
    pub phone_sealed: Option<Vec<u8>>,
    #[serde(skip)]
    pub email_sealed: Option<Vec<u8>>,
}

impl PersonSummary {
    /// The name in the reader's script, falling back on the other.
    pub fn name(&self, locale: crate::i18n::Locale) -> String {
        name_in(
            locale,
            [
                &self.given_ar,
                &self.family_ar,
                &self.given_latin,
                &self.family_latin,
            ],
        )
    }

    pub fn other_name(&self, locale: crate::i18n::Locale) -> String {
        let ar = join(&self.given_ar, &self.family_ar);
        let latin = join(&self.given_latin, &self.family_latin);
        if self.name(locale) == ar { latin } else { ar }
    }
}

/// A person's name (given, family; Arabic, then Latin) in the reader's script, falling back on
/// the other.
pub fn name_in(
    locale: crate::i18n::Locale,
    [given_ar, family_ar, given_latin, family_latin]: [&Option<String>; 4],
) -> String {
    let ar = join(given_ar, family_ar);
    let latin = join(given_latin, family_latin);
    match locale {
        crate::i18n::Locale::Ar if !ar.is_empty() => ar,
        _ if !latin.is_empty() => latin,
        _ => ar,
    }
}

pub(crate) fn join(given: &Option<String>, family: &Option<String>) -> String {
    [given.as_deref(), family.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a list asks for, already parsed.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    /// What was typed in the search box.
    pub query: Option<String>,
    pub organization: Option<i64>,
    /// `active`, `lapsed`, `ended`, or `none` (people without any membership).
    pub status: Option<String>,
    pub sex: Option<String>,
    /// Born in these years (inclusive), from an age band.
    pub born_between: Option<(i64, i64)>,
    /// Living or a member somewhere in this subtree (a unit's path).
    pub within: Option<String>,
    /// Members whose dues for this year are paid (true) or not (false): (paid, year).
    pub dues: Option<(bool, i64)>,
    /// Fetch the sealed phone and e-mail too (an export for a caller who may see them); lists
    /// and searches leave them in the store.
    pub with_contacts: bool,
}

/// How [`visible`] is written: which form the query planner can use best.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Driven {
    /// Nothing else narrows the rows: list the reach itself, each part from its own index
    /// (`p.id IN (… UNION …)`).
    ByReach,
    /// A lookup (a name, a CIN, a phone) already yields few candidates: check each one
    /// (`EXISTS …` per row), rather than materializing a whole province's people first.
    ByLookup,
}

/// SQL condition "the person `p` is within the caller's reaches" (None: no limit at all).
///
/// A reach without organization sees the people who live in its subtree and those with a
/// membership there (except in walled organizations); a reach for one organization sees that
/// organization's members in its subtree.
pub fn visible(reaches: &[Reach], args: &mut SqlArgs, driven: Driven) -> Option<String> {
    if reaches.iter().any(Reach::is_unlimited) {
        return None;
    }
    let mut parts = Vec::new();
    for reach in reaches {
        let org = reach.organization.map(|o| args.push(o));
        let home = reach.sql_territory(
            if driven == Driven::ByLookup {
                "p.residence_path"
            } else {
                "residence_path"
            },
            args,
        );
        let branch = reach.sql_territory("m.branch_path", args);
        let membership = match &org {
            None => format!(
                "FROM memberships m JOIN organizations o ON o.id = m.organization_id WHERE o.walled = FALSE AND {branch}"
            ),
            Some(org) => {
                format!("FROM memberships m WHERE m.organization_id = {org} AND {branch}")
            }
        };
        match (driven, org.is_some()) {
            (Driven::ByReach, false) => {
                parts.push(format!("SELECT id FROM people WHERE {home}"));
                parts.push(format!("SELECT m.person_id {membership}"));
            }
            (Driven::ByReach, true) => parts.push(format!("SELECT m.person_id {membership}")),
            (Driven::ByLookup, false) => {
                parts.push(format!(
                    "({home} OR EXISTS (SELECT 1 {membership} AND m.person_id = p.id))"
                ));
            }
            (Driven::ByLookup, true) => {
                parts.push(format!("EXISTS (SELECT 1 {membership} AND m.person_id = p.id)"));
            }
        }
    }
    if parts.is_empty() {
        return Some("1 = 0".to_owned());
    }
    Some(match driven {
        Driven::ByReach => format!("p.id IN ({})", parts.join(" UNION ")),
        Driven::ByLookup => format!("({})", parts.join(" OR ")),
    })
}

/// How a typed query is looked for.
enum Lookup {
    Cin(String),
    Phone(String),
    PhoneTail(String),
    Names(Vec<mizan_text::QueryTerm>),
}

fn lookup(query: &str) -> Option<Lookup> {
    let trimmed = query.trim();
    if trimmed.is_empty() {
        return None;
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 4 && trimmed.chars().all(|c| c.is_ascii_digit() || c == ' ') {
        return Some(Lookup::PhoneTail(digits));
    }
    if let Some(phone) = mizan_text::Phone::parse(trimmed) {
        return Some(Lookup::Phone(phone.to_string()));
    }
    if let Some(cin) = mizan_text::Cin::parse(trimmed)
        && cin.as_str().chars().filter(char::is_ascii_digit).count() >= 4
    {
        return Some(Lookup::Cin(cin.to_string()));
    }
    let mut terms = mizan_text::query_terms(trimmed);
    // A last word of one letter after others ("mohamed a") is a word just begun: as a prefix it
    // would match a good part of the country's names and cost every keystroke tens of
    // milliseconds, for a list the next letter narrows anyway. The words before it decide.
    if terms.len() > 1 && terms.last().is_some_and(|t| t.word.chars().count() == 1) {
        terms.pop();
    }
    (!terms.is_empty()).then_some(Lookup::Names(terms))
}

/// What a typed query looked for, as an audit entry may keep it: the kind of lookup and how many
/// characters were typed, never the text itself (a CIN, a phone, an e-mail or a name is personal
/// data, and the audit log outlives any erasure).
pub fn query_shape(query: &str) -> serde_json::Value {
    let kind = match lookup(query) {
        None => return serde_json::Value::Null,
        Some(Lookup::Cin(_)) => "cin",
        Some(Lookup::Phone(_)) => "phone",
        Some(Lookup::PhoneTail(_)) => "phone_tail",
        Some(Lookup::Names(_)) => "names",
    };
    serde_json::json!({"kind": kind, "length": query.trim().chars().count()})
}

/// The full-text query of the store's dialect: every word matches a folded word or a skeleton.
///
/// Only the last word is still being typed, so only it matches by prefix, and its skeleton only
/// once it has three consonants or more (a prefix like `0l` would match half the country and make
/// every keystroke slow). Words are folded to letters and digits: they need no quoting beyond this.
fn text_query(backend: Backend, terms: &[mizan_text::QueryTerm]) -> String {
    let last = terms.len().saturating_sub(1);
    let forms = |i: usize, t: &mizan_text::QueryTerm| -> Vec<(String, bool)> {
        let typing = i == last;
        let mut forms = vec![(t.word.clone(), typing)];
        if let Some(skeleton) = &t.skeleton {
            forms.push((skeleton.clone(), typing && skeleton.len() > 3));
        }
        forms
    };
    let (or, and) = match backend {
        Backend::Sqlite => (" OR ", " AND "),
        Backend::Postgres => (" | ", " & "),
    };
    terms
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let alternatives: Vec<String> = forms(i, t)
                .into_iter()
                .map(|(form, prefix)| match (backend, prefix) {
                    (Backend::Sqlite, true) => format!("\"{form}\"*"),
                    (Backend::Sqlite, false) => format!("\"{form}\""),
                    (Backend::Postgres, true) => format!("{form}:*"),
                    (Backend::Postgres, false) => form,
                })
                .collect();
            format!("({})", alternatives.join(or))
        })
        .collect::<Vec<_>>()
        .join(and)
}

/// People matching the filters, within the reaches: `limit` of them from `offset`.
pub async fn search(
    db: &Db,
    key: &MasterKey,
    reaches: &[Reach],
    filters: &Filters,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<PersonSummary>> {
    let backend = db.backend();
    let mut args = SqlArgs::after(0);
    let mut conditions: Vec<String> = Vec::new();
    let mut from = "people p".to_owned();
    let mut order = "p.family_latin, p.given_latin, p.id".to_owned();
    let lookup = filters.query.as_deref().and_then(lookup);
    let driven = if lookup.is_some() {
        Driven::ByLookup
    } else {
        Driven::ByReach
    };
    if let Some(visible) = visible(reaches, &mut args, driven) {
        conditions.push(visible);
    }
    if let Some(path) = &filters.within {
        let place = Reach {
            path: Some(path.clone()),
            organization: None,
        };
        if let Some(within) = visible(std::slice::from_ref(&place), &mut args, driven) {
            conditions.push(within);
        }
    }
    match lookup {
        Some(Lookup::Cin(cin)) => {
            conditions.push(format!(
                "p.cin_index = {}",
                args.push(key.blind_index(index::CIN, &cin))
            ));
        }
        Some(Lookup::Phone(phone)) => {
            conditions.push(format!(
                "p.phone_index = {}",
                args.push(key.blind_index(index::PHONE, &phone))
            ));
        }
        Some(Lookup::PhoneTail(tail)) => {
            conditions.push(format!(
                "p.phone_tail_index = {}",
                args.push(key.blind_index(index::PHONE_TAIL, &tail))
            ));
        }
        Some(Lookup::Names(terms)) => {
            let query = args.push(text_query(backend, &terms));
            match backend {
                Backend::Sqlite => {
                    from = "people_search s JOIN people p ON p.id = s.rowid".to_owned();
                    conditions.push(format!("people_search MATCH {query}"));
                    // In index order, not by rank: a common name matches tens of thousands of
                    // people, and ranking them all costs hundreds of milliseconds, where the
                    // index order lets the first page stop early.
                    order = "s.rowid".to_owned();
                }
                Backend::Postgres => {
                    conditions.push(format!("p.search_vector @@ to_tsquery('simple', {query})"));
                    order = "p.id".to_owned();
                }
            }
        }
        None => {}
    }
    let mut membership = Vec::new();
    if let Some(org) = filters.organization {
        membership.push(format!("organization_id = {}", args.push(org)));
    }
    match filters.status.as_deref() {
        Some("none") => conditions.push("p.id NOT IN (SELECT person_id FROM memberships)".to_owned()),
        Some(status) => membership.push(format!("status = {}", args.push(status))),
        None => {}
    }
    if !membership.is_empty() {
        conditions.push(format!(
            "p.id IN (SELECT person_id FROM memberships WHERE {})",
            membership.join(" AND ")
        ));
    }
    if let Some((paid, year)) = filters.dues {
        let year = args.push(year);
        let paid_this_year = format!("SELECT membership_id FROM dues WHERE year = {year}");
        conditions.push(if paid {
            format!("p.id IN (SELECT person_id FROM memberships WHERE id IN ({paid_this_year}))")
        } else {
            format!(
                "p.id IN (SELECT person_id FROM memberships WHERE status <> 'ended' AND id NOT IN ({paid_this_year}))"
            )
        });
    }
    if let Some(sex) = &filters.sex {
        conditions.push(format!("p.sex = {}", args.push(sex.as_str())));
    }
    if let Some((from_year, to_year)) = filters.born_between {
        conditions.push(format!(
            "p.birth_year BETWEEN {} AND {}",
            args.push(from_year),
            args.push(to_year)
        ));
    }
    let limit_arg = args.push(limit);
    let offset_arg = args.push(offset);
    let where_clause = if conditions.is_empty() {
        "1 = 1".to_owned()
    } else {
        conditions.join(" AND ")
    };
    let contacts = match (filters.with_contacts, backend) {
        (true, _) => "p.phone_sealed, p.email_sealed",
        (false, Backend::Sqlite) => "CAST(NULL AS BLOB) AS phone_sealed, CAST(NULL AS BLOB) AS email_sealed",
        (false, Backend::Postgres) => {
            "CAST(NULL AS BYTEA) AS phone_sealed, CAST(NULL AS BYTEA) AS email_sealed"
        }
    };
    let sql = format!(
        "SELECT p.uid, p.given_ar, p.family_ar, p.given_latin, p.family_latin, p.sex, p.birth_year, \
         p.residence_code, u.name_ar AS residence_ar, u.name_fr AS residence_fr, {contacts} \
         FROM {from} LEFT JOIN territory_units u ON u.code = p.residence_code \
         WHERE {where_clause} ORDER BY {order} \
         LIMIT {limit_arg} OFFSET {offset_arg}"
    );
    Ok(on_db!(db, |c| {
        args.bind(sqlx::query_as::<_, PersonSummary>(AssertSqlSafe(sql.as_str())))
            .fetch_all(c)
            .await
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_typed_decides_how_it_is_looked_for() {
        assert!(matches!(lookup("06 12 34 56 78"), Some(Lookup::Phone(p)) if p == "+212612345678"));
        assert!(matches!(lookup("5678"), Some(Lookup::PhoneTail(t)) if t == "5678"));
        assert!(matches!(lookup("ab 123456"), Some(Lookup::Cin(c)) if c == "AB123456"));
        assert!(matches!(lookup("mohamed alaoui"), Some(Lookup::Names(t)) if t.len() == 2));
        assert!(
            matches!(lookup("mohamed a"), Some(Lookup::Names(t)) if t.len() == 1 && t[0].word == "mohamed"),
            "a word of one letter after others waits for the next"
        );
        assert!(matches!(lookup("فاطمة ا"), Some(Lookup::Names(t)) if t.len() == 1));
        assert!(
            matches!(lookup("m"), Some(Lookup::Names(t)) if t.len() == 1),
            "alone, it is looked for"
        );
        assert!(lookup("   ").is_none());
    }

    #[test]
    fn every_word_must_match_and_only_the_last_by_prefix() {
        let terms = mizan_text::query_terms("mohamed alaoui");
        assert_eq!(
            text_query(Backend::Sqlite, &terms),
            r#"("mohamed" OR "0mhmd") AND ("alaoui"* OR "0l")"#
        );
        assert_eq!(
            text_query(Backend::Postgres, &terms),
            "(mohamed | 0mhmd) & (alaoui:* | 0l)"
        );
        let typing = mizan_text::query_terms("fatima yous");
        assert_eq!(
            text_query(Backend::Postgres, &typing),
            "(fatima | 0ftm) & (yous:* | 0s)"
        );
        let longer = mizan_text::query_terms("cherkaoui");
        assert_eq!(text_query(Backend::Postgres, &longer), "(cherkaoui:* | 0xrk:*)");
    }
}
