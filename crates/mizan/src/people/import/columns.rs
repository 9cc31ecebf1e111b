//! What the columns of a branch's file hold: the header row is found among the first rows, and
//! each header, in Arabic, French or English, is recognised by the words branches use.

use mizan_sheet::Row;

/// A field of the registry a column can feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The family name, in whichever script the cell is written.
    FamilyName,
    GivenName,
    Cin,
    Phone,
    BirthDate,
    Sex,
    Email,
    /// The commune or arrondissement of residence, by name (Arabic or French) or HCP code.
    Commune,
    Profession,
    Education,
    /// Street and number (sealed).
    Address,
    Notes,
    /// When the person joined the organization (memberships only).
    JoinDate,
}

impl Field {
    pub const ALL: [Field; 13] = [
        Field::FamilyName,
        Field::GivenName,
        Field::Cin,
        Field::Phone,
        Field::BirthDate,
        Field::Sex,
        Field::Email,
        Field::Commune,
        Field::Profession,
        Field::Education,
        Field::Address,
        Field::Notes,
        Field::JoinDate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Field::FamilyName => "family_name",
            Field::GivenName => "given_name",
            Field::Cin => "cin",
            Field::Phone => "phone",
            Field::BirthDate => "birth_date",
            Field::Sex => "sex",
            Field::Email => "email",
            Field::Commune => "commune",
            Field::Profession => "profession",
            Field::Education => "education",
            Field::Address => "address",
            Field::Notes => "notes",
            Field::JoinDate => "join_date",
        }
    }

    pub fn parse(code: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The message key of its label.
    pub fn label_key(self) -> String {
        format!("import-field-{}", self.code().replace('_', "-"))
    }
}

/// Words that name a field in headers, folded (mizan_text::fold), tried in this order: the first
/// that the folded header contains wins. `None` marks headers recognised as something Mizan does
/// not import (a full name in one cell, a row number), so that a word inside them is not misread.
const HEADER_WORDS: &[(&str, Option<Field>)] = &[
    ("nom et prenom", None),
    ("nom complet", None),
    ("الاسم الكامل", None),
    ("الاسم والنسب", None),
    ("الاسم و النسب", None),
    ("full name", None),
    ("prenom", Some(Field::GivenName)),
    ("الشخصي", Some(Field::GivenName)),
    ("given", Some(Field::GivenName)),
    ("first name", Some(Field::GivenName)),
    ("firstname", Some(Field::GivenName)),
    ("العايلي", Some(Field::FamilyName)),
    ("النسب", Some(Field::FamilyName)),
    ("family", Some(Field::FamilyName)),
    ("surname", Some(Field::FamilyName)),
    ("last name", Some(Field::FamilyName)),
    ("lastname", Some(Field::FamilyName)),
    ("البطاقه", Some(Field::Cin)),
    ("cnie", Some(Field::Cin)),
    ("cin", Some(Field::Cin)),
    ("carte nationale", Some(Field::Cin)),
    ("national id", Some(Field::Cin)),
    ("الازدياد", Some(Field::BirthDate)),
    ("الميلاد", Some(Field::BirthDate)),
    ("naissance", Some(Field::BirthDate)),
    ("birth", Some(Field::BirthDate)),
    ("الانخراط", Some(Field::JoinDate)),
    ("adhesion", Some(Field::JoinDate)),
    ("joined", Some(Field::JoinDate)),
    ("هاتف", Some(Field::Phone)),
    ("الهاتف", Some(Field::Phone)),
    ("الجوال", Some(Field::Phone)),
    ("telephone", Some(Field::Phone)),
    ("tel", Some(Field::Phone)),
    ("gsm", Some(Field::Phone)),
    ("phone", Some(Field::Phone)),
    ("mobile", Some(Field::Phone)),
    ("portable", Some(Field::Phone)),
    ("الجنس", Some(Field::Sex)),
    ("sexe", Some(Field::Sex)),
    ("genre", Some(Field::Sex)),
    ("gender", Some(Field::Sex)),
    ("sex", Some(Field::Sex)),
    ("البريد", Some(Field::Email)),
    ("mail", Some(Field::Email)),
    ("courriel", Some(Field::Email)),
    ("الجماعه", Some(Field::Commune)),
    ("المقاطعه", Some(Field::Commune)),
    ("commune", Some(Field::Commune)),
    ("arrondissement", Some(Field::Commune)),
    ("المهنه", Some(Field::Profession)),
    ("profession", Some(Field::Profession)),
    ("metier", Some(Field::Profession)),
    ("occupation", Some(Field::Profession)),
    ("الدراسي", Some(Field::Education)),
    ("niveau", Some(Field::Education)),
    ("etudes", Some(Field::Education)),
    ("education", Some(Field::Education)),
    ("العنوان", Some(Field::Address)),
    ("adresse", Some(Field::Address)),
    ("address", Some(Field::Address)),
    ("ملاحظ", Some(Field::Notes)),
    ("remarque", Some(Field::Notes)),
    ("observation", Some(Field::Notes)),
    ("notes", Some(Field::Notes)),
    ("nom", Some(Field::FamilyName)),
    ("name", Some(Field::FamilyName)),
];

