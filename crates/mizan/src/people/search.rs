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
}

impl PersonSummary {
    /// The name in the reader's script, falling back on the other.
    pub fn name(&self, locale: crate::i18n::Locale) -> String {
        let ar = join(&self.given_ar, &self.family_ar);
        let latin = join(&self.given_latin, &self.family_latin);
        match locale {
            crate::i18n::Locale::Ar if !ar.is_empty() => ar,
            _ if !latin.is_empty() => latin,
            _ => ar,
        }
    }

    pub fn other_name(&self, locale: crate::i18n::Locale) -> String {
        let ar = join(&self.given_ar, &self.family_ar);
        let latin = join(&self.given_latin, &self.family_latin);
        if self.name(locale) == ar { latin } else { ar }
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
    pub branch: Option<String>,
    pub organization: Option<i64>,
    /// `active`, `lapsed`, `ended`, or `none` (people without any membership).
    pub status: Option<String>,
    pub sex: Option<String>,
    /// Born in these years (inclusive), from an age band.
    pub born_between: Option<(i64, i64)>,
    /// Living or a member somewhere in this subtree (a unit's path).
    pub within: Option<String>,
}

/// SQL condition "the person `p` is within the caller's reaches" (None: no limit at all).
///
/// A reach without organization sees the people who live in its subtree and those with a
/// membership there (except in walled organizations); a reach for one organization sees that
/// organization's members in its subtree. Written as `p.id IN (… UNION …)` so that each part runs
/// from its own index.
pub fn visible(reaches: &[Reach], args: &mut SqlArgs) -> Option<String> {
    if reaches.iter().any(Reach::is_unlimited) {
        return None;
    }
    let mut parts = Vec::new();
    for reach in reaches {
        match reach.organization {
            None => {
                let home = reach.sql_territory("residence_path", args);
                let branch = reach.sql_territory("m.branch_path", args);
                parts.push(format!("SELECT id FROM people WHERE {home}"));
                parts.push(format!(
                    "SELECT m.person_id FROM memberships m JOIN organizations o ON o.id = m.organization_id \
                     WHERE o.walled = FALSE AND {branch}"
                ));
            }
            Some(org) => {
                let org = args.push(org.to_string());
                let branch = reach.sql_territory("branch_path", args);
                parts.push(format!(
                    "SELECT person_id FROM memberships WHERE organization_id = CAST({org} AS BIGINT) AND {branch}"
                ));
            }
        }
    }
    if parts.is_empty() {
        return Some("1 = 0".to_owned());
    }
    Some(format!("p.id IN ({})", parts.join(" UNION ")))
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
    let terms = mizan_text::query_terms(trimmed);
    (!terms.is_empty()).then_some(Lookup::Names(terms))
}

/// The full-text query of the store's dialect: every word matches (by prefix) a folded word or a
/// skeleton. Words are folded to letters and digits, so they need no quoting beyond this.
fn text_query(backend: Backend, terms: &[mizan_text::QueryTerm]) -> String {
    let alternatives = |t: &mizan_text::QueryTerm| -> Vec<String> {
        let mut forms = vec![t.word.clone()];
        forms.extend(t.skeleton.clone());
        forms
    };
    match backend {
        Backend::Sqlite => terms
            .iter()
            .map(|t| {
                let forms: Vec<String> = alternatives(t).iter().map(|f| format!("\"{f}\"*")).collect();
                format!("({})", forms.join(" OR "))
            })
            .collect::<Vec<_>>()
            .join(" AND "),
        Backend::Postgres => terms
            .iter()
            .map(|t| {
                let forms: Vec<String> = alternatives(t).iter().map(|f| format!("{f}:*")).collect();
                format!("({})", forms.join(" | "))
            })
            .collect::<Vec<_>>()
            .join(" & "),
    }
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
    if let Some(visible) = visible(reaches, &mut args) {
        conditions.push(visible);
    }
    if let Some(path) = &filters.within {
        let place = Reach {
            path: Some(path.clone()),
            organization: None,
        };
        if let Some(within) = visible(std::slice::from_ref(&place), &mut args) {
            conditions.push(within);
        }
    }
    match filters.query.as_deref().and_then(lookup) {
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
                    order = "s.rank, p.id".to_owned();
                }
                Backend::Postgres => {
                    conditions.push(format!("p.search_vector @@ to_tsquery('simple', {query})"));
                    order = format!("ts_rank(p.search_vector, to_tsquery('simple', {query})) DESC, p.id");
                }
            }
        }
        None => {}
    }
    let mut membership = Vec::new();
    if let Some(branch) = &filters.branch {
        membership.push(format!("branch_code = {}", args.push(branch.as_str())));
    }
    if let Some(org) = filters.organization {
        membership.push(format!(
            "organization_id = CAST({} AS BIGINT)",
            args.push(org.to_string())
        ));
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
    if let Some(sex) = &filters.sex {
        conditions.push(format!("p.sex = {}", args.push(sex.as_str())));
    }
    if let Some((from_year, to_year)) = filters.born_between {
        conditions.push(format!(
            "p.birth_year BETWEEN CAST({} AS BIGINT) AND CAST({} AS BIGINT)",
            args.push(from_year.to_string()),
            args.push(to_year.to_string())
        ));
    }
    let limit_arg = args.push(limit.to_string());
    let offset_arg = args.push(offset.to_string());
    let where_clause = if conditions.is_empty() {
        "1 = 1".to_owned()
    } else {
        conditions.join(" AND ")
    };
    let sql = format!(
        "SELECT p.uid, p.given_ar, p.family_ar, p.given_latin, p.family_latin, p.sex, p.birth_year, \
         p.residence_code, u.name_ar AS residence_ar, u.name_fr AS residence_fr \
         FROM {from} LEFT JOIN territory_units u ON u.code = p.residence_code \
         WHERE {where_clause} ORDER BY {order} \
         LIMIT CAST({limit_arg} AS BIGINT) OFFSET CAST({offset_arg} AS BIGINT)"
    );
    Ok(on_db!(db, |c| {
        let mut q = sqlx::query_as::<_, PersonSummary>(AssertSqlSafe(sql.as_str()));
        for v in args.values() {
            q = q.bind(v);
        }
        q.fetch_all(c).await
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
        assert!(lookup("   ").is_none());
    }

    #[test]
    fn every_word_must_match_a_word_or_a_skeleton_by_prefix() {
        let terms = mizan_text::query_terms("mohamed alaoui");
        assert_eq!(
            text_query(Backend::Sqlite, &terms),
            r#"("mohamed"* OR "0mhmd"*) AND ("alaoui"* OR "0l"*)"#
        );
        assert_eq!(
            text_query(Backend::Postgres, &terms),
            "(mohamed:* | 0mhmd:*) & (alaoui:* | 0l:*)"
        );
    }
}
