//! An activity as a volunteer types it, and its checks: a known type, its days (done ones not
//! ahead, at most three months long), the places it went through, its counts per category, its
//! partners; each mistake said beside its field.

use chrono::NaiveDate;

use super::model::{ActivityType, Category, Status};
use crate::app::AppState;
use crate::error::{AppError, AppResult, FieldError};
use crate::territory::Level;
use crate::ui::forms::parse_date;

/// An activity as typed: the fields, and a count per category code.
#[derive(Clone, Debug, Default)]
pub struct ActivityDraft {
    pub kind: String,
    pub title: String,
    pub date: String,
    /// The last day of an activity that lasted several, or empty.
    pub until: String,
    pub status: String,
    pub description: String,
    /// Partner organizations, one per line or separated by commas.
    pub partners: String,
    /// The codes of the other communes it went through (same province).
    pub also: Vec<String>,
    /// The organizing body's id as chosen (empty: the branch's bureau, or none).
    pub organizer: String,
    /// (category code, the count as typed)
    pub counts: Vec<(String, String)>,
}

impl ActivityDraft {
    pub fn from_fields(fields: Vec<(String, String)>) -> ActivityDraft {
        let mut d = ActivityDraft::default();
        for (name, value) in fields {
            match name.as_str() {
                "type" => d.kind = value,
                "title" => d.title = value,
                "date" => d.date = value,
                "until" => d.until = value,
                "status" => d.status = value,
                "description" => d.description = value,
                "partners" => d.partners = value,
                "also" => d.also.push(value),
                "organizer" => d.organizer = value,
                other => {
                    if let Some(code) = other.strip_prefix("count-") {
                        d.counts.push((code.to_owned(), value));
                    }
                }
            }
        }
        d
    }