/// The field a header names, if any.
pub fn recognise(header: &str) -> Option<Field> {
    let folded = mizan_text::fold(header);
    if folded.is_empty() {
        return None;
    }
    // "الاسم" alone is the given name on Moroccan forms (beside "النسب").
    if folded == "الاسم" || folded == "اسم" {
        return Some(Field::GivenName);
    }
    HEADER_WORDS
        .iter()
        .find(|(words, _)| folded.contains(words))
        .and_then(|(_, field)| *field)
}

/// Which field each column feeds (by position); a field is fed by one column at most, except the
/// names (a file may have them in both scripts).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mapping(pub Vec<Option<Field>>);

impl Mapping {
    pub fn from_headers(headers: &[String]) -> Mapping {
        let mut seen = std::collections::HashSet::new();
        Mapping(
            headers
                .iter()
                .map(|h| {
                    recognise(h)
                        .filter(|f| matches!(f, Field::FamilyName | Field::GivenName) || seen.insert(*f))
                })
                .collect(),
        )
    }

    pub fn columns_of(&self, field: Field) -> impl Iterator<Item = usize> + '_ {
        self.0
            .iter()
            .enumerate()
            .filter(move |(_, f)| **f == Some(field))
            .map(|(i, _)| i)
    }

    pub fn has(&self, field: Field) -> bool {
        self.columns_of(field).next().is_some()
    }

    /// A field other than the names fed by two columns (the user's mapping is ambiguous).
    pub fn repeated(&self) -> Option<Field> {
        let mut seen = std::collections::HashSet::new();
        self.0
            .iter()
            .flatten()
            .filter(|f| !matches!(f, Field::FamilyName | Field::GivenName))
            .find(|f| !seen.insert(**f))
            .copied()
    }

    pub fn recognised(&self) -> usize {
        self.0
            .iter()
            .flatten()
            .collect::<std::collections::HashSet<_>>()
            .len()
    }
}

/// How many rows from the top a header may sit (below titles, a date, the branch's name…).
pub const HEADER_SEARCH_ROWS: usize = 20;

/// The header row among the first rows: the one naming the most fields (at least two).
pub fn find_header(rows: &[Row]) -> Option<(usize, Mapping)> {
    let mut best: Option<(usize, Mapping)> = None;
    for row in rows.iter().take(HEADER_SEARCH_ROWS) {
        let mapping = Mapping::from_headers(&row.cells);
        let n = mapping.recognised();
        if n >= 2 && best.as_ref().is_none_or(|(_, m)| n > m.recognised()) {
            best = Some((row.number, mapping));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_and_french_headers() {
        let cases = [
            ("الاسم العائلي", Some(Field::FamilyName)),
            ("الاسم الشخصي", Some(Field::GivenName)),
            ("النسب", Some(Field::FamilyName)),
            ("الإسم", Some(Field::GivenName)),
            ("رقم البطاقة الوطنية", Some(Field::Cin)),
            ("الهاتف", Some(Field::Phone)),
            ("تاريخ الازدياد", Some(Field::BirthDate)),
            ("Nom", Some(Field::FamilyName)),
            ("Prénom", Some(Field::GivenName)),
            ("N° CIN", Some(Field::Cin)),
            ("Téléphone", Some(Field::Phone)),
            ("Date de naissance", Some(Field::BirthDate)),
            ("Date d'adhésion", Some(Field::JoinDate)),
            ("Nom et prénom", None),
            ("الرقم الترتيبي", None),
            ("العنوان", Some(Field::Address)),
            ("Adresse", Some(Field::Address)),
            ("Adresse e-mail", Some(Field::Email)),
            ("ملاحظات", Some(Field::Notes)),
            ("Observations", Some(Field::Notes)),
            ("المهنة", Some(Field::Profession)),
        ];
        for (header, field) in cases {
            assert_eq!(recognise(header), field, "{header}");
        }
    }

    #[test]
    fn the_header_is_found_below_title_rows() {
        let row = |number: usize, cells: &[&str]| Row {
            number,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        };
        let rows = vec![
            row(1, &["لائحة المنخرطين - فرع تازة"]),
            row(2, &[]),
            row(3, &["الرقم", "الاسم العائلي", "الاسم الشخصي", "الهاتف"]),
            row(4, &["1", "العلوي", "محمد", "0612345678"]),
        ];
        let (number, mapping) = find_header(&rows).expect("a header");
        assert_eq!(number, 3);
        assert_eq!(
            mapping.0,
            vec![
                None,
                Some(Field::FamilyName),
                Some(Field::GivenName),
                Some(Field::Phone)
            ]
        );
    }
}
