//! A row checked: its fields parsed and sealed, its CIN and phone digested, matched to someone
//! already registered (by CIN, or phone and names, within the importer's reach) or to an earlier
//! row of the same file; what it would write, or why it is rejected.

use super::*;

/// A batch of rows as checked on the reading thread.
#[derive(Default)]
pub(super) struct Checked {
    pub(super) read: usize,
    pub(super) skipped_blank: usize,
    pub(super) candidates: Vec<Candidate>,
    /// The rejections of each rejected row.
    pub(super) rejected: Vec<Vec<Rejection>>,
}

/// A row that passed every rule, waiting for the batch's lookups.
pub(super) struct Candidate {
    pub(super) row: usize,
    pub(super) person: PersonRow,
    pub(super) joined_on: NaiveDate,
    /// The row's fields as they would be stored, when known people's records may take them.
    pub(super) typed: Option<PersonDraft>,
}

/// The rules every row goes through.
pub(super) struct Checker {
    pub(super) plan: Plan,
    pub(super) places: Option<Places>,
    pub(super) key: MasterKey,
    pub(super) today: NaiveDate,
    /// The threads a batch is checked on.
    pub(super) cores: usize,
}

/// The people met so far in the file, to find one met twice. The keys are keyed digests (uniform
/// and unforgeable without the key), held as numbers and hashed by foldhash rather than SipHash.
pub(super) struct SeenInFile {
    /// Digests of CINs, and their rows.
    pub(super) cin: foldhash::HashMap<u128, usize>,
    /// Digests of phone numbers with the names they came with (people without a CIN).
    pub(super) phone: foldhash::HashMap<(u128, String), usize>,
}

impl SeenInFile {
    /// Room for a file of `bytes` (rehashing a map of a million people costs more than filling it).
    pub(super) fn for_file(bytes: u64) -> SeenInFile {
        let rows = usize::try_from(bytes / BYTES_PER_ROW).unwrap_or(0).min(4_000_000);
        SeenInFile {
            cin: foldhash::HashMap::with_capacity_and_hasher(rows, Default::default()),
            phone: foldhash::HashMap::default(),
        }
    }
}

/// A keyed digest (`MasterKey::blind_index`: 32 hexadecimal digits) as a number.
pub(super) fn digest_number(digest: &str) -> u128 {
    u128::from_str_radix(digest, 16).expect("a keyed digest is 32 hexadecimal digits")
}

/// The writing side: matches checked rows against the registry and inserts the rest.
pub(super) struct Importer<'a> {
    pub(super) state: &'a AppState,
    pub(super) plan: &'a Plan,
    /// The organization accepted rows join (at the plan's branch), if any.
    pub(super) organization: Option<i64>,
    pub(super) report: ImportReport,
    pub(super) tx: Option<Tx>,
    /// Set for a large import on SQLite: indexes rebuilt once at the end.
    pub(super) load: Option<BulkLoad>,
    pub(super) next_person: i64,
    pub(super) next_membership: i64,
    /// New members per branch path, for the rollups.
    pub(super) joined: HashMap<String, i64>,
    /// Rows written as new people whose CIN belongs to someone outside the importer's reach (said
    /// in the audit entry, which the importer does not read, never in the report).
    pub(super) held_elsewhere: usize,
    /// Known people whose record the file changed, and the fields (each audited at the end).
    pub(super) rectified: Vec<(String, Vec<Field>)>,
}

/// The first of a field's columns that is filled in this row.
pub(super) fn first_filled(mapping: &Mapping, row: &Row, field: Field) -> Option<usize> {
    mapping
        .columns_of(field)
        .find(|&c| row.cells.get(c).is_some_and(|v| !v.is_empty()))
}