    pub fn count_of(&self, code: &str) -> &str {
        self.counts
            .iter()
            .find(|(c, _)| c == code)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// The partner organizations as typed: one per line or separated by commas (Arabic commas
/// too), trimmed, each once; at most 20 of at most 120 characters.
fn check_partners(typed: &str, errors: &mut Vec<FieldError>) -> Vec<String> {
    let mut partners: Vec<String> = Vec::new();
    for name in typed
        .split(['\n', ',', '،', ';'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        if name.chars().count() > 120 {
            errors.push(FieldError::new("partners", "field-too-long"));
            return Vec::new();
        }
        if !partners.iter().any(|p| p == name) {
            partners.push(name.to_owned());
        }
    }
    if partners.len() > 20 {
        errors.push(FieldError::new("partners", "activity-too-many-partners"));
    }
    partners
}

/// An activity's fields as typed, checked together: every error is said at once.
pub(super) struct Checked {
    pub(super) kind: ActivityType,
    pub(super) title: String,
    pub(super) status: Status,
    /// The first and last day (the same for a one-day activity).
    pub(super) days: (NaiveDate, NaiveDate),
    pub(super) counts: Vec<(i64, i64)>,
    /// Counted beneficiaries: the categories that make the total.
    pub(super) in_total: i64,
    pub(super) partners: Vec<String>,
    pub(super) description: String,
}

/// The longest an activity may last, first and last day included.
const LONGEST_ACTIVITY_DAYS: i64 = 92;

/// Checks an activity as typed; `kept` is the type it has now, accepted even if since retired.
pub(super) async fn check(state: &AppState, draft: &ActivityDraft, kept: Option<i64>) -> AppResult<Checked> {
    let types = super::settings::store::offered_types(&state.db, kept).await?;
    let categories = super::settings::store::categories(&state.db).await?;
    let mut errors = Vec::new();
    let kind = types.into_iter().find(|t| t.code == draft.kind);
    if kind.is_none() {
        errors.push(FieldError::new("type", "field-required"));
    }
    let title = draft.title.trim();
    if title.chars().count() > 200 {
        errors.push(FieldError::new("title", "field-too-long"));
    }
    let status = match draft.status.as_str() {
        "done" => Status::Done,
        "planned" => Status::Planned,
        _ => {
            errors.push(FieldError::new("status", "field-required"));
            Status::Done
        }
    };
    let days = check_days(draft, status, state.clock.today(), &mut errors);
    let (counts, in_total) = check_counts(&categories, draft, status, &mut errors);
    if let Some(kind) = &kind {
        // A count in a category the type does not count (men at a women's project).
        let counted: Vec<i64> = super::settings::store::type_categories(&state.db)
            .await?
            .into_iter()
            .filter(|(t, _)| *t == kind.id)
            .map(|(_, c)| c)
            .collect();
        for (id, n) in &counts {
            if *n > 0 && !counted.is_empty() && !counted.contains(id) {
                let code = categories
                    .iter()
                    .find(|c| c.id == *id)
                    .map_or("", |c| c.code.as_str());
                errors.push(FieldError::new(
                    format!("count-{code}"),
                    "activity-category-not-counted",
                ));
            }
        }
    }
    let partners = check_partners(&draft.partners, &mut errors);
    let description = draft.description.trim();
    if description.chars().count() > 4000 {
        errors.push(FieldError::new("description", "field-too-long"));
    }
    match (kind, days) {
        (Some(kind), Some(days)) if errors.is_empty() => Ok(Checked {
            title: if title.is_empty() {
                kind.name_ar.clone()
            } else {
                title.to_owned()
            },
            kind,
            status,
            days,
            counts,
            in_total,
            partners,
            description: description.to_owned(),
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// The most other communes one activity goes through.
const MOST_PLACES: usize = 12;

/// The fields checked, and the other communes it went through: communes (or arrondissements)
/// of the same province as its own, found by code; every error said at once.
pub(super) async fn check_with_places(
    state: &AppState,
    draft: &ActivityDraft,
    commune_path: &str,
    kept: Option<i64>,
) -> AppResult<(Checked, Vec<(String, String)>)> {
    let province = super::model::province_path(commune_path);
    let mut errors = Vec::new();
    let codes: Vec<&str> = draft
        .also
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    let units = crate::territory::store::units_by_code(&state.db, &codes).await?;
    let mut places: Vec<(String, String)> = Vec::new();
    for code in codes {
        match units.iter().find(|u| u.code == code) {
            Some(u)
                if matches!(u.level, Level::Commune | Level::Arrondissement)
                    && u.path.starts_with(&province)
                    && u.path != commune_path =>
            {
                if !places.iter().any(|(c, _)| *c == u.code) {
                    places.push((u.code.clone(), u.path.clone()));
                }
            }
            _ => {
                errors.push(FieldError::new("also", "activity-also-outside"));
                break;
            }
        }
    }
    if places.len() > MOST_PLACES {
        errors.push(FieldError::new("also", "activity-also-too-many"));
    }
    match check(state, draft, kept).await {
        Ok(checked) if errors.is_empty() => Ok((checked, places)),
        Ok(_) => Err(AppError::Invalid(errors)),
        Err(AppError::Invalid(mut more)) => {
            more.append(&mut errors);
            Err(AppError::Invalid(more))
        }
        Err(e) => Err(e),
    }
}

/// The first day, and the last if the activity lasted several (at most three months); a done
/// activity is over by today.
fn check_days(
    draft: &ActivityDraft,
    status: Status,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Option<(NaiveDate, NaiveDate)> {
    let Some(first) = parse_date(draft.date.trim()) else {
        errors.push(FieldError::new("date", "field-date-format"));
        return None;
    };
    let last = match draft.until.trim() {
        "" => first,
        typed => match parse_date(typed) {
            Some(last) if last < first => {
                errors.push(FieldError::new("until", "activity-until-before"));
                return None;
            }
            Some(last) if (last - first).num_days() >= LONGEST_ACTIVITY_DAYS => {
                errors.push(FieldError::new("until", "activity-too-long"));
                return None;
            }
            Some(last) => last,
            None => {
                errors.push(FieldError::new("until", "field-date-format"));
                return None;
            }
        },
    };
    if status == Status::Done && last > today {
        let field = if last == first { "date" } else { "until" };
        errors.push(FieldError::new(field, "activity-done-in-future"));
        return None;
    }
    Some((first, last))
}

/// The counts as typed, checked: whole numbers, at least one beneficiary for a done activity,
/// "of whom" categories within the total. Returns the counts and their total.
fn check_counts(
    categories: &[Category],
    draft: &ActivityDraft,
    status: Status,
    errors: &mut Vec<FieldError>,
) -> (Vec<(i64, i64)>, i64) {
    let mut counts = Vec::new();
    for c in categories {
        let typed = draft.count_of(&c.code).trim();
        if typed.is_empty() {
            continue;
        }
        match typed.parse::<i64>() {
            Ok(n) if (0..=1_000_000).contains(&n) => counts.push((c.id, n)),
            _ => errors.push(FieldError::new(
                format!("count-{}", c.code),
                "activity-count-range",
            )),
        }
    }
    let in_total: i64 = counts
        .iter()
        .filter(|(id, _)| categories.iter().any(|c| c.id == *id && c.in_total))
        .map(|(_, n)| n)
        .sum();
    if status == Status::Done && in_total == 0 && errors.is_empty() {
        errors.push(FieldError::new("counts", "activity-no-beneficiaries"));
    }
    // "Of whom" counts stay within the total.
    for c in categories.iter().filter(|c| !c.in_total) {
        if counts.iter().any(|(id, n)| *id == c.id && *n > in_total) {
            errors.push(FieldError::new(
                format!("count-{}", c.code),
                "activity-of-whom-above-total",
            ));
        }
    }
    (counts, in_total)
}
