//! Synthetic people and their memberships, at any scale.
//!
//! Each person lives where their branch is; sex and age follow the 2024 census of their province;
//! names are drawn in Arabic with one of their real Latin spellings; CINs carry letter prefixes of
//! the person's region; phones are Moroccan mobiles. About 0.5 % are near-duplicates of someone
//! else (another spelling, same phone, no CIN), planted for the dedupe features.
//!
//! Generation runs on a blocking thread and hands batches to the writer, so that sealing the
//! personal fields and writing the rows overlap; everything lands in the caller's transaction.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate};

use super::branches::Branch;
use super::census::{Census, band_ages, census};
use super::names::{FAMILY, FEMALE, MALE, Name};
use super::rng::{Rng, Table};
use crate::keys::MasterKey;
use crate::organizations::Organization;
use crate::people::model::{MembershipRow, PersonRow, index, seal_context};

/// Letter prefixes of CINs by region (the first letters of the issuing offices there).
fn cin_prefixes(region: &str) -> &'static [&'static str] {
    match region {
        "01" => &["K", "KA", "L", "LA", "R"],
        "02" => &["F", "FA", "FB", "S", "SH"],
        "03" => &["C", "CD", "D", "DA", "Z"],
        "04" => &["A", "AB", "AE", "G", "GA", "X"],
        "05" => &["I", "IA", "Q"],
        "06" => &["B", "BE", "BH", "BJ", "BK", "BL", "M", "T", "W"],
        "07" => &["E", "EE", "H", "HA"],
        "08" => &["P", "PA", "U", "UA"],
        "09" => &["J", "JA", "JB", "JC"],
        "10" => &["JF", "JK"],
        "11" => &["SJ", "SL"],
        _ => &["VA", "VB"],
    }
}

const EDUCATION: &[(&str, u32)] = &[
    // As a branch's list writes them (the field is free text).
    ("بدون مستوى", 8),
    ("ابتدائي", 14),
    ("إعدادي", 22),
    ("باكالوريا", 20),
    ("إجازة", 22),
    ("ماستر", 11),
    ("دكتوراه", 3),
];

const PROFESSIONS: &[(&str, u32)] = &[
    ("أستاذ", 12),
    ("موظف", 14),
    ("فلاح", 10),
    ("تاجر", 12),
    ("حرفي", 8),
    ("طالب", 12),
    ("مهندس", 4),
    ("طبيب", 2),
    ("محام", 2),
    ("مقاول", 4),
    ("عامل", 10),
    ("متقاعد", 6),
    ("ربة بيت", 4),
];

fn latin_variant(rng: &mut Rng, name: &Name) -> &'static str {
    // The usual spelling most of the time, the others now and then.
    if name.latin.len() == 1 || rng.chance(0.62) {
        name.latin[0]
    } else {
        name.latin[1 + rng.below(name.latin.len() as u64 - 1) as usize]
    }
}

