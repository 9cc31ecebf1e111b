//! A list of branches imported from a file (CSV or .xlsx), one row per branch: its commune (HCP
//! code, or name in Arabic or French), its names in Arabic and French, its founding date. First a
//! check, with a per-row report (row, column, why); then the rows that passed are imported,
//! checked again, in one transaction: all of them or none.

use std::collections::HashSet;

use chrono::NaiveDate;
use mizan_sheet::{Limits, Next};
use serde::{Deserialize, Serialize};

use super::super::actions::{NewUnitDraft, insert_party_unit};
use super::super::places::Places;
use super::super::{Level, Unit, store};
use crate::app::AppState;
use crate::auth::{Permit, Scope};
use crate::error::{AppError, AppResult};
use crate::ui::forms::parse_date;

/// The largest list accepted: a province has a few hundred communes, a country a few thousand.
pub const MAX_ROWS: usize = 2_000;
/// The largest file accepted.
pub const UPLOAD_LIMIT: usize = 4 * 1024 * 1024;

/// The columns of a list of branches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Commune,
    NameAr,
    NameFr,
    FoundedOn,
}

impl Column {
    pub const ALL: [Column; 4] = [Column::Commune, Column::NameAr, Column::NameFr, Column::FoundedOn];

    /// The message key of the column's name.
    pub fn message_key(self) -> &'static str {
        match self {
            Column::Commune => "branch-import-commune",
            Column::NameAr => "branch-import-name-ar",
            Column::NameFr => "branch-import-name-fr",
            Column::FoundedOn => "branch-import-founded-on",
        }
    }

    /// Headers that name the column, folded (`mizan_text::fold`), in the three languages.
    fn headers(self) -> &'static [&'static str] {
        match self {
            Column::Commune => &[
                "commune",
                "code commune",
                "commune code",
                "code",
                "الجماعة",
                "رمز الجماعة",
                "جماعه",
                "الجماعه",
            ],
            Column::NameAr => &[
                "name ar",
                "nom ar",
                "nom arabe",
                "arabic name",
                "الاسم بالعربيه",
                "الاسم",
                "اسم الفرع",
                "الفرع",
            ],
            Column::NameFr => &[
                "name fr",
                "nom fr",
                "nom",
                "nom francais",
                "french name",
                "name",
                "الاسم بالفرنسيه",
            ],
            Column::FoundedOn => &[
                "founded on",
                "founded",
                "date de creation",
                "date",
                "تاريخ التاسيس",
                "تاريخ الاحداث",
            ],
        }
    }

    fn of_header(text: &str) -> Option<Column> {
        let folded = mizan_text::fold(text);
        Column::ALL
            .into_iter()
            .find(|c| c.headers().contains(&folded.as_str()))
    }
}

/// One row of the file, as typed.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct BranchRow {
    /// The row's number in the spreadsheet.
    pub row: usize,
    pub commune: String,
    pub name_ar: String,
    pub name_fr: String,
    pub founded_on: String,
}

/// Why a file could not be read as a list of branches (message keys).
#[derive(Debug)]
pub enum Unreadable {
    /// The reader's own reason (`mizan_sheet::ReadError::code`).
    File(&'static str),
    /// No header row names these columns.
    MissingColumns(Vec<Column>),
    TooManyRows,
    /// A header and nothing under it.
    NoRows,
}

/// Reads the rows of a list: the header is the first row that names the commune and both names;
/// blank rows are skipped.
pub fn read(bytes: &[u8]) -> Result<Vec<BranchRow>, Unreadable> {
    let limits = Limits {
        max_file_bytes: UPLOAD_LIMIT as u64,
        max_rows: MAX_ROWS + 20,
        max_columns: 50,
        max_cell_chars: 500,
        max_unzipped_bytes: 64 * 1024 * 1024,
        max_part_bytes: 16 * 1024 * 1024,
        max_shared_strings: 50_000,
    };
    let mut header: Option<[Option<usize>; 4]> = None;
    let mut best: Vec<Column> = Vec::new();
    let mut rows = Vec::new();
    let mut too_many = false;
    mizan_sheet::read_bytes(bytes, &limits, |row| {
        if row.is_blank() {
            return Next::More;
        }
        let Some(columns) = header else {
            let mut found = [None; 4];
            for (i, cell) in row.cells.iter().enumerate() {
                if let Some(c) = Column::of_header(cell)
                    && found[c as usize].is_none()
                {
                    found[c as usize] = Some(i);
                }
            }
            let named: Vec<Column> = Column::ALL
                .into_iter()
                .filter(|c| found[*c as usize].is_some())
                .collect();
            if named.len() > best.len() {
                best = named;
            }
            if found[..3].iter().all(Option::is_some) {
                header = Some(found);
            }
            return Next::More;
        };
        if rows.len() == MAX_ROWS {
            too_many = true;
            return Next::Stop;
        }
        let cell = |c: Column| {
            columns[c as usize]
                .and_then(|i| row.cells.get(i))
                .cloned()
                .unwrap_or_default()
        };
        rows.push(BranchRow {
            row: row.number,
            commune: cell(Column::Commune),
            name_ar: cell(Column::NameAr),
            name_fr: cell(Column::NameFr),
            founded_on: cell(Column::FoundedOn),
        });
        Next::More
    })
    .map_err(|e| Unreadable::File(e.code()))?;
    if header.is_none() {
        let missing = Column::ALL[..3]
            .iter()
            .copied()
            .filter(|c| !best.contains(c))
            .collect();
        return Err(Unreadable::MissingColumns(missing));
    }
    if too_many {
        return Err(Unreadable::TooManyRows);
    }
    if rows.is_empty() {
        return Err(Unreadable::NoRows);
    }
    Ok(rows)
}

/// A row that passed: where the branch opens, and since when.
#[derive(Clone, Debug)]
pub struct Ready {
    pub commune: Unit,
    pub founded_on: NaiveDate,
}

/// A row refused: the column at fault and why (a message key).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub column: Column,
    pub reason: &'static str,
}

