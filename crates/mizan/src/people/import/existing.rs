//! What an import does to the people it finds already registered (within the importer's reach):
//! nothing (`skip`), their empty fields filled from the file (`fill`), or every field the file
//! says otherwise changed (`update`). An empty cell never clears a field. The report lists, row by
//! row, the fields changed; each changed record is audited as a rectification.

use chrono::NaiveDate;

use super::columns::Field;
use crate::keys::MasterKey;
use crate::people::draft::PersonDraft;
use crate::people::model::PersonRow;
use crate::people::store::PersonRecord;

/// What to do with a known person's fields.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum OnExisting {
    /// Keep the record as it is.
    #[default]
    Skip,
    /// Fill the fields the record leaves empty.
    Fill,
    /// Take every field the file fills and says otherwise.
    Update,
}

impl OnExisting {
    pub const ALL: [OnExisting; 3] = [OnExisting::Skip, OnExisting::Fill, OnExisting::Update];

    pub fn code(self) -> &'static str {
        match self {
            OnExisting::Skip => "skip",
            OnExisting::Fill => "fill",
            OnExisting::Update => "update",
        }
    }

    pub fn parse(code: &str) -> Option<OnExisting> {
        OnExisting::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// A row of a known person whose record took fields from the file.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Updated {
    pub row: usize,
    pub fields: Vec<Field>,
}

/// The record as it is after the row, and the fields that changed (none: unchanged).
pub fn merged(before: &PersonDraft, typed: &PersonDraft, how: OnExisting) -> (PersonDraft, Vec<Field>) {
    let mut after = before.clone();
    let mut changed: Vec<Field> = Vec::new();
    if how == OnExisting::Skip {
        return (after, changed);
    }
    for (field, held, from_file) in [
        (Field::GivenName, &mut after.given_ar, &typed.given_ar),
        (Field::FamilyName, &mut after.family_ar, &typed.family_ar),
        (Field::GivenName, &mut after.given_latin, &typed.given_latin),
        (Field::FamilyName, &mut after.family_latin, &typed.family_latin),
        (Field::Sex, &mut after.sex, &typed.sex),
        (Field::BirthDate, &mut after.birth_date, &typed.birth_date),
        (Field::Cin, &mut after.cin, &typed.cin),
        (Field::Phone, &mut after.phone, &typed.phone),
        (Field::Email, &mut after.email, &typed.email),
        (Field::Profession, &mut after.profession, &typed.profession),
        (Field::Education, &mut after.education, &typed.education),
        (Field::Address, &mut after.address, &typed.address),
        (Field::Notes, &mut after.notes, &typed.notes),
    ] {
        let takes =
            !from_file.is_empty() && held != from_file && (how == OnExisting::Update || held.is_empty());
        if takes {
            held.clone_from(from_file);
            if !changed.contains(&field) {
                changed.push(field);
            }
        }
    }
    (after, changed)
}

/// The row to store for a known person after the merge: their uid, place and CIN standing kept.
/// None if the merged fields break a rule (they are each valid, so only a date or a script
/// taken together could).
pub fn rewritten(
    key: &MasterKey,
    today: NaiveDate,
    record: &PersonRecord,
    after: &PersonDraft,
) -> Option<PersonRow> {
    let checked = after.check(today).ok()?;
    let mut row = checked.into_row(key, &record.uid);
    row.id = record.id;
    row.residence_code.clone_from(&record.residence_code);
    row.residence_path.clone_from(&record.residence_path);
    row.cin_shared = record.cin_shared;
    Some(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(given: &str, phone: &str, profession: &str) -> PersonDraft {
        PersonDraft {
            given_ar: given.into(),
            phone: phone.into(),
            profession: profession.into(),
            ..PersonDraft::default()
        }
    }

    #[test]
    fn fill_takes_only_what_the_record_lacks_and_update_what_differs_never_an_empty_cell() {
        let held = draft("أحمد", "+212661000001", "");
        let file = draft("احمد", "+212661000002", "أستاذ");
        let (after, fields) = merged(&held, &file, OnExisting::Fill);
        assert_eq!(fields, vec![Field::Profession]);
        assert_eq!(
            (after.given_ar.as_str(), after.phone.as_str()),
            ("أحمد", "+212661000001")
        );
        let (after, fields) = merged(&held, &file, OnExisting::Update);
        assert_eq!(fields, vec![Field::GivenName, Field::Phone, Field::Profession]);
        assert_eq!(after.phone, "+212661000002");
        let (_, fields) = merged(&held, &draft("", "", ""), OnExisting::Update);
        assert!(fields.is_empty(), "an empty cell clears nothing");
        assert!(merged(&held, &file, OnExisting::Skip).1.is_empty());
    }
}
