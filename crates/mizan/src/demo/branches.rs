//! About 1,600 local branches spread like a real party's, and a few sections abroad.
//!
//! Every urban commune has at least one branch (bigger towns more, one per ~32,000 inhabitants);
//! the big cities are organized by arrondissement instead; rural communes have one with a chance
//! that is high in the north and centre and lower in the south and east, the way parties' rural
//! presence really thins out.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::rng::Rng;
use crate::store::{Db, Tx};
use crate::territory::model::ABROAD;
use crate::territory::{Level, Unit, store as territory};

/// Chance that a rural commune of a region has a branch.
fn rural_presence(region: &str) -> f64 {
    match region {
        "01" | "03" | "04" | "05" | "06" | "07" => 0.86,
        "09" => 0.62,
        "02" | "08" => 0.52,
        _ => 0.45,
    }
}

/// Sections abroad: (ISO code, Arabic, French, cities as (Arabic, French)).
/// A city abroad: (Arabic, French).
type City = (&'static str, &'static str);

const ABROAD_COUNTRIES: &[(&str, &str, &str, &[City])] = &[
    (
        "FR",
        "فرنسا",
        "France",
        &[
            ("باريس", "Paris"),
            ("ليون", "Lyon"),
            ("مرسيليا", "Marseille"),
            ("مونبلييه", "Montpellier"),
        ],
    ),
    (
        "ES",
        "إسبانيا",
        "Espagne",
        &[("مدريد", "Madrid"), ("برشلونة", "Barcelone")],
    ),
    (
        "BE",
        "بلجيكا",
        "Belgique",
        &[("بروكسيل", "Bruxelles"), ("أنتويرب", "Anvers")],
    ),
    (
        "IT",
        "إيطاليا",
        "Italie",
        &[("ميلانو", "Milan"), ("تورينو", "Turin")],
    ),
    ("CA", "كندا", "Canada", &[("مونتريال", "Montréal")]),
];

/// A branch with the population it serves (for spreading members).
#[derive(Debug)]
pub struct Branch {
    pub unit: Unit,
    /// The commune, arrondissement or city abroad it sits in.
    pub place: String,
    pub place_path: String,
    pub served: i64,
    pub rural: bool,
    pub abroad: bool,
    pub region: String,
    pub province: String,
}

fn numbered(base: &Unit, n: usize, of: usize) -> (String, String) {
    if of == 1 {
        (
            format!("فرع {}", base.name_ar),
            format!("Section {}", base.name_fr),
        )
    } else {
        (
            format!("فرع {} {n}", base.name_ar),
            format!("Section {} {n}", base.name_fr),
        )
    }
}

/// Places the branches and sections; returns them in a stable order.
pub async fn create(db: &Db, tx: &mut Tx, rng: &mut Rng, now: DateTime<Utc>) -> anyhow::Result<Vec<Branch>> {
    let communes = territory::map_at(db, "/MA/", Level::Commune).await?;
    let arrondissements = territory::map_at(db, "/MA/", Level::Arrondissement).await?;
    let split: HashSet<String> = crate::territory::load::communes_with_arrondissements()?;

    let mut branches = Vec::new();
    let mut units = Vec::new();
    let add = |place: &Unit, count: usize, rural: bool, units: &mut Vec<Unit>, branches: &mut Vec<Branch>| {
        let segments: Vec<&str> = place.path.split('/').filter(|s| !s.is_empty()).collect();
        for n in 1..=count {
            let (ar, fr) = numbered(place, n, count);
            let unit = Unit::party(
                place,
                format!("{}-{n}", place.code),
                Level::Branch,
                Some("branch"),
                ar,
                fr,
            );
            branches.push(Branch {
                place: place.code.clone(),
                place_path: place.path.clone(),
                served: place.population_2024.unwrap_or(0) / count as i64,
                rural,
                abroad: false,
                region: segments.get(1).map(|s| (*s).to_owned()).unwrap_or_default(),
                province: segments.get(2).map(|s| (*s).to_owned()).unwrap_or_default(),
                unit: unit.clone(),
            });
            units.push(unit);
        }
    };
    for commune in &communes {
        let population = commune.population_2024.unwrap_or(0);
        let region = commune.path.split('/').nth(2).unwrap_or_default().to_owned();
        match commune.kind.as_deref() {
            Some("urban") if split.contains(&commune.code) => {}
            Some("urban") => {
                let count = (population / 32_000).clamp(1, 16) as usize;
                add(commune, count, false, &mut units, &mut branches);
            }
            _ => {
                if rng.chance(rural_presence(&region)) {
                    let count = if population > 40_000 { 2 } else { 1 };
                    add(commune, count, true, &mut units, &mut branches);
                }
            }
        }
    }
    for arrondissement in &arrondissements {
        let count = (arrondissement.population_2024.unwrap_or(0) / 32_000).clamp(1, 10) as usize;
        add(arrondissement, count, false, &mut units, &mut branches);
    }

    let abroad = territory::units_by_code(db, &[ABROAD]).await?;
    let abroad = abroad
        .first()
        .ok_or_else(|| anyhow::anyhow!("the ABROAD root is missing"))?;
    for (iso, ar, fr, cities) in ABROAD_COUNTRIES {
        let country = Unit::party(
            abroad,
            (*iso).to_owned(),
            Level::AbroadCountry,
            None,
            (*ar).to_owned(),
            (*fr).to_owned(),
        );
        units.push(country.clone());
        for (i, (city_ar, city_fr)) in cities.iter().enumerate() {
            let city = Unit::party(
                &country,
                format!("{iso}.{}", i + 1),
                Level::AbroadCity,
                None,
                (*city_ar).to_owned(),
                (*city_fr).to_owned(),
            );
            let section = Unit::party(
                &city,
                format!("{}-1", city.code),
                Level::Branch,
                Some("section"),
                format!("فرع {city_ar}"),
                format!("Section de {city_fr}"),
            );
            branches.push(Branch {
                place: city.code.clone(),
                place_path: city.path.clone(),
                served: 0,
                rural: false,
                abroad: true,
                region: String::new(),
                province: String::new(),
                unit: section.clone(),
            });
            units.push(city);
            units.push(section);
        }
    }
    territory::insert_units(tx, &units, now).await?;
    territory::recount_branches(tx).await?;
    Ok(branches)
}