#[derive(Clone, Debug)]
pub struct Checked {
    pub row: BranchRow,
    pub verdict: Result<Ready, Refusal>,
}

/// Checks each row for a branch under `place` (a unit the caller manages): its commune must lie
/// below `place` and in the caller's scope, its names as a branch's form asks, its date not
/// ahead, and no branch of that name in that commune already (in the store or higher in the file).
pub async fn check(
    state: &AppState,
    scope: &Scope,
    place: &Unit,
    rows: Vec<BranchRow>,
) -> AppResult<Vec<Checked>> {
    let places = Places::load(&state.db, scope, Some(place)).await?;
    let mut communes = Vec::new();
    for level in [Level::Commune, Level::Arrondissement] {
        communes.extend(store::descendants_within(&state.db, &place.path, level, scope).await?);
    }
    let mut taken: HashSet<(String, String)> =
        store::descendants_at(&state.db, &place.path, Level::Branch, scope)
            .await?
            .into_iter()
            .filter_map(|b| Some((b.parent_code?, mizan_text::fold(&b.name_ar))))
            .collect();
    let today = state.clock.today();
    let mut checked = Vec::with_capacity(rows.len());
    for row in rows {
        let verdict = check_row(&row, &places, &communes, &mut taken, today);
        checked.push(Checked { row, verdict });
    }
    Ok(checked)
}

fn check_row(
    row: &BranchRow,
    places: &Places,
    communes: &[Unit],
    taken: &mut HashSet<(String, String)>,
    today: NaiveDate,
) -> Result<Ready, Refusal> {
    let refuse = |column, reason| Err(Refusal { column, reason });
    if row.commune.trim().is_empty() {
        return refuse(Column::Commune, "field-required");
    }
    let commune = match places.resolve(&row.commune) {
        Err(reason) => return refuse(Column::Commune, reason),
        Ok((code, _)) => match communes.iter().find(|c| c.code == code) {
            Some(c) => c.clone(),
            None => return refuse(Column::Commune, "branch-import-commune-outside"),
        },
    };
    let draft = NewUnitDraft {
        name_ar: row.name_ar.clone(),
        name_fr: row.name_fr.clone(),
        country_code: String::new(),
    };
    if let Err(errors) = draft.parse(Level::Branch)
        && let Some(first) = errors.first()
    {
        let column = if first.field == "name_ar" {
            Column::NameAr
        } else {
            Column::NameFr
        };
        return refuse(column, first.code);
    }
    let founded_on = match row.founded_on.trim() {
        "" => today,
        text => match parse_date(text) {
            None => return refuse(Column::FoundedOn, "field-date-format"),
            Some(d) if d > today => return refuse(Column::FoundedOn, "branch-import-founded-ahead"),
            Some(d) => d,
        },
    };
    if !taken.insert((commune.code.clone(), mizan_text::fold(&row.name_ar))) {
        return refuse(Column::NameAr, "branch-import-exists");
    }
    Ok(Ready { commune, founded_on })
}

/// Imports the rows, checked again now: every one becomes a branch with its bureau, in one
/// transaction; if any row no longer passes, nothing is written and the check says why.
pub async fn import(
    state: &AppState,
    permit: &Permit,
    place: &Unit,
    rows: Vec<BranchRow>,
) -> AppResult<Result<Vec<Unit>, Vec<Checked>>> {
    let (scope, actor) = (&permit.scope, &permit.actor);
    let checked = check(state, scope, place, rows).await?;
    if checked.iter().any(|c| c.verdict.is_err()) {
        return Ok(Err(checked));
    }
    let mut tx = state.db.begin().await?;
    let mut made = Vec::with_capacity(checked.len());
    for Checked { row, verdict } in checked {
        let Ok(ready) = verdict else { continue };
        let draft = NewUnitDraft {
            name_ar: row.name_ar,
            name_fr: row.name_fr,
            country_code: String::new(),
        };
        let new = draft.parse(Level::Branch).map_err(AppError::Invalid)?;
        made.push(
            insert_party_unit(
                state,
                &mut tx,
                actor,
                &ready.commune,
                Level::Branch,
                new,
                ready.founded_on,
            )
            .await?,
        );
    }
    tx.commit().await?;
    Ok(Ok(made))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Vec<u8> {
        text.as_bytes().to_vec()
    }

    #[test]
    fn the_header_is_found_in_any_language_under_a_title() {
        let rows = read(&csv(
            "Branches de Taza\n\nالجماعة,الاسم بالعربية,Nom,تاريخ التأسيس\n03.561.01.01,فرع أكنول,Aknoul,2020-03-01\n,,,\n",
        ))
        .expect("read");
        assert_eq!(
            rows,
            vec![BranchRow {
                row: 4,
                commune: "03.561.01.01".into(),
                name_ar: "فرع أكنول".into(),
                name_fr: "Aknoul".into(),
                founded_on: "2020-03-01".into(),
            }]
        );
    }

    #[test]
    fn a_list_without_a_commune_column_says_so() {
        match read(&csv("name_ar,name_fr\nفرع,Branche\n")) {
            Err(Unreadable::MissingColumns(missing)) => assert_eq!(missing, vec![Column::Commune]),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read(&csv("commune,name_ar,name_fr\n")),
            Err(Unreadable::NoRows)
        ));
    }
}