impl Checker {
    /// Checks a batch of rows, sealing and digesting them on every core (the costly part), then
    /// looks for people met twice in the file's order.
    pub(super) fn check_batch(&self, seen: &mut SeenInFile, rows: Vec<Row>) -> Checked {
        let check = |rows: &[Row]| -> Vec<Option<Result<Candidate, Vec<Rejection>>>> {
            rows.iter()
                .map(|row| (!row.is_blank()).then(|| self.check(row)))
                .collect()
        };
        let check = &check;
        let results = std::thread::scope(|scope| {
            let mut parts = rows.chunks(rows.len().div_ceil(self.cores).max(1));
            let own = parts.next().unwrap_or_default();
            let others: Vec<_> = parts.map(|part| scope.spawn(move || check(part))).collect();
            let mut results = check(own);
            for other in others {
                results.extend(
                    other
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                );
            }
            results
        });
        let mut batch = Checked {
            read: rows.len(),
            ..Checked::default()
        };
        for (row, result) in rows.iter().zip(results) {
            match result.map(|r| r.and_then(|candidate| self.once_in_file(seen, row, candidate))) {
                None => batch.skipped_blank += 1,
                Some(Ok(candidate)) => batch.candidates.push(candidate),
                Some(Err(rejections)) => batch.rejected.push(rejections),
            }
        }
        batch
    }

    /// Checks one row against the registry's rules.
    fn check(&self, row: &Row) -> Result<Candidate, Vec<Rejection>> {
        let mapping = &self.plan.mapping;
        let cell = |column: usize| row.cells.get(column).map(String::as_str).unwrap_or("");
        let first = |field: Field| first_filled(mapping, row, field);
        let text = |field: Field| first(field).map(cell).unwrap_or("");
        let rejection = |column: Option<usize>, reason: &'static str| Rejection {
            row: row.number,
            column: column.map(|c| c + 1),
            header: String::new(),
            value: column.map(cell).unwrap_or("").to_owned(),
            reason,
            other_row: None,
        };

