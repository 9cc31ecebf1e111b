//! New body types, from the administration page or the API: an organ the template did not have
//! (a national youth council, a commission). Checked like the template's; its bodies are made
//! at once, one per unit of its level; audited.

pub mod store;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::model::{BodyType, Position};
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::error::{AppError, AppResult, FieldError};
use crate::organizations;

/// The levels a body type may sit at.
pub const LEVELS: [&str; 5] = ["country", "region", "province", "commune", "branch"];

/// A seat as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct SeatDraft {
    /// A stable code; made from the French name when empty.
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name_ar: String,
    #[serde(default)]
    pub name_fr: String,
    #[serde(default)]
    pub name_en: String,
    /// One holder at a time (the secretary general), or several (members).
    #[serde(default)]
    pub single_seat: bool,
}

/// A body type as typed.
#[derive(Clone, Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct BodyTypeDraft {
    /// Lower-case letters, digits and `_`.
    #[serde(default)]
    pub code: String,
    /// The organization's code (`party`, `youth`…).
    #[serde(default)]
    pub organization: String,
    #[serde(default)]
    pub name_ar: String,
    #[serde(default)]
    pub name_fr: String,
    #[serde(default)]
    pub name_en: String,
    /// `country`, `region`, `province`, `commune` or `branch`.
    #[serde(default)]
    pub level: String,
    /// At least this many meetings a year (1 to 52).
    #[serde(default)]
    pub meetings_per_year: i64,
    /// `majority`, or `share` with `quorum_share` such as `2/3`.
    #[serde(default)]
    pub quorum_rule: String,
    #[serde(default)]
    pub quorum_share: String,
    #[serde(default)]
    pub seats: Vec<SeatDraft>,
}

pub(crate) use crate::ui::forms::{arabic, latin};

