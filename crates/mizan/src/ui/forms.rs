//! What every form shares: a day typed in the ways people write it, names checked in their
//! script.

use chrono::NaiveDate;

use crate::error::FieldError;

/// Whether a text has Arabic letters.
pub(crate) fn arabic(s: &str) -> bool {
    s.chars().any(|c| ('\u{0620}'..='\u{064A}').contains(&c))
}

/// Whether a text has Latin letters (accented ones too).
pub(crate) fn latin(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c))
}

/// Checks a name field: required or not, in its script (`wrong` says otherwise), at most `max`
/// characters, without hidden controls; the value trimmed.
pub(crate) fn name_field(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    required: bool,
    script: fn(&str) -> bool,
    wrong: &'static str,
    max: usize,
) -> String {
    let value = value.trim();
    if value.is_empty() {
        if required {
            errors.push(FieldError::new(field, "field-required"));
        }
    } else if value.chars().count() > max {
        errors.push(FieldError::new(field, "field-too-long"));
    } else if mizan_text::has_hidden_controls(value) {
        errors.push(FieldError::new(field, "field-control-characters"));
    } else if !script(value) {
        errors.push(FieldError::new(field, wrong));
    }
    value.to_owned()
}

/// A thing's names in Arabic and French (required) and English (optional), each checked in its
/// script, at most `max` characters, under the fields `name_ar`, `name_fr`, `name_en`.
pub(crate) fn names(
    errors: &mut Vec<FieldError>,
    ar: &str,
    fr: &str,
    en: &str,
    max: usize,
) -> (String, String, String) {
    (
        name_field(errors, "name_ar", ar, true, arabic, "field-arabic-script", max),
        name_field(errors, "name_fr", fr, true, latin, "field-latin-script", max),
        name_field(errors, "name_en", en, false, latin, "field-latin-script", max),
    )
}

/// A date as branches write it: `yyyy-mm-dd`, `dd/mm/yyyy`, `dd-mm-yyyy` or `dd.mm.yyyy`.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    // `NaiveDate::parse_from_str`, with the formats parsed once rather than at every call (an
    // import parses a date per row).
    static FORMATS: std::sync::LazyLock<Vec<Vec<chrono::format::Item<'static>>>> =
        std::sync::LazyLock::new(|| {
            ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"]
                .into_iter()
                .map(|f| {
                    chrono::format::StrftimeItems::new(f)
                        .parse_to_owned()
                        .expect("a valid date format")
                })
                .collect()
        });
    let s = s.trim();
    FORMATS.iter().find_map(|items| {
        let mut parsed = chrono::format::Parsed::new();
        chrono::format::parse(&mut parsed, s, items.iter()).ok()?;
        parsed.to_naive_date().ok()
    })
}

/// Three numbers between separators, like a date that does not exist (31/02/2001).
pub fn looks_like_a_date(s: &str) -> bool {
    let parts: Vec<&str> = s.trim().split(['/', '-', '.']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
}