        let mut draft = PersonDraft::default();
        // Names go by the script they are written in, whatever the header says.
        let mut name_columns: HashMap<&'static str, usize> = HashMap::new();
        for (field, arabic, latin) in [
            (Field::FamilyName, "family_ar", "family_latin"),
            (Field::GivenName, "given_ar", "given_latin"),
        ] {
            for column in mapping.columns_of(field) {
                let value = cell(column);
                if value.is_empty() {
                    continue;
                }
                let slot = if value.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
                    arabic
                } else {
                    latin
                };
                let target = match slot {
                    "family_ar" => &mut draft.family_ar,
                    "family_latin" => &mut draft.family_latin,
                    "given_ar" => &mut draft.given_ar,
                    _ => &mut draft.given_latin,
                };
                if target.is_empty() {
                    *target = value.to_owned();
                    name_columns.insert(slot, column);
                }
            }
        }
        draft.sex = match mizan_text::fold(text(Field::Sex)).as_str() {
            "" => String::new(),
            "m" | "h" | "homme" | "masculin" | "male" | "ذكر" => "m".into(),
            "f" | "femme" | "feminin" | "female" | "انثي" | "انثى" => "f".into(),
            _ => "?".into(),
        };
        draft.birth_date = text(Field::BirthDate).to_owned();
        draft.cin = text(Field::Cin).to_owned();
        draft.phone = text(Field::Phone).to_owned();
        draft.email = text(Field::Email).to_owned();
        draft.profession = text(Field::Profession).to_owned();
        draft.education = text(Field::Education).to_owned();
        draft.address = text(Field::Address).to_owned();
        draft.notes = text(Field::Notes).to_owned();

        let mut rejections = Vec::new();
        let checked = draft.check(self.today).map_err(|errors| {
            errors
                .into_iter()
                .map(|e| {
                    let column = match e.field.as_str() {
                        "family_ar" | "family_latin" | "given_ar" | "given_latin" => {
                            name_columns.get(e.field.as_str()).copied().or_else(|| {
                                let field = if e.field.starts_with("family") {
                                    Field::FamilyName
                                } else {
                                    Field::GivenName
                                };
                                mapping.columns_of(field).next()
                            })
                        }
                        "sex" => first(Field::Sex),
                        "birth_date" => first(Field::BirthDate),
                        "cin" => first(Field::Cin),
                        "phone" => first(Field::Phone),
                        "email" => first(Field::Email),
                        "profession" => first(Field::Profession),
                        "education" => first(Field::Education),
                        "address" => first(Field::Address),
                        "notes" => first(Field::Notes),
                        _ => None,
                    };
                    rejection(column, e.code)
                })
                .collect::<Vec<_>>()
        });
        let checked = match checked {
            Ok(c) => Some(c),
            Err(mut errors) => {
                rejections.append(&mut errors);
                None
            }
        };
        let residence = match &self.places {
            Some(places) if first(Field::Commune).is_some() => match places.resolve(text(Field::Commune)) {
                Ok(place) => Some(place),
                Err(reason) => {
                    rejections.push(rejection(first(Field::Commune), reason));
                    None
                }
            },
            _ => match (&self.plan.branch, &self.plan.residence) {
                (Some(branch), _) => Some(branch_commune(branch)),
                (None, Some(place)) => Some((place.code.clone(), place.path.clone())),
                (None, None) => None,
            },
        };
        if residence.is_none() && rejections.is_empty() {
            rejections.push(rejection(
                mapping.columns_of(Field::Commune).next(),
                "field-required",
            ));
        }
        let joined_on = match first(Field::JoinDate) {
            None => self.today,
            Some(column) => match crate::ui::forms::parse_date(cell(column)) {
                Some(d) if d <= self.today && d.year() >= 1950 => d,
                Some(_) => {
                    rejections.push(rejection(Some(column), "import-join-date-impossible"));
                    self.today
                }
                None => {
                    rejections.push(rejection(Some(column), "field-date-format"));
                    self.today
                }
            },
        };
        let (Some(checked), Some((residence_code, residence_path))) = (checked, residence) else {
            return Err(self.with_headers(rejections));
        };
        if !rejections.is_empty() {
            return Err(self.with_headers(rejections));
        }

        let typed = (self.plan.on_existing != OnExisting::Skip).then(|| checked.as_draft());
        let key = &self.key;
        let uid = crate::store::new_uid();
        let mut person = checked.into_row(key, &uid);
        person.residence_code = Some(residence_code);
        person.residence_path = Some(residence_path);

        Ok(Candidate {
            row: row.number,
            person,
            joined_on,
            typed,
        })
    }

    /// The same person twice in the file: the second is rejected, pointing at the first.
    fn once_in_file(
        &self,
        seen: &mut SeenInFile,
        row: &Row,
        candidate: Candidate,
    ) -> Result<Candidate, Vec<Rejection>> {
        let person = &candidate.person;
        let (first, field) = match (&person.cin_index, &person.phone_index) {
            (Some(cin), _) => (
                seen.cin.entry(digest_number(cin)).or_insert(row.number),
                Field::Cin,
            ),
            (None, Some(phone)) => (
                seen.phone
                    .entry((digest_number(phone), person.search_name.clone()))
                    .or_insert(row.number),
                Field::Phone,
            ),
            (None, None) => return Ok(candidate),
        };
        if *first == row.number {
            return Ok(candidate);
        }
        let column = first_filled(&self.plan.mapping, row, field);
        Err(self.with_headers(vec![Rejection {
            row: row.number,
            column: column.map(|c| c + 1),
            header: String::new(),
            value: column.and_then(|c| row.cells.get(c)).cloned().unwrap_or_default(),
            reason: "import-duplicate-in-file",
            other_row: Some(*first),
        }]))
    }

    /// Fills in the header of each rejection's column.
    fn with_headers(&self, mut rejections: Vec<Rejection>) -> Vec<Rejection> {
        for r in &mut rejections {
            if let Some(c) = r.column {
                r.header = self.plan.headers.get(c - 1).cloned().unwrap_or_default();
            }
        }
        rejections
    }
}