fn ascii_slug(s: &str) -> String {
    mizan_text::fold(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// What the generator knows of a person beyond the sealed row (for memberships and duplicates).
#[derive(Clone)]
struct Drawn {
    row: PersonRow,
    age: i64,
    female: bool,
    branch: usize,
    given: &'static Name,
    family: &'static Name,
    phone: Option<String>,
    birth_date: NaiveDate,
}

pub struct Generator {
    rng: Rng,
    key: MasterKey,
    today: NaiveDate,
    branches: Arc<Vec<Branch>>,
    table: Table,
    census: HashMap<String, Census>,
    orgs: HashMap<String, i64>,
    cins: HashSet<String>,
    next_person: i64,
    next_membership: i64,
    /// A sample of earlier people to copy as near-duplicates.
    recent: Vec<Drawn>,
    male_weights: Vec<u32>,
    female_weights: Vec<u32>,
    family_weights: Vec<u32>,
    pub duplicates: u64,
    /// Active members per (branch index, organization id).
    active: HashMap<(usize, i64), i64>,
    /// Search keys, computed once per spelling.
    folded: HashMap<&'static str, String>,
    /// Dedupe keys by Arabic given and family name (the demo's names repeat).
    dedupe_keys: HashMap<(&'static str, &'static str), String>,
    education_weights: Vec<u32>,
    profession_weights: Vec<u32>,
}

/// One batch of rows for the writer.
pub struct Batch {
    pub people: Vec<PersonRow>,
    pub memberships: Vec<MembershipRow>,
}

impl Generator {
    pub fn new(
        rng: Rng,
        key: MasterKey,
        today: NaiveDate,
        branches: Arc<Vec<Branch>>,
        orgs: &[Organization],
    ) -> anyhow::Result<Generator> {
        // Members concentrate where people live, more than proportionally in towns.
        let table = Table::new(branches.iter().map(|b| {
            if b.abroad {
                4_000
            } else {
                let weight = (b.served.max(1_000) as f64).powf(0.9);
                (if b.rural { weight * 0.8 } else { weight }) as u64
            }
        }));
        Ok(Generator {
            rng,
            key,
            today,
            branches,
            table,
            census: census()?,
            orgs: orgs.iter().map(|o| (o.code.clone(), o.id)).collect(),
            cins: HashSet::new(),
            next_person: 1,
            next_membership: 1,
            recent: Vec::new(),
            male_weights: MALE.iter().map(|n| n.weight).collect(),
            female_weights: FEMALE.iter().map(|n| n.weight).collect(),
            family_weights: FAMILY.iter().map(|n| n.weight).collect(),
            duplicates: 0,
            active: HashMap::new(),
            folded: HashMap::new(),
            dedupe_keys: HashMap::new(),
            education_weights: EDUCATION.iter().map(|e| e.1).collect(),
            profession_weights: PROFESSIONS.iter().map(|p| p.1).collect(),
        })
    }

    /// The search keys of the names in both scripts, computed once per spelling.
    fn search_name(&mut self, parts: &[&'static str]) -> String {
        let mut out = String::with_capacity(64);
        for part in parts {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(
                self.folded
                    .entry(part)
                    .or_insert_with(|| mizan_text::name_keys(&[part])),
            );
        }
        out
    }

    /// Active members per unit (the branch and every unit above it) and organization.
    pub fn rollups(&self) -> Vec<(String, i64, i64)> {
        let mut counts: HashMap<(&str, i64), i64> = HashMap::new();
        for ((branch, org), n) in &self.active {
            for code in self.branches[*branch]
                .unit
                .path
                .split('/')
                .filter(|s| !s.is_empty())
            {
                *counts.entry((code, *org)).or_default() += n;
            }
        }
        let mut rows: Vec<(String, i64, i64)> = counts
            .into_iter()
            .map(|((code, org), n)| (code.to_owned(), org, n))
            .collect();
        rows.sort();
        rows
    }

    fn uid(&mut self) -> String {
        format!("{:016x}{:08x}", self.rng.next_u64(), self.rng.next_u64() as u32)
    }

    fn seal(&self, column: &str, uid: &str, value: &str) -> Vec<u8> {
        self.key.seal(&seal_context(column, uid), value.as_bytes())
    }

    fn draw(&mut self) -> Drawn {
        let branch = self.table.draw(&mut self.rng);
        let branches = self.branches.clone();
        let b = &branches[branch];
        let census = self
            .census
            .get(&b.province)
            .or_else(|| self.census.get("MA"))
            .cloned()
            .unwrap_or(Census {
                male_percent: 50.0,
                adult_bands: vec![1; 13],
            });
        let female = !self.rng.chance(census.male_percent / 100.0);
        let (lo, hi) = band_ages(self.rng.weighted(&census.adult_bands));
        let age = self.rng.between(lo, hi);
        let birth_date = self.today - Duration::days(age * 365 + self.rng.between(0, 364));
        let given = if female {
            &FEMALE[self.rng.weighted(&self.female_weights)]
        } else {
            &MALE[self.rng.weighted(&self.male_weights)]
        };
        let family = &FAMILY[self.rng.weighted(&self.family_weights)];
        let (given_latin, family_latin) = (
            latin_variant(&mut self.rng, given),
            latin_variant(&mut self.rng, family),
        );

        let uid = self.uid();
        let cin = if self.rng.chance(0.92) {
            let prefixes = cin_prefixes(if b.abroad { "04" } else { &b.region });
            loop {
                let cin = format!("{}{:06}", self.rng.pick(prefixes), self.rng.below(1_000_000));
                if self.cins.insert(cin.clone()) {
                    break Some(cin);
                }
            }
        } else {
            None
        };
        let phone = self.rng.chance(0.9).then(|| {
            let lead = if self.rng.chance(0.75) { 6 } else { 7 };
            format!("+212{lead}{:08}", self.rng.below(100_000_000))
        });
        let email = (age < 50 && self.rng.chance(0.35)).then(|| {
            format!(
                "{}.{}{}@example.com",
                ascii_slug(given_latin),
                ascii_slug(family_latin),
                self.rng.below(100)
            )
        });
        let education = EDUCATION[self.rng.weighted(&self.education_weights)].0;
        let profession = PROFESSIONS[self.rng.weighted(&self.profession_weights)].0;
        let id = self.next_person;
        self.next_person += 1;
        let row = PersonRow {
            id,
            search_name: self.search_name(&[given.ar, family.ar, given_latin, family_latin]),
            dedupe_key: self
                .dedupe_keys
                .entry((given.ar, family.ar))
                .or_insert_with(|| mizan_text::dedupe_key(&[given.ar, family.ar], &[]))
                .clone(),
            given_ar: Some(given.ar.to_owned()),
            family_ar: Some(family.ar.to_owned()),
            given_latin: Some(given_latin.to_owned()),
            family_latin: Some(family_latin.to_owned()),
            sex: Some(if female { "f" } else { "m" }),
            birth_year: Some(i64::from(birth_date.year())),
            birth_date_sealed: Some(self.seal("birth_date", &uid, &birth_date.to_string())),
            cin_index: cin.as_deref().map(|c| self.key.blind_index(index::CIN, c)),
            cin_shared: false,
            cin_sealed: cin.as_deref().map(|c| self.seal("cin", &uid, c)),
            phone_index: phone.as_deref().map(|p| self.key.blind_index(index::PHONE, p)),
            phone_tail_index: phone
                .as_deref()
                .map(|p| self.key.blind_index(index::PHONE_TAIL, &p[p.len() - 4..])),
            phone_sealed: phone.as_deref().map(|p| self.seal("phone", &uid, p)),
            email_sealed: email.as_deref().map(|e| self.seal("email", &uid, e)),
            address_sealed: None,
            notes: None,
            residence_code: Some(b.place.clone()),
            residence_path: Some(b.place_path.clone()),
            profession: Some(profession.to_owned()),
            education: Some(education.to_owned()),
            uid,
        };
        Drawn {
            row,
            age,
            female,
            branch,
            given,
            family,
            phone,
            birth_date,
        }
    }

    /// A near-duplicate of someone drawn earlier: the same person typed in again elsewhere.
    fn duplicate_of(&mut self, original: &Drawn) -> Drawn {
        let mut copy = original.clone();
        let uid = self.uid();
        let given_latin = latin_variant(&mut self.rng, original.given);
        let family_latin = latin_variant(&mut self.rng, original.family);
        // Arabic typed without hamza half the time (أحمد → احمد).
        let given_ar = if self.rng.chance(0.5) {
            mizan_text::fold(original.given.ar)
        } else {
            original.given.ar.to_owned()
        };
        copy.row = PersonRow {
            id: self.next_person,
            search_name: mizan_text::name_keys(&[&given_ar, original.family.ar, given_latin, family_latin]),
            dedupe_key: mizan_text::dedupe_key(&[&given_ar, original.family.ar], &[]),
            given_ar: Some(given_ar),
            given_latin: Some(given_latin.to_owned()),
            family_latin: Some(family_latin.to_owned()),
            cin_sealed: None,
            cin_index: None,
            birth_date_sealed: self
                .rng
                .chance(0.6)
                .then(|| self.seal("birth_date", &uid, &original.birth_date.to_string())),
            phone_sealed: original.phone.as_deref().map(|p| self.seal("phone", &uid, p)),
            email_sealed: None,
            uid,
            ..original.row.clone()
        };
        self.next_person += 1;
        self.duplicates += 1;
        copy
    }

    fn memberships(&mut self, p: &Drawn, out: &mut Vec<MembershipRow>) {
        if !self.rng.chance(0.88) {
            return; // a sympathizer: known to the party, not a member
        }
        let branches = self.branches.clone();
        let b = &branches[p.branch];
        let adult_days = (p.age - 18).max(0) * 365;
        let span = adult_days.clamp(30, 20 * 365) as f64;
        // Skewed towards recent years: the party has grown.
        let u = self.rng.below(10_000) as f64 / 10_000.0;
        let joined_on = self.today - Duration::days((span * u.powf(1.6)) as i64);
        let join = |this: &mut Self, org: &str, out: &mut Vec<MembershipRow>| {
            let Some(&organization_id) = this.orgs.get(org) else {
                return;
            };
            let status = if this.rng.chance(0.86) { "active" } else { "lapsed" };
            if status == "active" {
                *this.active.entry((p.branch, organization_id)).or_default() += 1;
            }
            out.push(MembershipRow {
                id: this.next_membership,
                person_id: p.row.id,
                organization_id,
                branch_code: b.unit.code.clone(),
                branch_path: b.unit.path.clone(),
                status,
                role: "member",
                joined_on,
            });
            this.next_membership += 1;
        };
        join(self, "party", out);
        if p.female && self.rng.chance(0.22) {
            join(self, "women", out);
        }
        if p.age <= 34 && self.rng.chance(0.35) {
            join(self, "youth", out);
        }
        if (24..=65).contains(&p.age) && self.rng.chance(0.03) {
            join(self, "engineers", out);
        }
        if (30..=70).contains(&p.age) && self.rng.chance(0.005) {
            join(self, "professors", out);
        }
        if (20..=62).contains(&p.age) && self.rng.chance(0.06) {
            join(self, "union", out);
        }
    }

    /// The next `size` people (a few of them near-duplicates) and their memberships.
    pub fn batch(&mut self, size: usize) -> Batch {
        let mut people = Vec::with_capacity(size);
        let mut memberships = Vec::with_capacity(size * 13 / 10);
        for _ in 0..size {
            let drawn = if !self.recent.is_empty() && self.rng.chance(0.005) {
                let original = self.recent[self.rng.below(self.recent.len() as u64) as usize].clone();
                self.duplicate_of(&original)
            } else {
                self.draw()
            };
            self.memberships(&drawn, &mut memberships);
            if self.recent.len() < 2_000 {
                self.recent.push(drawn.clone());
            } else if self.rng.chance(0.01) {
                let slot = self.rng.below(2_000) as usize;
                self.recent[slot] = drawn.clone();
            }
            people.push(drawn.row);
        }
        Batch { people, memberships }
    }
}