pub(crate) fn valid_code(code: &str) -> bool {
    (2..=40).contains(&code.len())
        && code.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A code made of a French name: `Secrétaire général` → `secretaire_general`.
pub(crate) fn code_of(name: &str) -> String {
    let folded = mizan_text::fold(name);
    let code: String = folded
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    code.split('_')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// Checks a name field of a body type, a seat or a theme: required or not, its script, its length.
pub(crate) fn name(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    required: bool,
    script: fn(&str) -> bool,
    wrong: &'static str,
) -> String {
    crate::ui::forms::name_field(errors, field, value, required, script, wrong, 120)
}

/// What a new body type made.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Created {
    pub body_type: BodyType,
    pub seats: Vec<Position>,
    /// Bodies made, one per unit of its level.
    pub bodies: u64,
}

/// Creates a body type with its seats, and its bodies (one per unit of its level, formed today).
pub async fn create(state: &AppState, actor: &Actor, draft: &BodyTypeDraft) -> AppResult<Created> {
    let mut errors = Vec::new();
    let code = draft.code.trim().to_owned();
    let existing = store::body_types(&state.db).await?;
    if !valid_code(&code) {
        errors.push(FieldError::new("code", "body-type-code-format"));
    } else if existing.iter().any(|t| t.code == code) {
        errors.push(FieldError::new("code", "body-type-code-taken"));
    }
    let organization = organizations::all(&state.db)
        .await?
        .into_iter()
        .find(|o| o.code == draft.organization.trim());
    if organization.is_none() {
        errors.push(FieldError::new("organization", "field-unknown-choice"));
    }
    let name_ar = name(
        &mut errors,
        "name_ar",
        &draft.name_ar,
        true,
        arabic,
        "field-arabic-script",
    );
    let name_fr = name(
        &mut errors,
        "name_fr",
        &draft.name_fr,
        true,
        latin,
        "field-latin-script",
    );
    let name_en = name(
        &mut errors,
        "name_en",
        &draft.name_en,
        false,
        latin,
        "field-latin-script",
    );
    let level = draft.level.trim();
    if !LEVELS.contains(&level) {
        errors.push(FieldError::new("level", "field-unknown-choice"));
    }
    if !(1..=52).contains(&draft.meetings_per_year) {
        errors.push(FieldError::new("meetings_per_year", "body-type-pace-range"));
    }
    let (rule, numerator, denominator) = match draft.quorum_rule.trim() {
        "majority" | "" => ("majority", 1, 2),
        "share" => {
            let parsed = draft
                .quorum_share
                .trim()
                .split_once('/')
                .and_then(|(n, d)| Some((n.trim().parse::<i64>().ok()?, d.trim().parse::<i64>().ok()?)));
            match parsed {
                Some((n, d)) if n >= 1 && d >= 1 && n <= d && d <= 100 => ("share", n, d),
                _ => {
                    errors.push(FieldError::new("quorum_share", "body-type-share-format"));
                    ("share", 1, 2)
                }
            }
        }
        _ => {
            errors.push(FieldError::new("quorum_rule", "field-unknown-choice"));
            ("majority", 1, 2)
        }
    };
    let mut seats = Vec::new();
    if draft.seats.is_empty() {
        errors.push(FieldError::new("seats", "body-type-no-seat"));
    }
    for (i, seat) in draft.seats.iter().enumerate() {
        let field = |f: &str| format!("seats.{i}.{f}");
        let seat_ar = name(
            &mut errors,
            &field("name_ar"),
            &seat.name_ar,
            true,
            arabic,
            "field-arabic-script",
        );
        let seat_fr = name(
            &mut errors,
            &field("name_fr"),
            &seat.name_fr,
            true,
            latin,
            "field-latin-script",
        );
        let seat_en = name(
            &mut errors,
            &field("name_en"),
            &seat.name_en,
            false,
            latin,
            "field-latin-script",
        );
        let code = match seat.code.trim() {
            "" => code_of(&seat_fr),
            typed => typed.to_owned(),
        };
        if !valid_code(&code) {
            errors.push(FieldError::new(field("code"), "body-type-code-format"));
        } else if seats.iter().any(|s: &Position| s.code == code) {
            errors.push(FieldError::new(field("code"), "body-type-seat-twice"));
        }
        seats.push(Position {
            code,
            name_en: if seat_en.is_empty() {
                seat_fr.clone()
            } else {
                seat_en
            },
            name_ar: seat_ar,
            name_fr: seat_fr,
            single_seat: seat.single_seat,
            rank: i as i64,
        });
    }
    let Some(organization) = organization.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let mut body_type = BodyType {
        id: 0,
        code,
        organization_id: organization.id,
        name_en: if name_en.is_empty() {
            name_fr.clone()
        } else {
            name_en
        },
        name_ar,
        name_fr,
        level: level.to_owned(),
        meetings_per_year: draft.meetings_per_year,
        quorum_rule: rule.to_owned(),
        quorum_numerator: numerator,
        quorum_denominator: denominator,
        one_per_unit: true,
        retired_on: None,
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    body_type.id = store::insert_body_type(&mut tx, &body_type, &seats, now).await?;
    let bodies = super::store::create_bodies_for_level(&mut tx, &body_type, state.clock.today(), now).await?;
    audit::record(
        &mut tx,
        &state.key,
        now,
        actor,
        Event {
            action: "body_type.create",
            target_kind: "body_type",
            target_id: &body_type.code,
            details: json!({
                "organization": organization.code,
                "level": body_type.level,
                "seats": seats.len(),
                "bodies": bodies,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Created {
        body_type,
        seats,
        bodies,
    })
}

#[cfg(test)]
mod tests {
    use super::code_of;

    #[test]
    fn a_seat_code_is_made_of_its_french_name() {
        assert_eq!(code_of("Secrétaire général"), "secretaire_general");
        assert_eq!(code_of("  Membre  "), "membre");
        assert_eq!(code_of("Vice-président(e)"), "vice_president_e");
    }
}
